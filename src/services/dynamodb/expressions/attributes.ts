// ExpressionAttributeNames / ExpressionAttributeValues: validation, substitution and usage tracking across all the
// expressions of one request, so unused or undefined placeholders fail with DynamoDB's messages.
import { validationException, type AwsError } from '../../../core/aws-error.js';
import { validateValue, type AttributeValue } from '../attribute-value.js';
import { isValueError, requestValidation, valueMessage, type ValueLayer } from '../value-errors.js';

export type ExpressionKind =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'ProjectionExpression'
  | 'UpdateExpression';

const NAME_KEY = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY = /^:[A-Za-z0-9_]+$/;

export function expressionError(kind: ExpressionKind, message: string): AwsError {
  return requestValidation(`Invalid ${kind}: ${message}`);
}

export class ExpressionAttributes {
  private readonly names: Map<string, string>;
  private readonly values: Map<string, AttributeValue>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  /** `layer`: 'older' operations wrap a value error as "ExpressionAttributeValues contains invalid value" (value-errors.ts). */
  constructor(names: Record<string, string> | undefined, values: Record<string, unknown> | undefined, layer: ValueLayer = 'current') {
    this.names = new Map();
    this.values = new Map();
    if (names !== undefined) {
      const entries = Object.entries(names);
      if (entries.length === 0) throw requestValidation('ExpressionAttributeNames must not be empty');
      for (const [k, v] of entries) {
        if (!NAME_KEY.test(k)) throw requestValidation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${k}"`);
        this.names.set(k, v);
      }
    }
    if (values !== undefined) {
      const entries = Object.entries(values);
      if (entries.length === 0) throw requestValidation('ExpressionAttributeValues must not be empty');
      for (const [k, v] of entries) {
        if (!VALUE_KEY.test(k)) throw requestValidation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${k}"`);
        try {
          this.values.set(k, validateValue(v));
        } catch (e) {
          if (isValueError(e) && layer !== 'older') throw e;
          const message = isValueError(e) ? valueMessage(e.problem, layer) : e instanceof Error ? e.message : String(e);
          throw validationException(`ExpressionAttributeValues contains invalid value: ${message} for key ${k}`);
        }
      }
    }
  }

  get hasNames(): boolean {
    return this.names.size > 0;
  }

  get hasValues(): boolean {
    return this.values.size > 0;
  }

  name(kind: ExpressionKind, placeholder: string): string {
    const n = this.names.get(placeholder);
    if (n === undefined) {
      throw expressionError(kind, `An expression attribute name used in the document path is not defined; attribute name: ${placeholder}`);
    }
    this.usedNames.add(placeholder);
    return n;
  }

  value(kind: ExpressionKind, placeholder: string): AttributeValue {
    const v = this.values.get(placeholder);
    if (v === undefined) {
      throw expressionError(kind, `An expression attribute value used in expression is not defined; attribute value: ${placeholder}`);
    }
    this.usedValues.add(placeholder);
    return v;
  }

  /** Called once after every expression of the request is parsed. */
  checkAllUsed(): void {
    const unusedNames = [...this.names.keys()].filter((k) => !this.usedNames.has(k));
    if (unusedNames.length > 0) {
      throw requestValidation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    }
    const unusedValues = [...this.values.keys()].filter((k) => !this.usedValues.has(k));
    if (unusedValues.length > 0) {
      throw requestValidation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
    }
  }
}

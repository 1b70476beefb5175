// KeyConditionExpression planning: checks the parsed condition is `pk = :v [AND <sort-key condition>]` over the
// table's or index's key schema (DynamoDB's messages) and turns it into a partition key plus an encoded key range.
import { validationException } from '../../../core/aws-error.js';
import { typeOf, type AttributeValue } from '../attribute-value.js';
import { beginsWithRange, encodeKeyValue, type KeyRange } from '../key-encoding.js';
import type { KeySchema } from '../keys.js';
import type { Comparator, Condition, Operand } from './ast.js';
import { expressionError } from './attributes.js';

export interface KeyConditionPlan {
  readonly partition: AttributeValue;
  readonly range: KeyRange;
}

interface KeyTerm {
  name: string;
  op: Comparator | 'between' | 'begins_with';
  values: AttributeValue[];
  /** The operator as written, for messages (`:v >= sk` names ">="). */
  written: string;
}

const FLIP: Record<string, Comparator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

function invalidOperator(op: string): Error {
  return expressionError('KeyConditionExpression', `Invalid operator used in KeyConditionExpression: ${op}`);
}

function conjuncts(c: Condition, out: Condition[]): Condition[] {
  if (c.kind === 'and') {
    conjuncts(c.left, out);
    conjuncts(c.right, out);
  } else out.push(c);
  return out;
}

function keyName(o: Operand): string | undefined {
  return o.kind === 'path' && o.path.length === 1 ? (o.path[0] as string) : undefined;
}

function valueOf(o: Operand): AttributeValue {
  if (o.kind !== 'value') throw validationException('Query key condition not supported');
  return o.value;
}

function toTerm(c: Condition): KeyTerm {
  switch (c.kind) {
    case 'or':
      throw invalidOperator('OR');
    case 'not':
      throw invalidOperator('NOT');
    case 'in':
      throw invalidOperator('IN');
    case 'compare': {
      if (c.op === '<>') throw invalidOperator('<>');
      const left = keyName(c.left);
      if (left !== undefined) return { name: left, op: c.op, values: [valueOf(c.right)], written: c.op };
      const right = keyName(c.right);
      if (right !== undefined) return { name: right, op: FLIP[c.op]!, values: [valueOf(c.left)], written: c.op };
      throw validationException('Query key condition not supported');
    }
    case 'between': {
      const name = keyName(c.operand);
      if (name === undefined) throw validationException('Query key condition not supported');
      return { name, op: 'between', values: [valueOf(c.low), valueOf(c.high)], written: 'BETWEEN' };
    }
    case 'function': {
      if (c.name !== 'begins_with') throw invalidOperator(c.name);
      const name = c.args[0] ? keyName(c.args[0]) : undefined;
      if (name === undefined || !c.args[1]) throw validationException('Query key condition not supported');
      return { name, op: 'begins_with', values: [valueOf(c.args[1])], written: 'begins_with' };
    }
    case 'and':
      throw new Error('unreachable');
  }
}

const KEY_TYPES = new Set(['S', 'N', 'B']);

/**
 * Operand types no key could match fail as expression errors naming the operator; key types that merely differ
 * from the attribute's fail the schema check (paritysuite/dynamodb-conformance
 * tests/tier3/error-messages/queryKeyConditionOperands.test.ts, captured from AWS).
 */
function checkOperandTypes(t: KeyTerm): void {
  for (const v of t.values) {
    const type = typeOf(v);
    const ok = t.op === 'begins_with' ? type === 'S' || type === 'B' : t.op === '=' || KEY_TYPES.has(type);
    if (!ok) {
      throw expressionError('KeyConditionExpression', `Incorrect operand type for operator or function; operator or function: ${t.written}, operand type: ${type}`);
    }
  }
}

export function planKeyCondition(condition: Condition, schema: KeySchema): KeyConditionPlan {
  const terms = conjuncts(condition, []).map(toTerm);
  terms.forEach(checkOperandTypes);
  const names = new Set(terms.map((t) => t.name));
  if (names.size !== terms.length) {
    throw expressionError('KeyConditionExpression', 'KeyConditionExpressions must only contain one condition per key');
  }
  const keyCount = schema.range ? 2 : 1;
  if (terms.length > keyCount) {
    throw validationException(`The number of query conditions (${terms.length}) exceeds the number of key attributes defined in the schema (${keyCount})`);
  }
  const hash = terms.find((t) => t.name === schema.hash.name);
  if (!hash) throw validationException(`Query condition missed key schema element: ${schema.hash.name}`);
  if (hash.op !== '=') throw validationException('Query key condition not supported');
  const other = terms.find((t) => t !== hash);
  if (other && (!schema.range || other.name !== schema.range.name)) {
    throw validationException(`Query condition missed key schema element: ${schema.range?.name ?? schema.hash.name}`);
  }
  const schemaMismatch = (): Error =>
    validationException('One or more parameter values were invalid: Condition parameter type does not match schema type');
  if (typeOf(hash.values[0]!) !== schema.hash.type) throw schemaMismatch();
  const range: KeyRange = {};
  if (other && schema.range) {
    const rangeType = schema.range.type;
    if (other.values.some((v) => typeOf(v) !== rangeType)) throw schemaMismatch();
    if (other.op === 'begins_with' && rangeType === 'N') {
      throw expressionError('KeyConditionExpression', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
    }
    Object.assign(range, termRange(other));
  }
  return { partition: hash.values[0]!, range };
}

function termRange(t: KeyTerm): KeyRange {
  const [a, b] = t.values as [AttributeValue, AttributeValue | undefined];
  const bytes = encodeKeyValue(a);
  switch (t.op) {
    case '=':
      return { lower: { bytes, inclusive: true }, upper: { bytes, inclusive: true } };
    case '<':
      return { upper: { bytes, inclusive: false } };
    case '<=':
      return { upper: { bytes, inclusive: true } };
    case '>':
      return { lower: { bytes, inclusive: false } };
    case '>=':
      return { lower: { bytes, inclusive: true } };
    case 'between': {
      const hi = encodeKeyValue(b!);
      if (Buffer.compare(bytes, hi) > 0) {
        throw expressionError('KeyConditionExpression', 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound');
      }
      return { lower: { bytes, inclusive: true }, upper: { bytes: hi, inclusive: true } };
    }
    case 'begins_with':
      return beginsWithRange(a);
    default:
      throw validationException('Query key condition not supported');
  }
}

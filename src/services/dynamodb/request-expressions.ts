// Compiles the expression parameters of one request (Condition/Filter/KeyCondition/Projection/Update expressions
// plus ExpressionAttributeNames/Values) into ASTs, enforcing DynamoDB's cross-parameter rules.
import type { Condition, Path, UpdateAction } from './expressions/ast.js';
import { ExpressionAttributes } from './expressions/attributes.js';
import { parseCondition } from './expressions/condition-parser.js';
import { parseProjection } from './expressions/projection.js';
import { parseUpdate } from './expressions/update-parser.js';
import { requestValidation, type ValueLayer } from './value-errors.js';

export interface ExpressionParams {
  ConditionExpression?: string | undefined;
  FilterExpression?: string | undefined;
  KeyConditionExpression?: string | undefined;
  ProjectionExpression?: string | undefined;
  UpdateExpression?: string | undefined;
  ExpressionAttributeNames?: Record<string, string> | undefined;
  ExpressionAttributeValues?: Record<string, unknown> | undefined;
}

export interface CompiledExpressions {
  condition?: Condition;
  filter?: Condition;
  keyCondition?: Condition;
  projection?: Path[];
  update?: UpdateAction[];
}

const EXPRESSION_PARAMS = ['ConditionExpression', 'FilterExpression', 'KeyConditionExpression', 'ProjectionExpression', 'UpdateExpression'];
const LEGACY_PARAMS = ['Expected', 'QueryFilter', 'ScanFilter', 'KeyConditions', 'AttributesToGet', 'AttributeUpdates', 'ConditionalOperator'];

/** DynamoDB refuses a request that mixes expression and legacy (non-expression) parameters. */
export function checkNoMixing(input: object): void {
  const record = input as Record<string, unknown>;
  let legacy: string[] | undefined;
  for (const k of LEGACY_PARAMS) if (record[k] !== undefined) (legacy ??= []).push(k);
  if (!legacy) return;
  const expr = EXPRESSION_PARAMS.filter((k) => record[k] !== undefined);
  if (expr.length > 0) {
    throw requestValidation(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expr.join(', ')}}`,
    );
  }
}

/**
 * Empty ExpressionAttributeNames/Values maps are refused before the key is checked against the schema (issue 26's
 * AWS-verified corpus: the emptiness error wins over a key that does not match); compileExpressions says so again.
 */
export function refuseEmptyExpressionMaps(p: ExpressionParams): void {
  if (p.ExpressionAttributeNames !== undefined && Object.keys(p.ExpressionAttributeNames).length === 0) {
    throw requestValidation('ExpressionAttributeNames must not be empty');
  }
  if (p.ExpressionAttributeValues !== undefined && Object.keys(p.ExpressionAttributeValues).length === 0) {
    throw requestValidation('ExpressionAttributeValues must not be empty');
  }
}

export function compileExpressions(p: ExpressionParams, layer: ValueLayer = 'current'): CompiledExpressions {
  checkNoMixing(p);
  const any =
    p.ConditionExpression !== undefined ||
    p.FilterExpression !== undefined ||
    p.KeyConditionExpression !== undefined ||
    p.ProjectionExpression !== undefined ||
    p.UpdateExpression !== undefined;
  if (!any) {
    if (p.ExpressionAttributeNames !== undefined) throw requestValidation('ExpressionAttributeNames can only be specified when using expressions');
    if (p.ExpressionAttributeValues !== undefined) throw requestValidation('ExpressionAttributeValues can only be specified when using expressions');
    return {};
  }
  const attrs = new ExpressionAttributes(p.ExpressionAttributeNames, p.ExpressionAttributeValues, layer);
  const out: CompiledExpressions = {};
  if (p.KeyConditionExpression !== undefined) out.keyCondition = parseCondition('KeyConditionExpression', p.KeyConditionExpression, attrs);
  if (p.UpdateExpression !== undefined) out.update = parseUpdate(p.UpdateExpression, attrs);
  if (p.ConditionExpression !== undefined) out.condition = parseCondition('ConditionExpression', p.ConditionExpression, attrs);
  if (p.FilterExpression !== undefined) out.filter = parseCondition('FilterExpression', p.FilterExpression, attrs);
  if (p.ProjectionExpression !== undefined) out.projection = parseProjection(p.ProjectionExpression, attrs);
  attrs.checkAllUsed();
  return out;
}

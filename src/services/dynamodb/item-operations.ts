// PutItem, GetItem, UpdateItem and DeleteItem: input validation into write plans, one transaction per write, and
// the ReturnValues / ReturnConsumedCapacity / ReturnItemCollectionMetrics answers DynamoDB gives.
import { validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  DeleteItemInput,
  DeleteItemOutput,
  GetItemInput,
  GetItemOutput,
  ItemCollectionMetrics,
  PutItemInput,
  PutItemOutput,
  UpdateItemInput,
  UpdateItemOutput,
} from '../../generated/dynamodb/api.js';
import { validateItem, validateMap, type AttributeMap } from './attribute-value.js';
import { consumed, indexWriteUnits, readUnits, writeUnits } from './capacity.js';
import { requireTable, type DynamoDeps, type ResolvedTable } from './context.js';
import type { Path } from './expressions/ast.js';
import { projectItem } from './expressions/projection.js';
import { checkIndexKeys } from './item-store.js';
import { keyAttributes, keyOfItem, keyOfKeyParam } from './keys.js';
import { laggedItem } from './eventual-lag.js';
import { requestValidation } from './value-errors.js';
import { legacyCondition, legacyProjection, legacyUpdate } from './legacy.js';
import { compileExpressions, refuseEmptyExpressionMaps } from './request-expressions.js';
import { applyWrite, type WritePlan } from './write-plan.js';

type ReturnValue = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

/** PutItem and DeleteItem take NONE or ALL_OLD (the model's enum, checked by the gateway, allows all five). */
function checkReturnValues(rv: string | undefined, allowed: readonly ReturnValue[]): ReturnValue {
  const v = (rv ?? 'NONE') as ReturnValue;
  if (!allowed.includes(v)) throw requestValidation('ReturnValues can only be ALL_OLD or NONE');
  return v;
}

function itemCollectionMetrics(table: ResolvedTable, mode: string | undefined, item: AttributeMap | undefined): ItemCollectionMetrics | undefined {
  if (mode !== 'SIZE' || !item || !table.runtime.indexes.some((i) => i.schema.kind === 'LSI')) return undefined;
  const hash = table.runtime.schema.key.hash.name;
  const v = item[hash];
  return v ? { ItemCollectionKey: { [hash]: v }, SizeEstimateRangeGB: [0, 1] } : undefined;
}

export function putItem(deps: DynamoDeps, scope: Scope, input: PutItemInput): PutItemOutput {
  const table = requireTable(deps, scope, input.TableName);
  const returnValues = checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD']);
  const item = validateItem(input.Item);
  refuseEmptyExpressionMaps(input);
  const key = keyOfItem(table.runtime.schema.key, item);
  checkIndexKeys(table.runtime, item);
  const compiled = compileExpressions(input);
  const condition = compiled.condition ?? legacyCondition(input.Expected, input.ConditionalOperator);
  const plan: WritePlan = {
    kind: 'put', table, key, keyAttributes: keyAttributes(table.runtime.schema.key, item), item, condition,
    returnOldOnFailure: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
  const result = deps.store.transaction(() => applyWrite(deps, scope, plan));
  const out: PutItemOutput = {};
  if (returnValues === 'ALL_OLD' && result.old) out.Attributes = result.old.item;
  const cc = consumed(input.ReturnConsumedCapacity, table.record.name, writeUnits(Math.max(result.size, result.old?.size ?? 0)), 'write',
    indexWriteUnits(table.runtime, result.old?.item, result.item));
  if (cc) out.ConsumedCapacity = cc;
  const icm = itemCollectionMetrics(table, input.ReturnItemCollectionMetrics, item);
  if (icm) out.ItemCollectionMetrics = icm;
  return out;
}

export function getItem(deps: DynamoDeps, scope: Scope, input: GetItemInput): GetItemOutput {
  const table = requireTable(deps, scope, input.TableName);
  refuseEmptyExpressionMaps(input);
  const key = keyOfKeyParam(table.runtime.schema.key, validateMap(input.Key));
  const compiled = compileExpressions(input);
  const projection: Path[] | undefined = compiled.projection ?? legacyProjection(input.AttributesToGet);
  const stored = deps.items.get(scope, table.runtime, key);
  const found = input.ConsistentRead === true ? stored : laggedItem(deps.lag, table.runtime.id, key, stored);
  const out: GetItemOutput = {};
  if (found) out.Item = projection ? projectItem(found.item, projection) : found.item;
  const cc = consumed(input.ReturnConsumedCapacity, table.record.name, readUnits(found?.size ?? 0, input.ConsistentRead === true), 'read');
  if (cc) out.ConsumedCapacity = cc;
  return out;
}

export function updateItem(deps: DynamoDeps, scope: Scope, input: UpdateItemInput): UpdateItemOutput {
  const table = requireTable(deps, scope, input.TableName);
  const returnValues = (input.ReturnValues ?? 'NONE');
  const schema = table.runtime.schema.key;
  const keyMap = validateMap(input.Key);
  refuseEmptyExpressionMaps(input);
  const key = keyOfKeyParam(schema, keyMap);
  const compiled = compileExpressions(input);
  const actions = compiled.update ?? legacyUpdate(input.AttributeUpdates) ?? [];
  for (const a of actions) {
    const top = a.path[0] as string;
    if (top === schema.hash.name || top === schema.range?.name) {
      throw validationException(`One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`);
    }
  }
  const condition = compiled.condition ?? legacyCondition(input.Expected, input.ConditionalOperator);
  const plan: WritePlan = {
    kind: 'update', table, key, keyAttributes: keyMap, update: actions, condition,
    returnOldOnFailure: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
  const result = deps.store.transaction(() => applyWrite(deps, scope, plan));
  const out: UpdateItemOutput = {};
  const paths = actions.map((a) => a.path);
  let attributes: AttributeMap | undefined;
  if (returnValues === 'ALL_OLD') attributes = result.old?.item;
  else if (returnValues === 'ALL_NEW') attributes = result.item;
  else if (returnValues === 'UPDATED_OLD' && result.old) attributes = projectItem(result.old.item, paths);
  else if (returnValues === 'UPDATED_NEW' && result.item) attributes = projectItem(result.item, paths);
  if (attributes && Object.keys(attributes).length > 0) out.Attributes = attributes;
  const cc = consumed(input.ReturnConsumedCapacity, table.record.name, writeUnits(Math.max(result.size, result.old?.size ?? 0)), 'write',
    indexWriteUnits(table.runtime, result.old?.item, result.item));
  if (cc) out.ConsumedCapacity = cc;
  const icm = itemCollectionMetrics(table, input.ReturnItemCollectionMetrics, result.item);
  if (icm) out.ItemCollectionMetrics = icm;
  return out;
}

export function deleteItem(deps: DynamoDeps, scope: Scope, input: DeleteItemInput): DeleteItemOutput {
  const table = requireTable(deps, scope, input.TableName);
  const returnValues = checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD']);
  const keyMap = validateMap(input.Key);
  refuseEmptyExpressionMaps(input);
  const key = keyOfKeyParam(table.runtime.schema.key, keyMap);
  const compiled = compileExpressions(input);
  const condition = compiled.condition ?? legacyCondition(input.Expected, input.ConditionalOperator);
  const plan: WritePlan = {
    kind: 'delete', table, key, keyAttributes: keyMap, condition,
    returnOldOnFailure: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
  const result = deps.store.transaction(() => applyWrite(deps, scope, plan));
  const out: DeleteItemOutput = {};
  if (returnValues === 'ALL_OLD' && result.old) out.Attributes = result.old.item;
  const cc = consumed(input.ReturnConsumedCapacity, table.record.name, writeUnits(result.old?.size ?? 0), 'write',
    indexWriteUnits(table.runtime, result.old?.item, undefined));
  if (cc) out.ConsumedCapacity = cc;
  const icm = itemCollectionMetrics(table, input.ReturnItemCollectionMetrics, result.old?.item);
  if (icm) out.ItemCollectionMetrics = icm;
  return out;
}

// BatchGetItem (100 keys, 16 MB per answer with the rest in UnprocessedKeys) and BatchWriteItem (25 puts/deletes, no
// duplicate keys): everything is validated before anything is read or written.
import { validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  BatchGetItemInput,
  BatchGetItemOutput,
  BatchWriteItemInput,
  BatchWriteItemOutput,
  ConsumedCapacity,
  KeysAndAttributes,
} from '../../generated/dynamodb/api.js';
import { typeOf, validateItem, validateMap, type AttributeMap } from './attribute-value.js';
import { consumed, consumedPerTable, indexWriteUnits, readUnits, writeUnits } from './capacity.js';
import { requireTable, type DynamoDeps, type ResolvedTable } from './context.js';
import type { Path } from './expressions/ast.js';
import { projectItem } from './expressions/projection.js';
import { laggedItem } from './eventual-lag.js';
import { checkIndexKeys } from './item-store.js';
import { keyAttributes, keyOfItem, keyOfKeyParam, type EncodedKey, type KeySchema } from './keys.js';
import { legacyProjection } from './legacy.js';
import { compileExpressions } from './request-expressions.js';
import { applyWrite, type WritePlan } from './write-plan.js';

const MAX_GET_KEYS = 100;
const MAX_WRITES = 25;
const MAX_GET_BYTES = 16 * 1024 * 1024;

function keyId(k: EncodedKey): string {
  return `${k.pk.toString('base64')}/${k.sk.toString('base64')}`;
}

function duplicates(): Error {
  return validationException('Provided list of item keys contains duplicates');
}

export function batchGetItem(deps: DynamoDeps, scope: Scope, input: BatchGetItemInput): BatchGetItemOutput {
  const entries = Object.entries(input.RequestItems);
  const total = entries.reduce((n, [, r]) => n + (r.Keys?.length ?? 0), 0);
  if (total > MAX_GET_KEYS) {
    throw validationException(`Too many items requested for the BatchGetItem call`);
  }
  // Expression mistakes (an unused or empty ExpressionAttributeNames) are refused before any table is looked up:
  // DynamoDB answers them even when the table is missing (issue 26's AWS-verified corpus).
  const compiledAll = entries.map(([, request]) => compileExpressions(request, 'older'));
  const plans = entries.map(([name, request], i) => {
    const table = requireTable(deps, scope, name);
    const compiled = compiledAll[i]!;
    const projection: Path[] | undefined = compiled.projection ?? legacyProjection(request.AttributesToGet);
    const seen = new Set<string>();
    const keys = request.Keys.map((raw) => {
      const map = validateMap(raw);
      const key = keyOfKeyParam(table.runtime.schema.key, map);
      if (seen.has(keyId(key))) throw duplicates();
      seen.add(keyId(key));
      return { key, map };
    });
    return { name, table, request, projection, keys };
  });
  const responses: Record<string, AttributeMap[]> = {};
  const unprocessed: Record<string, KeysAndAttributes> = {};
  const capacity: ConsumedCapacity[] = [];
  let bytes = 0;
  for (const p of plans) {
    const items: AttributeMap[] = [];
    let tableBytes = 0;
    const rest: AttributeMap[] = [];
    for (const { key, map } of p.keys) {
      if (bytes >= MAX_GET_BYTES) {
        rest.push(map);
        continue;
      }
      const stored = deps.items.get(scope, p.table.runtime, key);
      const found = p.request.ConsistentRead === true ? stored : laggedItem(deps.lag, p.table.runtime.id, key, stored);
      if (!found) continue;
      bytes += found.size;
      tableBytes += found.size;
      items.push(p.projection ? projectItem(found.item, p.projection) : found.item);
    }
    responses[p.name] = items;
    if (rest.length > 0) unprocessed[p.name] = { ...p.request, Keys: rest };
    const cc = consumed(input.ReturnConsumedCapacity, p.table.record.name, readUnits(tableBytes, p.request.ConsistentRead === true), 'read');
    if (cc) capacity.push(cc);
  }
  const out: BatchGetItemOutput = { Responses: responses, UnprocessedKeys: unprocessed };
  if (capacity.length > 0) out.ConsumedCapacity = capacity;
  return out;
}

/** BatchWriteItem reports a put whose item lacks or mistypes a key attribute as a schema mismatch. */
function batchPutKey(schema: KeySchema, item: AttributeMap): EncodedKey {
  for (const attr of schema.range ? [schema.hash, schema.range] : [schema.hash]) {
    const v = item[attr.name];
    // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_batch_write_not_matching_schema
    if (!v || typeOf(v) !== attr.type) throw validationException('The provided key element does not match the schema');
  }
  return keyOfItem(schema, item);
}

export function batchWriteItem(deps: DynamoDeps, scope: Scope, input: BatchWriteItemInput): BatchWriteItemOutput {
  const entries = Object.entries(input.RequestItems);
  const total = entries.reduce((n, [, r]) => n + r.length, 0);
  if (total > MAX_WRITES) {
    throw validationException(`Too many items requested for the BatchWriteItem call`);
  }
  const plans: WritePlan[] = [];
  const tables = new Map<string, ResolvedTable>();
  for (const [name, requests] of entries) {
    const table = requireTable(deps, scope, name);
    tables.set(name, table);
    const seen = new Set<string>();
    for (const r of requests) {
      const put = r.PutRequest;
      const del = r.DeleteRequest;
      if ((put === undefined) === (del === undefined)) {
        throw validationException('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      let plan: WritePlan;
      if (put) {
        const item = validateItem(put.Item);
        const key = batchPutKey(table.runtime.schema.key, item);
        checkIndexKeys(table.runtime, item);
        plan = { kind: 'put', table, key, keyAttributes: keyAttributes(table.runtime.schema.key, item), item, returnOldOnFailure: false };
      } else {
        const map = validateMap(del!.Key);
        plan = { kind: 'delete', table, key: keyOfKeyParam(table.runtime.schema.key, map), keyAttributes: map, returnOldOnFailure: false };
      }
      if (seen.has(keyId(plan.key))) throw duplicates();
      seen.add(keyId(plan.key));
      plans.push(plan);
    }
  }
  const units = new Map<string, number>();
  deps.store.transaction(() => {
    for (const plan of plans) {
      const r = applyWrite(deps, scope, plan);
      const name = plan.table.record.name;
      const ix = indexWriteUnits(plan.table.runtime, r.old?.item, r.item).reduce((n, i) => n + i.units, 0);
      units.set(name, (units.get(name) ?? 0) + writeUnits(Math.max(r.size, r.old?.size ?? 0)) + ix);
    }
  });
  const out: BatchWriteItemOutput = { UnprocessedItems: {} };
  const capacity = consumedPerTable(input.ReturnConsumedCapacity, units, 'write');
  if (capacity) out.ConsumedCapacity = capacity;
  return out;
}

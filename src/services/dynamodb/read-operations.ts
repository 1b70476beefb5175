// Query and Scan: key-condition planning into a range scan (or a hash-range segment for Scan), Limit and the 1 MB
// page cap counted before filtering, ExclusiveStartKey/LastEvaluatedKey, Select (incl. COUNT) and projections.
import { validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type { QueryInput, QueryOutput, ScanInput, ScanOutput } from '../../generated/dynamodb/api.js';
import { typeOf, validateMap, type AttributeMap } from './attribute-value.js';
import { consumed, readUnits } from './capacity.js';
import { requireTable, type DynamoDeps, type ResolvedTable } from './context.js';
import type { Condition, Operand, Path } from './expressions/ast.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { planKeyCondition } from './expressions/key-condition.js';
import { projectItem } from './expressions/projection.js';
import type { KeyRange } from './key-encoding.js';
import { partitionHash, segmentRange, type Position, type StoredItem } from './item-store.js';
import { laggedRows, type RowSpace } from './lagged-page.js';
import { encodeItemKey, hashAttributes, keyAttributes, rangeAttributes, type KeySchema } from './keys.js';
import { legacyFilter, legacyProjection } from './legacy.js';
import { compileExpressions } from './request-expressions.js';
import { findIndex, type IndexSchema } from './table-schema.js';

const PAGE_BYTES = 1024 * 1024;
const INVALID = 'One or more parameter values were invalid: ';

export interface ReadPlan {
  table: ResolvedTable;
  index: IndexSchema | undefined;
  filter: Condition | undefined;
  projection: Path[] | undefined;
  count: boolean;
  /** LSI reads of attributes outside the projection fetch the table item. */
  fetchFromTable: boolean;
  limit: number | undefined;
  consistent: boolean;
}

export function resolveIndex(table: ResolvedTable, name: string | undefined, consistent: boolean): IndexSchema | undefined {
  if (name === undefined) return undefined;
  const index = findIndex(table.runtime.schema, name);
  if (!index) throw validationException(`The table does not have the specified index: ${name}`);
  if (index.kind === 'GSI' && consistent) throw validationException('Consistent reads are not supported on global secondary indexes');
  return index;
}

function planSelect(table: ResolvedTable, index: IndexSchema | undefined, select: string | undefined, projection: Path[] | undefined, op: string): { count: boolean; fetchFromTable: boolean } {
  if (select === 'COUNT') {
    if (projection) throw validationException(`${INVALID}Cannot specify the AttributesToGet or ProjectionExpression when choosing to get only the COUNT`);
    return { count: true, fetchFromTable: false };
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !index) {
    throw validationException(`${INVALID}ALL_PROJECTED_ATTRIBUTES can be used only when ${op === 'Query' ? 'Querying' : 'Scanning'} using an IndexName`);
  }
  if (select === 'SPECIFIC_ATTRIBUTES' && !projection) {
    throw validationException(`${INVALID}Select type SPECIFIC_ATTRIBUTES requires either AttributesToGet or ProjectionExpression`);
  }
  if ((select === 'ALL_ATTRIBUTES' || select === 'ALL_PROJECTED_ATTRIBUTES') && projection) {
    throw validationException(`${INVALID}Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ${select}`);
  }
  const partial = index !== undefined && index.projection.type !== 'ALL';
  if (!partial) return { count: false, fetchFromTable: false };
  const wantsAll = select === 'ALL_ATTRIBUTES' || (projection !== undefined && !projectionCovered(table, index, projection));
  if (wantsAll && index.kind === 'GSI') {
    if (select === 'ALL_ATTRIBUTES') {
      throw validationException(`${INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`);
    }
    return { count: false, fetchFromTable: false };
  }
  return { count: false, fetchFromTable: wantsAll };
}

function projectionCovered(table: ResolvedTable, index: IndexSchema, paths: Path[]): boolean {
  const projected = table.runtime.indexes.find((i) => i.schema.name === index.name)?.projected;
  return !projected || paths.every((p) => projected.has(p[0] as string));
}

/** The key attributes a LastEvaluatedKey carries: the table key, plus the index key when reading an index. */
export function lastKey(plan: ReadPlan, item: AttributeMap): AttributeMap {
  const out = keyAttributes(plan.table.runtime.schema.key, item);
  if (plan.index) Object.assign(out, keyAttributes(plan.index.key, item));
  return out;
}

function encodeKeyPart(schema: KeySchema, key: AttributeMap): { pk: Buffer; sk: Buffer } {
  const bad = (): Error => validationException('The provided starting key is invalid: The provided key element does not match the schema');
  for (const a of [...hashAttributes(schema), ...rangeAttributes(schema)]) {
    const v = key[a.name];
    if (!v || typeOf(v) !== a.type) throw bad();
  }
  return encodeItemKey(schema, key);
}

export function startPosition(plan: ReadPlan, raw: unknown): Position | undefined {
  if (raw === undefined) return undefined;
  const key = validateMap(raw);
  const table = encodeKeyPart(plan.table.runtime.schema.key, key);
  if (!plan.index) return table;
  const index = encodeKeyPart(plan.index.key, key);
  return { ...table, ipk: index.pk, isk: index.sk };
}

/**
 * A Query's ExclusiveStartKey must lie inside the key condition: its partition key equal to the queried one and its
 * sort key inside the sort-key range. DynamoDB refuses one outside with this message rather than paging another
 * partition (reported against AWS and DynamoDB Local in the floci and ScyllaDB issue trackers).
 */
function checkStartInsideQuery(start: Position, onIndex: boolean, space: { partition: Buffer; range: KeyRange }): void {
  const pk = onIndex ? start.ipk : start.pk;
  const sk = onIndex ? start.isk : start.sk;
  const outside = (): Error => validationException('The provided starting key is outside query boundaries based on provided condition');
  if (pk === undefined || !pk.equals(space.partition)) throw outside();
  if (sk === undefined || sk.length === 0) return;
  const { lower, upper } = space.range;
  if (lower && (lower.inclusive ? Buffer.compare(sk, lower.bytes) < 0 : Buffer.compare(sk, lower.bytes) <= 0)) throw outside();
  if (upper && (upper.inclusive ? Buffer.compare(sk, upper.bytes) > 0 : Buffer.compare(sk, upper.bytes) >= 0)) throw outside();
}

export interface Page {
  items: AttributeMap[];
  /** Items that passed the filter (for Select COUNT, `items` stays empty). */
  count: number;
  scanned: number;
  bytes: number;
  last: AttributeMap | undefined;
}

/** Reads rows until Limit or 1 MB, applies the eventual-consistency lag, filters, then fetches and projects. */
export function readPage(deps: DynamoDeps, scope: Scope, plan: ReadPlan, rows: Iterable<StoredItem>, space: RowSpace, start: Position | undefined): Page {
  const raw: StoredItem[] = [];
  let bytes = 0;
  let stopped = false;
  for (const row of rows) {
    raw.push(row);
    bytes += row.size;
    if ((plan.limit !== undefined && raw.length >= plan.limit) || bytes >= PAGE_BYTES) {
      stopped = true;
      break;
    }
  }
  const last = stopped ? lastKey(plan, raw[raw.length - 1]!.item) : undefined;
  const lagging = deps.lag !== undefined && (!plan.consistent || plan.index?.kind === 'GSI');
  const visible = lagging ? laggedRows(deps.lag, plan.table.runtime, plan.index, space, start, raw, stopped) : raw;
  // Select COUNT without a filter never looks inside a row: the rows stay undecoded (item-store.ts LazyRow).
  if (plan.count && !plan.filter) return { items: [], count: visible.length, scanned: visible.length, bytes, last };
  let items: AttributeMap[] = [];
  for (const row of visible) if (!plan.filter || evaluateCondition(row.item, plan.filter)) items.push(row.item);
  if (plan.count) return { items: [], count: items.length, scanned: visible.length, bytes, last };
  if (plan.fetchFromTable) {
    const t = plan.table.runtime;
    items = items.map((i) => deps.items.get(scope, t, deps.items.keyOf(t, i))?.item ?? i);
  }
  const projection = plan.projection;
  if (projection) items = items.map((i) => projectItem(i, projection));
  return { items, count: items.length, scanned: visible.length, bytes, last };
}

function referencedTopNames(c: Condition, out: Set<string>): Set<string> {
  const operand = (o: Operand): void => {
    if (o.kind !== 'value') out.add(o.path[0] as string);
  };
  switch (c.kind) {
    case 'and':
    case 'or':
      referencedTopNames(c.left, out);
      referencedTopNames(c.right, out);
      break;
    case 'not':
      referencedTopNames(c.condition, out);
      break;
    case 'compare':
      operand(c.left);
      operand(c.right);
      break;
    case 'between':
      [c.operand, c.low, c.high].forEach(operand);
      break;
    case 'in':
      [c.operand, ...c.list].forEach(operand);
      break;
    case 'function':
      c.args.forEach(operand);
      break;
  }
  return out;
}

export function query(deps: DynamoDeps, scope: Scope, input: QueryInput): QueryOutput {
  const table = requireTable(deps, scope, input.TableName);
  const consistent = input.ConsistentRead === true;
  const index = resolveIndex(table, input.IndexName, consistent);
  const compiled = compileExpressions(input);
  const keyCondition = compiled.keyCondition ?? legacyFilter(input.KeyConditions, undefined);
  if (!keyCondition) throw validationException('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const schema = index ? index.key : table.runtime.schema.key;
  const keyPlan = planKeyCondition(keyCondition, schema);
  const filter = compiled.filter ?? legacyFilter(input.QueryFilter, input.ConditionalOperator);
  if (filter && compiled.filter) {
    const names = referencedTopNames(filter, new Set());
    for (const k of [schema.hash.name, schema.range?.name]) {
      if (k !== undefined && names.has(k)) throw validationException(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${k}`);
    }
  }
  const projection = compiled.projection ?? legacyProjection(input.AttributesToGet);
  const select = planSelect(table, index, input.Select, projection, 'Query');
  const plan: ReadPlan = { table, index, filter, projection, ...select, limit: input.Limit, consistent };
  const start = startPosition(plan, input.ExclusiveStartKey);
  const space: RowSpace = { kind: 'query', partition: keyPlan.partitionKey, range: keyPlan.range, forward: input.ScanIndexForward !== false };
  if (start) checkStartInsideQuery(start, index !== undefined, space);
  const rows = deps.items.query(scope, table.runtime, index, space.partition, space.range, space.forward, start);
  return respond(plan, readPage(deps, scope, plan, rows, space, start), input.ReturnConsumedCapacity);
}

export function scan(deps: DynamoDeps, scope: Scope, input: ScanInput): ScanOutput {
  const table = requireTable(deps, scope, input.TableName);
  const consistent = input.ConsistentRead === true;
  const index = resolveIndex(table, input.IndexName, consistent);
  const { Segment: segment, TotalSegments: total } = input;
  if (segment !== undefined && total === undefined) {
    throw validationException('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (total !== undefined && segment === undefined) {
    throw validationException('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (segment !== undefined && total !== undefined && segment >= total) {
    throw validationException(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`);
  }
  const compiled = compileExpressions(input, 'older');
  const filter = compiled.filter ?? legacyFilter(input.ScanFilter, input.ConditionalOperator);
  const projection = compiled.projection ?? legacyProjection(input.AttributesToGet);
  const select = planSelect(table, index, input.Select, projection, 'Scan');
  const plan: ReadPlan = { table, index, filter, projection, ...select, limit: input.Limit, consistent };
  const start = startPosition(plan, input.ExclusiveStartKey);
  const [lo, hi] = segmentRange(segment ?? 0, total ?? 1);
  if (start && segment !== undefined && total !== undefined) checkStartInsideSegment(start, plan.index !== undefined, lo, hi, segment, total);
  const rows = deps.items.scan(scope, table.runtime, index, segment ?? 0, total ?? 1, start);
  return respond(plan, readPage(deps, scope, plan, rows, { kind: 'scan', lo, hi }, start), input.ReturnConsumedCapacity);
}

/**
 * A parallel Scan's ExclusiveStartKey must belong to the segment being scanned. DynamoDB's answer otherwise (as
 * reported from real DynamoDB in ScyllaDB issue 9272): "The provided starting key is invalid: Invalid ExclusiveStartKey.
 * Please use ExclusiveStartKey with correct Segment. TotalSegments: <n> Segment: <s>".
 */
function checkStartInsideSegment(start: Position, onIndex: boolean, lo: number, hi: number, segment: number, total: number): void {
  const pk = onIndex ? start.ipk : start.pk;
  if (pk === undefined) return;
  const hash = partitionHash(pk);
  if (hash < lo || hash >= hi) {
    throw validationException(`The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`);
  }
}

function respond(plan: ReadPlan, page: Page, capacity: QueryInput['ReturnConsumedCapacity']): QueryOutput {
  const out: QueryOutput = { Count: page.count, ScannedCount: page.scanned };
  if (!plan.count) out.Items = page.items;
  if (page.last) out.LastEvaluatedKey = page.last;
  const units = readUnits(page.bytes, plan.consistent);
  const index = plan.index ? [{ name: plan.index.name, global: plan.index.kind === 'GSI', units }] : [];
  const cc = consumed(capacity, plan.table.record.name, plan.index ? 0 : units, 'read', index);
  if (cc) out.ConsumedCapacity = cc;
  return out;
}

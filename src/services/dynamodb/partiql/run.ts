// Runs parsed PartiQL statements on the item store: a SELECT becomes a Query when its WHERE pins a partition (else a
// Scan) with the whole WHERE as filter; INSERT, UPDATE and DELETE become write plans (write-plan.ts) on the full key.
import { createHash } from 'node:crypto';
import { AwsError, validationException } from '../../../core/aws-error.js';
import type { Scope } from '../../../core/request-context.js';
import { setOwn } from '../../../core/dict.js';
import { emptyMap, itemSize, MAX_ITEM_BYTES, typeOf, validateMap, type AttributeMap } from '../attribute-value.js';
import { laggedItem } from '../eventual-lag.js';
import { evaluateCondition } from '../expressions/evaluate.js';
import { requireTable, resourceNotFound, type DynamoDeps, type ResolvedTable } from '../context.js';
import type { Condition, Path } from '../expressions/ast.js';
import { planKeyCondition } from '../expressions/key-condition.js';
import { resolvePath } from '../expressions/evaluate.js';
import type { KeyRange } from '../key-encoding.js';
import { checkIndexKeys } from '../item-store.js';
import { keyAttributes, keyOfItem, keyOfKeyParam, type KeySchema } from '../keys.js';
import type { RowSpace } from '../lagged-page.js';
import { readPage, resolveIndex, startPosition, type Page, type ReadPlan } from '../read-operations.js';
import type { WritePlan } from '../write-plan.js';
import type { DeleteStatement, InsertStatement, Returning, SelectStatement, UpdateStatement } from './ast.js';
import { andAll, keyTerms, queryKeyConditions, requireFullKey } from './where.js';

export interface SelectOptions {
  readonly consistent: boolean;
  readonly limit?: number | undefined;
  readonly nextToken?: string | undefined;
  /** Identifies the statement and parameters a NextToken belongs to (computed only when paging). */
  readonly fingerprint: () => string;
}

export interface SelectResult {
  readonly table: ResolvedTable;
  readonly page: Page;
  readonly nextToken?: string | undefined;
}

/** A table that is missing answers ResourceNotFoundException naming it, as DynamoDB does for PartiQL. */
export function statementTable(deps: DynamoDeps, scope: Scope, name: string): ResolvedTable {
  try {
    return requireTable(deps, scope, name);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ResourceNotFoundException') throw resourceNotFound(`Requested resource not found: Table: ${name} not found`);
    throw e;
  }
}

export function fingerprint(statement: string, params: unknown): string {
  return createHash('sha256').update(statement).update(JSON.stringify(params ?? null)).digest('base64url').slice(0, 16);
}

function decodeToken(token: string, fp: string): unknown {
  let parsed: { f?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { f?: unknown; k?: unknown };
  } catch {
    throw validationException('Invalid NextToken');
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.f !== 'string') throw validationException('Invalid NextToken');
  // Real DynamoDB binds a token to its statement and parameters (reported against AWS, eu-west-1, 2026-09).
  if (parsed.f !== fp) throw validationException('NextToken does not match request');
  return parsed.k;
}

/** JSON.stringify replacer: binaries as base64 (read from the holder, before Buffer#toJSON runs). */
function binaryAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}

function encodeToken(fp: string, last: AttributeMap): string {
  // LastEvaluatedKey in wire form: binaries as base64 so the token survives JSON.
  const wire = JSON.stringify({ f: fp, k: last }, binaryAsBase64);
  return Buffer.from(wire).toString('base64url');
}

/** The partition and sort-key range a SELECT can read as a Query, or undefined for a Scan. */
function querySpace(s: SelectStatement, schema: KeySchema): { partition: Buffer; range: KeyRange } | undefined {
  for (const conditions of queryKeyConditions(s.where, schema) ?? []) {
    try {
      const plan = planKeyCondition(andAll(conditions)!, schema);
      return { partition: plan.partitionKey, range: plan.range };
    } catch {
      // A key value of another type matches nothing; the filter (the whole WHERE) decides, over a Scan.
    }
  }
  return undefined;
}

export function runSelect(deps: DynamoDeps, scope: Scope, s: SelectStatement, options: SelectOptions): SelectResult {
  const table = statementTable(deps, scope, s.table);
  const index = resolveIndex(table, s.index, options.consistent);
  const schema = index ? index.key : table.runtime.schema.key;
  const plan: ReadPlan = {
    table, index, filter: s.where, projection: undefined, count: false, fetchFromTable: false,
    limit: options.limit, consistent: options.consistent,
  };
  const space = querySpace(s, schema);
  if (s.orderBy) checkOrderBy(s, schema, space !== undefined);
  const direct = !index && options.nextToken === undefined ? keyLookup(deps, scope, table, s, options.consistent) : undefined;
  if (direct) return { table, page: s.projection ? { ...direct, items: direct.items.map((i) => projectRead(i, s.projection)) } : direct };
  const start = options.nextToken !== undefined ? startPosition(plan, validateMap(decodeToken(options.nextToken, options.fingerprint()))) : undefined;
  let page: Page;
  if (space) {
    const forward = !(s.orderBy?.descending ?? false);
    const rowSpace: RowSpace = { kind: 'query', partition: space.partition, range: space.range, forward };
    page = readPage(deps, scope, plan, deps.items.query(scope, table.runtime, index, space.partition, space.range, forward, start), rowSpace, start);
  } else {
    page = readPage(deps, scope, plan, deps.items.scan(scope, table.runtime, index, 0, 1, start), { kind: 'scan', lo: 0, hi: 2 ** 32 }, start);
  }
  if (s.projection) page = { ...page, items: page.items.map((i) => projectRead(i, s.projection)) };
  return { table, page, nextToken: page.last ? encodeToken(options.fingerprint(), page.last) : undefined };
}

/**
 * A SELECT naming the whole table key by equality is one item read (as GetItem), the WHERE still deciding; undefined
 * when the statement is not of that shape or a key value has the wrong type (the general path finds nothing then).
 */
function keyLookup(deps: DynamoDeps, scope: Scope, table: ResolvedTable, s: SelectStatement, consistent: boolean): Page | undefined {
  const schema = table.runtime.schema.key;
  const terms = keyTerms(s.where, schema);
  if (terms.hash === undefined || (schema.range !== undefined && terms.range === undefined)) return undefined;
  const keyMap = emptyMap();
  setOwn(keyMap, schema.hash.name, terms.hash);
  if (schema.range && terms.range) setOwn(keyMap, schema.range.name, terms.range);
  if (typeOf(terms.hash) !== schema.hash.type || (schema.range && typeOf(terms.range!) !== schema.range.type)) return undefined;
  const key = keyOfKeyParam(schema, keyMap);
  const stored = deps.items.get(scope, table.runtime, key);
  const found = consistent ? stored : laggedItem(deps.lag, table.runtime.id, key, stored);
  const match = found && (!terms.rest || evaluateCondition(found.item, terms.rest));
  return { items: match ? [found.item] : [], count: match ? 1 : 0, scanned: found ? 1 : 0, bytes: found?.size ?? 0, last: undefined };
}

/** ORDER BY needs a WHERE pinning the partition and names key attributes only (messages as reported from AWS). */
function checkOrderBy(s: SelectStatement, schema: KeySchema, pinned: boolean): void {
  if (!s.where) throw validationException('Must have WHERE clause in the statement when using ORDER BY clause.');
  const name = s.orderBy!.name;
  if (name !== schema.hash.name && name !== schema.range?.name) throw validationException(`Attribute ${name} in ORDER BY clause must be part of the primary key`);
  if (!pinned) throw validationException('Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.');
}

/**
 * A PartiQL projection names each value by its path's last attribute name (with any list indexes after it):
 * `SELECT m.k[1], l[0], m.z` answers `k[1]`, `l[0]` and `z` (as recorded from DynamoDB Local).
 */
export function projectRead(item: AttributeMap, projection: readonly Path[] | undefined): AttributeMap {
  if (!projection) return item;
  const out: AttributeMap = emptyMap();
  for (const path of projection) {
    const v = resolvePath(item, path);
    if (v !== undefined) setOwn(out, leafName(path), v);
  }
  return out;
}

function leafName(path: Path): string {
  let i = path.length - 1;
  while (i > 0 && typeof path[i] === 'number') i--;
  return `${String(path[i])}${path.slice(i + 1).map((e) => `[${String(e)}]`).join('')}`;
}

/** A SELECT inside BatchExecuteStatement or ExecuteTransaction: one item by its full table key. */
export function keyRead(deps: DynamoDeps, scope: Scope, s: SelectStatement): { table: ResolvedTable; key: ReturnType<typeof keyOfKeyParam>; projection: readonly Path[] | undefined; rest: Condition | undefined } {
  const table = statementTable(deps, scope, s.table);
  if (s.index !== undefined) throw validationException('Where clause does not contain a mandatory equality on all key attributes');
  const schema = table.runtime.schema.key;
  const terms = keyTerms(s.where, schema);
  const key = keyOfKeyParam(schema, requireFullKey(terms, schema));
  return { table, key, projection: s.projection, rest: terms.rest };
}

export interface PlannedWrite {
  readonly plan: WritePlan;
  readonly returning?: Returning | undefined;
  /** INSERT: a failed not-exists condition is DuplicateItemException. */
  readonly insert: boolean;
}

const notExists = (name: string): Condition => ({ kind: 'function', name: 'attribute_not_exists', args: [{ kind: 'path', path: [name] }] });
const exists = (name: string): Condition => ({ kind: 'function', name: 'attribute_exists', args: [{ kind: 'path', path: [name] }] });

export function planInsert(deps: DynamoDeps, scope: Scope, s: InsertStatement, returnOld: boolean): PlannedWrite {
  const table = statementTable(deps, scope, s.table);
  const schema = table.runtime.schema.key;
  const key = keyOfItem(schema, s.item);
  checkIndexKeys(table.runtime, s.item);
  if (itemSize(s.item) > MAX_ITEM_BYTES) throw validationException('Item size has exceeded the maximum allowed size');
  const plan: WritePlan = {
    kind: 'put', table, key, keyAttributes: keyAttributes(schema, s.item), item: s.item, condition: notExists(schema.hash.name), returnOldOnFailure: returnOld,
  };
  return { plan, insert: true };
}

export function planUpdate(deps: DynamoDeps, scope: Scope, s: UpdateStatement, returnOld: boolean): PlannedWrite {
  const table = statementTable(deps, scope, s.table);
  const schema = table.runtime.schema.key;
  const terms = keyTerms(s.where, schema);
  const keyMap = requireFullKey(terms, schema);
  for (const a of s.actions) {
    const top = a.path[0] as string;
    if (top === schema.hash.name || top === schema.range?.name) {
      throw validationException(`One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`);
    }
  }
  // UPDATE changes an existing item only: DynamoDB answers ConditionalCheckFailedException for a missing one.
  const condition = andAll([exists(schema.hash.name), ...(terms.rest ? [terms.rest] : [])]);
  const plan: WritePlan = {
    kind: 'update', table, key: keyOfKeyParam(schema, keyMap), keyAttributes: keyMap, update: s.actions, condition, returnOldOnFailure: returnOld,
  };
  return { plan, returning: s.returning, insert: false };
}

export function planDelete(deps: DynamoDeps, scope: Scope, s: DeleteStatement, returnOld: boolean): PlannedWrite {
  const table = statementTable(deps, scope, s.table);
  const schema = table.runtime.schema.key;
  const terms = keyTerms(s.where, schema);
  const keyMap = requireFullKey(terms, schema);
  if (s.returning !== undefined && s.returning !== 'ALL_OLD') throw validationException('Only ALL OLD is supported as a RETURNING option for DELETE');
  const plan: WritePlan = { kind: 'delete', table, key: keyOfKeyParam(schema, keyMap), keyAttributes: keyMap, condition: terms.rest, returnOldOnFailure: returnOld };
  return { plan, returning: s.returning, insert: false };
}

export function duplicateItem(): AwsError {
  // DynamoDB developer guide, ql-reference.insert: "DuplicateItemException is returned"; message as the CLI prints it.
  return new AwsError('DuplicateItemException', 'Duplicate primary key exists in table', { status: 400 });
}

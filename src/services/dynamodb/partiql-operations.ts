// ExecuteStatement, BatchExecuteStatement (≤ 25, each statement answered on its own) and ExecuteTransaction (≤ 100,
// all reads or all writes, all-or-nothing with CancellationReasons): DynamoDB's PartiQL over the shared write plans.
import { createHash } from 'node:crypto';
import { AwsError, isAwsError, validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  BatchExecuteStatementInput,
  BatchExecuteStatementOutput,
  BatchStatementError,
  BatchStatementErrorCodeEnum,
  BatchStatementResponse,
  CancellationReason,
  ExecuteStatementInput,
  ExecuteStatementOutput,
  ExecuteTransactionInput,
  ExecuteTransactionOutput,
  ItemResponse,
} from '../../generated/dynamodb/api.js';
import { validateValue, type AttributeMap, type AttributeValue } from './attribute-value.js';
import { consumed, consumedPerTable, readUnits, writeUnits } from './capacity.js';
import type { DynamodbContext, DynamoDeps } from './context.js';
import type { Condition } from './expressions/ast.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { projectItem } from './expressions/projection.js';
import type { PartiqlStatement, SelectStatement } from './partiql/ast.js';
import { malformed, parsePartiql } from './partiql/parser.js';
import { duplicateItem, fingerprint, keyRead, planDelete, planInsert, planUpdate, projectRead, runSelect, type PlannedWrite } from './partiql/run.js';
import { applyWrite, nextItem, storeWrite, type WritePlan, type WriteResult } from './write-plan.js';

function parse(statement: string, parameters: readonly unknown[] | undefined): PartiqlStatement {
  const params: AttributeValue[] = (parameters ?? []).map((p) => validateValue(p));
  return parsePartiql(statement, params);
}

function planWrite(deps: DynamoDeps, scope: Scope, s: PartiqlStatement, returnOld: boolean): PlannedWrite {
  switch (s.kind) {
    case 'insert':
      return planInsert(deps, scope, s, returnOld);
    case 'update':
      return planUpdate(deps, scope, s, returnOld);
    case 'delete':
      return planDelete(deps, scope, s, returnOld);
    default:
      throw malformed('Unexpected keyword');
  }
}

/** Applies one planned write in its own transaction; an INSERT's failed not-exists check is DuplicateItemException. */
function runWrite(deps: DynamoDeps, scope: Scope, w: PlannedWrite): WriteResult {
  try {
    return deps.store.transaction(() => applyWrite(deps, scope, w.plan));
  } catch (e) {
    if (w.insert && isAwsError(e) && e.code === 'ConditionalCheckFailedException') throw duplicateItem();
    throw e;
  }
}

function returned(w: PlannedWrite, r: WriteResult): AttributeMap | undefined {
  const paths = (w.plan.update ?? []).map((a) => a.path);
  switch (w.returning) {
    case 'ALL_OLD':
      return r.old?.item;
    case 'ALL_NEW':
      return r.item;
    case 'UPDATED_OLD':
      return r.old ? projectItem(r.old.item, paths) : undefined;
    case 'UPDATED_NEW':
      return r.item ? projectItem(r.item, paths) : undefined;
    default:
      return undefined;
  }
}

export function executeStatement(deps: DynamoDeps, scope: Scope, input: ExecuteStatementInput): ExecuteStatementOutput {
  const s = parse(input.Statement, input.Parameters);
  if (s.kind === 'select') {
    const consistent = input.ConsistentRead === true;
    const r = runSelect(deps, scope, s, { consistent, limit: input.Limit, nextToken: input.NextToken, fingerprint: () => fingerprint(input.Statement, input.Parameters) });
    const out: ExecuteStatementOutput = { Items: r.page.items };
    if (r.nextToken !== undefined) out.NextToken = r.nextToken;
    const cc = consumed(input.ReturnConsumedCapacity, r.table.record.name, readUnits(r.page.bytes, consistent), 'read');
    if (cc) out.ConsumedCapacity = cc;
    return out;
  }
  const w = planWrite(deps, scope, s, input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
  const r = runWrite(deps, scope, w);
  const item = returned(w, r);
  const out: ExecuteStatementOutput = { Items: item && Object.keys(item).length > 0 ? [item] : [] };
  const cc = consumed(input.ReturnConsumedCapacity, w.plan.table.record.name, writeUnits(Math.max(r.size, r.old?.size ?? 0)), 'write');
  if (cc) out.ConsumedCapacity = cc;
  return out;
}

/** A key read's answer: the item when it exists and the rest of the WHERE holds. */
function readOne(deps: DynamoDeps, scope: Scope, s: SelectStatement): { table: string; item: AttributeMap | undefined; size: number } {
  const r = keyRead(deps, scope, s);
  const found = deps.items.get(scope, r.table.runtime, r.key);
  const ok = found && (!r.rest || evaluateCondition(found.item, r.rest));
  return { table: r.table.record.name, item: ok ? projectRead(found.item, r.projection) : undefined, size: found?.size ?? 0 };
}

const BATCH_CODES: Record<string, string> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  DuplicateItemException: 'DuplicateItem',
  ResourceNotFoundException: 'ResourceNotFound',
  ValidationException: 'ValidationError',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceeded',
};

function batchError(e: unknown, table: string | undefined): BatchStatementResponse {
  if (!isAwsError(e) || BATCH_CODES[e.code] === undefined) throw e;
  const text = e.message !== '' ? e.message : String((e.fields as { Message?: unknown }).Message ?? '');
  const error: BatchStatementError = { Code: BATCH_CODES[e.code] as BatchStatementErrorCodeEnum, Message: text };
  const item = (e.fields as { Item?: AttributeMap } | undefined)?.Item;
  if (item) error.Item = item;
  return table === undefined ? { Error: error } : { Error: error, TableName: table };
}

// AWS's own emulator, DynamoDB Local (BatchExecuteStatementFunction), words the batch-level refusals; the API
// reference: "The entire batch must consist of either read statements or write statements".
export const BATCH_MIXED_READ_WRITE = 'Read and write requests together in the same batch is not supported.';
const BATCH_EXISTS = 'EXISTS can only be used in ExecuteTransaction write requests.';

type Parsed = { ok: PartiqlStatement } | { error: unknown };

/**
 * First pass: every statement parsed before any runs. A statement that does not parse (or is an EXISTS) gets its own
 * error entry; the first one that parses decides whether the batch reads or writes, and a statement of the other
 * kind refuses the whole request, so nothing is written.
 */
function parseBatch(input: BatchExecuteStatementInput): Parsed[] {
  let kind: 'read' | 'write' | undefined;
  return input.Statements.map((req): Parsed => {
    let s: PartiqlStatement;
    try {
      s = parse(req.Statement, req.Parameters);
      if (s.kind === 'exists') throw validationException(BATCH_EXISTS);
    } catch (e) {
      return { error: e };
    }
    const k = s.kind === 'select' ? 'read' : 'write';
    if (kind !== undefined && k !== kind) throw validationException(BATCH_MIXED_READ_WRITE);
    kind = k;
    return { ok: s };
  });
}

export function batchExecuteStatement(deps: DynamoDeps, scope: Scope, input: BatchExecuteStatementInput): BatchExecuteStatementOutput {
  const units = new Map<string, number>();
  let kind: 'read' | 'write' = 'read';
  const parsed = parseBatch(input);
  const responses = parsed.map((p, i): BatchStatementResponse => {
    if ('error' in p) return batchError(p.error, undefined);
    const s = p.ok;
    const req = input.Statements[i]!;
    const table = s.kind === 'exists' ? s.select.table : s.table;
    try {
      if (s.kind === 'select') {
        const r = readOne(deps, scope, s);
        units.set(r.table, (units.get(r.table) ?? 0) + readUnits(r.size, req.ConsistentRead === true));
        return r.item ? { TableName: r.table, Item: r.item } : { TableName: r.table };
      }
      kind = 'write';
      const w = planWrite(deps, scope, s, req.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
      const r = runWrite(deps, scope, w);
      const name = w.plan.table.record.name;
      units.set(name, (units.get(name) ?? 0) + writeUnits(Math.max(r.size, r.old?.size ?? 0)));
      return { TableName: name };
    } catch (e) {
      return batchError(e, table);
    }
  });
  const out: BatchExecuteStatementOutput = { Responses: responses };
  const cc = consumedPerTable(input.ReturnConsumedCapacity, units, kind);
  if (cc) out.ConsumedCapacity = cc;
  return out;
}

const exists = (name: string): Condition => ({ kind: 'function', name: 'attribute_exists', args: [{ kind: 'path', path: [name] }] });

/** EXISTS(SELECT ... WHERE <full key> [AND condition]) checks that the item exists and the condition holds. */
function planExists(deps: DynamoDeps, scope: Scope, s: SelectStatement, returnOld: boolean): PlannedWrite {
  const r = keyRead(deps, scope, s);
  const hash = r.table.runtime.schema.key.hash.name;
  const condition: Condition = r.rest ? { kind: 'and', left: exists(hash), right: r.rest } : exists(hash);
  const plan: WritePlan = { kind: 'check', table: r.table, key: r.key, keyAttributes: {}, condition, returnOldOnFailure: returnOld };
  return { plan, insert: false };
}

function requestHash(input: ExecuteTransactionInput): string {
  const { ClientRequestToken: _t, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export function executeTransaction(deps: DynamodbContext, scope: Scope, input: ExecuteTransactionInput): ExecuteTransactionOutput {
  const parsed = input.TransactStatements.map((t) => ({ s: parse(t.Statement, t.Parameters), returnOld: t.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' }));
  const reads = parsed.filter((p) => p.s.kind === 'select').length;
  if (reads > 0 && reads < parsed.length) {
    // As DynamoDB Local, AWS's own emulator, words it.
    throw validationException('ExecuteTransaction API does not support both read and write operations in the same request.');
  }
  const units = new Map<string, number>();
  if (reads > 0) {
    const responses: ItemResponse[] = deps.store.transaction(() =>
      parsed.map(({ s }) => {
        const r = readOne(deps, scope, s as SelectStatement);
        units.set(r.table, (units.get(r.table) ?? 0) + readUnits(r.size, true, true));
        return r.item ? { Item: r.item } : {};
      }),
    );
    const out: ExecuteTransactionOutput = { Responses: responses };
    const cc = consumedPerTable(input.ReturnConsumedCapacity, units, 'read');
    if (cc) out.ConsumedCapacity = cc;
    return out;
  }
  const writes = parsed.map(({ s, returnOld }) => (s.kind === 'exists' ? planExists(deps, scope, s.select, returnOld) : planWrite(deps, scope, s, returnOld)));
  const seen = new Set<string>();
  for (const { plan: p } of writes) {
    const id = `${p.table.record.id}/${p.key.pk.toString('base64')}/${p.key.sk.toString('base64')}`;
    if (seen.has(id)) throw validationException('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  const token = input.ClientRequestToken;
  const hash = token === undefined ? '' : requestHash(input);
  deps.store.transaction(() => {
    const now = deps.clock.now();
    if (token !== undefined) {
      const previous = deps.tokens.lookup(scope, token, now);
      if (previous === hash) return;
      if (previous !== undefined) throw new AwsError('IdempotentParameterMismatchException', 'Request token has been used with different parameters', { status: 400 });
    }
    const olds = writes.map((w) => deps.items.get(scope, w.plan.table.runtime, w.plan.key));
    const reasons: CancellationReason[] = writes.map((w, i) => {
      const old = olds[i];
      if (!w.plan.condition || evaluateCondition(old?.item, w.plan.condition)) return { Code: 'None' };
      if (w.insert) return { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' };
      const r: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
      if (w.plan.returnOldOnFailure && old) r.Item = old.item;
      return r;
    });
    if (reasons.some((r) => r.Code !== 'None')) {
      const codes = reasons.map((r) => r.Code).join(', ');
      throw new AwsError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, {
        status: 400,
        fields: { CancellationReasons: reasons },
      });
    }
    const items = writes.map((w, i) => nextItem(w.plan, olds[i]));
    writes.forEach((w, i) => {
      const r = storeWrite(deps, scope, w.plan, olds[i], items[i]);
      const name = w.plan.table.record.name;
      const u = w.plan.kind === 'check' ? readUnits(olds[i]?.size ?? 0, true, true) : writeUnits(Math.max(r.size, olds[i]?.size ?? 0), true);
      units.set(name, (units.get(name) ?? 0) + u);
    });
    if (token !== undefined) deps.tokens.remember(scope, token, hash, now);
  });
  const out: ExecuteTransactionOutput = {};
  const cc = consumedPerTable(input.ReturnConsumedCapacity, units, 'write');
  if (cc) out.ConsumedCapacity = cc;
  return out;
}

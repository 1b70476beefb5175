// TransactWriteItems and TransactGetItems: up to 100 actions, one per item, all-or-nothing inside one SQLite
// transaction (serializable: nothing else runs in between), per-action CancellationReasons, and 10-minute
// ClientRequestToken idempotency.
import { createHash } from 'node:crypto';
import { AwsError, isAwsError, validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import type {
  CancellationReason,
  ItemResponse,
  TransactGetItemsInput,
  TransactGetItemsOutput,
  TransactWriteItem,
  TransactWriteItemsInput,
  TransactWriteItemsOutput,
} from '../../generated/dynamodb/api.js';
import { validateItem, validateMap, type AttributeMap } from './attribute-value.js';
import { consumedPerTable, indexWriteUnits, readUnits, writeUnits } from './capacity.js';
import { requireTable, type DynamoDeps } from './context.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { projectItem } from './expressions/projection.js';
import { checkIndexKeys } from './item-store.js';
import { keyAttributes, keyOfItem, keyOfKeyParam } from './keys.js';
import { compileExpressions, type CompiledExpressions } from './request-expressions.js';
import type { TxTokenStore } from './tx-token-store.js';
import { nextItem, storeWrite, type WritePlan } from './write-plan.js';

// At most 100 actions: the model's TransactWriteItemList/TransactGetItemList bound, refused by the gateway's model
// validation with AWS's wording before this module runs (src/core/java-value.ts).

/** Phase one, for every action in request order: values and expressions, before any table is looked up. */
interface ParsedAction {
  readonly action: TransactWriteItem;
  readonly tableName: string;
  readonly item: AttributeMap | undefined;
  readonly key: AttributeMap | undefined;
  readonly compiled: CompiledExpressions;
  readonly returnOld: boolean;
}

function parseAction(action: TransactWriteItem): ParsedAction {
  const kinds = [action.ConditionCheck, action.Put, action.Delete, action.Update].filter((a) => a !== undefined);
  if (kinds.length !== 1) {
    throw validationException('TransactItems can only contain one of Check, Put, Update or Delete');
  }
  // paritysuite/dynamodb-conformance tests/tier3/validation-ordering/transactions.test.ts: a malformed or unused
  // expression anywhere is reported before a missing table or a duplicate target anywhere.
  if (action.Put) {
    const p = action.Put;
    const item = validateItem(p.Item);
    return { action, tableName: p.TableName, item, key: undefined, compiled: compileExpressions(p, 'older'), returnOld: p.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' };
  }
  const a = (action.ConditionCheck ?? action.Delete ?? action.Update)!;
  const key = validateMap(a.Key);
  return { action, tableName: a.TableName, item: undefined, key, compiled: compileExpressions(a, 'older'), returnOld: a.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' };
}

/** Phase two: the table, the key schema, and the write plan. */
function planAction(deps: DynamoDeps, scope: Scope, parsed: ParsedAction): WritePlan {
  const { action, compiled } = parsed;
  const table = requireTable(deps, scope, parsed.tableName);
  const schema = table.runtime.schema.key;
  if (parsed.item) {
    const item = parsed.item;
    checkIndexKeys(table.runtime, item);
    return { kind: 'put', table, key: keyOfItem(schema, item), keyAttributes: keyAttributes(schema, item), item, condition: compiled.condition, returnOldOnFailure: parsed.returnOld };
  }
  const map = parsed.key ?? {};
  const base = { table, key: keyOfKeyParam(schema, map), keyAttributes: map, condition: compiled.condition, returnOldOnFailure: parsed.returnOld };
  if (action.Update) {
    for (const u of compiled.update ?? []) {
      const top = u.path[0] as string;
      if (top === schema.hash.name || top === schema.range?.name) {
        throw validationException(`One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`);
      }
    }
    return { ...base, kind: 'update', update: compiled.update };
  }
  return { ...base, kind: action.Delete ? 'delete' : 'check' };
}

/**
 * A key of the wrong type cancels the transaction with a per-action ValidationError reason instead of failing
 * the request; empty key values still fail the whole request (paritysuite/dynamodb-conformance
 * tests/tier3/error-messages/transactWriteItems.test.ts, captured from AWS).
 */
function planOrReason(deps: DynamoDeps, scope: Scope, parsed: ParsedAction): WritePlan | CancellationReason {
  try {
    return planAction(deps, scope, parsed);
  } catch (e) {
    if (isAwsError(e) && (e.message.includes('Type mismatch for key') || e.message === 'The provided key element does not match the schema')) {
      return { Code: 'ValidationError', Message: e.message };
    }
    throw e;
  }
}

function isPlan(p: WritePlan | CancellationReason): p is WritePlan {
  return 'kind' in p;
}

function requestHash(input: TransactWriteItemsInput): string {
  const { ClientRequestToken: _t, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export function transactWriteItems(deps: DynamoDeps, tokens: TxTokenStore, scope: Scope, input: TransactWriteItemsInput): TransactWriteItemsOutput {
  const parsed = input.TransactItems.map(parseAction);
  const planned = parsed.map((p) => planOrReason(deps, scope, p));
  const plans = planned.filter(isPlan);
  const seen = new Set<string>();
  for (const p of plans) {
    const id = `${p.table.record.id}/${p.key.pk.toString('base64')}/${p.key.sk.toString('base64')}`;
    if (seen.has(id)) throw validationException('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  const token = input.ClientRequestToken;
  const hash = token === undefined ? '' : requestHash(input);
  const units = new Map<string, number>();
  deps.store.transaction(() => {
    const now = deps.clock.now();
    if (token !== undefined) {
      const previous = tokens.lookup(scope, token, now);
      if (previous === hash) return;
      if (previous !== undefined) {
        throw new AwsError('IdempotentParameterMismatchException', 'Request token has been used with different parameters', { status: 400 });
      }
    }
    const olds = plans.map((p) => deps.items.get(scope, p.table.runtime, p.key));
    let next = 0;
    const reasons: CancellationReason[] = planned.map((p) => {
      if (!isPlan(p)) return p;
      const old = olds[next++];
      if (p.condition && !evaluateCondition(old?.item, p.condition)) {
        const r: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
        if (p.returnOldOnFailure && old) r.Item = old.item;
        return r;
      }
      return { Code: 'None' };
    });
    if (reasons.some((r) => r.Code !== 'None')) {
      // aws-recordings/dynamodb/test_dynamodb.snapshot.json: test_transaction_write_canceled
      const codes = reasons.map((r) => r.Code).join(', ');
      throw new AwsError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, {
        status: 400,
        fields: { CancellationReasons: reasons },
      });
    }
    const items = plans.map((p, i) => nextItem(p, olds[i]));
    plans.forEach((p, i) => {
      const r = storeWrite(deps, scope, p, olds[i], items[i]);
      const name = p.table.record.name;
      const size = p.kind === 'check' ? (olds[i]?.size ?? 0) : Math.max(r.size, olds[i]?.size ?? 0);
      const ix = indexWriteUnits(p.table.runtime, olds[i]?.item, p.kind === 'check' ? olds[i]?.item : r.item, true).reduce((n, x) => n + x.units, 0);
      const u = p.kind === 'check' ? readUnits(size, true, true) : writeUnits(size, true) + ix;
      units.set(name, (units.get(name) ?? 0) + u);
    });
    if (token !== undefined) tokens.remember(scope, token, hash, now);
  });
  const out: TransactWriteItemsOutput = {};
  const capacity = consumedPerTable(input.ReturnConsumedCapacity, units, 'write');
  if (capacity) out.ConsumedCapacity = capacity;
  return out;
}

export function transactGetItems(deps: DynamoDeps, scope: Scope, input: TransactGetItemsInput): TransactGetItemsOutput {
  const plans = input.TransactItems.map(({ Get: g }) => {
    const table = requireTable(deps, scope, g.TableName);
    const key = keyOfKeyParam(table.runtime.schema.key, validateMap(g.Key));
    const { projection } = compileExpressions(g, 'older');
    return { table, key, projection };
  });
  const units = new Map<string, number>();
  const responses: ItemResponse[] = deps.store.transaction(() =>
    plans.map((p) => {
      const found = deps.items.get(scope, p.table.runtime, p.key);
      const name = p.table.record.name;
      units.set(name, (units.get(name) ?? 0) + readUnits(found?.size ?? 0, true, true));
      if (!found) return {};
      return { Item: p.projection ? projectItem(found.item, p.projection) : found.item };
    }),
  );
  const out: TransactGetItemsOutput = { Responses: responses };
  const capacity = consumedPerTable(input.ReturnConsumedCapacity, units, 'read');
  if (capacity) out.ConsumedCapacity = capacity;
  return out;
}

// One item write (put, update, delete or condition check) compiled before the transaction and applied inside it:
// read the old item, evaluate the condition, compute and store the new item. Shared by single-item calls,
// BatchWriteItem and TransactWriteItems so all follow the same rules.
import { validationException } from '../../core/aws-error.js';
import type { Scope } from '../../core/request-context.js';
import { itemSize, MAX_ITEM_BYTES, type AttributeMap } from './attribute-value.js';
import { conditionalCheckFailed, type DynamoDeps, type ResolvedTable } from './context.js';
import type { Condition, UpdateAction } from './expressions/ast.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { applyUpdate } from './expressions/update.js';
import type { StoredItem } from './item-store.js';
import type { EncodedKey } from './keys.js';

export type WriteKind = 'put' | 'update' | 'delete' | 'check';

export interface WritePlan {
  readonly kind: WriteKind;
  readonly table: ResolvedTable;
  readonly key: EncodedKey;
  /** The key attributes (UpdateItem creates an item from them). */
  readonly keyAttributes: AttributeMap;
  readonly item?: AttributeMap | undefined;
  readonly update?: readonly UpdateAction[] | undefined;
  readonly condition?: Condition | undefined;
  /** ReturnValuesOnConditionCheckFailure = ALL_OLD. */
  readonly returnOldOnFailure: boolean;
}

export interface WriteResult {
  readonly old: StoredItem | undefined;
  /** The item after the write; undefined after a delete or a check. */
  readonly item: AttributeMap | undefined;
  readonly size: number;
}

/** Throws ConditionalCheckFailedException (with the old item when asked) when the plan's condition is false. */
export function checkCondition(plan: WritePlan, old: StoredItem | undefined): void {
  if (plan.condition && !evaluateCondition(old?.item, plan.condition)) {
    throw conditionalCheckFailed(plan.returnOldOnFailure ? old?.item : undefined);
  }
}

/** Computes the item a plan would write, without writing it (TransactWriteItems checks every action first). */
export function nextItem(plan: WritePlan, old: StoredItem | undefined): AttributeMap | undefined {
  switch (plan.kind) {
    case 'put':
      return plan.item;
    case 'update': {
      const updated = applyUpdate(old?.item, plan.keyAttributes, plan.update ?? []);
      if (itemSize(updated) > MAX_ITEM_BYTES) throw validationException('Item size to update has exceeded the maximum allowed size');
      return updated;
    }
    default:
      return undefined;
  }
}

/** Applies a checked plan. Call inside the store's transaction. */
export function storeWrite(deps: DynamoDeps, scope: Scope, plan: WritePlan, old: StoredItem | undefined, item: AttributeMap | undefined): WriteResult {
  const t = plan.table.runtime;
  if (plan.kind === 'delete') {
    if (old) deps.items.delete(scope, t, plan.key, old);
    return { old, item: undefined, size: old?.size ?? 0 };
  }
  if (plan.kind === 'check' || !item) return { old, item: undefined, size: old?.size ?? 0 };
  const size = deps.items.put(scope, t, plan.key, item, old);
  return { old, item, size };
}

/** Read, check, compute, write: one item write. Call inside the store's transaction. */
export function applyWrite(deps: DynamoDeps, scope: Scope, plan: WritePlan): WriteResult {
  const old = deps.items.get(scope, plan.table.runtime, plan.key);
  checkCondition(plan, old);
  return storeWrite(deps, scope, plan, old, nextItem(plan, old));
}

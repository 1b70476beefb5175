// Time to live: a background sweep (on the injected scheduler) deletes items whose TTL attribute, a Number of epoch
// seconds, lies in the past, reading only due keys from the expiry index; values over five years old are ignored.
import type { Scope } from '../../core/request-context.js';
import { runtimeOf, type DynamoDeps } from './context.js';
import type { Position, StoredItem } from './item-store.js';
import { encodeItemKey } from './keys.js';
import type { TableRecord } from './table-store.js';

const PAGE = 500;
const FIVE_YEARS_S = 5 * 365 * 24 * 3600;

export function isExpired(item: StoredItem['item'], attribute: string, nowMs: number): boolean {
  const v = item[attribute];
  if (!v || !('N' in v)) return false;
  const at = Number(v.N);
  const now = nowMs / 1000;
  return Number.isFinite(at) && at <= now && at > now - FIVE_YEARS_S;
}

/** Deletes every expired item of every table with TTL enabled; returns how many were removed. */
export function sweepExpired(deps: DynamoDeps): number {
  let removed = 0;
  for (const { scope, name } of deps.tables.tablesWithTtl()) {
    const rec = deps.tables.get(scope, name);
    const ttl = rec?.meta.settings.ttl;
    if (rec && ttl?.enabled) removed += sweepTable(deps, scope, rec, ttl.attributeName);
  }
  return removed;
}

/** Deletes a table's due items, read from the expiry index a page at a time (never a table scan). */
function sweepTable(deps: DynamoDeps, scope: Scope, rec: TableRecord, attribute: string): number {
  const t = runtimeOf(rec);
  const now = deps.clock.now();
  const nowS = Math.floor(now / 1000);
  let removed = 0;
  for (;;) {
    // Whole seconds strictly before now are certainly past; the current second waits for the next sweep.
    const due = deps.items.dueForExpiry(scope, t.id, nowS - FIVE_YEARS_S, nowS - 1, PAGE);
    deps.store.transaction(() => {
      for (const key of due) {
        const current = deps.items.get(scope, t, key);
        if (current && isExpired(current.item, attribute, now)) {
          deps.items.delete(scope, t, key, current, true);
          removed++;
        }
      }
    });
    if (due.length < PAGE) return removed;
  }
}

/** Fills the expiry index for a table whose TTL was just enabled, a page of items at a time. */
export function backfillExpiries(deps: DynamoDeps, scope: Scope, rec: TableRecord): void {
  const t = runtimeOf(rec);
  let start: Position | undefined;
  for (;;) {
    const page: (StoredItem & { pos: Position })[] = [];
    for (const row of deps.items.scan(scope, t, undefined, 0, 1, start)) {
      page.push(row);
      if (page.length >= PAGE) break;
    }
    for (const row of page) deps.items.trackExpiry(scope, t, encodeItemKey(t.schema.key, row.item), row.item);
    if (page.length < PAGE) return;
    start = page[page.length - 1]!.pos;
  }
}

// Eventually consistent Query/Scan pages under KUMO_DYNAMODB_EVENTUAL_LAG_MS: rows written within the lag window
// are replaced by the version a lagging replica still holds (dropped if it did not exist, moved out if its index
// key changed), and recently deleted or moved-away items that belong in the page's key span reappear.
import { setOwn } from '../../core/dict.js';
import type { AttributeMap } from './attribute-value.js';
import { emptyMap } from './attribute-value.js';
import type { LagLog } from './eventual-lag.js';
import { keyId } from './eventual-lag.js';
import type { KeyRange } from './key-encoding.js';
import { partitionHash, type Position, type StoredItem, type TableRuntime } from './item-store.js';
import { encodeItemKey, indexKeyOfItem, type EncodedKey } from './keys.js';
import type { IndexSchema } from './table-schema.js';

export type RowSpace =
  | { readonly kind: 'query'; readonly partition: Buffer; readonly range: KeyRange; readonly forward: boolean }
  | { readonly kind: 'scan'; readonly lo: number; readonly hi: number };

interface Located {
  row: StoredItem;
  tuple: Buffer[];
}

function hashBytes(pk: Buffer): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(partitionHash(pk));
  return b;
}

function compareTuples(a: readonly Buffer[], b: readonly Buffer[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = Buffer.compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Where an item sits in the read's order, or undefined when it does not belong to the read's key space. */
function locate(t: TableRuntime, index: IndexSchema | undefined, space: RowSpace, item: AttributeMap): Buffer[] | undefined {
  const key = encodeItemKey(t.schema.key, item);
  let ik: EncodedKey | undefined;
  if (index) {
    try {
      ik = indexKeyOfItem(index.name, index.key, item);
    } catch {
      return undefined;
    }
    if (!ik) return undefined;
  }
  const part = ik ? ik.pk : key.pk;
  const sort = ik ? ik.sk : key.sk;
  if (space.kind === 'query') {
    if (!part.equals(space.partition)) return undefined;
    const { lower, upper } = space.range;
    if (lower && (lower.inclusive ? Buffer.compare(sort, lower.bytes) < 0 : Buffer.compare(sort, lower.bytes) <= 0)) return undefined;
    if (upper && (upper.inclusive ? Buffer.compare(sort, upper.bytes) > 0 : Buffer.compare(sort, upper.bytes) >= 0)) return undefined;
    return ik ? [ik.sk, key.pk, key.sk] : [key.sk];
  }
  const h = partitionHash(part);
  if (h < space.lo || h >= space.hi) return undefined;
  return ik ? [hashBytes(ik.pk), ik.pk, ik.sk, key.pk, key.sk] : [hashBytes(key.pk), key.pk, key.sk];
}

function startTuple(index: IndexSchema | undefined, space: RowSpace, start: Position | undefined): Buffer[] | undefined {
  if (!start) return undefined;
  if (space.kind === 'query') return index ? [start.isk ?? Buffer.alloc(0), start.pk, start.sk] : [start.sk];
  return index
    ? [hashBytes(start.ipk ?? Buffer.alloc(0)), start.ipk ?? Buffer.alloc(0), start.isk ?? Buffer.alloc(0), start.pk, start.sk]
    : [hashBytes(start.pk), start.pk, start.sk];
}

function project(t: TableRuntime, index: IndexSchema | undefined, item: AttributeMap): AttributeMap {
  const names = index ? t.indexes.find((i) => i.schema.name === index.name)?.projected : undefined;
  if (!names) return item;
  const out: AttributeMap = emptyMap();
  for (const n of names) if (item[n] !== undefined) setOwn(out, n, item[n]);
  return out;
}

/**
 * The rows a lagging replica would return for this page. `rows` are the store's rows in read order; `stopped`
 * says the page ended at Limit or 1 MB, so only items up to its last row may be added.
 */
export function laggedRows(
  log: LagLog,
  t: TableRuntime,
  index: IndexSchema | undefined,
  space: RowSpace,
  start: Position | undefined,
  rows: readonly StoredItem[],
  stopped: boolean,
): StoredItem[] {
  const recent = log.recent(t.id);
  if (recent.length === 0) return [...rows];
  const byKey = new Map(recent.map((r) => [keyId(r.key), r]));
  const forward = space.kind === 'scan' || space.forward;
  const out: Located[] = [];
  const handled = new Set<string>();
  let lastTuple: Buffer[] | undefined;
  for (const row of rows) {
    const tuple = locate(t, index, space, row.item);
    if (tuple) lastTuple = tuple;
    const id = keyId(encodeItemKey(t.schema.key, row.item));
    const change = byKey.get(id);
    if (!change) {
      if (tuple) out.push({ row, tuple });
      continue;
    }
    handled.add(id);
    const old = change.visible;
    const oldTuple = old ? locate(t, index, space, old.item) : undefined;
    if (old && oldTuple) out.push({ row: { item: project(t, index, old.item), size: old.size }, tuple: oldTuple });
  }
  const after = startTuple(index, space, start);
  for (const change of recent) {
    const old = change.visible;
    if (!old || handled.has(keyId(change.key))) continue;
    const tuple = locate(t, index, space, old.item);
    if (!tuple) continue;
    const cmpStart = after ? compareTuples(tuple, after) : forward ? 1 : -1;
    if (forward ? cmpStart <= 0 : cmpStart >= 0) continue;
    if (stopped && lastTuple) {
      const cmpLast = compareTuples(tuple, lastTuple);
      if (forward ? cmpLast > 0 : cmpLast < 0) continue;
    }
    out.push({ row: { item: project(t, index, old.item), size: old.size }, tuple });
  }
  out.sort((a, b) => (forward ? 1 : -1) * compareTuples(a.tuple, b.tuple));
  return out.map((l) => l.row);
}

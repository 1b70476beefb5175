// Repository for DynamoDB items and secondary-index rows: items (item-codec.ts) keyed (hash bucket, pk, sk) so Query is
// a range scan and Scan segments are hash ranges; index rows (sparse, projected) and counts change in the caller's transaction.
import { setOwn } from '../../core/dict.js';
import { decodeItem, encodeItem } from './item-codec.js';
import type Database from 'better-sqlite3';
import type { Scope } from '../../core/request-context.js';
import { itemSize, type AttributeMap, emptyMap } from './attribute-value.js';
import type { KeyRange } from './key-encoding.js';
import { encodeItemKey, indexKeyOfItem, type EncodedKey } from './keys.js';
import type { BackupStore } from './backup-store.js';
import type { StreamRef, StreamStore } from './stream-store.js';
import { projectedAttributes, type IndexSchema, type TableSchema } from './table-schema.js';


/** A table compiled for the hot paths: schema plus each index's projected attribute set (undefined = ALL). */
export interface TableRuntime {
  readonly id: string;
  readonly schema: TableSchema;
  readonly indexes: readonly { readonly schema: IndexSchema; readonly projected: ReadonlySet<string> | undefined }[];
  /** The TTL attribute while time to live is enabled: writes keep dynamodb_ttl in step. */
  readonly ttlAttribute?: string | undefined;
  /** The table's enabled stream: every write appends a record to it in the same transaction. */
  readonly stream?: StreamRef | undefined;
  /** Point-in-time recovery is on: every write appends the item's new version to the history (backup-store.ts). */
  readonly pitr?: boolean | undefined;
}

/** Checks an item's secondary-index key attributes up front (types, empty values), before any condition runs. */
export function checkIndexKeys(t: TableRuntime, item: AttributeMap): void {
  for (const ix of t.indexes) indexKeyOfItem(ix.schema.name, ix.schema.key, item);
}

export function compileTable(id: string, schema: TableSchema, ttlAttribute?: string, stream?: StreamRef, pitr?: boolean): TableRuntime {
  return { id, schema, indexes: schema.indexes.map((i) => ({ schema: i, projected: projectedAttributes(schema, i) })), ttlAttribute, stream, pitr };
}

/** The whole epoch second a TTL attribute names, or undefined when the attribute is absent or not a Number. */
export function expirySeconds(item: AttributeMap, attribute: string): number | undefined {
  const v = item[attribute];
  if (!v || !('N' in v)) return undefined;
  const n = Math.floor(Number(v.N));
  return Number.isSafeInteger(n) ? n : undefined;
}

export interface StoredItem {
  readonly item: AttributeMap;
  readonly size: number;
}

/** Where a page ended: the table key, plus the index key when reading an index. */
export interface Position {
  readonly pk: Buffer;
  readonly sk: Buffer;
  readonly ipk?: Buffer | undefined;
  readonly isk?: Buffer | undefined;
}

/** FNV-1a over the partition key bytes: the hash bucket that orders Scan and splits parallel segments. */
export function partitionHash(pk: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pk.length; i++) {
    h ^= pk[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HASH_SPACE = 2 ** 32;

/** The [lo, hi) hash range of parallel-scan segment `segment` of `total`. */
export function segmentRange(segment: number, total: number): [number, number] {
  return [Math.floor((segment * HASH_SPACE) / total), Math.floor(((segment + 1) * HASH_SPACE) / total)];
}

interface ItemRow {
  size: number;
  item: string;
}

function decode(row: ItemRow): StoredItem {
  return { item: decodeItem(row.item), size: row.size };
}

/**
 * A row of a Query or Scan, decoded on first use of `item`: rows a Select COUNT only counts, or a page only measures,
 * are never parsed. Read `item`, never spread the row (the getter lives on the prototype).
 */
class LazyRow implements StoredItem {
  private decoded: AttributeMap | undefined;
  constructor(readonly size: number, private readonly stored: string) {}
  get item(): AttributeMap {
    return (this.decoded ??= decodeItem(this.stored));
  }
}

class ScannedRow extends LazyRow {
  constructor(size: number, stored: string, readonly pos: Position) {
    super(size, stored);
  }
}

function project(item: AttributeMap, names: ReadonlySet<string> | undefined): AttributeMap {
  if (!names) return item;
  const out: AttributeMap = emptyMap();
  for (const n of names) {
    const v = item[n];
    if (v !== undefined) setOwn(out, n, v);
  }
  return out;
}

export class ItemStore {
  /** Told of every item write inside its transaction, with the version it replaces (eventual-lag.ts). */
  observer: ((tableId: string, key: EncodedKey, before: StoredItem | undefined) => void) | undefined;
  /** Where writes to tables with a stream append their change records (stream-store.ts). */
  streams: StreamStore | undefined;
  /** Where writes to tables with point-in-time recovery append item versions (backup-store.ts). */
  history: BackupStore | undefined;
  private readonly stmts;
  private readonly rangeStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      get: db.prepare<unknown[], ItemRow>(
        'SELECT size, item FROM dynamodb_items WHERE account = ? AND region = ? AND table_id = ? AND hash = ? AND pk = ? AND sk = ?',
      ),
      put: db.prepare(
        'INSERT OR REPLACE INTO dynamodb_items (account, region, table_id, hash, pk, sk, size, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      delete: db.prepare('DELETE FROM dynamodb_items WHERE account = ? AND region = ? AND table_id = ? AND hash = ? AND pk = ? AND sk = ?'),
      putIndex: db.prepare(
        `INSERT OR REPLACE INTO dynamodb_index_items (account, region, table_id, index_name, ihash, ipk, isk, pk, sk, size, item)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteIndex: db.prepare(
        `DELETE FROM dynamodb_index_items WHERE account = ? AND region = ? AND table_id = ? AND index_name = ?
         AND ihash = ? AND ipk = ? AND isk = ? AND pk = ? AND sk = ?`,
      ),
      bumpTable: db.prepare(
        'UPDATE dynamodb_tables SET item_count = item_count + ?, size_bytes = size_bytes + ? WHERE account = ? AND region = ? AND table_id = ?',
      ),
      bumpIndex: db.prepare(
        `INSERT INTO dynamodb_index_stats (account, region, table_id, index_name, item_count, size_bytes) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account, region, table_id, index_name)
         DO UPDATE SET item_count = item_count + excluded.item_count, size_bytes = size_bytes + excluded.size_bytes`,
      ),
      indexStats: db.prepare<unknown[], { index_name: string; item_count: number; size_bytes: number }>(
        'SELECT index_name, item_count, size_bytes FROM dynamodb_index_stats WHERE account = ? AND region = ? AND table_id = ?',
      ),
      dropItems: db.prepare('DELETE FROM dynamodb_items WHERE account = ? AND region = ? AND table_id = ?'),
      dropIndexItems: db.prepare('DELETE FROM dynamodb_index_items WHERE account = ? AND region = ? AND table_id = ?'),
      dropIndex: db.prepare('DELETE FROM dynamodb_index_items WHERE account = ? AND region = ? AND table_id = ? AND index_name = ?'),
      dropIndexStats: db.prepare('DELETE FROM dynamodb_index_stats WHERE account = ? AND region = ? AND table_id = ?'),
      dropOneIndexStats: db.prepare('DELETE FROM dynamodb_index_stats WHERE account = ? AND region = ? AND table_id = ? AND index_name = ?'),
      putTtl: db.prepare('INSERT OR REPLACE INTO dynamodb_ttl (account, region, table_id, expires_at, pk, sk) VALUES (?, ?, ?, ?, ?, ?)'),
      deleteTtl: db.prepare('DELETE FROM dynamodb_ttl WHERE account = ? AND region = ? AND table_id = ? AND expires_at = ? AND pk = ? AND sk = ?'),
      dropTtl: db.prepare('DELETE FROM dynamodb_ttl WHERE account = ? AND region = ? AND table_id = ?'),
      // `LIMIT +?` keeps the bound limit out of planning, so the statement is not re-prepared per call (stream-store.ts).
      dueTtl: db.prepare<unknown[], { pk: Buffer; sk: Buffer }>(
        'SELECT pk, sk FROM dynamodb_ttl WHERE account = ? AND region = ? AND table_id = ? AND expires_at > ? AND expires_at <= ? ORDER BY expires_at LIMIT +?',
      ),
    };
  }

  get(scope: Scope, t: TableRuntime, key: EncodedKey): StoredItem | undefined {
    const row = this.stmts.get.get(scope.account, scope.region, t.id, partitionHash(key.pk), key.pk, key.sk);
    return row ? decode(row) : undefined;
  }

  /**
   * Writes `item` (replacing `old`, if any) and its index rows; throws DynamoDB's index-key errors before writing.
   * Call inside the store's transaction.
   */
  put(scope: Scope, t: TableRuntime, key: EncodedKey, item: AttributeMap, old: StoredItem | undefined): number {
    const newIndexKeys = t.indexes.map((ix) => indexKeyOfItem(ix.schema.name, ix.schema.key, item));
    const size = itemSize(item);
    const hash = partitionHash(key.pk);
    this.stmts.put.run(scope.account, scope.region, t.id, hash, key.pk, key.sk, size, encodeItem(item));
    this.observer?.(t.id, key, old);
    if (old) this.removeIndexRows(scope, t, key, old.item);
    this.writeIndexRows(scope, t, key, item, size, newIndexKeys);
    if (t.ttlAttribute !== undefined) this.trackExpiry(scope, t, key, item, old?.item);
    this.stmts.bumpTable.run(old ? 0 : 1, size - (old?.size ?? 0), scope.account, scope.region, t.id);
    if (t.stream) this.streams?.append(t.stream, t.schema.key, { item, size }, old, false);
    if (t.pitr) this.history?.record(scope, t.id, key, item, size);
    return size;
  }

  /** Adds index rows for an existing item (GSI backfill); `t` lists only the indexes to fill. */
  putIndexRows(scope: Scope, t: TableRuntime, key: EncodedKey, item: AttributeMap): void {
    const keys = t.indexes.map((ix) => indexKeyOfItem(ix.schema.name, ix.schema.key, item));
    this.writeIndexRows(scope, t, key, item, itemSize(item), keys);
  }

  private writeIndexRows(scope: Scope, t: TableRuntime, key: EncodedKey, item: AttributeMap, size: number, keys: readonly (EncodedKey | undefined)[]): void {
    t.indexes.forEach((ix, i) => {
      const ik = keys[i];
      if (!ik) return;
      const projected = project(item, ix.projected);
      const psize = ix.projected ? itemSize(projected) : size;
      this.stmts.putIndex.run(scope.account, scope.region, t.id, ix.schema.name, partitionHash(ik.pk), ik.pk, ik.sk, key.pk, key.sk, psize, encodeItem(projected));
      this.stmts.bumpIndex.run(scope.account, scope.region, t.id, ix.schema.name, 1, psize);
    });
  }

  /** Deletes an item; `byTtl` marks the stream record as the TTL service's deletion. */
  delete(scope: Scope, t: TableRuntime, key: EncodedKey, old: StoredItem, byTtl = false): void {
    this.stmts.delete.run(scope.account, scope.region, t.id, partitionHash(key.pk), key.pk, key.sk);
    this.observer?.(t.id, key, old);
    this.removeIndexRows(scope, t, key, old.item);
    if (t.ttlAttribute !== undefined) this.untrackExpiry(scope, t, key, old.item);
    this.stmts.bumpTable.run(-1, -old.size, scope.account, scope.region, t.id);
    if (t.stream) this.streams?.append(t.stream, t.schema.key, undefined, old, byTtl);
    if (t.pitr) this.history?.record(scope, t.id, key, undefined, 0);
  }

  /** Puts an item's expiry row (replacing a previous one); `old` is the item it replaces, if any. */
  trackExpiry(scope: Scope, t: TableRuntime, key: EncodedKey, item: AttributeMap, old?: AttributeMap): void {
    const attribute = t.ttlAttribute;
    if (attribute === undefined) return;
    if (old) this.untrackExpiry(scope, t, key, old);
    const at = expirySeconds(item, attribute);
    if (at !== undefined) this.stmts.putTtl.run(scope.account, scope.region, t.id, at, key.pk, key.sk);
  }

  private untrackExpiry(scope: Scope, t: TableRuntime, key: EncodedKey, old: AttributeMap): void {
    const at = t.ttlAttribute === undefined ? undefined : expirySeconds(old, t.ttlAttribute);
    if (at !== undefined) this.stmts.deleteTtl.run(scope.account, scope.region, t.id, at, key.pk, key.sk);
  }

  /** Keys whose expiry second lies in (from, to], oldest first. */
  dueForExpiry(scope: Scope, tableId: string, from: number, to: number, limit: number): EncodedKey[] {
    return this.stmts.dueTtl.all(scope.account, scope.region, tableId, from, to, limit).map((r) => ({ pk: r.pk, sk: r.sk }));
  }

  /** Forgets a table's expiry rows (TTL disabled, or the table deleted). */
  dropExpiries(scope: Scope, tableId: string): void {
    this.stmts.dropTtl.run(scope.account, scope.region, tableId);
  }

  private removeIndexRows(scope: Scope, t: TableRuntime, key: EncodedKey, old: AttributeMap): void {
    for (const ix of t.indexes) {
      const ik = indexKeyOfItem(ix.schema.name, ix.schema.key, old);
      if (!ik) continue;
      this.stmts.deleteIndex.run(scope.account, scope.region, t.id, ix.schema.name, partitionHash(ik.pk), ik.pk, ik.sk, key.pk, key.sk);
      const psize = ix.projected ? itemSize(project(old, ix.projected)) : itemSize(old);
      this.stmts.bumpIndex.run(scope.account, scope.region, t.id, ix.schema.name, -1, -psize);
    }
  }

  indexStats(scope: Scope, tableId: string): Map<string, { itemCount: number; sizeBytes: number }> {
    const out = new Map<string, { itemCount: number; sizeBytes: number }>();
    for (const r of this.stmts.indexStats.all(scope.account, scope.region, tableId)) {
      out.set(r.index_name, { itemCount: r.item_count, sizeBytes: r.size_bytes });
    }
    return out;
  }

  /** Removes every item, index row and index counter of a table (DeleteTable). */
  dropTable(scope: Scope, tableId: string, keepHistory = false): void {
    this.stmts.dropItems.run(scope.account, scope.region, tableId);
    this.stmts.dropIndexItems.run(scope.account, scope.region, tableId);
    this.stmts.dropIndexStats.run(scope.account, scope.region, tableId);
    this.stmts.dropTtl.run(scope.account, scope.region, tableId);
    if (!keepHistory) this.history?.dropHistory(scope, tableId);
  }

  /** Removes one index's rows and counters (UpdateTable Delete). */
  dropIndex(scope: Scope, tableId: string, indexName: string): void {
    this.stmts.dropIndex.run(scope.account, scope.region, tableId, indexName);
    this.stmts.dropOneIndexStats.run(scope.account, scope.region, tableId, indexName);
  }

  /**
   * Items of one partition in sort-key order (or reverse), within `range`, after `start`. A lazy iterator: stop
   * early to end the statement, and run no other statement on the connection until it is done or returned.
   */
  *query(scope: Scope, t: TableRuntime, index: IndexSchema | undefined, partition: Buffer, range: KeyRange, forward: boolean, start: Position | undefined): Generator<StoredItem> {
    let { lower, upper } = range;
    const startSort = index ? start?.isk : start?.sk;
    if (start && startSort) {
      const tighter = { bytes: startSort, inclusive: false };
      if (forward && (!lower || Buffer.compare(startSort, lower.bytes) >= 0)) lower = tighter;
      if (!forward && (!upper || Buffer.compare(startSort, upper.bytes) <= 0)) upper = tighter;
    }
    const hash = partitionHash(partition);
    const params: unknown[] = [scope.account, scope.region, t.id];
    if (index) params.push(index.name);
    params.push(hash, partition);
    if (lower) params.push(lower.bytes);
    if (upper) params.push(upper.bytes);
    // Index rows sharing one index key sort by table key; resuming inside such a run needs the table key too.
    const tie = Boolean(index && start && startSort);
    if (tie) params.push(startSort, start!.pk, start!.sk);
    const stmt = this.rangeStatement(Boolean(index), lower?.inclusive, upper?.inclusive, forward, tie);
    // Raw rows ([size, item]) skip building a row object per item: Query's hot loop.
    for (const row of stmt.iterate(...params) as IterableIterator<[number, string]>) yield new LazyRow(row[0], row[1]);
  }

  private rangeStatement(isIndex: boolean, lowerIncl: boolean | undefined, upperIncl: boolean | undefined, forward: boolean, tie: boolean): Database.Statement {
    const sig = `${isIndex}|${lowerIncl}|${upperIncl}|${forward}|${tie}`;
    let stmt = this.rangeStatements.get(sig);
    if (stmt) return stmt;
    const table = isIndex ? 'dynamodb_index_items' : 'dynamodb_items';
    const [h, p, s] = isIndex ? ['ihash', 'ipk', 'isk'] : ['hash', 'pk', 'sk'];
    const where = ['account = ?', 'region = ?', 'table_id = ?'];
    if (isIndex) where.push('index_name = ?');
    where.push(`${h} = ?`, `${p} = ?`);
    // With a tie-break the exclusive start bound is replaced by a row-value comparison on (isk, pk, sk).
    if (lowerIncl !== undefined) where.push(`${s} ${lowerIncl || (tie && forward) ? '>=' : '>'} ?`);
    if (upperIncl !== undefined) where.push(`${s} ${upperIncl || (tie && !forward) ? '<=' : '<'} ?`);
    if (tie) where.push(`(${s}, pk, sk) ${forward ? '>' : '<'} (?, ?, ?)`);
    const dir = forward ? 'ASC' : 'DESC';
    const order = isIndex ? `${s} ${dir}, pk ${dir}, sk ${dir}` : `${s} ${dir}`;
    stmt = this.db.prepare(`SELECT size, item FROM ${table} WHERE ${where.join(' AND ')} ORDER BY ${order}`).raw(true);
    this.rangeStatements.set(sig, stmt);
    return stmt;
  }

  /** One parallel-scan segment in storage order (hash bucket, then key), after `start`. Lazy, like query(). */
  *scan(scope: Scope, t: TableRuntime, index: IndexSchema | undefined, segment: number, total: number, start: Position | undefined): Generator<StoredItem & { pos: Position }> {
    const [lo, hi] = segmentRange(segment, total);
    const isIndex = index !== undefined;
    const sig = `scan|${isIndex}|${start !== undefined}`;
    let stmt = this.rangeStatements.get(sig);
    if (!stmt) {
      const table = isIndex ? 'dynamodb_index_items' : 'dynamodb_items';
      const h = isIndex ? 'ihash' : 'hash';
      const cols = isIndex ? `${h} AS h, size, item, pk, sk, ipk, isk` : `${h} AS h, size, item, pk, sk`;
      const key = isIndex ? `(ihash, ipk, isk, pk, sk)` : `(hash, pk, sk)`;
      const after = start === undefined ? '' : ` AND ${key} > (${isIndex ? '?, ?, ?, ?, ?' : '?, ?, ?'})`;
      stmt = this.db.prepare(
        `SELECT ${cols} FROM ${table} WHERE account = ? AND region = ? AND table_id = ?${isIndex ? ' AND index_name = ?' : ''}
         AND ${h} >= ? AND ${h} < ?${after} ORDER BY ${key.slice(1, -1)}`,
      );
      this.rangeStatements.set(sig, stmt);
    }
    const params: unknown[] = [scope.account, scope.region, t.id];
    if (isIndex) params.push(index.name);
    params.push(lo, hi);
    if (start) {
      if (isIndex) params.push(partitionHash(start.ipk ?? Buffer.alloc(0)), start.ipk, start.isk, start.pk, start.sk);
      else params.push(partitionHash(start.pk), start.pk, start.sk);
    }
    for (const row of stmt.iterate(...params) as IterableIterator<ItemRow & { pk: Buffer; sk: Buffer; ipk?: Buffer; isk?: Buffer }>) {
      yield new ScannedRow(row.size, row.item, { pk: row.pk, sk: row.sk, ipk: row.ipk, isk: row.isk });
    }
  }

  /** Encodes an item's table key (for callers that hold a full item). */
  keyOf(t: TableRuntime, item: AttributeMap): EncodedKey {
    return encodeItemKey(t.schema.key, item);
  }
}

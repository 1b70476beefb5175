// Repository for DynamoDB backups and point-in-time history: backup metadata with a copy of the table's rows, and
// per-write item versions for PITR tables, read back as "the latest version of each key at or before time T".
import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.js';
import type { Scope } from '../../core/request-context.js';
import type { AttributeMap } from './attribute-value.js';
import { encodeItem } from './item-codec.js';
import type { EncodedKey } from './keys.js';
import type { TableMeta } from './table-store.js';

export interface BackupRecord {
  readonly arn: string;
  readonly name: string;
  readonly tableName: string;
  readonly tableId: string;
  readonly createdAt: number;
  readonly itemCount: number;
  readonly sizeBytes: number;
  /**
   * The source table's metadata at the backup moment, plus its creation time. A SYSTEM backup (taken when a table
   * with point-in-time recovery is deleted) also records when, and keeps the table's item history for restores.
   */
  readonly meta: TableMeta & { tableCreatedAt: number; backupType?: 'SYSTEM' | undefined; deletedAt?: number | undefined };
}

export interface StoredRow {
  readonly pk: Buffer;
  readonly sk: Buffer;
  readonly size: number;
  readonly item: string;
}

/** One item version of the point-in-time history (item null: the item was deleted then). */
export interface HistoryRow {
  readonly pk: Buffer;
  readonly sk: Buffer;
  readonly size: number;
  readonly item: string | null;
  readonly changed_at: number;
}

interface BackupRow {
  arn: string;
  name: string;
  table_name: string;
  table_id: string;
  created_at: number;
  item_count: number;
  size_bytes: number;
  meta: string;
}

function toRecord(r: BackupRow): BackupRecord {
  return {
    arn: r.arn, name: r.name, tableName: r.table_name, tableId: r.table_id, createdAt: r.created_at,
    itemCount: r.item_count, sizeBytes: r.size_bytes, meta: JSON.parse(r.meta) as BackupRecord['meta'],
  };
}

export class BackupStore {
  private readonly stmts;

  constructor(db: Database.Database, private readonly clock: Clock) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO dynamodb_backups (account, region, arn, name, table_name, table_id, created_at, item_count, size_bytes, meta)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      copyItems: db.prepare(
        `INSERT INTO dynamodb_backup_items (backup_arn, pk, sk, size, item)
         SELECT ?, pk, sk, size, item FROM dynamodb_items WHERE account = ? AND region = ? AND table_id = ?`,
      ),
      get: db.prepare<[string, string, string], BackupRow>('SELECT * FROM dynamodb_backups WHERE account = ? AND region = ? AND arn = ?'),
      list: db.prepare<[string, string], BackupRow>('SELECT * FROM dynamodb_backups WHERE account = ? AND region = ? ORDER BY created_at, arn'),
      delete: db.prepare('DELETE FROM dynamodb_backups WHERE account = ? AND region = ? AND arn = ?'),
      deleteItems: db.prepare('DELETE FROM dynamodb_backup_items WHERE backup_arn = ?'),
      items: db.prepare<[string], StoredRow>('SELECT pk, sk, size, item FROM dynamodb_backup_items WHERE backup_arn = ?'),
      record: db.prepare(
        'INSERT INTO dynamodb_item_history (account, region, table_id, changed_at, pk, sk, size, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      baseline: db.prepare(
        `INSERT INTO dynamodb_item_history (account, region, table_id, changed_at, pk, sk, size, item)
         SELECT account, region, table_id, ?, pk, sk, size, item FROM dynamodb_items WHERE account = ? AND region = ? AND table_id = ?`,
      ),
      drop: db.prepare('DELETE FROM dynamodb_item_history WHERE account = ? AND region = ? AND table_id = ?'),
      asOf: db.prepare<[string, string, string, number], StoredRow>(
        `SELECT pk, sk, size, item FROM (
           SELECT pk, sk, size, item, ROW_NUMBER() OVER (PARTITION BY pk, sk ORDER BY id DESC) AS rn
           FROM dynamodb_item_history WHERE account = ? AND region = ? AND table_id = ? AND changed_at <= ?
         ) WHERE rn = 1 AND item IS NOT NULL`,
      ),
      // Every version before `to` of the keys written in [from, to), oldest first per key (incremental exports).
      changed: db.prepare<[string, string, string, number, number, number], HistoryRow>(
        `SELECT h.pk, h.sk, h.size, h.item, h.changed_at FROM dynamodb_item_history AS h
         WHERE h.account = ? AND h.region = ? AND h.table_id = ? AND h.changed_at < ?
         AND EXISTS (SELECT 1 FROM dynamodb_item_history AS c WHERE c.account = h.account AND c.region = h.region
           AND c.table_id = h.table_id AND c.pk = h.pk AND c.sk = h.sk AND c.changed_at >= ? AND c.changed_at < ?)
         ORDER BY h.pk, h.sk, h.id`,
      ),
      // Versions older than the window that a later version (also older than the window) supersedes.
      trimSuperseded: db.prepare(
        `DELETE FROM dynamodb_item_history AS h WHERE account = ? AND region = ? AND table_id = ? AND changed_at < ?
         AND EXISTS (SELECT 1 FROM dynamodb_item_history AS n WHERE n.account = h.account AND n.region = h.region
           AND n.table_id = h.table_id AND n.pk = h.pk AND n.sk = h.sk AND n.id > h.id AND n.changed_at <= ?)`,
      ),
      // A deletion older than the window with nothing after it restores to nothing either way.
      trimTombstones: db.prepare(
        `DELETE FROM dynamodb_item_history AS h WHERE account = ? AND region = ? AND table_id = ? AND changed_at < ? AND item IS NULL
         AND NOT EXISTS (SELECT 1 FROM dynamodb_item_history AS n WHERE n.account = h.account AND n.region = h.region
           AND n.table_id = h.table_id AND n.pk = h.pk AND n.sk = h.sk AND n.id > h.id)`,
      ),
    };
  }

  /** Records a backup and copies the table's rows; call inside the store's transaction. */
  create(scope: Scope, b: BackupRecord): void {
    this.stmts.insert.run(scope.account, scope.region, b.arn, b.name, b.tableName, b.tableId, b.createdAt, b.itemCount, b.sizeBytes, JSON.stringify(b.meta));
    this.stmts.copyItems.run(b.arn, scope.account, scope.region, b.tableId);
  }

  get(scope: Scope, arn: string): BackupRecord | undefined {
    const r = this.stmts.get.get(scope.account, scope.region, arn);
    return r ? toRecord(r) : undefined;
  }

  list(scope: Scope): BackupRecord[] {
    return this.stmts.list.all(scope.account, scope.region).map(toRecord);
  }

  delete(scope: Scope, arn: string): void {
    this.stmts.delete.run(scope.account, scope.region, arn);
    this.stmts.deleteItems.run(arn);
  }

  /** A backup's rows (read whole: the restore writes on the same connection while using them). */
  backupItems(arn: string): StoredRow[] {
    return this.stmts.items.all(arn);
  }

  /** Appends an item version (undefined = deleted) at the runtime clock's now; call in the writing transaction. */
  record(scope: Scope, tableId: string, key: EncodedKey, item: AttributeMap | undefined, size: number): void {
    this.stmts.record.run(scope.account, scope.region, tableId, this.clock.now(), key.pk, key.sk, item ? size : 0, item ? encodeItem(item) : null);
  }

  /** PITR enabled: the table as it is now becomes the first version of every item. */
  startHistory(scope: Scope, tableId: string, at: number): void {
    this.stmts.baseline.run(at, scope.account, scope.region, tableId);
  }

  dropHistory(scope: Scope, tableId: string): void {
    this.stmts.drop.run(scope.account, scope.region, tableId);
  }

  /** The items of a table as of `at` (ms): each key's latest version at or before then, deletions left out. */
  itemsAsOf(scope: Scope, tableId: string, at: number): StoredRow[] {
    return this.stmts.asOf.all(scope.account, scope.region, tableId, at);
  }

  /** The history of every key written in [from, to): its versions before `to`, oldest first, grouped by key. */
  changesBetween(scope: Scope, tableId: string, from: number, to: number): HistoryRow[] {
    return this.stmts.changed.all(scope.account, scope.region, tableId, to, from, to);
  }

  /** Forgets versions no restore inside the window can reach. */
  trimHistory(scope: Scope, tableId: string, windowStart: number): void {
    this.stmts.trimSuperseded.run(scope.account, scope.region, tableId, windowStart, windowStart);
    this.stmts.trimTombstones.run(scope.account, scope.region, tableId, windowStart);
  }
}

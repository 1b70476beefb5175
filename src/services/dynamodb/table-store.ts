// Repository for DynamoDB table metadata: one row per table with its schema and settings as JSON and incrementally
// maintained item counts/sizes; decoded tables are cached so hot paths never re-parse metadata.
import type Database from 'better-sqlite3';
import type { Scope } from '../../core/request-context.js';
import type { OnDemandThroughput, StreamSpecification, WarmThroughput } from '../../generated/dynamodb/api.js';
import type { TableSchema } from './table-schema.js';

export interface TableSettings {
  arn: string;
  streamSpecification?: StreamSpecification | undefined;
  latestStreamLabel?: string | undefined;
  /** The dynamodb_streams row of the latest stream (enabled or not). */
  streamId?: number | undefined;
  sseSpecification?: { Enabled?: boolean | undefined; SSEType?: string | undefined; KMSMasterKeyId?: string | undefined } | undefined;
  tableClass?: string | undefined;
  deletionProtection: boolean;
  tags: { Key: string; Value: string }[];
  ttl?: { attributeName: string; enabled: boolean } | undefined;
  pointInTimeRecovery?: { enabled: boolean; enabledAt: number; recoveryPeriodInDays?: number | undefined } | undefined;
  /** Resource-based policies by ARN (the table's, and its streams'), each with its revision id. */
  resourcePolicies?: Record<string, { policy: string; revisionId: string }> | undefined;
  /** Set on tables created by RestoreTableFromBackup / RestoreTableToPointInTime (RestoreSummary). */
  restore?: { sourceBackupArn?: string | undefined; sourceTableArn?: string | undefined; restoreDateTime: number } | undefined;
  warmThroughput?: WarmThroughput | undefined;
  /** Warm throughput requested for GSIs by name (CreateTable's GlobalSecondaryIndexes, UpdateTable's Create/Update). */
  indexWarmThroughput?: Record<string, WarmThroughput> | undefined;
  onDemandThroughput?: OnDemandThroughput | undefined;
}

export interface TableMeta {
  schema: TableSchema;
  settings: TableSettings;
}

export interface TableRecord {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly createdAt: number;
  readonly meta: TableMeta;
}

interface Row {
  table_id: string;
  name: string;
  status: string;
  created_at: number;
  meta: string;
}

export class TableStore {
  private readonly cache = new Map<string, TableRecord>();
  /** Tables with TTL enabled, for the sweep that runs every 5 s of clock time; dropped on any metadata change. */
  private ttlTables: { scope: Scope; name: string }[] | undefined;
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    // The cache is dropped whenever a metadata row is deleted underneath it (DeleteTable, or POST /_kumo/reset
    // wiping registered tables): a connection-local TEMP trigger calls back into this process.
    db.function('kumo_dynamodb_tables_changed', { deterministic: false }, () => {
      this.cache.clear();
      this.ttlTables = undefined;
      return null;
    });
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS kumo_dynamodb_tables_deleted AFTER DELETE ON main.dynamodb_tables
             BEGIN SELECT kumo_dynamodb_tables_changed(); END`);
    this.stmts = {
      get: db.prepare<[string, string, string], Row>(
        'SELECT table_id, name, status, created_at, meta FROM dynamodb_tables WHERE account = ? AND region = ? AND name = ?',
      ),
      insert: db.prepare(
        'INSERT INTO dynamodb_tables (account, region, name, table_id, status, created_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      update: db.prepare('UPDATE dynamodb_tables SET status = ?, meta = ? WHERE account = ? AND region = ? AND name = ?'),
      delete: db.prepare('DELETE FROM dynamodb_tables WHERE account = ? AND region = ? AND name = ?'),
      // `LIMIT +?` keeps the bound limit out of planning, so the statement is not re-prepared per call (stream-store.ts).
      list: db.prepare<[string, string, string, number], { name: string }>(
        'SELECT name FROM dynamodb_tables WHERE account = ? AND region = ? AND name > ? ORDER BY name LIMIT +?',
      ),
      stats: db.prepare<[string, string, string], { item_count: number; size_bytes: number }>(
        'SELECT item_count, size_bytes FROM dynamodb_tables WHERE account = ? AND region = ? AND name = ?',
      ),
      bump: db.prepare(
        'UPDATE dynamodb_tables SET item_count = item_count + ?, size_bytes = size_bytes + ? WHERE account = ? AND region = ? AND table_id = ?',
      ),
      all: db.prepare<[], { account: string; region: string; name: string }>('SELECT account, region, name FROM dynamodb_tables'),
    };
  }

  private cacheKey(scope: Scope, name: string): string {
    return `${scope.account}\u0000${scope.region}\u0000${name}`;
  }

  get(scope: Scope, name: string): TableRecord | undefined {
    const k = this.cacheKey(scope, name);
    const hit = this.cache.get(k);
    if (hit) return hit;
    const row = this.stmts.get.get(scope.account, scope.region, name);
    if (!row) return undefined;
    const rec: TableRecord = { id: row.table_id, name: row.name, status: row.status, createdAt: row.created_at, meta: JSON.parse(row.meta) as TableMeta };
    // Inside a transaction the row may still roll back: serve it, but cache only committed state.
    if (!this.db.inTransaction) this.cache.set(k, rec);
    return rec;
  }

  insert(scope: Scope, rec: TableRecord): void {
    this.stmts.insert.run(scope.account, scope.region, rec.name, rec.id, rec.status, rec.createdAt, JSON.stringify(rec.meta));
    this.ttlTables = undefined;
    this.cache.delete(this.cacheKey(scope, rec.name));
  }

  update(scope: Scope, name: string, status: string, meta: TableMeta): void {
    this.stmts.update.run(status, JSON.stringify(meta), scope.account, scope.region, name);
    this.ttlTables = undefined;
    this.cache.delete(this.cacheKey(scope, name));
  }

  delete(scope: Scope, name: string): void {
    this.stmts.delete.run(scope.account, scope.region, name);
    this.ttlTables = undefined;
    this.cache.delete(this.cacheKey(scope, name));
  }

  /** Names after `exclusiveStart` in order; one more than `limit` is fetched to tell whether a page follows. */
  list(scope: Scope, exclusiveStart: string | undefined, limit: number): string[] {
    return this.stmts.list.all(scope.account, scope.region, exclusiveStart ?? '', limit).map((r) => r.name);
  }

  stats(scope: Scope, name: string): { itemCount: number; sizeBytes: number } {
    const r = this.stmts.stats.get(scope.account, scope.region, name);
    return { itemCount: r?.item_count ?? 0, sizeBytes: r?.size_bytes ?? 0 };
  }

  bumpStats(scope: Scope, tableId: string, items: number, bytes: number): void {
    this.stmts.bump.run(items, bytes, scope.account, scope.region, tableId);
  }

  /** Every table in every scope. */
  allTables(): { scope: Scope; name: string }[] {
    return this.stmts.all.all().map((r) => ({ scope: { account: r.account, region: r.region }, name: r.name }));
  }

  /** Tables whose TTL is enabled, in every scope (the TTL sweeper's list), cached between metadata changes. */
  tablesWithTtl(): { scope: Scope; name: string }[] {
    if (this.ttlTables !== undefined) return this.ttlTables;
    const found = this.allTables().filter(({ scope, name }) => this.get(scope, name)?.meta.settings.ttl?.enabled === true);
    // Inside a transaction the rows may still roll back: use the list, keep only committed state.
    if (!this.db.inTransaction) this.ttlTables = found;
    return found;
  }
}

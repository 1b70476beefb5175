// Bucket rows and per-bucket configuration documents (tagging, policy, CORS, lifecycle, …) in SQLite.
// Names are global: one row per name whatever the account, which still records owner account and region.
// Rows and configs are cached in memory (every request reads its bucket, most read a config or two): a write
// drops the entry, and reads inside a transaction are not cached, so a rollback never leaves a stale entry.
import type Database from 'better-sqlite3';
import type { VersioningState } from './versioning.js';

export interface BucketRow {
  name: string;
  account: string;
  region: string;
  locationConstraint: string | undefined;
  createdAt: number;
  versioning: VersioningState;
  objectLock: boolean;
}

interface RawBucket {
  name: string;
  account: string;
  region: string;
  location_constraint: string | null;
  created_at: number;
  versioning: string;
  object_lock: number;
}

/** Configuration documents a bucket may carry, stored as JSON of the API shape. */
export type BucketConfigKind =
  | 'tagging' | 'policy' | 'cors' | 'lifecycle' | 'encryption' | 'acl' | 'ownership' | 'public-access-block'
  | 'notification' | 'accelerate' | 'website' | 'logging' | 'replication' | 'request-payment' | 'object-lock'
  | 'inventory' | 'analytics' | 'metrics' | 'intelligent-tiering';

export class BucketStore {
  private readonly getStmt: Database.Statement<[string], RawBucket>;
  private readonly listStmt: Database.Statement<[string], RawBucket>;
  private readonly insertStmt: Database.Statement<[string, string, string, string | null, number, number]>;
  private readonly deleteStmt: Database.Statement<[string]>;
  private readonly deleteConfigsStmt: Database.Statement<[string]>;
  private readonly versioningStmt: Database.Statement<[string, string]>;
  private readonly objectLockStmt: Database.Statement<[string]>;
  private readonly getConfigStmt: Database.Statement<[string, string], { value: string }>;
  private readonly putConfigStmt: Database.Statement<[string, string, string]>;
  private readonly deleteConfigStmt: Database.Statement<[string, string]>;
  private readonly withConfigStmt: Database.Statement<[string], { bucket: string }>;
  private readonly rows = new Map<string, BucketRow>();
  /** Parsed config documents by `bucket \0 kind`; null records a known absence. */
  private readonly configs = new Map<string, unknown>();

  constructor(private readonly db: Database.Database) {
    this.getStmt = db.prepare('SELECT * FROM s3_buckets WHERE name = ?');
    this.listStmt = db.prepare('SELECT * FROM s3_buckets WHERE account = ? ORDER BY name');
    this.insertStmt = db.prepare(`INSERT INTO s3_buckets (name, account, region, location_constraint, created_at, object_lock)
                                  VALUES (?, ?, ?, ?, ?, ?)`);
    this.deleteStmt = db.prepare('DELETE FROM s3_buckets WHERE name = ?');
    this.deleteConfigsStmt = db.prepare('DELETE FROM s3_bucket_configs WHERE bucket = ?');
    this.versioningStmt = db.prepare('UPDATE s3_buckets SET versioning = ? WHERE name = ?');
    this.objectLockStmt = db.prepare('UPDATE s3_buckets SET object_lock = 1 WHERE name = ?');
    this.getConfigStmt = db.prepare('SELECT value FROM s3_bucket_configs WHERE bucket = ? AND kind = ?');
    this.putConfigStmt = db.prepare(`INSERT INTO s3_bucket_configs (bucket, kind, value) VALUES (?, ?, ?)
                                     ON CONFLICT (bucket, kind) DO UPDATE SET value = excluded.value`);
    this.deleteConfigStmt = db.prepare('DELETE FROM s3_bucket_configs WHERE bucket = ? AND kind = ?');
    this.withConfigStmt = db.prepare('SELECT bucket FROM s3_bucket_configs WHERE kind = ? ORDER BY bucket');
  }

  get(name: string): BucketRow | undefined {
    const cached = this.rows.get(name);
    if (cached !== undefined) return { ...cached };
    const raw = this.getStmt.get(name);
    if (raw === undefined) return undefined;
    const row = toBucket(raw);
    if (!this.db.inTransaction) this.rows.set(name, row);
    return { ...row };
  }

  /** Drops every cached row and config (after POST /_kumo/reset wiped the tables). */
  clearCache(): void {
    this.rows.clear();
    this.configs.clear();
  }

  /** Buckets the account owns, by name. */
  listOwnedBy(account: string): BucketRow[] {
    return this.listStmt.all(account).map(toBucket);
  }

  insert(row: Omit<BucketRow, 'versioning'>): void {
    this.forget(row.name);
    this.insertStmt.run(row.name, row.account, row.region, row.locationConstraint ?? null, row.createdAt, row.objectLock ? 1 : 0);
  }

  delete(name: string): void {
    this.forget(name);
    this.deleteConfigsStmt.run(name);
    this.deleteStmt.run(name);
  }

  setVersioning(name: string, state: VersioningState): void {
    this.rows.delete(name);
    this.versioningStmt.run(state, name);
  }

  setObjectLock(name: string): void {
    this.rows.delete(name);
    this.objectLockStmt.run(name);
  }

  /** The stored document; callers get their own copy (structuredClone), so mutating it never touches the cache. */
  getConfig<T>(bucket: string, kind: BucketConfigKind): T | undefined {
    const id = `${bucket}\0${kind}`;
    let value = this.configs.get(id);
    if (value === undefined) {
      const row = this.getConfigStmt.get(bucket, kind);
      value = row === undefined ? null : (JSON.parse(row.value) as unknown);
      if (!this.db.inTransaction) this.configs.set(id, value);
    }
    return value === null ? undefined : (typeof value === 'object' ? structuredClone(value) : value) as T;
  }

  putConfig(bucket: string, kind: BucketConfigKind, value: unknown): void {
    this.configs.delete(`${bucket}\0${kind}`);
    this.putConfigStmt.run(bucket, kind, JSON.stringify(value));
  }

  /** Names of buckets carrying a configuration of this kind (the lifecycle runner's work list). */
  bucketsWithConfig(kind: BucketConfigKind): string[] {
    return this.withConfigStmt.all(kind).map((r) => r.bucket);
  }

  private forget(name: string): void {
    this.rows.delete(name);
    for (const id of this.configs.keys()) if (id.startsWith(`${name}\0`)) this.configs.delete(id);
  }

  /** True when a configuration was removed. */
  deleteConfig(bucket: string, kind: BucketConfigKind): boolean {
    this.configs.delete(`${bucket}\0${kind}`);
    return this.deleteConfigStmt.run(bucket, kind).changes > 0;
  }
}

function toBucket(raw: RawBucket): BucketRow {
  return {
    name: raw.name,
    account: raw.account,
    region: raw.region,
    locationConstraint: raw.location_constraint ?? undefined,
    createdAt: raw.created_at,
    versioning: raw.versioning === 'Enabled' || raw.versioning === 'Suspended' ? raw.versioning : '',
    objectLock: raw.object_lock === 1,
  };
}

// Bucket rows and per-bucket configuration documents (tagging, policy, CORS, lifecycle, …) in SQLite.
// Names are global: one row per name whatever the account, which still records owner account and region.
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
  | 'notification' | 'accelerate' | 'website' | 'logging' | 'replication' | 'request-payment' | 'object-lock';

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

  constructor(db: Database.Database) {
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
    const raw = this.getStmt.get(name);
    return raw === undefined ? undefined : toBucket(raw);
  }

  /** Buckets the account owns, by name. */
  listOwnedBy(account: string): BucketRow[] {
    return this.listStmt.all(account).map(toBucket);
  }

  insert(row: Omit<BucketRow, 'versioning'>): void {
    this.insertStmt.run(row.name, row.account, row.region, row.locationConstraint ?? null, row.createdAt, row.objectLock ? 1 : 0);
  }

  delete(name: string): void {
    this.deleteConfigsStmt.run(name);
    this.deleteStmt.run(name);
  }

  setVersioning(name: string, state: VersioningState): void {
    this.versioningStmt.run(state, name);
  }

  setObjectLock(name: string): void {
    this.objectLockStmt.run(name);
  }

  getConfig<T>(bucket: string, kind: BucketConfigKind): T | undefined {
    const row = this.getConfigStmt.get(bucket, kind);
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  putConfig(bucket: string, kind: BucketConfigKind, value: unknown): void {
    this.putConfigStmt.run(bucket, kind, JSON.stringify(value));
  }

  /** Names of buckets carrying a configuration of this kind (the lifecycle runner's work list). */
  bucketsWithConfig(kind: BucketConfigKind): string[] {
    return this.withConfigStmt.all(kind).map((r) => r.bucket);
  }

  /** True when a configuration was removed. */
  deleteConfig(bucket: string, kind: BucketConfigKind): boolean {
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

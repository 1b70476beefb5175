// CloudFront's repository: one generic table of configuration resources (kind + id → config JSON, ETag, caller
// reference, extra state), invalidations and tags. Every write is committed before the API answers.
import type { StateStore } from '../../store/state-store.js';

export const GLOBAL_REGION = 'us-east-1';

export type ResourceKind = 'distribution' | 'cache-policy' | 'origin-request-policy' | 'response-headers-policy' | 'oac' | 'oai' | 'public-key' | 'key-group';

export interface StoredResource<C = Record<string, unknown>, X = Record<string, unknown>> {
  account: string;
  kind: ResourceKind;
  id: string;
  callerReference: string | undefined;
  name: string | undefined;
  etag: string;
  config: C;
  extra: X;
  created: number;
  modified: number;
}

export interface StoredInvalidation {
  account: string;
  distributionId: string;
  id: string;
  callerReference: string;
  paths: string[];
  created: number;
}

interface ResourceRow {
  account: string;
  kind: ResourceKind;
  id: string;
  caller_ref: string | null;
  name: string | null;
  etag: string;
  config: string;
  extra: string;
  created: number;
  modified: number;
}

function toResource<C, X>(r: ResourceRow): StoredResource<C, X> {
  return {
    account: r.account,
    kind: r.kind,
    id: r.id,
    callerReference: r.caller_ref ?? undefined,
    name: r.name ?? undefined,
    etag: r.etag,
    config: JSON.parse(r.config) as C,
    extra: JSON.parse(r.extra) as X,
    created: r.created,
    modified: r.modified,
  };
}

interface InvalidationRow {
  account: string;
  distribution_id: string;
  id: string;
  caller_ref: string;
  paths: string;
  created: number;
}

const toInvalidation = (r: InvalidationRow): StoredInvalidation => ({
  account: r.account,
  distributionId: r.distribution_id,
  id: r.id,
  callerReference: r.caller_ref,
  paths: JSON.parse(r.paths) as string[],
  created: r.created,
});

export class CloudFrontStore {
  constructor(readonly store: StateStore) {}

  private get db() {
    return this.store.db;
  }

  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  insert(r: StoredResource<unknown, unknown>): void {
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM cf_resources').get() as { n: number }).n;
    this.db
      .prepare('INSERT INTO cf_resources (account, region, kind, id, caller_ref, name, etag, config, extra, created, modified, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.account, GLOBAL_REGION, r.kind, r.id, r.callerReference ?? null, r.name ?? null, r.etag, JSON.stringify(r.config), JSON.stringify(r.extra), r.created, r.modified, seq);
  }

  update(r: StoredResource<unknown, unknown>): void {
    this.db
      .prepare('UPDATE cf_resources SET name = ?, etag = ?, config = ?, extra = ?, modified = ? WHERE kind = ? AND id = ?')
      .run(r.name ?? null, r.etag, JSON.stringify(r.config), JSON.stringify(r.extra), r.modified, r.kind, r.id);
  }

  get<C, X = Record<string, unknown>>(account: string, kind: ResourceKind, id: string): StoredResource<C, X> | undefined {
    const row = this.db.prepare('SELECT * FROM cf_resources WHERE account = ? AND kind = ? AND id = ?').get(account, kind, id) as ResourceRow | undefined;
    return row ? toResource<C, X>(row) : undefined;
  }

  byCallerReference<C, X = Record<string, unknown>>(account: string, kind: ResourceKind, ref: string): StoredResource<C, X> | undefined {
    const row = this.db.prepare('SELECT * FROM cf_resources WHERE account = ? AND kind = ? AND caller_ref = ?').get(account, kind, ref) as ResourceRow | undefined;
    return row ? toResource<C, X>(row) : undefined;
  }

  byName<C, X = Record<string, unknown>>(account: string, kind: ResourceKind, name: string): StoredResource<C, X> | undefined {
    const row = this.db.prepare('SELECT * FROM cf_resources WHERE account = ? AND kind = ? AND name = ?').get(account, kind, name) as ResourceRow | undefined;
    return row ? toResource<C, X>(row) : undefined;
  }

  /** An account's resources of one kind in creation order. */
  list<C, X = Record<string, unknown>>(account: string, kind: ResourceKind): StoredResource<C, X>[] {
    return (this.db.prepare('SELECT * FROM cf_resources WHERE account = ? AND kind = ? ORDER BY seq').all(account, kind) as ResourceRow[]).map((r) => toResource<C, X>(r));
  }

  /** Every resource of one kind in every account (the edge loads all distributions at start). */
  all<C, X = Record<string, unknown>>(kind: ResourceKind): StoredResource<C, X>[] {
    return (this.db.prepare('SELECT * FROM cf_resources WHERE kind = ? ORDER BY seq').all(kind) as ResourceRow[]).map((r) => toResource<C, X>(r));
  }

  delete(kind: ResourceKind, id: string): void {
    this.db.prepare('DELETE FROM cf_resources WHERE kind = ? AND id = ?').run(kind, id);
  }

  // Invalidations

  insertInvalidation(i: StoredInvalidation): void {
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM cf_invalidations').get() as { n: number }).n;
    this.db
      .prepare('INSERT INTO cf_invalidations (account, region, distribution_id, id, caller_ref, paths, created, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(i.account, GLOBAL_REGION, i.distributionId, i.id, i.callerReference, JSON.stringify(i.paths), i.created, seq);
  }

  invalidation(distributionId: string, id: string): StoredInvalidation | undefined {
    const row = this.db.prepare('SELECT * FROM cf_invalidations WHERE distribution_id = ? AND id = ?').get(distributionId, id) as InvalidationRow | undefined;
    return row ? toInvalidation(row) : undefined;
  }

  invalidationByCallerReference(distributionId: string, ref: string): StoredInvalidation | undefined {
    const row = this.db.prepare('SELECT * FROM cf_invalidations WHERE distribution_id = ? AND caller_ref = ?').get(distributionId, ref) as InvalidationRow | undefined;
    return row ? toInvalidation(row) : undefined;
  }

  /** A distribution's invalidations, newest first (ListInvalidations' order). */
  invalidations(distributionId: string): StoredInvalidation[] {
    return (this.db.prepare('SELECT * FROM cf_invalidations WHERE distribution_id = ? ORDER BY seq DESC').all(distributionId) as InvalidationRow[]).map(toInvalidation);
  }

  deleteInvalidations(distributionId: string): void {
    this.db.prepare('DELETE FROM cf_invalidations WHERE distribution_id = ?').run(distributionId);
  }

  // Tags

  tags(arn: string): { Key: string; Value: string }[] {
    return (this.db.prepare('SELECT key, value FROM cf_tags WHERE arn = ? ORDER BY key').all(arn) as { key: string; value: string }[]).map((r) => ({ Key: r.key, Value: r.value }));
  }

  putTag(account: string, arn: string, key: string, value: string): void {
    this.db.prepare('INSERT INTO cf_tags (account, region, arn, key, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value').run(account, GLOBAL_REGION, arn, key, value);
  }

  deleteTag(arn: string, key: string): void {
    this.db.prepare('DELETE FROM cf_tags WHERE arn = ? AND key = ?').run(arn, key);
  }

  deleteTags(arn: string): void {
    this.db.prepare('DELETE FROM cf_tags WHERE arn = ?').run(arn);
  }
}

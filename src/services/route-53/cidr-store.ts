// CIDR collections' rows: a collection (name, caller reference, version) and its blocks by location, plus the
// question which record sets route by a collection or location (a collection or block in use cannot go).
import type { StateStore } from '../../store/state-store.js';
import type { CidrCollections } from '../../net/dns/cidr-table.js';
import { GLOBAL_REGION } from './store.js';

export interface CidrCollectionRow {
  account: string;
  id: string;
  name: string;
  callerReference: string;
  version: number;
}

interface Row {
  account: string;
  id: string;
  name: string;
  caller_ref: string;
  version: number;
}

const toCollection = (r: Row): CidrCollectionRow => ({ account: r.account, id: r.id, name: r.name, callerReference: r.caller_ref, version: r.version });

export class CidrStore {
  constructor(private readonly store: StateStore) {}

  private get db() {
    return this.store.db;
  }

  insert(c: CidrCollectionRow): void {
    this.db.prepare('INSERT INTO r53_cidr_collections (account, region, id, name, caller_ref, version) VALUES (?, ?, ?, ?, ?, ?)').run(c.account, GLOBAL_REGION, c.id, c.name, c.callerReference, c.version);
  }

  get(account: string, id: string): CidrCollectionRow | undefined {
    const row = this.db.prepare('SELECT * FROM r53_cidr_collections WHERE account = ? AND id = ?').get(account, id) as Row | undefined;
    return row ? toCollection(row) : undefined;
  }

  byName(account: string, name: string): CidrCollectionRow | undefined {
    const row = this.db.prepare('SELECT * FROM r53_cidr_collections WHERE account = ? AND name = ?').get(account, name) as Row | undefined;
    return row ? toCollection(row) : undefined;
  }

  /** Collections of an account by name, from `after` (exclusive). */
  list(account: string, after: string, limit: number): CidrCollectionRow[] {
    return (this.db.prepare('SELECT * FROM r53_cidr_collections WHERE account = ? AND name > ? ORDER BY name LIMIT +?').all(account, after, limit) as Row[]).map(toCollection);
  }

  setVersion(id: string, version: number): void {
    this.db.prepare('UPDATE r53_cidr_collections SET version = ? WHERE id = ?').run(version, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM r53_cidr_blocks WHERE collection_id = ?').run(id);
    this.db.prepare('DELETE FROM r53_cidr_collections WHERE id = ?').run(id);
  }

  /** Location names in order, from `after` (exclusive). */
  locations(id: string, after = '', limit = Number.MAX_SAFE_INTEGER): string[] {
    return (this.db.prepare('SELECT DISTINCT location FROM r53_cidr_blocks WHERE collection_id = ? AND location > ? ORDER BY location LIMIT +?').all(id, after, limit) as { location: string }[]).map((r) => r.location);
  }

  /** Blocks (with their location) in (location, cidr) order after the `after` pair, optionally of one location. */
  blocks(id: string, location: string | undefined, after: [string, string] | undefined, limit: number): { location: string; cidr: string }[] {
    const [afterLocation, afterCidr] = after ?? ['', ''];
    const rows =
      location === undefined
        ? this.db.prepare('SELECT location, cidr FROM r53_cidr_blocks WHERE collection_id = ? AND (location > ? OR (location = ? AND cidr > ?)) ORDER BY location, cidr LIMIT +?').all(id, afterLocation, afterLocation, afterCidr, limit)
        : this.db.prepare('SELECT location, cidr FROM r53_cidr_blocks WHERE collection_id = ? AND location = ? AND cidr > ? ORDER BY cidr LIMIT +?').all(id, location, afterCidr, limit);
    return rows as { location: string; cidr: string }[];
  }

  locationOf(id: string, cidr: string): string | undefined {
    return (this.db.prepare('SELECT location FROM r53_cidr_blocks WHERE collection_id = ? AND cidr = ?').get(id, cidr) as { location: string } | undefined)?.location;
  }

  putBlock(id: string, location: string, cidr: string): void {
    this.db.prepare('INSERT OR REPLACE INTO r53_cidr_blocks (collection_id, location, cidr) VALUES (?, ?, ?)').run(id, location, cidr);
  }

  deleteBlock(id: string, location: string, cidr: string): void {
    this.db.prepare('DELETE FROM r53_cidr_blocks WHERE collection_id = ? AND location = ? AND cidr = ?').run(id, location, cidr);
  }

  blockCount(id: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM r53_cidr_blocks WHERE collection_id = ?').get(id) as { n: number }).n;
  }

  /** Whether a record set routes by this collection (and location, when given). */
  inUse(id: string, location?: string): boolean {
    const row =
      location === undefined
        ? this.db.prepare('SELECT 1 FROM r53_records WHERE cidr_collection = ? LIMIT 1').get(id)
        : this.db.prepare('SELECT 1 FROM r53_records WHERE cidr_collection = ? AND cidr_location = ? LIMIT 1').get(id, location);
    return row !== undefined;
  }

  /** One collection as the DNS server reads it: location → blocks. */
  published(id: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const r of this.db.prepare('SELECT location, cidr FROM r53_cidr_blocks WHERE collection_id = ?').all(id) as { location: string; cidr: string }[]) (out[r.location] ??= []).push(r.cidr);
    return out;
  }

  /** Every collection of every account, for the DNS server at start. */
  allPublished(): CidrCollections {
    const out: CidrCollections = {};
    for (const r of this.db.prepare('SELECT collection_id, location, cidr FROM r53_cidr_blocks').all() as { collection_id: string; location: string; cidr: string }[]) {
      const c = (out[r.collection_id] ??= {}) as Record<string, string[]>;
      (c[r.location] ??= []).push(r.cidr);
    }
    return out;
  }
}

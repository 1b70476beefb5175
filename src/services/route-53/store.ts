// Route 53's repository: hosted zones, record set rows (read by name for change batches, by sort key for listing),
// changes, health checks and tags, all in the state store. Every write is committed before the API answers.
import type { StateStore } from '../../store/state-store.js';
import { recordKey, storedName, type ResourceRecordSet } from './record-sets.js';

export const GLOBAL_REGION = 'us-east-1';

export interface Zone {
  account: string;
  id: string;
  name: string;
  callerReference: string;
  comment: string | undefined;
  privateZone: boolean;
  vpcs: { VPCRegion?: string; VPCId?: string }[];
  nameServers: string[];
  seq: number;
}

export interface StoredHealthCheck {
  account: string;
  id: string;
  callerReference: string;
  config: Record<string, unknown>;
  version: number;
}

interface ZoneRow {
  account: string;
  id: string;
  name: string;
  caller_ref: string;
  comment: string | null;
  private: number;
  vpcs: string;
  name_servers: string;
  seq: number;
}

function toZone(r: ZoneRow): Zone {
  return {
    account: r.account,
    id: r.id,
    name: r.name,
    callerReference: r.caller_ref,
    comment: r.comment ?? undefined,
    privateZone: r.private === 1,
    vpcs: JSON.parse(r.vpcs) as Zone['vpcs'],
    nameServers: JSON.parse(r.name_servers) as string[],
    seq: r.seq,
  };
}

/** Route 53's listing order key: labels reversed, then type, then set identifier (\x01 sorts below any label byte). */
export function sortKey(r: ResourceRecordSet): string {
  const name = storedName(r.Name).replace(/\.$/, '').split('.').reverse().join('.');
  return `${name}\x01${r.Type}\x01${r.SetIdentifier ?? ''}`;
}

export class Route53Store {
  constructor(readonly store: StateStore) {}

  private get db() {
    return this.store.db;
  }

  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  // Hosted zones

  insertZone(z: Omit<Zone, 'seq'>): Zone {
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM r53_zones').get() as { n: number }).n;
    this.db
      .prepare('INSERT INTO r53_zones (account, region, id, name, caller_ref, comment, private, vpcs, name_servers, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(z.account, GLOBAL_REGION, z.id, z.name, z.callerReference, z.comment ?? null, z.privateZone ? 1 : 0, JSON.stringify(z.vpcs), JSON.stringify(z.nameServers), seq);
    return { ...z, seq };
  }

  zone(account: string, id: string): Zone | undefined {
    const row = this.db.prepare('SELECT * FROM r53_zones WHERE account = ? AND id = ?').get(account, id) as ZoneRow | undefined;
    return row ? toZone(row) : undefined;
  }

  zoneByCallerReference(account: string, ref: string): Zone | undefined {
    const row = this.db.prepare('SELECT * FROM r53_zones WHERE account = ? AND caller_ref = ?').get(account, ref) as ZoneRow | undefined;
    return row ? toZone(row) : undefined;
  }

  /** Zones of an account ordered by id (ListHostedZones). */
  zones(account: string): Zone[] {
    return (this.db.prepare('SELECT * FROM r53_zones WHERE account = ? ORDER BY id').all(account) as ZoneRow[]).map(toZone);
  }

  /** Every zone of every account, for the DNS server at start. */
  allZones(): Zone[] {
    return (this.db.prepare('SELECT * FROM r53_zones ORDER BY seq').all() as ZoneRow[]).map(toZone);
  }

  updateZoneComment(id: string, comment: string | undefined): void {
    this.db.prepare('UPDATE r53_zones SET comment = ? WHERE id = ?').run(comment ?? null, id);
  }

  deleteZone(id: string): void {
    this.db.prepare('DELETE FROM r53_records WHERE zone_id = ?').run(id);
    this.db.prepare('DELETE FROM r53_zones WHERE id = ?').run(id);
  }

  zoneCount(account: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM r53_zones WHERE account = ?').get(account) as { n: number }).n;
  }

  // Record sets

  recordCount(zoneId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM r53_records WHERE zone_id = ?').get(zoneId) as { n: number }).n;
  }

  recordsAt(zoneId: string, names: readonly string[]): ResourceRecordSet[] {
    const stmt = this.db.prepare('SELECT body FROM r53_records WHERE zone_id = ? AND name = ?');
    return names.flatMap((n) => (stmt.all(zoneId, n) as { body: string }[]).map((r) => JSON.parse(r.body) as ResourceRecordSet));
  }

  allRecords(zoneId: string): ResourceRecordSet[] {
    return (this.db.prepare('SELECT body FROM r53_records WHERE zone_id = ? ORDER BY sort_key').all(zoneId) as { body: string }[]).map((r) => JSON.parse(r.body) as ResourceRecordSet);
  }

  /** Up to `limit` record sets from `start` (a sort key) on, in Route 53 order. */
  recordPage(zoneId: string, start: string, limit: number): ResourceRecordSet[] {
    return (this.db.prepare('SELECT body FROM r53_records WHERE zone_id = ? AND sort_key >= ? ORDER BY sort_key LIMIT +?').all(zoneId, start, limit) as { body: string }[]).map(
      (r) => JSON.parse(r.body) as ResourceRecordSet,
    );
  }

  putRecord(account: string, zoneId: string, r: ResourceRecordSet): void {
    this.db
      .prepare('INSERT OR REPLACE INTO r53_records (account, region, zone_id, rkey, name, sort_key, health_check_id, body, cidr_collection, cidr_location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(account, GLOBAL_REGION, zoneId, recordKey(r), storedName(r.Name), sortKey(r), r.HealthCheckId ?? null, JSON.stringify(r), r.CidrRoutingConfig?.CollectionId ?? null, r.CidrRoutingConfig?.LocationName ?? null);
  }

  deleteRecord(zoneId: string, r: ResourceRecordSet): void {
    this.db.prepare('DELETE FROM r53_records WHERE zone_id = ? AND rkey = ?').run(zoneId, recordKey(r));
  }

  healthCheckInUse(healthCheckId: string): boolean {
    return this.db.prepare('SELECT 1 FROM r53_records WHERE health_check_id = ? LIMIT 1').get(healthCheckId) !== undefined;
  }

  // Changes

  insertChange(account: string, id: string, submittedAt: number, comment: string | undefined): void {
    this.db.prepare('INSERT INTO r53_changes (account, region, id, submitted_at, comment) VALUES (?, ?, ?, ?, ?)').run(account, GLOBAL_REGION, id, submittedAt, comment ?? null);
  }

  change(account: string, id: string): { id: string; submittedAt: number; comment: string | undefined } | undefined {
    const row = this.db.prepare('SELECT id, submitted_at, comment FROM r53_changes WHERE account = ? AND id = ?').get(account, id) as
      | { id: string; submitted_at: number; comment: string | null }
      | undefined;
    return row ? { id: row.id, submittedAt: row.submitted_at, comment: row.comment ?? undefined } : undefined;
  }

  // Health checks

  insertHealthCheck(h: StoredHealthCheck): void {
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM r53_health_checks').get() as { n: number }).n;
    this.db
      .prepare('INSERT INTO r53_health_checks (account, region, id, caller_ref, config, version, seq) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(h.account, GLOBAL_REGION, h.id, h.callerReference, JSON.stringify(h.config), h.version, seq);
  }

  private toHealthCheck(row: { account: string; id: string; caller_ref: string; config: string; version: number }): StoredHealthCheck {
    return { account: row.account, id: row.id, callerReference: row.caller_ref, config: JSON.parse(row.config) as Record<string, unknown>, version: row.version };
  }

  healthCheck(account: string, id: string): StoredHealthCheck | undefined {
    const row = this.db.prepare('SELECT * FROM r53_health_checks WHERE account = ? AND id = ?').get(account, id) as Parameters<Route53Store['toHealthCheck']>[0] | undefined;
    return row ? this.toHealthCheck(row) : undefined;
  }

  healthCheckByCallerReference(account: string, ref: string): StoredHealthCheck | undefined {
    const row = this.db.prepare('SELECT * FROM r53_health_checks WHERE account = ? AND caller_ref = ?').get(account, ref) as Parameters<Route53Store['toHealthCheck']>[0] | undefined;
    return row ? this.toHealthCheck(row) : undefined;
  }

  healthChecks(account: string): StoredHealthCheck[] {
    return (this.db.prepare('SELECT * FROM r53_health_checks WHERE account = ? ORDER BY seq').all(account) as Parameters<Route53Store['toHealthCheck']>[0][]).map((r) => this.toHealthCheck(r));
  }

  allHealthChecks(): StoredHealthCheck[] {
    return (this.store.statement('SELECT * FROM r53_health_checks ORDER BY seq').all() as Parameters<Route53Store['toHealthCheck']>[0][]).map((r) => this.toHealthCheck(r));
  }

  updateHealthCheck(id: string, config: Record<string, unknown>, version: number): void {
    this.db.prepare('UPDATE r53_health_checks SET config = ?, version = ? WHERE id = ?').run(JSON.stringify(config), version, id);
  }

  deleteHealthCheck(account: string, id: string): void {
    this.db.prepare('DELETE FROM r53_health_checks WHERE id = ?').run(id);
    this.db.prepare('DELETE FROM r53_health_state WHERE id = ?').run(id);
    this.db.prepare("DELETE FROM r53_tags WHERE account = ? AND resource_type = 'healthcheck' AND resource_id = ?").run(account, id);
  }

  /** The checker's last probe state of a health check (JSON), kept so a restart does not reset its status. */
  healthState(id: string): string | undefined {
    return (this.db.prepare('SELECT state FROM r53_health_state WHERE id = ?').get(id) as { state: string } | undefined)?.state;
  }

  saveHealthState(id: string, state: string): void {
    this.db.prepare('INSERT OR REPLACE INTO r53_health_state (id, state) VALUES (?, ?)').run(id, state);
  }

  // Tags

  tags(account: string, type: string, id: string): { Key: string; Value: string }[] {
    return (this.db.prepare('SELECT tag_key, tag_value FROM r53_tags WHERE account = ? AND resource_type = ? AND resource_id = ? ORDER BY tag_key').all(account, type, id) as { tag_key: string; tag_value: string }[]).map(
      (r) => ({ Key: r.tag_key, Value: r.tag_value }),
    );
  }

  putTag(account: string, type: string, id: string, key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO r53_tags (account, region, resource_type, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)').run(account, GLOBAL_REGION, type, id, key, value);
  }

  deleteTag(account: string, type: string, id: string, key: string): void {
    this.db.prepare('DELETE FROM r53_tags WHERE account = ? AND resource_type = ? AND resource_id = ? AND tag_key = ?').run(account, type, id, key);
  }

  deleteTags(account: string, type: string, id: string): void {
    this.db.prepare('DELETE FROM r53_tags WHERE account = ? AND resource_type = ? AND resource_id = ?').run(account, type, id);
  }
}

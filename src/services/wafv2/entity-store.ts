// WAFv2 repository: web ACLs, rule groups, IP sets and regex pattern sets as JSON rows with their LockToken, plus
// associations and logging configurations; blobs (ByteMatch SearchString) are stored as base64 and revived as Buffers.
import type { Statement } from 'better-sqlite3';
import type { Tag } from '../../generated/wafv2/api.js';
import type { StateStore } from '../../store/state-store.js';

export type Kind = 'webacl' | 'rulegroup' | 'ipset' | 'regexset';
export type WafScope = 'REGIONAL' | 'CLOUDFRONT';

export interface Entity<B = Record<string, unknown>> {
  account: string;
  region: string;
  kind: Kind;
  scope: WafScope;
  id: string;
  name: string;
  arn: string;
  lockToken: string;
  body: B;
  tags: Tag[];
}

interface Row {
  account: string;
  region: string;
  kind: string;
  scope: string;
  id: string;
  name: string;
  arn: string;
  lock_token: string;
  body: string;
  tags: string;
}

/** JSON with Buffers kept: Buffer.toJSON gives {type:'Buffer', data}, stored as {"$b64": …}. */
export function encodeBody(body: unknown): string {
  return JSON.stringify(body, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return { $b64: Buffer.from((v as { data: number[] }).data).toString('base64') };
    }
    return v;
  });
}

export function decodeBody<B>(text: string): B {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && typeof (v as { $b64?: unknown }).$b64 === 'string') return Buffer.from((v as { $b64: string }).$b64, 'base64');
    return v;
  }) as B;
}

function fromRow<B>(r: Row): Entity<B> {
  return {
    account: r.account,
    region: r.region,
    kind: r.kind as Kind,
    scope: r.scope as WafScope,
    id: r.id,
    name: r.name,
    arn: r.arn,
    lockToken: r.lock_token,
    body: decodeBody<B>(r.body),
    tags: JSON.parse(r.tags) as Tag[],
  };
}

const COLS = 'account, region, kind, scope, id, name, arn, lock_token, body, tags';

export class EntityStore {
  private readonly s: {
    get: Statement<[string, string, string, string], Row>;
    byArn: Statement<[string], Row>;
    byName: Statement<[string, string, string, string, string], Row>;
    list: Statement<[string, string, string, string], Row>;
    count: Statement<[string, string, string, string], { n: number }>;
    insert: Statement<unknown[]>;
    update: Statement<[string, string, string]>;
    setTags: Statement<[string, string]>;
    delete: Statement<[string]>;
    referencing: Statement<[string, string, string], { arn: string }>;
    associate: Statement<[string, string, string, string]>;
    disassociate: Statement<[string]>;
    association: Statement<[string], { web_acl_arn: string }>;
    resourcesOf: Statement<[string], { resource_arn: string }>;
    putLogging: Statement<[string, string, string, string]>;
    getLogging: Statement<[string], { body: string }>;
    deleteLogging: Statement<[string]>;
    listLogging: Statement<[string, string], { body: string }>;
    nextSeq: Statement<[], { next: number }>;
  };

  constructor(readonly store: StateStore) {
    const db = store.db;
    this.s = {
      get: db.prepare(`SELECT ${COLS} FROM waf_entities WHERE account = ? AND region = ? AND kind = ? AND id = ?`),
      byArn: db.prepare(`SELECT ${COLS} FROM waf_entities WHERE arn = ?`),
      byName: db.prepare(`SELECT ${COLS} FROM waf_entities WHERE account = ? AND region = ? AND kind = ? AND scope = ? AND name = ?`),
      list: db.prepare(`SELECT ${COLS} FROM waf_entities WHERE account = ? AND region = ? AND kind = ? AND scope = ? ORDER BY name, seq`),
      count: db.prepare('SELECT COUNT(*) AS n FROM waf_entities WHERE account = ? AND region = ? AND kind = ? AND scope = ?'),
      insert: db.prepare(`INSERT INTO waf_entities (${COLS}, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: db.prepare('UPDATE waf_entities SET body = ?, lock_token = ? WHERE arn = ?'),
      setTags: db.prepare('UPDATE waf_entities SET tags = ? WHERE arn = ?'),
      delete: db.prepare('DELETE FROM waf_entities WHERE arn = ?'),
      referencing: db.prepare(
        "SELECT arn FROM waf_entities WHERE account = ? AND region = ? AND kind IN ('webacl', 'rulegroup') AND instr(body, ?) > 0 LIMIT 1",
      ),
      associate: db.prepare('INSERT OR REPLACE INTO waf_associations (account, region, resource_arn, web_acl_arn) VALUES (?, ?, ?, ?)'),
      disassociate: db.prepare('DELETE FROM waf_associations WHERE resource_arn = ?'),
      association: db.prepare('SELECT web_acl_arn FROM waf_associations WHERE resource_arn = ?'),
      resourcesOf: db.prepare('SELECT resource_arn FROM waf_associations WHERE web_acl_arn = ? ORDER BY resource_arn'),
      putLogging: db.prepare('INSERT OR REPLACE INTO waf_logging (account, region, resource_arn, body) VALUES (?, ?, ?, ?)'),
      getLogging: db.prepare('SELECT body FROM waf_logging WHERE resource_arn = ?'),
      deleteLogging: db.prepare('DELETE FROM waf_logging WHERE resource_arn = ?'),
      listLogging: db.prepare('SELECT body FROM waf_logging WHERE account = ? AND region = ? ORDER BY resource_arn'),
      nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM waf_entities'),
    };
  }

  get<B>(account: string, region: string, kind: Kind, id: string): Entity<B> | undefined {
    const r = this.s.get.get(account, region, kind, id);
    return r ? fromRow<B>(r) : undefined;
  }

  byArn<B>(arn: string): Entity<B> | undefined {
    const r = this.s.byArn.get(arn);
    return r ? fromRow<B>(r) : undefined;
  }

  byName(account: string, region: string, kind: Kind, scope: WafScope, name: string): Entity | undefined {
    const r = this.s.byName.get(account, region, kind, scope, name);
    return r ? fromRow(r) : undefined;
  }

  list<B>(account: string, region: string, kind: Kind, scope: WafScope): Entity<B>[] {
    return this.s.list.all(account, region, kind, scope).map((r) => fromRow<B>(r));
  }

  count(account: string, region: string, kind: Kind, scope: WafScope): number {
    return this.s.count.get(account, region, kind, scope)?.n ?? 0;
  }

  /** Bumped by every write (and by reset), so the data planes' compiled caches know when to look again. */
  version = 0;

  insert(e: Entity<unknown>): void {
    this.version++;
    const seq = this.s.nextSeq.get()?.next ?? 1;
    this.s.insert.run(e.account, e.region, e.kind, e.scope, e.id, e.name, e.arn, e.lockToken, encodeBody(e.body), JSON.stringify(e.tags), seq);
  }

  update(arn: string, body: unknown, lockToken: string): void {
    this.version++;
    this.s.update.run(encodeBody(body), lockToken, arn);
  }

  setTags(arn: string, tags: Tag[]): void {
    this.s.setTags.run(JSON.stringify(tags), arn);
  }

  delete(arn: string): void {
    this.version++;
    this.s.delete.run(arn);
  }

  /** A web ACL or rule group whose stored body names `arn` (an IP set, regex set or rule group in use). */
  referencedBy(account: string, region: string, arn: string): string | undefined {
    return this.s.referencing.get(account, region, JSON.stringify(arn))?.arn;
  }

  associate(account: string, region: string, resourceArn: string, webAclArn: string): void {
    this.version++;
    this.s.associate.run(account, region, resourceArn, webAclArn);
  }

  disassociate(resourceArn: string): void {
    this.version++;
    this.s.disassociate.run(resourceArn);
  }

  association(resourceArn: string): string | undefined {
    return this.s.association.get(resourceArn)?.web_acl_arn;
  }

  resourcesOf(webAclArn: string): string[] {
    return this.s.resourcesOf.all(webAclArn).map((r) => r.resource_arn);
  }

  putLogging(account: string, region: string, resourceArn: string, body: unknown): void {
    this.s.putLogging.run(account, region, resourceArn, JSON.stringify(body));
  }

  getLogging<B>(resourceArn: string): B | undefined {
    const r = this.s.getLogging.get(resourceArn);
    return r ? (JSON.parse(r.body) as B) : undefined;
  }

  deleteLogging(resourceArn: string): void {
    this.s.deleteLogging.run(resourceArn);
  }

  listLogging<B>(account: string, region: string): B[] {
    return this.s.listLogging.all(account, region).map((r) => JSON.parse(r.body) as B);
  }
}

// EC2's resources in SQLite with a write-through cache: a call stages its writes in a unit of work, which commits
// them in one transaction before the answer and only then updates the cache, so a refused call changes nothing.
import type { Statement } from 'better-sqlite3';
import type { StateStore } from '../../store/state-store.js';
import { EC2_COMPONENT, EC2_MIGRATIONS, EC2_TABLES } from './migrations.js';

export type Kind =
  | 'vpc' | 'subnet' | 'igw' | 'rtb' | 'sg' | 'acl' | 'eni' | 'eip' | 'nat' | 'pcx' | 'key' | 'instance' | 'ami' | 'nip' | 'nia' | 'scope' | 'lt' | 'ltv' | 'dopt' | 'vol' | 'snap' | 'snapshare' | 'eigw' | 'pl' | 'vgw';

export interface Scope {
  readonly account: string;
  readonly region: string;
}

type KindMap = Map<Kind, Map<string, unknown>>;

export interface UnitOfWork {
  get<T>(scope: Scope, kind: Kind, id: string): T | undefined;
  list<T>(scope: Scope, kind: Kind): T[];
  put(scope: Scope, kind: Kind, id: string, value: object): void;
  delete(scope: Scope, kind: Kind, id: string): void;
}

export class Ec2Store {
  private readonly cache = new Map<string, KindMap>();
  private seq: number;
  private readonly upsert: Statement;
  private readonly remove: Statement;
  private readonly load: Statement;

  constructor(private readonly store: StateStore) {
    store.migrate(EC2_COMPONENT, EC2_MIGRATIONS);
    store.registerTables(EC2_COMPONENT, EC2_TABLES);
    const db = store.db;
    this.upsert = db.prepare(`INSERT INTO ec2_resources (account, region, kind, id, seq, data) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (account, region, kind, id) DO UPDATE SET data = excluded.data`);
    this.remove = db.prepare('DELETE FROM ec2_resources WHERE account = ? AND region = ? AND kind = ? AND id = ?');
    this.load = db.prepare('SELECT kind, id, data FROM ec2_resources WHERE account = ? AND region = ? ORDER BY seq');
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM ec2_resources').get() as { s: number }).s;
  }

  private scopeMap(scope: Scope): KindMap {
    const key = `${scope.account}\u0000${scope.region}`;
    let map = this.cache.get(key);
    if (!map) {
      map = new Map();
      for (const row of this.load.iterate(scope.account, scope.region) as Iterable<{ kind: Kind; id: string; data: string }>) {
        kindOf(map, row.kind).set(row.id, JSON.parse(row.data));
      }
      this.cache.set(key, map);
    }
    return map;
  }

  get<T>(scope: Scope, kind: Kind, id: string): T | undefined {
    return this.scopeMap(scope).get(kind)?.get(id) as T | undefined;
  }

  /** The resources of a kind in creation order. */
  list<T>(scope: Scope, kind: Kind): T[] {
    const m = this.scopeMap(scope).get(kind);
    return m ? ([...m.values()] as T[]) : [];
  }

  /**
   * Runs `fn` against a unit of work: reads see its own staged writes; when `fn` returns, the writes are committed in
   * one SQLite transaction and then applied to the cache. A throw discards them.
   */
  write<R>(fn: (uow: UnitOfWork) => R): R {
    const staged = new Map<string, { scope: Scope; kind: Kind; id: string; value: object | null }>();
    const key = (scope: Scope, kind: Kind, id: string) => `${scope.account}\u0000${scope.region}\u0000${kind}\u0000${id}`;
    const uow: UnitOfWork = {
      get: <T>(scope: Scope, kind: Kind, id: string) => {
        const s = staged.get(key(scope, kind, id));
        if (s) return (s.value ?? undefined) as T | undefined;
        return this.get<T>(scope, kind, id);
      },
      list: <T>(scope: Scope, kind: Kind) => {
        const base = new Map(this.scopeMap(scope).get(kind) ?? []);
        for (const s of staged.values()) {
          if (s.kind !== kind || s.scope.account !== scope.account || s.scope.region !== scope.region) continue;
          if (s.value === null) base.delete(s.id);
          else base.set(s.id, s.value);
        }
        return [...base.values()] as T[];
      },
      put: (scope, kind, id, value) => void staged.set(key(scope, kind, id), { scope, kind, id, value }),
      delete: (scope, kind, id) => void staged.set(key(scope, kind, id), { scope, kind, id, value: null }),
    };
    const result = fn(uow);
    if (staged.size === 0) return result;
    this.store.transaction(() => {
      for (const s of staged.values()) {
        if (s.value === null) this.remove.run(s.scope.account, s.scope.region, s.kind, s.id);
        else this.upsert.run(s.scope.account, s.scope.region, s.kind, s.id, ++this.seq, JSON.stringify(s.value));
      }
    });
    for (const s of staged.values()) {
      const m = kindOf(this.scopeMap(s.scope), s.kind);
      if (s.value === null) m.delete(s.id);
      else m.set(s.id, s.value);
    }
    return result;
  }

  /** Every stored resource of a kind in every account and region (the instance runner's restore at boot). */
  locate(kind: Kind): { scope: Scope; id: string }[] {
    const rows = this.store.db.prepare('SELECT account, region, id FROM ec2_resources WHERE kind = ? ORDER BY seq').all(kind) as { account: string; region: string; id: string }[];
    return rows.map((r) => ({ scope: { account: r.account, region: r.region }, id: r.id }));
  }

  /** After POST /_kumo/reset emptied the table. */
  clear(): void {
    this.cache.clear();
    this.seq = 0;
  }
}

function kindOf(map: KindMap, kind: Kind): Map<string, unknown> {
  let m = map.get(kind);
  if (!m) {
    m = new Map();
    map.set(kind, m);
  }
  return m;
}

// CLB state: every load balancer in memory (the data plane reads it per connection), written through to SQLite
// before an operation answers so a 2xx survives kill -9; loaded whole at boot so nodes bind without a request.
import type { StateStore } from '../../store/state-store.js';
import type { ClbRecord, Scoped } from './records.js';

export const CLB_COMPONENT = 'elastic-load-balancing';
const TABLES = ['clb_load_balancers'] as const;
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE clb_load_balancers (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) STRICT;`,
];

export function lbKey(scope: Scoped, name: string): string {
  return `${scope.account}/${scope.region}/${name.toLowerCase()}`;
}

export class ClbState {
  readonly lbs = new Map<string, ClbRecord>();
  /** Called after every change; the data plane reconciles its sockets and pools. */
  onChange: () => void = () => {};

  constructor(private readonly store: StateStore) {
    store.migrate(CLB_COMPONENT, MIGRATIONS);
    store.registerTables(CLB_COMPONENT, TABLES);
    this.load();
  }

  load(): void {
    this.lbs.clear();
    const rows = this.store.db.prepare('SELECT doc FROM clb_load_balancers').all() as Array<{ doc: string }>;
    for (const row of rows) {
      const rec = JSON.parse(row.doc) as ClbRecord;
      this.lbs.set(lbKey(rec, rec.name), rec);
    }
  }

  get(scope: Scoped, name: string): ClbRecord | undefined {
    return this.lbs.get(lbKey(scope, name));
  }

  inScope(scope: Scoped): ClbRecord[] {
    return [...this.lbs.values()].filter((r) => r.account === scope.account && r.region === scope.region);
  }

  put(rec: ClbRecord): void {
    this.store.db
      .prepare('INSERT INTO clb_load_balancers (account, region, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, name) DO UPDATE SET doc = excluded.doc')
      .run(rec.account, rec.region, rec.name.toLowerCase(), JSON.stringify(rec));
    this.lbs.set(lbKey(rec, rec.name), rec);
    this.onChange();
  }

  remove(rec: ClbRecord): void {
    this.store.db.prepare('DELETE FROM clb_load_balancers WHERE account = ? AND region = ? AND name = ?').run(rec.account, rec.region, rec.name.toLowerCase());
    this.lbs.delete(lbKey(rec, rec.name));
    this.onChange();
  }
}

// elbv2 state: every resource in memory (the data plane reads it on every request) and written through to SQLite
// before an operation answers, so a 2xx survives kill -9; loaded whole at boot.
import type { StateStore } from '../../store/state-store.js';
import type { ListenerRecord, LoadBalancerRecord, RuleRecord, Scoped, TargetGroupRecord } from './records.js';
import { ELBV2_COMPONENT, ELBV2_MIGRATIONS, ELBV2_TABLES } from './migrations.js';

type Kind = 'lb' | 'tg' | 'listener' | 'rule';

export class Elbv2State {
  readonly lbs = new Map<string, LoadBalancerRecord>();
  readonly tgs = new Map<string, TargetGroupRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly rules = new Map<string, RuleRecord>();
  /** Bumped on every change; the data plane rebuilds its routing tables when it moves. */
  version = 0;
  onChange: () => void = () => {};

  constructor(private readonly store: StateStore) {
    store.migrate(ELBV2_COMPONENT, ELBV2_MIGRATIONS);
    store.registerTables(ELBV2_COMPONENT, ELBV2_TABLES);
    this.load();
  }

  load(): void {
    this.lbs.clear();
    this.tgs.clear();
    this.listeners.clear();
    this.rules.clear();
    const rows = this.store.db.prepare('SELECT arn, kind, doc FROM elbv2_resources').all() as Array<{ arn: string; kind: Kind; doc: string }>;
    for (const row of rows) {
      const doc = JSON.parse(row.doc);
      this.mapOf(row.kind).set(row.arn, doc);
    }
    this.changed();
  }

  private mapOf(kind: Kind): Map<string, unknown> {
    return { lb: this.lbs, tg: this.tgs, listener: this.listeners, rule: this.rules }[kind];
  }

  put(kind: 'lb', arn: string, rec: LoadBalancerRecord): void;
  put(kind: 'tg', arn: string, rec: TargetGroupRecord): void;
  put(kind: 'listener', arn: string, rec: ListenerRecord): void;
  put(kind: 'rule', arn: string, rec: RuleRecord): void;
  put(kind: Kind, arn: string, rec: Scoped): void {
    this.store.db
      .prepare('INSERT INTO elbv2_resources (arn, kind, account, region, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET doc = excluded.doc')
      .run(arn, kind, rec.account, rec.region, JSON.stringify(rec));
    this.mapOf(kind).set(arn, rec);
    this.changed();
  }

  remove(kind: Kind, arn: string): void {
    this.store.db.prepare('DELETE FROM elbv2_resources WHERE arn = ?').run(arn);
    this.mapOf(kind).delete(arn);
    this.changed();
  }

  /** Several writes as one transaction (a listener and its default rule; a load balancer and its listeners). */
  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  private changed(): void {
    this.version++;
    this.onChange();
  }
}

export function inScope<T extends Scoped>(map: Map<string, T>, scope: Scoped): T[] {
  return [...map.values()].filter((r) => r.account === scope.account && r.region === scope.region);
}

// The Auto Scaling repository: every object kind as a JSON row keyed by scope, kind, group and name, and the
// activities of each group in insertion order. Writes happen inside the caller's store transaction.
import type { StateStore } from '../../store/state-store.js';
import type { ActivityRecord, ObjectKind, Scope } from './records.js';

type Row = { account: string; region: string; group_name: string; name: string; body: string };

export class AsgStore {
  constructor(readonly state: StateStore) {}

  get<T>(scope: Scope, kind: ObjectKind, name: string, group = ''): T | undefined {
    const row = this.state
      .statement('SELECT body FROM asg_objects WHERE account = ? AND region = ? AND kind = ? AND group_name = ? AND name = ?')
      .get(scope.account, scope.region, kind, group, name) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as T);
  }

  put(scope: Scope, kind: ObjectKind, name: string, body: unknown, group = ''): void {
    this.state
      .statement(
        `INSERT INTO asg_objects (account, region, kind, group_name, name, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account, region, kind, group_name, name) DO UPDATE SET body = excluded.body`,
      )
      .run(scope.account, scope.region, kind, group, name, JSON.stringify(body));
  }

  delete(scope: Scope, kind: ObjectKind, name: string, group = ''): void {
    this.state
      .statement('DELETE FROM asg_objects WHERE account = ? AND region = ? AND kind = ? AND group_name = ? AND name = ?')
      .run(scope.account, scope.region, kind, group, name);
  }

  /** Objects of a kind in a scope, sorted by name; `group` narrows to one group's. */
  list<T>(scope: Scope, kind: ObjectKind, group?: string): T[] {
    const rows = (group === undefined
      ? this.state.statement('SELECT body FROM asg_objects WHERE account = ? AND region = ? AND kind = ? ORDER BY group_name, name').all(scope.account, scope.region, kind)
      : this.state.statement('SELECT body FROM asg_objects WHERE account = ? AND region = ? AND kind = ? AND group_name = ? ORDER BY name').all(scope.account, scope.region, kind, group)) as Array<{ body: string }>;
    return rows.map((r) => JSON.parse(r.body) as T);
  }

  /** Every object of a kind in every scope (the controller's pass), with its scope. */
  all<T>(kind: ObjectKind): Array<{ scope: Scope; value: T }> {
    const rows = this.state.statement('SELECT account, region, group_name, name, body FROM asg_objects WHERE kind = ?').all(kind) as Row[];
    return rows.map((r) => ({ scope: { account: r.account, region: r.region }, value: JSON.parse(r.body) as T }));
  }

  /** Deletes a group's dependent objects and activities (DeleteAutoScalingGroup). */
  deleteGroupObjects(scope: Scope, group: string): void {
    this.state.statement('DELETE FROM asg_objects WHERE account = ? AND region = ? AND group_name = ?').run(scope.account, scope.region, group);
    this.state.statement('DELETE FROM asg_activities WHERE account = ? AND region = ? AND group_name = ?').run(scope.account, scope.region, group);
  }

  putActivity(scope: Scope, a: ActivityRecord): void {
    const existing = this.state.statement('SELECT seq FROM asg_activities WHERE id = ?').get(a.ActivityId) as { seq: number } | undefined;
    if (existing) this.state.statement('UPDATE asg_activities SET body = ? WHERE seq = ?').run(JSON.stringify(a), existing.seq);
    else this.state.statement('INSERT INTO asg_activities (account, region, group_name, id, body) VALUES (?, ?, ?, ?, ?)').run(scope.account, scope.region, a.AutoScalingGroupName, a.ActivityId, JSON.stringify(a));
  }

  /** Activities newest first, optionally of one group or with given ids. */
  activities(scope: Scope, group?: string): ActivityRecord[] {
    const rows = (group === undefined
      ? this.state.statement('SELECT body FROM asg_activities WHERE account = ? AND region = ? ORDER BY seq DESC').all(scope.account, scope.region)
      : this.state.statement('SELECT body FROM asg_activities WHERE account = ? AND region = ? AND group_name = ? ORDER BY seq DESC').all(scope.account, scope.region, group)) as Array<{ body: string }>;
    return rows.map((r) => JSON.parse(r.body) as ActivityRecord);
  }
}

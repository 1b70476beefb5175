// Dashboards (stored bodies, names as the recorded validation demands) and alarm tags (Tag/Untag/ListTagsForResource).
// Dashboards are global per account in their ARN (arn:aws:cloudwatch::<account>:dashboard/<name>) but stored per region.
import type { Statement } from 'better-sqlite3';
import type { GetDashboardOutput, ListDashboardsOutput, PutDashboardOutput, Tag } from '../../generated/cloudwatch/api.js';
import { AwsError } from '../../core/aws-error.js';
import type { StateStore } from '../../store/state-store.js';
import type { AlarmStore } from './alarm-store.js';
import { dashboardNotFound, invalidParameterValue, resourceNotFoundException } from './errors.js';
import type { Scope } from './metric-model.js';

const DASHBOARD_NAME = /^[A-Za-z0-9_-]+$/;

export function dashboardArn(scope: Scope, name: string): string {
  return `arn:aws:cloudwatch::${scope.account}:dashboard/${name}`;
}

type Row = { name: string; body: string; modified_at: number };

export class Dashboards {
  private readonly stmts: {
    put: Statement<[string, string, string, string, number]>;
    get: Statement<[string, string, string], Row>;
    del: Statement<[string, string, string]>;
    list: Statement<[string, string], Row>;
  };

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
  ) {
    const db = store.db;
    this.stmts = {
      put: db.prepare(
        `INSERT INTO cw_dashboards (account, region, name, body, modified_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account, region, name) DO UPDATE SET body = excluded.body, modified_at = excluded.modified_at`,
      ),
      get: db.prepare('SELECT name, body, modified_at FROM cw_dashboards WHERE account = ? AND region = ? AND name = ?'),
      del: db.prepare('DELETE FROM cw_dashboards WHERE account = ? AND region = ? AND name = ?'),
      list: db.prepare('SELECT name, body, modified_at FROM cw_dashboards WHERE account = ? AND region = ? ORDER BY name'),
    };
  }

  put(scope: Scope, name: string, body: string): PutDashboardOutput {
    if (!DASHBOARD_NAME.test(name)) {
      // Recorded wording, trailing newline included (test_invalid_dashboard_name).
      throw invalidParameterValue('The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AwsError('DashboardInvalidInputError', 'The field DashboardBody must be a valid JSON object', { status: 400 });
    }
    this.stmts.put.run(scope.account, scope.region, name, body, this.now());
    return { DashboardValidationMessages: [] };
  }

  get(scope: Scope, name: string): GetDashboardOutput {
    const row = this.stmts.get.get(scope.account, scope.region, name);
    if (row === undefined) throw dashboardNotFound('Dashboard does not exist');
    return { DashboardArn: dashboardArn(scope, name), DashboardBody: row.body, DashboardName: name };
  }

  delete(scope: Scope, names: readonly string[]): void {
    const missing = names.filter((n) => this.stmts.get.get(scope.account, scope.region, n) === undefined);
    if (missing.length > 0) throw dashboardNotFound(`The specified dashboard does not exist. [${missing.join(', ')}]`);
    this.store.transaction(() => {
      for (const n of names) this.stmts.del.run(scope.account, scope.region, n);
    });
  }

  list(scope: Scope, prefix: string | undefined): ListDashboardsOutput {
    const rows = this.stmts.list.all(scope.account, scope.region).filter((r) => prefix === undefined || r.name.startsWith(prefix));
    return {
      DashboardEntries: rows.map((r) => ({
        DashboardName: r.name,
        DashboardArn: dashboardArn(scope, r.name),
        LastModified: new Date(r.modified_at),
        Size: Buffer.byteLength(r.body),
      })),
    };
  }
}

/** arn:aws:cloudwatch:<region>:<account>:alarm:<name> → the alarm name, or undefined for other resources. */
function alarmNameOfArn(scope: Scope, arn: string): string | undefined {
  const m = /^arn:[^:]+:cloudwatch:([^:]*):(\d{12}):alarm:(.+)$/.exec(arn);
  if (!m || m[1] !== scope.region || m[2] !== scope.account) return undefined;
  return m[3];
}

function checkArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw invalidParameterValue(`Invalid ARN: ${arn}`);
}

export function listTags(store: AlarmStore, scope: Scope, arn: string): Tag[] {
  checkArn(arn);
  const name = alarmNameOfArn(scope, arn);
  // A deleted (or never created) alarm lists no tags rather than failing (recorded: list_tags_for_deleted_resource).
  return name === undefined ? [] : (store.get(scope, name)?.tags ?? []);
}

export function tagResource(db: StateStore, store: AlarmStore, scope: Scope, arn: string, tags: readonly Tag[]): void {
  checkArn(arn);
  const name = alarmNameOfArn(scope, arn);
  const alarm = name === undefined ? undefined : store.get(scope, name);
  if (alarm === undefined) throw resourceNotFoundException(`The resource ${arn} does not exist.`);
  const next = [...alarm.tags];
  for (const t of tags) {
    const i = next.findIndex((x) => x.Key === t.Key);
    if (i >= 0) next[i] = { Key: t.Key, Value: t.Value };
    else next.push({ Key: t.Key, Value: t.Value });
  }
  if (next.length > 50) throw invalidParameterValue('A resource can have at most 50 tags.');
  alarm.tags = next;
  db.transaction(() => store.save(alarm));
}

export function untagResource(db: StateStore, store: AlarmStore, scope: Scope, arn: string, keys: readonly string[]): void {
  checkArn(arn);
  const name = alarmNameOfArn(scope, arn);
  const alarm = name === undefined ? undefined : store.get(scope, name);
  if (alarm === undefined) throw resourceNotFoundException(`The resource ${arn} does not exist.`);
  alarm.tags = alarm.tags.filter((t) => !keys.includes(t.Key));
  db.transaction(() => store.save(alarm));
}

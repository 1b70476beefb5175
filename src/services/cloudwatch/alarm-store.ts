// Alarm repository: alarm rows (config, state, tags as JSON) in SQLite with every alarm also held in memory, so the
// evaluator and DescribeAlarms read maps; and the alarm history, which outlives its alarm.
import type { Statement } from 'better-sqlite3';
import type { StateStore } from '../../store/state-store.js';
import type { StateValue } from './alarm-evaluator.js';
import type { Dimension, Scope } from './metric-model.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** What PutMetricAlarm / PutCompositeAlarm stored, in AWS member names; timestamps are epoch ms. */
export interface AlarmConfig {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  AlarmConfigurationUpdatedTimestamp: number;
  // Metric alarms
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Metrics?: Array<Record<string, unknown>>;
  // Composite alarms
  AlarmRule?: string;
  ActionsSuppressor?: string;
  ActionsSuppressorWaitPeriod?: number;
  ActionsSuppressorExtensionPeriod?: number;
}

export interface AlarmState {
  value: StateValue;
  reason: string;
  reasonData?: string;
  updatedAt: number;
  transitionedAt: number;
}

export interface Alarm {
  account: string;
  region: string;
  name: string;
  kind: 'metric' | 'composite';
  config: AlarmConfig;
  state: AlarmState;
  tags: Tag[];
}

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

export interface HistoryItem {
  AlarmName: string;
  AlarmType: 'MetricAlarm' | 'CompositeAlarm';
  Timestamp: number;
  HistoryItemType: HistoryItemType;
  HistorySummary: string;
  HistoryData: string;
}

export interface HistoryQuery {
  alarmName?: string | undefined;
  alarmTypes?: readonly string[] | undefined;
  itemType?: string | undefined;
  startMs: number;
  endMs: number;
  ascending: boolean;
  afterSeq?: number | undefined;
  limit: number;
}

type AlarmRow = { account: string; region: string; name: string; kind: string; config: string; state: string; tags: string };
type HistoryRow = { seq: number; alarm_name: string; alarm_type: string; at: number; item_type: string; summary: string; data: string };

export function scopeKey(scope: Scope): string {
  return `${scope.account}\u0000${scope.region}`;
}

export class AlarmStore {
  /** scope key → name → alarm. */
  private readonly alarms = new Map<string, Map<string, Alarm>>();
  private readonly stmts: {
    upsert: Statement<[string, string, string, string, string, string, string]>;
    delete: Statement<[string, string, string]>;
    history: Statement<[string, string, string, string, number, string, string, string]>;
  };

  constructor(private readonly store: StateStore) {
    const db = store.db;
    this.stmts = {
      upsert: db.prepare(
        `INSERT INTO cw_alarms (account, region, name, kind, config, state, tags) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account, region, name) DO UPDATE SET kind = excluded.kind, config = excluded.config, state = excluded.state, tags = excluded.tags`,
      ),
      delete: db.prepare('DELETE FROM cw_alarms WHERE account = ? AND region = ? AND name = ?'),
      history: db.prepare(
        'INSERT INTO cw_alarm_history (account, region, alarm_name, alarm_type, at, item_type, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    this.reload();
  }

  /** Rebuilds the in-memory maps from SQLite (at start and after a reset). */
  reload(): void {
    this.alarms.clear();
    for (const row of this.store.db.prepare('SELECT account, region, name, kind, config, state, tags FROM cw_alarms').all() as AlarmRow[]) {
      this.scopeMap(row).set(row.name, {
        account: row.account,
        region: row.region,
        name: row.name,
        kind: row.kind as Alarm['kind'],
        config: JSON.parse(row.config) as AlarmConfig,
        state: JSON.parse(row.state) as AlarmState,
        tags: JSON.parse(row.tags) as Tag[],
      });
    }
  }

  private scopeMap(scope: Scope): Map<string, Alarm> {
    const key = scopeKey(scope);
    let map = this.alarms.get(key);
    if (map === undefined) {
      map = new Map();
      this.alarms.set(key, map);
    }
    return map;
  }

  get(scope: Scope, name: string): Alarm | undefined {
    return this.alarms.get(scopeKey(scope))?.get(name);
  }

  /** Every alarm of a scope, sorted by name (DescribeAlarms order). */
  list(scope: Scope): Alarm[] {
    return [...(this.alarms.get(scopeKey(scope))?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** All scopes' alarms (the scheduler's start-up pass). */
  all(): Alarm[] {
    return [...this.alarms.values()].flatMap((m) => [...m.values()]);
  }

  /** Persists an alarm (call inside a transaction with its history) and updates memory. */
  save(alarm: Alarm): void {
    this.stmts.upsert.run(alarm.account, alarm.region, alarm.name, alarm.kind, JSON.stringify(alarm.config), JSON.stringify(alarm.state), JSON.stringify(alarm.tags));
    this.scopeMap(alarm).set(alarm.name, alarm);
  }

  delete(alarm: Alarm): void {
    this.stmts.delete.run(alarm.account, alarm.region, alarm.name);
    this.alarms.get(scopeKey(alarm))?.delete(alarm.name);
  }

  addHistory(scope: Scope, item: HistoryItem): void {
    this.stmts.history.run(scope.account, scope.region, item.AlarmName, item.AlarmType, item.Timestamp, item.HistoryItemType, item.HistorySummary, item.HistoryData);
  }

  /** History newest first (or oldest first), filtered; returns rows with their seq for paging. */
  history(scope: Scope, q: HistoryQuery): Array<HistoryItem & { seq: number }> {
    const where = ['account = ?', 'region = ?', 'at >= ?', 'at < ?'];
    const args: Array<string | number> = [scope.account, scope.region, q.startMs, q.endMs];
    if (q.alarmName !== undefined) {
      where.push('alarm_name = ?');
      args.push(q.alarmName);
    }
    if (q.itemType !== undefined) {
      where.push('item_type = ?');
      args.push(q.itemType);
    }
    if (q.alarmTypes !== undefined && q.alarmTypes.length > 0) {
      where.push(`alarm_type IN (${q.alarmTypes.map(() => '?').join(', ')})`);
      args.push(...q.alarmTypes);
    }
    if (q.afterSeq !== undefined) {
      where.push(q.ascending ? 'seq > ?' : 'seq < ?');
      args.push(q.afterSeq);
    }
    const order = q.ascending ? 'ASC' : 'DESC';
    const sql = `SELECT seq, alarm_name, alarm_type, at, item_type, summary, data FROM cw_alarm_history WHERE ${where.join(' AND ')} ORDER BY seq ${order} LIMIT +?`;
    const rows = this.store.db.prepare(sql).all(...args, q.limit) as HistoryRow[];
    return rows.map((r) => ({
      seq: r.seq,
      AlarmName: r.alarm_name,
      AlarmType: r.alarm_type as HistoryItem['AlarmType'],
      Timestamp: r.at,
      HistoryItemType: r.item_type as HistoryItemType,
      HistorySummary: r.summary,
      HistoryData: r.data,
    }));
  }
}

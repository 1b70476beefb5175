// Alarm engine: a timing wheel keyed by each alarm's next evaluation boundary (a tick drains only the due slots, never
// all alarms), the series → alarms and child → composite indexes, state transitions with their history, and actions.
import type { StateStore } from '../../store/state-store.js';
import { outputEpochSeconds } from '../../protocol/shared/timestamps.js';
import { evaluateMetricAlarm, evaluationRange, isoMillis, type Evaluation, type MetricAlarmRule, type Slot, type StateValue } from './alarm-evaluator.js';
import type { Alarm, AlarmConfig, AlarmStore } from './alarm-store.js';
import { evaluateRule, parseAlarmRule, type RuleNode } from './composite-rule.js';
import { getMetricData } from './metric-reads.js';
import { dimensionsKey, type Dimension, type Scope } from './metric-model.js';
import type { MetricStore } from './metric-store.js';
import { readStatistic } from './period-reader.js';
import { parseStatistic } from './statistics.js';
import type { MetricDataQuery } from '../../generated/cloudwatch/api.js';

export function alarmKey(scope: Scope, name: string): string {
  return `${scope.account}\u0000${scope.region}\u0000${name}`;
}

export function seriesKey(scope: Scope, namespace: string, metricName: string, dims: readonly Dimension[]): string {
  return `${scope.account}\u0000${scope.region}\u0000${namespace}\u0000${metricName}\u0000${dimensionsKey(dims)}`;
}

export interface StateChange {
  value: StateValue;
  reason: string;
  reasonData?: Record<string, unknown> | string | undefined;
}

/** Runs one alarm action in process: a failure reason, or undefined when it ran (possibly later, as a promise). */
export type ActionDispatch = (alarm: Alarm, arn: string, latestValue: number | undefined) => string | undefined | Promise<string | undefined>;

export class AlarmEngine {
  /** Set by the service at load to reach Auto Scaling and EC2; alone, every action fails with its reason. */
  dispatch: ActionDispatch = (_alarm, arn) => actionFailure(arn);
  /** Actions whose dispatch is asynchronous: their history items are written when they settle. */
  private readonly pending: Array<Promise<void>> = [];
  /** The newest datapoint each metric alarm saw at its last evaluation (step policies compare it to the threshold). */
  private readonly latest = new Map<string, number>();
  /** Timing wheel: due time (epoch ms) → keys of the alarms due then. */
  private readonly wheel = new Map<number, Set<string>>();
  private readonly dueAt = new Map<string, number>();
  private readonly bySeries = new Map<string, Set<string>>();
  private readonly parents = new Map<string, Set<string>>();
  private readonly rules = new Map<string, RuleNode>();
  /** What each alarm was indexed under, so unregistering touches only its own entries. */
  private readonly indexedUnder = new Map<string, { series: string[]; children: string[] }>();
  /** Per alarm configuration, what every evaluation needs and nothing changes until the next PutMetricAlarm: the
   *  parsed statistic, the rule, and the series key (an evaluation then does no sorting, JSON or parsing). */
  private readonly compiled = new WeakMap<AlarmConfig, Compiled>();
  /** Evaluations run, for the bench and health. */
  evaluations = 0;

  constructor(
    private readonly alarms: AlarmStore,
    private readonly metrics: MetricStore,
    private readonly store: StateStore,
    private readonly now: () => number,
  ) {}

  /** Indexes and schedules every stored alarm (start-up, and after a reset); series are looked up at first use. */
  rebuild(): void {
    this.wheel.clear();
    this.dueAt.clear();
    this.bySeries.clear();
    this.parents.clear();
    this.rules.clear();
    this.indexedUnder.clear();
    this.latest.clear();
    for (const alarm of this.alarms.all()) this.register(alarm, false);
  }

  /** How often an alarm is evaluated: each period boundary, at least once a minute. */
  static intervalSec(alarm: Alarm): number {
    return Math.min(alarm.config.Period ?? metricsPeriod(alarm) ?? 60, 60);
  }

  /** Indexes and schedules an alarm; `resolve` looks its series up now (PutMetricAlarm), so that its evaluations read
   *  the metric store's id cache (kumo is the only writer: a series absent now stays absent until a put creates it). */
  register(alarm: Alarm, resolve = true): void {
    this.unregister(alarm);
    const key = alarmKey(alarm, alarm.name);
    if (alarm.kind === 'composite') {
      const { root, children } = parseAlarmRule(alarm.config.AlarmRule ?? '');
      this.rules.set(key, root);
      const childKeys = [...children].map((child) => alarmKey(alarm, child));
      for (const child of childKeys) add(this.parents, child, key);
      this.indexedUnder.set(key, { series: [], children: childKeys });
      return;
    }
    const series = watchedSeries(alarm).map((s) => seriesKey(alarm, s.namespace, s.metricName, s.dimensions));
    for (const s of series) add(this.bySeries, s, key);
    this.indexedUnder.set(key, { series, children: [] });
    if (resolve) {
      const c = this.compile(alarm);
      if (c.series !== undefined) this.metrics.seriesIdByKey(c.series.key, alarm, c.series.namespace, c.series.metricName, c.series.dimsKey);
    }
    const step = AlarmEngine.intervalSec(alarm) * 1000;
    this.schedule(key, Math.floor(this.now() / step) * step + step);
  }

  unregister(alarm: Alarm): void {
    const key = alarmKey(alarm, alarm.name);
    const due = this.dueAt.get(key);
    if (due !== undefined) this.wheel.get(due)?.delete(key);
    this.dueAt.delete(key);
    this.latest.delete(key);
    this.rules.delete(key);
    const under = this.indexedUnder.get(key);
    if (under === undefined) return;
    this.indexedUnder.delete(key);
    for (const s of under.series) remove(this.bySeries, s, key);
    for (const c of under.children) remove(this.parents, c, key);
  }

  private schedule(key: string, at: number): void {
    this.dueAt.set(key, at);
    add(this.wheel, at, key);
  }

  /** Alarm keys watching a series (DescribeAlarmsForMetric; writes never scan alarms). */
  alarmsForSeries(scope: Scope, namespace: string, metricName: string, dims: readonly Dimension[]): string[] {
    return [...(this.bySeries.get(seriesKey(scope, namespace, metricName, dims)) ?? [])];
  }

  /** Composite alarms whose rule names this alarm. */
  parentsOf(scope: Scope, name: string): string[] {
    return [...(this.parents.get(alarmKey(scope, name)) ?? [])];
  }

  /** Runs the alarms due by now, in due order, and schedules each at its next boundary; the promise (if any) settles
   *  once the asynchronous actions they started have run. */
  tick(): Promise<void> | undefined {
    const now = this.now();
    const due = [...this.wheel.keys()].filter((t) => t <= now).sort((a, b) => a - b);
    for (const t of due) {
      const keys = this.wheel.get(t) as Set<string>;
      this.wheel.delete(t);
      for (const key of keys) {
        this.dueAt.delete(key);
        const alarm = this.byKey(key);
        if (alarm === undefined || alarm.kind !== 'metric') continue;
        this.evaluateMetric(alarm, now);
        const step = AlarmEngine.intervalSec(alarm) * 1000;
        this.schedule(key, Math.floor(now / step) * step + step);
      }
    }
    return this.settleActions();
  }

  /** Waits for the asynchronous actions started so far (operations that change states call it before answering). */
  settleActions(): Promise<void> | undefined {
    if (this.pending.length === 0) return undefined;
    const all = this.pending.splice(0);
    return Promise.all(all).then(() => undefined);
  }

  private byKey(key: string): Alarm | undefined {
    const [account, region, name] = key.split('\u0000') as [string, string, string];
    return this.alarms.get({ account, region }, name);
  }

  /** Evaluates one metric alarm now and applies a state change, if any. */
  evaluateMetric(alarm: Alarm, now: number): void {
    this.evaluations++;
    const result = this.evaluationOf(alarm, now);
    if (result?.latest !== undefined) this.latest.set(alarmKey(alarm, alarm.name), result.latest);
    if (result === undefined || result.state === alarm.state.value) {
      // Auto Scaling actions repeat at every evaluation while the state holds; other actions fire on transitions only
      // (User Guide, "Alarm actions").
      const c = alarm.config;
      const list = alarm.state.value === 'ALARM' ? c.AlarmActions : alarm.state.value === 'OK' ? c.OKActions : c.InsufficientDataActions;
      if (c.ActionsEnabled && list.some(isAutoScaling)) this.store.transaction(() => this.runActions(alarm, now, isAutoScaling));
      return;
    }
    this.transition(alarm, { value: result.state, reason: result.reason, reasonData: result.reasonData }, now);
  }

  private compile(alarm: Alarm): Compiled {
    const c = alarm.config;
    let out = this.compiled.get(c);
    if (out !== undefined) return out;
    const periodSec = c.Period ?? metricsPeriod(alarm) ?? 60;
    const stat = c.ExtendedStatistic ?? c.Statistic;
    const parsed = stat === undefined ? undefined : parseStatistic(stat);
    const rule: MetricAlarmRule = {
      comparison: c.ComparisonOperator as MetricAlarmRule['comparison'],
      threshold: c.Threshold ?? 0,
      evaluationPeriods: c.EvaluationPeriods ?? 1,
      datapointsToAlarm: c.DatapointsToAlarm ?? c.EvaluationPeriods ?? 1,
      treatMissingData: (c.TreatMissingData ?? 'missing') as MetricAlarmRule['treatMissingData'],
      periodSec,
      statistic: stat,
      percentile: parsed?.kind === 'percentile' ? parsed.p : undefined,
      evaluateLowSampleCountPercentile: c.EvaluateLowSampleCountPercentile as MetricAlarmRule['evaluateLowSampleCountPercentile'],
      namespace: c.Namespace,
      unit: c.Unit,
    };
    let series: Compiled['series'];
    if (c.Metrics === undefined && parsed !== undefined) {
      const namespace = c.Namespace ?? '';
      const metricName = c.MetricName ?? '';
      const dimsKey = dimensionsKey(c.Dimensions ?? []);
      series = { key: `${alarm.account}\u0000${alarm.region}\u0000${namespace}\u0000${metricName}\u0000${dimsKey}`, namespace, metricName, dimsKey };
    }
    out = { rule, parsed, series };
    this.compiled.set(c, out);
    return out;
  }

  evaluationOf(alarm: Alarm, now: number): Evaluation | undefined {
    const c = alarm.config;
    const { rule, parsed, series } = this.compile(alarm);
    const periodSec = rule.periodSec;
    const range = evaluationRange(rule, now);
    const slots: Slot[] = Array.from({ length: range.count }, (_, i) => ({ ts: range.startSec + i * periodSec }));
    const place = (ts: number, value: number, sampleCount?: number): void => {
      const slot = slots[Math.floor((ts - range.startSec) / periodSec)];
      if (slot !== undefined) {
        slot.value = value;
        slot.sampleCount = sampleCount;
      }
    };
    if (c.Metrics !== undefined) {
      const out = getMetricData(this.metrics, alarm, {
        MetricDataQueries: c.Metrics as unknown as MetricDataQuery[],
        StartTime: new Date(range.startSec * 1000),
        EndTime: new Date(range.endSec * 1000),
        ScanBy: 'TimestampAscending',
      }, now);
      const r = out.MetricDataResults?.[0];
      r?.Timestamps?.forEach((t, i) => place(outputEpochSeconds(t), r.Values?.[i] as number));
    } else if (parsed !== undefined && series !== undefined) {
      const id = this.metrics.seriesIdByKey(series.key, alarm, series.namespace, series.metricName, series.dimsKey);
      if (id !== undefined) {
        const q = { startMs: range.startSec * 1000, endMs: range.endSec * 1000, periodSec, unit: c.Unit, nowMs: now };
        const read = readStatistic(this.metrics, id, q, parsed);
        for (let i = 0; i < read.timestamps.length; i++) place(read.timestamps[i] as number, read.values[i] as number, read.counts[i]);
      }
    }
    return evaluateMetricAlarm(rule, slots, now);
  }

  /** Records a new state (history, actions) and re-evaluates the composites that name the alarm. */
  transition(alarm: Alarm, change: StateChange, now: number): void {
    const old = alarm.state;
    const reasonData = typeof change.reasonData === 'string' ? change.reasonData : change.reasonData === undefined ? undefined : JSON.stringify(change.reasonData);
    const changed = old.value !== change.value;
    alarm.state = { value: change.value, reason: change.reason, updatedAt: now, transitionedAt: changed ? now : old.transitionedAt };
    if (reasonData !== undefined) alarm.state.reasonData = reasonData;
    const type = alarm.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm';
    const stateJson = (s: typeof old): Record<string, unknown> => ({
      stateValue: s.value,
      stateReason: s.reason,
      ...(s.reasonData !== undefined ? { stateReasonData: JSON.parse(s.reasonData) as unknown } : {}),
    });
    this.store.transaction(() => {
      this.alarms.save(alarm);
      this.alarms.addHistory(alarm, {
        AlarmName: alarm.name,
        AlarmType: type,
        Timestamp: now,
        HistoryItemType: 'StateUpdate',
        HistorySummary: `Alarm updated from ${old.value} to ${change.value}`,
        HistoryData: JSON.stringify({ version: '1.0', oldState: stateJson(old), newState: stateJson(alarm.state) }),
      });
      if (changed) this.runActions(alarm, now);
    });
    if (!changed) return;
    for (const parent of this.parentsOf(alarm, alarm.name)) {
      const p = this.byKey(parent);
      if (p !== undefined) this.evaluateComposite(p, now, alarm);
    }
  }

  /** Composite: ALARM while the rule holds, else OK; the triggering child is named in the reason. */
  evaluateComposite(alarm: Alarm, now: number, trigger?: Alarm): void {
    const root = this.rules.get(alarmKey(alarm, alarm.name));
    if (root === undefined) return;
    const value: StateValue = evaluateRule(root, (name) => this.alarms.get(alarm, name)?.state.value) ? 'ALARM' : 'OK';
    if (value === alarm.state.value) return;
    const source = trigger ?? alarm;
    const reason = trigger
      ? `${trigger.config.AlarmArn} transitioned to ${trigger.state.value} at ${longDate(trigger.state.transitionedAt)}`
      : `Alarm rule evaluated to ${value === 'ALARM' ? 'TRUE' : 'FALSE'} at ${longDate(now)}`;
    const reasonData = { triggeringAlarms: [{ arn: source.config.AlarmArn, state: { value: source.state.value, timestamp: isoMillis(source.state.transitionedAt) } }] };
    this.transition(alarm, { value, reason, reasonData }, now);
  }

  /** Actions of the state just entered, each run through `dispatch`; every one leaves an Action history item. */
  private runActions(alarm: Alarm, now: number, only: (arn: string) => boolean = () => true): void {
    const c = alarm.config;
    if (!c.ActionsEnabled) return;
    if (alarm.kind === 'composite' && c.ActionsSuppressor !== undefined && this.alarms.get(alarm, c.ActionsSuppressor)?.state.value === 'ALARM') return;
    const list = alarm.state.value === 'ALARM' ? c.AlarmActions : alarm.state.value === 'OK' ? c.OKActions : c.InsufficientDataActions;
    const stateUpdatedAt = alarm.state.updatedAt;
    for (const arn of list.filter(only)) {
      let outcome: string | undefined | Promise<string | undefined>;
      try {
        outcome = this.dispatch(alarm, arn, this.latest.get(alarmKey(alarm, alarm.name)));
      } catch (e) {
        outcome = e instanceof Error ? e.message : String(e);
      }
      if (outcome instanceof Promise) {
        this.pending.push(outcome.catch((e: unknown) => (e instanceof Error ? e.message : String(e))).then((error) => {
          this.store.transaction(() => this.actionHistory(alarm, arn, now, stateUpdatedAt, error));
        }));
      } else this.actionHistory(alarm, arn, now, stateUpdatedAt, outcome);
    }
  }

  private actionHistory(alarm: Alarm, arn: string, now: number, stateUpdatedAt: number, error: string | undefined): void {
    this.alarms.addHistory(alarm, {
      AlarmName: alarm.name,
      AlarmType: alarm.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
      Timestamp: now,
      HistoryItemType: 'Action',
      HistorySummary: error === undefined ? `Successfully executed action ${arn}` : `Failed to execute action ${arn}. Received error: "${error}"`,
      HistoryData: JSON.stringify(error === undefined
        ? { actionState: 'Succeeded', stateUpdateTimestamp: stateUpdatedAt, notificationResource: arn }
        : { actionState: 'Failed', stateUpdateTimestamp: stateUpdatedAt, notificationResource: arn, error }),
    });
  }
}

/** Why an action cannot run in kumo yet (never a silent success). */
export function actionFailure(arn: string): string {
  const service = arn.split(':')[2] ?? '';
  if (/^arn:[^:]+:automate:[^:]+:ec2:(stop|terminate|reboot|recover)$/.test(arn)) return 'kumo does not implement EC2 alarm actions yet';
  const names: Record<string, string> = { sns: 'SNS', autoscaling: 'Auto Scaling', lambda: 'Lambda', ssm: 'Systems Manager', 'ssm-incidents': 'Incident Manager' };
  return `kumo does not implement ${names[service] ?? service} alarm actions yet`;
}

function isAutoScaling(arn: string): boolean {
  return /^arn:[^:]+:autoscaling:/.test(arn);
}

interface Compiled {
  rule: MetricAlarmRule;
  parsed: ReturnType<typeof parseStatistic> | undefined;
  series: { key: string; namespace: string; metricName: string; dimsKey: string } | undefined;
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function metricsPeriod(alarm: Alarm): number | undefined {
  for (const q of alarm.config.Metrics ?? []) {
    const p = (q['MetricStat'] as { Period?: number } | undefined)?.Period ?? (q['Period'] as number | undefined);
    if (p !== undefined) return p;
  }
  return undefined;
}

function watchedSeries(alarm: Alarm): Array<{ namespace: string; metricName: string; dimensions: Dimension[] }> {
  const c = alarm.config;
  if (c.MetricName !== undefined) return [{ namespace: c.Namespace ?? '', metricName: c.MetricName, dimensions: c.Dimensions ?? [] }];
  return (c.Metrics ?? []).flatMap((q) => {
    const m = (q['MetricStat'] as { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] } } | undefined)?.Metric;
    return m?.MetricName === undefined ? [] : [{ namespace: m.Namespace ?? '', metricName: m.MetricName, dimensions: m.Dimensions ?? [] }];
  });
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Friday 02 June, 2023 08:12:41 UTC", as composite alarm reasons write times. */
export function longDate(ms: number): string {
  const d = new Date(ms);
  const two = (v: number): string => String(v).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

// The metric alarm evaluator (pure): given the datapoints of an alarm's evaluation range, decides OK / ALARM /
// INSUFFICIENT_DATA (or no change) by DatapointsToAlarm of EvaluationPeriods and TreatMissingData, and writes the
// StateReason and StateReasonData as AWS does. Rules: User Guide "Configuring how CloudWatch alarms treat missing data".

export type StateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

export interface MetricAlarmRule {
  comparison: ComparisonOperator;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
  periodSec: number;
  /** Statistic or ExtendedStatistic; absent for metric math alarms. */
  statistic?: string | undefined;
  /** The percentile of a pNN ExtendedStatistic, for EvaluateLowSampleCountPercentile. */
  percentile?: number | undefined;
  evaluateLowSampleCountPercentile?: 'evaluate' | 'ignore' | undefined;
  namespace?: string | undefined;
  unit?: string | undefined;
}

/** One period of the evaluation range; value undefined = missing. */
export interface Slot {
  /** Period start, epoch seconds. */
  ts: number;
  value?: number | undefined;
  sampleCount?: number | undefined;
}

export interface Evaluation {
  state: StateValue;
  /** Built on first read: most evaluations keep the state, and then nobody reads the reason. */
  readonly reason: string;
  readonly reasonData: Record<string, unknown>;
  /** The newest real datapoint in the range (step policies compare it to the threshold). */
  latest: number | undefined;
}

/** An evaluation whose reason and StateReasonData are formatted only when read (a transition). */
function evaluation(state: StateValue, slots: readonly Slot[], build: () => { reason: string; reasonData: Record<string, unknown> }): Evaluation {
  let built: { reason: string; reasonData: Record<string, unknown> } | undefined;
  let latest: number | undefined;
  for (let i = slots.length - 1; i >= 0; i--) {
    const v = slots[i]!.value;
    if (v !== undefined) {
      latest = v;
      break;
    }
  }
  return {
    state,
    latest,
    get reason() {
      return (built ??= build()).reason;
    },
    get reasonData() {
      return (built ??= build()).reasonData;
    },
  };
}

/** Extra periods fetched beyond EvaluationPeriods (the docs' 3-of-3 example reads a range of 5). */
export const EXTRA_RANGE_PERIODS = 2;

/** The periods an evaluation at `nowMs` reads: whole periods ending at the last boundary, oldest first. */
export function evaluationRange(rule: Pick<MetricAlarmRule, 'periodSec' | 'evaluationPeriods'>, nowMs: number): { startSec: number; endSec: number; count: number } {
  const nowSec = Math.floor(nowMs / 1000);
  const endSec = nowSec - (nowSec % rule.periodSec);
  const count = rule.evaluationPeriods + EXTRA_RANGE_PERIODS;
  return { startSec: endSec - count * rule.periodSec, endSec, count };
}

export function isBreaching(comparison: ComparisonOperator, value: number, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

const PHRASE: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

interface Point {
  ts: number;
  value: number | undefined;
  sampleCount: number | undefined;
  breaching: boolean;
  filled: boolean;
}

/** Evaluates the range (`slots` oldest first); undefined means the alarm keeps its state and reason. */
export function evaluateMetricAlarm(rule: MetricAlarmRule, slots: readonly Slot[], nowMs: number): Evaluation | undefined {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  // Alarms on AWS/DynamoDB metrics always ignore missing data (PutMetricAlarm reference, TreatMissingData).
  const treat: TreatMissingData = rule.namespace === 'AWS/DynamoDB' ? 'ignore' : rule.treatMissingData;
  const real = slots.filter((s) => s.value !== undefined);
  if (rule.evaluateLowSampleCountPercentile === 'ignore' && rule.percentile !== undefined && rule.percentile < 100) {
    const needed = 1 / (1 - rule.percentile / 100);
    if (real.slice(-n).some((s) => (s.sampleCount ?? 0) < needed)) return undefined; // not statistically significant
  }
  const point = (s: Slot, filled = false): Point => ({
    ts: s.ts,
    value: s.value,
    sampleCount: s.sampleCount,
    breaching: filled ? treat === 'breaching' : isBreaching(rule.comparison, s.value as number, rule.threshold),
    filled,
  });

  let evaluated: Point[];
  let alarm: boolean;
  if (real.length >= n) {
    // Enough real datapoints: the most recent N real ones decide, TreatMissingData is not needed.
    evaluated = real.slice(-n).map((s) => point(s));
    alarm = evaluated.filter((p) => p.breaching).length >= m;
  } else if (treat === 'breaching' || treat === 'notBreaching') {
    // Every real datapoint counts; missing ones fill in as few times as possible, the most recent first.
    const fillCount = n - real.length;
    const fillTs = new Set(slots.filter((s) => s.value === undefined).slice(-fillCount).map((s) => s.ts));
    evaluated = slots.filter((s) => s.value !== undefined || fillTs.has(s.ts)).map((s) => point(s, s.value === undefined));
    alarm = evaluated.filter((p) => p.breaching).length >= m;
  } else if (real.length === 0) {
    if (treat === 'ignore') return undefined;
    return evaluation('INSUFFICIENT_DATA', slots, () => ({ reason: `Insufficient Data: ${n} datapoint${n === 1 ? ' was' : 's were'} unknown.`, reasonData: reasonData(rule, nowMs, slots, []) }));
  } else {
    // missing / ignore with some data: missing datapoints are skipped; the premature-transition rule still lets an
    // old enough breaching datapoint followed only by breaching or missing ones alarm (User Guide, "Avoiding
    // premature transitions to alarm state").
    evaluated = real.map((s) => point(s));
    const breachingCount = evaluated.filter((p) => p.breaching).length;
    alarm = breachingCount >= m || prematureAlarm(rule, slots.slice(-n), m);
  }
  return describe(rule, nowMs, slots, evaluated, alarm);
}

function prematureAlarm(rule: MetricAlarmRule, lastN: readonly Slot[], m: number): boolean {
  let oldestBreachingAge = 0;
  for (let i = 0; i < lastN.length; i++) {
    const s = lastN[i] as Slot;
    const age = lastN.length - i;
    if (s.value === undefined) continue;
    if (!isBreaching(rule.comparison, s.value, rule.threshold)) {
      if (oldestBreachingAge > 0) return false; // a more recent datapoint is not breaching
      continue;
    }
    if (oldestBreachingAge === 0) oldestBreachingAge = age;
  }
  return oldestBreachingAge >= m;
}

function describe(rule: MetricAlarmRule, nowMs: number, slots: readonly Slot[], evaluated: Point[], alarm: boolean): Evaluation {
  return evaluation(alarm ? 'ALARM' : 'OK', slots, () => ({ reason: reasonText(rule, evaluated, alarm), reasonData: reasonData(rule, nowMs, slots, evaluated) }));
}

function reasonText(rule: MetricAlarmRule, evaluated: Point[], alarm: boolean): string {
  const n = evaluated.length;
  const shown = evaluated.filter((p) => p.breaching === alarm && !p.filled).reverse(); // most recent first
  const filled = evaluated.filter((p) => p.filled);
  const phrase = `${alarm ? '' : 'not '}${PHRASE[rule.comparison]} the threshold (${javaDouble(rule.threshold)})`;
  const treatedAs = rule.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching';
  let reason: string;
  if (shown.length === 0 && filled.length > 0) {
    reason = `Threshold Crossed: no datapoints were received for ${filled.length} period${filled.length === 1 ? '' : 's'} and ${filled.length} missing datapoint${filled.length === 1 ? ' was' : 's were'} treated as [${treatedAs}].`;
  } else {
    const list = shown.map((p) => `${javaDouble(p.value as number)} (${reasonDate(p.ts)})`).join(', ');
    const count = shown.length;
    const verb = count === 1 ? 'was' : 'were';
    const head = n === 1 ? `1 datapoint [${list}] ${verb}` : `${count} out of the last ${n} datapoints [${list}] ${verb}`;
    const fills = filled.length > 0 ? `, and ${filled.length} missing datapoint${filled.length === 1 ? ' was' : 's were'} treated as [${treatedAs}]` : '';
    const needed = alarm ? rule.datapointsToAlarm : 1;
    const minimum = n > 1 ? ` (minimum ${needed} datapoint${needed === 1 ? '' : 's'} for ${alarm ? 'OK -> ALARM' : 'ALARM -> OK'} transition)` : '';
    reason = `Threshold Crossed: ${head} ${phrase}${fills}${minimum}.`;
  }
  return reason;
}

function reasonData(rule: MetricAlarmRule, nowMs: number, slots: readonly Slot[], evaluated: Point[]): Record<string, unknown> {
  const data: Record<string, unknown> = { version: '1.0', queryDate: isoMillis(nowMs), startDate: isoMillis((slots[0]?.ts ?? 0) * 1000) };
  if (rule.unit !== undefined) data['unit'] = rule.unit;
  if (rule.statistic !== undefined) data['statistic'] = rule.statistic;
  data['period'] = rule.periodSec;
  data['recentDatapoints'] = slots.filter((s) => s.value !== undefined).map((s) => s.value);
  data['threshold'] = rule.threshold;
  data['evaluatedDatapoints'] = [...evaluated].reverse().map((p) => {
    const item: Record<string, unknown> = { timestamp: isoMillis(p.ts * 1000) };
    if (p.sampleCount !== undefined) item['sampleCount'] = p.sampleCount;
    if (p.value !== undefined) item['value'] = p.value;
    return item;
  });
  return data;
}

/** AWS's StateReasonData timestamps: 2026-12-06T20:00:00.000+0000. */
// One tick evaluates many alarms at the same `now` and period boundaries: their dates are formatted once.
const isoCache = new Map<number, string>();

export function isoMillis(ms: number): string {
  let iso = isoCache.get(ms);
  if (iso === undefined) {
    if (isoCache.size >= 256) isoCache.clear();
    iso = new Date(ms).toISOString().replace('Z', '+0000');
    isoCache.set(ms, iso);
  }
  return iso;
}

/** The datapoint dates in StateReason: dd/MM/yy HH:mm:ss, UTC. */
export function reasonDate(sec: number): string {
  const d = new Date(sec * 1000);
  const two = (v: number): string => String(v).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Numbers as Java's Double.toString writes them (AWS's reasons say 21.0, 1.5E7). */
export function javaDouble(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v);
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  }
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

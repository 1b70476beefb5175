// GetMetricStatistics and GetMetricData over the metric store: AWS's period and datapoint-limit rules with the
// recorded messages, statistics per period, metric math across queries, labels, ScanBy and paging.
import type {
  Datapoint,
  GetMetricDataInput,
  GetMetricDataOutput,
  GetMetricStatisticsInput,
  GetMetricStatisticsOutput,
  MetricDataQuery,
  MetricDataResult,
  StandardUnit,
} from '../../generated/cloudwatch/api.js';
import { notImplemented } from '../../core/aws-error.js';
import { epochSecondsTimestamp } from '../../protocol/shared/timestamps.js';
import { invalidNextToken, invalidParameterCombination, invalidParameterValue, missingParameter, validationError } from './errors.js';
import { evaluate, resultSeries, type MathContext, type Series, type Value } from './metric-math/evaluate.js';
import { MathError, parseExpression, references, type Node } from './metric-math/parser.js';
import type { Scope } from './metric-model.js';
import type { MetricStore } from './metric-store.js';
import { readBasicPeriods, readPeriods, readStatistic } from './period-reader.js';
import { computeStatistic, parseStatistic, type Statistic } from './statistics.js';

export const MAX_DATAPOINTS_PER_STATISTICS = 1440;
export const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;

/** Period rules (GetMetricStatistics reference): 1, 5, 10, 20, 30 or a multiple of 60 seconds. */
export function isValidPeriod(period: number): boolean {
  return Number.isInteger(period) && period > 0 && ([1, 5, 10, 20, 30].includes(period) || period % 60 === 0);
}

function checkPeriod(period: number, member: string): void {
  if (!isValidPeriod(period)) {
    throw invalidParameterValue(`The parameter ${member} must be 1, 5, 10, 20, 30, or a multiple of 60.`);
  }
}

function checkTimeRange(start: Date, end: Date): void {
  if (!(start.getTime() < end.getTime())) throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
}

export function getMetricStatistics(store: MetricStore, scope: Scope, input: GetMetricStatisticsInput, nowMs: number): GetMetricStatisticsOutput {
  const basics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (basics.length === 0 && extended.length === 0) {
    throw missingParameter('Must specify either Statistics or ExtendedStatistics.');
  }
  const extendedStats = extended.map((name, i) => {
    const stat = parseStatistic(name);
    if (stat === undefined || stat.kind === 'basic') throw invalidParameterValue(`The value ${name} for parameter ExtendedStatistics.member.${i + 1} is invalid.`);
    return [name, stat] as const;
  });
  checkTimeRange(input.StartTime, input.EndTime);
  checkPeriod(input.Period, 'Period');
  const requested = Math.ceil((input.EndTime.getTime() - input.StartTime.getTime()) / 1000 / input.Period);
  if (requested > MAX_DATAPOINTS_PER_STATISTICS) {
    throw invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS_PER_STATISTICS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const id = store.seriesId(scope, input.Namespace, input.MetricName, input.Dimensions ?? []);
  if (id === undefined) return { Label: input.MetricName, Datapoints: [] };
  const query = { startMs: input.StartTime.getTime(), endMs: input.EndTime.getTime(), periodSec: input.Period, unit: input.Unit, nowMs };
  const datapoint = datapointMaker(basics);
  const datapoints: Datapoint[] = [];
  if (extendedStats.length === 0) {
    readBasicPeriods(store, id, query, (ts, unit, count, sum, min, max) => datapoints.push(datapoint(ts, unit, count, sum, min, max, undefined)));
    return { Label: input.MetricName, Datapoints: datapoints };
  }
  for (const p of readPeriods(store, id, query, true, true)) {
    const a = p.agg;
    const values: Record<string, number> = {};
    for (const [name, stat] of extendedStats) {
      const v = computeStatistic(stat, a);
      if (v !== undefined) values[name] = v;
    }
    datapoints.push(datapoint(p.ts, p.unit, a.count, a.sum, a.min, a.max, values));
  }
  return { Label: input.MetricName, Datapoints: datapoints };
}

/**
 * A datapoint of the requested basic statistics (and extended ones given), members in the model's order. Named
 * stores of each statistic, not dp[name] = … per statistic: a keyed store with a varying name was a third of a
 * 1,440-point read's CPU.
 */
function datapointMaker(basics: readonly string[]): (ts: number, unit: string, count: number, sum: number, min: number, max: number, extended: Record<string, number> | undefined) => Datapoint {
  const sampleCount = basics.includes('SampleCount');
  const average = basics.includes('Average');
  const total = basics.includes('Sum');
  const minimum = basics.includes('Minimum');
  const maximum = basics.includes('Maximum');
  return (ts, unit, count, sum, min, max, extended) => {
    const dp: Datapoint = { Timestamp: epochSecondsTimestamp(ts) };
    if (sampleCount) dp.SampleCount = count;
    if (average) dp.Average = sum / count;
    if (total) dp.Sum = sum;
    if (minimum) dp.Minimum = min;
    if (maximum) dp.Maximum = max;
    if (extended !== undefined) dp.ExtendedStatistics = extended;
    dp.Unit = unit as StandardUnit;
    return dp;
  };
}

interface QueryResult {
  value: Value;
  messages: Array<{ Code: string; Value: string }>;
}

/** Validates every query first (ids, forms, stats, periods), so a bad request stores and reads nothing. */
function validateQueries(queries: readonly MetricDataQuery[]): Map<string, Node> {
  if (queries.length === 0) throw missingParameter('The parameter MetricDataQueries is required.');
  if (queries.length > MAX_QUERIES) throw invalidParameterValue(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const ids = new Set<string>();
  const parsed = new Map<string, Node>();
  queries.forEach((q, i) => {
    const m = `MetricDataQueries.member.${i + 1}`;
    if (!/^[a-z][A-Za-z0-9_]*$/.test(q.Id)) {
      throw validationError(`Invalid metric_id: ${q.Id}. The metric_id must start with a lowercase letter and contain only letters, numbers and underscores.`);
    }
    if (ids.has(q.Id)) throw validationError(`The value ${q.Id} for parameter ${m}.Id is duplicated.`);
    ids.add(q.Id);
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) {
      throw invalidParameterCombination(`Exactly one of ${m}.MetricStat and ${m}.Expression must be specified.`);
    }
    if (q.MetricStat !== undefined) {
      if (parseStatistic(q.MetricStat.Stat) === undefined) throw invalidParameterValue(`The value ${q.MetricStat.Stat} for parameter ${m}.MetricStat.Stat is invalid.`);
      checkPeriod(q.MetricStat.Period, `${m}.MetricStat.Period`);
    } else {
      if (q.Period !== undefined) checkPeriod(q.Period, `${m}.Period`);
      try {
        parsed.set(q.Id, parseExpression(q.Expression as string));
      } catch (e) {
        throw mathFailure(q.Id, e);
      }
    }
  });
  // Expressions may refer only to other queries, without cycles.
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): void => {
    if (done.has(id)) return;
    if (visiting.has(id)) throw validationError(`Circular dependency between metric expressions involving ${id}.`);
    visiting.add(id);
    const node = parsed.get(id);
    if (node) for (const ref of references(node)) if (ids.has(ref)) visit(ref);
    visiting.delete(id);
    done.add(id);
  };
  for (const id of parsed.keys()) visit(id);
  return parsed;
}

function mathFailure(id: string, e: unknown): Error {
  if (e instanceof MathError) {
    if (e.unsupported !== undefined) return notImplemented('cloudwatch', 'GetMetricData', `metric math ${e.unsupported}`);
    return validationError(`Error in expression ${id}: ${e.message}`);
  }
  return e as Error;
}

/** Labels: the metric name, plus the Stat and/or Period when same-named metrics in the request differ in them. */
function defaultLabels(queries: readonly MetricDataQuery[]): Map<string, string> {
  const byName = new Map<string, MetricDataQuery[]>();
  for (const q of queries) {
    if (q.MetricStat === undefined) continue;
    const name = q.MetricStat.Metric.MetricName ?? '';
    (byName.get(name) ?? byName.set(name, []).get(name))?.push(q);
  }
  const labels = new Map<string, string>();
  for (const [name, group] of byName) {
    const stats = new Set(group.map((q) => q.MetricStat?.Stat));
    const periods = new Set(group.map((q) => q.MetricStat?.Period));
    for (const q of group) {
      const parts = [name];
      if (stats.size > 1) parts.push(q.MetricStat?.Stat ?? '');
      if (periods.size > 1) parts.push(String(q.MetricStat?.Period));
      labels.set(q.Id, parts.join(' '));
    }
  }
  return labels;
}

export function getMetricData(store: MetricStore, scope: Scope, input: GetMetricDataInput, nowMs: number): GetMetricDataOutput {
  const queries = input.MetricDataQueries;
  const parsed = validateQueries(queries);
  checkTimeRange(input.StartTime, input.EndTime);
  const startMs = input.StartTime.getTime();
  const endMs = input.EndTime.getTime();
  const labels = defaultLabels(queries);
  const byId = new Map(queries.map((q) => [q.Id, q]));
  const results = new Map<string, QueryResult>();
  const metricPeriods = queries.filter((q) => q.MetricStat).map((q) => q.MetricStat?.Period as number);
  const defaultPeriod = metricPeriods.length > 0 ? Math.max(...metricPeriods) : 60;

  const run = (q: MetricDataQuery): QueryResult => {
    const done = results.get(q.Id);
    if (done) return done;
    let result: QueryResult;
    if (q.MetricStat !== undefined) {
      const ms = q.MetricStat;
      const stat = parseStatistic(ms.Stat) as Statistic;
      const label = q.Label ?? labels.get(q.Id) ?? ms.Metric.MetricName ?? q.Id;
      const id = store.seriesId(scope, ms.Metric.Namespace ?? '', ms.Metric.MetricName ?? '', ms.Metric.Dimensions ?? []);
      const { timestamps, values, units } =
        id === undefined ? { timestamps: [], values: [], units: new Set<string>() } : readStatistic(store, id, { startMs, endMs, periodSec: ms.Period, unit: ms.Unit, nowMs }, stat);
      const messages = units.size > 1 ? [{ Code: 'MultipleUnits', Value: `Multiple units returned: '[${[...units].sort().join(', ')}]'` }] : [];
      result = { value: { kind: 'series', s: { label, timestamps, values } }, messages };
    } else {
      const period = q.Period ?? defaultPeriod;
      const startSec = Math.floor(startMs / 1000 / period) * period;
      const ctx: MathContext = {
        resolve: (ref) => {
          const other = byId.get(ref);
          return other === undefined ? undefined : run(other).value;
        },
        metrics: () => queries.filter((o) => o.MetricStat !== undefined).flatMap((o) => seriesOf(run(o).value)),
        startSec,
        endSec: Math.ceil(endMs / 1000),
        periodSec: period,
      };
      try {
        const value = evaluate(parsed.get(q.Id) as Node, ctx);
        result = { value: value.kind === 'scalar' ? { kind: 'array', items: resultSeries(value, ctx, q.Label ?? q.Id) } : value, messages: [] };
      } catch (e) {
        throw mathFailure(q.Id, e);
      }
    }
    results.set(q.Id, result);
    return result;
  };

  const ascending = input.ScanBy === 'TimestampAscending';
  const out: Array<MetricDataResult & { Timestamps: Date[]; Values: number[] }> = [];
  for (const q of queries) {
    const r = run(q);
    if (q.ReturnData === false) continue;
    const list = seriesOf(r.value);
    list.forEach((s) => {
      const label = list.length === 1 && q.MetricStat === undefined ? (q.Label ?? q.Id) : s.label;
      const n = s.timestamps.length;
      const Timestamps = new Array<Date>(n);
      const Values = new Array<number>(n);
      for (let k = 0; k < n; k++) {
        const from = ascending ? k : n - 1 - k;
        Timestamps[k] = epochSecondsTimestamp(s.timestamps[from] as number);
        Values[k] = s.values[from] as number;
      }
      const result: MetricDataResult & { Timestamps: Date[]; Values: number[] } = {
        Id: q.Id,
        Label: list.length > 1 ? s.label : label,
        Timestamps,
        Values,
        StatusCode: 'Complete',
      };
      if (r.messages.length > 0) result.Messages = r.messages;
      out.push(result);
    });
  }
  return page(out, input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS, input.NextToken);
}

function seriesOf(v: Value): Series[] {
  return v.kind === 'series' ? [v.s] : v.kind === 'array' ? v.items : [];
}

/** Paging across results: at most MaxDatapoints values per page; NextToken names where the next page starts. */
function page(results: Array<MetricDataResult & { Timestamps: Date[]; Values: number[] }>, max: number, token: string | undefined): GetMetricDataOutput {
  let startResult = 0;
  let startPoint = 0;
  if (token !== undefined) {
    const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!m) throw invalidNextToken();
    startResult = Number(m[1]);
    startPoint = Number(m[2]);
  }
  const out: MetricDataResult[] = [];
  let budget = max;
  for (let r = startResult; r < results.length; r++) {
    const res = results[r] as MetricDataResult & { Timestamps: Date[]; Values: number[] };
    const from = r === startResult ? startPoint : 0;
    const n = res.Values.length - from;
    if (n > budget) {
      out.push({ ...res, Timestamps: res.Timestamps.slice(from, from + budget), Values: res.Values.slice(from, from + budget), StatusCode: 'PartialData' });
      return { MetricDataResults: out, Messages: [], NextToken: Buffer.from(`${r}.${from + budget}`).toString('base64') };
    }
    budget -= n;
    out.push(from === 0 ? res : { ...res, Timestamps: res.Timestamps.slice(from), Values: res.Values.slice(from) });
  }
  return { MetricDataResults: out, Messages: [] };
}

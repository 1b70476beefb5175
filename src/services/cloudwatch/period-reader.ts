// Reads one series as periods: rounds StartTime as GetMetricStatistics documents, picks the retention tier, and folds
// its buckets into [start + k·Period, start + (k+1)·Period) aggregates, per unit or across units, decoding sketches
// only when a percentile-family statistic asks for them.
import { chooseTier, type MetricStore } from './metric-store.js';
import { Sketch } from './sketch.js';
import { computeStatistic, type Aggregate, type Statistic } from './statistics.js';

const DAY = 86_400_000;
/** Shared by reads without sketches: empty, so percentile-family statistics read as unavailable, never wrong. */
const EMPTY_SKETCH = new Sketch();

export interface PeriodQuery {
  startMs: number;
  endMs: number;
  periodSec: number;
  unit?: string | undefined;
  nowMs: number;
}

export interface PeriodPoint {
  /** Period start, epoch seconds. */
  ts: number;
  /** The unit of the data (the first one met when split is off). */
  unit: string;
  /** Every unit, only when split is off and several were mixed in this period. */
  mixed?: Set<string>;
  agg: Aggregate;
}

/** StartTime rounded down as AWS does: to the minute (or the period below a minute) within 15 days, 5 minutes within
 *  63 days, else the hour (GetMetricStatistics reference, StartTime). */
export function alignStart(startMs: number, periodSec: number, nowMs: number): number {
  const age = nowMs - startMs;
  const stepSec = age <= 15 * DAY ? Math.min(60, periodSec) : age <= 63 * DAY ? 300 : 3600;
  const step = stepSec * 1000;
  return Math.floor(startMs / step) * step;
}

/** Periods with data in time order; `split` keeps one point per (period, unit) as GetMetricStatistics answers. */
export function readPeriods(store: MetricStore, seriesId: number, q: PeriodQuery, withSketch: boolean, split: boolean): PeriodPoint[] {
  const start = alignStart(q.startMs, q.periodSec, q.nowMs);
  if (q.endMs <= start) return [];
  const tier = chooseTier(q.periodSec, start, q.nowMs);
  if (tier === undefined) return [];
  const startSec = start / 1000;
  const rows = store.read(seriesId, tier.res, startSec, Math.ceil(q.endMs / 1000), q.unit, withSketch);
  const out: PeriodPoint[] = [];
  const open = new Map<string, PeriodPoint>();
  let openTs = NaN;
  for (const row of rows) {
    const [rowTs, unit, count, sum, min, max, encoded] = row;
    const ts = startSec + Math.floor((rowTs - startSec) / q.periodSec) * q.periodSec;
    if (ts !== openTs) {
      open.clear();
      openTs = ts;
    }
    const key = split ? unit : '';
    let point = open.get(key);
    if (point === undefined) {
      const sketch = withSketch ? new Sketch() : EMPTY_SKETCH;
      if (encoded !== undefined) sketch.mergeEncoded(encoded);
      point = { ts, unit, agg: { count, sum, min, max, sketch } };
      open.set(key, point);
      out.push(point);
    } else {
      const a = point.agg;
      a.count += count;
      a.sum += sum;
      a.min = Math.min(a.min, min);
      a.max = Math.max(a.max, max);
      if (encoded !== undefined) a.sketch.mergeEncoded(encoded);
      if (unit !== point.unit) (point.mixed ??= new Set([point.unit])).add(unit);
    }
  }
  return out;
}

/** One statistic per period as [period start seconds, value] pairs, skipping periods where it has no value. */
export function statisticSeries(points: readonly PeriodPoint[], stat: Statistic): { timestamps: number[]; values: number[] } {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const p of points) {
    const v = computeStatistic(stat, p.agg);
    if (v === undefined) continue;
    timestamps.push(p.ts);
    values.push(v);
  }
  return { timestamps, values };
}

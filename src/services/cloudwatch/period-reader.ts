// Reads one series as periods: rounds StartTime as GetMetricStatistics documents, picks the retention tier, and folds
// its buckets into [start + k·Period, start + (k+1)·Period) aggregates, per unit or across units, decoding sketches
// only when a percentile-family statistic asks for them.
import { chooseTier } from './metric-model.js';
import type { MetricStore } from './metric-store.js';
import { Sketch } from './sketch.js';
import { basic, computeStatistic, isPercentileFamily, type Aggregate, type Statistic } from './statistics.js';

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

/** Where a read's periods lie: the aligned start, the end, the retention tier to scan and the period, in seconds. */
interface PeriodWindow {
  startSec: number;
  endSec: number;
  res: number;
  period: number;
}

/** The window a query reads, or undefined when it holds no period (an empty range, or data past retention). */
function periodWindow(q: PeriodQuery): PeriodWindow | undefined {
  const start = alignStart(q.startMs, q.periodSec, q.nowMs);
  if (q.endMs <= start) return undefined;
  const tier = chooseTier(q.periodSec, start, q.nowMs);
  if (tier === undefined) return undefined;
  return { startSec: start / 1000, endSec: Math.ceil(q.endMs / 1000), res: tier.res, period: q.periodSec };
}

/** The start (epoch seconds) of the period a bucket starting at `rowTs` falls in. */
function periodStart(w: PeriodWindow, rowTs: number): number {
  return w.startSec + Math.floor((rowTs - w.startSec) / w.period) * w.period;
}

/** Periods with data in time order; `split` keeps one point per (period, unit) as GetMetricStatistics answers. */
export function readPeriods(store: MetricStore, seriesId: number, q: PeriodQuery, withSketch: boolean, split: boolean): PeriodPoint[] {
  const w = periodWindow(q);
  if (w === undefined) return [];
  const out: PeriodPoint[] = [];
  // The period points open at the current period start: one (split off) or one per unit (split on). `open` is the
  // last one made; the map exists only once a second unit shows up in a period (one Map per period was most of a
  // 1,440-point read's garbage).
  let open: PeriodPoint | undefined;
  let openUnits: Map<string, PeriodPoint> | undefined;
  let openTs = NaN;
  store.scan(seriesId, w.res, w.startSec, w.endSec, q.unit, withSketch, (rowTs, unit, count, sum, min, max, encoded) => {
    const ts = periodStart(w, rowTs);
    if (ts !== openTs) {
      open = undefined;
      openUnits = undefined;
      openTs = ts;
    }
    let point = !split || open?.unit === unit ? open : openUnits?.get(unit);
    if (point === undefined) {
      const sketch = withSketch ? new Sketch() : EMPTY_SKETCH;
      if (encoded !== undefined) sketch.mergeWords(encoded);
      point = { ts, unit, agg: { count, sum, min, max, sketch } };
      if (split && open !== undefined) {
        if (openUnits === undefined) openUnits = new Map([[open.unit, open]]);
        openUnits.set(unit, point);
      }
      open = point;
      out.push(point);
      return;
    }
    const a = point.agg;
    a.count += count;
    a.sum += sum;
    if (min < a.min) a.min = min;
    if (max > a.max) a.max = max;
    if (encoded !== undefined) a.sketch.mergeWords(encoded);
    if (unit !== point.unit) (point.mixed ??= new Set([point.unit])).add(unit);
  });
  return out;
}

/** A period's basic aggregate for one unit, as readBasicPeriods closes it (ts: period start, epoch seconds). */
export type PeriodVisitor = (ts: number, unit: string, count: number, sum: number, min: number, max: number) => void;

/**
 * The periods readPeriods(…, withSketch false, split true) answers, in the same order, handed over as numbers as each
 * period closes: GetMetricStatistics of basic statistics makes its datapoints from them without a point and an
 * aggregate object per period (two of a 1,440-point read's three objects per datapoint).
 */
export function readBasicPeriods(store: MetricStore, seriesId: number, q: PeriodQuery, visit: PeriodVisitor): void {
  const w = periodWindow(q);
  if (w === undefined) return;
  // The open period's first unit in scalars; any other unit met in the same period (rare) in `others`, in the order
  // met, as readPeriods pushes its points.
  let openTs = NaN;
  let unit = '';
  let count = 0;
  let sum = 0;
  let min = 0;
  let max = 0;
  let others: Array<{ unit: string; count: number; sum: number; min: number; max: number }> | undefined;
  const close = (): void => {
    visit(openTs, unit, count, sum, min, max);
    if (others !== undefined) for (const o of others) visit(openTs, o.unit, o.count, o.sum, o.min, o.max);
  };
  store.scan(seriesId, w.res, w.startSec, w.endSec, q.unit, false, (rowTs, rowUnit, n, total, low, high) => {
    const ts = periodStart(w, rowTs);
    if (ts !== openTs) {
      if (!Number.isNaN(openTs)) close();
      openTs = ts;
      unit = rowUnit;
      count = n;
      sum = total;
      min = low;
      max = high;
      others = undefined;
    } else if (rowUnit === unit) {
      count += n;
      sum += total;
      if (low < min) min = low;
      if (high > max) max = high;
    } else {
      const o = (others ??= []).find((x) => x.unit === rowUnit);
      if (o === undefined) others.push({ unit: rowUnit, count: n, sum: total, min: low, max: high });
      else {
        o.count += n;
        o.sum += total;
        if (low < o.min) o.min = low;
        if (high > o.max) o.max = high;
      }
    }
  });
  if (!Number.isNaN(openTs)) close();
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

/** One statistic per period of one series, units merged: what GetMetricData and alarms read. Columns, not objects. */
export interface StatisticColumns {
  /** Period starts, epoch seconds, ascending. */
  timestamps: number[];
  values: number[];
  /** SampleCount of each period (alarms' EvaluateLowSampleCountPercentile needs it). */
  counts: number[];
  /** Every unit met. */
  units: Set<string>;
}

/** Reads periods as readPeriods(…, split false) does and reduces each to `stat` as it closes, without a point object
 *  per period; a sketch is built only for a percentile-family statistic. */
export function readStatistic(store: MetricStore, seriesId: number, q: PeriodQuery, stat: Statistic): StatisticColumns {
  const out: StatisticColumns = { timestamps: [], values: [], counts: [], units: new Set() };
  const w = periodWindow(q);
  if (w === undefined) return out;
  const withSketch = isPercentileFamily(stat);
  const name = stat.kind === 'basic' ? stat.name : undefined;
  let openTs = NaN;
  let lastUnit: string | undefined;
  const agg: Aggregate = { count: 0, sum: 0, min: Infinity, max: -Infinity, sketch: EMPTY_SKETCH };
  const close = (): void => {
    if (agg.count <= 0) return; // as computeStatistic: no value without samples
    const v = name !== undefined ? basic(name, agg) : computeStatistic(stat, agg);
    if (v === undefined) return;
    out.timestamps.push(openTs);
    out.values.push(v);
    out.counts.push(agg.count);
  };
  store.scan(seriesId, w.res, w.startSec, w.endSec, q.unit, withSketch, (rowTs, unit, count, sum, min, max, encoded) => {
    const ts = periodStart(w, rowTs);
    if (ts !== openTs) {
      if (!Number.isNaN(openTs)) close();
      openTs = ts;
      agg.count = count;
      agg.sum = sum;
      agg.min = min;
      agg.max = max;
      if (withSketch) agg.sketch = new Sketch();
    } else {
      agg.count += count;
      agg.sum += sum;
      if (min < agg.min) agg.min = min;
      if (max > agg.max) agg.max = max;
    }
    if (encoded !== undefined) agg.sketch.mergeWords(encoded);
    if (unit !== lastUnit) {
      out.units.add(unit);
      lastUnit = unit;
    }
  });
  if (!Number.isNaN(openTs)) close();
  return out;
}


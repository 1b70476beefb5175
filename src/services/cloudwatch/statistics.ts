// Statistic names (SampleCount … Maximum, pNN.NN, tm/tc/ts/wm/PR and IQM) parsed once and answered from a bucket
// aggregate: the five basic ones exactly, the percentile family from the merged sketch, absent when AWS gives none.
// Forms and meanings: CloudWatch User Guide, "CloudWatch statistics definitions".
import { binIndex, type Sketch } from './sketch.js';

export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  sketch: Sketch;
}

export type BasicStatistic = 'SampleCount' | 'Sum' | 'Average' | 'Minimum' | 'Maximum';
export const BASIC_STATISTICS: readonly BasicStatistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

/** A bound of a range statistic: a percentage of the sample count or an absolute value; undefined = open. */
export interface Bound {
  value: number;
  percent: boolean;
}

export type Statistic =
  | { kind: 'basic'; name: BasicStatistic }
  | { kind: 'percentile'; p: number }
  | { kind: 'range'; fn: 'tm' | 'tc' | 'ts' | 'wm' | 'pr'; lo: Bound | undefined; hi: Bound | undefined };

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;
const SHORT_RANGE = /^(tm|tc|ts|wm)(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;
const LONG_RANGE = /^(tm|tc|ts|wm|pr)\(([^:()]*):([^:()]*)\)$/i;
const BOUND = /^(-?\d+(?:\.\d+)?)(%?)$/;

/** Parses a statistic as GetMetricData's Stat or an alarm's ExtendedStatistic; undefined when it is no statistic. */
export function parseStatistic(text: string): Statistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(text)) return { kind: 'basic', name: text as BasicStatistic };
  if (text === 'IQM') return { kind: 'range', fn: 'tm', lo: { value: 25, percent: true }, hi: { value: 75, percent: true } };
  let m = PERCENTILE.exec(text);
  if (m) return { kind: 'percentile', p: Number(m[1]) };
  m = SHORT_RANGE.exec(text);
  if (m) {
    // tm90 is TM(0%:90%): the highest 10 % removed (statistics definitions, "Trimmed mean").
    return { kind: 'range', fn: m[1] as 'tm', lo: undefined, hi: { value: Number(m[2]), percent: true } };
  }
  m = LONG_RANGE.exec(text);
  if (m) {
    const lo = parseBound(m[2] as string);
    const hi = parseBound(m[3] as string);
    if (lo === null || hi === null || (lo === undefined && hi === undefined)) return undefined;
    if (lo && hi && lo.percent !== hi.percent) return undefined;
    if ((lo?.percent && lo.value > 100) || (hi?.percent && hi.value > 100)) return undefined;
    if (lo && hi && lo.value > hi.value) return undefined;
    return { kind: 'range', fn: (m[1] as string).toLowerCase() as 'tm', lo, hi };
  }
  return undefined;
}

function parseBound(text: string): Bound | undefined | null {
  if (text === '') return undefined;
  const m = BOUND.exec(text);
  if (!m) return null;
  return { value: Number(m[1]), percent: m[2] === '%' };
}

/** True for statistics answered from the sketch (AWS calls them all "percentile" statistics). */
export function isPercentileFamily(stat: Statistic): boolean {
  return stat.kind !== 'basic';
}

/** The statistic's value for one aggregate, or undefined when AWS would return none. */
export function computeStatistic(stat: Statistic, agg: Aggregate): number | undefined {
  if (agg.count <= 0) return undefined;
  switch (stat.kind) {
    case 'basic':
      return basic(stat.name, agg);
    case 'percentile':
      return agg.sketch.percentilesAvailable ? percentile(agg, stat.p) : undefined;
    case 'range':
      return agg.sketch.percentilesAvailable ? range(stat.fn, stat.lo, stat.hi, agg) : undefined;
  }
}

export function basic(name: BasicStatistic, agg: Aggregate): number {
  switch (name) {
    case 'SampleCount':
      return agg.count;
    case 'Sum':
      return agg.sum;
    case 'Average':
      return agg.sum / agg.count;
    case 'Minimum':
      return agg.min;
    case 'Maximum':
      return agg.max;
  }
}

/** Nearest-rank percentile: the smallest value with at least p % of the weight at or below it, kept in [min, max]. */
export function percentile(agg: Aggregate, p: number): number {
  if (p <= 0) return agg.min;
  if (p >= 100) return agg.max;
  return valueAtRank(agg.sketch.sorted(), (p / 100) * totalWeight(agg.sketch), agg);
}

function totalWeight(s: Sketch): number {
  let n = s.zero;
  for (const c of s.bins.values()) n += c;
  return n;
}

function valueAtRank(bins: Array<[number, number, number]>, rank: number, agg: Aggregate): number {
  let cum = 0;
  for (const [v, w] of bins) {
    cum += w;
    if (cum >= rank - 1e-9) return clamp(v, agg);
  }
  return agg.max;
}

function clamp(v: number, agg: Aggregate): number {
  return Math.min(agg.max, Math.max(agg.min, v));
}

/** Range statistics over a window of ranks (percent bounds) or of values (absolute bounds, lo exclusive, hi inclusive). */
function range(fn: 'tm' | 'tc' | 'ts' | 'wm' | 'pr', lo: Bound | undefined, hi: Bound | undefined, agg: Aggregate): number | undefined {
  const bins = agg.sketch.sorted();
  const n = totalWeight(agg.sketch);
  let count = 0;
  let sum = 0;
  let rankLo = 0;
  let rankHi = n;
  if (lo?.percent === true || hi?.percent === true) {
    rankLo = lo ? (lo.value / 100) * n : 0;
    rankHi = hi ? (hi.value / 100) * n : n;
    let cum = 0;
    for (const [v, w] of bins) {
      const overlap = Math.min(cum + w, rankHi) - Math.max(cum, rankLo);
      if (overlap > 0) {
        count += overlap;
        sum += clamp(v, agg) * overlap;
      }
      cum += w;
    }
  } else {
    // Compare bins, not representatives: a value equal to a bound shares the bound's bin, so TM(2:5) keeps 5, drops 2.
    const iLo = lo === undefined ? undefined : binIndex(lo.value);
    const iHi = hi === undefined ? undefined : binIndex(hi.value);
    for (const [raw, w, i] of bins) {
      const v = clamp(raw, agg);
      const aboveLo = iLo === undefined || (lo !== undefined && lo.value < 0 ? true : i > iLo);
      const belowHi = iHi === undefined || (hi !== undefined && hi.value < 0 ? false : i <= iHi);
      if (aboveLo && belowHi) {
        count += w;
        sum += v * w;
      }
    }
  }
  switch (fn) {
    case 'tc':
      return count;
    case 'ts':
      return sum;
    case 'tm':
      return count > 0 ? sum / count : undefined;
    case 'pr':
      return (count / n) * 100;
    case 'wm': {
      if (!(lo?.percent === true || hi?.percent === true)) return undefined;
      // Winsorized mean: values below the low rank count as the value there, those above the high rank as that one.
      const low = rankLo > 0 ? valueAtRank(bins, rankLo, agg) : 0;
      const high = rankHi < n ? valueAtRank(bins, rankHi, agg) : 0;
      return (sum + rankLo * low + (n - rankHi) * high) / n;
    }
  }
}

// The metric model shared by the store, reads and alarms: scopes, dimensions, datums as validated, series, and the
// retention tiers AWS keeps (User Guide "Metrics retention"), with the rule for which tier a read uses.

export interface Scope {
  account: string;
  region: string;
}

export interface Dimension {
  Name: string;
  Value: string;
}

/** One datum after validation: plain values with counts, or a statistic set. */
export interface MetricDatum {
  namespace: string;
  metricName: string;
  dimensions: readonly Dimension[];
  /** Epoch milliseconds. */
  timestamp: number;
  unit: string;
  storageResolution: 1 | 60;
  values?: ReadonlyArray<readonly [value: number, count: number]> | undefined;
  statisticSet?: { sampleCount: number; sum: number; min: number; max: number };
}

export interface Tier {
  res: number;
  retainMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const TIERS: readonly Tier[] = [
  { res: 1, retainMs: 3 * HOUR },
  { res: 60, retainMs: 15 * DAY },
  { res: 300, retainMs: 63 * DAY },
  { res: 3600, retainMs: 455 * DAY },
];

/** A bucket as `read` lists it: [ts, unit, count, sum, min, max, sketch words?]. */
export type BucketRow = [ts: number, unit: string, count: number, sum: number, min: number, max: number, sketch?: Float64Array | undefined];

export interface SeriesInfo {
  id: number;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** Canonical dimension key: sorted by name (then value), as JSON. */
export function dimensionsKey(dims: readonly Dimension[]): string {
  const sorted = [...dims].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : a.Value < b.Value ? -1 : a.Value > b.Value ? 1 : 0));
  return JSON.stringify(sorted.map((d) => [d.Name, d.Value]));
}

export function parseDims(key: string): Dimension[] {
  return (JSON.parse(key) as Array<[string, string]>).map(([Name, Value]) => ({ Name, Value }));
}

/** The tier for a read at `periodSec` starting `startMs`, or undefined when AWS keeps no data at that period then. */
export function chooseTier(periodSec: number, startMs: number, nowMs: number): Tier | undefined {
  const age = nowMs - startMs;
  const startSec = Math.floor(startMs / 1000);
  let best: Tier | undefined;
  for (const tier of TIERS) {
    if (age > tier.retainMs) continue; // finer data of that age is gone (GetMetricStatistics reference, StartTime)
    if (periodSec % tier.res !== 0 || startSec % tier.res !== 0) continue;
    best = tier; // later tiers are coarser: the coarsest usable one reads the fewest buckets
  }
  return best;
}

// Statistics against brute force: percentiles and range statistics from (merged) sketches stay within 1 % of the exact
// answer over sorted raw values, and AWS's availability rules (negatives, statistic sets) hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sketch } from './sketch.js';
import { computeStatistic, parseStatistic, type Aggregate, type Statistic } from './statistics.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function aggregateOf(values: number[]): Aggregate {
  const sketch = new Sketch();
  for (const v of values) sketch.add(v);
  return { count: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values), sketch };
}

function exactPercentile(sorted: number[], p: number): number {
  if (p <= 0) return sorted[0] as number;
  if (p >= 100) return sorted[sorted.length - 1] as number;
  const idx = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[idx] as number;
}

/** Each element owns ranks [i, i+1); the window [lo·n, hi·n) takes fractional shares at its edges. */
function exactWindow(sorted: number[], loPct: number, hiPct: number): { count: number; sum: number } {
  const n = sorted.length;
  const lo = (loPct / 100) * n;
  const hi = (hiPct / 100) * n;
  let count = 0;
  let sum = 0;
  sorted.forEach((v, i) => {
    const overlap = Math.min(i + 1, hi) - Math.max(i, lo);
    if (overlap > 0) {
      count += overlap;
      sum += v * overlap;
    }
  });
  return { count, sum };
}

function stat(text: string): Statistic {
  const s = parseStatistic(text);
  assert.ok(s, text);
  return s;
}

function close(actual: number | undefined, expected: number, rel = 0.01): void {
  assert.ok(actual !== undefined, 'expected a value');
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + 1e-12, `${actual} vs ${expected}`);
}

const distributions: Array<[string, (r: () => number) => number]> = [
  ['uniform 0..1000', (r) => r() * 1000],
  ['log-normal-ish 1e-3..1e6', (r) => Math.exp(r() * 20 - 7)],
  ['with zeros', (r) => (r() < 0.2 ? 0 : r() * 50)],
  ['integers 1..10', (r) => 1 + Math.floor(r() * 10)],
];

for (const [name, gen] of distributions) {
  test(`percentiles of ${name} are within 1 % of brute force, also after merging sketches`, () => {
    const r = rng(42);
    const values = Array.from({ length: 5000 }, () => gen(r));
    const sorted = [...values].sort((a, b) => a - b);
    // Build as 5 separate buckets then merge, as a rolled-up period does.
    const parts = [0, 1, 2, 3, 4].map((k) => aggregateOf(values.slice(k * 1000, (k + 1) * 1000)));
    const merged = parts[0] as Aggregate;
    for (const p of parts.slice(1)) {
      merged.sketch.merge(p.sketch);
      merged.count += p.count;
      merged.sum += p.sum;
      merged.min = Math.min(merged.min, p.min);
      merged.max = Math.max(merged.max, p.max);
    }
    for (const p of [0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]) {
      close(computeStatistic(stat(`p${p}`), merged), exactPercentile(sorted, p));
    }
    for (const [lo, hi] of [[0, 90], [10, 90], [25, 75], [0, 100], [5, 99.5]] as const) {
      const w = exactWindow(sorted, lo, hi);
      close(computeStatistic(stat(`TM(${lo}%:${hi}%)`), merged), w.sum / w.count);
      close(computeStatistic(stat(`TS(${lo}%:${hi}%)`), merged), w.sum);
      close(computeStatistic(stat(`TC(${lo}%:${hi}%)`), merged), w.count, 1e-9);
    }
  });
}

test('tm90, IQM and wm90 mean what the statistics definitions say', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  const agg = aggregateOf(values);
  close(computeStatistic(stat('tm90'), agg), 45.5); // 1..90
  close(computeStatistic(stat('IQM'), agg), 50.5); // 26..75
  close(computeStatistic(stat('tc90'), agg), 90, 1e-9);
  // wm90: 91..100 count as 90 → (sum 1..90 + 10·90) / 100
  close(computeStatistic(stat('wm90'), agg), (4095 + 900) / 100);
});

test('absolute-value ranges: TM(lo:hi) takes lo < v ≤ hi and PR gives the percentage inside', () => {
  const agg = aggregateOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  close(computeStatistic(stat('TM(2:5)'), agg), 4);
  close(computeStatistic(stat('PR(:5)'), agg), 50);
  close(computeStatistic(stat('TC(5:)'), agg), 5, 1e-9);
});

test('no percentile statistics once any value is negative; the basic ones stay', () => {
  const agg = aggregateOf([5, -1, 3]);
  assert.equal(computeStatistic(stat('p50'), agg), undefined);
  assert.equal(computeStatistic(stat('tm90'), agg), undefined);
  assert.equal(computeStatistic(stat('Minimum'), agg), -1);
  assert.equal(computeStatistic(stat('Average'), agg), 7 / 3);
});

test('statistic sets give percentiles only when SampleCount = 1 or Minimum = Maximum', () => {
  const placeable = new Sketch();
  placeable.addStatisticSet(4, 7, 7);
  placeable.addStatisticSet(1, 3, 3);
  const agg: Aggregate = { count: 5, sum: 31, min: 3, max: 7, sketch: placeable };
  close(computeStatistic(stat('p50'), agg), 7);
  close(computeStatistic(stat('p10'), agg), 3);
  const spread = new Sketch();
  spread.addStatisticSet(10, 1, 9);
  assert.equal(computeStatistic(stat('p50'), { count: 10, sum: 50, min: 1, max: 9, sketch: spread }), undefined);
});

test('a sketch survives its binary encoding and merges encoded', () => {
  const s = new Sketch();
  for (const v of [0, 0.5, 1, 2, 1000, 1e100]) s.add(v, 2);
  s.add(-3);
  s.addStatisticSet(3, 1, 2);
  const back = Sketch.decode(s.encode());
  assert.deepEqual([...back.bins], [...s.bins]);
  assert.equal(back.zero, 2);
  assert.equal(back.negative, 1);
  assert.equal(back.unplaced, 3);
  const m = new Sketch();
  m.mergeEncoded(s.encode());
  m.mergeEncoded(s.encode());
  assert.equal(m.zero, 4);
  assert.equal(m.bins.get([...s.bins.keys()][0] as number), 4);
});

test('statistic names: accepted forms and rejected ones', () => {
  for (const ok of ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum', 'p0', 'p99', 'p99.99', 'p100', 'tm99', 'wm50', 'IQM', 'TM(10%:90%)', 'tm(:95%)', 'TS(150:1000)', 'PR(:300)']) {
    assert.ok(parseStatistic(ok), ok);
  }
  for (const bad of ['Avg', 'p101', 'p', 'pp5', 'TM(90%:10%)', 'TM(10%:500)', 'TM(:)', 'XX(1:2)', 'average']) {
    assert.equal(parseStatistic(bad), undefined, bad);
  }
});

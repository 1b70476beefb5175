// Metric store and period reader: series identity ignores dimension order, every tier answers the same aggregates,
// reads pick the coarsest tier AWS still keeps, units split or merge, retention expires buckets, and data survives reopening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore } from '../../store/state-store.js';
import { chooseTier, type MetricDatum } from './metric-model.js';
import { MetricStore } from './metric-store.js';
import { alignStart, readBasicPeriods, readPeriods, statisticSeries } from './period-reader.js';
import { Sketch } from './sketch.js';
import { parseStatistic, type Statistic } from './statistics.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

function datum(value: number, atMs: number, extra: Partial<MetricDatum> = {}): MetricDatum {
  return { namespace: 'App', metricName: 'Latency', dimensions: [{ Name: 'Host', Value: 'a' }], timestamp: atMs, unit: 'Milliseconds', storageResolution: 60, values: [[value, 1]], ...extra };
}

function stat(s: string): Statistic {
  const parsed = parseStatistic(s);
  assert.ok(parsed);
  return parsed;
}

test('a series is namespace + name + dimensions, whatever order the dimensions come in', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const dims = [{ Name: 'B', Value: '2' }, { Name: 'A', Value: '1' }];
  ms.put(scope, [datum(1, NOW, { dimensions: dims })], NOW);
  ms.put(scope, [datum(1, NOW, { dimensions: [...dims].reverse() })], NOW);
  assert.equal(ms.listSeries(scope, 0).length, 1);
  assert.deepEqual(ms.listSeries(scope, 0)[0]?.dimensions, [{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }]);
  assert.ok(ms.seriesId(scope, 'App', 'Latency', dims) !== undefined);
  assert.equal(ms.seriesId(scope, 'App', 'Latency', []), undefined);
});

test('GetMetricStatistics-style reads aggregate per period at 60 s, 300 s and 3600 s alike', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const start = NOW - 2 * 3_600_000;
  const datums: MetricDatum[] = [];
  for (let i = 0; i < 120; i++) datums.push(datum(i, start + i * 60_000 + 5_000));
  const [id] = ms.put(scope, datums, NOW);
  assert.ok(id !== undefined);
  for (const period of [60, 300, 3600]) {
    const points = readPeriods(ms, id, { startMs: start, endMs: NOW, periodSec: period, nowMs: NOW }, false, true);
    assert.equal(points.length, 7200 / period);
    const per = period / 60;
    assert.equal(points[1]?.agg.count, per);
    assert.equal(points[1]?.agg.sum, Array.from({ length: per }, (_, k) => per + k).reduce((a, b) => a + b, 0));
    assert.equal(points[1]?.agg.min, per);
    assert.equal(points[1]?.agg.max, 2 * per - 1);
  }
  // A percentile over a rolled-up hour equals the one over its raw values (0..59 → p50 = 29) within the sketch error.
  const hour = readPeriods(ms, id, { startMs: start, endMs: NOW, periodSec: 3600, nowMs: NOW }, true, true);
  const p50 = statisticSeries(hour, stat('p50'));
  assert.ok(Math.abs((p50.values[0] as number) - 29) <= 0.3, String(p50.values[0]));
});

test('reads choose the coarsest tier that divides the period and the aligned start, within retention', () => {
  assert.equal(chooseTier(3600, NOW - 3_600_000, NOW)?.res, 3600);
  assert.equal(chooseTier(120, NOW - 3_600_000, NOW)?.res, 60);
  assert.equal(chooseTier(10, NOW - 3_600_000, NOW)?.res, 1);
  assert.equal(chooseTier(10, NOW - 4 * 3_600_000, NOW), undefined); // sub-minute data lives 3 hours
  assert.equal(chooseTier(60, NOW - 20 * 86_400_000, NOW), undefined); // 1-minute data lives 15 days
  assert.equal(chooseTier(300, NOW - 20 * 86_400_000, NOW)?.res, 300);
  assert.equal(chooseTier(300, NOW - 70 * 86_400_000, NOW), undefined);
  assert.equal(chooseTier(3600, NOW - 70 * 86_400_000, NOW)?.res, 3600);
  assert.equal(alignStart(Date.UTC(2026, 0, 10, 11, 32, 34), 60, NOW), Date.UTC(2026, 0, 10, 11, 32, 0));
  assert.equal(alignStart(Date.UTC(2025, 11, 20, 11, 32, 34), 300, NOW), Date.UTC(2025, 11, 20, 11, 30, 0));
});

test('high-resolution datums answer 1-second periods; standard ones do not', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const t = NOW - 600_000;
  const [hi] = ms.put(scope, [datum(5, t + 1000, { storageResolution: 1, metricName: 'Hi' }), datum(7, t + 2000, { storageResolution: 1, metricName: 'Hi' })], NOW);
  const [lo] = ms.put(scope, [datum(5, t + 1000), datum(7, t + 2000)], NOW);
  assert.ok(hi !== undefined && lo !== undefined);
  const q = { startMs: t, endMs: t + 60_000, periodSec: 1, nowMs: NOW };
  assert.deepEqual(readPeriods(ms, hi, q, false, true).map((p) => [p.ts - t / 1000, p.agg.sum]), [[1, 5], [2, 7]]);
  assert.deepEqual(readPeriods(ms, lo, q, false, true), []);
  assert.equal(readPeriods(ms, hi, { ...q, periodSec: 60 }, false, true)[0]?.agg.sum, 12);
});

test('units: split gives a point per unit, merged gives one point naming every unit; a Unit filter selects', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const t = NOW - 600_000;
  const [id] = ms.put(scope, [datum(1, t, { unit: 'Seconds' }), datum(1000, t, { unit: 'Milliseconds' })], NOW);
  assert.ok(id !== undefined);
  const q = { startMs: t - 60_000, endMs: NOW, periodSec: 300, nowMs: NOW };
  assert.equal(readPeriods(ms, id, q, false, true).length, 2);
  const merged = readPeriods(ms, id, q, false, false);
  assert.equal(merged.length, 1);
  assert.deepEqual([...(merged[0]?.mixed ?? [])].sort(), ['Milliseconds', 'Seconds']);
  assert.equal(merged[0]?.agg.sum, 1001);
  assert.equal(readPeriods(ms, id, { ...q, unit: 'Seconds' }, false, false)[0]?.agg.sum, 1);
});

test('Values with Counts and statistic sets aggregate exactly; a count of 0 records nothing', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const t = NOW - 600_000;
  const [id] = ms.put(scope, [
    datum(0, t, { values: [[10, 2], [4, 0], [1, 3]] }),
    datum(0, t, { values: undefined, statisticSet: { sampleCount: 4, sum: 20, min: 2, max: 8 } }),
  ], NOW);
  assert.ok(id !== undefined);
  const [p] = readPeriods(ms, id, { startMs: t - 60_000, endMs: NOW, periodSec: 600, nowMs: NOW }, true, true);
  assert.deepEqual([p?.agg.count, p?.agg.sum, p?.agg.min, p?.agg.max], [9, 43, 1, 10]);
  assert.equal(p?.agg.sketch.percentilesAvailable, false); // the set spread 2..8 over 4 samples
});

test('expiry removes buckets each tier no longer keeps and leaves the coarser ones', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const old = NOW - 20 * 86_400_000;
  const [id] = ms.put(scope, [datum(3, old, { storageResolution: 1 })], NOW);
  assert.ok(id !== undefined);
  const removed = ms.expire(NOW);
  assert.equal(removed, 2); // the 1 s and 60 s buckets
  assert.equal(ms.read(id, 300, 0, NOW / 1000, undefined, false).length, 1);
  assert.equal(ms.read(id, 3600, 0, NOW / 1000, undefined, false).length, 1);
});

test('stored metrics survive closing and reopening the data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-cw-'));
  try {
    const s1 = openStateStore({ dataDir: dir });
    new MetricStore(s1).put(scope, [datum(42, NOW - 60_000)], NOW);
    s1.close();
    const s2 = openStateStore({ dataDir: dir });
    const ms = new MetricStore(s2);
    const id = ms.seriesId(scope, 'App', 'Latency', [{ Name: 'Host', Value: 'a' }]);
    assert.ok(id !== undefined);
    assert.equal(readPeriods(ms, id, { startMs: NOW - 120_000, endMs: NOW, periodSec: 60, nowMs: NOW }, false, true)[0]?.agg.sum, 42);
    s2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a put is logged before it answers: after a restart the unwritten log merges into written buckets once, at every tier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-cw-'));
  try {
    const s1 = openStateStore({ dataDir: dir });
    const first = new MetricStore(s1);
    first.put(scope, [datum(42, NOW - 60_000)], NOW);
    const id = first.seriesId(scope, 'App', 'Latency', [{ Name: 'Host', Value: 'a' }]) as number;
    assert.equal(first.read(id, 60, 0, NOW / 1000, undefined, false).length, 1, 'a read writes the merged buckets first');
    first.put(scope, [datum(8, NOW - 60_000)], NOW); // logged and merged in memory only
    s1.close();
    const s2 = openStateStore({ dataDir: dir });
    const ms = new MetricStore(s2);
    for (const res of [60, 300, 3600]) {
      const rows = ms.read(id, res, 0, NOW / 1000, undefined, false);
      assert.deepEqual(rows.map((r) => [r[2], r[3]]), [[2, 50]], `tier ${res}`);
    }
    s2.close();
    const s3 = openStateStore({ dataDir: dir });
    assert.deepEqual(new MetricStore(s3).read(id, 60, 0, NOW / 1000, undefined, false).map((r) => [r[2], r[3]]), [[2, 50]], 'the replayed log is gone');
    s3.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a read across many blocks returns every bucket once, in time then unit order, from the cache and after a restart alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-cw-'));
  try {
    const start = NOW - 5 * 3_600_000; // 300 one-minute buckets: five 60-bucket blocks at the 60 s tier
    const datums: MetricDatum[] = [];
    const expected: Array<[number, string, number]> = [];
    for (let i = 0; i < 300; i++) {
      const at = start + i * 60_000;
      datums.push(datum(i, at + 1_000));
      expected.push([at / 1000, 'Milliseconds', i]);
      if (i % 7 === 0) {
        datums.push(datum(-i, at + 2_000, { unit: 'Count' })); // a second unit shares some blocks and buckets
        expected.push([at / 1000, 'Count', -i]);
      }
    }
    expected.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    const s1 = openStateStore({ dataDir: dir });
    const first = new MetricStore(s1);
    const [id] = first.put(scope, datums, NOW);
    assert.ok(id !== undefined);
    const rows = (ms: MetricStore): Array<[number, string, number]> =>
      ms.read(id, 60, start / 1000 + 30, NOW / 1000, undefined, false).map((r) => [r[0], r[1], r[3]]);
    const wanted = expected.filter(([ts]) => ts >= start / 1000 + 30);
    assert.deepEqual(rows(first), wanted);
    assert.deepEqual(first.read(id, 60, 0, NOW / 1000, 'Count', false).length, 43);
    s1.close();
    const s2 = openStateStore({ dataDir: dir });
    assert.deepEqual(rows(new MetricStore(s2)), wanted, 'the same buckets read from SQLite');
    s2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('buckets an earlier kumo stored one per row are packed into blocks at start, percentile sketches included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-cw-'));
  try {
    const s1 = openStateStore({ dataDir: dir });
    const first = new MetricStore(s1); // creates the schema and the series
    first.put(scope, [datum(1, NOW - 3_600_000)], NOW);
    first.flush();
    const id = first.seriesId(scope, 'App', 'Latency', [{ Name: 'Host', Value: 'a' }]) as number;
    s1.db.prepare('DELETE FROM cw_blocks').run(); // as if the earlier kumo had written cw_points only
    const sketch = new Sketch();
    for (let v = 1; v <= 100; v++) sketch.add(v);
    const ts = Math.floor((NOW - 600_000) / 1000 / 60) * 60;
    s1.db.prepare('INSERT INTO cw_points (series_id, res, ts, unit, count, sum, min, max, sketch) VALUES (?, 60, ?, ?, 100, 5050, 1, 100, ?)').run(id, ts, 'Milliseconds', sketch.encode());
    s1.close();
    const s2 = openStateStore({ dataDir: dir });
    const ms = new MetricStore(s2);
    assert.equal((s2.db.prepare('SELECT count(*) AS n FROM cw_points').get() as { n: number }).n, 0);
    const points = readPeriods(ms, id, { startMs: NOW - 3_600_000, endMs: NOW, periodSec: 60, nowMs: NOW }, true, true);
    assert.deepEqual(points.map((p) => [p.ts, p.agg.count, p.agg.sum]), [[ts, 100, 5050]]);
    const p90 = statisticSeries(points, stat('p90')).values[0] as number;
    assert.ok(Math.abs(p90 - 90) <= 0.5, String(p90));
    s2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readBasicPeriods hands over the same periods as the split read, in its order, with units mixed inside periods', () => {
  const ms = new MetricStore(openStateStore({ inMemory: true }));
  const t = NOW - 3 * 3_600_000;
  const units = ['Milliseconds', 'Seconds', 'Count'];
  // Minutes with one, two or three units, in varying order within a minute, and a unit that shows up late.
  const datums: MetricDatum[] = [];
  for (let m = 0; m < 150; m++) {
    const present = units.filter((_, u) => (m + u) % (u + 2) !== 0);
    if (m % 5 === 0) present.reverse();
    present.forEach((unit, k) => datums.push(datum(m * 10 + k - 7, t + m * 60_000 + k * 1000, { unit })));
  }
  const [id] = ms.put(scope, datums, NOW);
  assert.ok(id !== undefined);
  for (const periodSec of [60, 120, 300, 3600]) {
    for (const unit of [undefined, 'Seconds']) {
      const q = { startMs: t + 90_000, endMs: t + 140 * 60_000, periodSec, unit, nowMs: NOW };
      const expected: unknown[] = readPeriods(ms, id, q, false, true).map((p) => [p.ts, p.unit, p.agg.count, p.agg.sum, p.agg.min, p.agg.max]);
      const got: unknown[] = [];
      readBasicPeriods(ms, id, q, (...point) => got.push(point));
      assert.ok(expected.length > 0);
      assert.deepEqual(got, expected, `period ${periodSec}, unit ${unit}`);
    }
  }
});

// The put log file: puts of known series append a line instead of a SQLite row; a restart replays unmerged lines once;
// a torn last line, a merged generation and a file from before a reset are never replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../store/state-store.js';
import type { MetricDatum } from './metric-model.js';
import { MetricStore } from './metric-store.js';
import { logLine, parse, PUT_LOG_FILE_NAME, type LoggedDatum } from './put-log-file.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const dims = [{ Name: 'Host', Value: 'a' }];

function datum(value: number): MetricDatum {
  return { namespace: 'App', metricName: 'Latency', dimensions: dims, timestamp: NOW - 60_000, unit: 'Count', storageResolution: 60, values: [[value, 1]] };
}

/** Runs `fn` on a fresh data directory, removed afterwards. */
function inDir(fn: (dir: string, open: () => StateStore) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-cw-log-'));
  try {
    fn(dir, () => openStateStore({ dataDir: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** [SampleCount, Sum] of the minute the datums went to, at the 60 s tier. */
function minute(ms: MetricStore): Array<[number, number]> {
  const id = ms.seriesId(scope, 'App', 'Latency', dims);
  if (id === undefined) return [];
  return ms.read(id, 60, 0, NOW / 1000, undefined, false).map((r) => [r[2], r[3]]);
}

function logRows(s: StateStore): number {
  return (s.db.prepare('SELECT count(*) AS n FROM cw_put_log').get() as { n: number }).n;
}

test('a put of a known series appends one line to the log file, not a SQLite row; a restart merges it once', () => {
  inDir((dir, open) => {
    const s1 = open();
    const first = new MetricStore(s1);
    first.put(scope, [datum(1)], NOW); // creates the series: one transaction, its log as a row
    assert.equal(logRows(s1), 1);
    first.put(scope, [datum(2)], NOW);
    first.put(scope, [datum(3)], NOW);
    assert.equal(logRows(s1), 1, 'no row for puts of known series');
    assert.equal(parse(readFileSync(join(dir, PUT_LOG_FILE_NAME), 'utf8')).lines.length, 2);
    s1.close(); // as kill -9: nothing merged or written since the puts
    const s2 = open();
    assert.deepEqual(minute(new MetricStore(s2)), [[3, 6]]);
    assert.equal(logRows(s2), 0);
    assert.deepEqual(parse(readFileSync(join(dir, PUT_LOG_FILE_NAME), 'utf8')).lines, [], 'the merged file is emptied');
    s2.close();
    const s3 = open();
    assert.deepEqual(minute(new MetricStore(s3)), [[3, 6]], 'nothing merges twice');
    s3.close();
  });
});

test('lines already merged are not replayed, even when emptying the file did not happen', () => {
  inDir((dir, open) => {
    const s1 = open();
    const first = new MetricStore(s1);
    first.put(scope, [datum(1)], NOW);
    first.put(scope, [datum(2)], NOW);
    const before = readFileSync(join(dir, PUT_LOG_FILE_NAME), 'utf8');
    first.flush(); // merges and records the next generation
    s1.close();
    // As if the process died between the merge's commit and emptying the file.
    writeFileSync(join(dir, PUT_LOG_FILE_NAME), before, 'utf8');
    const s2 = open();
    assert.deepEqual(minute(new MetricStore(s2)), [[2, 3]]);
    s2.close();
  });
});

test('a torn last line (a put that never answered) is dropped; the lines before it merge', () => {
  inDir((dir, open) => {
    const s1 = open();
    const first = new MetricStore(s1);
    first.put(scope, [datum(1)], NOW);
    first.put(scope, [datum(2)], NOW);
    s1.close();
    appendFileSync(join(dir, PUT_LOG_FILE_NAME), '[[1,60,', 'utf8');
    const s2 = open();
    assert.deepEqual(minute(new MetricStore(s2)), [[2, 3]]);
    s2.close();
  });
});

test('after a reset, lines logged before it are never replayed, even when the process died before the cache was cleared', () => {
  for (const clearCache of [true, false]) {
    inDir((_dir, open) => {
      const s1 = open();
      const first = new MetricStore(s1);
      first.put(scope, [datum(1)], NOW);
      first.put(scope, [datum(2)], NOW); // a file line
      s1.reset();
      if (clearCache) {
        first.clearCache();
        first.put(scope, [datum(5)], NOW);
        first.put(scope, [datum(7)], NOW);
      }
      s1.close();
      const s2 = open();
      assert.deepEqual(minute(new MetricStore(s2)), clearCache ? [[2, 12]] : [], `clearCache ${String(clearCache)}`);
      const blocks = (s2.db.prepare('SELECT count(*) AS n FROM cw_blocks').get() as { n: number }).n;
      assert.equal(blocks, clearCache ? 3 : 0, 'no bucket written for a series the reset removed');
      s2.close();
    });
  }
});

test('a log line is the JSON of its datums, number for number', () => {
  const logged: LoggedDatum[] = [
    [1, 60, 1_700_000_000, 'Milliseconds', [[1.5, 1], [-2e-7, 0.25], [1e300, 3], [0, 0]], null],
    [22, 1, 1_700_000_001, 'Count/Second', null, [4, 10.1, -3, 2 ** 53]],
    [3, 60, 0, 'None', [[-0, 1]], null],
  ];
  assert.equal(logLine(logged), JSON.stringify(logged));
  assert.equal(logLine([]), '[]');
});

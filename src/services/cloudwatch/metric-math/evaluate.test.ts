// Metric math: precedence, series alignment, aggregates over series and arrays, FILL, RATE/DIFF, IF, METRICS(),
// and a named MathError for functions kumo does not implement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, resultSeries, type MathContext, type Series, type Value } from './evaluate.js';
import { MathError, parseExpression, references } from './parser.js';

const m1: Series = { label: 'm1', timestamps: [0, 60, 120, 180], values: [1, 2, 3, 4] };
const m2: Series = { label: 'm2', timestamps: [60, 120, 240], values: [10, 20, 40] };
const empty: Series = { label: 'e', timestamps: [], values: [] };

const ctx: MathContext = {
  resolve: (id) => ({ m1, m2, e: empty } as Record<string, Series>)[id] !== undefined ? { kind: 'series', s: ({ m1, m2, e: empty } as Record<string, Series>)[id] as Series } : undefined,
  metrics: () => [m1, m2, empty],
  startSec: 0,
  endSec: 300,
  periodSec: 60,
};

function run(expr: string): Value {
  return evaluate(parseExpression(expr), ctx);
}

function series(expr: string): [number[], number[]] {
  const v = run(expr);
  assert.equal(v.kind, 'series', expr);
  return v.kind === 'series' ? [v.s.timestamps, v.s.values] : [[], []];
}

function scalar(expr: string): number {
  const v = run(expr);
  assert.equal(v.kind, 'scalar', expr);
  return v.kind === 'scalar' ? v.v : NaN;
}

test('arithmetic follows precedence: ^ over * / over + -, unary minus, parentheses', () => {
  assert.equal(scalar('1 + 2 * 3 ^ 2'), 19);
  assert.equal(scalar('(1 + 2) * 3'), 9);
  assert.equal(scalar('-2 ^ 2'), -4);
  assert.equal(scalar('2 ^ 3 ^ 2'), 512);
  assert.equal(scalar('10 / 4 - 1'), 1.5);
});

test('comparisons and logic give 1 or 0: AND/&&, OR/||, NOT', () => {
  assert.equal(scalar('3 > 2 AND 1 == 1'), 1);
  assert.equal(scalar('3 < 2 || 0'), 0);
  assert.equal(scalar('NOT 0'), 1);
  assert.equal(scalar('1 != 1 OR 2 >= 2 && 1 <= 0'), 0);
});

test('two series combine on the timestamps both have; a scalar applies at every point', () => {
  assert.deepEqual(series('m1 + m2'), [[60, 120], [12, 23]]);
  assert.deepEqual(series('m1 * 10'), [[0, 60, 120, 180], [10, 20, 30, 40]]);
  assert.deepEqual(series('m1 > 2'), [[0, 60, 120, 180], [0, 0, 1, 1]]);
  assert.deepEqual(series('(m1 + 1) / (m1 - 2)'), [[0, 120, 180], [-2, 4, 2.5]]); // x/0 leaves the point out
});

test('aggregates: a series gives a scalar, an array gives a series across its members', () => {
  assert.equal(scalar('SUM(m1)'), 10);
  assert.equal(scalar('AVG(m1)'), 2.5);
  assert.equal(scalar('MAX(m1)'), 4);
  assert.equal(scalar('MIN(m1)'), 1);
  assert.ok(Math.abs(scalar('STDDEV(m1)') - Math.sqrt(1.25)) < 1e-12);
  assert.deepEqual(series('SUM([m1, m2])'), [[0, 60, 120, 180, 240], [1, 12, 23, 4, 40]]);
  assert.deepEqual(series('MAX(METRICS())'), [[0, 60, 120, 180, 240], [1, 10, 20, 4, 40]]);
});

test('elementwise functions: ABS CEIL FLOOR LOG LOG10 SQRT', () => {
  assert.equal(scalar('ABS(-3) + CEIL(1.2) + FLOOR(1.8) + SQRT(16) + LOG10(100)'), 3 + 2 + 1 + 4 + 2);
  assert.ok(Math.abs(scalar('LOG(2.718281828459045)') - 1) < 1e-12);
});

test('FILL with a value, REPEAT and LINEAR on the query grid', () => {
  assert.deepEqual(series('FILL(m2, 0)'), [[0, 60, 120, 180, 240], [0, 10, 20, 0, 40]]);
  assert.deepEqual(series('FILL(m2, REPEAT)'), [[60, 120, 180, 240], [10, 20, 20, 40]]);
  assert.deepEqual(series('FILL(m2, LINEAR)'), [[60, 120, 180, 240], [10, 20, 30, 40]]);
});

test('RATE, DIFF, DIFF_TIME, PERIOD and RUNNING_SUM', () => {
  assert.deepEqual(series('DIFF(m2)'), [[120, 240], [10, 20]]);
  assert.deepEqual(series('DIFF_TIME(m2)'), [[120, 240], [60, 120]]);
  assert.deepEqual(series('RATE(m2)'), [[120, 240], [10 / 60, 20 / 120]]);
  assert.deepEqual(series('PERIOD(m1)'), [[0, 60, 120, 180], [60, 60, 60, 60]]);
  assert.deepEqual(series('RUNNING_SUM(m1)'), [[0, 60, 120, 180], [1, 3, 6, 10]]);
});

test('IF picks per timestamp; without an else branch false points are left out', () => {
  assert.deepEqual(series('IF(m1 > 2, m1, 0)'), [[0, 60, 120, 180], [0, 0, 3, 4]]);
  assert.deepEqual(series('IF(m1 > 2, 1)'), [[120, 180], [1, 1]]);
});

test('METRICS(filter), REMOVE_EMPTY, FIRST and LAST work on arrays', () => {
  const filtered = run('METRICS("m2")');
  assert.equal(filtered.kind === 'array' && filtered.items.length, 1);
  const nonEmpty = run('REMOVE_EMPTY(METRICS())');
  assert.equal(nonEmpty.kind === 'array' && nonEmpty.items.length, 2);
  assert.deepEqual(series('FIRST(METRICS())')[1], [1, 2, 3, 4]);
  assert.deepEqual(series('LAST(REMOVE_EMPTY(METRICS()))')[1], [10, 20, 40]);
});

test('a scalar result is returned at every timestamp of the grid', () => {
  assert.deepEqual(resultSeries(run('SUM(m1)'), ctx, 'total'), [{ label: 'total', timestamps: [0, 60, 120, 180, 240], values: [10, 10, 10, 10, 10] }]);
});

test('functions outside the subset name themselves; unknown ids and bad syntax are MathErrors', () => {
  for (const [expr, name] of [['SEARCH(\'{AWS/EC2,InstanceId} CPUUtilization\', \'Average\', 300)', 'SEARCH'], ['ANOMALY_DETECTION_BAND(m1, 2)', 'ANOMALY_DETECTION_BAND'], ['INSIGHT_RULE_METRIC("r", "Sum")', 'INSIGHT_RULE_METRIC'], ['LAMBDA("fn")', 'LAMBDA'], ['SELECT AVG(CPUUtilization) FROM "AWS/EC2"', 'Metrics Insights SQL']] as const) {
    assert.throws(() => run(expr), (e: unknown) => e instanceof MathError && e.unsupported === name, expr);
  }
  assert.throws(() => run('m9 + 1'), (e: unknown) => e instanceof MathError && e.unsupported === undefined && /m9/.test(e.message));
  assert.throws(() => run('m1 +'), MathError);
  assert.throws(() => run('ABS(m1, m2)'), MathError);
  assert.deepEqual([...references(parseExpression('SUM([m1, m2]) / e'))].sort(), ['e', 'm1', 'm2']);
});

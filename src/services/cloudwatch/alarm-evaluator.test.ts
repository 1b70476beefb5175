// Alarm evaluator: each row of the User Guide's missing-data table (3 of 3, evaluation range 5) for every
// TreatMissingData, M of N, the premature-transition rule, and StateReason text as AWS recorded it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateMetricAlarm, evaluationRange, javaDouble, reasonDate, type MetricAlarmRule, type Slot, type TreatMissingData } from './alarm-evaluator.js';

const NOW = Date.UTC(2026, 11, 6, 20, 0, 0);
const T0 = NOW / 1000 - 5 * 60;

function rule(extra: Partial<MetricAlarmRule> = {}): MetricAlarmRule {
  return { comparison: 'GreaterThanThreshold', threshold: 1, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'missing', periodSec: 60, statistic: 'Average', ...extra };
}

/** "0 - X - X": 0 = not breaching, X = breaching, - = missing; oldest first. */
function slots(pattern: string): Slot[] {
  return pattern.split(' ').map((c, i) => ({ ts: T0 + i * 60, ...(c === '-' ? {} : { value: c === 'X' ? 5 : 0, sampleCount: 1 }) }));
}

function outcome(pattern: string, treat: TreatMissingData): string {
  return evaluateMetricAlarm(rule({ treatMissingData: treat }), slots(pattern), NOW)?.state ?? 'retain';
}

// The table in "Configuring how CloudWatch alarms treat missing data" (3/3, range 5).
const TABLE: Array<[string, Record<TreatMissingData, string>]> = [
  ['0 - X - X', { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
  ['0 - - - -', { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
  ['- - - - -', { missing: 'INSUFFICIENT_DATA', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' }],
  ['0 X X - X', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
  ['- - X - -', { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'OK' }],
];

for (const [pattern, expected] of TABLE) {
  test(`missing-data table row "${pattern}" gives ${JSON.stringify(expected)}`, () => {
    for (const treat of Object.keys(expected) as TreatMissingData[]) {
      assert.equal(outcome(pattern, treat), expected[treat], `${pattern} / ${treat}`);
    }
  });
}

test('M of N: 2 breaching out of the last 3 alarms when DatapointsToAlarm is 2, not when it is 3', () => {
  const r2 = rule({ datapointsToAlarm: 2 });
  assert.equal(evaluateMetricAlarm(r2, slots('0 0 X 0 X'), NOW)?.state, 'ALARM');
  assert.equal(evaluateMetricAlarm(rule(), slots('0 0 X 0 X'), NOW)?.state, 'OK');
  assert.equal(evaluateMetricAlarm(r2, slots('X X 0 0 X'), NOW)?.state, 'OK'); // older ones fall outside the last 3
});

test('alarms on AWS/DynamoDB metrics ignore missing data whatever TreatMissingData says', () => {
  assert.equal(evaluateMetricAlarm(rule({ treatMissingData: 'breaching', namespace: 'AWS/DynamoDB' }), slots('- - - - -'), NOW), undefined);
});

test('StateReason for one breaching datapoint matches the recorded wording', () => {
  const r = rule({ evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 21 });
  const e = evaluateMetricAlarm(r, [{ ts: T0, value: 21.5, sampleCount: 1 }], NOW);
  assert.equal(e?.state, 'ALARM');
  assert.equal(e?.reason, `Threshold Crossed: 1 datapoint [21.5 (${reasonDate(T0)})] was greater than the threshold (21.0).`);
  assert.deepEqual(e?.reasonData['evaluatedDatapoints'], [{ timestamp: '2026-12-06T19:55:00.000+0000', sampleCount: 1, value: 21.5 }]);
  assert.equal(e?.reasonData['statistic'], 'Average');
  assert.equal(e?.reasonData['queryDate'], '2026-12-06T20:00:00.000+0000');
});

test('StateReason for missing data treated as breaching matches the recorded wording', () => {
  const r = rule({ evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: 'breaching' });
  const e = evaluateMetricAlarm(r, slots('- - - -'), NOW);
  assert.equal(e?.state, 'ALARM');
  assert.equal(e?.reason, 'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].');
});

test('StateReason for M of N lists the deciding datapoints, most recent first, with the minimum', () => {
  const r = rule({ datapointsToAlarm: 2, comparison: 'GreaterThanOrEqualToThreshold', threshold: 80 });
  const s: Slot[] = [84, 10, 99].map((value, i) => ({ ts: T0 + i * 60, value, sampleCount: 1 }));
  const e = evaluateMetricAlarm(r, s, NOW);
  assert.equal(
    e?.reason,
    `Threshold Crossed: 2 out of the last 3 datapoints [99.0 (${reasonDate(T0 + 120)}), 84.0 (${reasonDate(T0)})] were greater than or equal to the threshold (80.0) (minimum 2 datapoints for OK -> ALARM transition).`,
  );
  const ok = evaluateMetricAlarm(r, [10, 20, 90].map((value, i) => ({ ts: T0 + i * 60, value })), NOW);
  assert.equal(ok?.state, 'OK');
  assert.match(ok?.reason ?? '', /^Threshold Crossed: 2 out of the last 3 datapoints \[20\.0 .*\] were not greater than or equal to the threshold \(80\.0\) \(minimum 1 datapoint for ALARM -> OK transition\)\.$/);
});

test('all data missing with TreatMissingData missing reports the unknown datapoints', () => {
  const e = evaluateMetricAlarm(rule(), slots('- - - - -'), NOW);
  assert.equal(e?.reason, 'Insufficient Data: 3 datapoints were unknown.');
});

test('EvaluateLowSampleCountPercentile ignore keeps the state while samples are too few for the percentile', () => {
  const r = rule({ evaluationPeriods: 1, datapointsToAlarm: 1, statistic: 'p99', percentile: 99, evaluateLowSampleCountPercentile: 'ignore' });
  assert.equal(evaluateMetricAlarm(r, [{ ts: T0, value: 5, sampleCount: 10 }], NOW), undefined);
  assert.equal(evaluateMetricAlarm(r, [{ ts: T0, value: 5, sampleCount: 100 }], NOW)?.state, 'ALARM');
  assert.equal(evaluateMetricAlarm({ ...r, evaluateLowSampleCountPercentile: 'evaluate' }, [{ ts: T0, value: 5, sampleCount: 10 }], NOW)?.state, 'ALARM');
});

test('the evaluation range ends at the last period boundary and reaches two periods beyond EvaluationPeriods', () => {
  assert.deepEqual(evaluationRange({ periodSec: 300, evaluationPeriods: 2 }, NOW + 10_000), { startSec: NOW / 1000 - 1200, endSec: NOW / 1000, count: 4 });
});

test('numbers in reasons are written as Java doubles', () => {
  assert.deepEqual([21, 21.5, 0, 1e7, 1.5e-5, -3, 123456.789].map(javaDouble), ['21.0', '21.5', '0.0', '1.0E7', '1.5E-5', '-3.0', '123456.789']);
});

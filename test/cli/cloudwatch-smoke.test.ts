// Smoke test of CloudWatch with the installed aws-cli (botocore sends JSON with x-amzn-query-mode) against a started
// server: metrics in and out, an alarm driven to ALARM by POST /_kumo/clock/advance, and a missing alarm's error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
});
after(async () => {
  await kumo.stop();
});

const { aws, awsJson } = awsCliFor(() => kumo.url);

async function advance(seconds: number): Promise<void> {
  const res = await fetch(`${kumo.url}/_kumo/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  assert.equal(res.status, 200, await res.text());
}

async function clockNow(): Promise<number> {
  const res = await fetch(`${kumo.url}/_kumo/clock`);
  const body = (await res.json()) as { now: number | string };
  return typeof body.now === 'number' ? body.now : Date.parse(body.now);
}

test('aws cloudwatch put-metric-data, get-metric-statistics, list-metrics', async () => {
  const now = await clockNow();
  const ts = new Date(now).toISOString();
  awsJson(['cloudwatch', 'put-metric-data', '--namespace', 'Smoke', '--metric-data', JSON.stringify([{ MetricName: 'load', Value: 3, Timestamp: ts, Dimensions: [{ Name: 'Host', Value: 'a' }] }, { MetricName: 'load', Value: 5, Timestamp: ts, Dimensions: [{ Name: 'Host', Value: 'a' }] }])]);
  const stats = awsJson([
    'cloudwatch', 'get-metric-statistics', '--namespace', 'Smoke', '--metric-name', 'load', '--dimensions', 'Name=Host,Value=a',
    '--start-time', new Date(now - 600_000).toISOString(), '--end-time', new Date(now + 600_000).toISOString(), '--period', '600', '--statistics', 'Average', 'Sum',
  ]);
  const dp = (stats['Datapoints'] as Array<Record<string, unknown>>)[0];
  assert.equal(dp?.['Average'], 4);
  assert.equal(dp?.['Sum'], 8);
  const listed = awsJson(['cloudwatch', 'list-metrics', '--namespace', 'Smoke']);
  assert.deepEqual(listed['Metrics'], [{ Namespace: 'Smoke', MetricName: 'load', Dimensions: [{ Name: 'Host', Value: 'a' }] }]);
});

test('aws cloudwatch put-metric-alarm goes to ALARM after the clock advances; a missing alarm answers ResourceNotFound', async () => {
  awsJson(['cloudwatch', 'put-metric-alarm', '--alarm-name', 'smoke-high', '--namespace', 'Smoke', '--metric-name', 'queue', '--statistic', 'Maximum',
    '--period', '60', '--evaluation-periods', '1', '--threshold', '10', '--comparison-operator', 'GreaterThanOrEqualToThreshold']);
  awsJson(['cloudwatch', 'put-metric-data', '--namespace', 'Smoke', '--metric-name', 'queue', '--value', '12', '--timestamp', new Date(await clockNow()).toISOString()]);
  await advance(70);
  const alarms = awsJson(['cloudwatch', 'describe-alarms', '--alarm-names', 'smoke-high'])['MetricAlarms'] as Array<Record<string, unknown>>;
  assert.equal(alarms[0]?.['StateValue'], 'ALARM');
  assert.match(String(alarms[0]?.['StateReason']), /^Threshold Crossed: 1 datapoint \[12\.0 /);
  const missing = aws(['cloudwatch', 'set-alarm-state', '--alarm-name', 'nope', '--state-value', 'OK', '--state-reason', 'x']);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /ResourceNotFound/);
});

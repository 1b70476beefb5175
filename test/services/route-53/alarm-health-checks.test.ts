// CLOUDWATCH_METRIC health checks follow their CloudWatch alarm (read in process on the runtime clock): ALARM is
// unhealthy and flips a failover answer, OK is healthy, INSUFFICIENT_DATA follows InsufficientDataHealthStatus.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateHealthCheckCommand, GetHealthCheckStatusCommand, type HealthCheckConfig } from '@aws-sdk/client-route-53';
import { until } from '../../support/until.js';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let h: Route53Harness;
let cw: CloudWatchClient;
before(async () => {
  h = await startRoute53();
  cw = new CloudWatchClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  cw.destroy();
  await h.close();
});

let refs = 0;
async function metricCheck(alarm: string, insufficient: HealthCheckConfig['InsufficientDataHealthStatus']): Promise<string> {
  const config: HealthCheckConfig = { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Region: 'us-east-1', Name: alarm }, InsufficientDataHealthStatus: insufficient };
  const out = await h.r53.send(new CreateHealthCheckCommand({ CallerReference: `alarm-${++refs}`, HealthCheckConfig: config }));
  return out.HealthCheck!.Id!;
}

// TreatMissingData ignore: with no data the alarm keeps the state SetAlarmState gave it across evaluations.
async function alarm(name: string): Promise<void> {
  await cw.send(new PutMetricAlarmCommand({ AlarmName: name, Namespace: 'App', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'ignore' }));
}

async function answers(name: string): Promise<string[]> {
  return (await h.resolver().resolve4(name)).sort();
}

test('A CLOUDWATCH_METRIC check is unhealthy while its alarm is in ALARM and healthy again at OK, flipping failover', async () => {
  await alarm('api-errors');
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-errors', StateValue: 'OK', StateReason: 'test' }));
  const check = await metricCheck('api-errors', 'Unhealthy');
  const zone = await h.zone('alarm.example.com');
  await h.change(
    zone,
    a('api.alarm.example.com', ['192.0.2.1'], { SetIdentifier: 'p', Failover: 'PRIMARY', HealthCheckId: check }),
    a('api.alarm.example.com', ['192.0.2.2'], { SetIdentifier: 's', Failover: 'SECONDARY' }),
  );
  await h.kumo.advance(10);
  await until('the primary while the alarm is OK', async () => JSON.stringify(await answers('api.alarm.example.com')) === '["192.0.2.1"]');
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-errors', StateValue: 'ALARM', StateReason: 'test' }));
  await h.kumo.advance(10);
  await until('the secondary while the alarm fires', async () => JSON.stringify(await answers('api.alarm.example.com')) === '["192.0.2.2"]');
  const status = await h.r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: check }));
  assert.match(status.HealthCheckObservations![0]!.StatusReport!.Status!, /api-errors is ALARM: Unhealthy/);
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'api-errors', StateValue: 'OK', StateReason: 'test' }));
  await h.kumo.advance(10);
  await until('the primary again', async () => JSON.stringify(await answers('api.alarm.example.com')) === '["192.0.2.1"]');
});

test('INSUFFICIENT_DATA follows InsufficientDataHealthStatus: Unhealthy, Healthy, or the last known status', async () => {
  await alarm('quiet');
  const zone = await h.zone('quiet.example.com');
  const weighted = async (label: string, check: string) =>
    h.change(zone, a(`${label}.quiet.example.com`, ['192.0.2.10'], { SetIdentifier: 'one', Weight: 1, HealthCheckId: check }), a(`${label}.quiet.example.com`, ['192.0.2.20'], { SetIdentifier: 'zero', Weight: 0 }));
  // A new alarm has no data yet.
  await weighted('unhealthy', await metricCheck('quiet', 'Unhealthy'));
  await weighted('healthy', await metricCheck('quiet', 'Healthy'));
  await h.kumo.advance(10);
  await until('Unhealthy to drop out', async () => JSON.stringify(await answers('unhealthy.quiet.example.com')) === '["192.0.2.20"]');
  assert.deepEqual(await answers('healthy.quiet.example.com'), ['192.0.2.10']);
  // LastKnownStatus keeps ALARM's verdict once the alarm falls back to INSUFFICIENT_DATA.
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'quiet', StateValue: 'ALARM', StateReason: 'test' }));
  await weighted('last', await metricCheck('quiet', 'LastKnownStatus'));
  await h.kumo.advance(10);
  await until('ALARM to drop the record', async () => JSON.stringify(await answers('last.quiet.example.com')) === '["192.0.2.20"]');
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'quiet', StateValue: 'INSUFFICIENT_DATA', StateReason: 'test' }));
  await h.kumo.advance(10);
  await h.kumo.advance(10);
  assert.deepEqual(await answers('last.quiet.example.com'), ['192.0.2.20'], 'still the last known (unhealthy) status');
  assert.deepEqual(await answers('healthy.quiet.example.com'), ['192.0.2.10']);
});

// CloudWatch under kill -9: a `kumo start` child on a data directory is SIGKILLed after acknowledged writes and
// restarted on the same directory; metrics, alarm configuration, alarm state and history come back, and so do puts that
// had only reached the put log file (appended, not merged into the buckets yet).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-cw-kill9-'));
let server: SpawnedKumo | undefined;
after(async () => {
  await server?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function connect(kumo: SpawnedKumo): CloudWatchClient {
  return new CloudWatchClient({ endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

test('metrics, alarms and their state survive kill -9', async () => {
  const first = await spawnKumo(['--data-dir', dataDir]);
  const cw1 = connect(first);
  const t = new Date();
  await cw1.send(new PutMetricDataCommand({ Namespace: 'Durable', MetricData: Array.from({ length: 5 }, (_, i) => ({ MetricName: 'm', Value: i + 1, Timestamp: t })) }));
  await cw1.send(new PutMetricAlarmCommand({ AlarmName: 'durable', Namespace: 'Durable', MetricName: 'm', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'ignore' }));
  await cw1.send(new SetAlarmStateCommand({ AlarmName: 'durable', StateValue: 'ALARM', StateReason: 'set before the crash' }));
  cw1.destroy();
  assert.equal(await first.stop('SIGKILL'), 'SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const cw2 = connect(server);
  const stats = await cw2.send(new GetMetricStatisticsCommand({ Namespace: 'Durable', MetricName: 'm', StartTime: new Date(t.getTime() - 600_000), EndTime: new Date(t.getTime() + 600_000), Period: 600, Statistics: ['Sum', 'SampleCount'] }));
  assert.deepEqual([stats.Datapoints?.[0]?.Sum, stats.Datapoints?.[0]?.SampleCount], [15, 5]);
  const alarm = (await cw2.send(new DescribeAlarmsCommand({ AlarmNames: ['durable'] }))).MetricAlarms?.[0];
  assert.equal(alarm?.StateValue, 'ALARM');
  assert.equal(alarm?.StateReason, 'set before the crash');
  assert.equal(alarm?.Threshold, 100);
  const history = (await cw2.send(new DescribeAlarmHistoryCommand({ AlarmName: 'durable' }))).AlarmHistoryItems ?? [];
  assert.deepEqual(history.map((h) => h.HistoryItemType), ['StateUpdate', 'ConfigurationUpdate']);
  cw2.destroy();
});

test('puts appended to the log file but not yet merged survive kill -9, once each', async () => {
  assert.ok(server !== undefined, 'runs after the first test');
  const cw = connect(server);
  // No alarm left to evaluate: an evaluation reads metrics, which merges the log first and empties the file.
  await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['durable'] }));
  const t = new Date();
  const put = (Value: number): Promise<unknown> => cw.send(new PutMetricDataCommand({ Namespace: 'Appended', MetricData: [{ MetricName: 'm', Value, Timestamp: t }] }));
  await put(1); // a new series: its transaction logs the datum as a row
  await put(2);
  await put(4);
  const log = readFileSync(join(dataDir, 'cloudwatch-put.log'), 'utf8').trim().split('\n');
  assert.equal(log.length, 3, 'a header and the two puts of the known series');
  cw.destroy();
  assert.equal(await server.stop('SIGKILL'), 'SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const again = connect(server);
  const stats = await again.send(new GetMetricStatisticsCommand({ Namespace: 'Appended', MetricName: 'm', StartTime: new Date(t.getTime() - 600_000), EndTime: new Date(t.getTime() + 600_000), Period: 600, Statistics: ['Sum', 'SampleCount'] }));
  assert.deepEqual([stats.Datapoints?.[0]?.Sum, stats.Datapoints?.[0]?.SampleCount], [7, 3]);
  again.destroy();
});

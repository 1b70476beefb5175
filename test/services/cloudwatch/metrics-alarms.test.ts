// CloudWatch through @aws-sdk/client-cloudwatch (JSON 1.0 with x-amzn-query-mode, gzip above 10 KiB) over a real
// socket: metrics in and out, the recorded errors, alarms evaluated on the kumo clock (advance, never sleep),
// history, composites, tags and dashboards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DeleteDashboardsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  ListTagsForResourceCommand,
  PutCompositeAlarmCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
  PutAnomalyDetectorCommand,
} from '@aws-sdk/client-cloudwatch';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

let kumo: TestKumo;
let cw: CloudWatchClient;
before(async () => {
  kumo = await startTestKumo();
  cw = new CloudWatchClient(kumo.clientConfig());
});
after(async () => {
  cw.destroy();
  await kumo.stop();
});

const now = (): Date => new Date(kumo.clock.now());

test('PutMetricData then GetMetricStatistics answers the aggregate AWS recorded', async () => {
  const t = now();
  await cw.send(new PutMetricDataCommand({ Namespace: 'Stats', MetricData: Array.from({ length: 10 }, (_, i) => ({ MetricName: 'metric', Value: i, Timestamp: t })) }));
  const out = await cw.send(new GetMetricStatisticsCommand({
    Namespace: 'Stats', MetricName: 'metric', StartTime: new Date(t.getTime() - 3_600_000), EndTime: new Date(t.getTime() + 3_600_000), Period: 3600,
    Statistics: ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum'],
  }));
  assert.equal(out.Label, 'metric');
  const [dp] = out.Datapoints ?? [];
  assert.deepEqual({ ...dp, Timestamp: undefined }, { Average: 4.5, Maximum: 9, Minimum: 0, SampleCount: 10, Sum: 45, Unit: 'None', Timestamp: undefined });
});

test('Values with Counts, percentiles as ExtendedStatistics, and a gzipped request above 10 KiB', async () => {
  const t = now();
  const MetricData = Array.from({ length: 400 }, (_, i) => ({ MetricName: 'lat', Dimensions: [{ Name: 'Host', Value: 'a' }], Values: [i + 1], Counts: [1], Unit: 'Milliseconds' as const, Timestamp: t }));
  await cw.send(new PutMetricDataCommand({ Namespace: 'Gz', MetricData }));
  const out = await cw.send(new GetMetricStatisticsCommand({
    Namespace: 'Gz', MetricName: 'lat', Dimensions: [{ Name: 'Host', Value: 'a' }], StartTime: new Date(t.getTime() - 600_000), EndTime: new Date(t.getTime() + 600_000), Period: 600,
    Statistics: ['SampleCount'], ExtendedStatistics: ['p50', 'p99'],
  }));
  const dp = out.Datapoints?.[0];
  assert.equal(dp?.SampleCount, 400);
  assert.ok(Math.abs((dp?.ExtendedStatistics?.['p99'] ?? 0) - 396) <= 396 * 0.01, JSON.stringify(dp));
  assert.ok(Math.abs((dp?.ExtendedStatistics?.['p50'] ?? 0) - 200) <= 2);
  const listed = await cw.send(new ListMetricsCommand({ Namespace: 'Gz' }));
  assert.deepEqual(listed.Metrics, [{ Namespace: 'Gz', MetricName: 'lat', Dimensions: [{ Name: 'Host', Value: 'a' }] }]);
});

test('PutMetricData errors carry the recorded codes and messages', async () => {
  await assertAwsError(cw.send(new PutMetricDataCommand({ Namespace: 'E', MetricData: [{ MetricName: 'm', Value: 1, Values: [1] }] })), {
    code: 'InvalidParameterCombination', status: 400,
    message: 'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.',
  });
  await assertAwsError(cw.send(new PutMetricDataCommand({ Namespace: 'E', MetricData: [{ MetricName: 'm', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }] })), {
    code: 'InvalidParameterCombination', status: 400,
    message: 'The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.',
  });
  await assertAwsError(cw.send(new PutMetricDataCommand({ Namespace: 'E', MetricData: [{ MetricName: 'm', Values: [1, 2], Counts: [1] }] })), {
    code: 'InvalidParameterValue', status: 400, message: 'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.',
  });
  const t = now();
  await assertAwsError(cw.send(new GetMetricStatisticsCommand({ Namespace: 'E', MetricName: 'm', StartTime: new Date(t.getTime() - 86_400_000), EndTime: t, Period: 1, Statistics: ['Sum'] })), {
    code: 'InvalidParameterCombination', status: 400,
    message: 'You have requested up to 86400 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
  });
  await assertAwsError(cw.send(new GetMetricStatisticsCommand({ Namespace: 'E', MetricName: 'm', StartTime: t, EndTime: new Date(t.getTime() - 1000), Period: 60, Statistics: ['Sum'] })), {
    code: 'InvalidParameterValue', status: 400, message: 'The parameter StartTime must be less than the parameter EndTime.',
  });
});

test('GetMetricData: labels, math, ScanBy and unimplemented functions answer NotImplemented', async () => {
  const t = now();
  await cw.send(new PutMetricDataCommand({ Namespace: 'Gmd', MetricData: [{ MetricName: 'metric1', Value: 100, Timestamp: t }, { MetricName: 'metric1', Value: 16.5, Timestamp: t }] }));
  const metric = { Namespace: 'Gmd', MetricName: 'metric1' };
  const out = await cw.send(new GetMetricDataCommand({
    StartTime: new Date(t.getTime() - 300_000), EndTime: new Date(t.getTime() + 300_000),
    MetricDataQueries: [
      { Id: 'result_Sum', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
      { Id: 'result_Minimum', MetricStat: { Metric: metric, Period: 60, Stat: 'Minimum' } },
      { Id: 'ratio', Expression: 'result_Sum / 2' },
    ],
  }));
  assert.deepEqual(out.MetricDataResults?.map((r) => [r.Id, r.Label, r.Values, r.StatusCode]), [
    ['result_Sum', 'metric1 Sum', [116.5], 'Complete'],
    ['result_Minimum', 'metric1 Minimum', [16.5], 'Complete'],
    ['ratio', 'ratio', [58.25], 'Complete'],
  ]);
  await assertAwsError(cw.send(new GetMetricDataCommand({ StartTime: new Date(0), EndTime: t, MetricDataQueries: [{ Id: 'a', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' }] })), { code: 'NotImplemented', status: 501 });
});

test('an alarm goes from INSUFFICIENT_DATA to ALARM on the clock, with the reason, history and a failed SNS action', async () => {
  await cw.send(new PutMetricAlarmCommand({
    AlarmName: 'high-cpu', Namespace: 'Alarmed', MetricName: 'cpu', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 21,
    ComparisonOperator: 'GreaterThanThreshold', AlarmActions: ['arn:aws:sns:us-east-1:000000000000:ops'],
  }));
  let alarm = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['high-cpu'] }))).MetricAlarms?.[0];
  assert.equal(alarm?.StateValue, 'INSUFFICIENT_DATA');
  assert.equal(alarm?.StateReason, 'Unchecked: Initial alarm creation');
  await cw.send(new PutMetricDataCommand({ Namespace: 'Alarmed', MetricData: [{ MetricName: 'cpu', Value: 21.5, Timestamp: now() }] }));
  await kumo.advance(70);
  alarm = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['high-cpu'] }))).MetricAlarms?.[0];
  assert.equal(alarm?.StateValue, 'ALARM');
  assert.match(alarm?.StateReason ?? '', /^Threshold Crossed: 1 datapoint \[21\.5 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(21\.0\)\.$/);
  const data = JSON.parse(alarm?.StateReasonData ?? '{}') as { statistic: string; threshold: number; recentDatapoints: number[] };
  assert.deepEqual([data.statistic, data.threshold, data.recentDatapoints], ['Maximum', 21, [21.5]]);
  const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'high-cpu' }));
  assert.deepEqual(history.AlarmHistoryItems?.map((h) => h.HistoryItemType), ['Action', 'StateUpdate', 'ConfigurationUpdate']);
  assert.equal(history.AlarmHistoryItems?.[1]?.HistorySummary, 'Alarm updated from INSUFFICIENT_DATA to ALARM');
  assert.match(history.AlarmHistoryItems?.[0]?.HistorySummary ?? '', /^Failed to execute action arn:aws:sns:us-east-1:000000000000:ops\./);
  const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: 'Alarmed', MetricName: 'cpu' }));
  assert.deepEqual(forMetric.MetricAlarms?.map((a) => a.AlarmName), ['high-cpu']);
});

test('SetAlarmState: missing alarm is ResourceNotFound 404; composites follow children; DisableAlarmActions stops actions', async () => {
  await assertAwsError(cw.send(new SetAlarmStateCommand({ AlarmName: 'ghost', StateValue: 'ALARM', StateReason: 'x' })), { code: 'ResourceNotFound', status: 404 });
  await assertAwsError(cw.send(new SetAlarmStateCommand({ AlarmName: 'ghost', StateValue: 'INVALID' as 'ALARM', StateReason: 'x' })), { code: 'ValidationError', status: 400 });
  for (const n of ['child-1', 'child-2']) {
    await cw.send(new PutMetricAlarmCommand({ AlarmName: n, Namespace: 'C', MetricName: n, Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'ignore' }));
  }
  await cw.send(new PutCompositeAlarmCommand({ AlarmName: 'parent', AlarmRule: 'ALARM("child-1") OR ALARM("child-2")', AlarmActions: ['arn:aws:sns:us-east-1:000000000000:t'] }));
  await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['parent'] }));
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'child-2', StateValue: 'ALARM', StateReason: 'testing alarm' }));
  const parent = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['parent'], AlarmTypes: ['CompositeAlarm'] }))).CompositeAlarms?.[0];
  assert.equal(parent?.StateValue, 'ALARM');
  assert.equal(parent?.ActionsEnabled, false);
  const items = (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'parent', HistoryItemType: 'Action' }))).AlarmHistoryItems;
  assert.deepEqual(items, []);
  await assertAwsError(cw.send(new PutAnomalyDetectorCommand({ SingleMetricAnomalyDetector: { Namespace: 'C', MetricName: 'x', Stat: 'Sum' } })), { code: 'NotImplemented', status: 501 });
  await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['parent', 'child-1', 'child-2'] }));
  assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'child' }))).MetricAlarms, []);
});

test('tags on alarms and the dashboard lifecycle', async () => {
  await cw.send(new PutMetricAlarmCommand({ AlarmName: 'tagged', Namespace: 'T', MetricName: 'm', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', Tags: [{ Key: 'Environment', Value: 'Production' }] }));
  const arn = 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:tagged';
  await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'tag1', Value: 'foo' }] }));
  assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'Environment', Value: 'Production' }, { Key: 'tag1', Value: 'foo' }]);
  const body = JSON.stringify({ widgets: [{ type: 'metric', x: 0, y: 0, width: 6, height: 6, properties: { metrics: [['AWS/EC2', 'CPUUtilization']] } }] });
  await assertAwsError(cw.send(new PutDashboardCommand({ DashboardName: 'bad name!', DashboardBody: body })), {
    code: 'InvalidParameterValue', status: 400, message: 'The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n',
  });
  await cw.send(new PutDashboardCommand({ DashboardName: 'dash-1', DashboardBody: body }));
  const got = await cw.send(new GetDashboardCommand({ DashboardName: 'dash-1' }));
  assert.equal(got.DashboardBody, body);
  assert.equal(got.DashboardArn, 'arn:aws:cloudwatch::000000000000:dashboard/dash-1');
  assert.deepEqual((await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: 'dash' }))).DashboardEntries?.map((d) => [d.DashboardName, d.Size]), [['dash-1', Buffer.byteLength(body)]]);
  await cw.send(new DeleteDashboardsCommand({ DashboardNames: ['dash-1'] }));
  assert.deepEqual((await cw.send(new ListDashboardsCommand({}))).DashboardEntries, []);
});

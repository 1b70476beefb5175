// The operation table in process, on a fake clock: metrics in and out, alarms evaluated at period boundaries with
// AWS's reasons and history, SetAlarmState, composites, failed actions, and state kept across reopening the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAwsError } from '../../core/aws-error.js';
import { openStateStore } from '../../store/state-store.js';
import { CloudWatch } from './context.js';
import { callCloudWatch, TEST_CTX as ctx } from './testing.js';


function world(start = Date.UTC(2026, 11, 6, 20, 0, 5)): { cw: CloudWatch; advance: (ms: number) => void; now: () => number } {
  let now = start;
  const cw = new CloudWatch(openStateStore({ inMemory: true }), () => now);
  // The runtime runs the engine's tick every 10 s of clock time; here the test steps the clock the same way.
  const advance = (ms: number): void => {
    const end = now + ms;
    while (now < end) {
      now = Math.min(end, Math.floor(now / 10_000) * 10_000 + 10_000);
      void cw.engine.tick();
    }
  };
  return { cw, advance, now: () => now };
}

function call(cw: CloudWatch, op: string, input: unknown): unknown {
  return callCloudWatch(cw, op, input);
}

function fails(code: string, status: number, message?: string): (e: unknown) => boolean {
  return (e) => {
    assert.ok(isAwsError(e), String(e));
    assert.equal(e.code, code);
    assert.equal(e.status, status);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  };
}

test('PutMetricData rejects Value with Values, with the recorded message, and stores nothing', () => {
  const { cw, now } = world();
  assert.throws(
    () => call(cw, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1, Values: [1] }] }),
    fails('InvalidParameterCombinationException', 400, 'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.'),
  );
  assert.throws(
    () => call(cw, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'm', Values: [1, 2], Counts: [1] }] }),
    fails('InvalidParameterValueException', 400, 'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.'),
  );
  assert.deepEqual(cw.metrics.listSeries(ctx, now() - 1000), []);
});

test('GetMetricStatistics answers the recorded aggregate and refuses more than 1,440 points', () => {
  const { cw, now } = world();
  const t = new Date(now() - 30_000);
  call(cw, 'PutMetricData', { Namespace: 'App', MetricData: Array.from({ length: 10 }, (_, i) => ({ MetricName: 'metric', Value: i, Timestamp: t })) });
  const out = call(cw, 'GetMetricStatistics', {
    Namespace: 'App', MetricName: 'metric', StartTime: new Date(now() - 600_000), EndTime: new Date(now() + 60_000), Period: 3600,
    Statistics: ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum'],
  }) as { Datapoints: Array<Record<string, unknown>> };
  const { Timestamp: _ts, ...dp } = out.Datapoints[0] as Record<string, unknown>;
  assert.deepEqual(dp, { Average: 4.5, Maximum: 9, Minimum: 0, SampleCount: 10, Sum: 45, Unit: 'None' });
  assert.throws(
    () => call(cw, 'GetMetricStatistics', { Namespace: 'App', MetricName: 'metric', StartTime: new Date(now() - 86_400_000), EndTime: new Date(now()), Period: 1, Statistics: ['Sum'] }),
    fails('InvalidParameterCombinationException', 400, 'You have requested up to 86400 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.'),
  );
  assert.throws(
    () => call(cw, 'GetMetricStatistics', { Namespace: 'App', MetricName: 'metric', StartTime: new Date(now()), EndTime: new Date(now() - 1), Period: 60, Statistics: ['Sum'] }),
    fails('InvalidParameterValueException', 400, 'The parameter StartTime must be less than the parameter EndTime.'),
  );
});

test('GetMetricData labels, metric math and the MultipleUnits message', () => {
  const { cw, now } = world();
  const t = new Date(now() - 30_000);
  call(cw, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'm-test', Value: 1, Unit: 'Seconds', Timestamp: t }, { MetricName: 'm-test', Value: 60_000, Unit: 'Milliseconds', Timestamp: t }] });
  const metric = { Namespace: 'App', MetricName: 'm-test' };
  const out = call(cw, 'GetMetricData', {
    StartTime: new Date(now() - 300_000), EndTime: new Date(now() + 60_000),
    MetricDataQueries: [
      { Id: 'm1', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
      { Id: 'm2', MetricStat: { Metric: metric, Period: 60, Stat: 'Maximum', Unit: 'Seconds' }, ReturnData: false },
      { Id: 'e1', Expression: 'm2 * 2', Label: 'doubled' },
    ],
  }) as { MetricDataResults: Array<Record<string, unknown>> };
  assert.equal(out.MetricDataResults.length, 2);
  assert.deepEqual(out.MetricDataResults[0]?.['Messages'], [{ Code: 'MultipleUnits', Value: "Multiple units returned: '[Milliseconds, Seconds]'" }]);
  assert.equal(out.MetricDataResults[0]?.['Label'], 'm-test Sum');
  assert.deepEqual(out.MetricDataResults[0]?.['Values'], [60001]);
  assert.deepEqual(out.MetricDataResults[1]?.['Values'], [2]);
  assert.equal(out.MetricDataResults[1]?.['Label'], 'doubled');
  assert.throws(
    () => call(cw, 'GetMetricData', { StartTime: new Date(0), EndTime: new Date(now()), MetricDataQueries: [{ Id: 's', Expression: 'SEARCH(\'x\', \'Sum\', 60)' }] }),
    fails('NotImplemented', 501),
  );
});

test('a new alarm is INSUFFICIENT_DATA, then goes to ALARM at the next boundary with the AWS reason and history', () => {
  const { cw, advance, now } = world();
  call(cw, 'PutMetricAlarm', { AlarmName: 'cpu', Namespace: 'App', MetricName: 'cpu', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 21, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: ['arn:aws:sns:us-east-1:000000000000:topic'] });
  const before = call(cw, 'DescribeAlarms', {}) as { MetricAlarms: Array<Record<string, unknown>> };
  assert.equal(before.MetricAlarms[0]?.['StateValue'], 'INSUFFICIENT_DATA');
  assert.equal(before.MetricAlarms[0]?.['StateReason'], 'Unchecked: Initial alarm creation');
  call(cw, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'cpu', Value: 21.5, Timestamp: new Date(now()) }] });
  advance(60_000);
  const after = call(cw, 'DescribeAlarms', { AlarmNames: ['cpu'] }) as { MetricAlarms: Array<Record<string, unknown>> };
  assert.equal(after.MetricAlarms[0]?.['StateValue'], 'ALARM');
  assert.match(String(after.MetricAlarms[0]?.['StateReason']), /^Threshold Crossed: 1 datapoint \[21\.5 \(06\/12\/26 20:00:00\)\] was greater than the threshold \(21\.0\)\.$/);
  const history = call(cw, 'DescribeAlarmHistory', { AlarmName: 'cpu' }) as { AlarmHistoryItems: Array<Record<string, unknown>> };
  const summaries = history.AlarmHistoryItems.map((h) => `${String(h['HistoryItemType'])}: ${String(h['HistorySummary'])}`);
  assert.deepEqual(summaries, [
    'Action: Failed to execute action arn:aws:sns:us-east-1:000000000000:topic. Received error: "kumo does not implement SNS alarm actions yet"',
    'StateUpdate: Alarm updated from INSUFFICIENT_DATA to ALARM',
    'ConfigurationUpdate: Alarm "cpu" created',
  ]);
  // Missing data afterwards (TreatMissingData missing): back to INSUFFICIENT_DATA once the range is empty.
  advance(5 * 60_000);
  assert.equal(cw.alarms.get(ctx, 'cpu')?.state.value, 'INSUFFICIENT_DATA');
});

test('SetAlarmState on a missing alarm is ResourceNotFound 404 with no message; on an alarm it records the change', () => {
  const { cw } = world();
  assert.throws(() => call(cw, 'SetAlarmState', { AlarmName: 'nope', StateValue: 'ALARM', StateReason: 'x' }), fails('ResourceNotFound', 404, ''));
  call(cw, 'PutMetricAlarm', { AlarmName: 'a', Namespace: 'App', MetricName: 'm', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
  call(cw, 'SetAlarmState', { AlarmName: 'a', StateValue: 'ALARM', StateReason: 'testing alarm' });
  const a = (call(cw, 'DescribeAlarms', {}) as { MetricAlarms: Array<Record<string, unknown>> }).MetricAlarms[0];
  assert.equal(a?.['StateValue'], 'ALARM');
  assert.equal(a?.['StateReason'], 'testing alarm');
});

test('a composite alarm follows its children and names the triggering alarm', () => {
  const { cw } = world();
  for (const n of ['one', 'two']) call(cw, 'PutMetricAlarm', { AlarmName: n, Namespace: 'App', MetricName: n, Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
  assert.throws(() => call(cw, 'PutCompositeAlarm', { AlarmName: 'c', AlarmRule: 'ALARM(missing)' }), fails('ValidationError', 400));
  call(cw, 'PutCompositeAlarm', { AlarmName: 'c', AlarmRule: 'ALARM("arn:aws:cloudwatch:us-east-1:000000000000:alarm:one") OR ALARM(two)' });
  assert.equal(cw.alarms.get(ctx, 'c')?.state.value, 'OK');
  call(cw, 'SetAlarmState', { AlarmName: 'two', StateValue: 'ALARM', StateReason: 'x' });
  const c = (call(cw, 'DescribeAlarms', { AlarmTypes: ['CompositeAlarm'] }) as { CompositeAlarms: Array<Record<string, unknown>> }).CompositeAlarms[0];
  assert.equal(c?.['StateValue'], 'ALARM');
  assert.match(String(c?.['StateReason']), /^arn:aws:cloudwatch:us-east-1:000000000000:alarm:two transitioned to ALARM at /);
  assert.equal((JSON.parse(String(c?.['StateReasonData'])) as { triggeringAlarms: Array<{ arn: string }> }).triggeringAlarms[0]?.arn, 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:two');
  assert.throws(() => call(cw, 'DeleteAlarms', { AlarmNames: ['two'] }), fails('ValidationError', 400));
});

test('alarm state and metrics survive reopening the data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-cw-ops-'));
  try {
    const now = Date.UTC(2026, 11, 6, 20, 0, 5);
    const s1 = openStateStore({ dataDir: dir });
    const cw1 = new CloudWatch(s1, () => now);
    call(cw1, 'PutMetricAlarm', { AlarmName: 'keep', Namespace: 'App', MetricName: 'm', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
    call(cw1, 'SetAlarmState', { AlarmName: 'keep', StateValue: 'ALARM', StateReason: 'kept' });
    call(cw1, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 7 }] });
    s1.close();
    const cw2 = new CloudWatch(openStateStore({ dataDir: dir }), () => now);
    assert.equal(cw2.alarms.get(ctx, 'keep')?.state.reason, 'kept');
    assert.deepEqual(cw2.engine.alarmsForSeries(ctx, 'App', 'm', []).length, 1);
    const stats = call(cw2, 'GetMetricStatistics', { Namespace: 'App', MetricName: 'm', StartTime: new Date(now - 60_000), EndTime: new Date(now + 60_000), Period: 60, Statistics: ['Sum'] }) as { Datapoints: Array<{ Sum: number }> };
    assert.equal(stats.Datapoints[0]?.Sum, 7);
    cw2.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a metric math alarm evaluates its expression; a percentile alarm its ExtendedStatistic', () => {
  const { cw, advance, now } = world();
  call(cw, 'PutMetricAlarm', {
    AlarmName: 'errors-ratio', EvaluationPeriods: 1, Threshold: 0.5, ComparisonOperator: 'GreaterThanThreshold',
    Metrics: [
      { Id: 'e', MetricStat: { Metric: { Namespace: 'App', MetricName: 'errors' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      { Id: 'r', MetricStat: { Metric: { Namespace: 'App', MetricName: 'requests' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      { Id: 'ratio', Expression: 'e / r', ReturnData: true },
    ],
  });
  call(cw, 'PutMetricAlarm', { AlarmName: 'p90', Namespace: 'App', MetricName: 'latency', ExtendedStatistic: 'p90', Period: 60, EvaluationPeriods: 1, Threshold: 80, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  const t = new Date(now());
  call(cw, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'errors', Value: 3, Timestamp: t }, { MetricName: 'requests', Value: 4, Timestamp: t }, { MetricName: 'latency', Values: Array.from({ length: 100 }, (_, i) => i + 1), Timestamp: t }] });
  advance(60_000);
  assert.equal(cw.alarms.get(ctx, 'errors-ratio')?.state.value, 'ALARM');
  assert.match(cw.alarms.get(ctx, 'errors-ratio')?.state.reason ?? '', /\[0\.75 /);
  assert.equal(cw.alarms.get(ctx, 'p90')?.state.value, 'ALARM');
  assert.equal((JSON.parse(cw.alarms.get(ctx, 'p90')?.state.reasonData ?? '{}') as { statistic: string }).statistic, 'p90');
});

test('PutMetricAlarm refuses what AWS refuses and what kumo does not implement', () => {
  const { cw } = world();
  const base = { AlarmName: 'x', Namespace: 'App', MetricName: 'm', Statistic: 'Sum', EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' };
  assert.throws(() => call(cw, 'PutMetricAlarm', { ...base, Period: 45 }), fails('ValidationError', 400, 'Period must be 10, 20, 30 or a multiple of 60.'));
  assert.throws(() => call(cw, 'PutMetricAlarm', { ...base, Period: 600, EvaluationPeriods: 145 }), fails('ValidationError', 400, 'Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).'));
  assert.doesNotThrow(() => call(cw, 'PutMetricAlarm', { ...base, Period: 3600, EvaluationPeriods: 168 }));
  assert.throws(() => call(cw, 'PutMetricAlarm', { ...base, Period: 60, DatapointsToAlarm: 2 }), fails('ValidationError', 400));
  assert.throws(() => call(cw, 'PutMetricAlarm', { ...base, Period: 60, ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }), fails('NotImplemented', 501));
  assert.throws(() => call(cw, 'PutMetricAlarm', { ...base, Period: 60, ExtendedStatistic: 'p99' }), fails('ValidationError', 400));
});

test('GetMetricData pages by MaxDatapoints with a NextToken and honours ScanBy', () => {
  const { cw, now } = world();
  const start = now() - 10 * 60_000;
  call(cw, 'PutMetricData', { Namespace: 'App', MetricData: Array.from({ length: 10 }, (_, i) => ({ MetricName: 'p', Value: i, Timestamp: new Date(start + i * 60_000) })) });
  const q = { StartTime: new Date(start), EndTime: new Date(now()), MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Namespace: 'App', MetricName: 'p' }, Period: 60, Stat: 'Sum' } }] };
  const first = call(cw, 'GetMetricData', { ...q, MaxDatapoints: 4 }) as { MetricDataResults: Array<{ Values: number[]; StatusCode: string }>; NextToken?: string };
  assert.deepEqual(first.MetricDataResults[0]?.Values, [9, 8, 7, 6]); // TimestampDescending by default
  assert.equal(first.MetricDataResults[0]?.StatusCode, 'PartialData');
  const second = call(cw, 'GetMetricData', { ...q, MaxDatapoints: 4, NextToken: first.NextToken }) as { MetricDataResults: Array<{ Values: number[] }> };
  assert.deepEqual(second.MetricDataResults[0]?.Values, [5, 4, 3, 2]);
  const asc = call(cw, 'GetMetricData', { ...q, ScanBy: 'TimestampAscending' }) as { MetricDataResults: Array<{ Values: number[] }> };
  assert.deepEqual(asc.MetricDataResults[0]?.Values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('an Auto Scaling action is attempted again at every evaluation while the state holds; SNS only on the transition', () => {
  const { cw, advance, now } = world();
  const policy = 'arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:1:autoScalingGroupName/g:policyName/up';
  call(cw, 'PutMetricAlarm', { AlarmName: 'scale', Namespace: 'App', MetricName: 'depth', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'breaching', AlarmActions: [policy, 'arn:aws:sns:us-east-1:000000000000:t'] });
  call(cw, 'PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'depth', Value: 9, Timestamp: new Date(now()) }] });
  advance(3 * 60_000);
  const actions = (call(cw, 'DescribeAlarmHistory', { AlarmName: 'scale', HistoryItemType: 'Action', ScanBy: 'TimestampAscending' }) as { AlarmHistoryItems: Array<{ HistorySummary: string }> }).AlarmHistoryItems;
  assert.equal(actions.filter((a) => a.HistorySummary.includes(':sns:')).length, 1);
  assert.equal(actions.filter((a) => a.HistorySummary.includes(':autoscaling:')).length, 3);
  assert.match(actions[0]?.HistorySummary ?? '', /kumo does not implement Auto Scaling alarm actions yet/);
});

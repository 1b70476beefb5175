// Scaling on the kumo clock through the SDKs: CloudWatch alarm → step policy → desired capacity 2 and a second
// instance (end to end, instances as data); target tracking with its owned alarms; simple scaling cooldowns;
// scheduled actions; EC2 alarm actions; a group launched from an EC2 launch template.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AutoScalingClient, CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand, DeletePolicyCommand, DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand, DescribeScalingActivitiesCommand, DescribeScheduledActionsCommand, ExecutePolicyCommand, PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand, type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLaunchTemplateCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { EnableMetricsCollectionCommand } from '@aws-sdk/client-auto-scaling';
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';

const AMI = 'ami-0aa7d40eeae50c9a9';
let kumo: TestKumo;
let asg: AutoScalingClient;
let cw: CloudWatchClient;
let ec2: EC2Client;
before(async () => {
  kumo = await startTestKumo();
  asg = new AutoScalingClient(kumo.clientConfig());
  cw = new CloudWatchClient(kumo.clientConfig());
  ec2 = new EC2Client(kumo.clientConfig());
});
after(async () => {
  asg.destroy();
  cw.destroy();
  ec2.destroy();
  await kumo.stop();
});

const now = (): Date => new Date(kumo.clock.now());

async function group(name: string): Promise<AutoScalingGroup> {
  const g = (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
  assert.ok(g, `group ${name}`);
  return g;
}

async function groupOfOne(max = 3): Promise<string> {
  const lc = uniqueName('lc');
  await asg.send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't3.micro' }));
  const name = uniqueName('g');
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: max, AvailabilityZones: ['us-east-1a', 'us-east-1b'] }));
  await kumo.advance(20);
  assert.equal((await group(name)).Instances?.length, 1);
  return name;
}

test('metric data → alarm → step policy → desired capacity 2 and a second instance; warming instances hold it there', async () => {
  const name = await groupOfOne();
  const { PolicyARN } = await asg.send(new PutScalingPolicyCommand({
    AutoScalingGroupName: name, PolicyName: 'step-out', PolicyType: 'StepScaling', AdjustmentType: 'ChangeInCapacity',
    StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 }],
  }));
  assert.match(PolicyARN ?? '', new RegExp(`^arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:[0-9a-f-]{36}:autoScalingGroupName/${name}:policyName/step-out$`));
  const alarm = uniqueName('depth-high');
  await cw.send(new PutMetricAlarmCommand({
    AlarmName: alarm, Namespace: 'Queue', MetricName: 'Depth', Dimensions: [{ Name: 'Group', Value: name }], Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1,
    Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [PolicyARN as string],
  }));
  const put = (v: number): Promise<unknown> => cw.send(new PutMetricDataCommand({ Namespace: 'Queue', MetricData: [{ MetricName: 'Depth', Dimensions: [{ Name: 'Group', Value: name }], Value: v, Timestamp: now() }] }));
  await put(15);
  await kumo.advance(70);
  assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm] }))).MetricAlarms?.[0]?.StateValue, 'ALARM');
  await kumo.advance(10);
  let g = await group(name);
  assert.equal(g.DesiredCapacity, 2);
  assert.equal(g.Instances?.length, 2);
  const launch = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities?.[0];
  assert.match(launch?.Cause ?? '', new RegExp(`^At \\S+ a monitor alarm ${alarm} in state ALARM triggered policy step-out changing the desired capacity from 1 to 2\\. {2}At \\S+ an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 1 to 2\\.$`));
  const history = (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: alarm, HistoryItemType: 'Action' }))).AlarmHistoryItems ?? [];
  assert.equal(history[0]?.HistorySummary, `Successfully executed action ${PolicyARN}`);
  // The alarm holds for two more minutes: the action repeats, but the new instance is still warming up.
  for (let i = 0; i < 2; i++) {
    await put(15);
    await kumo.advance(60);
  }
  g = await group(name);
  assert.equal(g.DesiredCapacity, 2);
  assert.ok(((await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: alarm, HistoryItemType: 'Action' }))).AlarmHistoryItems ?? []).length >= 3);
  const policy = (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: name }))).ScalingPolicies?.[0];
  assert.deepEqual(policy?.Alarms?.map((a) => a.AlarmName), [alarm]);
  assert.equal(policy?.MetricAggregationType, 'Average');
});

test('SQS queue depth (AWS/SQS, emitted each minute) → alarm → step policy → a second instance', async () => {
  const name = await groupOfOne();
  const sqs = new SQSClient(kumo.clientConfig());
  const queue = uniqueName('work');
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queue }));
  await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `job ${i}` })) }));
  sqs.destroy();
  const { PolicyARN } = await asg.send(new PutScalingPolicyCommand({
    AutoScalingGroupName: name, PolicyName: 'backlog', PolicyType: 'StepScaling', AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
  }));
  const alarm = uniqueName('backlog');
  await cw.send(new PutMetricAlarmCommand({
    AlarmName: alarm, Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: queue }], Statistic: 'Average',
    Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [PolicyARN as string],
  }));
  await kumo.advance(140);
  assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm] }))).MetricAlarms?.[0]?.StateValue, 'ALARM');
  await kumo.advance(10);
  const g = await group(name);
  assert.equal(g.DesiredCapacity, 2);
  assert.equal(g.Instances?.length, 2);
});

test('target tracking creates its owned high and low alarms and scales out proportionally; DeletePolicy removes them', async () => {
  const name = await groupOfOne(5);
  const out = await asg.send(new PutScalingPolicyCommand({
    AutoScalingGroupName: name, PolicyName: 'tt', PolicyType: 'TargetTrackingScaling',
    TargetTrackingConfiguration: { TargetValue: 50, CustomizedMetricSpecification: { Namespace: 'App', MetricName: 'Load', Dimensions: [{ Name: 'Group', Value: name }], Statistic: 'Average' } },
  }));
  const names = out.Alarms?.map((a) => a.AlarmName ?? '') ?? [];
  assert.equal(names.length, 2);
  assert.match(names[0] ?? '', new RegExp(`^TargetTracking-${name}-AlarmHigh-[0-9a-f-]{36}$`));
  assert.match(names[1] ?? '', new RegExp(`^TargetTracking-${name}-AlarmLow-[0-9a-f-]{36}$`));
  const alarms = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms ?? [];
  const high = alarms.find((a) => a.AlarmName === names[0]);
  assert.deepEqual([high?.Threshold, high?.EvaluationPeriods, high?.ComparisonOperator, high?.AlarmActions], [50, 3, 'GreaterThanThreshold', [out.PolicyARN]]);
  assert.equal(alarms.find((a) => a.AlarmName === names[1])?.Threshold, 45);
  for (let i = 0; i < 4; i++) {
    await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'Load', Dimensions: [{ Name: 'Group', Value: name }], Value: 90, Timestamp: now() }] }));
    await kumo.advance(60);
  }
  const g = await group(name);
  assert.equal(g.DesiredCapacity, 2, 'ceil(1 × 90 / 50)');
  await assertAwsError(asg.send(new ExecutePolicyCommand({ AutoScalingGroupName: name, PolicyName: 'tt' })), { code: 'ValidationError', status: 400 });
  await asg.send(new DeletePolicyCommand({ AutoScalingGroupName: name, PolicyName: 'tt' }));
  assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms, []);
});

test('simple scaling: ExecutePolicy changes capacity; HonorCooldown inside the cooldown answers ScalingActivityInProgress', async () => {
  const name = await groupOfOne(4);
  await asg.send(new PutScalingPolicyCommand({ AutoScalingGroupName: name, PolicyName: 'add', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 2, Cooldown: 120 }));
  await asg.send(new ExecutePolicyCommand({ AutoScalingGroupName: name, PolicyName: 'add' }));
  assert.equal((await group(name)).DesiredCapacity, 3);
  await assertAwsError(asg.send(new ExecutePolicyCommand({ AutoScalingGroupName: name, PolicyName: 'add', HonorCooldown: true })), { code: 'ScalingActivityInProgress', status: 400 });
  await kumo.advance(130);
  await asg.send(new ExecutePolicyCommand({ AutoScalingGroupName: name, PolicyName: 'add', HonorCooldown: true }));
  assert.equal((await group(name)).DesiredCapacity, 4, 'clamped to MaxSize');
  await kumo.advance(10);
  const cause = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities?.[0]?.Cause ?? '';
  assert.match(cause, /a user request executed policy add changing the desired capacity from 3 to 4\./);
});

test('a scheduled action runs at its time on the kumo clock; a recurring one shows its next run', async () => {
  const name = await groupOfOne(5);
  const at = new Date(Math.ceil((kumo.clock.now() + 60_000) / 60_000) * 60_000);
  await asg.send(new PutScheduledUpdateGroupActionCommand({ AutoScalingGroupName: name, ScheduledActionName: 'once', StartTime: at, DesiredCapacity: 3 }));
  await asg.send(new PutScheduledUpdateGroupActionCommand({ AutoScalingGroupName: name, ScheduledActionName: 'nightly', Recurrence: '0 2 * * *', TimeZone: 'Asia/Tokyo', MinSize: 1 }));
  const listed = (await asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: name }))).ScheduledUpdateGroupActions ?? [];
  const nightly = listed.find((a) => a.ScheduledActionName === 'nightly');
  assert.equal(nightly?.StartTime?.getUTCHours(), 17, '02:00 in Tokyo is 17:00 UTC');
  await assertAwsError(asg.send(new PutScheduledUpdateGroupActionCommand({ AutoScalingGroupName: name, ScheduledActionName: 'bad', Recurrence: '61 * * * *', MinSize: 1 })), { code: 'ValidationError', status: 400 });
  await kumo.advance(140);
  const g = await group(name);
  assert.equal(g.DesiredCapacity, 3);
  const causes = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities?.map((a) => a.Cause) ?? [];
  assert.ok(causes.some((c) => /a scheduled action update of AutoScalingGroup constraints to min: 1, max: 5, desired: 3 changing the desired capacity from 1 to 3\./.test(c ?? '')), JSON.stringify(causes));
  assert.deepEqual((await asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: name }))).ScheduledUpdateGroupActions?.map((a) => a.ScheduledActionName), ['nightly']);
});

test('EC2 alarm actions stop the instance in process; SNS actions leave a failed Action item', async () => {
  const run = await ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
  const id = run.Instances?.[0]?.InstanceId as string;
  const alarm = uniqueName('cpu-idle');
  await cw.send(new PutMetricAlarmCommand({
    AlarmName: alarm, Namespace: 'Host', MetricName: 'Busy', Dimensions: [{ Name: 'InstanceId', Value: id }], Statistic: 'Maximum', Period: 60, EvaluationPeriods: 1,
    Threshold: 1, ComparisonOperator: 'LessThanThreshold', AlarmActions: ['arn:aws:automate:us-east-1:ec2:stop', 'arn:aws:sns:us-east-1:000000000000:ops'],
  }));
  await kumo.advance(2);
  await cw.send(new PutMetricDataCommand({ Namespace: 'Host', MetricData: [{ MetricName: 'Busy', Dimensions: [{ Name: 'InstanceId', Value: id }], Value: 0, Timestamp: now() }] }));
  await kumo.advance(70);
  const state = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;
  assert.ok(state === 'stopping' || state === 'stopped', state);
  const items = (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: alarm, HistoryItemType: 'Action' }))).AlarmHistoryItems?.map((h) => h.HistorySummary) ?? [];
  assert.ok(items.includes('Successfully executed action arn:aws:automate:us-east-1:ec2:stop'), JSON.stringify(items));
  assert.ok(items.some((s) => s?.startsWith('Failed to execute action arn:aws:sns:us-east-1:000000000000:ops.')), JSON.stringify(items));
});

test('a group launches from an EC2 launch template ($Latest); enabled group metrics reach AWS/AutoScaling', async () => {
  const lt = uniqueName('lt');
  await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: lt, LaunchTemplateData: { ImageId: AMI, InstanceType: 't3.small' } }));
  const name = uniqueName('lt-group');
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchTemplate: { LaunchTemplateName: lt, Version: '$Latest' }, MinSize: 2, MaxSize: 2, AvailabilityZones: ['us-east-1a'] }));
  await asg.send(new EnableMetricsCollectionCommand({ AutoScalingGroupName: name, Granularity: '1Minute' }));
  await kumo.advance(20);
  const g = await group(name);
  assert.equal(g.Instances?.length, 2);
  assert.deepEqual(g.Instances?.map((i) => [i.InstanceType, i.LaunchTemplate?.LaunchTemplateName, i.LaunchTemplate?.Version]), [['t3.small', lt, '$Latest'], ['t3.small', lt, '$Latest']]);
  await assertAwsError(asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: uniqueName('x'), LaunchTemplate: { LaunchTemplateName: 'no-such-template' }, MinSize: 0, MaxSize: 1, AvailabilityZones: ['us-east-1a'] })), {
    code: 'ValidationError', status: 400, message: 'You must use a valid fully-formed launch template. The specified launch template, with template name no-such-template, does not exist.',
  });
  await kumo.advance(60);
  const stats = await cw.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/AutoScaling', MetricName: 'GroupInServiceInstances', Dimensions: [{ Name: 'AutoScalingGroupName', Value: name }],
    StartTime: new Date(kumo.clock.now() - 600_000), EndTime: new Date(kumo.clock.now() + 60_000), Period: 60, Statistics: ['Maximum'],
  }));
  assert.ok(stats.Datapoints?.some((d) => d.Maximum === 2), JSON.stringify(stats.Datapoints));
});

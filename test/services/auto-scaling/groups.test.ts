// Auto Scaling through @aws-sdk/client-auto-scaling (query protocol) over a real socket: launch configurations,
// groups with AWS's validation errors, the controller launching through EC2 on the kumo clock (balanced across AZs),
// scale-in by the termination policy honouring protection, replacement of a stopped instance, tags, processes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AutoScalingClient, CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand, CreateOrUpdateTagsCommand, DeleteAutoScalingGroupCommand,
  DeleteLaunchConfigurationCommand, DescribeAutoScalingGroupsCommand, DescribeAutoScalingInstancesCommand, DescribeLaunchConfigurationsCommand,
  DescribeScalingActivitiesCommand, DescribeTagsCommand, PutWarmPoolCommand, SetDesiredCapacityCommand, SetInstanceProtectionCommand,
  SuspendProcessesCommand, TerminateInstanceInAutoScalingGroupCommand, UpdateAutoScalingGroupCommand, type AutoScalingGroup,
  AttachInstancesCommand, DetachInstancesCommand, EnterStandbyCommand, ExitStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';

const AMI = 'ami-0aa7d40eeae50c9a9';
let kumo: TestKumo;
let asg: AutoScalingClient;
let ec2: EC2Client;
before(async () => {
  kumo = await startTestKumo();
  asg = new AutoScalingClient(kumo.clientConfig());
  ec2 = new EC2Client(kumo.clientConfig());
});
after(async () => {
  asg.destroy();
  ec2.destroy();
  await kumo.stop();
});

async function group(name: string): Promise<AutoScalingGroup> {
  const g = (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
  assert.ok(g, `group ${name}`);
  return g;
}

async function launchConfiguration(): Promise<string> {
  const name = uniqueName('lc');
  await asg.send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: name, ImageId: AMI, InstanceType: 't3.micro' }));
  return name;
}

test('a launch configuration is stored with AWS defaults; a duplicate and a missing one answer AWS errors', async () => {
  const name = await launchConfiguration();
  const lc = (await asg.send(new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [name] }))).LaunchConfigurations?.[0];
  assert.equal(lc?.ImageId, AMI);
  assert.equal(lc?.InstanceMonitoring?.Enabled, true);
  assert.match(lc?.LaunchConfigurationARN ?? '', new RegExp(`^arn:aws:autoscaling:us-east-1:000000000000:launchConfiguration:[0-9a-f-]{36}:launchConfigurationName/${name}$`));
  await assertAwsError(asg.send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: name, ImageId: AMI, InstanceType: 't3.micro' })), {
    code: 'AlreadyExists', status: 400, message: `Launch Configuration by this name already exists - A launch configuration already exists with the name ${name}`,
  });
  await assertAwsError(asg.send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: 'nope' })), { code: 'ValidationError', status: 400, message: 'Launch configuration name not found - Launch configuration nope not found' });
});

test('CreateAutoScalingGroup refuses bad bounds and duplicates with the recorded messages, and changes nothing', async () => {
  const lc = await launchConfiguration();
  const name = uniqueName('bad');
  const base = { AutoScalingGroupName: name, LaunchConfigurationName: lc, AvailabilityZones: ['us-east-1a'] };
  await assertAwsError(asg.send(new CreateAutoScalingGroupCommand({ ...base, MinSize: 5, MaxSize: 3 })), { code: 'ValidationError', status: 400, message: 'Max bound, 3, must be greater than or equal to min bound, 5' });
  await assertAwsError(asg.send(new CreateAutoScalingGroupCommand({ ...base, MinSize: 0, MaxSize: 10, DesiredCapacity: 15 })), {
    code: 'ValidationError', status: 400, message: 'Desired capacity:15 must be between the specified min size:0 and max size:10',
  });
  await assertAwsError(asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 0, MaxSize: 1 })), {
    code: 'ValidationError', status: 400, message: 'At least one Availability Zone or VPC Subnet is required.',
  });
  assert.deepEqual((await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups, []);
  await asg.send(new CreateAutoScalingGroupCommand({ ...base, MinSize: 0, MaxSize: 1 }));
  await assertAwsError(asg.send(new CreateAutoScalingGroupCommand({ ...base, MinSize: 0, MaxSize: 1 })), {
    code: 'AlreadyExists', status: 400, message: `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
  });
  await assertAwsError(asg.send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: lc })), { code: 'ResourceInUse', status: 400 });
  await assertAwsError(asg.send(new PutWarmPoolCommand({ AutoScalingGroupName: name })), { code: 'NotImplemented', status: 501, message: 'kumo does not implement Auto Scaling PutWarmPool yet.' });
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name }));
});

test('the controller launches to desired capacity through EC2, balanced across AZs, with AWS activity causes', async () => {
  const lc = await launchConfiguration();
  const name = uniqueName('web');
  await asg.send(new CreateAutoScalingGroupCommand({
    AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 6, DesiredCapacity: 4, AvailabilityZones: ['us-east-1a', 'us-east-1b'],
    Tags: [{ Key: 'team', Value: 'blue', PropagateAtLaunch: true }, { Key: 'local', Value: 'x', PropagateAtLaunch: false }],
  }));
  let g = await group(name);
  assert.equal(g.DefaultCooldown, 300);
  assert.equal(g.HealthCheckType, 'EC2');
  assert.deepEqual(g.Instances, []);
  await kumo.advance(10);
  g = await group(name);
  assert.equal(g.Instances?.length, 4);
  const byZone = (z: string): number => g.Instances?.filter((i) => i.AvailabilityZone === z).length ?? 0;
  assert.deepEqual([byZone('us-east-1a'), byZone('us-east-1b')], [2, 2]);
  await kumo.advance(10);
  g = await group(name);
  assert.ok(g.Instances?.every((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy'), JSON.stringify(g.Instances));
  const ids = g.Instances?.map((i) => i.InstanceId as string) ?? [];
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
  const tags = described.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => Object.fromEntries((i.Tags ?? []).map((t) => [t.Key, t.Value])));
  assert.ok(tags?.every((t) => t['aws:autoscaling:groupName'] === name && t['team'] === 'blue' && t['local'] === undefined), JSON.stringify(tags));
  const acts = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities ?? [];
  assert.equal(acts.length, 4);
  const first = acts[acts.length - 1];
  assert.match(first?.Description ?? '', /^Launching a new EC2 instance: i-[0-9a-f]{17}$/);
  assert.match(first?.Cause ?? '', /^At \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ a user request created an AutoScalingGroup changing the desired capacity from 0 to 4\. {2}At \S+ an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 4\.$/);
  assert.equal(first?.StatusCode, 'Successful');
  const details = (await asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [ids[0] as string] }))).AutoScalingInstances?.[0];
  assert.equal(details?.AutoScalingGroupName, name);
  assert.equal(details?.HealthStatus, 'HEALTHY');
});

test('scale in terminates from the AZ with most instances and never a protected instance', async () => {
  const lc = await launchConfiguration();
  const name = uniqueName('shrink');
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 0, MaxSize: 4, DesiredCapacity: 3, AvailabilityZones: ['us-east-1a', 'us-east-1b'] }));
  await kumo.advance(20);
  let g = await group(name);
  const inA = g.Instances?.filter((i) => i.AvailabilityZone === 'us-east-1a').map((i) => i.InstanceId as string) ?? [];
  assert.equal(inA.length, 2);
  await asg.send(new SetInstanceProtectionCommand({ AutoScalingGroupName: name, InstanceIds: [inA[0] as string], ProtectedFromScaleIn: true }));
  await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: 2 }));
  await kumo.advance(10);
  g = await group(name);
  assert.deepEqual(g.Instances?.map((i) => i.InstanceId).sort(), [inA[0], ...(g.Instances?.filter((i) => i.AvailabilityZone === 'us-east-1b').map((i) => i.InstanceId) ?? [])].sort());
  const last = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities?.[0];
  assert.match(last?.Cause ?? '', new RegExp(`a user request explicitly set group desired capacity changing the desired capacity from 3 to 2\\. {2}At \\S+ an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 3 to 2\\. {2}At \\S+ instance ${inA[1]} was selected for termination\\.$`));
  await assertAwsError(asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: 9 })), { code: 'ValidationError', status: 400, message: 'New SetDesiredCapacity value 9 is above max value 4 for the AutoScalingGroup.' });
  await assertAwsError(asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name })), { code: 'ResourceInUse', status: 400 });
  await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
  assert.deepEqual((await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups, []);
});

test('a stopped instance is unhealthy at once and replaced: one activity terminates it, another launches', async () => {
  const lc = await launchConfiguration();
  const name = uniqueName('heal');
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 1, AvailabilityZones: ['us-east-1a'], HealthCheckGracePeriod: 300 }));
  await kumo.advance(20);
  const victim = (await group(name)).Instances?.[0]?.InstanceId as string;
  await ec2.send(new StopInstancesCommand({ InstanceIds: [victim] }));
  await kumo.advance(10);
  const g = await group(name);
  assert.equal(g.Instances?.length, 1);
  assert.notEqual(g.Instances?.[0]?.InstanceId, victim);
  const [launch, terminate] = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities ?? [];
  assert.equal(terminate?.Description, `Terminating EC2 instance: ${victim}`);
  assert.match(terminate?.Cause ?? '', /^At \S+ an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped\.$/);
  assert.match(launch?.Cause ?? '', /an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1\.$/);
});

test('TerminateInstanceInAutoScalingGroup with decrement; suspended Launch stops replacement; tags describe and filter', async () => {
  const lc = await launchConfiguration();
  const name = uniqueName('ops');
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 0, MaxSize: 3, DesiredCapacity: 2, AvailabilityZones: ['us-east-1a'] }));
  await kumo.advance(10);
  const [one] = (await group(name)).Instances ?? [];
  const out = await asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: one?.InstanceId, ShouldDecrementDesiredCapacity: true }));
  assert.match(out.Activity?.Cause ?? '', new RegExp(`instance ${one?.InstanceId} was taken out of service in response to a user request, shrinking the capacity from 2 to 1\\.$`));
  assert.equal((await group(name)).DesiredCapacity, 1);
  await asg.send(new SuspendProcessesCommand({ AutoScalingGroupName: name, ScalingProcesses: ['Launch'] }));
  await asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, DesiredCapacity: 3 }));
  await kumo.advance(10);
  const g = await group(name);
  assert.equal(g.Instances?.length, 1);
  assert.equal(g.SuspendedProcesses?.[0]?.ProcessName, 'Launch');
  await asg.send(new CreateOrUpdateTagsCommand({ Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: 'env', Value: 'dev', PropagateAtLaunch: false }] }));
  const tags = await asg.send(new DescribeTagsCommand({ Filters: [{ Name: 'auto-scaling-group', Values: [name] }] }));
  assert.deepEqual(tags.Tags, [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: 'env', Value: 'dev', PropagateAtLaunch: false }]);
  await assertAwsError(asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'missing-group', MinSize: 1 })), {
    code: 'ValidationError', status: 400, message: "AutoScalingGroup name not found - AutoScalingGroup 'missing-group' not found",
  });
});

test('attach a running instance, move one to standby (the group launches a replacement), exit standby, detach with decrement', async () => {
  const lc = await launchConfiguration();
  const name = uniqueName('attach');
  await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 0, MaxSize: 4, DesiredCapacity: 1, AvailabilityZones: ['us-east-1a'] }));
  await kumo.advance(20);
  const run = await ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1a' } }));
  const outsider = run.Instances?.[0]?.InstanceId as string;
  await assertAwsError(asg.send(new AttachInstancesCommand({ AutoScalingGroupName: name, InstanceIds: [outsider] })), { code: 'ValidationError', status: 400, message: /not in correct state/ });
  await kumo.advance(2);
  await asg.send(new AttachInstancesCommand({ AutoScalingGroupName: name, InstanceIds: [outsider] }));
  let g = await group(name);
  assert.equal(g.DesiredCapacity, 2);
  assert.ok(g.Instances?.some((i) => i.InstanceId === outsider && i.LifecycleState === 'InService'));
  const standby = await asg.send(new EnterStandbyCommand({ AutoScalingGroupName: name, InstanceIds: [outsider], ShouldDecrementDesiredCapacity: false }));
  assert.match(standby.Activities?.[0]?.Cause ?? '', new RegExp(`instance ${outsider} was moved to standby in response to a user request\\.$`));
  await kumo.advance(10);
  g = await group(name);
  assert.equal(g.Instances?.length, 3, 'a replacement for the instance in standby');
  assert.equal(g.Instances?.find((i) => i.InstanceId === outsider)?.LifecycleState, 'Standby');
  await asg.send(new ExitStandbyCommand({ AutoScalingGroupName: name, InstanceIds: [outsider] }));
  assert.equal((await group(name)).DesiredCapacity, 3);
  const detached = await asg.send(new DetachInstancesCommand({ AutoScalingGroupName: name, InstanceIds: [outsider], ShouldDecrementDesiredCapacity: true }));
  assert.match(detached.Activities?.[0]?.Cause ?? '', /was detached in response to a user request, shrinking the capacity from 3 to 2\.$/);
  g = await group(name);
  assert.equal(g.DesiredCapacity, 2);
  assert.ok(!g.Instances?.some((i) => i.InstanceId === outsider));
  await assertAwsError(asg.send(new AttachInstancesCommand({ AutoScalingGroupName: name, InstanceIds: ['i-0123456789abcdef0'] })), { code: 'ValidationError', status: 400, message: 'Instance Id not found - No instance(s) found with ID(s) [i-0123456789abcdef0]' });
});

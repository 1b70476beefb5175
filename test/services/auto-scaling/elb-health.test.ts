// Auto Scaling with an Application Load Balancer, instances running as processes (--run-instances) and real HTTP
// health checks on loopback, on the runtime clock: the group registers its instances with its target group, keeps an
// instance the target group calls unhealthy during HealthCheckGracePeriod, then replaces it (HealthCheckType ELB);
// CPU and status-check metrics of the instance processes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as asgsdk from '@aws-sdk/client-auto-scaling';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';

const AMI = 'ami-0aa7d40eeae50c9a9';
const PORT = 8080;
// Serves on its own loopback address; /health answers 500 once /fail was requested.
const SERVER = `#!/usr/bin/env node
const http = require('node:http');
let failing = false;
http.createServer((req, res) => {
  if (req.url === '/fail') failing = true;
  if (req.url === '/health') res.statusCode = failing ? 500 : 200;
  res.end('hello from ' + process.env.KUMO_INSTANCE_ID);
}).listen(${PORT}, process.env.KUMO_INSTANCE_ADDRESS, () => console.log('listening'));
`;

let kumo: TestKumo;
let asg: asgsdk.AutoScalingClient;
let lbs: elb.ElasticLoadBalancingV2Client;
let ec2c: ec2.EC2Client;
before(async () => {
  kumo = await startTestKumo({ runInstances: true, imdsPort: 0 });
  asg = new asgsdk.AutoScalingClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  lbs = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  asg.destroy();
  lbs.destroy();
  ec2c.destroy();
  await kumo.stop();
});

async function instances(name: string): Promise<asgsdk.Instance[]> {
  const g = (await asg.send(new asgsdk.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
  return g?.Instances ?? [];
}

async function health(tgArn: string): Promise<Map<string, string>> {
  const out = await lbs.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  return new Map((out.TargetHealthDescriptions ?? []).map((d) => [d.Target?.Id ?? '', d.TargetHealth?.State ?? '']));
}

async function bindAddress(id: string): Promise<string> {
  const body = (await (await fetch(`${kumo.url}/_kumo/ec2/instances`)).json()) as { instances: Array<{ instanceId: string; bindAddress: string }> };
  const row = body.instances.find((p) => p.instanceId === id);
  assert.ok(row, `process of ${id}`);
  return row.bindAddress;
}

/**
 * The group's first instance once its process serves /health. The controller launches on the clock, so this advances
 * until the instance exists; the process then starts on wall time (inside its VPC namespace where the world is up),
 * so it waits for it without advancing, or the advances would fail its health checks before it could answer.
 */
async function servingInstance(name: string): Promise<string> {
  const id = await until('an instance in the group', async () => {
    await kumo.advance(10);
    return (await instances(name))[0]?.InstanceId;
  }, 200);
  await serving(id);
  return id;
}

async function serving(id: string): Promise<void> {
  await until(`${id} to serve`, async () => (await fetch(`http://${await bindAddress(id)}:${PORT}/health`).then((r) => r.ok, () => false)) || undefined, 1500);
}

/** An ALB whose listener forwards to a new instance target group checking /health every 10 s. */
async function albWithTargetGroup(): Promise<{ tgArn: string; lbArn: string }> {
  const subnets = (await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets ?? [];
  const tg = (await lbs.send(new elb.CreateTargetGroupCommand({
    Name: uniqueName('asg-tg').slice(0, 32), Protocol: 'HTTP', Port: PORT, VpcId: subnets[0]!.VpcId!, TargetType: 'instance',
    HealthCheckPath: '/health', HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
  }))).TargetGroups![0]!;
  const lb = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('asg-alb').slice(0, 32), Subnets: subnets.slice(0, 2).map((s) => s.SubnetId!) }))).LoadBalancers![0]!;
  await lbs.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  return { tgArn: tg.TargetGroupArn!, lbArn: lb.LoadBalancerArn! };
}

test('HealthCheckType ELB: instances become targets; one the target group calls unhealthy is kept through the grace period, then replaced', async () => {
  const { tgArn } = await albWithTargetGroup();
  const lc = uniqueName('web');
  await asg.send(new asgsdk.CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't3.micro', UserData: Buffer.from(SERVER).toString('base64') }));
  const name = uniqueName('web');
  await asg.send(new asgsdk.CreateAutoScalingGroupCommand({
    AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 2, DesiredCapacity: 1, AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'ELB', HealthCheckGracePeriod: 120, TargetGroupARNs: [tgArn],
  }));

  // The controller launches the instance, sees it running, puts it InService and registers it; the check passes.
  await servingInstance(name);
  const first = await until('the instance to pass its ELB health check', async () => {
    await kumo.advance(10);
    const i = (await instances(name))[0];
    return i?.LifecycleState === 'InService' && (await health(tgArn)).get(i.InstanceId!) === 'healthy' && i.InstanceId;
  }, 200);
  const attached = (await asg.send(new asgsdk.DescribeLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: name }))).LoadBalancerTargetGroups;
  assert.deepEqual(attached, [{ LoadBalancerTargetGroupARN: tgArn, State: 'InService' }]);

  // The application starts failing its health check: unhealthy in the target group within two intervals...
  await fetch(`http://${await bindAddress(first)}:${PORT}/fail`);
  await kumo.advance(30);
  assert.equal((await health(tgArn)).get(first), 'unhealthy');
  // ...but still inside the grace period, so the group keeps it.
  let now = await instances(name);
  assert.deepEqual(now.map((i) => [i.InstanceId, i.HealthStatus]), [[first, 'Healthy']]);

  // Past the grace period: one activity terminates it for the ELB health check, another launches its replacement.
  await kumo.advance(120);
  const second = await until('a replacement instance', async () => {
    await kumo.advance(10);
    now = await instances(name);
    return now.length === 1 && now[0]!.InstanceId !== first && now[0]!.InstanceId;
  }, 200);
  const activities = (await asg.send(new asgsdk.DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities ?? [];
  const terminated = activities.find((a) => a.Description === `Terminating EC2 instance: ${first}`);
  assert.match(terminated?.Cause ?? '', /^At \S+ an instance was taken out of service in response to an ELB system health check failure\.$/);
  assert.ok(activities.some((a) => a.Description === `Launching a new EC2 instance: ${second}`));
  const state = (await ec2c.send(new ec2.DescribeInstancesCommand({ InstanceIds: [first] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;
  assert.ok(state === 'shutting-down' || state === 'terminated', `old instance ${state}`);

  // The replacement's process starts on wall time (inside its VPC namespace where the world is up); wait for it to
  // serve before advancing the clock, or the advances would outrun its grace period and replace it in turn.
  await serving(second);
  // The replacement is registered in its place; the old one drains out of the target group.
  await until('the replacement to be healthy', async () => {
    await kumo.advance(10);
    const h = await health(tgArn);
    return h.get(second) === 'healthy' && h.get(first) !== 'healthy';
  }, 200);
});

test('DetachLoadBalancerTargetGroups deregisters the instances; attaching again registers them', async () => {
  const { tgArn } = await albWithTargetGroup();
  const lc = uniqueName('web');
  await asg.send(new asgsdk.CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't3.micro', UserData: Buffer.from(SERVER).toString('base64') }));
  const name = uniqueName('web');
  await asg.send(new asgsdk.CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 1, AvailabilityZones: ['us-east-1a'] }));
  const id = await until('the instance to be InService', async () => {
    await kumo.advance(10);
    const i = (await instances(name))[0];
    return i?.LifecycleState === 'InService' && i.InstanceId;
  }, 200);
  assert.equal((await health(tgArn)).size, 0);
  await asg.send(new asgsdk.AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: name, TargetGroupARNs: [tgArn] }));
  assert.equal((await asg.send(new asgsdk.DescribeLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: name }))).LoadBalancerTargetGroups?.[0]?.State, 'Adding');
  await kumo.advance(10);
  assert.ok((await health(tgArn)).has(id), 'registered by the next controller pass');
  await asg.send(new asgsdk.DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: name, TargetGroupARNs: [tgArn] }));
  await kumo.advance(10);
  assert.equal((await health(tgArn)).get(id), 'draining');
  assert.deepEqual((await asg.send(new asgsdk.DescribeLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: name }))).LoadBalancerTargetGroups, []);
});

/** fetch refuses some ports kumo may bind (10080 is on its blocked list): plain node:http. */
function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host, port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function listenerAddress(lbArn: string, zone: string): Promise<{ host: string; port: number }> {
  return until('the listener to bind', async () => {
    const body = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ zone: string; listeners: Array<{ bound: string }> }> }> };
    const bound = body.loadBalancers.find((l) => l.loadBalancerArn === lbArn)?.nodes.find((n) => n.zone === zone)?.listeners[0]?.bound;
    if (bound === undefined) return undefined;
    const at = bound.lastIndexOf(':');
    return { host: bound.slice(0, at), port: Number(bound.slice(at + 1)) };
  });
}

test('ALBRequestCountPerTarget target tracking scales out from the requests the ALB really served', async () => {
  const { tgArn, lbArn } = await albWithTargetGroup();
  const lc = uniqueName('web');
  await asg.send(new asgsdk.CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't3.micro', UserData: Buffer.from(SERVER).toString('base64') }));
  const name = uniqueName('web');
  await asg.send(new asgsdk.CreateAutoScalingGroupCommand({
    AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 3, AvailabilityZones: ['us-east-1a'], HealthCheckType: 'ELB', TargetGroupARNs: [tgArn],
  }));
  const label = `${lbArn.slice(lbArn.indexOf(':loadbalancer/') + ':loadbalancer/'.length)}/${tgArn.slice(tgArn.lastIndexOf(':') + 1)}`;
  await asg.send(new asgsdk.PutScalingPolicyCommand({
    AutoScalingGroupName: name, PolicyName: 'per-target', PolicyType: 'TargetTrackingScaling',
    TargetTrackingConfiguration: { TargetValue: 10, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: label } },
  }));
  await servingInstance(name);
  await until('the instance to be a healthy target', async () => {
    await kumo.advance(10);
    const i = (await instances(name))[0];
    return i !== undefined && (await health(tgArn)).get(i.InstanceId!) === 'healthy';
  }, 200);
  const { host, port } = await listenerAddress(lbArn, 'us-east-1a');
  // 40 requests a minute through the load balancer to one healthy target: 40 per target against a target of 10.
  for (let minute = 0; minute < 4; minute++) {
    for (let r = 0; r < 40; r++) assert.match(await get(host, port), /^hello from i-/);
    await kumo.advance(60);
  }
  const cw = await import('@aws-sdk/client-cloudwatch');
  const client = new cw.CloudWatchClient(kumo.clientConfig());
  const stats = await client.send(new cw.GetMetricStatisticsCommand({
    Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCountPerTarget', Dimensions: [{ Name: 'TargetGroup', Value: label.slice(label.indexOf('targetgroup/')) }],
    StartTime: new Date(kumo.clock.now() - 600_000), EndTime: new Date(kumo.clock.now() + 60_000), Period: 60, Statistics: ['Sum'],
  }));
  assert.ok((stats.Datapoints ?? []).some((d) => d.Sum === 40), JSON.stringify(stats.Datapoints));
  const requests = await client.send(new cw.GetMetricStatisticsCommand({
    Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_2XX_Count', Dimensions: [{ Name: 'LoadBalancer', Value: label.slice(0, label.indexOf('/targetgroup/')) }],
    StartTime: new Date(kumo.clock.now() - 600_000), EndTime: new Date(kumo.clock.now() + 60_000), Period: 600, Statistics: ['Sum'],
  }));
  // The range may span two 600 s periods: every request the ALB served is counted once across them.
  assert.equal((requests.Datapoints ?? []).reduce((a, d) => a + (d.Sum ?? 0), 0), 160);
  client.destroy();
  await kumo.advance(10);
  const g = (await asg.send(new asgsdk.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups![0]!;
  assert.equal(g.DesiredCapacity, 3, 'ceil(1 × 40 / 10), clamped to MaxSize 3');
});

test('ASGAverageCPUUtilization target tracking scales out from a CPU burner in user data', async () => {
  const lc = uniqueName('burn');
  const burner = '#!/usr/bin/env node\nfor (;;) {}\n';
  await asg.send(new asgsdk.CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't2.micro', UserData: Buffer.from(burner).toString('base64') }));
  const name = uniqueName('burn');
  await asg.send(new asgsdk.CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 2, AvailabilityZones: ['us-east-1a'] }));
  await asg.send(new asgsdk.PutScalingPolicyCommand({
    AutoScalingGroupName: name, PolicyName: 'cpu', PolicyType: 'TargetTrackingScaling',
    // A low target: the burner competes for the machine's cores with everything else running.
    TargetTrackingConfiguration: { TargetValue: 5, PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' } },
  }));
  const id = await until('the instance to be InService', async () => {
    await kumo.advance(10);
    const i = (await instances(name))[0];
    return i?.LifecycleState === 'InService' && i.InstanceId;
  }, 200);
  // Each minute the emitter samples the process group's CPU time; three minutes above the target raise the alarm.
  await until('a scale-out from CPU', async () => {
    await kumo.advance(60);
    const g = (await asg.send(new asgsdk.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups![0]!;
    return g.DesiredCapacity === 2;
  }, 100);
  const cw = await import('@aws-sdk/client-cloudwatch');
  const client = new cw.CloudWatchClient(kumo.clientConfig());
  const stats = await client.send(new cw.GetMetricStatisticsCommand({
    Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: id }],
    StartTime: new Date(kumo.clock.now() - 3_600_000), EndTime: new Date(kumo.clock.now() + 60_000), Period: 60, Statistics: ['Maximum'],
  }));
  client.destroy();
  assert.ok((stats.Datapoints ?? []).some((d) => (d.Maximum ?? 0) > 5 && d.Unit === 'Percent'), JSON.stringify(stats.Datapoints));
  await asg.send(new asgsdk.DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
});

test('an instance whose process crashed reports StatusCheckFailed and StatusCheckFailed_Instance 1 each minute; the system check passes', async () => {
  const crash = '#!/bin/sh\necho started\nexit 3\n';
  const run = await ec2c.send(new ec2.RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1, UserData: Buffer.from(crash).toString('base64') }));
  const id = run.Instances![0]!.InstanceId!;
  const cw = await import('@aws-sdk/client-cloudwatch');
  const client = new cw.CloudWatchClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  const max = async (metric: string): Promise<number[]> => {
    const out = await client.send(new cw.GetMetricStatisticsCommand({
      Namespace: 'AWS/EC2', MetricName: metric, Dimensions: [{ Name: 'InstanceId', Value: id }],
      StartTime: new Date(kumo.clock.now() - 3_600_000), EndTime: new Date(kumo.clock.now() + 60_000), Period: 60, Statistics: ['Maximum'],
    }));
    return (out.Datapoints ?? []).map((d) => d.Maximum ?? -1);
  };
  await until('StatusCheckFailed_Instance 1', async () => {
    await kumo.advance(60);
    return (await max('StatusCheckFailed_Instance')).includes(1);
  }, 100);
  assert.ok((await max('StatusCheckFailed')).includes(1));
  const system = await max('StatusCheckFailed_System');
  assert.ok(system.length > 0 && system.every((v) => v === 0), JSON.stringify(system));
  client.destroy();
  await ec2c.send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] }));
});

test('an instance whose process crashes fails its status check and is replaced after the grace period (HealthCheckType EC2)', async () => {
  const lc = uniqueName('crash');
  const userData = '#!/bin/sh\nexec sleep 600\n';
  await asg.send(new asgsdk.CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't2.micro', UserData: Buffer.from(userData).toString('base64') }));
  const name = uniqueName('crash');
  await asg.send(new asgsdk.CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 1, AvailabilityZones: ['us-east-1a'], HealthCheckGracePeriod: 30 }));
  const victim = await until('the instance to be InService', async () => {
    await kumo.advance(10);
    const i = (await instances(name))[0];
    return i?.LifecycleState === 'InService' && i.InstanceId;
  }, 200);
  // Crash it: kill its process group from outside, as an OOM kill would.
  const pid = ((await (await fetch(`${kumo.url}/_kumo/ec2/instances`)).json()) as { instances: Array<{ instanceId: string; pid?: number }> }).instances.find((p) => p.instanceId === victim)?.pid;
  assert.ok(pid, 'the instance has a process');
  process.kill(-pid, 'SIGKILL');
  await until('the crashed instance to be replaced', async () => {
    await kumo.advance(10);
    const now = await instances(name);
    return now.length === 1 && now[0]!.InstanceId !== victim && now[0]!.LifecycleState === 'InService';
  }, 200);
  const activities = (await asg.send(new asgsdk.DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities ?? [];
  const terminate = activities.find((a) => a.Description === `Terminating EC2 instance: ${victim}`);
  assert.match(terminate?.Cause ?? '', /^At \S+ an instance was taken out of service in response to an EC2 instance status checks failure\.$/);
  await asg.send(new asgsdk.DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
});

test('a Classic Load Balancer in LoadBalancerNames gets the InService instances; OutOfService past the grace period is replaced (HealthCheckType ELB)', async () => {
  const clbsdk = await import('@aws-sdk/client-elastic-load-balancing');
  const clb = new clbsdk.ElasticLoadBalancingClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  const lbName = uniqueName('asg-clb').slice(0, 32);
  await clb.send(new clbsdk.CreateLoadBalancerCommand({ LoadBalancerName: lbName, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8191, InstancePort: PORT }], AvailabilityZones: ['us-east-1a'] }));
  await clb.send(new clbsdk.ConfigureHealthCheckCommand({ LoadBalancerName: lbName, HealthCheck: { Target: `HTTP:${PORT}/health`, Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  const lc = uniqueName('classic');
  await asg.send(new asgsdk.CreateLaunchConfigurationCommand({ LaunchConfigurationName: lc, ImageId: AMI, InstanceType: 't3.micro', UserData: Buffer.from(SERVER).toString('base64') }));
  const name = uniqueName('classic');
  await asg.send(new asgsdk.CreateAutoScalingGroupCommand({
    AutoScalingGroupName: name, LaunchConfigurationName: lc, MinSize: 1, MaxSize: 1, AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'ELB', HealthCheckGracePeriod: 60, LoadBalancerNames: [lbName],
  }));
  const clbState = async (id: string): Promise<string | undefined> =>
    (await clb.send(new clbsdk.DescribeInstanceHealthCommand({ LoadBalancerName: lbName }))).InstanceStates?.find((s) => s.InstanceId === id)?.State;
  const first = await until('the instance InService behind the CLB', async () => {
    await kumo.advance(10);
    const i = (await instances(name))[0];
    return i?.LifecycleState === 'InService' && (await clbState(i.InstanceId!)) === 'InService' && i.InstanceId;
  }, 200);
  assert.deepEqual((await asg.send(new asgsdk.DescribeLoadBalancersCommand({ AutoScalingGroupName: name }))).LoadBalancers, [{ LoadBalancerName: lbName, State: 'InService' }]);
  await fetch(`http://${await bindAddress(first)}:${PORT}/fail`);
  await until('a replacement instance', async () => {
    await kumo.advance(10);
    const now = await instances(name);
    return now.length === 1 && now[0]!.InstanceId !== first;
  }, 200);
  const activities = (await asg.send(new asgsdk.DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities ?? [];
  const terminated = activities.find((a) => a.Description === `Terminating EC2 instance: ${first}`);
  assert.match(terminated?.Cause ?? '', /^At \S+ an instance was taken out of service in response to an ELB system health check failure\.$/);
  await until('the old instance out of the CLB', async () => {
    await kumo.advance(10);
    const ids = ((await clb.send(new clbsdk.DescribeInstanceHealthCommand({ LoadBalancerName: lbName }))).InstanceStates ?? []).map((s) => s.InstanceId);
    return !ids.includes(first);
  }, 200);
  await asg.send(new asgsdk.DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
  clb.destroy();
});

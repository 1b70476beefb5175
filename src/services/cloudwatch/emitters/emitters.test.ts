// The AWS/* emitters as pure functions: CPUUtilization from CPU seconds over wall time (baseline sample, vCPUs,
// 1-minute detailed and 5-minute basic monitoring, EC2's dimension sets), status checks, ALB/NLB/CLB metric names,
// dimensions and units, and SQS call counts next to the queue depth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Publish, PublishedMetric } from '../publish.js';
import { InstanceEmitter, type Ec2Source } from './ec2.js';
import { albMetrics, nlbMetrics } from './elb.js';
import { emitQueueDepths } from './sqs.js';
import { emitHealthChecks } from './route53.js';
import { clbMetrics } from './clb.js';
import type { ClbNodeSnapshot } from '../../elastic-load-balancing/dataplane/metrics.js';
import type { LbSnapshot } from '../../elastic-load-balancing-v2/dataplane/metrics.js';

function recorder(): { publish: Publish; seen: Array<{ namespace: string; m: PublishedMetric }> } {
  const seen: Array<{ namespace: string; m: PublishedMetric }> = [];
  return { seen, publish: (_scope, namespace, metrics) => metrics.forEach((m) => seen.push({ namespace, m })) };
}

function source(cpu: Map<string, number | undefined>, detailed: boolean, type = 't3.micro', health: 'ok' | 'impaired' = 'ok'): Ec2Source {
  return {
    processes: () => [...cpu.keys()].map((instanceId) => ({ instanceId, account: '000000000000', region: 'us-east-1', state: 'running' })),
    instance: () => ({ instanceType: type, imageId: 'ami-12345678', tags: { 'aws:autoscaling:groupName': 'web' }, detailedMonitoring: detailed, health }),
    cpuSeconds: (id) => cpu.get(id),
  };
}

const dimNames = (m: PublishedMetric): string => m.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',');

test('CPUUtilization is CPU seconds over wall seconds ÷ vCPUs, by InstanceId and AutoScalingGroupName, from the second sample', () => {
  let wall = 0;
  const cpu = new Map([['i-1', 10]]);
  const emitter = new InstanceEmitter(() => wall);
  const { publish, seen } = recorder();
  const cpuSeen = () => seen.filter((x) => x.m.MetricName === 'CPUUtilization');
  emitter.emit(source(cpu, false), publish, 0);
  assert.equal(cpuSeen().length, 0, 'the first sample is the baseline');
  wall = 300_000;
  cpu.set('i-1', 160); // 150 s of CPU in 300 s on 2 vCPUs
  emitter.emit(source(cpu, false), publish, 300_000);
  assert.deepEqual(cpuSeen().map((x) => [x.namespace, x.m.MetricName, x.m.Dimensions, x.m.Value, x.m.Unit]), [
    ['AWS/EC2', 'CPUUtilization', [{ Name: 'InstanceId', Value: 'i-1' }], 25, 'Percent'],
    ['AWS/EC2', 'CPUUtilization', [{ Name: 'AutoScalingGroupName', Value: 'web' }], 25, 'Percent'],
  ]);
});

test('detailed monitoring adds the ImageId, InstanceType and all-instances series (EC2 metric dimensions)', () => {
  let wall = 0;
  const cpu = new Map([['i-1', 0]]);
  const emitter = new InstanceEmitter(() => wall);
  const { publish, seen } = recorder();
  emitter.emit(source(cpu, true), publish, 0);
  wall = 60_000;
  cpu.set('i-1', 12);
  emitter.emit(source(cpu, true), publish, 60_000);
  const series = seen.filter((x) => x.m.MetricName === 'CPUUtilization').map((x) => [dimNames(x.m), x.m.Value]);
  assert.deepEqual(series, [['InstanceId=i-1', 10], ['AutoScalingGroupName=web', 10], ['ImageId=ami-12345678', 10], ['InstanceType=t3.micro', 10], ['', 10]]);
});

test('status checks: each minute for every running instance, the instance check failing once its process crashed', () => {
  const cpu = new Map<string, number | undefined>([['i-1', 0]]);
  const emitter = new InstanceEmitter(() => 0);
  const { publish, seen } = recorder();
  emitter.emit(source(cpu, false), publish, 0);
  cpu.set('i-1', undefined); // the process exited: EC2 reports the instance impaired, and there is no CPU to read
  emitter.emit(source(cpu, false, 't3.micro', 'impaired'), publish, 60_000);
  const checks = seen.filter((x) => x.m.MetricName.startsWith('StatusCheckFailed') && x.m.Dimensions[0]?.Name === 'InstanceId');
  assert.deepEqual(checks.map((x) => [x.m.Timestamp, x.m.MetricName, x.m.Value, x.m.Unit]), [
    [0, 'StatusCheckFailed', 0, 'Count'], [0, 'StatusCheckFailed_Instance', 0, 'Count'], [0, 'StatusCheckFailed_System', 0, 'Count'], [0, 'StatusCheckFailed_AttachedEBS', 0, 'Count'],
    [60_000, 'StatusCheckFailed', 1, 'Count'], [60_000, 'StatusCheckFailed_Instance', 1, 'Count'], [60_000, 'StatusCheckFailed_System', 0, 'Count'], [60_000, 'StatusCheckFailed_AttachedEBS', 0, 'Count'],
  ]);
  assert.ok(seen.some((x) => x.m.MetricName === 'StatusCheckFailed' && dimNames(x.m) === 'AutoScalingGroupName=web'), 'group members also report by AutoScalingGroupName');
  assert.equal(seen.filter((x) => x.m.MetricName === 'CPUUtilization').length, 0);
});

test('basic monitoring publishes CPUUtilization every 5 minutes, averaged over them', () => {
  let wall = 0;
  const cpu = new Map([['i-1', 0]]);
  const emitter = new InstanceEmitter(() => wall);
  const { publish, seen } = recorder();
  for (let minute = 0; minute <= 5; minute++) {
    wall = minute * 60_000;
    cpu.set('i-1', minute * 30);
    emitter.emit(source(cpu, false, 't2.micro'), publish, minute * 60_000);
  }
  assert.deepEqual(seen.filter((x) => x.m.MetricName === 'CPUUtilization' && x.m.Dimensions[0]?.Name === 'InstanceId').map((x) => x.m.Value), [50], 'one datapoint for minutes 0–5');
});

const LB: LbSnapshot = {
  account: '000000000000', region: 'us-east-1', type: 'application', dimension: 'app/web/0123456789abcdef',
  requests: 12, elb4xx: 0, elb5xx: 2, elb502: 0, elb503: 2, elb504: 0, fixed: 0, redirects: 0, codes: [10, 0, 0, 0],
  responseTime: { sum: 0.5, count: 10, min: 0.01, max: 0.2 }, newFlows: 0, activeFlows: 0, processedBytes: 0,
  targetGroups: [{ dimension: 'targetgroup/tg/fedcba9876543210', requests: 10, codes: [10, 0, 0, 0], responseTime: { sum: 0.5, count: 10, min: 0.01, max: 0.2 }, healthy: 2, unhealthy: 1 }],
};

test('ALB metrics: AWS names, LoadBalancer and TargetGroup dimensions, RequestCountPerTarget over healthy targets', () => {
  const out = albMetrics(LB, 0);
  const find = (name: string, dims: string[]): PublishedMetric | undefined => out.find((m) => m.MetricName === name && m.Dimensions.map((d) => d.Name).join() === dims.join());
  assert.equal(find('RequestCount', ['LoadBalancer'])?.Value, 12);
  assert.equal(find('HTTPCode_Target_2XX_Count', ['LoadBalancer'])?.Value, 10);
  assert.equal(find('HTTPCode_ELB_503_Count', ['LoadBalancer'])?.Value, 2);
  assert.equal(find('HTTPCode_Target_5XX_Count', ['LoadBalancer']), undefined, 'zero counts are not reported');
  assert.deepEqual(find('TargetResponseTime', ['LoadBalancer'])?.StatisticValues, { SampleCount: 10, Sum: 0.5, Minimum: 0.01, Maximum: 0.2 });
  assert.equal(find('TargetResponseTime', ['LoadBalancer'])?.Unit, 'Seconds');
  assert.equal(find('RequestCountPerTarget', ['TargetGroup'])?.Value, 5);
  assert.equal(find('RequestCountPerTarget', ['TargetGroup', 'LoadBalancer'])?.Value, 5);
  assert.deepEqual([find('HealthyHostCount', ['TargetGroup', 'LoadBalancer'])?.Value, find('UnHealthyHostCount', ['TargetGroup', 'LoadBalancer'])?.Value], [2, 1]);
});

test('NLB metrics: flows and processed bytes by LoadBalancer, host counts by TargetGroup and LoadBalancer', () => {
  const out = nlbMetrics({ ...LB, type: 'network', dimension: 'net/tcp/0123456789abcdef', newFlows: 3, activeFlows: 1, processedBytes: 2048 }, 0);
  assert.deepEqual(out.filter((m) => m.Dimensions.length === 1).map((m) => [m.MetricName, m.Value, m.Unit]), [
    ['NewFlowCount', 3, 'Count'], ['NewFlowCount_TCP', 3, 'Count'], ['ActiveFlowCount', 1, 'Count'], ['ActiveFlowCount_TCP', 1, 'Count'],
    ['ProcessedBytes', 2048, 'Bytes'], ['ProcessedBytes_TCP', 2048, 'Bytes'],
  ]);
  assert.equal(out.find((m) => m.MetricName === 'HealthyHostCount')?.Value, 2);
});

test('SQS: NumberOfMessagesSent, Received, Deleted and EmptyReceives next to the depth, by QueueName', () => {
  const { publish, seen } = recorder();
  emitQueueDepths([{ account: '000000000000', region: 'us-east-1', name: 'work', visible: 3, notVisible: 1, delayed: 0, sent: 5, received: 2, deleted: 1, emptyReceives: 4 }], publish, 0);
  assert.deepEqual(Object.fromEntries(seen.map((x) => [x.m.MetricName, x.m.Value])), {
    ApproximateNumberOfMessagesVisible: 3, ApproximateNumberOfMessagesNotVisible: 1, ApproximateNumberOfMessagesDelayed: 0,
    NumberOfMessagesSent: 5, NumberOfMessagesReceived: 2, NumberOfMessagesDeleted: 1, NumberOfEmptyReceives: 4,
  });
  assert.ok(seen.every((x) => x.namespace === 'AWS/SQS' && x.m.Unit === 'Count' && x.m.Dimensions[0]?.Name === 'QueueName'));
});

test('Route 53: HealthCheckStatus and HealthCheckPercentageHealthy by HealthCheckId, in us-east-1', () => {
  const seen: Array<[string, string, number, string | undefined]> = [];
  emitHealthChecks([{ account: '000000000000', id: 'abc', healthy: false }, { account: '000000000000', id: 'new', healthy: undefined }], (scope, namespace, metrics) => {
    for (const m of metrics) seen.push([`${scope.region} ${namespace}`, `${m.MetricName} ${m.Dimensions[0]?.Value}`, m.Value, m.Unit]);
  }, 0);
  assert.deepEqual(seen, [['us-east-1 AWS/Route53', 'HealthCheckStatus abc', 0, 'None'], ['us-east-1 AWS/Route53', 'HealthCheckPercentageHealthy abc', 0, 'Percent']]);
});

test('CLB: each node reports under four dimension sets; with cross-zone a node counts every AZ\'s hosts under LoadBalancerName', () => {
  const node = (zone: string, healthy: number, zoneHealthy: number): ClbNodeSnapshot => ({
    zone, requests: zone === 'us-east-1a' ? 4 : 0, backend: [4, 0, 0, 0], elb4xx: 0, elb5xx: 0, backendConnectionErrors: 0,
    latency: { sum: 0.4, count: 4, min: 0.05, max: 0.2 }, healthy, unhealthy: 0, zoneHealthy, zoneUnhealthy: 0,
  });
  const out = clbMetrics({ account: '000000000000', region: 'us-east-1', name: 'web', registered: true, nodes: [node('us-east-1a', 3, 1), node('us-east-1b', 3, 2)] }, 0);
  const rows = (metric: string): Array<[string, number]> => out.filter((m) => m.MetricName === metric).map((m) => [m.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(','), m.Value]);
  assert.deepEqual(rows('RequestCount'), [['LoadBalancerName=web', 4], ['AvailabilityZone=us-east-1a,LoadBalancerName=web', 4], ['AvailabilityZone=us-east-1a', 4], ['', 4]], 'zero counts (node b) are not reported');
  assert.deepEqual(rows('HealthyHostCount').filter(([d]) => d === 'LoadBalancerName=web'), [['LoadBalancerName=web', 3], ['LoadBalancerName=web', 3]]);
  assert.deepEqual(rows('HealthyHostCount').filter(([d]) => d.startsWith('AvailabilityZone=') && d.includes('LoadBalancerName')), [['AvailabilityZone=us-east-1a,LoadBalancerName=web', 1], ['AvailabilityZone=us-east-1b,LoadBalancerName=web', 2]]);
  assert.deepEqual(out.find((m) => m.MetricName === 'Latency')?.StatisticValues, { SampleCount: 4, Sum: 0.4, Minimum: 0.05, Maximum: 0.2 });
  assert.equal(clbMetrics({ account: '000000000000', region: 'us-east-1', name: 'idle', registered: false, nodes: [{ ...node('us-east-1a', 0, 0), requests: 0, backend: [0, 0, 0, 0], latency: { sum: 0, count: 0, min: Infinity, max: 0 } }] }, 0).length, 0, 'nothing without traffic or registered instances');
});

test('NetworkIn/Out are the bytes of each period (1 minute detailed, 5 basic); NetworkPacketsIn/Out every 5 minutes either way', () => {
  const counters = new Map([['i-1', { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 }]]);
  const run = (detailed: boolean) => {
    const emitter = new InstanceEmitter(() => 0);
    const { publish, seen } = recorder();
    const src: Ec2Source = { ...source(new Map([['i-1', undefined]]), detailed), networkCounters: () => counters };
    for (let minute = 0; minute <= 10; minute++) {
      // 1000 bytes and 10 packets in, half that out, each minute; the instance's veth counted 500/5 before minute 0.
      counters.set('i-1', { bytesIn: 500 + minute * 1000, bytesOut: minute * 500, packetsIn: 5 + minute * 10, packetsOut: minute * 5 });
      emitter.emit(src, publish, minute * 60_000);
    }
    const byId = (name: string) => seen.filter((x) => x.m.MetricName === name && dimNames(x.m) === 'InstanceId=i-1').map((x) => [x.m.Timestamp, x.m.Value, x.m.Unit]);
    return { byId, seen };
  };
  const basic = run(false);
  assert.deepEqual(basic.byId('NetworkIn'), [[300_000, 5500, 'Bytes'], [600_000, 5000, 'Bytes']], 'the first period holds what was counted before the first sample');
  assert.deepEqual(basic.byId('NetworkOut'), [[300_000, 2500, 'Bytes'], [600_000, 2500, 'Bytes']]);
  assert.deepEqual(basic.byId('NetworkPacketsIn'), [[300_000, 55, 'Count'], [600_000, 50, 'Count']]);
  const detailed = run(true);
  assert.equal(detailed.byId('NetworkIn').length, 10);
  assert.deepEqual(detailed.byId('NetworkIn')[1], [120_000, 1000, 'Bytes']);
  assert.deepEqual(detailed.byId('NetworkPacketsOut'), [[300_000, 25, 'Count'], [600_000, 25, 'Count']]);
  assert.ok(detailed.seen.some((x) => x.m.MetricName === 'NetworkIn' && x.m.Dimensions.length === 0), 'detailed monitoring adds the aggregate');
});

test('network counters that went back (the veth made again) count from zero; instances outside the namespace world emit no network metric', () => {
  const counters = new Map([['i-1', { bytesIn: 9000, bytesOut: 0, packetsIn: 0, packetsOut: 0 }]]);
  const emitter = new InstanceEmitter(() => 0);
  const { publish, seen } = recorder();
  const src: Ec2Source = { ...source(new Map([['i-1', undefined], ['i-2', undefined]]), true), networkCounters: () => counters };
  emitter.emit(src, publish, 0);
  counters.set('i-1', { bytesIn: 700, bytesOut: 0, packetsIn: 0, packetsOut: 0 });
  emitter.emit(src, publish, 60_000);
  assert.deepEqual(seen.filter((x) => x.m.MetricName === 'NetworkIn' && dimNames(x.m) === 'InstanceId=i-1').map((x) => x.m.Value), [700]);
  assert.equal(seen.filter((x) => x.m.MetricName.startsWith('Network') && dimNames(x.m) === 'InstanceId=i-2').length, 0);
});

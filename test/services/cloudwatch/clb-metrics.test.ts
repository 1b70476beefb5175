// AWS/ELB metrics counted in the Classic Load Balancer's data plane: real HTTP requests through a CLB node to
// instances' loopback addresses, then one minute on the runtime clock, read back with GetMetricStatistics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as support from '../elastic-load-balancing/support.js';
import { get, name } from '../elastic-load-balancing/support.js';

const env = support.useClbEnv();

test('a CLB reports RequestCount, HTTPCode_Backend_*, Latency and host counts by LoadBalancerName and AvailabilityZone', async () => {
  const n = name('cw-clb');
  const [zoneA, zoneB] = [env.subnets[0]!, env.subnets[1]!];
  const a = await support.instance(env, zoneA.id);
  const b = await support.instance(env, zoneB.id);
  // Instance a answers; b never listens, so its health check fails and it stays OutOfService.
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/boom' ? 500 : 200);
    res.end('ok');
  });
  env.servers.push(server);
  await new Promise<void>((r) => server.listen(8090, a.address, () => r()));
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8190, InstancePort: 8090 }], Subnets: [zoneA.id, zoneB.id] }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:8090/', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }, { InstanceId: b.id }] }));
  await support.advanceUntil(env, 'a InService, b OutOfService', 5, async () => {
    const h = await support.health(env, n);
    return h.get(a.id)?.State === 'InService' && h.get(b.id)?.State === 'OutOfService' && h.get(b.id)?.ReasonCode === 'Instance';
  });
  const node = (await support.nodes(env, n)).find((x) => x.zone === zoneA.zone)!;
  const bound = node.listeners[0]!.bound;
  assert.equal((await get(bound, '/')).status, 200);
  assert.equal((await get(bound, '/x')).status, 200);
  assert.equal((await get(bound, '/boom')).status, 500);
  const other = (await support.nodes(env, n)).find((x) => x.zone === zoneB.zone)!;
  assert.equal((await get(other.listeners[0]!.bound, '/')).status, 503, 'no InService instance in zone b (cross-zone off)');
  await env.kumo.advance(60);

  const client = new cw.CloudWatchClient({ ...env.kumo.clientConfig(), maxAttempts: 1 });
  const stat = async (metric: string, dims: Array<[string, string]>, s: cw.Statistic): Promise<number | undefined> => {
    const out = await client.send(new cw.GetMetricStatisticsCommand({
      Namespace: 'AWS/ELB', MetricName: metric, Dimensions: dims.map(([Name, Value]) => ({ Name, Value })),
      StartTime: new Date(env.kumo.clock.now() - 3_600_000), EndTime: new Date(env.kumo.clock.now() + 60_000), Period: 3600, Statistics: [s],
    }));
    const points = out.Datapoints ?? [];
    return points.length === 0 ? undefined : points.reduce((acc, p) => acc + (p[s] ?? 0), 0);
  };
  const byName: Array<[string, string]> = [['LoadBalancerName', n]];
  const inA: Array<[string, string]> = [['LoadBalancerName', n], ['AvailabilityZone', zoneA.zone]];
  const inB: Array<[string, string]> = [['LoadBalancerName', n], ['AvailabilityZone', zoneB.zone]];
  assert.equal(await stat('RequestCount', byName, 'Sum'), 3, 'routed requests; the 503 with no instance is not routed');
  assert.equal(await stat('HTTPCode_Backend_2XX', byName, 'Sum'), 2);
  assert.equal(await stat('HTTPCode_Backend_5XX', inA, 'Sum'), 1);
  assert.equal(await stat('HTTPCode_ELB_5XX', inB, 'Sum'), 1);
  assert.equal(await stat('Latency', byName, 'SampleCount'), 3);
  assert.ok(((await stat('Latency', byName, 'Maximum')) ?? 0) > 0);
  assert.equal(await stat('HealthyHostCount', inA, 'Maximum'), 1);
  assert.equal(await stat('UnHealthyHostCount', inB, 'Maximum'), 1);
  assert.equal(await stat('HealthyHostCount', inB, 'Maximum'), 0);
  const listed = await client.send(new cw.ListMetricsCommand({ Namespace: 'AWS/ELB', MetricName: 'RequestCount' }));
  const shapes = (listed.Metrics ?? []).map((m) => (m.Dimensions ?? []).map((d) => d.Name).sort().join('+'));
  for (const shape of ['LoadBalancerName', 'AvailabilityZone+LoadBalancerName', 'AvailabilityZone', '']) assert.ok(shapes.includes(shape), `${shape} in ${JSON.stringify(shapes)}`);
  client.destroy();
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

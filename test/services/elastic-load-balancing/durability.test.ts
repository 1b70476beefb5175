// Classic Load Balancers under kill -9: a `kumo start` child on a data directory is SIGKILLed right after its
// answers; on restart the load balancer, its listeners, policies, health check and attributes are there, and its
// node listens again on the same loopback address.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';
import { until } from '../../support/until.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-clb-kill9-'));
let server: SpawnedKumo | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const clientFor = (url: string) => new elb.ElasticLoadBalancingClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

async function nodeOf(url: string): Promise<{ address: string; bound: string } | undefined> {
  const body = (await (await fetch(`${url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerName?: string; nodes: Array<{ address: string; listeners: Array<{ bound: string }> }> }> };
  const node = body.loadBalancers.find((l) => l.loadBalancerName === 'durable')?.nodes[0];
  return node?.listeners[0] ? { address: node.address, bound: node.listeners[0].bound } : undefined;
}

test('an acknowledged Classic Load Balancer survives kill -9 and its node binds the same address again', async () => {
  const first = await spawnKumo(['--data-dir', dataDir]);
  const c1 = clientFor(first.url);
  const { DNSName } = await c1.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: 'durable', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8090, InstancePort: 80 }], AvailabilityZones: ['us-east-1a'] }));
  await c1.send(new elb.CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: 'durable', PolicyName: 'sticky' }));
  await c1.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: 'durable', LoadBalancerPort: 8090, PolicyNames: ['sticky'] }));
  await c1.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: 'durable', LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  const before = await until('the node to bind', () => nodeOf(first.url));
  c1.destroy();
  assert.equal(await first.stop('SIGKILL'), 'SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const c2 = clientFor(server.url);
  try {
    const d = (await c2.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: ['durable'] }))).LoadBalancerDescriptions![0]!;
    assert.equal(d.DNSName, DNSName);
    assert.deepEqual(d.ListenerDescriptions![0]!.PolicyNames, ['sticky']);
    assert.equal((await c2.send(new elb.DescribeLoadBalancerAttributesCommand({ LoadBalancerName: 'durable' }))).LoadBalancerAttributes!.CrossZoneLoadBalancing!.Enabled, true);
    const after = await until('the node to bind again', () => nodeOf(server!.url));
    assert.deepEqual(after, before);
    const res = await until('the node to answer', async () => fetch(`http://${after.bound}/`).catch(() => undefined));
    assert.equal(res.status, 503, 'no instance registered');
  } finally {
    c2.destroy();
  }
});

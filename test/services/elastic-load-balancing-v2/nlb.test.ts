// Network Load Balancers over real TCP: a TCP listener pipes bytes to an ip target the test starts on 127.0.0.1;
// with proxy_protocol_v2.enabled the target first reads a v2 header naming the client and the node's AWS port;
// TCP health checks follow NLB's thresholds (5 passes to become healthy, only Target.FailedHealthChecks).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingV2Client;
let subnet = '';
let vpcId = '';
const received: Buffer[] = [];
const backend = net.createServer((s) => {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => {
    chunks.push(c);
    const all = Buffer.concat(chunks);
    if (all.includes('ping\n')) {
      received.push(all);
      s.end('pong\n');
    }
  });
  s.on('error', () => {});
});

before(async () => {
  kumo = await startTestKumo();
  client = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnet = out.Subnets![0]!.SubnetId!;
  vpcId = out.Subnets![0]!.VpcId!;
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
});
after(async () => {
  await new Promise<void>((r) => backend.close(() => r()));
  await kumo.stop();
});

function exchange(address: string, port: number): Promise<{ reply: string; localPort: number }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, address, () => s.write('ping\n'));
    let reply = '';
    s.on('data', (c: Buffer) => (reply += c.toString()));
    s.on('end', () => resolve({ reply, localPort: s.localPort ?? 0 }));
    s.on('error', reject);
  });
}

test('a TCP listener pipes bytes to the target, with a Proxy Protocol v2 header when enabled', async () => {
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('nlb').slice(0, 32), Type: 'network', Subnets: [subnet] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('tcp').slice(0, 32), Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  assert.deepEqual([tg.HealthCheckProtocol, tg.HealthCheckTimeoutSeconds, tg.HealthyThresholdCount, tg.Matcher], ['TCP', 10, 5, undefined]);
  const attrs = (await client.send(new elb.DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn! }))).Attributes!;
  assert.equal(attrs.find((a) => a.Key === 'preserve_client_ip.enabled')?.Value, 'false'); // ip targets on TCP
  const backendPort = (backend.address() as net.AddressInfo).port;
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: backendPort, AvailabilityZone: 'all' }] }));
  const awsPort = 21000 + Math.floor(Math.random() * 9000);
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'TCP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  const endpoints = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string }> }> };
  const node = endpoints.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!.nodes[0]!.address;
  for (let i = 0; i < 20 && (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] }))).LoadBalancers![0]!.State?.Code === 'provisioning'; i++);

  // Initial targets get traffic (fail open) before checks pass; NLB needs five passes.
  assert.equal((await exchange(node, awsPort)).reply, 'pong\n');
  assert.equal(received.at(-1)!.toString(), 'ping\n');
  await kumo.advance(1);
  assert.equal((await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions![0]!.TargetHealth?.State, 'initial');
  for (let i = 0; i < 4; i++) await kumo.advance(30);
  assert.equal((await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions![0]!.TargetHealth?.State, 'healthy');

  await client.send(new elb.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn!, Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }] }));
  const { reply, localPort } = await exchange(node, awsPort);
  assert.equal(reply, 'pong\n');
  const got = received.at(-1)!;
  assert.deepEqual([...got.subarray(0, 12)], [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
  assert.equal(got[12], 0x21);
  assert.equal(got[13], 0x11);
  assert.equal([...got.subarray(16, 20)].join('.'), '127.0.0.1');
  assert.equal([...got.subarray(20, 24)].join('.'), node);
  assert.equal(got.readUInt16BE(24), localPort);
  assert.equal(got.readUInt16BE(26), awsPort);
  assert.equal(got.subarray(28).toString(), 'ping\n');

  // The target stops listening: after two failed checks it is unhealthy with NLB's only reason.
  await new Promise<void>((r) => backend.close(() => r()));
  await kumo.advance(30);
  await kumo.advance(30);
  const th = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions![0]!.TargetHealth;
  assert.deepEqual(th, { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' });
  await new Promise<void>((r) => backend.listen(backendPort, '127.0.0.1', r));
});

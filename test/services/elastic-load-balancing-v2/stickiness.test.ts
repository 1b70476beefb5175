// Sticky sessions on loopback: an ALB group with lb_cookie sets AWSALB and AWSALBCORS and a request carrying them
// returns to the same target; app_cookie adds AWSALBAPP-0 when the target sets its cookie; an NLB group with
// source_ip stickiness sends every connection of one client address to one target.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingV2Client;
let subnets: string[] = [];
let vpcId = '';
const closers: Array<() => void> = [];

before(async () => {
  kumo = await startTestKumo();
  client = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnets = (out.Subnets ?? []).sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!)).map((s) => s.SubnetId!);
  vpcId = out.Subnets![0]!.VpcId!;
});
after(async () => {
  for (const c of closers) c();
  await kumo.stop();
});

async function httpBackend(name: string, setCookie?: string): Promise<number> {
  const server = http.createServer((_req, res) => {
    if (setCookie) res.setHeader('set-cookie', setCookie);
    res.end(name);
  });
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function node(lbArn: string): Promise<{ address: string; port: number }> {
  for (let i = 0; i < 100; i++) {
    const lb = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerArns: [lbArn] }))).LoadBalancers![0]!;
    if (lb.State?.Code !== 'provisioning') break;
  }
  const view = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string; listeners: Array<{ bound: string }> }> }> };
  const bound = view.loadBalancers.find((l) => l.loadBalancerArn === lbArn)!.nodes[0]!.listeners[0]!.bound;
  return { address: bound.slice(0, bound.lastIndexOf(':')), port: Number(bound.slice(bound.lastIndexOf(':') + 1)) };
}

function get(at: { address: string; port: number }, cookie?: string): Promise<{ body: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: at.address, port: at.port, path: '/', agent: false, headers: cookie ? { cookie } : {} }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ body, cookies: res.headers['set-cookie'] ?? [] }));
      })
      .on('error', reject);
  });
}

async function albWith(attributes: Array<{ Key: string; Value: string }>, ports: number[]): Promise<{ address: string; port: number }> {
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('sticky').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('stickytg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  await client.send(new elb.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn!, Attributes: attributes }));
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 21000 + Math.floor(Math.random() * 9000), DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: ports.map((p) => ({ Id: '127.0.0.1', Port: p, AvailabilityZone: 'all' })) }));
  await kumo.advance(1);
  return node(lb.LoadBalancerArn!);
}

test('lb_cookie stickiness sets AWSALB and AWSALBCORS, and a request carrying AWSALB returns to the same target', async () => {
  const at = await albWith([{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.type', Value: 'lb_cookie' }], [await httpBackend('a'), await httpBackend('b')]);
  const first = await get(at);
  assert.equal(first.cookies.length, 2);
  assert.match(first.cookies[0]!, /^AWSALB=[\w-]+; Expires=[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT; Path=\/$/);
  assert.match(first.cookies[1]!, /^AWSALBCORS=[\w-]+; Expires=.+; Path=\/; SameSite=None; Secure$/);
  const cookie = first.cookies[0]!.split(';')[0]!;
  const bodies = new Set<string>();
  for (let i = 0; i < 6; i++) bodies.add((await get(at, cookie)).body);
  assert.deepEqual([...bodies], [first.body]);
  // Without the cookie, round robin reaches both targets.
  const plain = new Set<string>();
  for (let i = 0; i < 4; i++) plain.add((await get(at)).body);
  assert.deepEqual([...plain].sort(), ['a', 'b']);
});

test('app_cookie stickiness adds AWSALBAPP-0 when the target sets the named cookie and follows it back', async () => {
  const at = await albWith(
    [{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.type', Value: 'app_cookie' }, { Key: 'stickiness.app_cookie.cookie_name', Value: 'SESSION' }],
    [await httpBackend('a', 'SESSION=1'), await httpBackend('b', 'SESSION=2')],
  );
  const first = await get(at);
  const app = first.cookies.find((c) => c.startsWith('AWSALBAPP-0='));
  assert.ok(app, `AWSALBAPP-0 in ${JSON.stringify(first.cookies)}`);
  const bodies = new Set<string>();
  for (let i = 0; i < 6; i++) bodies.add((await get(at, app.split(';')[0])).body);
  assert.deepEqual([...bodies], [first.body]);
});

test('source_ip stickiness on an NLB sends every connection of one client address to one target', async () => {
  const seen: string[] = [];
  const ports: number[] = [];
  for (const name of ['a', 'b']) {
    // Counted on data, not on connect: health checks connect too.
    const server = net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => {
        seen.push(name);
        s.end(name);
      });
    });
    closers.push(() => server.close());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ports.push((server.address() as AddressInfo).port);
  }
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('stnlb').slice(0, 32), Type: 'network', Subnets: [subnets[0]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('sttg').slice(0, 32), Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  await client.send(new elb.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn!, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.type', Value: 'source_ip' }] }));
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'TCP', Port: 21000 + Math.floor(Math.random() * 9000), DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: ports.map((p) => ({ Id: '127.0.0.1', Port: p, AvailabilityZone: 'all' })) }));
  const at = await node(lb.LoadBalancerArn!);
  for (let i = 0; i < 8; i++) {
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(at.port, at.address, () => s.write('hi'));
      s.on('data', () => {});
      s.on('end', () => resolve());
      s.on('error', reject);
    });
  }
  assert.equal(seen.length, 8);
  assert.equal(new Set(seen).size, 1);
});

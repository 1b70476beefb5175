// Instance targets end to end under --run-instances, with nodes on a KUMO_ELB_NODE_CIDR range: an ALB node on that
// range forwards to the instance's loopback address, where a target port below 1024 is dialled at port + offset as
// the instance process binds it; health checks mark the instance healthy; a stopped instance cannot be registered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingV2Client;
let ec2c: ec2.EC2Client;
const servers: http.Server[] = [];

before(async () => {
  kumo = await startTestKumo({ runInstances: true, imdsPort: 0, elbNodeCidr: '127.78.0.0/24' });
  client = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  await kumo.stop();
});

async function runningInstance(subnetId: string): Promise<{ id: string; address: string }> {
  const id = (await ec2c.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!.InstanceId!;
  const address = await until('the instance to run', async () => {
    const body = (await (await fetch(`${kumo.url}/_kumo/ec2/instances`)).json()) as { instances: Array<{ instanceId: string; bindAddress: string; state?: string }> };
    return body.instances.find((p) => p.instanceId === id && p.state === 'running')?.bindAddress;
  });
  return { id, address };
}

test('an ALB on KUMO_ELB_NODE_CIDR forwards to an instance target\'s process address at port 80 + offset', async () => {
  const subnets = (await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!));
  const inst = await runningInstance(subnets[0]!.SubnetId!);
  const backend = http.createServer((req, res) => res.end(JSON.stringify({ from: inst.id, xff: req.headers['x-forwarded-for'] })));
  servers.push(backend);
  await new Promise<void>((r) => backend.listen(10080, inst.address, r));
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('insttg').slice(0, 32), Subnets: [subnets[0]!.SubnetId!, subnets[1]!.SubnetId!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('insttg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: subnets[0]!.VpcId!, TargetType: 'instance' }))).TargetGroups![0]!;
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: inst.id }] }));
  await assertAwsError(client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: 'i-0123456789abcdef0' }] })), { code: 'InvalidTarget', status: 400 });
  for (let i = 0; i < 10; i++) {
    const h = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions![0]!;
    if (h.TargetHealth?.State === 'healthy') break;
    await kumo.advance(30);
  }
  const health = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions![0]!;
  assert.deepEqual([health.Target?.Id, health.Target?.Port, health.TargetHealth?.State], [inst.id, 80, 'healthy']);
  const view = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string; listeners: Array<{ bound: string }> }> }> };
  const nodes = view.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!.nodes;
  for (const n of nodes) assert.match(n.address, /^127\.78\.0\.\d+$/);
  const bound = nodes[0]!.listeners[0]!.bound;
  assert.equal(bound, `${nodes[0]!.address}:10080`);
  // (fetch refuses port 10080, on the Fetch standard's bad-port list: plain node:http instead.)
  const [host, port] = bound.split(':');
  const body = await until('the node to answer', () =>
    new Promise<{ from: string; xff: string } | undefined>((resolve) => {
      http
        .get({ host, port: Number(port), path: '/', agent: false }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(text) as { from: string; xff: string }) : undefined));
        })
        .on('error', () => resolve(undefined));
    }),
  );
  assert.equal(body.from, inst.id);
  assert.equal(body.xff, '127.0.0.1');
  await ec2c.send(new ec2.StopInstancesCommand({ InstanceIds: [inst.id] }));
  await until('the instance to stop', async () => ((await ec2c.send(new ec2.DescribeInstancesCommand({ InstanceIds: [inst.id] }))).Reservations![0]!.Instances![0]!.State?.Name === 'stopped' ? true : undefined));
  const tg2 = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('insttg2').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: subnets[0]!.VpcId!, TargetType: 'instance' }))).TargetGroups![0]!;
  await assertAwsError(client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg2.TargetGroupArn!, Targets: [{ Id: inst.id }] })), { code: 'InvalidTarget', status: 400 });
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

// User data inside its instance's namespace (issue 23): a web server in user data listens on the VPC private IP and
// security groups apply to it for real; the SDK inside reaches kumo's API at 169.254.169.254:4566 with its role's
// credentials from IMDS; the host reaches the process through its loopback address (ELB health checks and proxying,
// stop killing the group). Skips where namespaces are unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import { launch, probeHandshake, useVpcWorld } from '../../support/vpc-world.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';

const world = useVpcWorld();

/** A web server on port 80 of the instance's address, as user data commonly runs one. */
const WEB = `#!/usr/bin/env node
require('http').createServer((req, res) => res.end('hello from ' + process.env.KUMO_INSTANCE_ID)).listen(80, process.env.KUMO_INSTANCE_ADDRESS, () => console.log('listening on ' + process.env.KUMO_INSTANCE_ADDRESS));
`;

const consoleText = async (id: string) => {
  const out = await world.client.send(new ec2.GetConsoleOutputCommand({ InstanceId: id }));
  return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
};

interface Row { instanceId: string; bindAddress: string; pid?: number; state?: string }
const rowOf = async (id: string): Promise<Row | undefined> => ((await (await fetch(`${world.kumo.url}/_kumo/ec2/instances`)).json()) as { instances: Row[] }).instances.find((p) => p.instanceId === id);

function get(host: string, port: number): Promise<string | undefined> {
  return new Promise((done) => {
    http.get({ host, port, path: '/', agent: false, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done(res.statusCode === 200 ? text : undefined));
    }).on('error', () => done(undefined)).on('timeout', function (this: http.ClientRequest) {
      this.destroy();
    });
  });
}

/** A TCP server that reads its client to EOF, then answers with the count and closes: it needs a half-close to answer. */
const COUNT_TO_EOF = `#!/usr/bin/env node
require('net').createServer({ allowHalfOpen: true }, (s) => { let n = 0; s.on('data', (d) => (n += d.length)); s.on('end', () => s.end('got ' + n + ' bytes')); }).listen(7000, process.env.KUMO_INSTANCE_ADDRESS, () => console.log('counting on 7000'));
`;

/** Sends `payload`, shuts the write side, and reads the answer to EOF; undefined when refused or not answered. */
function halfClosedExchange(host: string, port: number, payload: string): Promise<string | undefined> {
  return new Promise((done) => {
    const s = connect({ host, port, allowHalfOpen: true });
    let text = '';
    const timer = setTimeout(() => s.destroy(), 5000);
    s.on('connect', () => s.end(payload));
    s.on('data', (c: Buffer) => (text += c.toString()));
    s.on('end', () => done(text === '' ? undefined : text));
    s.on('close', () => {
      clearTimeout(timer);
      done(undefined);
    });
    s.on('error', () => undefined);
  });
}

let vpc: { vpcId: string; subnetId: string; web: string; clients: string; others: string } | undefined;
/** One VPC for the file: a web SG admitting port 80 from the clients SG only. */
async function vpcOnce(): Promise<NonNullable<typeof vpc>> {
  if (vpc) return vpc;
  const c = world.client;
  const vpcId = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: '10.86.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.86.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const group = async (name: string) => (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }))).GroupId!;
  const [web, clients, others] = [await group('web'), await group('clients'), await group('others')];
  await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: clients }] }] }));
  vpc = { vpcId, subnetId, web, clients, others };
  return vpc;
}

test('a user-data web server inside its namespace listens on the private IP: reachable from an instance the SG admits, not from one it does not; stop ends it', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await vpcOnce();
  const server = await launch(world.client, v.subnetId, [v.web], { UserData: Buffer.from(WEB).toString('base64') });
  const [allowed, denied] = await Promise.all([launch(world.client, v.subnetId, [v.clients]), launch(world.client, v.subnetId, [v.others])]);
  assert.match(await until('the server to listen', async () => (await consoleText(server.id)).match(/listening on .*/)?.[0]), new RegExp(`listening on ${server.ip.replaceAll('.', '\\.')}$`), 'KUMO_INSTANCE_ADDRESS is the private IP');
  assert.deepEqual(await probeHandshake(world.w, allowed.id, [{ host: server.ip, port: 80 }], 4000), ['open'], 'the clients group reaches port 80 on the private IP');
  assert.deepEqual(await probeHandshake(world.w, denied.id, [{ host: server.ip, port: 80 }], 1500), ['timeout'], 'the web SG drops a source outside the clients group');
  // From the host, through the instance's loopback address (the port mirrored, the forwarder relaying).
  const row = (await rowOf(server.id))!;
  const port = world.kumo.config.lowPortOffset + 80;
  assert.equal(await until('the host path', () => get(row.bindAddress, port)), `hello from ${server.id}`);
  await world.client.send(new ec2.StopInstancesCommand({ InstanceIds: [server.id] }));
  await until('stopped', async () => (await rowOf(server.id))?.state === 'stopped');
  assert.equal(await get(row.bindAddress, port), undefined, 'the host path closes with the process');
});

test('a host connection to a mirrored port passes a half-close on: the process reads to EOF and its answer still arrives', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await vpcOnce();
  const server = await launch(world.client, v.subnetId, [v.web], { UserData: Buffer.from(COUNT_TO_EOF).toString('base64') });
  await until('the server to listen', async () => ((await consoleText(server.id)).includes('counting on 7000') ? true : undefined));
  const row = (await rowOf(server.id))!;
  assert.equal(await until('the half-closed exchange', () => halfClosedExchange(row.bindAddress, 7000, 'x'.repeat(100_000))), 'got 100000 bytes');
});

test('user data inside its namespace calls kumo\'s API through AWS_ENDPOINT_URL with its role\'s credentials from IMDS (SDK default chain, and aws-cli where installed), and resolves names through the VPC\'s resolver', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await vpcOnce();
  const iamClient = new iam.IAMClient({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  await iamClient.send(new iam.CreateRoleCommand({ RoleName: 'inside-role', AssumeRolePolicyDocument: trust }));
  await iamClient.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'inside-profile' }));
  await iamClient.send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'inside-profile', RoleName: 'inside-role' }));
  iamClient.destroy();
  const sts = resolve('node_modules/@aws-sdk/client-sts');
  const script = `#!/usr/bin/env node
console.log('endpoint ' + process.env.AWS_ENDPOINT_URL);
require('dns').lookup('ip-' + process.env.KUMO_INSTANCE_ADDRESS.replaceAll('.', '-'), { family: 4 }, (e, a) => console.log('NAME ' + (e ? e.code : a)));
const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(sts)});
new STSClient({}).send(new GetCallerIdentityCommand({}))
  .then((r) => console.log('ARN ' + r.Arn), (e) => console.log('ERROR ' + e.name + ' ' + e.message))
  .then(() => require('child_process').execFile('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], (e, out) => console.log('CLI ' + (e ? 'missing' : out.trim()))));
`;
  const i = await launch(world.client, v.subnetId, [v.others], { IamInstanceProfile: { Name: 'inside-profile' }, UserData: Buffer.from(script).toString('base64') });
  const text = await until('the SDK and the CLI inside to answer', async () => {
    const t = await consoleText(i.id);
    return /CLI /.test(t) && /NAME /.test(t) ? t : undefined;
  }, 1500);
  assert.match(text, /^endpoint http:\/\/169\.254\.169\.254:4566$/m);
  // Its /etc/resolv.conf is the VPC's (search ec2.internal, nameserver base + 2): the short ip- name resolves.
  assert.match(text, new RegExp(`^NAME ${i.ip.replaceAll('.', '\\.')}$`, 'm'));
  assert.match(text, new RegExp(`^ARN arn:aws:sts::000000000000:assumed-role/inside-role/${i.id}$`, 'm'));
  const cli = /^CLI (.*)$/m.exec(text)![1]!;
  if (cli !== 'missing') assert.equal(cli, `arn:aws:sts::000000000000:assumed-role/inside-role/${i.id}`);
});

test('an ALB target group with a user-data web server inside its namespace health-checks it healthy and proxies to it', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await vpcOnce();
  const c = world.client;
  const subnet2 = (await c.send(new ec2.CreateSubnetCommand({ VpcId: v.vpcId, CidrBlock: '10.86.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
  const igw = (await c.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await c.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: v.vpcId }));
  const server = await launch(c, v.subnetId, [v.web], { UserData: Buffer.from(WEB).toString('base64') });
  const lbs = new elb.ElasticLoadBalancingV2Client({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const lb = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('inside').slice(0, 32), Subnets: [v.subnetId, subnet2] }))).LoadBalancers![0]!;
    const tg = (await lbs.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('inside').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: v.vpcId, TargetType: 'instance' }))).TargetGroups![0]!;
    await lbs.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
    await until('the instance to run', async () => (await rowOf(server.id))?.state === 'running');
    await lbs.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: server.id }] }));
    const state = await until('a healthy target', async () => {
      const h = (await lbs.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions![0]!.TargetHealth?.State;
      if (h === 'healthy') return h;
      await world.kumo.advance(30);
      return undefined;
    }, 100);
    assert.equal(state, 'healthy');
    const view = (await (await fetch(`${world.kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ zone: string; listeners: Array<{ bound: string }> }> }> };
    const node = view.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!.nodes.find((n) => n.zone === 'us-east-1a')!;
    const [host, port] = node.listeners[0]!.bound.split(':');
    assert.equal(await until('the ALB to answer', () => get(host!, Number(port))), `hello from ${server.id}`);
    await lbs.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
  } finally {
    lbs.destroy();
  }
});

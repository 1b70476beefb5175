// Host exposure of public IPs: a real TCP client on the host connects to an instance's mapped loopback address
// (127.b.c.d for public a.b.c.d) and meets the IGW's NAT, the NACLs and the groups inside the VPC world as internet
// traffic does. Skips, saying why, where the VPC data plane is on loopback.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo } from '../../support/kumo.js';
import { launch, serve, useVpcWorld, worldOf } from '../../support/vpc-world.js';
import { spawn } from 'node:child_process';
import { hostAddressOf } from '../../../src/services/ec2/vpc/expose.js';

// Persistent, so the last test can restart kumo on the same store.
const dataDir = mkdtempSync(join(tmpdir(), 'kumo-ec2-expose-'));
// Ports below 1024 listen on the host at port + the low-port offset (the runtime's rule), so 80 is 10080 here.
const OFFSET = 10_000;
const config = { exposePublicIps: true, inMemory: false, dataDir, lowPortOffset: OFFSET };
const world = useVpcWorld(config);
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** From the host: "open <reply>" once the instance's server answered, the socket error code, or "timeout" (a drop). */
function hostProbe(host: string, port: number, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port: port < 1024 ? port + OFFSET : port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve('timeout');
    }, timeoutMs);
    s.on('data', (b) => {
      clearTimeout(timer);
      s.destroy();
      resolve(`open ${b.toString()}`);
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code ?? 'error');
    });
    // Closed without a byte: the relay's inside connection ended (counted as a reset).
    s.on('end', () => {
      clearTimeout(timer);
      resolve('ECONNRESET');
    });
  });
}

interface Exposed {
  instanceId: string;
  publicIp: string;
  hostAddress: string;
  ports: number[];
}
async function exposed(): Promise<Exposed[]> {
  return ((await (await fetch(`${world.kumo.url}/_kumo/ec2/instances`)).json()) as { exposed: Exposed[] }).exposed;
}

/** A VPC with an internet gateway, a public subnet (default route to it) and a private one, and a web group. */
async function publicVpc(octet: number): Promise<{ vpcId: string; pub: string; priv: string; web: string; aclId: string }> {
  const c = world.client;
  const vpcId = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: `10.${octet}.0.0/16` }))).Vpc!.VpcId!;
  const igw = (await c.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await c.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const [pub, priv] = await Promise.all([1, 2].map(async (n) => (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${octet}.${n}.0/24` }))).Subnet!.SubnetId!));
  const rtb = (await c.send(new ec2.CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await c.send(new ec2.CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await c.send(new ec2.AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: pub! }));
  const web = (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web' }))).GroupId!;
  await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  const aclId = (await c.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }))).NetworkAcls![0]!.NetworkAclId!;
  return { vpcId, pub: pub!, priv: priv!, web, aclId };
}

const withPublicIp = (subnetId: string, groupId: string): Partial<ec2.RunInstancesCommandInput> => ({ SubnetId: undefined, SecurityGroupIds: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }] });

test('a public IP is served on its host loopback address on the ports its groups admit from 0.0.0.0/0, as internet traffic, until the rule is revoked', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await publicVpc(61);
  const vm = await launch(world.client, v.pub, [v.web], withPublicIp(v.pub, v.web));
  const described = (await world.client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [vm.id] }))).Reservations![0]!.Instances![0]!;
  assert.ok(described.PublicIpAddress && !described.PublicIpAddress.startsWith('127.'), 'DescribeInstances answers the real public IP');
  const host = hostAddressOf(described.PublicIpAddress)!;
  assert.match(host, /^127\./);
  assert.deepEqual((await exposed()).find((e) => e.instanceId === vm.id), { instanceId: vm.id, publicIp: described.PublicIpAddress, hostAddress: host, ports: [80], hostPorts: [80 + OFFSET] });
  const health = (await (await fetch(`${world.kumo.url}/_kumo/health`)).json()) as { components: Record<string, { endpoints?: string[] }> };
  assert.ok(health.components['ec2-vpc-world']?.endpoints?.includes(`tcp ${host}:${80 + OFFSET} -> ${described.PublicIpAddress}:80 (${vm.id})`));

  await serve(world.w, vm.id, [80, 81]);
  // The server sees the internet's address, not the host's: the connection came in through the IGW's 1:1 NAT.
  assert.equal(await hostProbe(host, 80), 'open hi 198.51.100.100');
  assert.equal(await hostProbe(host, 81), 'ECONNREFUSED', 'a port no rule admits from the internet has no listener');

  await world.client.send(new ec2.RevokeSecurityGroupIngressCommand({ GroupId: v.web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  assert.equal(await hostProbe(host, 80), 'ECONNREFUSED', 'the listener closed before RevokeSecurityGroupIngress answered');
  await world.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: v.web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 81, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  assert.deepEqual(await Promise.all([hostProbe(host, 80), hostProbe(host, 81)]), ['open hi 198.51.100.100', 'open hi 198.51.100.100']);
});

test('a private-subnet instance without a public IP has no host address', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await publicVpc(62);
  const vm = await launch(world.client, v.priv, [v.web]);
  assert.equal(vm.publicIp, undefined);
  assert.equal((await exposed()).find((e) => e.instanceId === vm.id), undefined);
});

test('a NACL deny on the port blocks the host as it blocks the internet; deleting the entry lets it through', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await publicVpc(63);
  const vm = await launch(world.client, v.pub, [v.web], withPublicIp(v.pub, v.web));
  const host = hostAddressOf(vm.publicIp!)!;
  await serve(world.w, vm.id, [80]);
  await world.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: v.aclId, RuleNumber: 50, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 80, To: 80 } }));
  // The host's handshake ends at the relay; the drop inside shows as a connection that never answers.
  assert.equal(await hostProbe(host, 80), 'timeout');
  await world.client.send(new ec2.DeleteNetworkAclEntryCommand({ NetworkAclId: v.aclId, RuleNumber: 50, Egress: false }));
  assert.equal(await hostProbe(host, 80), 'open hi 198.51.100.100');
});

test('associating an EIP moves the exposure to its address; disassociating and stopping close it before the call answers', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await publicVpc(64);
  const vm = await launch(world.client, v.pub, [v.web], withPublicIp(v.pub, v.web));
  const before = hostAddressOf(vm.publicIp!)!;
  await serve(world.w, vm.id, [80]);
  assert.equal(await hostProbe(before, 80), 'open hi 198.51.100.100');

  const eip = await world.client.send(new ec2.AllocateAddressCommand({ Domain: 'vpc' }));
  const eipHost = hostAddressOf(eip.PublicIp!)!;
  assert.equal(await hostProbe(eipHost, 80), 'ECONNREFUSED', 'an unassociated EIP is not exposed');
  const assoc = await world.client.send(new ec2.AssociateAddressCommand({ AllocationId: eip.AllocationId!, InstanceId: vm.id }));
  assert.deepEqual(await Promise.all([hostProbe(eipHost, 80), hostProbe(before, 80)]), ['open hi 198.51.100.100', 'ECONNREFUSED']);
  assert.equal((await exposed()).find((e) => e.instanceId === vm.id)?.publicIp, eip.PublicIp);

  await world.client.send(new ec2.DisassociateAddressCommand({ AssociationId: assoc.AssociationId! }));
  assert.equal(await hostProbe(eipHost, 80), 'ECONNREFUSED');
  await world.client.send(new ec2.AssociateAddressCommand({ AllocationId: eip.AllocationId!, InstanceId: vm.id }));
  assert.equal(await hostProbe(eipHost, 80), 'open hi 198.51.100.100');
  await world.client.send(new ec2.StopInstancesCommand({ InstanceIds: [vm.id] }));
  assert.equal(await hostProbe(eipHost, 80), 'ECONNREFUSED', 'a stopped instance has no network, so nothing listens');
  assert.equal((await exposed()).find((e) => e.instanceId === vm.id), undefined);
});

test('a host client that half-closes still reads the answer the instance sends after its end', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await publicVpc(66);
  const vm = await launch(world.client, v.pub, [v.web], withPublicIp(v.pub, v.web));
  const prefix = world.w.execCommand(vm.id)!;
  // Counts what it got and answers only once the client's side ended (a sink).
  const sink = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', "require('net').createServer({allowHalfOpen:true},s=>{let n=0;s.on('data',d=>n+=d.length);s.on('end',()=>s.end('got '+n))}).listen(80,()=>console.log('ready'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => sink.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  const answer = await new Promise<string>((resolve, reject) => {
    const s = connect({ host: hostAddressOf(vm.publicIp!)!, port: 80 + OFFSET, allowHalfOpen: true });
    let got = '';
    s.on('data', (b) => (got += b.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.end(Buffer.alloc(100_000, 1));
  });
  sink.kill('SIGKILL');
  assert.equal(answer, 'got 100000');
});

test('kumo shutdown closes the host listeners and a restart makes them again from the store', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const v = await publicVpc(65);
  const vm = await launch(world.client, v.pub, [v.web], withPublicIp(v.pub, v.web));
  const host = hostAddressOf(vm.publicIp!)!;
  await serve(world.w, vm.id, [80]);
  assert.equal(await hostProbe(host, 80), 'open hi 198.51.100.100');
  world.client.destroy();
  await world.kumo.stop();
  assert.equal(await hostProbe(host, 80), 'ECONNREFUSED', 'nothing is left listening once kumo stopped');

  // The file's after hook stops whichever kumo the shared object holds.
  world.kumo = await startTestKumo({ runInstances: true, imdsPort: 0, ...config });
  world.client = new ec2.EC2Client({ ...world.kumo.clientConfig(), maxAttempts: 1 });
  world.w = await worldOf(world.kumo);
  assert.deepEqual((await exposed()).find((e) => e.instanceId === vm.id), { instanceId: vm.id, publicIp: vm.publicIp, hostAddress: host, ports: [80], hostPorts: [80 + OFFSET] });
  // The server process went with the old world; a new one answers through the rebuilt listener.
  await serve(world.w, vm.id, [80]);
  assert.equal(await hostProbe(host, 80), 'open hi 198.51.100.100');
});

// Verdict vs kernel: random VPC designs (seeded: security groups with CIDR and group references, restricted egress,
// NACLs with and without the ephemeral range, per-subnet route tables, a peering, an internet gateway) built through
// the SDK; every (source, destination, port) pair is asked of the reachability verdict and tried as a real TCP
// handshake inside the namespaces, and the two must agree on every pair. Skips where namespaces are unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { launch, probeHandshake, serve, useVpcWorld } from '../../support/vpc-world.js';
import { seededRandom } from '../../support/seeded-random.js';

const world = useVpcWorld();


const PORTS = [22, 80, 443];
const INTERNET = '198.51.100.100';

interface Vm {
  id: string;
  ip: string;
  publicIp: string | undefined;
  eni: string;
  vpcId: string;
}

async function mainTable(vpcId: string): Promise<string> {
  return (await world.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0]!.RouteTableId!;
}

/**
 * Security groups with random rules (some referencing another group of the pool) and NACLs with random entries. The
 * ephemeral range is either all of 1024–65535 or absent, and denies name single low ports: the verdict checks replies
 * against that whole range, the kernel uses one port of it (32768–60999), so partial ranges are out of scope here.
 */
async function randomise(rand: () => number, vpcId: string, cidrs: string[], subnets: string[], vms: Vm[], round: number): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Every random choice is drawn first, in a fixed order, so the calls can then run side by side.
  const groups = await Promise.all([0, 1, 2].map(async (g) => (await world.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `r${round}g${g}`, Description: 'random' }))).GroupId!));
  const calls: (() => Promise<unknown>)[] = [];
  for (const gid of groups) {
    const perms: ec2.IpPermission[] = [];
    for (const port of PORTS) {
      if (rand() < 0.35) continue;
      if (rand() < 0.25) perms.push({ IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: pick(groups) }] });
      else perms.push({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: pick(cidrs) }] });
    }
    const restrictEgress = rand() < 0.3 ? pick([80, 443]) : undefined;
    calls.push(async () => {
      if (perms.length > 0) await world.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: gid, IpPermissions: perms }));
      if (restrictEgress === undefined) return;
      await world.client.send(new ec2.RevokeSecurityGroupEgressCommand({ GroupId: gid, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
      await world.client.send(new ec2.AuthorizeSecurityGroupEgressCommand({ GroupId: gid, IpPermissions: [{ IpProtocol: 'tcp', FromPort: restrictEgress, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    });
  }
  for (const vm of vms.filter((v) => v.vpcId === vpcId)) {
    const chosen = groups.filter(() => rand() < 0.5);
    const final = chosen.length > 0 ? chosen : [pick(groups)];
    calls.push(() => world.client.send(new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: vm.eni, Groups: final })));
  }
  for (const subnet of subnets) {
    const entries: { n: number; egress: boolean; action: 'allow' | 'deny'; range?: [number, number] }[] = [];
    for (const egress of [false, true]) {
      const shape = rand();
      if (shape < 0.45) entries.push({ n: 100, egress, action: 'allow' });
      else if (shape < 0.65) {
        const port = pick(PORTS);
        entries.push({ n: 50, egress, action: 'deny', range: [port, port] }, { n: 100, egress, action: 'allow' });
      } else if (shape < 0.85) {
        entries.push({ n: 100, egress, action: 'allow', range: [0, 1023] }); // no ephemeral range: replies into this subnet drop
        if (rand() < 0.5) entries.push({ n: 110, egress, action: 'allow', range: [1024, 65535] });
      } else entries.push({ n: 100, egress, action: 'allow', range: [pick(PORTS), 1023] });
    }
    calls.push(async () => {
      const acl = (await world.client.send(new ec2.CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
      await Promise.all(entries.map((e) => world.client.send(new ec2.CreateNetworkAclEntryCommand({
        NetworkAclId: acl, RuleNumber: e.n, Egress: e.egress, RuleAction: e.action, CidrBlock: '0.0.0.0/0', Protocol: e.range ? '6' : '-1', ...(e.range ? { PortRange: { From: e.range[0], To: e.range[1] } } : {}),
      }))));
      const assoc = (await world.client.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] }))).NetworkAcls![0]!.Associations!.find((a) => a.SubnetId === subnet)!;
      await world.client.send(new ec2.ReplaceNetworkAclAssociationCommand({ AssociationId: assoc.NetworkAclAssociationId!, NetworkAclId: acl }));
    });
  }
  await Promise.all(calls.map((c) => c()));
}

async function verdict(from: string, to: string, port: number): Promise<{ reachable: boolean; code: string }> {
  const v = (await (await fetch(`${world.kumo.url}/_kumo/ec2/reachability?from=${from}&to=${to}&port=${port}`)).json()) as { reachable: boolean; blocking?: { explanationCode: string } };
  return { reachable: v.reachable, code: v.blocking?.explanationCode ?? '' };
}

test('the reachability verdict and the kernel agree on every pair of random VPC designs (two seeded rounds)', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const vpcA = (await world.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
  const vpcB = (await world.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (vpcId: string, cidr: string) => (await world.client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet!.SubnetId!;
  const [a1, a2, a3, b1] = await Promise.all([subnet(vpcA, '10.60.1.0/24'), subnet(vpcA, '10.60.2.0/24'), subnet(vpcA, '10.60.3.0/24'), subnet(vpcB, '10.61.1.0/24')]);
  const pcx = (await world.client.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: vpcA, PeerVpcId: vpcB }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  await world.client.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
  const igw = (await world.client.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await world.client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcA }));
  // a1 is public (IGW and peering), a2 uses the main table (peering only), a3 a table with only the local route.
  const [mainA, mainB] = [await mainTable(vpcA), await mainTable(vpcB)];
  const publicRtb = (await world.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpcA }))).RouteTable!.RouteTableId!;
  const isolatedRtb = (await world.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpcA }))).RouteTable!.RouteTableId!;
  await world.client.send(new ec2.CreateRouteCommand({ RouteTableId: publicRtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  for (const rtb of [publicRtb, mainA]) await world.client.send(new ec2.CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.61.0.0/16', VpcPeeringConnectionId: pcx }));
  await world.client.send(new ec2.CreateRouteCommand({ RouteTableId: mainB, DestinationCidrBlock: '10.60.0.0/16', VpcPeeringConnectionId: pcx }));
  await world.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: publicRtb, SubnetId: a1 }));
  await world.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: isolatedRtb, SubnetId: a3 }));

  const placeholderA = (await world.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: 'start', Description: 'start' }))).GroupId!;
  const placeholderB = (await world.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcB, GroupName: 'start', Description: 'start' }))).GroupId!;
  const vms: Vm[] = [];
  const add = async (subnetId: string, vpcId: string, group: string, isPublic: boolean) => {
    const v = await launch(world.client, subnetId, [group], isPublic ? { SubnetId: undefined, SecurityGroupIds: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [group], AssociatePublicIpAddress: true }] } : {});
    const eni = (await world.client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [v.id] }))).Reservations![0]!.Instances![0]!.NetworkInterfaces![0]!.NetworkInterfaceId!;
    vms.push({ ...v, eni, vpcId });
  };
  await Promise.all([
    ...([[a1, true], [a1, true], [a2, false], [a2, false], [a3, false]] as const).map(([s, pub]) => add(s, vpcA, placeholderA, pub)),
    add(b1, vpcB, placeholderB, false), add(b1, vpcB, placeholderB, false),
  ]);
  await Promise.all([...vms.map((v) => serve(world.w, v.id, PORTS)), serve(world.w, 'internet', PORTS)]);

  const cidrs = ['0.0.0.0/0', '10.60.0.0/16', '10.61.0.0/16', '10.60.1.0/24', '198.51.100.0/24'];
  let pairs = 0;
  for (const seed of [23, 2323]) {
    const rand = seededRandom(seed);
    await randomise(rand, vpcA, cidrs, [a1, a2, a3], vms, seed);
    await randomise(rand, vpcB, cidrs, [b1], vms, seed);
    const disagreements: string[] = [];
    const sources: { from: string; ns: string; local?: string; dests: { host: string; port: number; to: string }[] }[] = vms.map((src) => ({
      from: src.id, ns: src.id,
      dests: [...vms.filter((d) => d !== src).flatMap((d) => PORTS.map((port) => ({ host: d.ip, port, to: d.id }))), ...PORTS.map((port) => ({ host: INTERNET, port, to: INTERNET }))],
    }));
    sources.push({ from: INTERNET, ns: 'internet', local: INTERNET, dests: vms.filter((d) => d.publicIp).flatMap((d) => PORTS.map((port) => ({ host: d.publicIp!, port, to: d.id }))) });
    await Promise.all(sources.map(async (s) => {
      const kernel = await probeHandshake(world.w, s.ns, s.dests.map(({ host, port }) => ({ host, port })), 2500, s.local);
      for (const [i, d] of s.dests.entries()) {
        const v = await verdict(s.from, d.to, d.port);
        pairs++;
        if (v.reachable !== (kernel[i] === 'open')) disagreements.push(`seed ${seed}: ${s.from} (${vms.find((v) => v.id === s.from)?.ip ?? s.local}) → ${d.to} (${d.host}):${d.port} verdict ${v.reachable ? 'reachable' : v.code} kernel ${kernel[i]}`);
      }
    }));
    assert.deepEqual(disagreements, [], `${disagreements.length} disagreements`);
  }
  t.diagnostic(`${pairs} pairs agreed`);
  assert.ok(pairs > 200);
});

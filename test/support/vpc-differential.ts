// The verdict-vs-kernel differential (issue 23): builds a fixed topology through the SDK (four VPCs, dual stack where
// IPv6 is on, peerings A–B and B–C, a deleted peering whose routes are blackholes, an internet gateway, egress-only
// gateways, a NAT gateway), then per seeded round draws new security groups, NACLs and route-table associations,
// asks the verdict for every (source, destination, port, family) and tries each as a real TCP handshake from a
// resident probe agent in the source's namespace, with a source port it chose and told the verdict. Instances are
// also asked of by their public IPs, from the internet and from each other (out and back in through the gateway).
import * as ec2 from '@aws-sdk/client-ec2';
import { parseCidr6 } from '../../src/services/ec2/cidr6.js';
import { ProbeAgent, type ProbeSpec } from './vpc-probe-agent.js';
import { seededRandom } from './seeded-random.js';
import { assignSecondaries, buildVgw, type ExtraKind, extraPairs } from './vpc-differential-vgw.js';

type ReachQ = { from: string; to: string; protocol: string; port: number; sourcePort?: number };
type ReachV = { reachable: boolean; blocking?: { explanationCode: string }; hops?: { detail: string }[] };

export interface DifferentialHost {
  client: ec2.EC2Client;
  /** The verdict (in process): reachable or the blocking explanation code. */
  reach(q: ReachQ): ReachV;
  /** Many questions against one network model (EC2's `reachMany`): one model per round instead of one per question. */
  reachMany?(qs: readonly ReachQ[]): (ReachV | { error: Error })[];
  /** The argv prefix entering an instance's (or 'internet') namespace. */
  execCommand(target: string): string[] | undefined;
  advance(seconds: number): Promise<void>;
}

export interface DifferentialResult {
  pairs: number;
  rounds: number;
  disagreements: string[];
  /** Pairs by family and by verdict, to show what the sample covered. */
  counts: Record<string, number>;
  ms: { build: number; randomise: number; probe: number; verdict: number };
}

export const PORTS = [22, 80, 443, 3306, 8080];
const INTERNET4 = '198.51.100.100';
const INTERNET6 = '2001:db8::100';
/** The first wait for a handshake; a timeout the verdict calls reachable is tried again with RETRY_MS before it counts. */
const FIRST_MS = 1500;
const RETRY_MS = 6000;

interface Vm {
  id: string;
  ip: string;
  ip6: string | undefined;
  publicIp: string | undefined;
  eni: string;
  vpc: string;
  subnet: string;
  /** A secondary private address (vpc-differential-vgw.ts). */
  secondary?: string | undefined;
}

const nth64 = (block: string, n: number): string => {
  const c = parseCidr6(block)!;
  return parseCidr6(`${(c.base | (BigInt(n) << 64n)).toString(16).padStart(32, '0').match(/.{4}/g)!.join(':')}/64`)!.text;
};

/** Source ports drawn without repeats over the whole run (a port in TIME_WAIT cannot be bound again), all above 1023. */
function portPool(rand: () => number): () => number {
  const pool = Array.from({ length: 65535 - 1024 + 1 }, (_, i) => 1024 + i).filter((p) => !PORTS.includes(p));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  let next = 0;
  return () => pool[next++ % pool.length]!;
}

interface Topology {
  vpcs: { id: string; cidr: string; block6: string | undefined; subnets: string[]; tables: string[] }[];
  vms: Vm[];
  /** The VGW attached to B, whose namespace holds an on-premises probe agent. */
  vgw: string;
}

async function build(h: DifferentialHost): Promise<Topology> {
  const c = h.client;
  const vpc = async (cidr: string, v6: boolean) => (await c.send(new ec2.CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: v6 }))).Vpc!;
  const [A, B, C, D] = await Promise.all([vpc('10.60.0.0/16', true), vpc('10.61.0.0/16', true), vpc('10.62.0.0/16', false), vpc('10.63.0.0/16', false)]);
  const block = (v: ec2.Vpc) => v.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock;
  const [A6, B6] = [block(A)!, block(B)!];
  const subnet = async (v: ec2.Vpc, n: number, v6: boolean) => (await c.send(new ec2.CreateSubnetCommand({ VpcId: v.VpcId!, CidrBlock: v.CidrBlock!.replace(/\.0\.0\/16$/, `.${n}.0/24`), ...(v6 ? { Ipv6CidrBlock: nth64(block(v)!, n) } : {}) }))).Subnet!.SubnetId!;
  const [a1, a2, a3, b1, b2, c1] = await Promise.all([subnet(A, 1, true), subnet(A, 2, true), subnet(A, 3, true), subnet(B, 1, true), subnet(B, 2, true), subnet(C, 1, false)]);
  const peer = async (x: ec2.Vpc, y: ec2.Vpc) => {
    const id = (await c.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: x.VpcId!, PeerVpcId: y.VpcId! }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await c.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    return id;
  };
  const [ab, bc, ad] = await Promise.all([peer(A, B), peer(B, C), peer(A, D)]);
  const igw = (await c.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await c.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: A.VpcId! }));
  const [eigwA, eigwB] = await Promise.all([A, B].map(async (v) => (await c.send(new ec2.CreateEgressOnlyInternetGatewayCommand({ VpcId: v.VpcId! }))).EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId!));
  const eip = await c.send(new ec2.AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = (await c.send(new ec2.CreateNatGatewayCommand({ SubnetId: a1, AllocationId: eip.AllocationId! }))).NatGateway!.NatGatewayId!;
  const main = async (v: ec2.Vpc) => (await c.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [v.VpcId!] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0]!.RouteTableId!;
  const table = async (v: ec2.Vpc) => (await c.send(new ec2.CreateRouteTableCommand({ VpcId: v.VpcId! }))).RouteTable!.RouteTableId!;
  const [mainA, mainB, mainC, pubA, darkA, altB] = await Promise.all([main(A), main(B), main(C), table(A), table(A), table(B)]);
  const vgw = await buildVgw(c, B.VpcId!, mainB, altB);
  await h.advance(600); // the NAT gateway turns available, the VGW attached
  type Target = Omit<ec2.CreateRouteRequest, 'RouteTableId' | 'DestinationCidrBlock' | 'DestinationIpv6CidrBlock'>;
  const routes: [string, string, Target][] = [
    // A's public table: the internet both ways, B over the peering, and C over the same peering (never transitive).
    [pubA, '0.0.0.0/0', { GatewayId: igw }], [pubA, '::/0', { GatewayId: igw }], [pubA, '10.61.0.0/16', { VpcPeeringConnectionId: ab }],
    [pubA, B6, { VpcPeeringConnectionId: ab }], [pubA, '10.62.0.0/16', { VpcPeeringConnectionId: ab }],
    // A's main table: out through the NAT gateway and the egress-only gateway; B over the peering.
    [mainA, '0.0.0.0/0', { NatGatewayId: nat }], [mainA, '::/0', { EgressOnlyInternetGatewayId: eigwA }], [mainA, '10.61.0.0/16', { VpcPeeringConnectionId: ab }], [mainA, B6, { VpcPeeringConnectionId: ab }],
    // A's dark table: everything to a peering that is deleted below (blackholes), B's first subnet over the live one.
    [darkA, '0.0.0.0/0', { VpcPeeringConnectionId: ad }], [darkA, '10.61.1.0/24', { VpcPeeringConnectionId: ab }],
    [mainB, '10.60.0.0/16', { VpcPeeringConnectionId: ab }], [mainB, A6, { VpcPeeringConnectionId: ab }], [mainB, '10.62.0.0/16', { VpcPeeringConnectionId: bc }], [mainB, '::/0', { EgressOnlyInternetGatewayId: eigwB }],
    // B's alternative: only A's public subnet, and C.
    [altB, '10.60.1.0/24', { VpcPeeringConnectionId: ab }], [altB, A6, { VpcPeeringConnectionId: ab }], [altB, '10.62.0.0/16', { VpcPeeringConnectionId: bc }],
    [mainC, '10.61.0.0/16', { VpcPeeringConnectionId: bc }], [mainC, '10.60.0.0/16', { VpcPeeringConnectionId: bc }],
  ];
  await Promise.all(routes.map(([rt, dest, target]) => c.send(new ec2.CreateRouteCommand({ RouteTableId: rt, ...(dest.includes(':') ? { DestinationIpv6CidrBlock: dest } : { DestinationCidrBlock: dest }), ...target }))));
  await c.send(new ec2.DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ad }));

  const start = async (v: ec2.Vpc) => (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: v.VpcId!, GroupName: 'start', Description: 'start' }))).GroupId!;
  const groups = new Map([[A.VpcId!, await start(A)], [B.VpcId!, await start(B)], [C.VpcId!, await start(C)]]);
  const vms: Vm[] = [];
  const launch = async (s: string, v: ec2.Vpc, opts: { pub?: boolean; v6?: boolean }) => {
    const nic: ec2.InstanceNetworkInterfaceSpecification = { DeviceIndex: 0, SubnetId: s, Groups: [groups.get(v.VpcId!)!], ...(opts.pub ? { AssociatePublicIpAddress: true } : {}), ...(opts.v6 ? { Ipv6AddressCount: 1 } : {}) };
    const i = (await c.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, NetworkInterfaces: [nic] }))).Instances![0]!;
    const n = i.NetworkInterfaces?.[0];
    vms.push({ id: i.InstanceId!, ip: i.PrivateIpAddress!, ip6: n?.Ipv6Addresses?.[0]?.Ipv6Address, publicIp: i.PublicIpAddress, eni: n!.NetworkInterfaceId!, vpc: v.VpcId!, subnet: s });
  };
  await Promise.all([
    launch(a1, A, { pub: true, v6: true }), launch(a1, A, { pub: true, v6: true }), launch(a1, A, { v6: true }), launch(a2, A, { v6: true }), launch(a2, A, {}),
    launch(a3, A, { v6: true }), launch(a3, A, { pub: true }), launch(b1, B, { v6: true }), launch(b1, B, { v6: true }), launch(b2, B, { v6: true }), launch(b2, B, {}),
    launch(c1, C, {}), launch(c1, C, {}),
  ]);
  vms.sort((x, y) => x.ip.localeCompare(y.ip));
  const withSecondary = [vms.find((v) => v.vpc === A.VpcId)!, vms.find((v) => v.vpc === B.VpcId)!];
  (await assignSecondaries(c, withSecondary.map((v) => v.eni))).forEach((ip, i) => (withSecondary[i]!.secondary = ip));
  return {
    vpcs: [
      { id: A.VpcId!, cidr: '10.60.0.0/16', block6: A6, subnets: [a1, a2, a3], tables: [mainA, pubA, darkA] },
      { id: B.VpcId!, cidr: '10.61.0.0/16', block6: B6, subnets: [b1, b2], tables: [mainB, altB] },
      { id: C.VpcId!, cidr: '10.62.0.0/16', block6: undefined, subnets: [c1], tables: [mainC] },
    ],
    vms,
    vgw,
  };
}

type PortSpec = { IpProtocol: string; FromPort?: number; ToPort?: number };
const PORT_SPECS: PortSpec[] = [
  { IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443 },
  { IpProtocol: 'tcp', FromPort: 80, ToPort: 443 }, { IpProtocol: 'tcp', FromPort: 3306, ToPort: 8080 }, { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 }, { IpProtocol: '-1' },
];

/**
 * One round's design: new security groups (CIDR, IPv6 and group-reference rules, some across peerings; restricted
 * egress of both families), a new NACL per subnet (IPv4 and IPv6 entries, denies before allows, partial ephemeral
 * ranges) and a route table per subnet drawn from its VPC's tables. Every choice is drawn first, in a fixed order.
 */
async function randomise(h: DifferentialHost, rand: () => number, topo: Topology, round: number): Promise<void> {
  const c = h.client;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const [A, B, C] = topo.vpcs as [Topology['vpcs'][0], Topology['vpcs'][0], Topology['vpcs'][0]];
  // Broad blocks appear more than once, so that about a third of the pairs are reachable.
  const pool4 = ['0.0.0.0/0', '0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/8', A.cidr, B.cidr, C.cidr, '10.60.1.0/24', '10.61.1.0/24', '10.60.2.0/23', '198.51.100.0/24', '192.0.2.0/24', '3.80.0.0/12'];
  const pool6 = ['::/0', '::/0', A.block6!, B.block6!, nth64(A.block6!, 1), nth64(B.block6!, 2), '2001:db8::/32', '2001:db8::100/128'];
  const groups = new Map<string, string[]>();
  await Promise.all(topo.vpcs.map(async (v) => groups.set(v.id, await Promise.all([0, 1, 2].map(async (g) => (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: v.id, GroupName: `r${round}g${g}`, Description: 'random' }))).GroupId!)))));
  // Group references reach the VPC's own groups and those of a peered VPC (VPC Peering Guide, "Reference peer security groups").
  const peers = new Map([[A.id, [A.id, B.id]], [B.id, [A.id, B.id, C.id]], [C.id, [B.id, C.id]]]);
  const peerOf = (vpc: string, peerGroups: string[]): ec2.IpPermission => {
    const r = rand();
    if (r < 0.35) return { IpRanges: [{ CidrIp: pick(pool4) }] };
    if (r < 0.7) return { Ipv6Ranges: [{ CidrIpv6: pick(pool6) }] };
    return { UserIdGroupPairs: [{ GroupId: pick(peerGroups) }] };
  };
  const calls: (() => Promise<unknown>)[] = [];
  for (const v of topo.vpcs) {
    const refs = peers.get(v.id)!.flatMap((p) => groups.get(p)!);
    for (const gid of groups.get(v.id)!) {
      const ingress: ec2.IpPermission[] = [];
      const n = 2 + Math.floor(rand() * 4);
      for (let i = 0; i < n; i++) ingress.push({ ...pick(PORT_SPECS), ...peerOf(v.id, refs) });
      const e4 = rand();
      const egress4: ec2.IpPermission[] = e4 < 0.2 ? [{ ...pick(PORT_SPECS), ...(rand() < 0.7 ? { IpRanges: [{ CidrIp: pick(pool4) }] } : { UserIdGroupPairs: [{ GroupId: pick(refs) }] }) }] : [];
      const e6 = rand();
      const egress6: ec2.IpPermission[] = e6 < 0.7 ? [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] : e6 < 0.8 ? [{ ...pick(PORT_SPECS), Ipv6Ranges: [{ CidrIpv6: pick(pool6) }] }] : [];
      calls.push(async () => {
        await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: gid, IpPermissions: unique(ingress) }));
        if (egress4.length > 0) await c.send(new ec2.RevokeSecurityGroupEgressCommand({ GroupId: gid, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
        if (egress4.length + egress6.length > 0) await c.send(new ec2.AuthorizeSecurityGroupEgressCommand({ GroupId: gid, IpPermissions: unique([...egress4, ...egress6]) }));
      });
    }
  }
  for (const vm of topo.vms) {
    const own = groups.get(vm.vpc)!;
    const chosen = own.filter(() => rand() < 0.45);
    const final = chosen.length > 0 ? chosen : [pick(own)];
    calls.push(() => c.send(new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: vm.eni, Groups: final })));
  }
  for (const v of topo.vpcs) {
    for (const subnet of v.subnets) {
      // The last table of A (dark: blackholes) is drawn less often than the others.
      const table = v.tables.length > 2 && rand() < 0.8 ? pick(v.tables.slice(0, -1)) : pick(v.tables);
      const entries: ec2.CreateNetworkAclEntryRequest[] = [];
      for (const egress of [false, true]) {
        for (const six of v.block6 ? [false, true] : [false]) {
          const any = six ? { Ipv6CidrBlock: '::/0' } : { CidrBlock: '0.0.0.0/0' };
          const some = () => (six ? { Ipv6CidrBlock: pick(pool6) } : { CidrBlock: pick(pool4) });
          const base = six ? 200 : 100;
          const e = (n: number, action: 'allow' | 'deny', peer: object, range?: [number, number]) => entries.push({ NetworkAclId: '', RuleNumber: base + n, Egress: egress, RuleAction: action, Protocol: range ? '6' : '-1', ...peer, ...(range ? { PortRange: { From: range[0], To: range[1] } } : {}) });
          const shape = rand();
          if (shape < 0.6) e(10, 'allow', any);
          else if (shape < 0.7) {
            const p = pick(PORTS);
            e(1, 'deny', some(), [p, rand() < 0.5 ? p : 8080]);
            e(10, 'allow', any);
          } else if (shape < 0.95) {
            // The well-known ports, then an ephemeral range: all of it, part of it, or none (replies into here drop).
            e(5, 'allow', any, [0, 1023]);
            e(6, 'allow', any, [3306, 8080]);
            const eph = rand();
            const cut = 1024 + Math.floor(rand() * 64511);
            if (eph < 0.35) e(10, 'allow', any, [1024, 65535]);
            else if (eph < 0.55) e(10, 'allow', any, [1024, cut]);
            else if (eph < 0.75) e(10, 'allow', any, [cut, 65535]);
            else if (eph < 0.9) {
              e(8, 'deny', some(), [cut, Math.min(65535, cut + 20000)]);
              e(10, 'allow', any, [1024, 65535]);
            }
          } else if (shape < 0.98) e(10, 'allow', some());
          // else: nothing, the default deny
        }
      }
      calls.push(async () => {
        const acl = (await c.send(new ec2.CreateNetworkAclCommand({ VpcId: v.id }))).NetworkAcl!.NetworkAclId!;
        await Promise.all(entries.map((e) => c.send(new ec2.CreateNetworkAclEntryCommand({ ...e, NetworkAclId: acl }))));
        const [aclAssoc, rtbAssoc] = await Promise.all([
          c.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] })),
          c.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] })),
        ]);
        const a = aclAssoc.NetworkAcls![0]!.Associations!.find((x) => x.SubnetId === subnet)!;
        await c.send(new ec2.ReplaceNetworkAclAssociationCommand({ AssociationId: a.NetworkAclAssociationId!, NetworkAclId: acl }));
        const r = rtbAssoc.RouteTables?.[0]?.Associations?.find((x) => x.SubnetId === subnet);
        if (r) await c.send(new ec2.ReplaceRouteTableAssociationCommand({ AssociationId: r.RouteTableAssociationId!, RouteTableId: table }));
        else if (table !== v.tables[0]) await c.send(new ec2.AssociateRouteTableCommand({ SubnetId: subnet, RouteTableId: table }));
      });
    }
  }
  await Promise.all(calls.map((f) => f()));
}

/** Permissions without repeats: one call naming the same rule twice is refused as a duplicate. */
function unique(perms: readonly ec2.IpPermission[]): ec2.IpPermission[] {
  const seen = new Set<string>();
  return perms.filter((p) => {
    const k = JSON.stringify(p);
    return !seen.has(k) && Boolean(seen.add(k));
  });
}

interface Pair {
  agent: string;
  spec: ProbeSpec;
  q: { from: string; to: string; protocol: string; port: number; sourcePort: number };
  family: 4 | 6;
  /** private (instance to instance), public (to another's public IP), out (to the internet), in (from it). */
  kind: 'private' | 'public' | 'out' | 'in' | ExtraKind;
  what: string;
}

/** Every (source, destination, port, family) of the topology, each with a source port of its own. */
function pairsOf(topo: Topology, nextPort: () => number): Pair[] {
  const out: Pair[] = [];
  const add = (agent: string, from: string, to: string, host: string, port: number, family: 4 | 6, localAddress?: string, extra?: ExtraKind) => {
    const sourcePort = nextPort();
    const kind = extra ?? (agent === 'internet' ? 'in' : to === INTERNET4 || to === INTERNET6 ? 'out' : topo.vms.some((v) => v.publicIp === to) ? 'public' : 'private');
    out.push({ agent, family, kind, spec: { host, port, localPort: sourcePort, ...(localAddress ? { localAddress } : {}) }, q: { from, to, protocol: 'tcp', port, sourcePort }, what: `${from} → ${to === host ? host : `${to} (${host})`}:${port} from port ${sourcePort}` });
  };
  for (const src of topo.vms) {
    for (const port of PORTS) {
      for (const dst of topo.vms) {
        if (dst === src) continue;
        add(src.id, src.id, dst.id, dst.ip, port, 4);
        // By its public IP: out through a gateway and back in through the internet gateway.
        if (dst.publicIp) add(src.id, src.id, dst.publicIp, dst.publicIp, port, 4);
        // From an instance without IPv6 every IPv6 pair fails the same way: one port of them is enough.
        if (dst.ip6 && (src.ip6 || port === 80)) add(src.id, src.id, dst.ip6, dst.ip6, port, 6);
      }
      add(src.id, src.id, INTERNET4, INTERNET4, port, 4);
      if (src.ip6 || port === 80) add(src.id, src.id, INTERNET6, INTERNET6, port, 6);
    }
  }
  for (const dst of topo.vms) {
    for (const port of PORTS) {
      if (dst.publicIp) add('internet', INTERNET4, dst.id, dst.publicIp, port, 4, INTERNET4);
      if (dst.ip6) add('internet', INTERNET6, dst.ip6, dst.ip6, port, 6, INTERNET6);
    }
  }
  extraPairs(topo.vms, topo.vgw, topo.vpcs[1]!.id, topo.vpcs[2]!.id, add);
  return out;
}

/** Runs rounds until at least `minPairs` pairs were compared; `log` gets one line per round. */
export async function runDifferential(h: DifferentialHost, opts: { seed: number; minPairs: number; log?: (line: string) => void }): Promise<DifferentialResult> {
  const ms = { build: 0, randomise: 0, probe: 0, verdict: 0 };
  let t = performance.now();
  const topo = await build(h);
  const agents = new Map<string, ProbeAgent>();
  try {
    await Promise.all(['internet', topo.vgw, ...topo.vms.map((v) => v.id)].map(async (target) => {
      const prefix = h.execCommand(target);
      if (!prefix) throw new Error(`no namespace for ${target}`);
      agents.set(target, await ProbeAgent.start(prefix, PORTS));
    }));
    ms.build = performance.now() - t;
    const rand = seededRandom(opts.seed);
    const nextPort = portPool(seededRandom(opts.seed ^ 0x5eed));
    const result: DifferentialResult = { pairs: 0, rounds: 0, disagreements: [], counts: {}, ms };
    while (result.pairs < opts.minPairs) {
      const round = ++result.rounds;
      t = performance.now();
      await randomise(h, rand, topo, round);
      ms.randomise += performance.now() - t;
      const pairs = pairsOf(topo, nextPort);
      t = performance.now();
      const verdicts = verdictsOf(h, pairs.map((p) => p.q));
      ms.verdict += performance.now() - t;
      t = performance.now();
      const kernel = await probeAll(agents, pairs, FIRST_MS);
      // A timeout the verdict calls reachable may be a slow machine: try those again, longer, before counting them.
      const again = pairs.map((_, i) => i).filter((i) => verdicts[i]!.reachable && kernel[i] === 'timeout');
      if (again.length > 0) {
        const retried = await probeAll(agents, again.map((i) => pairs[i]!), RETRY_MS);
        again.forEach((i, k) => (kernel[i] = retried[k]!));
      }
      ms.probe += performance.now() - t;
      let reachable = 0;
      for (const [i, p] of pairs.entries()) {
        const v = verdicts[i]!;
        const open = kernel[i] === 'open';
        const key = `ipv${p.family} ${p.kind} ${v.reachable ? 'reachable' : v.blocking?.explanationCode ?? 'blocked'}`;
        result.counts[key] = (result.counts[key] ?? 0) + 1;
        if (v.reachable) reachable++;
        if (v.reachable !== open) result.disagreements.push(`seed ${opts.seed} round ${round}: ${p.what}: verdict ${v.reachable ? 'reachable' : v.blocking?.explanationCode} kernel ${kernel[i]} [${(v.hops ?? []).map((x) => x.detail).join(' | ')}]`);
      }
      result.pairs += pairs.length;
      opts.log?.(`round ${round}: ${pairs.length} pairs (${reachable} reachable, ${again.length} retried), ${result.disagreements.length} disagreements so far`);
    }
    return result;
  } finally {
    for (const a of agents.values()) a.stop();
  }
}

/** The round's verdicts, in one batch when the host can (the store does not change while they are asked). */
function verdictsOf(h: DifferentialHost, qs: readonly ReachQ[]): ReachV[] {
  if (!h.reachMany) return qs.map((q) => h.reach(q));
  return h.reachMany(qs).map((v) => {
    if ('error' in v) throw v.error;
    return v;
  });
}

async function probeAll(agents: ReadonlyMap<string, ProbeAgent>, pairs: readonly Pair[], timeoutMs: number): Promise<string[]> {
  const out: string[] = new Array(pairs.length);
  const bySource = new Map<string, number[]>();
  pairs.forEach((p, i) => bySource.set(p.agent, [...(bySource.get(p.agent) ?? []), i]));
  await Promise.all([...bySource].map(async ([agent, idx]) => {
    const res = await agents.get(agent)!.probe(idx.map((i) => pairs[i]!.spec), timeoutMs);
    idx.forEach((i, k) => (out[i] = res[k]!));
  }));
  return out;
}

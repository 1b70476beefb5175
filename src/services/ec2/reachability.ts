// The reachability verdict: can source reach destination on protocol/port? Walks source SG egress → source NACL
// outbound → route table (longest prefix) → [NAT subnet] → destination NACL inbound → destination SG ingress, then the
// return path through the stateless NACLs on ephemeral ports. Pure: the caller passes a snapshot of the network.
import { type Cidr, containsAddress, formatIpv4, parseCidr, parseIpv4 } from './cidr.js';
import { type NetworkAclModel, type Peer, type SecurityGroupModel, evaluateAcl, matchSecurityGroups, protocolNumber } from './rule-match.js';

export type RouteTargetType = 'local' | 'igw' | 'nat' | 'pcx' | 'vgw' | 'eni' | 'instance' | 'tgw' | 'eigw';
export interface RouteModel {
  destination: string;
  targetType: RouteTargetType;
  targetId: string;
  state: 'active' | 'blackhole';
}
export interface SubnetModel {
  id: string;
  vpcId: string;
  networkAclId: string;
  routeTableId: string;
}
export interface InterfaceModel {
  id: string;
  subnetId: string;
  privateIp: string;
  publicIp?: string | undefined;
  groupIds: readonly string[];
}
export interface NetworkModel {
  vpcs: ReadonlyMap<string, { id: string; internetGatewayId?: string | undefined }>;
  subnets: ReadonlyMap<string, SubnetModel>;
  securityGroups: ReadonlyMap<string, SecurityGroupModel>;
  networkAcls: ReadonlyMap<string, NetworkAclModel>;
  routeTables: ReadonlyMap<string, { id: string; routes: readonly RouteModel[] }>;
  peerings: ReadonlyMap<string, { id: string; requesterVpcId: string; accepterVpcId: string; active: boolean }>;
  natGateways: ReadonlyMap<string, { id: string; subnetId: string; available: boolean; publicIp?: string | undefined; privateIp: string }>;
  interfaces: ReadonlyMap<string, InterfaceModel>;
}

export type Endpoint = { interfaceId: string } | { internetAddress: string };
export interface ReachabilityQuery {
  source: Endpoint;
  destination: Endpoint;
  protocol: string;
  port: number;
  /** The client's source ports the return path must admit; default the full ephemeral range 1024–65535. */
  sourcePorts?: readonly [number, number];
}

export interface Hop {
  direction: 'forward' | 'return';
  component: 'security-group' | 'network-acl' | 'route-table' | 'internet-gateway' | 'nat-gateway' | 'vpc-peering-connection' | 'network-interface' | 'internet';
  id: string;
  verdict: 'allow' | 'block';
  /** The SG rule id, NACL rule number ("*" for the default deny) or route destination that decided. */
  rule?: string;
  detail: string;
}
export interface Blocking extends Hop {
  /** Reachability Analyzer's explanation code (ENI_SG_RULES_MISMATCH, SUBNET_ACL_RESTRICTION, NO_ROUTE_TO_DESTINATION, …). */
  explanationCode: string;
}
export interface Verdict {
  reachable: boolean;
  hops: Hop[];
  blocking?: Blocking;
}

class Blocked extends Error {
  constructor(readonly blocking: Blocking) {
    super(blocking.detail);
  }
}

const EPHEMERAL: readonly [number, number] = [1024, 65535];

/** Longest-prefix match over a route table (VPC User Guide, "Route priority"). */
export function longestPrefixMatch(routes: readonly RouteModel[], address: number): RouteModel | undefined {
  let best: RouteModel | undefined;
  let bestPrefix = -1;
  for (const route of routes) {
    const c: Cidr | undefined = parseCidr(route.destination);
    if (c && c.prefix > bestPrefix && containsAddress(c, address)) {
      best = route;
      bestPrefix = c.prefix;
    }
  }
  return best;
}

interface Side {
  iface?: InterfaceModel;
  subnet?: SubnetModel;
  address: number;
}

export function analyzeReachability(model: NetworkModel, query: ReachabilityQuery): Verdict {
  const hops: Hop[] = [];
  const proto = protocolNumber(query.protocol);
  const [ephLo, ephHi] = query.sourcePorts ?? EPHEMERAL;
  const record = (hop: Hop): void => {
    hops.push(hop);
  };
  const block = (hop: Omit<Hop, 'verdict'>, explanationCode: string): never => {
    const full: Hop = { ...hop, verdict: 'block' };
    hops.push(full);
    throw new Blocked({ ...full, explanationCode });
  };

  const side = (endpoint: Endpoint): Side => {
    if ('internetAddress' in endpoint) {
      const address = parseIpv4(endpoint.internetAddress);
      if (address === undefined) throw new Error(`not an IPv4 address: ${endpoint.internetAddress}`);
      return { address };
    }
    const iface = model.interfaces.get(endpoint.interfaceId);
    if (!iface) throw new Error(`unknown network interface ${endpoint.interfaceId}`);
    const subnet = model.subnets.get(iface.subnetId);
    if (!subnet) throw new Error(`unknown subnet ${iface.subnetId}`);
    return { iface, subnet, address: parseIpv4(iface.privateIp)! };
  };
  const src = side(query.source);
  const dst = side(query.destination);
  if (!src.iface && !dst.iface) throw new Error('at least one end must be a network interface');

  const groupsOf = (iface: InterfaceModel): SecurityGroupModel[] => iface.groupIds.map((id) => model.securityGroups.get(id)).filter((g): g is SecurityGroupModel => g !== undefined);

  // Within one subnet no network ACL applies: NACLs filter traffic entering and leaving a subnet (VPC User Guide,
  // "Control subnet traffic with network ACLs"); the kernel world agrees (src/services/ec2/vpc/rulesets.ts).
  const sameSubnet = src.subnet !== undefined && src.subnet.id === dst.subnet?.id;
  if (sameSubnet && src.subnet) record({ direction: 'forward', component: 'network-acl', id: src.subnet.networkAclId, verdict: 'allow', detail: `${src.subnet.id} holds both ends: its network ACL does not apply within the subnet` });
  const aclCheck = (subnet: SubnetModel, egress: boolean, peer: number, lo: number, hi: number, direction: Hop['direction']): void => {
    if (sameSubnet) return;
    const acl = model.networkAcls.get(subnet.networkAclId);
    if (!acl) return block({ direction, component: 'network-acl', id: subnet.networkAclId, detail: `network ACL of ${subnet.id} is missing` }, 'BAD_STATE');
    const v = evaluateAcl(acl, egress, proto, peer, lo, hi);
    const ports = lo === hi ? `port ${lo}` : `ports ${lo}-${hi}`;
    const what = `${egress ? 'outbound' : 'inbound'} ${egress ? 'to' : 'from'} ${formatIpv4(peer)} on ${ports}`;
    const hop = { direction, component: 'network-acl' as const, id: acl.id, rule: v.rule };
    if (!v.allowed) block({ ...hop, detail: `${acl.id} (${subnet.id}) denies ${what} by rule ${v.rule}` }, 'SUBNET_ACL_RESTRICTION');
    record({ ...hop, verdict: 'allow', detail: `${acl.id} (${subnet.id}) allows ${what} by rule ${v.rule}` });
  };

  const sgCheck = (iface: InterfaceModel, direction: 'ingress' | 'egress', peer: Peer): void => {
    const groups = groupsOf(iface);
    const m = matchSecurityGroups(groups, direction, proto, query.port, peer);
    const ids = iface.groupIds.join(',');
    const what = `${direction} ${direction === 'egress' ? 'to' : 'from'} ${formatIpv4(peer.address)} on ${query.protocol}/${query.port}`;
    if (!m) block({ direction: 'forward', component: 'security-group', id: ids, detail: `no rule in ${ids} of ${iface.id} allows ${what}` }, 'ENI_SG_RULES_MISMATCH');
    else record({ direction: 'forward', component: 'security-group', id: m.groupId, verdict: 'allow', rule: m.rule.ruleId, detail: `${m.groupId} rule ${m.rule.ruleId} allows ${what}` });
  };

  /** Routes from `subnet` toward `address`; returns the chosen route after recording it. */
  const route = (subnet: SubnetModel, address: number, direction: Hop['direction']): RouteModel => {
    const table = model.routeTables.get(subnet.routeTableId);
    if (!table) return block({ direction, component: 'route-table', id: subnet.routeTableId, detail: `route table of ${subnet.id} is missing` }, 'BAD_STATE');
    const r = longestPrefixMatch(table.routes, address);
    if (!r) return block({ direction, component: 'route-table', id: table.id, detail: `${table.id} has no route to ${formatIpv4(address)}` }, 'NO_ROUTE_TO_DESTINATION');
    if (r.state === 'blackhole') return block({ direction, component: 'route-table', id: table.id, rule: r.destination, detail: `route ${r.destination} → ${r.targetId} in ${table.id} is a blackhole` }, 'BAD_STATE_ROUTE');
    record({ direction, component: 'route-table', id: table.id, verdict: 'allow', rule: r.destination, detail: `${table.id} routes ${formatIpv4(address)} via ${r.destination} → ${r.targetId}` });
    return r;
  };

  const internetGateway = (vpcId: string, direction: Hop['direction']): void => {
    const igw = model.vpcs.get(vpcId)?.internetGatewayId;
    if (!igw) block({ direction, component: 'internet-gateway', id: vpcId, detail: `${vpcId} has no internet gateway attached` }, 'BAD_STATE_ATTACHMENT');
    else record({ direction, component: 'internet-gateway', id: igw, verdict: 'allow', detail: `${igw} of ${vpcId}` });
  };

  try {
    // Source ENI → out of its subnet.
    let seenSource = src.address; // the source address as the destination sees it (public IP or NAT behind igw)
    let privatePath = false;
    let natSubnet: SubnetModel | undefined;
    if (src.iface && src.subnet) {
      const dstAddr = dst.address;
      sgCheck(src.iface, 'egress', { address: dstAddr, groupIds: dst.iface?.groupIds ?? [] });
      aclCheck(src.subnet, true, dstAddr, query.port, query.port, 'forward');
      const r = route(src.subnet, dstAddr, 'forward');
      privatePath = forwardTarget(r, src.subnet, src.iface);
    }

    function forwardTarget(r: RouteModel, subnet: SubnetModel, iface: InterfaceModel): boolean {
      switch (r.targetType) {
        case 'local':
          if (!dst.subnet || dst.subnet.vpcId !== subnet.vpcId) return block({ direction: 'forward', component: 'route-table', id: subnet.routeTableId, rule: r.destination, detail: `${formatIpv4(dst.address)} is not an interface in ${subnet.vpcId}` }, 'NO_ROUTE_TO_DESTINATION');
          return true;
        case 'pcx': {
          const pcx = model.peerings.get(r.targetId);
          if (!pcx || !pcx.active) return block({ direction: 'forward', component: 'vpc-peering-connection', id: r.targetId, detail: `${r.targetId} is not active` }, 'BAD_STATE');
          const other = pcx.requesterVpcId === subnet.vpcId ? pcx.accepterVpcId : pcx.requesterVpcId;
          // Peering is not transitive: the destination must live in the peer VPC itself (VPC Peering Guide).
          if (!dst.subnet || dst.subnet.vpcId !== other) return block({ direction: 'forward', component: 'vpc-peering-connection', id: pcx.id, detail: `${formatIpv4(dst.address)} is not in ${other}; VPC peering is not transitive` }, 'NO_ROUTE_TO_DESTINATION');
          record({ direction: 'forward', component: 'vpc-peering-connection', id: pcx.id, verdict: 'allow', detail: `${subnet.vpcId} → ${other}` });
          return true;
        }
        case 'igw':
          if (dst.iface) return block({ direction: 'forward', component: 'internet-gateway', id: r.targetId, detail: `private address ${formatIpv4(dst.address)} is not reachable through an internet gateway` }, 'NO_ROUTE_TO_DESTINATION');
          if (!iface.publicIp) return block({ direction: 'forward', component: 'network-interface', id: iface.id, detail: `${iface.id} has no public IPv4 address for ${r.targetId}` }, 'NO_ROUTE_TO_DESTINATION');
          internetGateway(subnet.vpcId, 'forward');
          return false;
        case 'nat': {
          const nat = model.natGateways.get(r.targetId);
          if (!nat || !nat.available) return block({ direction: 'forward', component: 'nat-gateway', id: r.targetId, detail: `${r.targetId} is not available` }, 'BAD_STATE');
          const ns = model.subnets.get(nat.subnetId);
          if (!ns) return block({ direction: 'forward', component: 'nat-gateway', id: nat.id, detail: `subnet of ${nat.id} is missing` }, 'BAD_STATE');
          natSubnet = ns;
          aclCheck(ns, false, src.address, query.port, query.port, 'forward');
          record({ direction: 'forward', component: 'nat-gateway', id: nat.id, verdict: 'allow', detail: `${nat.id} translates ${formatIpv4(src.address)} to ${nat.publicIp ?? nat.privateIp}` });
          const onward = route(ns, dst.address, 'forward');
          if (onward.targetType !== 'igw') return block({ direction: 'forward', component: 'route-table', id: ns.routeTableId, rule: onward.destination, detail: `${ns.id} of ${nat.id} does not route ${formatIpv4(dst.address)} to an internet gateway` }, 'NO_ROUTE_TO_DESTINATION');
          if (!nat.publicIp) return block({ direction: 'forward', component: 'nat-gateway', id: nat.id, detail: `${nat.id} has no elastic IP (private NAT gateway)` }, 'NO_ROUTE_TO_DESTINATION');
          aclCheck(ns, true, dst.address, query.port, query.port, 'forward');
          internetGateway(ns.vpcId, 'forward');
          seenSource = parseIpv4(nat.publicIp)!;
          return false;
        }
        case 'vgw':
        case 'eni':
        case 'instance':
        case 'tgw':
        case 'eigw':
          return block({ direction: 'forward', component: 'route-table', id: subnet.routeTableId, rule: r.destination, detail: `kumo does not model traffic through ${r.targetType} targets (${r.targetId})` }, 'CANNOT_ROUTE');
      }
    }

    if (src.iface && !privatePath && src.iface.publicIp && !natSubnet) seenSource = parseIpv4(src.iface.publicIp)!;

    // Into the destination subnet.
    if (dst.iface && dst.subnet) {
      if (!src.iface) {
        // From the internet: needs a public address and an attached internet gateway.
        if (!dst.iface.publicIp) block({ direction: 'forward', component: 'network-interface', id: dst.iface.id, detail: `${dst.iface.id} has no public IPv4 address` }, 'NO_ROUTE_TO_DESTINATION');
        internetGateway(dst.subnet.vpcId, 'forward');
      }
      aclCheck(dst.subnet, false, seenSource, query.port, query.port, 'forward');
      sgCheck(dst.iface, 'ingress', { address: seenSource, groupIds: privatePath && src.iface ? src.iface.groupIds : [] });

      // Return path: security groups are stateful; NACLs are not, and the reply needs a route back.
      aclCheck(dst.subnet, true, seenSource, ephLo, ephHi, 'return');
      const back = route(dst.subnet, seenSource, 'return');
      const expected = privatePath ? ['local', 'pcx'] : ['igw'];
      if (!expected.includes(back.targetType)) {
        block({ direction: 'return', component: 'route-table', id: dst.subnet.routeTableId, rule: back.destination, detail: `replies to ${formatIpv4(seenSource)} leave through ${back.targetId}, not the way the request came` }, 'NO_ROUTE_TO_DESTINATION');
      }
      if (!privatePath && !src.iface) internetGateway(dst.subnet.vpcId, 'return');
    }
    if (natSubnet) {
      aclCheck(natSubnet, false, dst.address, ephLo, ephHi, 'return');
      aclCheck(natSubnet, true, src.address, ephLo, ephHi, 'return');
    }
    if (src.iface && src.subnet) aclCheck(src.subnet, false, dst.address, ephLo, ephHi, 'return');
    return { reachable: true, hops };
  } catch (e) {
    if (e instanceof Blocked) return { reachable: false, hops, blocking: e.blocking };
    throw e;
  }
}

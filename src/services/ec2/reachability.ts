// The reachability verdict: can source reach destination on protocol/port? Walks source SG egress → source NACL
// outbound → route table (longest prefix) → [NAT subnet] → destination NACL inbound → destination SG ingress, then the
// return path through the stateless NACLs on ephemeral ports, over IPv4 or IPv6 (egress-only internet gateways pass
// outbound-initiated IPv6 only; virtual private gateways carry IPv4 to and from on-premises networks). Pure: the
// caller passes a snapshot of the network.
import { type Address, formatAddress, isIpv6, matchPrefix, parseAddress } from './address.js';
import { parseIpv4 } from './cidr.js';
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
  /** Every private IPv4 address of the interface, primary first (secondary addresses after it). */
  privateIps?: readonly string[] | undefined;
  /** The interface's IPv6 addresses; the first is the one an IPv6 question uses. */
  ipv6Addresses?: readonly string[] | undefined;
}
export interface NetworkModel {
  vpcs: ReadonlyMap<string, { id: string; internetGatewayId?: string | undefined }>;
  subnets: ReadonlyMap<string, SubnetModel>;
  securityGroups: ReadonlyMap<string, SecurityGroupModel>;
  networkAcls: ReadonlyMap<string, NetworkAclModel>;
  /** `routes` hold IPv4 destinations; `ipv6Routes` the DestinationIpv6CidrBlock ones. */
  routeTables: ReadonlyMap<string, { id: string; routes: readonly RouteModel[]; ipv6Routes?: readonly RouteModel[] | undefined }>;
  peerings: ReadonlyMap<string, { id: string; requesterVpcId: string; accepterVpcId: string; active: boolean }>;
  natGateways: ReadonlyMap<string, { id: string; subnetId: string; available: boolean; publicIp?: string | undefined; privateIp: string }>;
  interfaces: ReadonlyMap<string, InterfaceModel>;
  /** Virtual private gateways attaching or attached to a VPC (detached ones leave their routes blackholes). */
  vpnGateways?: ReadonlyMap<string, { id: string; vpcId: string; attachment: 'attaching' | 'attached' }> | undefined;
  /** Edge associations: gateway id (igw-/vgw-) → the route table its inbound traffic uses (gateway route table). */
  gatewayRouteTables?: ReadonlyMap<string, string> | undefined;
}

/**
 * An internet address may be IPv4 or IPv6 text. `publicAddress`: the destination interface is addressed by its
 * public IPv4 address, so an instance's packets to it leave through a gateway and come back in as the internet's.
 */
export type Endpoint = { interfaceId: string; publicAddress?: boolean | undefined; privateAddress?: string | undefined } | { internetAddress: string };
export interface ReachabilityQuery {
  source: Endpoint;
  destination: Endpoint;
  protocol: string;
  port: number;
  /** The client's source ports the return path must admit; default the full ephemeral range 1024–65535. */
  sourcePorts?: readonly [number, number];
  /** 6 asks about the interfaces' IPv6 addresses; default 6 when an internet end is an IPv6 address, else 4. */
  ipVersion?: 4 | 6 | undefined;
}

export interface Hop {
  direction: 'forward' | 'return';
  component: 'security-group' | 'network-acl' | 'route-table' | 'internet-gateway' | 'nat-gateway' | 'vpc-peering-connection' | 'network-interface' | 'internet' | 'egress-only-internet-gateway' | 'vpn-gateway';
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

/** Longest-prefix match over a route table (VPC User Guide, "Route priority"); routes of the other family never match. */
export function longestPrefixMatch(routes: readonly RouteModel[], address: Address): RouteModel | undefined {
  let best: RouteModel | undefined;
  let bestPrefix = -1;
  for (const route of routes) {
    const prefix = matchPrefix(route.destination, address);
    if (prefix > bestPrefix) {
      best = route;
      bestPrefix = prefix;
    }
  }
  return best;
}

interface Side {
  iface?: InterfaceModel;
  subnet?: SubnetModel;
  address: Address;
}

function versionOf(query: ReachabilityQuery): 4 | 6 {
  if (query.ipVersion !== undefined) return query.ipVersion;
  const internet = [query.source, query.destination].find((e): e is { internetAddress: string } => 'internetAddress' in e);
  return internet && parseIpv4(internet.internetAddress) === undefined && parseAddress(internet.internetAddress) !== undefined ? 6 : 4;
}

export function analyzeReachability(model: NetworkModel, query: ReachabilityQuery): Verdict {
  const hops: Hop[] = [];
  const proto = protocolNumber(query.protocol);
  const [ephLo, ephHi] = query.sourcePorts ?? EPHEMERAL;
  const v6 = versionOf(query) === 6;
  const fmt = formatAddress;
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
      const address = parseAddress(endpoint.internetAddress);
      if (address === undefined || isIpv6(address) !== v6) throw new Error(`not an IPv${v6 ? 6 : 4} address: ${endpoint.internetAddress}`);
      return { address };
    }
    const iface = model.interfaces.get(endpoint.interfaceId);
    if (!iface) throw new Error(`unknown network interface ${endpoint.interfaceId}`);
    const subnet = model.subnets.get(iface.subnetId);
    if (!subnet) throw new Error(`unknown subnet ${iface.subnetId}`);
    // A secondary private address stands in for the primary one: the same interface, groups and subnet.
    const secondary = endpoint.privateAddress !== undefined && iface.privateIps?.includes(endpoint.privateAddress) ? endpoint.privateAddress : undefined;
    if (!v6) return { iface, subnet, address: parseIpv4(secondary ?? iface.privateIp)! };
    const text = iface.ipv6Addresses?.[0];
    const address = text === undefined ? undefined : parseAddress(text);
    // Sentinel ::; the walk blocks at this interface before using it (see noIpv6 below).
    return { iface, subnet, address: address ?? 0n };
  };
  const src = side(query.source);
  const dst = side(query.destination);
  if (!src.iface && !dst.iface) throw new Error('at least one end must be a network interface');
  // An instance addressing another by its public IP: the packet goes out through the source's gateway and in through
  // the destination's internet gateway, seen with the source's public address, so no group reference matches and
  // both subnets' NACLs apply even within one subnet (VPC User Guide, "Security group referencing": references
  // work over private addresses only).
  const dstPublic = !v6 && src.iface !== undefined && 'interfaceId' in query.destination && query.destination.publicAddress === true && dst.iface?.publicIp !== undefined;
  if (dstPublic) dst.address = parseIpv4(dst.iface!.publicIp!)!;
  const noIpv6 = (side: Side, direction: Hop['direction']): boolean => {
    if (!v6 || !side.iface || (side.iface.ipv6Addresses?.length ?? 0) > 0) return false;
    return block({ direction, component: 'network-interface', id: side.iface.id, detail: `${side.iface.id} has no IPv6 address` }, 'NO_ROUTE_TO_DESTINATION');
  };

  const groupsOf = (iface: InterfaceModel): SecurityGroupModel[] => iface.groupIds.map((id) => model.securityGroups.get(id)).filter((g): g is SecurityGroupModel => g !== undefined);

  // Within one subnet no network ACL applies: NACLs filter traffic entering and leaving a subnet (VPC User Guide,
  // "Control subnet traffic with network ACLs"); the kernel world agrees (src/services/ec2/vpc/rulesets.ts).
  const sameSubnet = !dstPublic && src.subnet !== undefined && src.subnet.id === dst.subnet?.id;
  if (sameSubnet && src.subnet) record({ direction: 'forward', component: 'network-acl', id: src.subnet.networkAclId, verdict: 'allow', detail: `${src.subnet.id} holds both ends: its network ACL does not apply within the subnet` });
  const aclCheck = (subnet: SubnetModel, egress: boolean, peer: Address, lo: number, hi: number, direction: Hop['direction']): void => {
    if (sameSubnet) return;
    const acl = model.networkAcls.get(subnet.networkAclId);
    if (!acl) return block({ direction, component: 'network-acl', id: subnet.networkAclId, detail: `network ACL of ${subnet.id} is missing` }, 'BAD_STATE');
    const v = evaluateAcl(acl, egress, proto, peer, lo, hi);
    const ports = lo === hi ? `port ${lo}` : `ports ${lo}-${hi}`;
    const what = `${egress ? 'outbound' : 'inbound'} ${egress ? 'to' : 'from'} ${fmt(peer)} on ${ports}`;
    const hop = { direction, component: 'network-acl' as const, id: acl.id, rule: v.rule };
    if (!v.allowed) block({ ...hop, detail: `${acl.id} (${subnet.id}) denies ${what} by rule ${v.rule}` }, 'SUBNET_ACL_RESTRICTION');
    record({ ...hop, verdict: 'allow', detail: `${acl.id} (${subnet.id}) allows ${what} by rule ${v.rule}` });
  };

  const sgCheck = (iface: InterfaceModel, direction: 'ingress' | 'egress', peer: Peer): void => {
    const groups = groupsOf(iface);
    const m = matchSecurityGroups(groups, direction, proto, query.port, peer);
    const ids = iface.groupIds.join(',');
    const what = `${direction} ${direction === 'egress' ? 'to' : 'from'} ${fmt(peer.address)} on ${query.protocol}/${query.port}`;
    if (!m) block({ direction: 'forward', component: 'security-group', id: ids, detail: `no rule in ${ids} of ${iface.id} allows ${what}` }, 'ENI_SG_RULES_MISMATCH');
    else record({ direction: 'forward', component: 'security-group', id: m.groupId, verdict: 'allow', rule: m.rule.ruleId, detail: `${m.groupId} rule ${m.rule.ruleId} allows ${what}` });
  };

  /** Routes from `subnet` toward `address`; returns the chosen route after recording it. */
  const route = (subnet: SubnetModel, address: Address, direction: Hop['direction']): RouteModel => {
    const table = model.routeTables.get(subnet.routeTableId);
    if (!table) return block({ direction, component: 'route-table', id: subnet.routeTableId, detail: `route table of ${subnet.id} is missing` }, 'BAD_STATE');
    const r = longestPrefixMatch(isIpv6(address) ? (table.ipv6Routes ?? []) : table.routes, address);
    if (!r) return block({ direction, component: 'route-table', id: table.id, detail: `${table.id} has no route to ${fmt(address)}` }, 'NO_ROUTE_TO_DESTINATION');
    if (r.state === 'blackhole') return block({ direction, component: 'route-table', id: table.id, rule: r.destination, detail: `route ${r.destination} → ${r.targetId} in ${table.id} is a blackhole` }, 'BAD_STATE_ROUTE');
    record({ direction, component: 'route-table', id: table.id, verdict: 'allow', rule: r.destination, detail: `${table.id} routes ${fmt(address)} via ${r.destination} → ${r.targetId}` });
    return r;
  };

  const internetGateway = (vpcId: string, direction: Hop['direction']): void => {
    const igw = model.vpcs.get(vpcId)?.internetGatewayId;
    if (!igw) block({ direction, component: 'internet-gateway', id: vpcId, detail: `${vpcId} has no internet gateway attached` }, 'BAD_STATE_ATTACHMENT');
    else record({ direction, component: 'internet-gateway', id: igw, verdict: 'allow', detail: `${igw} of ${vpcId}` });
  };

  // A VGW passes traffic between its VPC and on-premises networks once attached (BAD_STATE_ATTACHMENT before). The
  // VPN connections or Direct Connect beyond it are not modelled: the path ends at the gateway, as it does in
  // Reachability Analyzer when a VGW is the destination.
  const vpnGateway = (id: string, vpcId: string, direction: Hop['direction']): void => {
    const g = model.vpnGateways?.get(id);
    if (!g || g.vpcId !== vpcId) return block({ direction, component: 'vpn-gateway', id, detail: `${id} is not attached to ${vpcId}` }, 'BAD_STATE_ATTACHMENT');
    if (g.attachment !== 'attached') return block({ direction, component: 'vpn-gateway', id, detail: `${id} is still ${g.attachment} to ${vpcId}` }, 'BAD_STATE_ATTACHMENT');
    record({ direction, component: 'vpn-gateway', id, verdict: 'allow', detail: `${id} of ${vpcId} carries the traffic ${direction === 'forward' && !dst.iface ? 'out of the VPC toward' : 'between the VPC and'} on-premises networks (the VPN connection beyond it is not modelled)` });
  };

  // Traffic entering the VPC through a gateway with an edge association follows that gateway route table (VPC User
  // Guide, "Gateway route tables"): its local route delivers to the subnet; a route to a middlebox ENI is not modelled.
  const edgeCheck = (gatewayId: string, address: Address, direction: Hop['direction']): void => {
    const tableId = model.gatewayRouteTables?.get(gatewayId);
    const table = tableId === undefined ? undefined : model.routeTables.get(tableId);
    if (!table) return;
    const r = longestPrefixMatch(isIpv6(address) ? (table.ipv6Routes ?? []) : table.routes, address);
    if (!r || r.targetType === 'local') {
      record({ direction, component: 'route-table', id: table.id, verdict: 'allow', ...(r ? { rule: r.destination } : {}), detail: `gateway route table ${table.id} of ${gatewayId} delivers ${fmt(address)} locally` });
      return;
    }
    if (r.state === 'blackhole') return block({ direction, component: 'route-table', id: table.id, rule: r.destination, detail: `route ${r.destination} → ${r.targetId} in gateway route table ${table.id} is a blackhole` }, 'BAD_STATE_ROUTE');
    return block({ direction, component: 'route-table', id: table.id, rule: r.destination, detail: `gateway route table ${table.id} of ${gatewayId} sends ${fmt(address)} to ${r.targetId}; kumo does not model middlebox appliances` }, 'CANNOT_ROUTE');
  };

  try {
    // Source ENI → out of its subnet.
    let seenSource = src.address; // the source address as the destination sees it (public IP or NAT behind igw)
    let privatePath = false;
    let natSubnet: SubnetModel | undefined;
    /** The gateway (igw or vgw) the traffic left or entered the VPC through, for the edge route table on the way in. */
    let outerGateway: string | undefined;
    let viaVgw = false;
    noIpv6(src, 'forward');
    noIpv6(dst, 'forward');
    if (src.iface && src.subnet) {
      const dstAddr = dst.address;
      sgCheck(src.iface, 'egress', { address: dstAddr, groupIds: dstPublic ? [] : dst.iface?.groupIds ?? [] });
      aclCheck(src.subnet, true, dstAddr, query.port, query.port, 'forward');
      const r = route(src.subnet, dstAddr, 'forward');
      privatePath = forwardTarget(r, src.subnet, src.iface);
    }

    function forwardTarget(r: RouteModel, subnet: SubnetModel, iface: InterfaceModel): boolean {
      switch (r.targetType) {
        case 'local':
          if (!dst.subnet || dst.subnet.vpcId !== subnet.vpcId || dstPublic) return block({ direction: 'forward', component: 'route-table', id: subnet.routeTableId, rule: r.destination, detail: `${fmt(dst.address)} is not an interface in ${subnet.vpcId}` }, 'NO_ROUTE_TO_DESTINATION');
          return true;
        case 'pcx': {
          const pcx = model.peerings.get(r.targetId);
          if (!pcx || !pcx.active) return block({ direction: 'forward', component: 'vpc-peering-connection', id: r.targetId, detail: `${r.targetId} is not active` }, 'BAD_STATE');
          const other = pcx.requesterVpcId === subnet.vpcId ? pcx.accepterVpcId : pcx.requesterVpcId;
          // Peering is not transitive: the destination must live in the peer VPC itself (VPC Peering Guide).
          if (!dst.subnet || dst.subnet.vpcId !== other || dstPublic) return block({ direction: 'forward', component: 'vpc-peering-connection', id: pcx.id, detail: `${fmt(dst.address)} is not in ${other}; VPC peering is not transitive` }, 'NO_ROUTE_TO_DESTINATION');
          record({ direction: 'forward', component: 'vpc-peering-connection', id: pcx.id, verdict: 'allow', detail: `${subnet.vpcId} → ${other}` });
          return true;
        }
        case 'igw':
          if (dst.iface && !dstPublic) return block({ direction: 'forward', component: 'internet-gateway', id: r.targetId, detail: `private address ${fmt(dst.address)} is not reachable through an internet gateway` }, 'NO_ROUTE_TO_DESTINATION');
          // IPv6 addresses are global: no public address or translation is needed (VPC User Guide, "IPv6 addressing").
          if (!v6 && !iface.publicIp) return block({ direction: 'forward', component: 'network-interface', id: iface.id, detail: `${iface.id} has no public IPv4 address for ${r.targetId}` }, 'NO_ROUTE_TO_DESTINATION');
          internetGateway(subnet.vpcId, 'forward');
          outerGateway = r.targetId;
          return false;
        case 'vgw':
          // "IPv6 traffic is not supported for VPN connections on a virtual private gateway" (Site-to-Site VPN User
          // Guide, "IPv4 and IPv6 traffic"): IPv6 falls through to CANNOT_ROUTE.
          if (v6) break;
          if (dst.iface) return block({ direction: 'forward', component: 'vpn-gateway', id: r.targetId, detail: `${fmt(dst.address)} is an interface in ${dst.subnet?.vpcId}; kumo does not model networks beyond a virtual private gateway` }, 'NO_ROUTE_TO_DESTINATION');
          vpnGateway(r.targetId, subnet.vpcId, 'forward');
          viaVgw = true;
          outerGateway = r.targetId;
          return false;
        case 'eigw':
          if (!v6) break;
          if (dst.iface) return block({ direction: 'forward', component: 'egress-only-internet-gateway', id: r.targetId, detail: `${fmt(dst.address)} is not reachable through an egress-only internet gateway` }, 'NO_ROUTE_TO_DESTINATION');
          record({ direction: 'forward', component: 'egress-only-internet-gateway', id: r.targetId, verdict: 'allow', detail: `${r.targetId} passes connections initiated from ${subnet.vpcId}` });
          return false;
        case 'nat': {
          // IPv6 through a NAT gateway is NAT64 (64:ff9b::/96), which kumo does not model.
          if (v6) break;
          const nat = model.natGateways.get(r.targetId);
          if (!nat || !nat.available) return block({ direction: 'forward', component: 'nat-gateway', id: r.targetId, detail: `${r.targetId} is not available` }, 'BAD_STATE');
          const ns = model.subnets.get(nat.subnetId);
          if (!ns) return block({ direction: 'forward', component: 'nat-gateway', id: nat.id, detail: `subnet of ${nat.id} is missing` }, 'BAD_STATE');
          natSubnet = ns;
          aclCheck(ns, false, src.address, query.port, query.port, 'forward');
          record({ direction: 'forward', component: 'nat-gateway', id: nat.id, verdict: 'allow', detail: `${nat.id} translates ${fmt(src.address)} to ${nat.publicIp ?? nat.privateIp}` });
          const onward = route(ns, dst.address, 'forward');
          if (onward.targetType !== 'igw') return block({ direction: 'forward', component: 'route-table', id: ns.routeTableId, rule: onward.destination, detail: `${ns.id} of ${nat.id} does not route ${fmt(dst.address)} to an internet gateway` }, 'NO_ROUTE_TO_DESTINATION');
          if (!nat.publicIp) return block({ direction: 'forward', component: 'nat-gateway', id: nat.id, detail: `${nat.id} has no elastic IP (private NAT gateway)` }, 'NO_ROUTE_TO_DESTINATION');
          aclCheck(ns, true, dst.address, query.port, query.port, 'forward');
          internetGateway(ns.vpcId, 'forward');
          seenSource = parseIpv4(nat.publicIp)!;
          return false;
        }
        case 'eni':
        case 'instance':
        case 'tgw':
          break;
      }
      return block({ direction: 'forward', component: 'route-table', id: subnet.routeTableId, rule: r.destination, detail: `kumo does not model traffic through ${r.targetType} targets${v6 ? ' for IPv6' : ''} (${r.targetId})` }, 'CANNOT_ROUTE');
    }

    // Over a VPN the source keeps its private address; through an internet gateway it is seen by its public one.
    if (!v6 && src.iface && !privatePath && src.iface.publicIp && !natSubnet && !viaVgw) seenSource = parseIpv4(src.iface.publicIp)!;
    let fromOnPremises = false;

    // Into the destination subnet.
    if (dst.iface && dst.subnet) {
      if (!src.iface || dstPublic) {
        // From outside: an address the destination subnet routes to an active VGW is on-premises and arrives over the
        // VPN by its own address; anything else comes from the internet (or back in from it, for an instance that
        // addressed another by its public IP), which needs a public address and an igw.
        const table = model.routeTables.get(dst.subnet.routeTableId);
        const back = !src.iface && table && !v6 ? longestPrefixMatch(table.routes, src.address) : undefined;
        if (back?.targetType === 'vgw' && back.state === 'active') {
          fromOnPremises = true;
          vpnGateway(back.targetId, dst.subnet.vpcId, 'forward');
          edgeCheck(back.targetId, dst.address, 'forward');
        } else {
          if (!v6 && !dst.iface.publicIp) block({ direction: 'forward', component: 'network-interface', id: dst.iface.id, detail: `${dst.iface.id} has no public IPv4 address` }, 'NO_ROUTE_TO_DESTINATION');
          internetGateway(dst.subnet.vpcId, 'forward');
          const igw = model.vpcs.get(dst.subnet.vpcId)?.internetGatewayId;
          // The gateway route table sees the private address the igw translated the public one to.
          if (igw !== undefined) edgeCheck(igw, dstPublic ? parseIpv4(dst.iface.privateIp)! : dst.address, 'forward');
        }
      }
      aclCheck(dst.subnet, false, seenSource, query.port, query.port, 'forward');
      sgCheck(dst.iface, 'ingress', { address: seenSource, groupIds: privatePath && src.iface ? src.iface.groupIds : [] });

      // Return path: security groups are stateful; NACLs are not, and the reply needs a route back.
      aclCheck(dst.subnet, true, seenSource, ephLo, ephHi, 'return');
      const back = route(dst.subnet, seenSource, 'return');
      const expected = privatePath ? ['local', 'pcx'] : fromOnPremises ? ['vgw'] : ['igw'];
      if (back.targetType === 'eigw' && !privatePath) {
        // An egress-only internet gateway "prevents the internet from initiating an IPv6 connection with your instances"
        // (VPC User Guide, "Enable outbound IPv6 traffic using an egress-only internet gateway").
        block({ direction: 'return', component: 'egress-only-internet-gateway', id: back.targetId, rule: back.destination, detail: `replies to ${fmt(seenSource)} leave through ${back.targetId}, which admits only connections initiated from the VPC` }, 'NO_ROUTE_TO_DESTINATION');
      }
      if (!expected.includes(back.targetType)) {
        block({ direction: 'return', component: 'route-table', id: dst.subnet.routeTableId, rule: back.destination, detail: `replies to ${fmt(seenSource)} leave through ${back.targetId}, not the way the request came` }, 'NO_ROUTE_TO_DESTINATION');
      }
      if (fromOnPremises) vpnGateway(back.targetId, dst.subnet.vpcId, 'return');
      else if (!privatePath && (!src.iface || dstPublic)) internetGateway(dst.subnet.vpcId, 'return');
    }
    // Replies to a connection that left through an igw or a VGW come back in through that gateway and its edge table.
    if (outerGateway !== undefined && src.iface && !dst.iface) edgeCheck(outerGateway, src.address, 'return');
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

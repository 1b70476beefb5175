// Reads the world's design from EC2's store: per account and region the reachability model (subnets, route tables,
// NACLs, SGs, peerings, NAT gateways, interfaces), the VPC and subnet blocks, and the instances that are up.
import type { Ec2Context } from '../context.js';
import { buildNetworkModel } from '../network-model.js';
import { NAT_PENDING_MS } from '../gateway-operations.js';
import type { InstanceRecord, NatGatewayRecord, NetworkAclRecord, NetworkInterfaceRecord, RouteTableRecord, SecurityGroupRecord, SubnetRecord, VpcRecord } from '../records.js';
import type { Scope } from '../resource-store.js';
import { routeState } from '../route-operations.js';
import { VGW_TRANSITION_MS, type VpnGatewayRecord } from '../vpn-gateway-operations.js';
import type { DesignInstance, Ipv6Design, WorldDesign } from './plan.js';

/** Instances in these states have their namespace; stopping, stopped and terminated ones do not (no network). */
const UP = new Set(['pending', 'running']);

export function designOf(ec2: Ec2Context, scope: Scope): WorldDesign {
  const s = ec2.store;
  const vpcCidrs = new Map(s.list<VpcRecord>(scope, 'vpc').map((v) => [v.VpcId!, (v.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => a.CidrBlock!)]));
  const subnetCidrs = new Map(s.list<SubnetRecord>(scope, 'subnet').map((x) => [x.SubnetId!, x.CidrBlock!]));
  const instances: DesignInstance[] = [];
  for (const i of s.list<InstanceRecord>(scope, 'instance')) {
    if (!UP.has(i.State?.Name ?? '')) continue;
    const interfaces = (i.NetworkInterfaces ?? []).filter((n) => n.NetworkInterfaceId && n.Attachment?.DeviceIndex !== undefined && n.Attachment.DeviceIndex < 10).map((n) => ({
      interfaceId: n.NetworkInterfaceId!, deviceIndex: n.Attachment!.DeviceIndex!,
      privateIps: (n.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress!).filter(Boolean),
      ipv6s: (n.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!).filter(Boolean),
    })).sort((a, b) => a.deviceIndex - b.deviceIndex);
    instances.push({ id: i.InstanceId!, interfaces });
  }
  return { model: buildNetworkModel(ec2, scope), vpcCidrs, subnetCidrs, instances, ipv6: ipv6Of(ec2, scope) };
}

/**
 * The IPv6 half of the design, read beside the (IPv4) reachability model: blocks, interface addresses, SG rules with
 * Ipv6Ranges, IPv6 NACL entries and IPv6 routes (igw, egress-only igw, local, peering; other targets drop).
 */
function ipv6Of(ec2: Ec2Context, scope: Scope): Ipv6Design {
  const s = ec2.store;
  const associated = (set: { Ipv6CidrBlock?: string; Ipv6CidrBlockState?: { State?: string } }[] | undefined) => (set ?? []).filter((a) => a.Ipv6CidrBlockState?.State === 'associated').map((a) => a.Ipv6CidrBlock!);
  const vpcCidrs = new Map(s.list<VpcRecord>(scope, 'vpc').map((v) => [v.VpcId!, associated(v.Ipv6CidrBlockAssociationSet)]));
  const subnetCidrs = new Map<string, string>();
  for (const x of s.list<SubnetRecord>(scope, 'subnet')) {
    const c = associated(x.Ipv6CidrBlockAssociationSet)[0];
    if (c) subnetCidrs.set(x.SubnetId!, c);
  }
  const interfaceIps = new Map(s.list<NetworkInterfaceRecord>(scope, 'eni').map((e) => [e.NetworkInterfaceId!, (e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!).filter(Boolean)]));
  const sgRules = new Map(s.list<SecurityGroupRecord>(scope, 'sg').map((g) => [g.GroupId!, g._rules.filter((r) => r.cidrIpv6 !== undefined).map((r) => ({ egress: r.egress, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidrIpv6! }))]));
  const aclEntries = new Map(s.list<NetworkAclRecord>(scope, 'acl').map((a) => [a.NetworkAclId!, (a.Entries ?? []).filter((e) => e.Ipv6CidrBlock !== undefined).map((e) => ({ ruleNumber: e.RuleNumber!, egress: e.Egress!, protocol: e.Protocol!, action: e.RuleAction!, cidr: e.Ipv6CidrBlock!, fromPort: e.PortRange?.From, toPort: e.PortRange?.To }))]));
  const routes = new Map(s.list<RouteTableRecord>(scope, 'rtb').map((t) => [t.RouteTableId!, (t.Routes ?? []).filter((r) => r.DestinationIpv6CidrBlock !== undefined).map((r) => ({
    destination: r.DestinationIpv6CidrBlock!,
    target: r.GatewayId === 'local' ? 'local' as const : r.GatewayId?.startsWith('igw-') ? 'igw' as const : r.EgressOnlyInternetGatewayId ? 'eigw' as const : r.VpcPeeringConnectionId ? 'pcx' as const : 'other' as const,
    active: routeState(s, scope, t.VpcId!, r) === 'active',
    ...(r.VpcPeeringConnectionId ? { targetId: r.VpcPeeringConnectionId } : {}),
  }))]));
  const eigwVpcs = new Set(s.list<{ Attachments?: { VpcId?: string; State?: string }[] }>(scope, 'eigw').flatMap((g) => (g.Attachments ?? []).map((a) => a.VpcId!)));
  return { vpcCidrs, subnetCidrs, interfaceIps, sgRules, aclEntries, routes, eigwVpcs };
}

/** Every account and region that has a VPC. */
export function scopesWithVpcs(ec2: Ec2Context): Scope[] {
  const seen = new Map<string, Scope>();
  for (const { scope } of ec2.store.locate('vpc')) seen.set(`${scope.account}/${scope.region}`, scope);
  return [...seen.values()];
}

/** The runtime-clock time of the next change that time alone brings to the design (a NAT gateway turning available, a VGW attached). */
export function nextClockChange(ec2: Ec2Context, scopes: readonly Scope[]): number | undefined {
  let next: number | undefined;
  for (const scope of scopes) {
    for (const n of ec2.store.list<NatGatewayRecord>(scope, 'nat')) {
      if (n.State !== 'pending') continue;
      const at = Date.parse(n.CreateTime as unknown as string) + NAT_PENDING_MS;
      if (next === undefined || at < next) next = at;
    }
    // A VGW attaching turns attached (and builds its on-premises link) after VGW_TRANSITION_MS.
    for (const g of ec2.store.list<VpnGatewayRecord>(scope, 'vgw')) {
      for (const a of g.VpcAttachments ?? []) {
        const at = (g._since[a.VpcId!] ?? 0) + VGW_TRANSITION_MS;
        if (a.State !== 'attaching' || at <= ec2.clock.now()) continue;
        if (next === undefined || at < next) next = at;
      }
    }
  }
  return next;
}

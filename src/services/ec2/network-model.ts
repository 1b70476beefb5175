// Builds the reachability module's NetworkModel from stored EC2 state of one account and region, and resolves
// "from"/"to" names (instance, ENI, internet gateway, IPv4 address) into reachability endpoints.
import { routeState, routeTableOf } from './route-operations.js';
import { presentNat } from './gateway-operations.js';
import type { Ec2Context } from './context.js';
import { ec2Error } from './errors.js';
import { formatIpv4, parseCidr, parseIpv4 } from './cidr.js';
import { parseIpv6 } from './cidr6.js';
import { type NaclEntryModel, protocolNumber, type SecurityGroupModel, type SgRule } from './rule-match.js';
import { allPrefixLists, currentCidrs } from './prefix-list-operations.js';
import type { NetworkAclEntry, Route } from '../../generated/ec2/api.js';
import type { Endpoint, InterfaceModel, NetworkModel, RouteModel, RouteTargetType } from './reachability.js';
import type { InstanceRecord, InternetGatewayRecord, NatGatewayRecord, NetworkAclRecord, NetworkInterfaceRecord, PeeringRecord, RouteTableRecord, SecurityGroupRecord, StoredSgRule, SubnetRecord, VpcRecord } from './records.js';
import type { Scope } from './resource-store.js';
import { liveAttachment, presentVgw, type VpnGatewayRecord } from './vpn-gateway-operations.js';

function targetOf(route: { GatewayId?: string | undefined; NatGatewayId?: string | undefined; VpcPeeringConnectionId?: string | undefined; NetworkInterfaceId?: string | undefined; InstanceId?: string | undefined; TransitGatewayId?: string | undefined; EgressOnlyInternetGatewayId?: string | undefined }): { type: RouteTargetType; id: string } {
  if (route.GatewayId === 'local') return { type: 'local', id: 'local' };
  if (route.GatewayId?.startsWith('igw-')) return { type: 'igw', id: route.GatewayId };
  if (route.GatewayId?.startsWith('vgw-')) return { type: 'vgw', id: route.GatewayId };
  if (route.NatGatewayId) return { type: 'nat', id: route.NatGatewayId };
  if (route.VpcPeeringConnectionId) return { type: 'pcx', id: route.VpcPeeringConnectionId };
  if (route.InstanceId) return { type: 'instance', id: route.InstanceId };
  if (route.NetworkInterfaceId) return { type: 'eni', id: route.NetworkInterfaceId };
  if (route.TransitGatewayId) return { type: 'tgw', id: route.TransitGatewayId };
  return { type: 'eigw', id: route.EgressOnlyInternetGatewayId ?? 'unknown' };
}

export function buildNetworkModel(ec2: Ec2Context, scope: Scope): NetworkModel {
  const s = ec2.store;
  const igws = s.list<InternetGatewayRecord>(scope, 'igw');
  const vpcs = new Map(s.list<VpcRecord>(scope, 'vpc').map((v) => [v.VpcId!, { id: v.VpcId!, internetGatewayId: igws.find((g) => g.Attachments?.some((a) => a.VpcId === v.VpcId))?.InternetGatewayId }]));
  const acls = s.list<NetworkAclRecord>(scope, 'acl');
  const subnets = new Map(s.list<SubnetRecord>(scope, 'subnet').map((sub) => {
    const acl = acls.find((a) => a.Associations?.some((x) => x.SubnetId === sub.SubnetId)) ?? acls.find((a) => a.VpcId === sub.VpcId && a.IsDefault);
    return [sub.SubnetId!, { id: sub.SubnetId!, vpcId: sub.VpcId!, networkAclId: acl?.NetworkAclId ?? 'none', routeTableId: routeTableOf(s, scope, sub)?.RouteTableId ?? 'none' }];
  }));
  // A prefix list stands for its current CIDRs: a route or SG rule naming it acts as one per entry (same rule id).
  const prefixLists = new Map(allPrefixLists(ec2, scope).map((l) => [l.PrefixListId!, { ipv6: l.AddressFamily === 'IPv6', cidrs: currentCidrs(l) }]));
  const sgRules = (rules: readonly StoredSgRule[]): SgRule[] => rules.flatMap((r): SgRule[] => {
    const base = { ruleId: r.ruleId, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort };
    if (r.prefixListId === undefined) return [{ ...base, cidr: r.cidr, cidrIpv6: r.cidrIpv6, groupId: r.groupId }];
    const list = prefixLists.get(r.prefixListId);
    return (list?.cidrs ?? []).map((c) => (list!.ipv6 ? { ...base, cidrIpv6: c } : { ...base, cidr: c }));
  });
  const securityGroups = new Map<string, SecurityGroupModel>(s.list<SecurityGroupRecord>(scope, 'sg').map((g) => [g.GroupId!, {
    id: g.GroupId!, vpcId: g.VpcId!,
    ingress: sgRules(g._rules.filter((r) => !r.egress)),
    egress: sgRules(g._rules.filter((r) => r.egress)),
  }]));
  const entry = (e: NetworkAclEntry, cidr: string): NaclEntryModel => ({ ruleNumber: e.RuleNumber!, egress: e.Egress!, protocol: e.Protocol!, action: e.RuleAction!, cidr, fromPort: e.PortRange?.From, toPort: e.PortRange?.To });
  const networkAcls = new Map(acls.map((a) => [a.NetworkAclId!, {
    id: a.NetworkAclId!,
    entries: (a.Entries ?? []).filter((e) => e.CidrBlock !== undefined).map((e) => entry(e, e.CidrBlock!)),
    ipv6Entries: (a.Entries ?? []).filter((e) => e.Ipv6CidrBlock !== undefined).map((e) => entry(e, e.Ipv6CidrBlock!)),
  }]));
  const routeTables = new Map(s.list<RouteTableRecord>(scope, 'rtb').map((t) => {
    const model = (r: Route, destination: string): RouteModel => {
      const target = targetOf(r);
      return { destination, targetType: target.type, targetId: target.id, state: routeState(s, scope, t.VpcId!, r) };
    };
    const viaList = (ipv6: boolean): RouteModel[] => (t.Routes ?? []).flatMap((r) => {
      const list = r.DestinationPrefixListId === undefined ? undefined : prefixLists.get(r.DestinationPrefixListId);
      return list && list.ipv6 === ipv6 ? list.cidrs.map((c) => model(r, c)) : [];
    });
    return [t.RouteTableId!, {
      id: t.RouteTableId!,
      routes: [...(t.Routes ?? []).filter((r) => r.DestinationCidrBlock !== undefined).map((r) => model(r, r.DestinationCidrBlock!)), ...viaList(false)],
      ipv6Routes: [...(t.Routes ?? []).filter((r) => r.DestinationIpv6CidrBlock !== undefined).map((r) => model(r, r.DestinationIpv6CidrBlock!)), ...viaList(true)],
    }];
  }));
  const peerings = new Map(s.list<PeeringRecord>(scope, 'pcx').map((p) => [p.VpcPeeringConnectionId!, { id: p.VpcPeeringConnectionId!, requesterVpcId: p.RequesterVpcInfo!.VpcId!, accepterVpcId: p.AccepterVpcInfo!.VpcId!, active: p.Status?.Code === 'active' }]));
  const natGateways = new Map(s.list<NatGatewayRecord>(scope, 'nat').map((n) => presentNat(ec2, n)).map((n) => [n.NatGatewayId!, {
    id: n.NatGatewayId!, subnetId: n.SubnetId!, available: n.State === 'available', publicIp: n.NatGatewayAddresses?.[0]?.PublicIp, privateIp: n.NatGatewayAddresses?.[0]?.PrivateIp ?? '0.0.0.0',
  }]));
  const interfaces = new Map<string, InterfaceModel>(s.list<NetworkInterfaceRecord>(scope, 'eni').map((e) => [e.NetworkInterfaceId!, {
    id: e.NetworkInterfaceId!, subnetId: e.SubnetId!, privateIp: e.PrivateIpAddress!, publicIp: e.Association?.PublicIp, groupIds: (e.Groups ?? []).map((g) => g.GroupId!),
    privateIps: (e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress!),
    ipv6Addresses: (e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!),
  }]));
  const now = ec2.clock.now();
  const vpnGateways = new Map(s.list<VpnGatewayRecord>(scope, 'vgw').filter((g) => g.State !== 'deleted').flatMap((g) => {
    const a = liveAttachment(presentVgw(now, g));
    return a ? [[g.VpnGatewayId!, { id: g.VpnGatewayId!, vpcId: a.VpcId!, attachment: a.State as 'attaching' | 'attached' }] as const] : [];
  }));
  const gatewayRouteTables = new Map(s.list<RouteTableRecord>(scope, 'rtb').flatMap((t) => (t.Associations ?? []).filter((a) => a.GatewayId !== undefined).map((a) => [a.GatewayId!, t.RouteTableId!] as const)));
  return { vpcs, subnets, securityGroups, networkAcls, routeTables, peerings, natGateways, interfaces, vpnGateways, gatewayRouteTables };
}

/** An instance id, ENI id, internet gateway id, or IPv4 address → a reachability endpoint. */
export function resolveEndpoint(ec2: Ec2Context, scope: Scope, model: NetworkModel, name: string, ip: string | undefined, parameter: string): Endpoint {
  if (name.startsWith('i-')) {
    const i = ec2.store.get<InstanceRecord>(scope, 'instance', name);
    if (!i) throw ec2Error('InvalidInstanceID.NotFound', `The instance ID '${name}' does not exist`);
    const eni = i.NetworkInterfaces?.[0]?.NetworkInterfaceId;
    if (!eni) throw ec2Error('IncorrectInstanceState', `The instance '${name}' has no network interface (it is ${i.State?.Name}).`);
    return { interfaceId: eni };
  }
  if (name.startsWith('eni-')) {
    if (!model.interfaces.has(name)) throw ec2Error('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${name}' does not exist`);
    return { interfaceId: name };
  }
  if (name.startsWith('igw-')) {
    if (!ec2.store.get(scope, 'igw', name)) throw ec2Error('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${name}' does not exist`);
    return { internetAddress: ip ?? '198.51.100.100' };
  }
  if (name.startsWith('vgw-')) return { internetAddress: ip ?? onPremisesAddress(ec2, scope, name) };
  if (name === 'internet') return { internetAddress: ip ?? '198.51.100.100' };
  if (parseIpv4(name) !== undefined) {
    for (const eni of model.interfaces.values()) {
      if (eni.privateIp === name) return { interfaceId: eni.id };
      if (eni.publicIp === name) return { interfaceId: eni.id, publicAddress: true };
    }
    for (const eni of model.interfaces.values()) if (eni.privateIps?.includes(name)) return { interfaceId: eni.id, privateAddress: name };
    return { internetAddress: name };
  }
  const v6 = parseIpv6(name);
  if (v6 !== undefined) {
    // Compare parsed values: "2600:1f18::0:5" and "2600:1f18::5" name the same address.
    for (const eni of model.interfaces.values()) if (eni.ipv6Addresses?.some((a) => parseIpv6(a) === v6)) return { interfaceId: eni.id };
    return { internetAddress: name };
  }
  throw ec2Error('InvalidParameterValue', `Value (${name}) for parameter ${parameter} is invalid. Expected an instance, network interface or internet gateway id, or an IP address.`);
}

/**
 * A virtual private gateway named as an end without an address stands for the first host of the first IPv4 route
 * that targets it (Reachability Analyzer likewise reaches a VGW through the routes to it).
 */
function onPremisesAddress(ec2: Ec2Context, scope: Scope, id: string): string {
  const g = ec2.store.get<VpnGatewayRecord>(scope, 'vgw', id);
  if (!g || g.State === 'deleted') throw ec2Error('InvalidVpnGatewayID.NotFound', `The vpnGateway ID '${id}' does not exist`);
  for (const t of ec2.store.list<RouteTableRecord>(scope, 'rtb')) {
    const route = (t.Routes ?? []).find((r) => r.GatewayId === id && r.DestinationCidrBlock !== undefined);
    if (route) return formatIpv4(parseCidr(route.DestinationCidrBlock!)!.base + 1);
  }
  throw ec2Error('InvalidParameterValue', `No route targets ${id}: give an on-premises address (sourceIp or destinationIp) with it.`);
}

/** 6 when any end of the question is written as an IPv6 address (the verdict then uses the interfaces' IPv6 addresses). */
export function ipVersionOf(...names: readonly (string | undefined)[]): 4 | 6 {
  return names.some((n) => n !== undefined && parseIpv6(n) !== undefined) ? 6 : 4;
}

export function checkProtocol(protocol: string): string {
  const p = protocol.toLowerCase();
  if (Number.isNaN(protocolNumber(p)) || (p !== 'tcp' && p !== 'udp')) throw ec2Error('InvalidParameterValue', `Value (${protocol}) for parameter protocol is invalid. Valid values: tcp, udp.`);
  return p;
}

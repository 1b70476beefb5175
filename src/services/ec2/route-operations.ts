// Route tables: routes (IPv4 or IPv6 destinations) to local/igw/nat/pcx/vgw/eni/instance/tgw/eigw targets with `blackhole` when the target is gone,
// RouteAlreadyExists and InvalidRoute.NotFound, main and subnet associations, and deletes that respect them.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, next, require, scopeOf, tagsFor } from './context.js';
import { dependencyViolation, ec2Error, invalidCidrParameter, missingParameter, notFound } from './errors.js';
import { parseCidr6 } from './cidr6.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { parseRuleCidr } from './network-rules.js';
import { prefixListOf } from './prefix-list-operations.js';
import type { InstanceRecord, NatGatewayRecord, NetworkInterfaceRecord, PeeringRecord, RouteTableRecord, SubnetRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import { liveAttachment, requireVgw, type VpnGatewayRecord } from './vpn-gateway-operations.js';

type Reader = Pick<UnitOfWork, 'get' | 'list'>;

/** A route whose target no longer works (deleted, detached, not active) is a blackhole (VPC User Guide, "Routes"). */
export function routeState(r: Reader, scope: Scope, vpcId: string, route: api.Route): 'active' | 'blackhole' {
  if (route.GatewayId === 'local') return 'active';
  if (route.GatewayId?.startsWith('igw-')) {
    const igw = r.get<api.InternetGateway>(scope, 'igw', route.GatewayId);
    return igw?.Attachments?.some((a) => a.VpcId === vpcId) ? 'active' : 'blackhole';
  }
  if (route.GatewayId?.startsWith('vgw-')) {
    // Attaching or attached to the table's VPC; detaching, detached or deleted gateways leave a blackhole.
    const vgw = r.get<VpnGatewayRecord>(scope, 'vgw', route.GatewayId);
    return vgw && vgw.State !== 'deleted' && liveAttachment(vgw, vpcId) ? 'active' : 'blackhole';
  }
  if (route.NatGatewayId) {
    const nat = r.get<NatGatewayRecord>(scope, 'nat', route.NatGatewayId);
    return nat && nat.State !== 'deleted' && nat.State !== 'deleting' && nat.State !== 'failed' ? 'active' : 'blackhole';
  }
  if (route.VpcPeeringConnectionId) {
    const pcx = r.get<PeeringRecord>(scope, 'pcx', route.VpcPeeringConnectionId);
    return pcx?.Status?.Code === 'active' ? 'active' : 'blackhole';
  }
  if (route.NetworkInterfaceId) return r.get(scope, 'eni', route.NetworkInterfaceId) ? 'active' : 'blackhole';
  if (route.EgressOnlyInternetGatewayId) return r.get(scope, 'eigw', route.EgressOnlyInternetGatewayId) ? 'active' : 'blackhole';
  if (route.InstanceId) {
    const i = r.get<InstanceRecord>(scope, 'instance', route.InstanceId);
    return i && i.State?.Name === 'running' ? 'active' : 'blackhole';
  }
  return 'active';
}

/** The table as Describe answers it, with each route's state computed now. */
export function presentRouteTable(r: Reader, scope: Scope, t: RouteTableRecord): RouteTableRecord {
  return { ...t, Routes: (t.Routes ?? []).map((route) => ({ ...route, State: routeState(r, scope, t.VpcId!, route) })) };
}

const TABLE_FIELDS: FilterFields<RouteTableRecord> = {
  'route-table-id': (t) => t.RouteTableId,
  'vpc-id': (t) => t.VpcId,
  'owner-id': (t) => t.OwnerId,
  'association.main': (t) => (t.Associations ?? []).some((a) => a.Main),
  'association.subnet-id': (t) => (t.Associations ?? []).map((a) => a.SubnetId),
  'association.route-table-association-id': (t) => (t.Associations ?? []).map((a) => a.RouteTableAssociationId),
  'association.route-table-id': (t) => (t.Associations ?? []).map((a) => a.RouteTableId),
  'association.gateway-id': (t) => (t.Associations ?? []).map((a) => a.GatewayId),
  'route.destination-cidr-block': (t) => (t.Routes ?? []).map((r) => r.DestinationCidrBlock),
  'route.destination-ipv6-cidr-block': (t) => (t.Routes ?? []).map((r) => r.DestinationIpv6CidrBlock),
  'route.destination-prefix-list-id': (t) => (t.Routes ?? []).map((r) => r.DestinationPrefixListId),
  'route.egress-only-internet-gateway-id': (t) => (t.Routes ?? []).map((r) => r.EgressOnlyInternetGatewayId),
  'route.gateway-id': (t) => (t.Routes ?? []).map((r) => r.GatewayId),
  'route.nat-gateway-id': (t) => (t.Routes ?? []).map((r) => r.NatGatewayId),
  'route.vpc-peering-connection-id': (t) => (t.Routes ?? []).map((r) => r.VpcPeeringConnectionId),
  'route.state': (t) => (t.Routes ?? []).map((r) => r.State),
  'route.origin': (t) => (t.Routes ?? []).map((r) => r.Origin),
};

export function createRouteTable(ec2: Ec2Context, ctx: RequestContext, input: api.CreateRouteTableRequest): api.CreateRouteTableResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const table: RouteTableRecord = {
      RouteTableId: ec2Id('rtb'),
      VpcId: vpc.VpcId!,
      OwnerId: scope.account,
      Routes: (vpc.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => ({ DestinationCidrBlock: a.CidrBlock!, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' })),
      Associations: [],
      PropagatingVgws: [],
      Tags: tagsFor(input.TagSpecifications, 'route-table'),
    };
    uow.put(scope, 'rtb', table.RouteTableId!, table);
    return { RouteTable: table };
  });
}

export function describeRouteTables(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeRouteTablesRequest): api.DescribeRouteTablesResult {
  const scope = scopeOf(ctx);
  const all = ec2.store.list<RouteTableRecord>(scope, 'rtb').map((t) => presentRouteTable(ec2.store, scope, t));
  const r = describe(all, { ids: input.RouteTableIds, idOf: (t) => t.RouteTableId, notFoundPrefix: 'rtb', filters: input.Filters, fields: TABLE_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 100] });
  return { RouteTables: r.page, ...next(r) };
}

export function deleteRouteTable(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteRouteTableRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const t = require<RouteTableRecord>(uow, scope, 'rtb', input.RouteTableId, 'rtb');
    if ((t.Associations ?? []).length > 0) throw dependencyViolation('routeTable', t.RouteTableId!);
    uow.delete(scope, 'rtb', t.RouteTableId!);
  });
}

interface RouteInput {
  RouteTableId: string | undefined;
  DestinationCidrBlock?: string | undefined;
  DestinationIpv6CidrBlock?: string | undefined;
  DestinationPrefixListId?: string | undefined;
  GatewayId?: string | undefined;
  NatGatewayId?: string | undefined;
  VpcPeeringConnectionId?: string | undefined;
  NetworkInterfaceId?: string | undefined;
  InstanceId?: string | undefined;
  TransitGatewayId?: string | undefined;
  EgressOnlyInternetGatewayId?: string | undefined;
}

/** Checks the one target a route names and returns the route to store. */
function buildRoute(uow: UnitOfWork, scope: Scope, table: RouteTableRecord, input: RouteInput, destination: Destination, origin: string): api.Route {
  const targets = [input.GatewayId, input.NatGatewayId, input.VpcPeeringConnectionId, input.NetworkInterfaceId, input.InstanceId, input.TransitGatewayId, input.EgressOnlyInternetGatewayId].filter((t) => t !== undefined);
  if (targets.length !== 1) throw ec2Error('InvalidParameterCombination', targets.length === 0 ? 'No route target specified.' : 'More than one target specified.');
  if (destination.prefixList) prefixListOf(uow, scope, destination.text);
  const where = destination.prefixList ? { DestinationPrefixListId: destination.text } : destination.ipv6 ? { DestinationIpv6CidrBlock: destination.text } : { DestinationCidrBlock: destination.text };
  const route: api.Route = { ...where, Origin: origin as api.RouteOrigin, State: 'active' };
  const vpcId = table.VpcId!;
  if (input.GatewayId !== undefined) {
    const id = input.GatewayId;
    if (id.startsWith('igw-')) {
      const igw = uow.get<api.InternetGateway>(scope, 'igw', id);
      if (!igw) throw ec2Error('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${id}' does not exist`);
      if (!igw.Attachments?.some((a) => a.VpcId === vpcId)) throw ec2Error('InvalidParameterValue', `route table ${table.RouteTableId} and network gateway ${id} belong to different networks`);
    } else if (id.startsWith('vgw-')) {
      const vgw = requireVgw(uow, scope, id);
      if (!liveAttachment(vgw, vpcId)) throw ec2Error('InvalidParameterValue', `route table ${table.RouteTableId} and network gateway ${id} belong to different networks`);
    } else {
      throw ec2Error('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);
    }
    route.GatewayId = id;
  } else if (input.NatGatewayId !== undefined) {
    const nat = uow.get<NatGatewayRecord>(scope, 'nat', input.NatGatewayId);
    if (!nat || nat.State === 'deleted') throw ec2Error('NatGatewayNotFound', `The natGateway ID '${input.NatGatewayId}' does not exist`);
    route.NatGatewayId = input.NatGatewayId;
  } else if (input.VpcPeeringConnectionId !== undefined) {
    const pcx = uow.get<PeeringRecord>(scope, 'pcx', input.VpcPeeringConnectionId);
    if (!pcx) throw notFound('pcx', input.VpcPeeringConnectionId);
    route.VpcPeeringConnectionId = input.VpcPeeringConnectionId;
  } else if (input.NetworkInterfaceId !== undefined) {
    const eni = uow.get<NetworkInterfaceRecord>(scope, 'eni', input.NetworkInterfaceId);
    if (!eni) throw notFound('eni', input.NetworkInterfaceId);
    route.NetworkInterfaceId = input.NetworkInterfaceId;
    if (eni.Attachment?.InstanceId) route.InstanceId = eni.Attachment.InstanceId;
  } else if (input.InstanceId !== undefined) {
    const i = uow.get<InstanceRecord>(scope, 'instance', input.InstanceId);
    if (!i) throw notFound('i', input.InstanceId);
    route.InstanceId = input.InstanceId;
    const primary = i.NetworkInterfaces?.[0]?.NetworkInterfaceId;
    if (primary) route.NetworkInterfaceId = primary;
  } else if (input.TransitGatewayId !== undefined) {
    // Transit gateways are outside issue 19 (CreateTransitGateway answers 501), so none exists to route to.
    throw ec2Error('InvalidTransitGatewayID.NotFound', `The transitGateway ID '${input.TransitGatewayId}' does not exist`);
  } else if (input.EgressOnlyInternetGatewayId !== undefined) {
    const id = input.EgressOnlyInternetGatewayId;
    const eigw = uow.get<api.EgressOnlyInternetGateway>(scope, 'eigw', id);
    if (!eigw) throw notFound('eigw', id);
    if (!eigw.Attachments?.some((a) => a.VpcId === vpcId)) throw ec2Error('InvalidParameterValue', `route table ${table.RouteTableId} and network gateway ${id} belong to different networks`);
    route.EgressOnlyInternetGatewayId = id;
  }
  route.State = routeState(uow, scope, vpcId, route);
  return route;
}

/** A route's destination: an IPv4 or an IPv6 block (normalised text), which also identifies the route in its table. */
interface Destination {
  text: string;
  ipv6: boolean;
  /** A managed prefix list's id (DestinationPrefixListId); the route covers the list's CIDRs. */
  prefixList?: boolean;
}

function destinationOf(input: RouteInput): Destination {
  const given = [input.DestinationCidrBlock, input.DestinationIpv6CidrBlock, input.DestinationPrefixListId].filter((d) => d !== undefined).length;
  if (input.DestinationPrefixListId !== undefined && given === 1) return { text: input.DestinationPrefixListId, ipv6: false, prefixList: true };
  if (given > 1) {
    throw ec2Error('InvalidParameterCombination', 'Only one of destinationCidrBlock, destinationIpv6CidrBlock and destinationPrefixListId may be specified.');
  }
  if (input.DestinationIpv6CidrBlock !== undefined) {
    const cidr = parseCidr6(input.DestinationIpv6CidrBlock);
    if (!cidr) throw invalidCidrParameter(input.DestinationIpv6CidrBlock, 'destinationIpv6CidrBlock');
    return { text: cidr.text, ipv6: true };
  }
  if (input.DestinationCidrBlock === undefined) throw missingParameter('destinationCidrBlock');
  return { text: parseRuleCidr(input.DestinationCidrBlock, 'destinationCidrBlock').text, ipv6: false };
}

function routeTo(r: api.Route, destination: Destination): boolean {
  if (destination.prefixList) return r.DestinationPrefixListId === destination.text;
  return destination.ipv6 ? r.DestinationIpv6CidrBlock === destination.text : r.DestinationCidrBlock === destination.text;
}

export function createRoute(ec2: Ec2Context, ctx: RequestContext, input: api.CreateRouteRequest): api.CreateRouteResult {
  const scope = scopeOf(ctx);
  const destination = destinationOf(input);
  ec2.store.write((uow) => {
    const t = require<RouteTableRecord>(uow, scope, 'rtb', input.RouteTableId, 'rtb');
    if ((t.Routes ?? []).some((r) => routeTo(r, destination))) {
      throw ec2Error('RouteAlreadyExists', `The route identified by ${destination.text} already exists.`);
    }
    const route = buildRoute(uow, scope, t, input, destination, 'CreateRoute');
    uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: [...(t.Routes ?? []), route] });
  });
  return { Return: true };
}

export function replaceRoute(ec2: Ec2Context, ctx: RequestContext, input: api.ReplaceRouteRequest): void {
  const scope = scopeOf(ctx);
  const destination = destinationOf(input);
  ec2.store.write((uow) => {
    const t = require<RouteTableRecord>(uow, scope, 'rtb', input.RouteTableId, 'rtb');
    const index = (t.Routes ?? []).findIndex((r) => routeTo(r, destination));
    if (index < 0) throw ec2Error('InvalidRoute.NotFound', `There is no route defined for '${destination.text}' in the route table. Use CreateRoute instead.`);
    if (t.Routes![index]!.GatewayId === 'local') throw ec2Error('InvalidParameterValue', `Cannot replace the local route ${destination.text}`);
    const routes = [...t.Routes!];
    routes[index] = buildRoute(uow, scope, t, input, destination, 'CreateRoute');
    uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: routes });
  });
}

export function deleteRoute(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteRouteRequest): void {
  const scope = scopeOf(ctx);
  const destination = destinationOf({ RouteTableId: input.RouteTableId, DestinationCidrBlock: input.DestinationCidrBlock, DestinationIpv6CidrBlock: input.DestinationIpv6CidrBlock, DestinationPrefixListId: input.DestinationPrefixListId });
  ec2.store.write((uow) => {
    const t = require<RouteTableRecord>(uow, scope, 'rtb', input.RouteTableId, 'rtb');
    const route = (t.Routes ?? []).find((r) => routeTo(r, destination));
    if (!route) throw ec2Error('InvalidRoute.NotFound', `no route with destination-${destination.prefixList ? 'prefix-list-id' : destination.ipv6 ? 'ipv6-cidr-block' : 'cidr-block'} ${destination.text} in route table ${t.RouteTableId}`);
    if (route.GatewayId === 'local') throw ec2Error('InvalidParameterValue', `cannot remove local route ${destination.text} in route table ${t.RouteTableId}`);
    uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: t.Routes!.filter((r) => r !== route) });
  });
}

export function associateRouteTable(ec2: Ec2Context, ctx: RequestContext, input: api.AssociateRouteTableRequest): api.AssociateRouteTableResult {
  const scope = scopeOf(ctx);
  if (input.SubnetId !== undefined && input.GatewayId !== undefined) throw ec2Error('InvalidParameterCombination', 'Only one of subnetId and gatewayId may be specified.');
  if (input.GatewayId !== undefined) return associateEdge(ec2, ctx, input.RouteTableId, input.GatewayId);
  if (input.SubnetId === undefined) throw missingParameter('subnetId');
  return ec2.store.write((uow) => {
    const t = require<RouteTableRecord>(uow, scope, 'rtb', input.RouteTableId, 'rtb');
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', input.SubnetId, 'subnet');
    if (subnet.VpcId !== t.VpcId) throw ec2Error('InvalidParameterValue', `Route table ${t.RouteTableId} and subnet ${subnet.SubnetId} belong to different networks`);
    const existing = uow.list<RouteTableRecord>(scope, 'rtb').find((o) => o.Associations?.some((a) => a.SubnetId === subnet.SubnetId));
    if (existing) throw ec2Error('Resource.AlreadyAssociated', `the specified association for route table ${existing.RouteTableId} conflicts with an existing association`);
    const association: api.RouteTableAssociation = { Main: false, RouteTableAssociationId: ec2Id('rtbassoc'), RouteTableId: t.RouteTableId!, SubnetId: subnet.SubnetId!, AssociationState: { State: 'associated' } };
    uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Associations: [...(t.Associations ?? []), association] });
    return { AssociationId: association.RouteTableAssociationId!, AssociationState: { State: 'associated' } };
  });
}

/**
 * A gateway (edge) association: an internet gateway or virtual private gateway attached to the table's VPC routes its
 * inbound traffic through the table (VPC User Guide, "Gateway route tables"); a gateway has one such table. The
 * verdict reads it for traffic entering through that gateway (reachability.ts, `edgeCheck`).
 */
function associateEdge(ec2: Ec2Context, ctx: RequestContext, tableId: string | undefined, gatewayId: string): api.AssociateRouteTableResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const t = require<RouteTableRecord>(uow, scope, 'rtb', tableId, 'rtb');
    const attached = gatewayId.startsWith('vgw-')
      ? liveAttachment(requireVgw(uow, scope, gatewayId), t.VpcId) !== undefined
      : require<api.InternetGateway>(uow, scope, 'igw', gatewayId, 'igw').Attachments?.some((a) => a.VpcId === t.VpcId) === true;
    if (!attached) throw ec2Error('InvalidParameterValue', `Route table ${t.RouteTableId} and network gateway ${gatewayId} belong to different networks`);
    const existing = uow.list<RouteTableRecord>(scope, 'rtb').find((o) => o.Associations?.some((a) => a.GatewayId === gatewayId));
    if (existing) throw ec2Error('Resource.AlreadyAssociated', `the specified association for route table ${existing.RouteTableId} conflicts with an existing association`);
    const association: api.RouteTableAssociation = { Main: false, RouteTableAssociationId: ec2Id('rtbassoc'), RouteTableId: t.RouteTableId!, GatewayId: gatewayId, AssociationState: { State: 'associated' } };
    uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Associations: [...(t.Associations ?? []), association] });
    return { AssociationId: association.RouteTableAssociationId!, AssociationState: { State: 'associated' } };
  });
}

function findAssociation(uow: UnitOfWork, scope: Scope, associationId: string | undefined): { table: RouteTableRecord; association: api.RouteTableAssociation } {
  for (const table of uow.list<RouteTableRecord>(scope, 'rtb')) {
    const association = table.Associations?.find((a) => a.RouteTableAssociationId === associationId);
    if (association) return { table, association };
  }
  throw ec2Error('InvalidAssociationID.NotFound', `The association ID '${associationId ?? ''}' does not exist`);
}

export function disassociateRouteTable(ec2: Ec2Context, ctx: RequestContext, input: api.DisassociateRouteTableRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const { table, association } = findAssociation(uow, scope, input.AssociationId);
    if (association.Main) throw ec2Error('InvalidParameterValue', `cannot disassociate the main route table association ${association.RouteTableAssociationId}`);
    uow.put(scope, 'rtb', table.RouteTableId!, { ...table, Associations: table.Associations!.filter((a) => a !== association) });
  });
}

export function replaceRouteTableAssociation(ec2: Ec2Context, ctx: RequestContext, input: api.ReplaceRouteTableAssociationRequest): api.ReplaceRouteTableAssociationResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const { table, association } = findAssociation(uow, scope, input.AssociationId);
    const target = require<RouteTableRecord>(uow, scope, 'rtb', input.RouteTableId, 'rtb');
    const moved: api.RouteTableAssociation = { ...association, RouteTableAssociationId: ec2Id('rtbassoc'), RouteTableId: target.RouteTableId! };
    uow.put(scope, 'rtb', table.RouteTableId!, { ...table, Associations: table.Associations!.filter((a) => a !== association) });
    const fresh = uow.get<RouteTableRecord>(scope, 'rtb', target.RouteTableId!)!;
    uow.put(scope, 'rtb', target.RouteTableId!, { ...fresh, Associations: [...(fresh.Associations ?? []), moved] });
    return { NewAssociationId: moved.RouteTableAssociationId!, AssociationState: { State: 'associated' } };
  });
}

/** The route table a subnet uses: its explicit association, else the VPC's main table. */
export function routeTableOf(r: Reader, scope: Scope, subnet: SubnetRecord): RouteTableRecord | undefined {
  const tables = r.list<RouteTableRecord>(scope, 'rtb').filter((t) => t.VpcId === subnet.VpcId);
  return tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnet.SubnetId)) ?? tables.find((t) => t.Associations?.some((a) => a.Main));
}

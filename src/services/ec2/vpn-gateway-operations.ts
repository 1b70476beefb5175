// Virtual private gateways as data: create (ipsec.1, AmazonSideAsn checked against the private ranges), describe with
// filters, attach to one VPC (attaching → attached on the runtime clock), detach (detaching → detached; the attachment
// stays listed as detached), delete (refused while attached; the record stays visible as `deleted`) and route
// propagation flags on route tables. VPN connections, customer gateways and Direct Connect are not modelled (501).
// Sources: EC2 API Reference (CreateVpnGateway, AttachVpnGateway, …, "Error codes"), recording
// ../shared/aws-recordings/ec2 test_describe_vpn_gateways_filter_by_vpc, and EC2 errors quoted in public issue threads.
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { validatesThenNotImplemented } from '../service-definition.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, require, scopeOf, tagsFor } from './context.js';
import { ec2Error, missingParameter, notFound } from './errors.js';
import { compileFilters, type FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import type { RouteTableRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

/** The stored gateway: `_since[vpcId]` is when its attachment last began attaching or detaching (runtime clock ms). */
export type VpnGatewayRecord = api.VpnGateway & { _since: Record<string, number> };

/** How long an attachment stays `attaching` / `detaching` on the runtime clock before it settles. */
export const VGW_TRANSITION_MS = 1000;
/** "Default: 64512" (CreateVpnGateway, AmazonSideAsn). */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

type Reader = Pick<UnitOfWork, 'get' | 'list'>;

/** The gateway with each attachment's state now: attaching/detaching settle once VGW_TRANSITION_MS have passed. */
export function presentVgw(now: number, g: VpnGatewayRecord): VpnGatewayRecord {
  const attachments = (g.VpcAttachments ?? []).map((a) => {
    const settled = now - (g._since[a.VpcId!] ?? 0) >= VGW_TRANSITION_MS;
    if (a.State === 'attaching' && settled) return { ...a, State: 'attached' as const };
    if (a.State === 'detaching' && settled) return { ...a, State: 'detached' as const };
    return a;
  });
  return { ...g, VpcAttachments: attachments };
}

/** The gateway's attachment to `vpcId` that still counts (attaching or attached), if any. */
export function liveAttachment(g: api.VpnGateway, vpcId?: string): api.VpcAttachment | undefined {
  return g.VpcAttachments?.find((a) => (vpcId === undefined || a.VpcId === vpcId) && (a.State === 'attaching' || a.State === 'attached'));
}

/** The VPC's gateway that is attaching or attached now (one per VPC), as present on the clock `now`. */
export function vgwOfVpc(r: Reader, scope: Scope, vpcId: string, now: number): VpnGatewayRecord | undefined {
  const g = r.list<VpnGatewayRecord>(scope, 'vgw').find((x) => x.State !== 'deleted' && liveAttachment(x, vpcId));
  return g && presentVgw(now, g);
}

/** A gateway that exists and is not deleted, or InvalidVpnGatewayID.NotFound ("The vpnGateway ID 'vgw-…' does not exist"). */
export function requireVgw(r: Reader, scope: Scope, id: string | undefined): VpnGatewayRecord {
  const g = id === undefined ? undefined : r.get<VpnGatewayRecord>(scope, 'vgw', id);
  if (!g || g.State === 'deleted') throw notFound('vgw', id ?? '');
  return g;
}

const FIELDS: FilterFields<VpnGatewayRecord> = {
  'amazon-side-asn': (g) => (g.AmazonSideAsn === undefined ? undefined : String(g.AmazonSideAsn)),
  'attachment.state': (g) => (g.VpcAttachments ?? []).map((a) => a.State),
  'attachment.vpc-id': (g) => (g.VpcAttachments ?? []).map((a) => a.VpcId),
  'availability-zone': (g) => g.AvailabilityZone,
  'state': (g) => g.State,
  'type': (g) => g.Type,
  'vpn-gateway-id': (g) => g.VpnGatewayId,
};

/** A private ASN: 64512–65534 (16-bit) or 4200000000–4294967294 (32-bit), as CreateVpnGateway documents. */
export function checkAmazonSideAsn(asn: number | undefined): number {
  if (asn === undefined) return DEFAULT_AMAZON_SIDE_ASN;
  const ok = Number.isInteger(asn) && ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294));
  // The code is EC2's; the wording is kumo's (no recorded refusal found), naming the documented ranges.
  if (!ok) throw ec2Error('InvalidParameterValue', `Value (${asn}) for parameter amazonSideAsn is invalid. A private ASN must be in the 64512 to 65534 range or the 4200000000 to 4294967294 range.`);
  return asn;
}

export function createVpnGateway(ec2: Ec2Context, ctx: RequestContext, input: api.CreateVpnGatewayRequest): api.CreateVpnGatewayResult {
  const scope = scopeOf(ctx);
  if (input.Type === undefined) throw missingParameter('type');
  if (input.Type !== 'ipsec.1') throw ec2Error('InvalidParameterValue', `Value (${input.Type}) for parameter type is invalid. Valid values: ipsec.1.`);
  const asn = checkAmazonSideAsn(input.AmazonSideAsn);
  if (input.AvailabilityZone !== undefined && !input.AvailabilityZone.startsWith(scope.region)) {
    throw ec2Error('InvalidParameterValue', `Invalid availability zone: [${input.AvailabilityZone}]`);
  }
  // As recorded: State available at once, VpcAttachments empty, no AvailabilityZone unless one was asked for.
  const gateway: VpnGatewayRecord = {
    State: 'available', Type: 'ipsec.1', VpnGatewayId: ec2Id('vgw'), AmazonSideAsn: asn, VpcAttachments: [],
    ...(input.AvailabilityZone !== undefined ? { AvailabilityZone: input.AvailabilityZone } : {}),
    Tags: tagsFor(input.TagSpecifications, 'vpn-gateway'), _since: {},
  };
  ec2.store.write((uow) => uow.put(scope, 'vgw', gateway.VpnGatewayId!, gateway));
  return { VpnGateway: present(gateway) };
}

const present = ({ _since: _, ...g }: VpnGatewayRecord): api.VpnGateway => g;

export function describeVpnGateways(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeVpnGatewaysRequest): api.DescribeVpnGatewaysResult {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  const all = ec2.store.list<VpnGatewayRecord>(scope, 'vgw').map((g) => presentVgw(now, g));
  let list: VpnGatewayRecord[] = all;
  if (input.VpnGatewayIds && input.VpnGatewayIds.length > 0) {
    const byId = new Map(all.map((g) => [g.VpnGatewayId, g]));
    const missing = input.VpnGatewayIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound('vgw', missing.join(', '));
    list = input.VpnGatewayIds.map((id) => byId.get(id)!);
  }
  const predicate = compileFilters(input.Filters, FIELDS, (g) => (g.Tags ?? []) as { Key: string; Value: string }[]);
  return { VpnGateways: list.filter(predicate).map(present) };
}

export function attachVpnGateway(ec2: Ec2Context, ctx: RequestContext, input: api.AttachVpnGatewayRequest): api.AttachVpnGatewayResult {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  return ec2.store.write((uow) => {
    const stored = requireVgw(uow, scope, input.VpnGatewayId);
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const gateway = presentVgw(now, stored);
    // "You can attach one virtual private gateway to one VPC at a time" (AttachVpnGateway). Codes from the EC2 error
    // code list; their descriptions stand in as messages (no recorded refusal found).
    if (liveAttachment(gateway)) throw ec2Error('VpnGatewayAttachmentLimitExceeded', "You've reached the limit on the number of VPCs that can be attached to the specified virtual private gateway.");
    if (vgwOfVpc(uow, scope, vpc.VpcId!, now)) throw ec2Error('InvalidVpcState', 'The specified VPC already has a virtual private gateway attached to it.');
    const attachment: api.VpcAttachment = { State: 'attaching', VpcId: vpc.VpcId! };
    // A detached attachment to the same VPC is replaced; those to other VPCs stay listed as detached.
    const others = (gateway.VpcAttachments ?? []).filter((a) => a.VpcId !== vpc.VpcId);
    uow.put(scope, 'vgw', gateway.VpnGatewayId!, { ...gateway, VpcAttachments: [...others, attachment], _since: { ...gateway._since, [vpc.VpcId!]: now } });
    return { VpcAttachment: attachment };
  });
}

export function detachVpnGateway(ec2: Ec2Context, ctx: RequestContext, input: api.DetachVpnGatewayRequest): void {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  ec2.store.write((uow) => {
    const gateway = presentVgw(now, requireVgw(uow, scope, input.VpnGatewayId));
    require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const attachment = liveAttachment(gateway, input.VpcId);
    // As EC2 answers it: "The attachment with vpn gateway ID 'vgw-…' and vpc ID 'vpc-…' does not exist".
    if (!attachment) throw ec2Error('InvalidVpnGatewayAttachment.NotFound', `The attachment with vpn gateway ID '${gateway.VpnGatewayId}' and vpc ID '${input.VpcId}' does not exist`);
    const attachments = gateway.VpcAttachments!.map((a) => (a === attachment ? { ...a, State: 'detaching' as const } : a));
    uow.put(scope, 'vgw', gateway.VpnGatewayId!, { ...gateway, VpcAttachments: attachments, _since: { ...gateway._since, [input.VpcId]: now } });
  });
}

export function deleteVpnGateway(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteVpnGatewayRequest): void {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  ec2.store.write((uow) => {
    const gateway = presentVgw(now, requireVgw(uow, scope, input.VpnGatewayId));
    // As EC2 answers a gateway still attached: "IncorrectState: The VPN gateway is in use."
    if ((gateway.VpcAttachments ?? []).some((a) => a.State !== 'detached')) throw ec2Error('IncorrectState', 'The VPN gateway is in use.');
    // Deleted gateways stay listed as `deleted` for a while on EC2; kumo keeps the record with that state.
    uow.put(scope, 'vgw', gateway.VpnGatewayId!, { ...gateway, State: 'deleted' });
  });
}

/**
 * Enable/DisableVgwRoutePropagation: the table then lists (or no longer lists) the gateway in PropagatingVgws. No
 * routes propagate, since routes learnt over BGP need a VPN connection, which kumo does not model.
 */
export function enableVgwRoutePropagation(ec2: Ec2Context, ctx: RequestContext, input: api.EnableVgwRoutePropagationRequest): void {
  setPropagation(ec2, ctx, input.RouteTableId, input.GatewayId, true);
}

export function disableVgwRoutePropagation(ec2: Ec2Context, ctx: RequestContext, input: api.DisableVgwRoutePropagationRequest): void {
  setPropagation(ec2, ctx, input.RouteTableId, input.GatewayId, false);
}

function setPropagation(ec2: Ec2Context, ctx: RequestContext, tableId: string | undefined, gatewayId: string | undefined, on: boolean): void {
  const scope = scopeOf(ctx);
  if (gatewayId === undefined) throw missingParameter('gatewayId');
  ec2.store.write((uow) => {
    const table = require<RouteTableRecord>(uow, scope, 'rtb', tableId, 'rtb');
    requireVgw(uow, scope, gatewayId);
    const others = (table.PropagatingVgws ?? []).filter((p) => p.GatewayId !== gatewayId);
    uow.put(scope, 'rtb', table.RouteTableId!, { ...table, PropagatingVgws: on ? [...others, { GatewayId: gatewayId }] : others });
  });
}

/** What stays out of issue 19's scope: the operations below answer 501 naming it (coverage pages list them as such). */
export const VPN_FEATURE = 'Site-to-Site VPN connections and customer gateways (virtual private gateways are modelled as data; VPN and Direct Connect are not)';

function vpnNotModelled(operation: string): () => never {
  return validatesThenNotImplemented(VPN_FEATURE, () => {
    throw notImplemented('EC2', operation, VPN_FEATURE);
  });
}

export const VPN_NOT_MODELLED = {
  CreateVpnConnection: vpnNotModelled('CreateVpnConnection'),
  CreateVpnConnectionRoute: vpnNotModelled('CreateVpnConnectionRoute'),
  DeleteVpnConnection: vpnNotModelled('DeleteVpnConnection'),
  DeleteVpnConnectionRoute: vpnNotModelled('DeleteVpnConnectionRoute'),
  DescribeVpnConnections: vpnNotModelled('DescribeVpnConnections'),
  ModifyVpnConnection: vpnNotModelled('ModifyVpnConnection'),
  ModifyVpnConnectionOptions: vpnNotModelled('ModifyVpnConnectionOptions'),
  CreateCustomerGateway: vpnNotModelled('CreateCustomerGateway'),
  DeleteCustomerGateway: vpnNotModelled('DeleteCustomerGateway'),
  DescribeCustomerGateways: vpnNotModelled('DescribeCustomerGateways'),
} as const;

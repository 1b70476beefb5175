// Internet gateways (one per VPC, Resource.AlreadyAssociated), NAT gateways (pending → available on the clock) and
// elastic IPs (AddressLimitExceeded at 5 per region, associate/disassociate/release) as EC2 answers them.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { formatIpv4, parseCidr } from './cidr.js';
import { type Ec2Context, describe, isoNow, next, require, scopeOf, tagsFor } from './context.js';
import { dependencyViolation, ec2Error, missingParameter, notFound } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import type { AddressRecord, InstanceRecord, InternetGatewayRecord, NatGatewayRecord, NetworkInterfaceRecord, SubnetRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import { allocatePrivateAddress } from './interface-addresses.js';

/** Elastic IPs per region (EC2 quota "EC2-VPC Elastic IPs", default 5). */
export const ADDRESS_LIMIT = 5;
/** How long a new NAT gateway stays `pending` on the runtime clock before it is `available`. */
export const NAT_PENDING_MS = 1000;

const IGW_FIELDS: FilterFields<InternetGatewayRecord> = {
  'internet-gateway-id': (g) => g.InternetGatewayId,
  'attachment.vpc-id': (g) => (g.Attachments ?? []).map((a) => a.VpcId),
  'attachment.state': (g) => (g.Attachments ?? []).map((a) => a.State),
  'owner-id': (g) => g.OwnerId,
};

export function createInternetGateway(ec2: Ec2Context, ctx: RequestContext, input: api.CreateInternetGatewayRequest): api.CreateInternetGatewayResult {
  const scope = scopeOf(ctx);
  const igw: InternetGatewayRecord = { InternetGatewayId: ec2Id('igw'), OwnerId: scope.account, Attachments: [], Tags: tagsFor(input.TagSpecifications, 'internet-gateway') };
  ec2.store.write((uow) => uow.put(scope, 'igw', igw.InternetGatewayId!, igw));
  return { InternetGateway: igw };
}

export function describeInternetGateways(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeInternetGatewaysRequest): api.DescribeInternetGatewaysResult {
  const all = ec2.store.list<InternetGatewayRecord>(scopeOf(ctx), 'igw');
  const r = describe(all, { ids: input.InternetGatewayIds, idOf: (g) => g.InternetGatewayId, notFoundPrefix: 'igw', filters: input.Filters, fields: IGW_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { InternetGateways: r.page, ...next(r) };
}

export function attachInternetGateway(ec2: Ec2Context, ctx: RequestContext, input: api.AttachInternetGatewayRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const igw = require<InternetGatewayRecord>(uow, scope, 'igw', input.InternetGatewayId, 'igw');
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const attached = igw.Attachments?.[0];
    if (attached) throw ec2Error('Resource.AlreadyAssociated', `resource ${igw.InternetGatewayId} is already attached to network ${attached.VpcId}`);
    const other = uow.list<InternetGatewayRecord>(scope, 'igw').find((g) => g.Attachments?.some((a) => a.VpcId === vpc.VpcId));
    if (other) throw ec2Error('Resource.AlreadyAssociated', `Network ${vpc.VpcId} already has an internet gateway attached`);
    uow.put(scope, 'igw', igw.InternetGatewayId!, { ...igw, Attachments: [{ State: 'available', VpcId: vpc.VpcId! }] });
  });
}

export function detachInternetGateway(ec2: Ec2Context, ctx: RequestContext, input: api.DetachInternetGatewayRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const igw = require<InternetGatewayRecord>(uow, scope, 'igw', input.InternetGatewayId, 'igw');
    require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    if (!igw.Attachments?.some((a) => a.VpcId === input.VpcId)) throw ec2Error('Gateway.NotAttached', `resource ${igw.InternetGatewayId} is not attached to network ${input.VpcId}`);
    // EC2 refuses while public addresses in the VPC are mapped through the gateway.
    const mapped = uow.list<AddressRecord>(scope, 'eip').some((a) => a.NetworkInterfaceId && uow.get<NetworkInterfaceRecord>(scope, 'eni', a.NetworkInterfaceId)?.VpcId === input.VpcId);
    if (mapped) throw ec2Error('DependencyViolation', `Network ${input.VpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    uow.put(scope, 'igw', igw.InternetGatewayId!, { ...igw, Attachments: [] });
  });
}

export function deleteInternetGateway(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteInternetGatewayRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const igw = require<InternetGatewayRecord>(uow, scope, 'igw', input.InternetGatewayId, 'igw');
    if ((igw.Attachments ?? []).length > 0) throw dependencyViolation('internetGateway', igw.InternetGatewayId!);
    uow.delete(scope, 'igw', igw.InternetGatewayId!);
  });
}

/** Public addresses are data (never destinations): drawn from 3.80.0.0/12 in allocation order per region. */
export function nextPublicIp(uow: UnitOfWork, scope: Scope): string {
  const counter = uow.get<{ n: number }>(scope, 'scope', 'public-ip-counter')?.n ?? 0;
  uow.put(scope, 'scope', 'public-ip-counter', { n: counter + 1 });
  return formatIpv4(parseCidr('3.80.0.0/12')!.base + 10 + counter);
}

const ADDRESS_FIELDS: FilterFields<AddressRecord> = {
  'allocation-id': (a) => a.AllocationId,
  'association-id': (a) => a.AssociationId,
  'domain': (a) => a.Domain,
  'instance-id': (a) => a.InstanceId,
  'network-interface-id': (a) => a.NetworkInterfaceId,
  'private-ip-address': (a) => a.PrivateIpAddress,
  'public-ip': (a) => a.PublicIp,
};

export function allocateAddress(ec2: Ec2Context, ctx: RequestContext, input: api.AllocateAddressRequest): api.AllocateAddressResult {
  const scope = scopeOf(ctx);
  if (input.Address !== undefined || input.PublicIpv4Pool !== undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 AllocateAddress: BYOIP pools yet.', 501);
  return ec2.store.write((uow) => {
    if (uow.list(scope, 'eip').length >= ADDRESS_LIMIT) throw ec2Error('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
    const address: AddressRecord = { AllocationId: ec2Id('eipalloc'), PublicIp: nextPublicIp(uow, scope), Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: scope.region, Tags: tagsFor(input.TagSpecifications, 'elastic-ip') };
    uow.put(scope, 'eip', address.AllocationId!, address);
    return { AllocationId: address.AllocationId!, PublicIp: address.PublicIp!, Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: scope.region };
  });
}

export function describeAddresses(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeAddressesRequest): api.DescribeAddressesResult {
  const all = ec2.store.list<AddressRecord>(scopeOf(ctx), 'eip');
  let ids = input.AllocationIds;
  if (input.PublicIps && input.PublicIps.length > 0) {
    const byIp = new Map(all.map((a) => [a.PublicIp, a.AllocationId!]));
    const missing = input.PublicIps.filter((ip) => !byIp.has(ip));
    if (missing.length > 0) throw ec2Error('InvalidAddress.NotFound', `Address '${missing.join(', ')}' not found.`);
    ids = [...(ids ?? []), ...input.PublicIps.map((ip) => byIp.get(ip)!)];
  }
  return { Addresses: describe(all, { ids, idOf: (a) => a.AllocationId, notFoundPrefix: 'eipalloc', filters: input.Filters, fields: ADDRESS_FIELDS }).page };
}

/** Sets or clears the public address an interface (and its instance) shows. */
function setPublicIp(uow: UnitOfWork, scope: Scope, eniId: string, publicIp: string | undefined): void {
  const eni = uow.get<NetworkInterfaceRecord>(scope, 'eni', eniId);
  if (!eni) return;
  const association = publicIp ? { PublicIp: publicIp, IpOwnerId: scope.account, PublicDnsName: `ec2-${publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` } : undefined;
  const updated: NetworkInterfaceRecord = { ...eni, ...(association ? { Association: association } : { Association: undefined }) } as NetworkInterfaceRecord;
  uow.put(scope, 'eni', eniId, updated);
  const instanceId = eni.Attachment?.InstanceId;
  if (instanceId) {
    const i = uow.get<InstanceRecord>(scope, 'instance', instanceId);
    if (i) uow.put(scope, 'instance', instanceId, { ...i, PublicIpAddress: publicIp });
  }
}

export function associateAddress(ec2: Ec2Context, ctx: RequestContext, input: api.AssociateAddressRequest): api.AssociateAddressResult {
  const scope = scopeOf(ctx);
  if (input.AllocationId === undefined) throw missingParameter('allocationId');
  return ec2.store.write((uow) => {
    const address = require<AddressRecord>(uow, scope, 'eip', input.AllocationId, 'eipalloc');
    let eniId = input.NetworkInterfaceId;
    if (input.InstanceId !== undefined) {
      const instance = require<InstanceRecord>(uow, scope, 'instance', input.InstanceId, 'i');
      eniId = instance.NetworkInterfaces?.[0]?.NetworkInterfaceId;
    }
    if (eniId === undefined) throw missingParameter('instanceId');
    const eni = require<NetworkInterfaceRecord>(uow, scope, 'eni', eniId, 'eni');
    if (address.AssociationId && input.AllowReassociation !== true) throw ec2Error('Resource.AlreadyAssociated', `resource ${address.AllocationId} is already associated with associate-id ${address.AssociationId}`);
    const vpcHasIgw = uow.list<InternetGatewayRecord>(scope, 'igw').some((g) => g.Attachments?.some((a) => a.VpcId === eni.VpcId));
    if (!vpcHasIgw) throw ec2Error('Gateway.NotAttached', `Network ${eni.VpcId} is not attached to any internet gateway`);
    if (address.NetworkInterfaceId) setPublicIp(uow, scope, address.NetworkInterfaceId, undefined);
    const associationId = ec2Id('eipassoc');
    uow.put(scope, 'eip', address.AllocationId!, { ...address, AssociationId: associationId, NetworkInterfaceId: eni.NetworkInterfaceId!, NetworkInterfaceOwnerId: scope.account, PrivateIpAddress: eni.PrivateIpAddress!, ...(eni.Attachment?.InstanceId ? { InstanceId: eni.Attachment.InstanceId } : {}) });
    setPublicIp(uow, scope, eni.NetworkInterfaceId!, address.PublicIp);
    return { AssociationId: associationId };
  });
}

export function disassociateAddress(ec2: Ec2Context, ctx: RequestContext, input: api.DisassociateAddressRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const address = uow.list<AddressRecord>(scope, 'eip').find((a) => (input.AssociationId !== undefined ? a.AssociationId === input.AssociationId : a.PublicIp === input.PublicIp && a.AssociationId));
    if (!address) throw notFound('eipassoc', input.AssociationId ?? input.PublicIp ?? '');
    if (address.NetworkInterfaceId) setPublicIp(uow, scope, address.NetworkInterfaceId, undefined);
    const { AssociationId: _a, NetworkInterfaceId: _n, NetworkInterfaceOwnerId: _o, PrivateIpAddress: _p, InstanceId: _i, ...rest } = address;
    uow.put(scope, 'eip', address.AllocationId!, rest);
  });
}

export function releaseAddress(ec2: Ec2Context, ctx: RequestContext, input: api.ReleaseAddressRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const address = input.AllocationId !== undefined ? require<AddressRecord>(uow, scope, 'eip', input.AllocationId, 'eipalloc') : uow.list<AddressRecord>(scope, 'eip').find((a) => a.PublicIp === input.PublicIp);
    if (!address) throw ec2Error('InvalidAddress.NotFound', `Address '${input.PublicIp ?? ''}' not found.`);
    if (address.AssociationId) throw ec2Error('InvalidIPAddress.InUse', `Address ${address.PublicIp} is in use.`);
    const usedByNat = uow.list<NatGatewayRecord>(scope, 'nat').some((n) => n.State !== 'deleted' && n.NatGatewayAddresses?.some((a) => a.AllocationId === address.AllocationId));
    if (usedByNat) throw ec2Error('InvalidIPAddress.InUse', `Address ${address.PublicIp} is in use.`);
    uow.delete(scope, 'eip', address.AllocationId!);
  });
}

const NAT_FIELDS: FilterFields<NatGatewayRecord> = {
  'nat-gateway-id': (n) => n.NatGatewayId,
  'state': (n) => n.State,
  'subnet-id': (n) => n.SubnetId,
  'vpc-id': (n) => n.VpcId,
};

/** The NAT gateway's state now: pending until NAT_PENDING_MS of clock time has passed since creation. */
export function presentNat(ec2: Ec2Context, n: NatGatewayRecord): NatGatewayRecord {
  if (n.State !== 'pending') return n;
  const created = Date.parse(n.CreateTime as unknown as string);
  return ec2.clock.now() - created >= NAT_PENDING_MS ? { ...n, State: 'available' } : n;
}

export function createNatGateway(ec2: Ec2Context, ctx: RequestContext, input: api.CreateNatGatewayRequest): api.CreateNatGatewayResult {
  const scope = scopeOf(ctx);
  const connectivity = input.ConnectivityType ?? 'public';
  return ec2.store.write((uow) => {
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', input.SubnetId, 'subnet');
    let publicIp: string | undefined;
    if (connectivity === 'public') {
      if (input.AllocationId === undefined) throw missingParameter('allocationId');
      const address = require<AddressRecord>(uow, scope, 'eip', input.AllocationId, 'eipalloc');
      const inUse = address.AssociationId !== undefined || uow.list<NatGatewayRecord>(scope, 'nat').some((n) => n.State !== 'deleted' && n.NatGatewayAddresses?.some((a) => a.AllocationId === address.AllocationId));
      if (inUse) throw ec2Error('Resource.AlreadyAssociated', `Elastic IP address [${address.AllocationId}] is already associated`);
      publicIp = address.PublicIp;
    }
    const eni = allocatePrivateAddress(uow, scope, subnet);
    const nat: NatGatewayRecord = {
      NatGatewayId: ec2Id('nat'),
      SubnetId: subnet.SubnetId!,
      VpcId: subnet.VpcId!,
      State: 'pending',
      ConnectivityType: connectivity,
      CreateTime: isoNow(ec2),
      NatGatewayAddresses: [{ PrivateIp: eni, IsPrimary: true, Status: 'succeeded', ...(publicIp ? { PublicIp: publicIp, AllocationId: input.AllocationId! } : {}) }],
      Tags: tagsFor(input.TagSpecifications, 'natgateway'),
    };
    uow.put(scope, 'nat', nat.NatGatewayId!, nat);
    return { NatGateway: nat, ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  });
}

export function describeNatGateways(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeNatGatewaysRequest): api.DescribeNatGatewaysResult {
  const all = ec2.store.list<NatGatewayRecord>(scopeOf(ctx), 'nat').map((n) => presentNat(ec2, n));
  const r = describe(all, { ids: input.NatGatewayIds, idOf: (n) => n.NatGatewayId, notFoundPrefix: 'nat', filters: input.Filter, fields: NAT_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { NatGateways: r.page, ...next(r) };
}

export function deleteNatGateway(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteNatGatewayRequest): api.DeleteNatGatewayResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const nat = uow.get<NatGatewayRecord>(scope, 'nat', input.NatGatewayId);
    if (!nat || nat.State === 'deleted') throw ec2Error('NatGatewayNotFound', `The Nat Gateway ${input.NatGatewayId} was not found`);
    // The NAT gateway's address returns to its subnet; the record stays visible as `deleted`, as EC2 keeps it for a while.
    const subnet = uow.get<SubnetRecord>(scope, 'subnet', nat.SubnetId!);
    if (subnet) uow.put(scope, 'subnet', subnet.SubnetId!, { ...subnet, AvailableIpAddressCount: (subnet.AvailableIpAddressCount ?? 0) + 1 });
    uow.put(scope, 'nat', nat.NatGatewayId!, { ...nat, State: 'deleted', DeleteTime: isoNow(ec2) });
    return { NatGatewayId: nat.NatGatewayId! };
  });
}

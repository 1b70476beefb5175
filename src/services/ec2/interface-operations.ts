// Elastic network interfaces: create in a subnet (address from the subnet, up to 5 security groups), describe with
// EC2's filters, modify source/dest check and groups, attach to and detach from instances, delete unless attached.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, isoNow, next, require, scopeOf, tagsFor } from './context.js';
import { ec2Error } from './errors.js';
import type { FilterFields } from './filters.js';
import { releasePrivateAddresses } from './interface-addresses.js';
import { createInterface, presentInstance } from './instance-operations.js';
import { ec2Id } from './ids.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import type { InstanceRecord, NetworkInterfaceRecord, SecurityGroupRecord, SubnetRecord } from './records.js';
import { allocatePrivateAddress } from './interface-addresses.js';

const ENI_FIELDS: FilterFields<NetworkInterfaceRecord & { Tags?: api.Tag[] }> = {
  'network-interface-id': (e) => e.NetworkInterfaceId,
  'subnet-id': (e) => e.SubnetId,
  'vpc-id': (e) => e.VpcId,
  'availability-zone': (e) => e.AvailabilityZone,
  'private-ip-address': (e) => (e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
  'addresses.private-ip-address': (e) => (e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
  'group-id': (e) => (e.Groups ?? []).map((g) => g.GroupId),
  'attachment.instance-id': (e) => e.Attachment?.InstanceId,
  'attachment.status': (e) => e.Attachment?.Status,
  'status': (e) => e.Status,
  'description': (e) => e.Description,
  'interface-type': (e) => e.InterfaceType,
  'owner-id': (e) => e.OwnerId,
  'source-dest-check': (e) => e.SourceDestCheck,
  'association.public-ip': (e) => e.Association?.PublicIp,
};

export function createNetworkInterface(ec2: Ec2Context, ctx: RequestContext, input: api.CreateNetworkInterfaceRequest): api.CreateNetworkInterfaceResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', input.SubnetId, 'subnet');
    const groups = (input.Groups ?? []).map((id) => {
      const g = require<SecurityGroupRecord>(uow, scope, 'sg', id, 'sg');
      if (g.VpcId !== subnet.VpcId) throw ec2Error('InvalidParameterValue', `Security group ${id} and subnet ${subnet.SubnetId} belong to different networks.`);
      return g;
    });
    if (groups.length > 5) throw ec2Error('SecurityGroupsPerInterfaceLimitExceeded', 'The maximum number of security groups per interface has been reached.');
    if (groups.length === 0) groups.push(uow.list<SecurityGroupRecord>(scope, 'sg').find((g) => g.VpcId === subnet.VpcId && g.GroupName === 'default')!);
    const requested = (input.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!).filter((a) => a !== undefined);
    const eni = createInterface(uow, scope, subnet, groups, {
      privateIp: input.PrivateIpAddress ?? input.PrivateIpAddresses?.[0]?.PrivateIpAddress, description: input.Description ?? '', interfaceType: 'interface',
      ipv6Count: input.Ipv6AddressCount ?? (requested.length === 0 && subnet.AssignIpv6AddressOnCreation ? 1 : 0), ipv6Addresses: requested,
    });
    // Secondary private addresses: the ones asked for by PrivateIpAddresses (after the primary), then
    // SecondaryPrivateIpAddressCount more of the lowest free; each lowers the subnet's available count. Each is
    // stored before the next is chosen (the lowest free address is read from the stored interfaces).
    let withSecondaries = eni;
    const wanted = [...(input.PrivateIpAddresses ?? []).filter((a) => a.PrivateIpAddress !== undefined && a.PrivateIpAddress !== eni.PrivateIpAddress).map((a) => a.PrivateIpAddress), ...Array.from({ length: input.SecondaryPrivateIpAddressCount ?? 0 }, () => undefined)];
    for (const requested of wanted) {
      const ip = allocatePrivateAddress(uow, scope, subnet, requested);
      withSecondaries = { ...withSecondaries, PrivateIpAddresses: [...(withSecondaries.PrivateIpAddresses ?? []), { Primary: false, PrivateIpAddress: ip }] };
      uow.put(scope, 'eni', eni.NetworkInterfaceId!, withSecondaries);
    }
    const tagged = { ...withSecondaries, TagSet: tagsFor(input.TagSpecifications, 'network-interface') };
    uow.put(scope, 'eni', eni.NetworkInterfaceId!, tagged);
    return { NetworkInterface: tagged, ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  });
}

export function describeNetworkInterfaces(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeNetworkInterfacesRequest): api.DescribeNetworkInterfacesResult {
  const all = ec2.store.list<NetworkInterfaceRecord>(scopeOf(ctx), 'eni').map((e) => ({ ...e, Tags: e.TagSet ?? [] }));
  const r = describe(all, { ids: input.NetworkInterfaceIds, idOf: (e) => e.NetworkInterfaceId, notFoundPrefix: 'eni', filters: input.Filters, fields: ENI_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { NetworkInterfaces: r.page.map(({ Tags: _t, ...e }) => e), ...next(r) };
}

export function deleteNetworkInterface(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteNetworkInterfaceRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const eni = require<NetworkInterfaceRecord>(uow, scope, 'eni', input.NetworkInterfaceId, 'eni');
    if (eni.Attachment && eni.Attachment.Status !== 'detached') throw ec2Error('InvalidNetworkInterface.InUse', `Interface: [${eni.NetworkInterfaceId}] in use.`);
    uow.delete(scope, 'eni', eni.NetworkInterfaceId!);
    releasePrivateAddresses(uow, scope, eni.SubnetId!, (eni.PrivateIpAddresses ?? []).length);
  });
}

export function modifyNetworkInterfaceAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyNetworkInterfaceAttributeRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const eni = require<NetworkInterfaceRecord>(uow, scope, 'eni', input.NetworkInterfaceId, 'eni');
    if (input.SourceDestCheck?.Value !== undefined) {
      uow.put(scope, 'eni', eni.NetworkInterfaceId!, { ...eni, SourceDestCheck: input.SourceDestCheck.Value });
    } else if (input.Groups && input.Groups.length > 0) {
      if (input.Groups.length > 5) throw ec2Error('SecurityGroupsPerInterfaceLimitExceeded', 'The maximum number of security groups per interface has been reached.');
      const groups = input.Groups.map((id) => require<SecurityGroupRecord>(uow, scope, 'sg', id, 'sg'));
      const identifiers = groups.map((g) => ({ GroupId: g.GroupId!, GroupName: g.GroupName! }));
      uow.put(scope, 'eni', eni.NetworkInterfaceId!, { ...eni, Groups: identifiers });
      // The instance's primary interface carries its security groups (ModifyInstanceAttribute Groups does the same).
      const instance = eni.Attachment?.InstanceId ? uow.get<InstanceRecord>(scope, 'instance', eni.Attachment.InstanceId) : undefined;
      if (instance && instance.NetworkInterfaces?.[0]?.NetworkInterfaceId === eni.NetworkInterfaceId) {
        uow.put(scope, 'instance', instance.InstanceId!, { ...instance, SecurityGroups: identifiers, NetworkInterfaces: (instance.NetworkInterfaces ?? []).map((n, i) => (i === 0 ? { ...n, Groups: identifiers } : n)) });
      }
    } else {
      throw ec2Error('NotImplemented', 'kumo does not implement ec2 ModifyNetworkInterfaceAttribute: attributes other than SourceDestCheck and Groups yet.', 501);
    }
  });
}

/** AttachNetworkInterface: a second (or further) interface on an instance in the same AZ, at a free device index. */
export function attachNetworkInterface(ec2: Ec2Context, ctx: RequestContext, input: api.AttachNetworkInterfaceRequest): api.AttachNetworkInterfaceResult {
  const scope = scopeOf(ctx);
  const now = ec2.clock.now();
  return ec2.store.write((uow) => {
    const eni = require<NetworkInterfaceRecord>(uow, scope, 'eni', input.NetworkInterfaceId, 'eni');
    const instance = presentInstance(require<InstanceRecord>(uow, scope, 'instance', input.InstanceId, 'i'), now);
    const state = instance.State?.Name;
    if (state !== 'running' && state !== 'stopped') throw ec2Error('IncorrectInstanceState', `The instance '${instance.InstanceId}' is not in a valid state for this operation.`);
    if (eni.Attachment && eni.Attachment.Status !== 'detached') throw ec2Error('InvalidNetworkInterface.InUse', `Interface: [${eni.NetworkInterfaceId}] in use.`);
    if (eni.AvailabilityZone !== instance.Placement?.AvailabilityZone) {
      throw ec2Error('InvalidParameterCombination', `The network interface '${eni.NetworkInterfaceId}' and instance '${instance.InstanceId}' are not in the same availability zone.`);
    }
    const card = input.NetworkCardIndex ?? 0;
    if ((instance.NetworkInterfaces ?? []).some((n) => n.Attachment?.DeviceIndex === input.DeviceIndex && (n.Attachment?.NetworkCardIndex ?? 0) === card)) {
      throw ec2Error('InvalidParameterValue', `Instance '${instance.InstanceId}' already has an interface attached at device index '${input.DeviceIndex}'.`);
    }
    const attachment = { AttachmentId: ec2Id('eni-attach'), AttachTime: isoNow(ec2), DeleteOnTermination: false, DeviceIndex: input.DeviceIndex, NetworkCardIndex: card, InstanceId: instance.InstanceId!, InstanceOwnerId: scope.account, Status: 'attached' as const };
    uow.put(scope, 'eni', eni.NetworkInterfaceId!, { ...eni, Status: 'in-use', Attachment: attachment });
    const nic: api.InstanceNetworkInterface = {
      NetworkInterfaceId: eni.NetworkInterfaceId!, SubnetId: eni.SubnetId!, VpcId: eni.VpcId!, Description: eni.Description ?? '', OwnerId: scope.account, Status: 'in-use',
      MacAddress: eni.MacAddress!, PrivateIpAddress: eni.PrivateIpAddress!, PrivateDnsName: eni.PrivateDnsName!, SourceDestCheck: eni.SourceDestCheck ?? true, InterfaceType: 'interface',
      Groups: eni.Groups!, Attachment: { AttachmentId: attachment.AttachmentId, AttachTime: attachment.AttachTime, DeleteOnTermination: false, DeviceIndex: input.DeviceIndex, NetworkCardIndex: card, Status: 'attached' },
      PrivateIpAddresses: (eni.PrivateIpAddresses ?? []).map((p) => ({ Primary: p.Primary ?? true, PrivateIpAddress: p.PrivateIpAddress!, PrivateDnsName: p.PrivateDnsName! })),
      Ipv6Addresses: (eni.Ipv6Addresses ?? []).map((a) => ({ Ipv6Address: a.Ipv6Address! })),
    };
    const stored = uow.get<InstanceRecord>(scope, 'instance', instance.InstanceId!)!;
    uow.put(scope, 'instance', instance.InstanceId!, { ...stored, NetworkInterfaces: [...(stored.NetworkInterfaces ?? []), nic] });
    return { AttachmentId: attachment.AttachmentId, NetworkCardIndex: card };
  });
}

/** DetachNetworkInterface: the interface becomes available again; the primary one (device index 0) cannot go. */
export function detachNetworkInterface(ec2: Ec2Context, ctx: RequestContext, input: api.DetachNetworkInterfaceRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const eni = uow.list<NetworkInterfaceRecord>(scope, 'eni').find((e) => e.Attachment?.AttachmentId === input.AttachmentId);
    if (!eni) throw ec2Error('InvalidAttachmentID.NotFound', `The attachment ID '${input.AttachmentId}' does not exist`);
    if (eni.Attachment!.DeviceIndex === 0) throw ec2Error('OperationNotPermitted', `The network interface at device index 0 cannot be detached.`);
    detachInterface(uow, scope, eni);
  });
}

/** Removes an interface's attachment on both sides (also used when its instance terminates). */
export function detachInterface(uow: UnitOfWork, scope: Scope, eni: NetworkInterfaceRecord): void {
  const { Attachment, ...rest } = eni;
  uow.put(scope, 'eni', eni.NetworkInterfaceId!, { ...rest, Status: 'available' });
  const instance = Attachment?.InstanceId ? uow.get<InstanceRecord>(scope, 'instance', Attachment.InstanceId) : undefined;
  if (instance) uow.put(scope, 'instance', instance.InstanceId!, { ...instance, NetworkInterfaces: (instance.NetworkInterfaces ?? []).filter((n) => n.NetworkInterfaceId !== eni.NetworkInterfaceId) });
}

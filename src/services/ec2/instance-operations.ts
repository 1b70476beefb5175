// RunInstances and the instance lifecycle as data: default VPC placement, an ENI per instance with a private address
// from the subnet and a public one when the subnet maps them, states that follow the clock, Stop/Start/Terminate
// with DisableApiStop/DisableApiTermination, Describe grouped by reservation with EC2's filters.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { IMAGES, INSTANCE_TYPES } from './catalogue.js';
import { type Ec2Context, describe, isoNow, next, require, scopeOf, tagsFor } from './context.js';
import { ec2Error, instancesNotFound, missingParameter } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { allocatePrivateAddress, releasePrivateAddresses } from './interface-addresses.js';
import { nextPublicIp } from './gateway-operations.js';
import type { AddressRecord, InstanceRecord, KeyPairRecord, NetworkInterfaceRecord, SecurityGroupRecord, SubnetRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import { withLaunchTemplate } from './launch-template-use.js';
import { releaseVolumes } from './volume-operations.js';
import { launchMetadataOptions } from './metadata-options.js';
import { ipv6AddressesFor } from './ipv6-blocks.js';
import { TERMINATED_VISIBLE_MS, currentState, state, userInitiated } from './instance-state.js';

type Stored = InstanceRecord & { _changedAt?: number };

// Records are never changed in place (writes store new objects), so an instance whose clock-settled state differs
// from its stored one is presented by one copy per record and state, not a fresh copy per Describe.
const presented = new WeakMap<Stored, Stored>();

export function presentInstance(i: Stored, now: number): Stored {
  const name = currentState(i, now);
  if (name === i.State?.Name) return i;
  const cached = presented.get(i);
  if (cached?.State?.Name === name) return cached;
  const copy = { ...i, State: state(name) };
  presented.set(i, copy);
  return copy;
}

function privateDnsName(ip: string, region: string): string {
  return region === 'us-east-1' ? `ip-${ip.replaceAll('.', '-')}.ec2.internal` : `ip-${ip.replaceAll('.', '-')}.${region}.compute.internal`;
}

function resolveGroups(uow: UnitOfWork, scope: Scope, vpcId: string, ids: readonly string[] | undefined, names: readonly string[] | undefined): SecurityGroupRecord[] {
  const groups: SecurityGroupRecord[] = [];
  for (const id of ids ?? []) {
    const g = require<SecurityGroupRecord>(uow, scope, 'sg', id, 'sg');
    if (g.VpcId !== vpcId) throw ec2Error('InvalidParameter', `Security group ${id} and subnet belong to different networks.`);
    groups.push(g);
  }
  for (const name of names ?? []) {
    const g = uow.list<SecurityGroupRecord>(scope, 'sg').find((x) => x.VpcId === vpcId && x.GroupName === name);
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${name}' does not exist in VPC '${vpcId}'`);
    groups.push(g);
  }
  if (groups.length === 0) groups.push(uow.list<SecurityGroupRecord>(scope, 'sg').find((g) => g.VpcId === vpcId && g.GroupName === 'default')!);
  if (groups.length > 5) throw ec2Error('SecurityGroupsPerInterfaceLimitExceeded', 'The maximum number of security groups per interface has been reached.');
  return groups;
}

/** An ENI in the subnet with the next free address (or the requested one), staged in `uow`. */
export function createInterface(uow: UnitOfWork, scope: Scope, subnet: SubnetRecord, groups: SecurityGroupRecord[], options: { privateIp?: string | undefined; description?: string; publicIp?: string | undefined; interfaceType?: string; ipv6Count?: number; ipv6Addresses?: readonly string[] }): NetworkInterfaceRecord {
  const ip = allocatePrivateAddress(uow, scope, subnet, options.privateIp);
  // The subnet's taken IPv6 addresses are gathered only when this interface gets some (most launches take none).
  const wantsIpv6 = (options.ipv6Count ?? 0) > 0 || (options.ipv6Addresses?.length ?? 0) > 0;
  const takenIpv6 = wantsIpv6 ? new Set(uow.list<NetworkInterfaceRecord>(scope, 'eni').filter((e) => e.SubnetId === subnet.SubnetId).flatMap((e) => (e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!))) : new Set<string>();
  const ipv6 = ipv6AddressesFor(subnet, takenIpv6, options.ipv6Count ?? 0, options.ipv6Addresses);
  const dns = privateDnsName(ip, scope.region);
  const eni: NetworkInterfaceRecord = {
    NetworkInterfaceId: ec2Id('eni'),
    SubnetId: subnet.SubnetId!,
    VpcId: subnet.VpcId!,
    AvailabilityZone: subnet.AvailabilityZone!,
    Description: options.description ?? '',
    Groups: groups.map((g) => ({ GroupId: g.GroupId!, GroupName: g.GroupName! })),
    InterfaceType: (options.interfaceType ?? 'interface') as api.NetworkInterfaceType,
    MacAddress: `02:${Array.from({ length: 5 }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join(':')}`,
    OwnerId: scope.account,
    PrivateDnsName: dns,
    PrivateIpAddress: ip,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, PrivateDnsName: dns, ...(options.publicIp ? { Association: { PublicIp: options.publicIp, IpOwnerId: 'amazon' } } : {}) }],
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'available',
    TagSet: [],
    Ipv6Addresses: ipv6.map((Ipv6Address) => ({ Ipv6Address, IsPrimaryIpv6: false })),
    ...(options.publicIp ? { Association: { PublicIp: options.publicIp, IpOwnerId: 'amazon', PublicDnsName: `ec2-${options.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` } } : {}),
  };
  uow.put(scope, 'eni', eni.NetworkInterfaceId!, eni);
  return eni;
}

function placement(uow: UnitOfWork, scope: Scope, input: api.RunInstancesRequest): SubnetRecord {
  const nic = input.NetworkInterfaces?.[0];
  const subnetId = input.SubnetId ?? nic?.SubnetId;
  if (subnetId !== undefined) return require<SubnetRecord>(uow, scope, 'subnet', subnetId, 'subnet');
  const vpc = uow.list<VpcRecord>(scope, 'vpc').find((v) => v.IsDefault);
  if (!vpc) throw ec2Error('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  const subnets = uow.list<SubnetRecord>(scope, 'subnet').filter((s) => s.VpcId === vpc.VpcId && s.DefaultForAz);
  const az = input.Placement?.AvailabilityZone;
  const subnet = az !== undefined ? subnets.find((s) => s.AvailabilityZone === az) : subnets[0];
  if (!subnet) throw ec2Error('InvalidParameterValue', `Invalid availability zone: [${az ?? ''}]`);
  return subnet;
}

/** The instance's IamInstanceProfile as Describe shows it: the profile ARN (from a name if need be) and an id. */
function instanceProfile(scope: Scope, spec: api.IamInstanceProfileSpecification): api.IamInstanceProfile {
  const arn = spec.Arn ?? `arn:aws:iam::${scope.account}:instance-profile/${spec.Name ?? ''}`;
  return { Arn: arn, Id: `AIPA${Buffer.from(arn).toString('hex').slice(-17).toUpperCase()}` };
}

export function runInstances(ec2: Ec2Context, ctx: RequestContext, request: api.RunInstancesRequest): api.Reservation {
  const scope = scopeOf(ctx);
  const input = ec2.store.write((uow) => withLaunchTemplate(uow, scope, request));
  if (input.ImageId === undefined) throw missingParameter('ImageId');
  const min = input.MinCount ?? 1;
  const max = input.MaxCount ?? 1;
  if (min < 1 || max < min) throw ec2Error('InvalidParameterValue', `Invalid value '${min}' for minCount. Must be between 1 and ${max}.`);
  const type = input.InstanceType ?? 'm1.small';
  const typeInfo = INSTANCE_TYPES.find((t) => t.type === type);
  if (!typeInfo && type !== 'm1.small') throw ec2Error('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`);
  const metadataOptions = launchMetadataOptions(input.MetadataOptions);
  const now = ec2.clock.now();
  const reservation = ec2.store.write((uow) => {
    const image = IMAGES.find((i) => i.id === input.ImageId) ?? uow.get<api.Image>(scope, 'ami', input.ImageId!);
    if (!image) throw ec2Error('InvalidAMIID.NotFound', `The image id '[${input.ImageId}]' does not exist`);
    if (input.KeyName !== undefined && !uow.list<KeyPairRecord>(scope, 'key').some((k) => k.KeyName === input.KeyName)) {
      throw ec2Error('InvalidKeyPair.NotFound', `The key pair '${input.KeyName}' does not exist`);
    }
    const subnet = placement(uow, scope, input);
    const nic = input.NetworkInterfaces?.[0];
    const groups = resolveGroups(uow, scope, subnet.VpcId!, input.SecurityGroupIds ?? nic?.Groups, input.SecurityGroups);
    const publicWanted = nic?.AssociatePublicIpAddress ?? subnet.MapPublicIpOnLaunch ?? false;
    const reservationId = ec2Id('r');
    const tags = tagsFor(input.TagSpecifications, 'instance');
    const instances: Stored[] = [];
    for (let index = 0; index < max; index++) {
      const instanceId = ec2Id('i');
      const publicIp = publicWanted ? nextPublicIp(uow, scope) : undefined;
      // IPv6: Ipv6AddressCount / Ipv6Addresses (on the request or its first NIC), else one address when the subnet
      // has AssignIpv6AddressOnCreation (VPC User Guide, "IPv6 addressing").
      const requested = (input.Ipv6Addresses ?? nic?.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!).filter((a) => a !== undefined);
      const ipv6Count = input.Ipv6AddressCount ?? nic?.Ipv6AddressCount ?? (requested.length === 0 && subnet.AssignIpv6AddressOnCreation ? 1 : 0);
      const eni = createInterface(uow, scope, subnet, groups, {
        privateIp: index === 0 ? (input.PrivateIpAddress ?? nic?.PrivateIpAddress) : undefined, description: '', publicIp, interfaceType: 'interface',
        ipv6Count, ipv6Addresses: index === 0 ? requested : [],
      });
      const ipv6 = (eni.Ipv6Addresses ?? []).map((a) => ({ Ipv6Address: a.Ipv6Address! }));
      const attachment = { AttachmentId: ec2Id('eni-attach'), AttachTime: isoNow(ec2), DeleteOnTermination: true, DeviceIndex: 0, NetworkCardIndex: 0, InstanceId: instanceId, InstanceOwnerId: scope.account, Status: 'attached' as const };
      uow.put(scope, 'eni', eni.NetworkInterfaceId!, { ...eni, Status: 'in-use', Attachment: attachment });
      const instance: Stored = {
        InstanceId: instanceId,
        ImageId: input.ImageId!,
        State: state('pending'),
        PrivateDnsName: eni.PrivateDnsName!,
        PublicDnsName: publicIp ? `ec2-${publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` : '',
        StateTransitionReason: '',
        AmiLaunchIndex: index,
        ProductCodes: [],
        InstanceType: type,
        LaunchTime: isoNow(ec2),
        Placement: { AvailabilityZone: subnet.AvailabilityZone!, GroupName: '', Tenancy: 'default' },
        Monitoring: { State: 'disabled' },
        SubnetId: subnet.SubnetId!,
        VpcId: subnet.VpcId!,
        PrivateIpAddress: eni.PrivateIpAddress!,
        Architecture: (typeInfo?.arch ?? 'x86_64'),
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: [],
        EbsOptimized: false,
        EnaSupport: true,
        Hypervisor: 'xen',
        VirtualizationType: 'hvm',
        SourceDestCheck: true,
        SecurityGroups: groups.map((g) => ({ GroupId: g.GroupId!, GroupName: g.GroupName! })),
        NetworkInterfaces: [{
          NetworkInterfaceId: eni.NetworkInterfaceId!, SubnetId: subnet.SubnetId!, VpcId: subnet.VpcId!, Description: '', OwnerId: scope.account, Status: 'in-use',
          MacAddress: eni.MacAddress!, PrivateIpAddress: eni.PrivateIpAddress!, PrivateDnsName: eni.PrivateDnsName!, SourceDestCheck: true, InterfaceType: 'interface',
          Groups: eni.Groups!, Attachment: { AttachmentId: attachment.AttachmentId, AttachTime: attachment.AttachTime, DeleteOnTermination: true, DeviceIndex: 0, NetworkCardIndex: 0, Status: 'attached' },
          PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: eni.PrivateIpAddress!, PrivateDnsName: eni.PrivateDnsName! }], Ipv6Addresses: ipv6,
        }],
        ...(ipv6[0] ? { Ipv6Address: ipv6[0].Ipv6Address } : {}),
        MetadataOptions: metadataOptions,
        Tags: tags,
        ClientToken: input.ClientToken ?? '',
        ...(publicIp ? { PublicIpAddress: publicIp } : {}),
        ...(input.KeyName !== undefined ? { KeyName: input.KeyName } : {}),
        ...(input.IamInstanceProfile !== undefined ? { IamInstanceProfile: instanceProfile(scope, input.IamInstanceProfile) } : {}),
        ...(input.Monitoring?.Enabled === true ? { Monitoring: { State: 'enabled' as const } } : {}),
        ...((image as { platform?: string }).platform === 'windows' ? { Platform: 'Windows' as const, PlatformDetails: 'Windows' } : { PlatformDetails: 'Linux/UNIX' }),
        _reservationId: reservationId,
        _ownerId: scope.account,
        _changedAt: now,
        ...(input.UserData !== undefined ? { _userData: input.UserData } : {}),
        _disableApiTermination: input.DisableApiTermination ?? false,
        _disableApiStop: input.DisableApiStop ?? false,
        _shutdownBehavior: input.InstanceInitiatedShutdownBehavior ?? 'stop',
        ...(ec2.runner ? { _managed: true } : {}),
      };
      uow.put(scope, 'instance', instanceId, instance);
      instances.push(instance);
    }
    return { ReservationId: reservationId, OwnerId: scope.account, Groups: [], Instances: instances };
  });
  ec2.runner?.launch(scope, reservation.Instances.map((i) => i.InstanceId!));
  return reservation;
}

const INSTANCE_FIELDS: FilterFields<Stored> = {
  'instance-id': (i) => i.InstanceId,
  'instance-state-name': (i) => i.State?.Name,
  'instance-state-code': (i) => i.State?.Code,
  'instance-type': (i) => i.InstanceType,
  'image-id': (i) => i.ImageId,
  'vpc-id': (i) => i.VpcId,
  'subnet-id': (i) => i.SubnetId,
  'availability-zone': (i) => i.Placement?.AvailabilityZone,
  'private-ip-address': (i) => i.PrivateIpAddress,
  'ip-address': (i) => i.PublicIpAddress,
  'private-dns-name': (i) => i.PrivateDnsName,
  'dns-name': (i) => i.PublicDnsName,
  'key-name': (i) => i.KeyName,
  'reservation-id': (i) => i._reservationId,
  'owner-id': (i) => i._ownerId,
  'architecture': (i) => i.Architecture,
  'launch-index': (i) => i.AmiLaunchIndex,
  'instance.group-id': (i) => (i.SecurityGroups ?? []).map((g) => g.GroupId),
  'instance.group-name': (i) => (i.SecurityGroups ?? []).map((g) => g.GroupName),
  'network-interface.network-interface-id': (i) => (i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId),
  'platform-details': (i) => i.PlatformDetails,
  'root-device-type': (i) => i.RootDeviceType,
};

/** Instances as of now: settled states, terminated ones dropped after an hour. */
export function liveInstances(ec2: Ec2Context, scope: Scope): Stored[] {
  const now = ec2.clock.now();
  const out: Stored[] = [];
  for (const i of ec2.store.list<Stored>(scope, 'instance')) {
    const p = presentInstance(i, now);
    if (p.State?.Name === 'terminated' && now - (i._changedAt ?? 0) > TERMINATED_VISIBLE_MS) continue;
    out.push(p);
  }
  return out;
}

export function describeInstances(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeInstancesRequest): api.DescribeInstancesResult {
  const all = liveInstances(ec2, scopeOf(ctx));
  if (input.InstanceIds && input.InstanceIds.length > 0) {
    const known = new Set(all.map((i) => i.InstanceId));
    const missing = input.InstanceIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw instancesNotFound(missing);
  }
  const r = describe(all, { ids: input.InstanceIds, idOf: (i) => i.InstanceId, notFoundPrefix: 'i', filters: input.Filters, fields: INSTANCE_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  const reservations = new Map<string, api.Reservation>();
  for (const i of r.page) {
    let res = reservations.get(i._reservationId);
    if (!res) {
      res = { ReservationId: i._reservationId, OwnerId: i._ownerId, Groups: [], Instances: [] };
      reservations.set(i._reservationId, res);
    }
    res.Instances!.push(i);
  }
  return { Reservations: [...reservations.values()], ...next(r) };
}

type Change = api.InstanceStateChange;

/** Applies a lifecycle action to each instance (all must exist), in one unit of work. */
function transition(ec2: Ec2Context, ctx: RequestContext, ids: readonly string[] | undefined, apply: (uow: UnitOfWork, scope: Scope, i: Stored, current: api.InstanceStateName, now: number) => Stored): Change[] {
  const scope = scopeOf(ctx);
  if (!ids || ids.length === 0) throw missingParameter('InstanceId');
  const now = ec2.clock.now();
  return ec2.store.write((uow) => {
    const missing = ids.filter((id) => !uow.get(scope, 'instance', id));
    if (missing.length > 0) throw instancesNotFound(missing);
    return ids.map((id) => {
      const stored = presentInstance(uow.get<Stored>(scope, 'instance', id)!, now);
      const previous = stored.State!.Name!;
      const updated = apply(uow, scope, stored, previous, now);
      uow.put(scope, 'instance', id, updated);
      return { InstanceId: id, PreviousState: state(previous), CurrentState: updated.State! };
    });
  });
}

function releasePublicIp(uow: UnitOfWork, scope: Scope, i: Stored): Stored {
  const eniId = i.NetworkInterfaces?.[0]?.NetworkInterfaceId;
  const elastic = uow.list<AddressRecord>(scope, 'eip').some((a) => a.NetworkInterfaceId === eniId);
  if (elastic || !i.PublicIpAddress) return i;
  const { PublicIpAddress: _p, ...rest } = i;
  return { ...rest, PublicDnsName: '' };
}

export function stopInstances(ec2: Ec2Context, ctx: RequestContext, input: api.StopInstancesRequest): api.StopInstancesResult {
  const changes = transition(ec2, ctx, input.InstanceIds, (uow, scope, i, current, now) => {
    if (i._disableApiStop) throw ec2Error('OperationNotPermitted', `The instance '${i.InstanceId}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`);
    if (current === 'stopped' || current === 'stopping') return i;
    if (current !== 'running' && current !== 'pending') throw ec2Error('IncorrectInstanceState', `This instance '${i.InstanceId}' is not in a state from which it can be stopped.`);
    return stopRecord(uow, scope, i, now, USER_SHUTDOWN, userInitiated(now));
  });
  ec2.runner?.changed(scopeOf(ctx), changes);
  return { StoppingInstances: changes };
}

export function startInstances(ec2: Ec2Context, ctx: RequestContext, input: api.StartInstancesRequest): api.StartInstancesResult {
  const changes = transition(ec2, ctx, input.InstanceIds, (uow, scope, i, current, now) => {
    if (current === 'running' || current === 'pending') return i;
    if (current !== 'stopped') throw ec2Error('IncorrectInstanceState', `The instance '${i.InstanceId}' is not in a state from which it can be started.`);
    const subnet = uow.get<SubnetRecord>(scope, 'subnet', i.SubnetId!);
    const elastic = uow.list<AddressRecord>(scope, 'eip').find((a) => a.InstanceId === i.InstanceId);
    const publicIp = elastic?.PublicIp ?? (subnet?.MapPublicIpOnLaunch ? nextPublicIp(uow, scope) : undefined);
    const { StateReason: _r, _impaired: _x, ...rest } = i;
    return { ...rest, State: state('pending'), _changedAt: now, StateTransitionReason: '', ...(publicIp ? { PublicIpAddress: publicIp, PublicDnsName: `ec2-${publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` } : {}) };
  });
  ec2.runner?.changed(scopeOf(ctx), changes);
  return { StartingInstances: changes };
}

const USER_SHUTDOWN = { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
/** A shutdown from inside the instance (its process exited by itself). */
export const INSTANCE_SHUTDOWN = { Code: 'Client.InstanceInitiatedShutdown', Message: 'Client.InstanceInitiatedShutdown: Instance initiated shutdown' };

/** Terminating an instance: its primary ENI goes (DeleteOnTermination) and elastic IPs are disassociated. */
export function terminateRecord(uow: UnitOfWork, scope: Scope, i: Stored, now: number, reason: api.StateReason, transitionReason: string): Stored {
  for (const nic of i.NetworkInterfaces ?? []) {
    const eniId = nic.NetworkInterfaceId!;
    for (const a of uow.list<AddressRecord>(scope, 'eip').filter((x) => x.NetworkInterfaceId === eniId)) {
      const { AssociationId: _a, NetworkInterfaceId: _n, NetworkInterfaceOwnerId: _o, PrivateIpAddress: _p, InstanceId: _i, ...rest } = a;
      uow.put(scope, 'eip', a.AllocationId!, rest);
    }
    const eni = uow.get<NetworkInterfaceRecord>(scope, 'eni', eniId);
    if (eni && eni.Attachment?.DeleteOnTermination === false) {
      // An interface attached later (DeleteOnTermination false) is detached and kept.
      const { Attachment: _a, ...kept } = eni;
      uow.put(scope, 'eni', eniId, { ...kept, Status: 'available' });
    } else if (eni) {
      uow.delete(scope, 'eni', eniId);
      releasePrivateAddresses(uow, scope, eni.SubnetId!, (eni.PrivateIpAddresses ?? []).length);
    }
  }
  releaseVolumes(uow, scope, i.InstanceId!, now);
  const { PublicIpAddress: _p, ...rest } = i;
  return { ...rest, PublicDnsName: '', NetworkInterfaces: [], SecurityGroups: [], BlockDeviceMappings: [], State: state('shutting-down'), _changedAt: now, StateTransitionReason: transitionReason, StateReason: reason };
}

/** A stopped instance gives its auto-assigned public address back; an elastic IP stays (EC2 User Guide, "Stop and start"). */
export function stopRecord(uow: UnitOfWork, scope: Scope, i: Stored, now: number, reason: api.StateReason, transitionReason: string): Stored {
  return { ...releasePublicIp(uow, scope, i), State: state('stopping'), _changedAt: now, StateTransitionReason: transitionReason, StateReason: reason };
}

export function terminateInstances(ec2: Ec2Context, ctx: RequestContext, input: api.TerminateInstancesRequest): api.TerminateInstancesResult {
  const changes = transition(ec2, ctx, input.InstanceIds, (uow, scope, i, current, now) => {
    if (current === 'terminated' || current === 'shutting-down') return i;
    if (i._disableApiTermination) throw ec2Error('OperationNotPermitted', `The instance '${i.InstanceId}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
    return terminateRecord(uow, scope, i, now, USER_SHUTDOWN, userInitiated(now));
  });
  ec2.runner?.changed(scopeOf(ctx), changes);
  return { TerminatingInstances: changes };
}

export function rebootInstances(ec2: Ec2Context, ctx: RequestContext, input: api.RebootInstancesRequest): void {
  const ids = input.InstanceIds ?? [];
  transition(ec2, ctx, input.InstanceIds, (_uow, _scope, i, current) => {
    if (current === 'terminated' || current === 'shutting-down') throw ec2Error('IncorrectInstanceState', `The instance '${i.InstanceId}' is not in a state from which it can be rebooted.`);
    return i;
  });
  ec2.runner?.reboot(scopeOf(ctx), ids);
}

export function describeInstanceStatus(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeInstanceStatusRequest): api.DescribeInstanceStatusResult {
  const all = liveInstances(ec2, scopeOf(ctx)).filter((i) => input.IncludeAllInstances === true || i.State?.Name === 'running');
  const fields: FilterFields<Stored> = { 'instance-state-name': (i) => i.State?.Name, 'instance-state-code': (i) => i.State?.Code, 'availability-zone': (i) => i.Placement?.AvailabilityZone };
  const r = describe(all, { ids: input.InstanceIds, idOf: (i) => i.InstanceId, notFoundPrefix: 'i', filters: input.Filters, fields, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  const ok = (running: boolean): api.InstanceStatusSummary => (running ? { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] } : { Status: 'not-applicable' });
  // A crashed instance process fails the instance reachability check, as a hung OS does (EC2 "Status checks").
  const instanceCheck = (i: Stored): api.InstanceStatusSummary => (i.State?.Name === 'running' && i._impaired !== undefined
    ? { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed', ImpairedSince: new Date(i._impaired).toISOString() as unknown as Date }] }
    : ok(i.State?.Name === 'running'));
  return {
    InstanceStatuses: r.page.map((i) => ({ InstanceId: i.InstanceId!, AvailabilityZone: i.Placement!.AvailabilityZone!, InstanceState: i.State!, InstanceStatus: instanceCheck(i), SystemStatus: ok(i.State?.Name === 'running'), AttachedEbsStatus: { Status: 'not-applicable' } })),
    ...next(r),
  };
}

export function modifyInstanceAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyInstanceAttributeRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const i = require<Stored>(uow, scope, 'instance', input.InstanceId, 'i');
    if (input.DisableApiTermination?.Value !== undefined) uow.put(scope, 'instance', i.InstanceId!, { ...i, _disableApiTermination: input.DisableApiTermination.Value });
    else if (input.DisableApiStop?.Value !== undefined) uow.put(scope, 'instance', i.InstanceId!, { ...i, _disableApiStop: input.DisableApiStop.Value });
    else if (input.InstanceInitiatedShutdownBehavior?.Value !== undefined) uow.put(scope, 'instance', i.InstanceId!, { ...i, _shutdownBehavior: input.InstanceInitiatedShutdownBehavior.Value });
    else throw ec2Error('NotImplemented', 'kumo does not implement ec2 ModifyInstanceAttribute: attributes other than disableApiTermination, disableApiStop and instanceInitiatedShutdownBehavior yet.', 501);
  });
}

export function describeInstanceAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeInstanceAttributeRequest): api.InstanceAttribute {
  const i = ec2.store.write((uow) => require<Stored>(uow, scopeOf(ctx), 'instance', input.InstanceId, 'i'));
  const base = { InstanceId: i.InstanceId! };
  switch (input.Attribute) {
    case 'disableApiTermination':
      return { ...base, DisableApiTermination: { Value: i._disableApiTermination ?? false } };
    case 'disableApiStop':
      return { ...base, DisableApiStop: { Value: i._disableApiStop ?? false } };
    case 'instanceInitiatedShutdownBehavior':
      return { ...base, InstanceInitiatedShutdownBehavior: { Value: i._shutdownBehavior ?? 'stop' } };
    case 'instanceType':
      return { ...base, InstanceType: { Value: i.InstanceType! } };
    case 'userData':
      return { ...base, UserData: i._userData !== undefined ? { Value: i._userData } : {} };
    default:
      throw ec2Error('NotImplemented', `kumo does not implement ec2 DescribeInstanceAttribute: ${input.Attribute} yet.`, 501);
  }
}

/** GetConsoleOutput: the instance's console log (its process output) base64-encoded, the last 64 KB as EC2 keeps. */
export function getConsoleOutput(ec2: Ec2Context, ctx: RequestContext, input: api.GetConsoleOutputRequest): api.GetConsoleOutputResult {
  const i = ec2.store.write((uow) => require<Stored>(uow, scopeOf(ctx), 'instance', input.InstanceId, 'i'));
  const log = ec2.runner?.consoleLog(i.InstanceId!);
  return { InstanceId: i.InstanceId!, Timestamp: isoNow(ec2), ...(log && log.length > 0 ? { Output: log.subarray(-64 * 1024).toString('base64') } : {}) };
}

// AssignPrivateIpAddresses and UnassignPrivateIpAddresses: secondary private IPv4 addresses on an ENI (and on its
// instance's copy of it), taken from and given back to the subnet; the VPC world adds them to the instance's veth.
// Sources: EC2 API Reference (AssignPrivateIpAddresses, UnassignPrivateIpAddresses); PrivateIpAddressLimitExceeded's
// text as quoted in public issue threads (aws/amazon-vpc-cni-k8s #989, cilium/cilium #36428).
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, require, scopeOf } from './context.js';
import { ec2Error } from './errors.js';
import { allocatePrivateAddress, releasePrivateAddresses } from './interface-addresses.js';
import type { InstanceRecord, NetworkInterfaceRecord, SubnetRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

/** Every instance type kumo lists has Ipv4AddressesPerInterface 6 (DescribeInstanceTypes), primary included. */
export const IPV4_ADDRESSES_PER_INTERFACE = 6;

type Address = NonNullable<NetworkInterfaceRecord['PrivateIpAddresses']>[number];

/** Writes the ENI's addresses, and the attached instance's copy of that interface. */
function putAddresses(uow: UnitOfWork, scope: Scope, eni: NetworkInterfaceRecord, addresses: Address[]): void {
  uow.put(scope, 'eni', eni.NetworkInterfaceId!, { ...eni, PrivateIpAddresses: addresses });
  const instanceId = eni.Attachment?.InstanceId;
  const instance = instanceId === undefined ? undefined : uow.get<InstanceRecord>(scope, 'instance', instanceId);
  if (!instance) return;
  const nics = (instance.NetworkInterfaces ?? []).map((n) => (n.NetworkInterfaceId === eni.NetworkInterfaceId ? { ...n, PrivateIpAddresses: addresses.map((a) => ({ Primary: a.Primary ?? false, PrivateIpAddress: a.PrivateIpAddress!, ...(a.PrivateDnsName ? { PrivateDnsName: a.PrivateDnsName } : {}) })) } : n));
  uow.put(scope, 'instance', instance.InstanceId!, { ...instance, NetworkInterfaces: nics });
}

export function assignPrivateIpAddresses(ec2: Ec2Context, ctx: RequestContext, input: api.AssignPrivateIpAddressesRequest): api.AssignPrivateIpAddressesResult {
  if (input.Ipv4Prefixes !== undefined || input.Ipv4PrefixCount !== undefined) throw notImplemented('ec2', 'AssignPrivateIpAddresses', 'IPv4 prefix delegation (Ipv4Prefixes, Ipv4PrefixCount)');
  const wanted = input.PrivateIpAddresses ?? [];
  const count = input.SecondaryPrivateIpAddressCount;
  // "You can't specify this parameter when also specifying a number of secondary IP addresses" (API Reference); the
  // codes are EC2's, the wording kumo's.
  if (wanted.length > 0 && count !== undefined) throw ec2Error('InvalidParameterCombination', 'You may specify either privateIpAddresses or secondaryPrivateIpAddressCount, not both.');
  if (wanted.length === 0 && count === undefined) throw ec2Error('MissingParameter', 'Either privateIpAddresses or secondaryPrivateIpAddressCount must be specified.');
  if (count !== undefined && count < 1) throw ec2Error('InvalidParameterValue', `Value (${count}) for parameter secondaryPrivateIpAddressCount is invalid. Expected a positive integer.`);
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const eni = require<NetworkInterfaceRecord>(uow, scope, 'eni', input.NetworkInterfaceId, 'eni');
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', eni.SubnetId, 'subnet');
    const current = eni.PrivateIpAddresses ?? [];
    const adding = wanted.filter((a) => !current.some((c) => c.PrivateIpAddress === a));
    const total = current.length + (count ?? adding.length);
    if (eni.Attachment?.InstanceId !== undefined && total > IPV4_ADDRESSES_PER_INTERFACE) throw ec2Error('PrivateIpAddressLimitExceeded', 'Number of private addresses will exceed limit.');
    const assigned: string[] = [];
    // Each address is stored before the next is chosen: the lowest free one is read from the stored interfaces.
    const take = (address: string | undefined) => {
      const ip = allocatePrivateAddress(uow, scope, subnet, address);
      const fresh = uow.get<NetworkInterfaceRecord>(scope, 'eni', eni.NetworkInterfaceId!)!;
      putAddresses(uow, scope, fresh, [...(fresh.PrivateIpAddresses ?? []), { Primary: false, PrivateIpAddress: ip }]);
      assigned.push(ip);
    };
    for (const address of adding) {
      // AllowReassignment moves a secondary address from another interface in the subnet; a primary one never moves.
      const holder = uow.list<NetworkInterfaceRecord>(scope, 'eni').find((e) => e.SubnetId === eni.SubnetId && e.NetworkInterfaceId !== eni.NetworkInterfaceId && (e.PrivateIpAddresses ?? []).some((a) => a.PrivateIpAddress === address));
      if (holder && input.AllowReassignment === true) {
        const held = holder.PrivateIpAddresses!.find((a) => a.PrivateIpAddress === address)!;
        if (held.Primary) throw ec2Error('InvalidIPAddress.InUse', `Address ${address} is in use.`);
        putAddresses(uow, scope, holder, holder.PrivateIpAddresses!.filter((a) => a.PrivateIpAddress !== address));
        releasePrivateAddresses(uow, scope, eni.SubnetId!, 1);
      }
      take(address);
    }
    for (let i = 0; i < (count ?? 0); i++) take(undefined);
    return { NetworkInterfaceId: eni.NetworkInterfaceId!, AssignedPrivateIpAddresses: assigned.map((ip) => ({ PrivateIpAddress: ip })) };
  });
}

export function unassignPrivateIpAddresses(ec2: Ec2Context, ctx: RequestContext, input: api.UnassignPrivateIpAddressesRequest): void {
  if (input.Ipv4Prefixes !== undefined) throw notImplemented('ec2', 'UnassignPrivateIpAddresses', 'IPv4 prefix delegation (Ipv4Prefixes)');
  const wanted = input.PrivateIpAddresses ?? [];
  if (wanted.length === 0) throw ec2Error('MissingParameter', 'The request must contain the parameter privateIpAddress');
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const eni = require<NetworkInterfaceRecord>(uow, scope, 'eni', input.NetworkInterfaceId, 'eni');
    const current = eni.PrivateIpAddresses ?? [];
    for (const address of wanted) {
      const a = current.find((c) => c.PrivateIpAddress === address);
      // The codes are EC2's; the wording kumo's.
      if (!a) throw ec2Error('InvalidParameterValue', `Some of the specified addresses are not assigned to interface ${eni.NetworkInterfaceId}`);
      if (a.Primary) throw ec2Error('InvalidParameterValue', `The primary private IP address ${address} of interface ${eni.NetworkInterfaceId} cannot be unassigned.`);
    }
    const removed = new Set(wanted);
    putAddresses(uow, scope, eni, current.filter((c) => !removed.has(c.PrivateIpAddress!)));
    releasePrivateAddresses(uow, scope, eni.SubnetId!, removed.size);
  });
}

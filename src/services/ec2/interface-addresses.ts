// Private addresses from a subnet: the lowest free address after the five reserved, taken by ENIs and NAT gateways,
// with the subnet's AvailableIpAddressCount kept in step (it falls as addresses are taken).
import { formatIpv4, isReserved, parseCidr, parseIpv4, firstFreeAddress } from './cidr.js';
import { ec2Error } from './errors.js';
import type { NatGatewayRecord, NetworkInterfaceRecord, SubnetRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

function takenAddresses(uow: UnitOfWork, scope: Scope, subnetId: string): Set<number> {
  const taken = new Set<number>();
  for (const eni of uow.list<NetworkInterfaceRecord>(scope, 'eni')) {
    if (eni.SubnetId !== subnetId) continue;
    for (const a of eni.PrivateIpAddresses ?? []) taken.add(parseIpv4(a.PrivateIpAddress!)!);
  }
  for (const nat of uow.list<NatGatewayRecord>(scope, 'nat')) {
    if (nat.SubnetId !== subnetId || nat.State === 'deleted') continue;
    for (const a of nat.NatGatewayAddresses ?? []) if (a.PrivateIp) taken.add(parseIpv4(a.PrivateIp)!);
  }
  return taken;
}

/** Takes an address (the requested one, or the lowest free) and lowers the subnet's available count. */
export function allocatePrivateAddress(uow: UnitOfWork, scope: Scope, subnet: SubnetRecord, requested?: string): string {
  const cidr = parseCidr(subnet.CidrBlock!)!;
  const taken = takenAddresses(uow, scope, subnet.SubnetId!);
  let address: number | undefined;
  if (requested !== undefined) {
    address = parseIpv4(requested);
    if (address === undefined || address < cidr.base || address >= cidr.base + 2 ** (32 - cidr.prefix)) {
      throw ec2Error('InvalidParameterValue', `Address ${requested} does not fall within the subnet's address range`);
    }
    if (isReserved(cidr, address)) throw ec2Error('InvalidParameterValue', `Address ${requested} is in subnet's reserved address range`);
    if (taken.has(address)) throw ec2Error('InvalidIPAddress.InUse', `Address ${requested} is in use.`);
  } else {
    address = firstFreeAddress(cidr, taken);
    if (address === undefined) throw ec2Error('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.SubnetId}' to satisfy the requested number of instances.`);
  }
  const current = uow.get<SubnetRecord>(scope, 'subnet', subnet.SubnetId!) ?? subnet;
  uow.put(scope, 'subnet', subnet.SubnetId!, { ...current, AvailableIpAddressCount: (current.AvailableIpAddressCount ?? 0) - 1 });
  return formatIpv4(address);
}

/** Gives addresses back to the subnet's available count. */
export function releasePrivateAddresses(uow: UnitOfWork, scope: Scope, subnetId: string, count: number): void {
  const subnet = uow.get<SubnetRecord>(scope, 'subnet', subnetId);
  if (subnet) uow.put(scope, 'subnet', subnetId, { ...subnet, AvailableIpAddressCount: (subnet.AvailableIpAddressCount ?? 0) + count });
}

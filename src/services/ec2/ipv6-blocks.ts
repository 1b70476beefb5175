// IPv6 blocks of VPCs and subnets as data with EC2's rules: an Amazon-provided /56 per VPC (at create or through
// AssociateVpcCidrBlock), a local route for it in every route table, subnet blocks inside it without overlaps, and
// random addresses from a subnet's block for instances and ENIs.
import type * as api from '../../generated/ec2/api.js';
import { amazonProvidedBlock, containsCidr6, overlaps6, parseCidr6, randomAddressIn, type Cidr6 } from './cidr6.js';
import { ec2Error } from './errors.js';
import { ec2Id } from './ids.js';
import { ipv6AclEntries } from './network-setup.js';
import type { NetworkAclRecord, RouteTableRecord, SubnetRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

// VPC User Guide, "VPC CIDR blocks" quotas: 5 IPv6 CIDR blocks per VPC.
const MAX_VPC_IPV6_BLOCKS = 5;

/** Refuses the IPv6 sources kumo does not model (BYOIP pools, IPAM) instead of ignoring them. */
export function refuseUnmodelledIpv6(operation: string, input: { Ipv6Pool?: string | undefined; Ipv6CidrBlock?: string | undefined; Ipv6IpamPoolId?: string | undefined }): void {
  if (input.Ipv6Pool !== undefined || input.Ipv6CidrBlock !== undefined) throw ec2Error('NotImplemented', `kumo does not implement ec2 ${operation}: BYOIP IPv6 pools yet.`, 501);
  if (input.Ipv6IpamPoolId !== undefined) throw ec2Error('NotImplemented', `kumo does not implement ec2 ${operation}: IPAM pools yet.`, 501);
}

export function vpcIpv6Blocks(vpc: VpcRecord): Cidr6[] {
  return (vpc.Ipv6CidrBlockAssociationSet ?? []).filter((a) => a.Ipv6CidrBlockState?.State === 'associated').map((a) => parseCidr6(a.Ipv6CidrBlock!)!);
}

export function subnetIpv6Blocks(subnet: SubnetRecord): Cidr6[] {
  return (subnet.Ipv6CidrBlockAssociationSet ?? []).filter((a) => a.Ipv6CidrBlockState?.State === 'associated').map((a) => parseCidr6(a.Ipv6CidrBlock!)!);
}

/** Adds an Amazon-provided /56 to the VPC and a local route for it to each of its route tables. */
export function addAmazonIpv6Block(uow: UnitOfWork, scope: Scope, vpc: VpcRecord): api.VpcIpv6CidrBlockAssociation {
  if (vpcIpv6Blocks(vpc).length >= MAX_VPC_IPV6_BLOCKS) {
    throw ec2Error('CidrLimitExceeded', `This network '${vpc.VpcId!}' has met its maximum number of allowed CIDRs: ${MAX_VPC_IPV6_BLOCKS}`);
  }
  let block = amazonProvidedBlock();
  while (vpcIpv6Blocks(vpc).some((b) => overlaps6(b, block))) block = amazonProvidedBlock();
  const association: api.VpcIpv6CidrBlockAssociation = {
    AssociationId: ec2Id('vpc-cidr-assoc'), Ipv6CidrBlock: block.text, Ipv6CidrBlockState: { State: 'associated' }, NetworkBorderGroup: scope.region, Ipv6Pool: 'Amazon',
  };
  uow.put(scope, 'vpc', vpc.VpcId!, { ...vpc, Ipv6CidrBlockAssociationSet: [...(vpc.Ipv6CidrBlockAssociationSet ?? []), association] });
  for (const t of uow.list<RouteTableRecord>(scope, 'rtb').filter((r) => r.VpcId === vpc.VpcId)) {
    uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: [...(t.Routes ?? []), { DestinationIpv6CidrBlock: block.text, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }] });
  }
  // The VPC's NACLs gain their IPv6 entries with its first IPv6 block (rule 101 only where the number is free).
  for (const acl of uow.list<NetworkAclRecord>(scope, 'acl').filter((a) => a.VpcId === vpc.VpcId)) {
    const entries = acl.Entries ?? [];
    if (entries.some((e) => e.Ipv6CidrBlock !== undefined && e.RuleNumber === 32767)) continue;
    const added = ipv6AclEntries(acl.IsDefault === true).filter((n) => !entries.some((e) => e.Egress === n.Egress && e.RuleNumber === n.RuleNumber && n.RuleNumber !== 32767));
    const all = [...entries, ...added].sort((a, b) => Number(b.Egress) - Number(a.Egress) || a.RuleNumber! - b.RuleNumber!);
    uow.put(scope, 'acl', acl.NetworkAclId!, { ...acl, Entries: all });
  }
  return association;
}

/**
 * A subnet IPv6 block: inside one of the VPC's IPv6 blocks, /44–/64 in steps of 4 (VPC User Guide, "Add an IPv6 CIDR
 * block to a subnet"), overlapping no other subnet's. Messages as EC2 answers them.
 */
export function validateSubnetIpv6(text: string, vpc: VpcRecord, siblings: readonly SubnetRecord[]): Cidr6 {
  const cidr = parseCidr6(text, true);
  if (!cidr || cidr.prefix < 44 || cidr.prefix > 64 || cidr.prefix % 4 !== 0) throw ec2Error('InvalidParameterValue', `invalid value for parameter ipv6-cidr-block: ${text}`);
  if (!vpcIpv6Blocks(vpc).some((b) => containsCidr6(b, cidr))) throw ec2Error('InvalidSubnet.Range', `The IPv6 CIDR '${text}' is invalid.`);
  if (siblings.some((s) => subnetIpv6Blocks(s).some((b) => overlaps6(b, cidr)))) throw ec2Error('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
  return cidr;
}

export function subnetIpv6Association(cidr: Cidr6): api.SubnetIpv6CidrBlockAssociation {
  return { AssociationId: ec2Id('subnet-cidr-assoc'), Ipv6CidrBlock: cidr.text, Ipv6CidrBlockState: { State: 'associated' } };
}

/** `count` fresh addresses from the subnet's first IPv6 block, or the requested ones, each checked against it. */
export function ipv6AddressesFor(subnet: SubnetRecord, taken: ReadonlySet<string>, count: number, requested: readonly string[] = []): string[] {
  if (count === 0 && requested.length === 0) return [];
  const [block] = subnetIpv6Blocks(subnet);
  if (!block) throw ec2Error('InvalidParameterValue', `The subnet '${subnet.SubnetId!}' does not have an IPv6 CIDR block`);
  const out: string[] = [];
  for (const text of requested) {
    const single = parseCidr6(`${text}/128`);
    if (!single || !containsCidr6(block, single)) throw ec2Error('InvalidParameterValue', `Address ${text} does not fall within the subnet's address range`);
    const normal = single.text.slice(0, -4);
    if (taken.has(normal) || out.includes(normal)) throw ec2Error('InvalidIPAddress.InUse', `Address ${text} is in use.`);
    out.push(normal);
  }
  const used = new Set([...taken, ...out]);
  while (out.length < Math.max(count, requested.length)) {
    const a = randomAddressIn(block, used);
    used.add(a);
    out.push(a);
  }
  return out;
}

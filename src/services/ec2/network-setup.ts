// What EC2 creates with every VPC (main route table with its local route, default security group, default network
// ACL) and, once per account and region, the default VPC: 172.31.0.0/16, a /20 default subnet per AZ, an attached
// internet gateway and a 0.0.0.0/0 route to it (VPC User Guide, "Default VPCs").
import type * as api from '../../generated/ec2/api.js';
import { parseCidr, subBlock, usableAddressCount } from './cidr.js';
import { zonesOf } from './catalogue.js';
import { type Ec2Context, isoNow } from './context.js';
import { ec2Id } from './ids.js';
import type { NetworkAclRecord, RouteTableRecord, SecurityGroupRecord, SubnetRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

export const DEFAULT_VPC_CIDR = '172.31.0.0/16';

/** The default NACL's four entries: rule 100 allows all, `*` (32767) denies, each way. */
export function defaultAclEntries(allow: boolean): api.NetworkAclEntry[] {
  const entries: api.NetworkAclEntry[] = [];
  for (const egress of [true, false]) {
    if (allow) entries.push({ CidrBlock: '0.0.0.0/0', Egress: egress, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 });
    entries.push({ CidrBlock: '0.0.0.0/0', Egress: egress, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 });
  }
  return entries;
}

/**
 * The IPv6 entries a NACL gains when its VPC gets an IPv6 block: the default NACL allows all IPv6 traffic by rule 101
 * and every NACL's `*` rule denies the rest (VPC User Guide, "Default network ACL" and "Custom network ACLs").
 */
export function ipv6AclEntries(allow: boolean): api.NetworkAclEntry[] {
  const entries: api.NetworkAclEntry[] = [];
  for (const egress of [true, false]) {
    if (allow) entries.push({ Ipv6CidrBlock: '::/0', Egress: egress, Protocol: '-1', RuleAction: 'allow', RuleNumber: 101 });
    entries.push({ Ipv6CidrBlock: '::/0', Egress: egress, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 });
  }
  return entries;
}

export interface VpcSkeleton {
  vpc: VpcRecord;
  mainRouteTable: RouteTableRecord;
  defaultAcl: NetworkAclRecord;
  defaultGroup: SecurityGroupRecord;
}

/** A VPC with its main route table, default NACL and default security group, staged in `uow`. */
export function createVpcSkeleton(uow: UnitOfWork, scope: Scope, cidr: string, options: { isDefault: boolean; tenancy?: string; tags?: api.Tag[] }): VpcSkeleton {
  const vpcId = ec2Id('vpc');
  const vpc: VpcRecord = {
    VpcId: vpcId,
    OwnerId: scope.account,
    InstanceTenancy: (options.tenancy ?? 'default') as api.Tenancy,
    CidrBlock: cidr,
    CidrBlockAssociationSet: [{ AssociationId: ec2Id('vpc-cidr-assoc'), CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    Ipv6CidrBlockAssociationSet: [],
    IsDefault: options.isDefault,
    State: 'available',
    DhcpOptionsId: defaultDhcpOptionsId(scope),
    Tags: options.tags ?? [],
    _dnsSupport: true,
    _dnsHostnames: options.isDefault,
  };
  const rtbId = ec2Id('rtb');
  const mainRouteTable: RouteTableRecord = {
    RouteTableId: rtbId,
    VpcId: vpcId,
    OwnerId: scope.account,
    Routes: [{ DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }],
    Associations: [{ Main: true, RouteTableAssociationId: ec2Id('rtbassoc'), RouteTableId: rtbId, AssociationState: { State: 'associated' } }],
    PropagatingVgws: [],
    Tags: [],
  };
  const defaultAcl: NetworkAclRecord = {
    NetworkAclId: ec2Id('acl'),
    VpcId: vpcId,
    OwnerId: scope.account,
    IsDefault: true,
    Entries: defaultAclEntries(true),
    Associations: [],
    Tags: [],
  };
  const sgId = ec2Id('sg');
  // The default group admits all traffic from itself and allows all egress (VPC User Guide, "Default security groups").
  const defaultGroup: SecurityGroupRecord = {
    GroupId: sgId,
    GroupName: 'default',
    Description: options.isDefault ? 'default VPC security group' : 'default VPC security group',
    VpcId: vpcId,
    OwnerId: scope.account,
    SecurityGroupArn: `arn:aws:ec2:${scope.region}:${scope.account}:security-group/${sgId}`,
    Tags: [],
    _rules: [
      { ruleId: ec2Id('sgr'), egress: false, protocol: '-1', groupId: sgId },
      { ruleId: ec2Id('sgr'), egress: true, protocol: '-1', cidr: '0.0.0.0/0' },
    ],
  };
  uow.put(scope, 'vpc', vpcId, vpc);
  uow.put(scope, 'rtb', rtbId, mainRouteTable);
  uow.put(scope, 'acl', defaultAcl.NetworkAclId!, defaultAcl);
  uow.put(scope, 'sg', sgId, defaultGroup);
  return { vpc, mainRouteTable, defaultAcl, defaultGroup };
}

/** One default DHCP option set per account and region, named by a stable id. */
export function defaultDhcpOptionsId(scope: Scope): string {
  let h = 0;
  for (const c of `${scope.account}/${scope.region}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `dopt-${h.toString(16).padStart(8, '0')}${'0'.repeat(9)}`;
}

/** A subnet record with AWS's defaults; the caller validated the block. */
export function newSubnet(scope: Scope, vpcId: string, cidr: string, zone: { name: string; id: string }, options: { defaultForAz: boolean; tags?: api.Tag[] }): SubnetRecord {
  const subnetId = ec2Id('subnet');
  return {
    SubnetId: subnetId,
    VpcId: vpcId,
    CidrBlock: cidr,
    AvailabilityZone: zone.name,
    AvailabilityZoneId: zone.id,
    AvailableIpAddressCount: usableAddressCount(parseCidr(cidr)!),
    DefaultForAz: options.defaultForAz,
    MapPublicIpOnLaunch: options.defaultForAz,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    OwnerId: scope.account,
    SubnetArn: `arn:aws:ec2:${scope.region}:${scope.account}:subnet/${subnetId}`,
    State: 'available',
    Tags: options.tags ?? [],
  };
}

/** Creates the region's default VPC the first time an account touches EC2 there. */
export function ensureDefaultVpc(ec2: Ec2Context, scope: Scope): void {
  if (ec2.store.get(scope, 'scope', 'defaults')) return;
  ec2.store.write((uow) => {
    const { vpc } = createVpcSkeleton(uow, scope, DEFAULT_VPC_CIDR, { isDefault: true });
    const igwId = ec2Id('igw');
    uow.put(scope, 'igw', igwId, { InternetGatewayId: igwId, OwnerId: scope.account, Attachments: [{ State: 'available', VpcId: vpc.VpcId }], Tags: [] });
    const main = uow.list<RouteTableRecord>(scope, 'rtb').find((r) => r.VpcId === vpc.VpcId)!;
    uow.put(scope, 'rtb', main.RouteTableId!, { ...main, Routes: [...main.Routes!, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId, Origin: 'CreateRoute', State: 'active' }] });
    const outer = parseCidr(DEFAULT_VPC_CIDR)!;
    zonesOf(scope.region).forEach((zone, i) => {
      const subnet = newSubnet(scope, vpc.VpcId!, subBlock(outer, 20, i).text, zone, { defaultForAz: true });
      uow.put(scope, 'subnet', subnet.SubnetId!, subnet);
      associateDefaultAcl(uow, scope, subnet);
    });
    uow.put(scope, 'scope', 'defaults', { createdAt: isoNow(ec2) });
  });
}

/** A new subnet is associated with its VPC's default network ACL. */
export function associateDefaultAcl(uow: UnitOfWork, scope: Scope, subnet: SubnetRecord): void {
  const acl = uow.list<NetworkAclRecord>(scope, 'acl').find((a) => a.VpcId === subnet.VpcId && a.IsDefault)!;
  uow.put(scope, 'acl', acl.NetworkAclId!, {
    ...acl,
    Associations: [...(acl.Associations ?? []), { NetworkAclAssociationId: ec2Id('aclassoc'), NetworkAclId: acl.NetworkAclId, SubnetId: subnet.SubnetId }],
  });
}

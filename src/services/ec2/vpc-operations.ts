// VPC and subnet operations: create with EC2's block rules, describe with filters and paging, secondary blocks,
// DNS attributes, and deletes that refuse while dependencies remain (DependencyViolation).
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { overlaps, parseCidr } from './cidr.js';
import { overlaps6, parseCidr6 } from './cidr6.js';
import { zonesOf } from './catalogue.js';
import { type Ec2Context, describe, next, require, scopeOf, tagsFor } from './context.js';
import { dependencyViolation, ec2Error, missingParameter } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { validateSecondaryVpcCidr, validateSubnetCidr, validateVpcCidr } from './network-rules.js';
import { addAmazonIpv6Block, refuseUnmodelledIpv6, subnetIpv6Association, subnetIpv6Blocks, validateSubnetIpv6 } from './ipv6-blocks.js';
import { associateDefaultAcl, createVpcSkeleton, newSubnet } from './network-setup.js';
import type { InstanceRecord, NetworkAclRecord, NetworkInterfaceRecord, RouteTableRecord, SecurityGroupRecord, SubnetRecord, VpcRecord } from './records.js';
import { liveAttachment } from './vpn-gateway-operations.js';

const VPC_FIELDS: FilterFields<VpcRecord> = {
  'vpc-id': (v) => v.VpcId,
  'cidr': (v) => v.CidrBlock,
  'cidr-block-association.cidr-block': (v) => (v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock),
  'cidr-block-association.association-id': (v) => (v.CidrBlockAssociationSet ?? []).map((a) => a.AssociationId),
  'cidr-block-association.state': (v) => (v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlockState?.State),
  'ipv6-cidr-block-association.ipv6-cidr-block': (v) => (v.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
  'ipv6-cidr-block-association.association-id': (v) => (v.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.AssociationId),
  'ipv6-cidr-block-association.state': (v) => (v.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlockState?.State),
  'dhcp-options-id': (v) => v.DhcpOptionsId,
  'is-default': (v) => v.IsDefault,
  'owner-id': (v) => v.OwnerId,
  'state': (v) => v.State,
};

export function createVpc(ec2: Ec2Context, ctx: RequestContext, input: api.CreateVpcRequest): api.CreateVpcResult {
  if (input.CidrBlock === undefined) {
    if (input.Ipv4IpamPoolId !== undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 CreateVpc: IPAM pools yet.', 501);
    throw missingParameter('cidrBlock');
  }
  const cidr = validateVpcCidr(input.CidrBlock);
  refuseUnmodelledIpv6('CreateVpc', input);
  const scope = scopeOf(ctx);
  const { vpc } = ec2.store.write((uow) => {
    const made = createVpcSkeleton(uow, scope, cidr.text, { isDefault: false, tenancy: input.InstanceTenancy ?? 'default', tags: tagsFor(input.TagSpecifications, 'vpc') });
    if (input.AmazonProvidedIpv6CidrBlock === true) addAmazonIpv6Block(uow, scope, made.vpc);
    return { vpc: uow.get<VpcRecord>(scope, 'vpc', made.vpc.VpcId!)! };
  });
  // A new VPC answers "pending" once (as EC2 does); DescribeVpcs then shows it available.
  return { Vpc: { ...vpc, State: 'pending' } };
}

export function describeVpcs(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeVpcsRequest): api.DescribeVpcsResult {
  const all = ec2.store.list<VpcRecord>(scopeOf(ctx), 'vpc');
  const r = describe(all, { ids: input.VpcIds, idOf: (v) => v.VpcId, notFoundPrefix: 'vpc', filters: input.Filters, fields: VPC_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { Vpcs: r.page, ...next(r) };
}

export function deleteVpc(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteVpcRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const id = vpc.VpcId!;
    const inVpc = <T extends { VpcId?: string | undefined }>(kind: Parameters<typeof uow.list>[1]) => uow.list<T>(scope, kind).filter((r) => r.VpcId === id);
    const subnets = inVpc<SubnetRecord>('subnet');
    const igws = [...uow.list<api.InternetGateway>(scope, 'igw'), ...uow.list<api.EgressOnlyInternetGateway>(scope, 'eigw')].filter((g) => g.Attachments?.some((a) => a.VpcId === id));
    // "You must detach or delete all gateways … before you can delete it" (DeleteVpc): a VGW attaching or attached too.
    const vgws = uow.list<api.VpnGateway>(scope, 'vgw').filter((g) => g.State !== 'deleted' && liveAttachment(g, id));
    const groups = inVpc<SecurityGroupRecord>('sg').filter((g) => g.GroupName !== 'default');
    const tables = inVpc<RouteTableRecord>('rtb').filter((t) => !t.Associations?.some((a) => a.Main));
    const acls = inVpc<NetworkAclRecord>('acl').filter((a) => !a.IsDefault);
    if (subnets.length + igws.length + vgws.length + groups.length + tables.length + acls.length > 0) throw dependencyViolation('vpc', id);
    for (const kind of ['rtb', 'acl', 'sg'] as const) {
      for (const r of uow.list<{ VpcId?: string; RouteTableId?: string; NetworkAclId?: string; GroupId?: string }>(scope, kind)) {
        if (r.VpcId === id) uow.delete(scope, kind, (r.RouteTableId ?? r.NetworkAclId ?? r.GroupId)!);
      }
    }
    uow.delete(scope, 'vpc', id);
  });
}

export function associateVpcCidrBlock(ec2: Ec2Context, ctx: RequestContext, input: api.AssociateVpcCidrBlockRequest): api.AssociateVpcCidrBlockResult {
  const scope = scopeOf(ctx);
  refuseUnmodelledIpv6('AssociateVpcCidrBlock', input);
  if (input.AmazonProvidedIpv6CidrBlock === true) {
    if (input.CidrBlock !== undefined) throw ec2Error('InvalidParameterCombination', 'The parameter cidrBlock cannot be used with the parameter amazonProvidedIpv6CidrBlock');
    return ec2.store.write((uow) => {
      const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
      const association = addAmazonIpv6Block(uow, scope, vpc);
      return { VpcId: vpc.VpcId!, Ipv6CidrBlockAssociation: { ...association, Ipv6CidrBlockState: { State: 'associating' } } };
    });
  }
  if (input.CidrBlock === undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 AssociateVpcCidrBlock: IPAM pools yet.', 501);
  return ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const existing = (vpc.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => parseCidr(a.CidrBlock!)!);
    const cidr = validateSecondaryVpcCidr(input.CidrBlock!, vpc.VpcId!, existing);
    const association: api.VpcCidrBlockAssociation = { AssociationId: ec2Id('vpc-cidr-assoc'), CidrBlock: cidr.text, CidrBlockState: { State: 'associated' } };
    uow.put(scope, 'vpc', vpc.VpcId!, { ...vpc, CidrBlockAssociationSet: [...(vpc.CidrBlockAssociationSet ?? []), association] });
    // Every route table of the VPC gains a local route for the new block.
    for (const t of uow.list<RouteTableRecord>(scope, 'rtb').filter((r) => r.VpcId === vpc.VpcId)) {
      uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: [...(t.Routes ?? []), { DestinationCidrBlock: cidr.text, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }] });
    }
    return { VpcId: vpc.VpcId!, CidrBlockAssociation: { ...association, CidrBlockState: { State: 'associating' } } };
  });
}

export function modifyVpcAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyVpcAttributeRequest): void {
  const scope = scopeOf(ctx);
  const support = input.EnableDnsSupport?.Value;
  const hostnames = input.EnableDnsHostnames?.Value;
  if ((support === undefined) === (hostnames === undefined)) {
    throw ec2Error('InvalidParameterCombination', 'Only one attribute can be modified at a time');
  }
  ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    uow.put(scope, 'vpc', vpc.VpcId!, { ...vpc, ...(support !== undefined ? { _dnsSupport: support } : { _dnsHostnames: hostnames }) });
  });
}

export function describeVpcAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeVpcAttributeRequest): api.DescribeVpcAttributeResult {
  const vpc = ec2.store.write((uow) => require<VpcRecord>(uow, scopeOf(ctx), 'vpc', input.VpcId, 'vpc'));
  switch (input.Attribute) {
    case 'enableDnsSupport':
      return { VpcId: vpc.VpcId!, EnableDnsSupport: { Value: vpc._dnsSupport } };
    case 'enableDnsHostnames':
      return { VpcId: vpc.VpcId!, EnableDnsHostnames: { Value: vpc._dnsHostnames } };
    default:
      throw ec2Error('NotImplemented', `kumo does not implement ec2 DescribeVpcAttribute: ${input.Attribute} yet.`, 501);
  }
}

const SUBNET_FIELDS: FilterFields<SubnetRecord> = {
  'subnet-id': (s) => s.SubnetId,
  'vpc-id': (s) => s.VpcId,
  'cidr-block': (s) => s.CidrBlock,
  'cidr': (s) => s.CidrBlock,
  'cidrBlock': (s) => s.CidrBlock,
  'availability-zone': (s) => s.AvailabilityZone,
  'availability-zone-id': (s) => s.AvailabilityZoneId,
  'availabilityZone': (s) => s.AvailabilityZone,
  'available-ip-address-count': (s) => s.AvailableIpAddressCount,
  'default-for-az': (s) => s.DefaultForAz,
  'defaultForAz': (s) => s.DefaultForAz,
  'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
  'owner-id': (s) => s.OwnerId,
  'state': (s) => s.State,
  'subnet-arn': (s) => s.SubnetArn,
  'ipv6-cidr-block-association.ipv6-cidr-block': (s) => (s.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
  'ipv6-cidr-block-association.association-id': (s) => (s.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.AssociationId),
  'assign-ipv6-address-on-creation': (s) => s.AssignIpv6AddressOnCreation,
};

export function createSubnet(ec2: Ec2Context, ctx: RequestContext, input: api.CreateSubnetRequest): api.CreateSubnetResult {
  const scope = scopeOf(ctx);
  if (input.Ipv6Native === true) throw ec2Error('NotImplemented', 'kumo does not implement ec2 CreateSubnet: IPv6-only subnets (Ipv6Native) yet.', 501);
  if (input.Ipv6IpamPoolId !== undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 CreateSubnet: IPAM pools yet.', 501);
  if (input.CidrBlock === undefined) throw missingParameter('cidrBlock');
  const zones = zonesOf(scope.region);
  return ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    let zone = zones[0]!;
    if (input.AvailabilityZone !== undefined || input.AvailabilityZoneId !== undefined) {
      const found = zones.find((z) => z.name === input.AvailabilityZone || z.id === input.AvailabilityZoneId);
      if (!found) {
        const value = input.AvailabilityZone ?? input.AvailabilityZoneId;
        throw ec2Error('InvalidParameterValue', `Value (${value}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.name).join(', ')}.`);
      }
      zone = found;
    }
    const vpcBlocks = (vpc.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => parseCidr(a.CidrBlock!)!);
    const siblings = uow.list<SubnetRecord>(scope, 'subnet').filter((s) => s.VpcId === vpc.VpcId).map((s) => parseCidr(s.CidrBlock!)!);
    const cidr = validateSubnetCidr(input.CidrBlock!, vpcBlocks, siblings);
    const ipv6 = input.Ipv6CidrBlock !== undefined ? validateSubnetIpv6(input.Ipv6CidrBlock, vpc, uow.list<SubnetRecord>(scope, 'subnet').filter((s) => s.VpcId === vpc.VpcId)) : undefined;
    const subnet = newSubnet(scope, vpc.VpcId!, cidr.text, zone, { defaultForAz: false, tags: tagsFor(input.TagSpecifications, 'subnet') });
    if (ipv6) subnet.Ipv6CidrBlockAssociationSet = [subnetIpv6Association(ipv6)];
    uow.put(scope, 'subnet', subnet.SubnetId!, subnet);
    associateDefaultAcl(uow, scope, subnet);
    return { Subnet: { ...subnet, State: 'pending' } };
  });
}

export function describeSubnets(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeSubnetsRequest): api.DescribeSubnetsResult {
  const all = ec2.store.list<SubnetRecord>(scopeOf(ctx), 'subnet');
  const r = describe(all, { ids: input.SubnetIds, idOf: (s) => s.SubnetId, notFoundPrefix: 'subnet', filters: input.Filters, fields: SUBNET_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { Subnets: r.page, ...next(r) };
}

export function deleteSubnet(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteSubnetRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', input.SubnetId, 'subnet');
    const id = subnet.SubnetId!;
    const enis = uow.list<NetworkInterfaceRecord>(scope, 'eni').filter((e) => e.SubnetId === id);
    const live = uow.list<InstanceRecord>(scope, 'instance').filter((i) => i.SubnetId === id && i.State?.Name !== 'terminated');
    if (enis.length > 0 || live.length > 0) throw dependencyViolation('subnet', id);
    for (const acl of uow.list<NetworkAclRecord>(scope, 'acl')) {
      if (acl.Associations?.some((a) => a.SubnetId === id)) uow.put(scope, 'acl', acl.NetworkAclId!, { ...acl, Associations: acl.Associations.filter((a) => a.SubnetId !== id) });
    }
    for (const t of uow.list<RouteTableRecord>(scope, 'rtb')) {
      if (t.Associations?.some((a) => a.SubnetId === id)) uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Associations: t.Associations.filter((a) => a.SubnetId !== id) });
    }
    uow.delete(scope, 'subnet', id);
  });
}

export function modifySubnetAttribute(ec2: Ec2Context, ctx: RequestContext, input: api.ModifySubnetAttributeRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', input.SubnetId, 'subnet');
    const next = { ...subnet };
    if (input.MapPublicIpOnLaunch?.Value !== undefined) next.MapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
    else if (input.AssignIpv6AddressOnCreation?.Value !== undefined) next.AssignIpv6AddressOnCreation = input.AssignIpv6AddressOnCreation.Value;
    else throw ec2Error('NotImplemented', 'kumo does not implement ec2 ModifySubnetAttribute: attributes other than MapPublicIpOnLaunch and AssignIpv6AddressOnCreation yet.', 501);
    uow.put(scope, 'subnet', subnet.SubnetId!, next);
  });
}

export function associateSubnetCidrBlock(ec2: Ec2Context, ctx: RequestContext, input: api.AssociateSubnetCidrBlockRequest): api.AssociateSubnetCidrBlockResult {
  const scope = scopeOf(ctx);
  if (input.Ipv6IpamPoolId !== undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 AssociateSubnetCidrBlock: IPAM pools yet.', 501);
  if (input.Ipv6CidrBlock === undefined) throw missingParameter('ipv6CidrBlock');
  return ec2.store.write((uow) => {
    const subnet = require<SubnetRecord>(uow, scope, 'subnet', input.SubnetId, 'subnet');
    const vpc = require<VpcRecord>(uow, scope, 'vpc', subnet.VpcId, 'vpc');
    const cidr = validateSubnetIpv6(input.Ipv6CidrBlock!, vpc, uow.list<SubnetRecord>(scope, 'subnet').filter((s) => s.VpcId === vpc.VpcId));
    const association = subnetIpv6Association(cidr);
    uow.put(scope, 'subnet', subnet.SubnetId!, { ...subnet, Ipv6CidrBlockAssociationSet: [...(subnet.Ipv6CidrBlockAssociationSet ?? []), association] });
    return { SubnetId: subnet.SubnetId!, Ipv6CidrBlockAssociation: { ...association, Ipv6CidrBlockState: { State: 'associating' } } };
  });
}

export function disassociateSubnetCidrBlock(ec2: Ec2Context, ctx: RequestContext, input: api.DisassociateSubnetCidrBlockRequest): api.DisassociateSubnetCidrBlockResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const subnet = uow.list<SubnetRecord>(scope, 'subnet').find((s) => s.Ipv6CidrBlockAssociationSet?.some((a) => a.AssociationId === input.AssociationId));
    if (!subnet) throw ec2Error('InvalidSubnetCidrBlockAssociationID.NotFound', `The subnet CIDR block with association ID '${input.AssociationId}' does not exist`);
    const association = subnet.Ipv6CidrBlockAssociationSet!.find((a) => a.AssociationId === input.AssociationId)!;
    const block = subnetIpv6Blocks({ Ipv6CidrBlockAssociationSet: [association] })[0];
    // An address still assigned from the block keeps it (EC2 refuses until the ENIs release their IPv6 addresses).
    const inUse = uow.list<NetworkInterfaceRecord>(scope, 'eni').some((e) => e.SubnetId === subnet.SubnetId && (e.Ipv6Addresses ?? []).length > 0);
    if (block && inUse) throw ec2Error('InvalidCidrBlock.InUse', `The IPv6 CIDR block ${block.text} is in use by one or more network interfaces in subnet ${subnet.SubnetId!}`);
    uow.put(scope, 'subnet', subnet.SubnetId!, { ...subnet, AssignIpv6AddressOnCreation: false, Ipv6CidrBlockAssociationSet: subnet.Ipv6CidrBlockAssociationSet!.filter((a) => a !== association) });
    return { SubnetId: subnet.SubnetId!, Ipv6CidrBlockAssociation: { ...association, Ipv6CidrBlockState: { State: 'disassociating' } } };
  });
}

/**
 * DisassociateVpcCidrBlock for a secondary IPv4 block or an IPv6 block (API Reference: the primary block cannot be
 * disassociated, and resources in the block must go first). The block's local routes leave every route table of
 * the VPC. The association leaves the VPC's sets at once; the answer says "disassociating" as AWS's does.
 */
export function disassociateVpcCidrBlock(ec2: Ec2Context, ctx: RequestContext, input: api.DisassociateVpcCidrBlockRequest): api.DisassociateVpcCidrBlockResult {
  const scope = scopeOf(ctx);
  if (input.AssociationId === undefined) throw missingParameter('associationId');
  const id = input.AssociationId;
  return ec2.store.write((uow) => {
    for (const vpc of uow.list<VpcRecord>(scope, 'vpc')) {
      const v4 = (vpc.CidrBlockAssociationSet ?? []).find((a) => a.AssociationId === id);
      const v6 = (vpc.Ipv6CidrBlockAssociationSet ?? []).find((a) => a.AssociationId === id);
      if (!v4 && !v6) continue;
      const subnets = uow.list<SubnetRecord>(scope, 'subnet').filter((s) => s.VpcId === vpc.VpcId);
      const tables = uow.list<RouteTableRecord>(scope, 'rtb').filter((t) => t.VpcId === vpc.VpcId);
      if (v4) {
        if (v4.CidrBlock === vpc.CidrBlock) throw ec2Error('OperationNotPermitted', `The vpc CIDR block ${vpc.CidrBlock!} is the primary CIDR block of ${vpc.VpcId!} and cannot be disassociated.`);
        const block = parseCidr(v4.CidrBlock!)!;
        if (subnets.some((s) => overlaps(parseCidr(s.CidrBlock!)!, block))) throw ec2Error('InvalidCidrBlock.InUse', `The vpc ${vpc.VpcId!} currently has a subnet within CIDR block ${block.text}`);
        for (const t of tables) uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: (t.Routes ?? []).filter((r) => !(r.GatewayId === 'local' && r.DestinationCidrBlock === block.text)) });
        uow.put(scope, 'vpc', vpc.VpcId!, { ...vpc, CidrBlockAssociationSet: vpc.CidrBlockAssociationSet!.filter((a) => a !== v4) });
        return { VpcId: vpc.VpcId!, CidrBlockAssociation: { ...v4, CidrBlockState: { State: 'disassociating' } } };
      }
      const block = parseCidr6(v6!.Ipv6CidrBlock!)!;
      if (subnets.some((s) => subnetIpv6Blocks(s).some((b) => overlaps6(b, block)))) throw ec2Error('InvalidCidrBlock.InUse', `The vpc ${vpc.VpcId!} currently has a subnet within CIDR block ${block.text}`);
      // Routes to the internet for IPv6 (::/0 to an egress-only gateway) stay; only the block's local route goes.
      for (const t of tables) uow.put(scope, 'rtb', t.RouteTableId!, { ...t, Routes: (t.Routes ?? []).filter((r) => !(r.GatewayId === 'local' && r.DestinationIpv6CidrBlock === block.text)) });
      uow.put(scope, 'vpc', vpc.VpcId!, { ...vpc, Ipv6CidrBlockAssociationSet: vpc.Ipv6CidrBlockAssociationSet!.filter((a) => a !== v6) });
      return { VpcId: vpc.VpcId!, Ipv6CidrBlockAssociation: { ...v6!, Ipv6CidrBlockState: { State: 'disassociating' } } };
    }
    throw ec2Error('InvalidVpcCidrBlockAssociationID.NotFound', `The vpc CIDR block association ID '${id}' does not exist`);
  });
}

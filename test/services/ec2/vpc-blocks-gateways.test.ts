// DisassociateVpcCidrBlock (secondary IPv4 and IPv6 blocks, never the primary, not while subnets use them), egress-only
// internet gateways with IPv6 routes to them (blackhole once deleted), ModifyInstanceMetadataOptions with the hop
// limit's 1–64 range, IPv6 NACL entries and SG ranges, and edge route table associations, through the SDK v3 client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { useEc2Kumo } from '../../support/ec2-kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

const env = useEc2Kumo();

const routesOf = async (vpcId: string) =>
  (await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.Routes!;

test('DisassociateVpcCidrBlock removes a secondary IPv4 block and its local route, refuses the primary and a block in use', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!;
  const secondary = (await env.client.send(new ec2.AssociateVpcCidrBlockCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.71.0.0/16' }))).CidrBlockAssociation!;
  assert.ok((await routesOf(vpc.VpcId!)).some((r) => r.DestinationCidrBlock === '10.71.0.0/16' && r.GatewayId === 'local'));

  const primaryId = vpc.CidrBlockAssociationSet![0]!.AssociationId!;
  await assertAwsError(env.client.send(new ec2.DisassociateVpcCidrBlockCommand({ AssociationId: primaryId })), { code: 'OperationNotPermitted', status: 400 });

  const subnet = (await env.client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.71.1.0/24' }))).Subnet!;
  await assertAwsError(env.client.send(new ec2.DisassociateVpcCidrBlockCommand({ AssociationId: secondary.AssociationId! })), { code: 'InvalidCidrBlock.InUse', status: 400, message: /10\.71\.0\.0\/16/ });
  await env.client.send(new ec2.DeleteSubnetCommand({ SubnetId: subnet.SubnetId! }));

  const out = await env.client.send(new ec2.DisassociateVpcCidrBlockCommand({ AssociationId: secondary.AssociationId! }));
  assert.deepEqual([out.VpcId, out.CidrBlockAssociation?.CidrBlock, out.CidrBlockAssociation?.CidrBlockState?.State], [vpc.VpcId, '10.71.0.0/16', 'disassociating']);
  const after = (await env.client.send(new ec2.DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0]!;
  assert.deepEqual(after.CidrBlockAssociationSet!.map((a) => a.CidrBlock), ['10.70.0.0/16']);
  assert.ok(!(await routesOf(vpc.VpcId!)).some((r) => r.DestinationCidrBlock === '10.71.0.0/16'));
  // The block is free again: associating it once more works.
  await env.client.send(new ec2.AssociateVpcCidrBlockCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.71.0.0/16' }));

  await assertAwsError(env.client.send(new ec2.DisassociateVpcCidrBlockCommand({ AssociationId: 'vpc-cidr-assoc-0123456789abcdef0' })), { code: 'InvalidVpcCidrBlockAssociationID.NotFound', status: 400 });
});

test('DisassociateVpcCidrBlock removes an IPv6 block and its local route once no subnet holds a block from it', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.72.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const block = vpc.Ipv6CidrBlockAssociationSet![0]!;
  const subnetBlock = block.Ipv6CidrBlock!.replace('/56', '/64');
  const subnet = (await env.client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.72.1.0/24', Ipv6CidrBlock: subnetBlock }))).Subnet!;
  await assertAwsError(env.client.send(new ec2.DisassociateVpcCidrBlockCommand({ AssociationId: block.AssociationId! })), { code: 'InvalidCidrBlock.InUse', status: 400 });
  await env.client.send(new ec2.DisassociateSubnetCidrBlockCommand({ AssociationId: subnet.Ipv6CidrBlockAssociationSet![0]!.AssociationId! }));

  const out = await env.client.send(new ec2.DisassociateVpcCidrBlockCommand({ AssociationId: block.AssociationId! }));
  assert.deepEqual([out.Ipv6CidrBlockAssociation?.Ipv6CidrBlock, out.Ipv6CidrBlockAssociation?.Ipv6CidrBlockState?.State], [block.Ipv6CidrBlock, 'disassociating']);
  const after = (await env.client.send(new ec2.DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0]!;
  assert.deepEqual(after.Ipv6CidrBlockAssociationSet ?? [], []);
  assert.ok(!(await routesOf(vpc.VpcId!)).some((r) => r.DestinationIpv6CidrBlock !== undefined));
});

test('an egress-only internet gateway is attached to its VPC, takes IPv6 routes, holds DeleteVpc back and leaves a blackhole', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.73.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const created = await env.client.send(new ec2.CreateEgressOnlyInternetGatewayCommand({
    VpcId: vpc.VpcId!, ClientToken: 'token-1', TagSpecifications: [{ ResourceType: 'egress-only-internet-gateway', Tags: [{ Key: 'Name', Value: 'v6-out' }] }],
  }));
  const eigw = created.EgressOnlyInternetGateway!;
  assert.match(eigw.EgressOnlyInternetGatewayId!, /^eigw-[0-9a-f]{17}$/);
  assert.deepEqual([created.ClientToken, eigw.Attachments, eigw.Tags], ['token-1', [{ State: 'attached', VpcId: vpc.VpcId }], [{ Key: 'Name', Value: 'v6-out' }]]);
  const described = await env.client.send(new ec2.DescribeEgressOnlyInternetGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['v6-out'] }] }));
  assert.deepEqual(described.EgressOnlyInternetGateways!.map((g) => g.EgressOnlyInternetGatewayId), [eigw.EgressOnlyInternetGatewayId]);

  const table = (await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).RouteTables![0]!;
  await env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table.RouteTableId!, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId! }));
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table.RouteTableId!, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId! })), { code: 'RouteAlreadyExists', status: 400 });
  const byTarget = await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'route.egress-only-internet-gateway-id', Values: [eigw.EgressOnlyInternetGatewayId!] }] }));
  assert.deepEqual(byTarget.RouteTables!.map((t) => t.RouteTableId), [table.RouteTableId]);
  const route = (await routesOf(vpc.VpcId!)).find((r) => r.DestinationIpv6CidrBlock === '::/0')!;
  assert.deepEqual([route.EgressOnlyInternetGatewayId, route.State, route.DestinationCidrBlock], [eigw.EgressOnlyInternetGatewayId, 'active', undefined]);

  // A gateway of another VPC is refused as a target.
  const other = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.74.0.0/16' }))).Vpc!;
  const otherGw = (await env.client.send(new ec2.CreateEgressOnlyInternetGatewayCommand({ VpcId: other.VpcId! }))).EgressOnlyInternetGateway!;
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table.RouteTableId!, DestinationIpv6CidrBlock: '2600::/16', EgressOnlyInternetGatewayId: otherGw.EgressOnlyInternetGatewayId! })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(env.client.send(new ec2.DeleteVpcCommand({ VpcId: other.VpcId! })), { code: 'DependencyViolation', status: 400 });

  const deleted = await env.client.send(new ec2.DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId! }));
  assert.equal(deleted.ReturnCode, true);
  assert.equal((await routesOf(vpc.VpcId!)).find((r) => r.DestinationIpv6CidrBlock === '::/0')!.State, 'blackhole');
  await assertAwsError(env.client.send(new ec2.DescribeEgressOnlyInternetGatewaysCommand({ EgressOnlyInternetGatewayIds: [eigw.EgressOnlyInternetGatewayId!] })), { code: 'InvalidGatewayID.NotFound', status: 400 });
  await env.client.send(new ec2.DeleteRouteCommand({ RouteTableId: table.RouteTableId!, DestinationIpv6CidrBlock: '::/0' }));
  assert.ok(!(await routesOf(vpc.VpcId!)).some((r) => r.DestinationIpv6CidrBlock === '::/0'));
});

test('ModifyInstanceMetadataOptions changes only the options given and refuses a hop limit outside 1–64', async () => {
  await assertAwsError(env.client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, MetadataOptions: { HttpPutResponseHopLimit: 65 } })), { code: 'InvalidParameterValue', status: 400 });
  const run = await env.client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, MetadataOptions: { HttpProtocolIpv6: 'enabled' } }));
  const id = run.Instances![0]!.InstanceId!;
  assert.deepEqual(run.Instances![0]!.MetadataOptions, { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'enabled', InstanceMetadataTags: 'disabled' });

  const out = await env.client.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpPutResponseHopLimit: 1, HttpTokens: 'optional' }));
  assert.deepEqual([out.InstanceId, out.InstanceMetadataOptions], [id, { State: 'pending', HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'enabled', InstanceMetadataTags: 'disabled' }]);
  const described = (await env.client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
  assert.deepEqual(described.MetadataOptions, { State: 'applied', HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'enabled', InstanceMetadataTags: 'disabled' });

  for (const bad of [0, 65]) {
    await assertAwsError(env.client.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpPutResponseHopLimit: bad })), { code: 'InvalidParameterValue', status: 400, message: /HttpPutResponseHopLimit/ });
  }
  await assertAwsError(env.client.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'sometimes' as ec2.HttpTokensState })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(env.client.send(new ec2.ModifyInstanceMetadataOptionsCommand({ InstanceId: 'i-0123456789abcdef0', HttpTokens: 'required' })), { code: 'InvalidInstanceID.NotFound', status: 400 });
});

test('an IPv6 VPC gives its default NACL rule 101 for ::/0 and IPv6 `*` rules; NACL entries and SG rules take IPv6 blocks', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.75.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const [defaultAcl] = (await env.client.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).NetworkAcls!;
  const ingress = defaultAcl!.Entries!.filter((e) => !e.Egress).map((e) => `${e.RuleNumber} ${e.RuleAction} ${e.CidrBlock ?? e.Ipv6CidrBlock}`);
  assert.deepEqual(ingress, ['100 allow 0.0.0.0/0', '101 allow ::/0', '32767 deny 0.0.0.0/0', '32767 deny ::/0']);

  const custom = (await env.client.send(new ec2.CreateNetworkAclCommand({ VpcId: vpc.VpcId! }))).NetworkAcl!;
  assert.deepEqual(custom.Entries!.filter((e) => e.Egress).map((e) => e.CidrBlock ?? e.Ipv6CidrBlock), ['0.0.0.0/0', '::/0']);
  await env.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: custom.NetworkAclId!, RuleNumber: 10, Egress: false, Protocol: '6', RuleAction: 'allow', Ipv6CidrBlock: '2001:db8::/32', PortRange: { From: 443, To: 443 } }));
  // Rule numbers are shared by IPv4 and IPv6 entries in one direction.
  await assertAwsError(env.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: custom.NetworkAclId!, RuleNumber: 10, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '10.0.0.0/8' })), { code: 'NetworkAclEntryAlreadyExists', status: 400 });
  await assertAwsError(env.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: custom.NetworkAclId!, RuleNumber: 11, Egress: false, Protocol: '-1', RuleAction: 'deny', Ipv6CidrBlock: 'not-a-block' })), { code: 'InvalidParameterValue', status: 400 });
  const entry = (await env.client.send(new ec2.DescribeNetworkAclsCommand({ NetworkAclIds: [custom.NetworkAclId!] }))).NetworkAcls![0]!.Entries!.find((e) => e.RuleNumber === 10)!;
  assert.deepEqual([entry.Ipv6CidrBlock, entry.CidrBlock, entry.PortRange], ['2001:db8::/32', undefined, { From: 443, To: 443 }]);

  const group = await env.client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'v6', Description: 'v6', VpcId: vpc.VpcId! }));
  await env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: group.GroupId!, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '2001:DB8::/32' }] }] }));
  const sg = (await env.client.send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [group.GroupId!] }))).SecurityGroups![0]!;
  assert.deepEqual(sg.IpPermissions!.flatMap((p) => p.Ipv6Ranges!.map((r) => r.CidrIpv6)), ['2001:db8::/32']);
  await assertAwsError(env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: group.GroupId!, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '2001:db8::/129' }] }] })), { code: 'InvalidParameterValue', status: 400 });
});

test('AssociateRouteTable with a GatewayId makes an edge association: one per gateway, same VPC, removed by DisassociateRouteTable', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.76.0.0/16' }))).Vpc!;
  const igw = (await env.client.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!;
  const table = (await env.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpc.VpcId! }))).RouteTable!;
  await assertAwsError(env.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: table.RouteTableId!, GatewayId: igw.InternetGatewayId! })), { code: 'InvalidParameterValue', status: 400 });
  await env.client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId!, VpcId: vpc.VpcId! }));
  const edge = await env.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: table.RouteTableId!, GatewayId: igw.InternetGatewayId! }));
  assert.equal(edge.AssociationState?.State, 'associated');
  const found = (await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'association.gateway-id', Values: [igw.InternetGatewayId!] }] }))).RouteTables!;
  assert.deepEqual(found.map((t) => [t.RouteTableId, t.Associations![0]!.GatewayId, t.Associations![0]!.SubnetId]), [[table.RouteTableId, igw.InternetGatewayId, undefined]]);
  const second = (await env.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpc.VpcId! }))).RouteTable!;
  await assertAwsError(env.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: second.RouteTableId!, GatewayId: igw.InternetGatewayId! })), { code: 'Resource.AlreadyAssociated', status: 400 });
  await env.client.send(new ec2.DisassociateRouteTableCommand({ AssociationId: edge.AssociationId! }));
  await env.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: second.RouteTableId!, GatewayId: igw.InternetGatewayId! }));
});

// EC2 networking through the SDK v3 client: the default VPC of a new account, VPC and subnet rules with EC2's codes,
// route tables (RouteAlreadyExists, blackhole), gateways, elastic IPs, security groups and NACLs, filters and paging.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

let kumo: TestKumo;
let client: ec2.EC2Client;

before(async () => {
  kumo = await startTestKumo();
  client = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await kumo.stop();
});

test('a new account has a default VPC 172.31.0.0/16 with a /20 default subnet per AZ, an IGW and a 0.0.0.0/0 route', async () => {
  const { Vpcs = [] } = await client.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  assert.equal(Vpcs.length, 1);
  const vpc = Vpcs[0]!;
  assert.equal(vpc.CidrBlock, '172.31.0.0/16');
  assert.match(vpc.VpcId!, /^vpc-[0-9a-f]{17}$/);
  const { Subnets = [] } = await client.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }));
  assert.deepEqual(Subnets.map((s) => s.CidrBlock), ['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20', '172.31.48.0/20', '172.31.64.0/20', '172.31.80.0/20']);
  assert.ok(Subnets.every((s) => s.DefaultForAz && s.MapPublicIpOnLaunch && s.AvailableIpAddressCount === 4091));
  const { InternetGateways = [] } = await client.send(new ec2.DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc.VpcId!] }] }));
  assert.equal(InternetGateways.length, 1);
  const { RouteTables = [] } = await client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }, { Name: 'association.main', Values: ['true'] }] }));
  assert.deepEqual(RouteTables[0]!.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.State]), [['172.31.0.0/16', 'local', 'active'], ['0.0.0.0/0', InternetGateways[0]!.InternetGatewayId, 'active']]);
  const { SecurityGroups = [] } = await client.send(new ec2.DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
  assert.equal(SecurityGroups[0]!.Description, 'default VPC security group');
  assert.equal(SecurityGroups[0]!.IpPermissionsEgress![0]!.IpRanges![0]!.CidrIp, '0.0.0.0/0');
});

test('CreateVpc refuses /8 with InvalidVpc.Range and a malformed block with InvalidParameterValue', async () => {
  await assertAwsError(client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })), { code: 'InvalidVpc.Range', status: 400, message: "The CIDR '10.0.0.0/8' is invalid." });
  await assertAwsError(client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.0.0.0/33' })), { code: 'InvalidParameterValue', status: 400, message: 'Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.' });
});

test('a VPC comes with a main route table, default NACL and default SG; subnets obey range and conflict rules', async () => {
  const { Vpc } = await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app' }] }] }));
  assert.equal(Vpc!.State, 'pending');
  const vpcId = Vpc!.VpcId!;
  const { Subnet } = await client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1b' }));
  assert.equal(Subnet!.AvailableIpAddressCount, 251);
  assert.equal(Subnet!.AvailabilityZone, 'us-east-1b');
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.128/25' })), { code: 'InvalidSubnet.Conflict', status: 400, message: "The CIDR '10.0.1.128/25' conflicts with another subnet" });
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/24' })), { code: 'InvalidSubnet.Range', status: 400, message: "The CIDR '10.1.0.0/24' is invalid." });
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.1.0.0/24' })), { code: 'InvalidVpcID.NotFound', status: 400, message: "The vpc ID 'vpc-0123456789abcdef0' does not exist" });
  const { NetworkAcls = [] } = await client.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  assert.equal(NetworkAcls.length, 1);
  assert.ok(NetworkAcls[0]!.IsDefault);
  assert.equal(NetworkAcls[0]!.Associations![0]!.SubnetId, Subnet!.SubnetId);
  const named = await client.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['ap*'] }] }));
  assert.deepEqual(named.Vpcs!.map((v) => v.VpcId), [vpcId]);
  await assertAwsError(client.send(new ec2.DeleteVpcCommand({ VpcId: vpcId })), { code: 'DependencyViolation', status: 400 });
  await client.send(new ec2.DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId! }));
  await client.send(new ec2.DeleteVpcCommand({ VpcId: vpcId }));
  await assertAwsError(client.send(new ec2.DescribeVpcsCommand({ VpcIds: [vpcId] })), { code: 'InvalidVpcID.NotFound', status: 400 });
});

test('routes: RouteAlreadyExists, InvalidRoute.NotFound, and a route becomes a blackhole when its gateway is detached', async () => {
  const vpcId = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.10.0.0/16' }))).Vpc!.VpcId!;
  const igwId = (await client.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  await assertAwsError(client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId })), { code: 'Resource.AlreadyAssociated', status: 400, message: `resource ${igwId} is already attached to network ${vpcId}` });
  const rtbId = (await client.send(new ec2.CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await client.send(new ec2.CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId }));
  await assertAwsError(client.send(new ec2.CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId })), { code: 'RouteAlreadyExists', status: 400, message: 'The route identified by 0.0.0.0/0 already exists.' });
  await client.send(new ec2.DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const { RouteTables = [] } = await client.send(new ec2.DescribeRouteTablesCommand({ RouteTableIds: [rtbId] }));
  assert.equal(RouteTables[0]!.Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!.State, 'blackhole');
  await client.send(new ec2.DeleteRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0' }));
  await assertAwsError(client.send(new ec2.DeleteRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0' })), { code: 'InvalidRoute.NotFound', status: 400, message: `no route with destination-cidr-block 0.0.0.0/0 in route table ${rtbId}` });
});

test('elastic IPs stop at five per region with AddressLimitExceeded', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await client.send(new ec2.AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!);
  await assertAwsError(client.send(new ec2.AllocateAddressCommand({ Domain: 'vpc' })), { code: 'AddressLimitExceeded', status: 400, message: 'The maximum number of addresses has been reached.' });
  for (const id of ids) await client.send(new ec2.ReleaseAddressCommand({ AllocationId: id }));
  assert.equal((await client.send(new ec2.DescribeAddressesCommand({}))).Addresses!.length, 0);
});

test('security group rules get ids, duplicates are refused with EC2 wording, and revoke removes them', async () => {
  const { GroupId } = await client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier' }));
  const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
  const added = await client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [ssh] }));
  assert.match(added.SecurityGroupRules![0]!.SecurityGroupRuleId!, /^sgr-[0-9a-f]{17}$/);
  await assertAwsError(client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [ssh] })), {
    code: 'InvalidPermission.Duplicate', status: 400, message: 'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists',
  });
  await assertAwsError(client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'web', Description: 'again' })), { code: 'InvalidGroup.Duplicate', status: 400 });
  const described = (await client.send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }))).SecurityGroups![0]!;
  assert.deepEqual(described.IpPermissions!.map((p) => [p.IpProtocol, p.FromPort, p.ToPort]), [['tcp', 22, 22]]);
  await client.send(new ec2.RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: [ssh] }));
  const after = (await client.send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }))).SecurityGroups![0]!;
  assert.deepEqual(after.IpPermissions, []);
});

test('network ACL entries: numbered rules, duplicates refused, rule numbers 1-32766', async () => {
  const vpcId = (await client.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  const aclId = (await client.send(new ec2.CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
  const entry = { NetworkAclId: aclId, RuleNumber: 100, Protocol: '6', RuleAction: 'allow' as const, Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } };
  await client.send(new ec2.CreateNetworkAclEntryCommand(entry));
  await assertAwsError(client.send(new ec2.CreateNetworkAclEntryCommand(entry)), { code: 'NetworkAclEntryAlreadyExists', status: 400 });
  await assertAwsError(client.send(new ec2.CreateNetworkAclEntryCommand({ ...entry, RuleNumber: 32767 })), { code: 'InvalidParameterValue', status: 400 });
  const acl = (await client.send(new ec2.DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] }))).NetworkAcls![0]!;
  assert.deepEqual(acl.Entries!.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction, e.PortRange?.From]), [[100, 'allow', 443], [32767, 'deny', undefined]]);
});

test('DryRun answers DryRunOperation (412) and changes nothing', async () => {
  const before = (await client.send(new ec2.DescribeVpcsCommand({}))).Vpcs!.length;
  await assertAwsError(client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.50.0.0/16', DryRun: true })), { code: 'DryRunOperation', status: 412, message: 'Request would have succeeded, but DryRun flag is set.' });
  assert.equal((await client.send(new ec2.DescribeVpcsCommand({}))).Vpcs!.length, before);
});

test('an operation kumo does not implement answers NotImplemented naming it', async () => {
  await assertAwsError(client.send(new ec2.CreateTransitGatewayCommand({})), { code: 'NotImplemented', status: 501, message: /CreateTransitGateway/ });
});

test('Describe pages with MaxResults and NextToken', async () => {
  const all = (await client.send(new ec2.DescribeSubnetsCommand({}))).Subnets!.map((s) => s.SubnetId);
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ec2.DescribeSubnetsCommand({ MaxResults: 5, NextToken: token }));
    assert.ok(page.Subnets!.length <= 5);
    seen.push(...page.Subnets!.map((s) => s.SubnetId!));
    token = page.NextToken;
  } while (token);
  assert.deepEqual(seen, all);
});

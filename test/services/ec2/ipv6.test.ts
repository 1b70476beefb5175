// IPv6 as data through the SDK v3 client: an Amazon-provided /56 per VPC with its local route, subnet /64s inside it
// (InvalidSubnet.Range outside, InvalidSubnet.Conflict on overlap), instance and ENI addresses from the subnet block,
// AssignIpv6AddressOnCreation, and refusals for what kumo does not model (BYOIP, IPv6-only subnets).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { containsCidr6, parseCidr6 } from '../../../src/services/ec2/cidr6.js';

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

/** The nth /64 of a /56, as a subnet block. */
const nth64 = (block: string, n: number) => {
  const c = parseCidr6(block)!;
  const base = c.base | (BigInt(n) << 64n);
  return parseCidr6(`${base.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':')}/64`)!.text;
};

test('CreateVpc with AmazonProvidedIpv6CidrBlock gets a /56 and a local IPv6 route; subnets take /64s inside it', async () => {
  const vpc = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.60.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const [assoc] = vpc.Ipv6CidrBlockAssociationSet!;
  assert.match(assoc!.Ipv6CidrBlock!, /^2600:1f18:[0-9a-f:]+\/56$/);
  assert.deepEqual([assoc!.Ipv6Pool, assoc!.NetworkBorderGroup, assoc!.Ipv6CidrBlockState?.State], ['Amazon', 'us-east-1', 'associated']);
  const tables = (await client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).RouteTables!;
  assert.ok(tables[0]!.Routes!.some((r) => r.DestinationIpv6CidrBlock === assoc!.Ipv6CidrBlock && r.GatewayId === 'local'));
  const found = (await client.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'ipv6-cidr-block-association.ipv6-cidr-block', Values: [assoc!.Ipv6CidrBlock!] }] }))).Vpcs!;
  assert.deepEqual(found.map((v) => v.VpcId), [vpc.VpcId]);

  const first = nth64(assoc!.Ipv6CidrBlock!, 1);
  const subnet = (await client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.60.1.0/24', Ipv6CidrBlock: first }))).Subnet!;
  assert.equal(subnet.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock, first);
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.60.2.0/24', Ipv6CidrBlock: first })), {
    code: 'InvalidSubnet.Conflict', status: 400, message: `The CIDR '${first}' conflicts with another subnet`,
  });
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.60.2.0/24', Ipv6CidrBlock: '2001:db8:1:2::/64' })), {
    code: 'InvalidSubnet.Range', status: 400, message: "The IPv6 CIDR '2001:db8:1:2::/64' is invalid.",
  });
  const odd = nth64(assoc!.Ipv6CidrBlock!, 2).replace('/64', '/62');
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.60.2.0/24', Ipv6CidrBlock: odd })), {
    code: 'InvalidParameterValue', status: 400, message: `invalid value for parameter ipv6-cidr-block: ${odd}`,
  });
  // A rejected subnet left nothing behind.
  assert.equal((await client.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).Subnets!.length, 1);

  // Instances: an explicit count, then AssignIpv6AddressOnCreation; every address inside the subnet's /64.
  const counted = (await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId!, Ipv6AddressCount: 2 }))).Instances![0]!;
  const addresses = counted.NetworkInterfaces![0]!.Ipv6Addresses!.map((a) => a.Ipv6Address!);
  assert.equal(addresses.length, 2);
  for (const a of addresses) assert.ok(containsCidr6(parseCidr6(first)!, parseCidr6(`${a}/128`)!), a);
  await client.send(new ec2.ModifySubnetAttributeCommand({ SubnetId: subnet.SubnetId!, AssignIpv6AddressOnCreation: { Value: true } }));
  const eni = (await client.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId! }))).NetworkInterface!;
  assert.equal(eni.Ipv6Addresses!.length, 1);
  await assertAwsError(client.send(new ec2.DisassociateSubnetCidrBlockCommand({ AssociationId: subnet.Ipv6CidrBlockAssociationSet![0]!.AssociationId! })), { code: 'InvalidCidrBlock.InUse', status: 400 });
});

test('AssociateVpcCidrBlock and AssociateSubnetCidrBlock add IPv6 blocks later; a subnet without one refuses IPv6 addresses', async () => {
  const vpc = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))).Vpc!;
  assert.deepEqual(vpc.Ipv6CidrBlockAssociationSet, []);
  const subnet = (await client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.61.1.0/24' }))).Subnet!;
  await assertAwsError(client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId!, Ipv6AddressCount: 1 })), {
    code: 'InvalidParameterValue', status: 400, message: `The subnet '${subnet.SubnetId!}' does not have an IPv6 CIDR block`,
  });
  const added = await client.send(new ec2.AssociateVpcCidrBlockCommand({ VpcId: vpc.VpcId!, AmazonProvidedIpv6CidrBlock: true }));
  assert.equal(added.Ipv6CidrBlockAssociation!.Ipv6CidrBlockState?.State, 'associating');
  const block = nth64(added.Ipv6CidrBlockAssociation!.Ipv6CidrBlock!, 0);
  const assoc = await client.send(new ec2.AssociateSubnetCidrBlockCommand({ SubnetId: subnet.SubnetId!, Ipv6CidrBlock: block }));
  assert.equal(assoc.Ipv6CidrBlockAssociation!.Ipv6CidrBlock, block);
  const done = await client.send(new ec2.DisassociateSubnetCidrBlockCommand({ AssociationId: assoc.Ipv6CidrBlockAssociation!.AssociationId! }));
  assert.equal(done.Ipv6CidrBlockAssociation!.Ipv6CidrBlockState?.State, 'disassociating');
  assert.deepEqual((await client.send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnet.SubnetId!] }))).Subnets![0]!.Ipv6CidrBlockAssociationSet, []);
  await assertAwsError(client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.62.0.0/16', Ipv6CidrBlock: '2001:db8::/56', Ipv6Pool: 'ipv6pool-ec2-1' })), { code: 'NotImplemented', status: 501 });
  await assertAwsError(client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, Ipv6Native: true, Ipv6CidrBlock: block })), { code: 'NotImplemented', status: 501 });
});

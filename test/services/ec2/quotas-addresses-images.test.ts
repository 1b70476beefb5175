// Issue 19's smaller control-plane rules through the SDK v3 client: 60 rules a direction per security group and 5
// groups per interface, secondary private addresses taken from the subnet, source/dest check, ImportKeyPair,
// RegisterImage from a snapshot, and routes to transit gateways (none can exist in kumo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as ec2 from '@aws-sdk/client-ec2';
import { useEc2Kumo } from '../../support/ec2-kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

const env = useEc2Kumo();

const network = async (cidr: string) => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnet = (await env.client.send(new ec2.CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr.replace('/16', '/24') }))).Subnet!;
  return { vpc, subnet };
};

test('a security group holds 60 inbound rules (RulesPerSecurityGroupLimitExceeded past that) and an interface 5 groups', async () => {
  const { vpc, subnet } = await network('10.90.0.0/16');
  const sg = (await env.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'many', Description: 'many rules' }))).GroupId!;
  const ranges = Array.from({ length: 60 }, (_, i) => ({ CidrIp: `198.51.100.${i}/32` }));
  await env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: ranges }] }));
  await assertAwsError(env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.1/32' }] }] })), {
    code: 'RulesPerSecurityGroupLimitExceeded', status: 400,
  });
  const groups = await Promise.all(Array.from({ length: 6 }, async (_, i) => (await env.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc, GroupName: `g${i}`, Description: 'g' }))).GroupId!));
  await assertAwsError(env.client.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId!, Groups: groups })), { code: 'SecurityGroupsPerInterfaceLimitExceeded', status: 400 });
  const five = await env.client.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId!, Groups: groups.slice(0, 5) }));
  assert.equal(five.NetworkInterface!.Groups!.length, 5);
});

test('secondary private addresses come from the subnet and its available count; source/dest check is an attribute and a filter', async () => {
  const { subnet } = await network('10.91.0.0/16');
  const available = async () => (await env.client.send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnet.SubnetId!] }))).Subnets![0]!.AvailableIpAddressCount;
  assert.equal(await available(), 251);
  const eni = (await env.client.send(new ec2.CreateNetworkInterfaceCommand({
    SubnetId: subnet.SubnetId!, PrivateIpAddresses: [{ PrivateIpAddress: '10.91.0.10', Primary: true }, { PrivateIpAddress: '10.91.0.20', Primary: false }], SecondaryPrivateIpAddressCount: 1,
  }))).NetworkInterface!;
  assert.equal(eni.PrivateIpAddress, '10.91.0.10');
  assert.deepEqual(eni.PrivateIpAddresses!.map((a) => [a.PrivateIpAddress, a.Primary]), [['10.91.0.10', true], ['10.91.0.20', false], ['10.91.0.4', false]]);
  assert.equal(await available(), 248);
  await assertAwsError(env.client.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId!, PrivateIpAddresses: [{ PrivateIpAddress: '10.91.0.11', Primary: true }, { PrivateIpAddress: '10.91.0.20' }] })), {
    code: 'InvalidIPAddress.InUse', status: 400,
  });
  await env.client.send(new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, SourceDestCheck: { Value: false } }));
  const unchecked = await env.client.send(new ec2.DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'source-dest-check', Values: ['false'] }, { Name: 'subnet-id', Values: [subnet.SubnetId!] }] }));
  assert.deepEqual(unchecked.NetworkInterfaces!.map((n) => [n.NetworkInterfaceId, n.SourceDestCheck]), [[eni.NetworkInterfaceId, false]]);
  await env.client.send(new ec2.DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId! }));
  assert.equal(await available(), 251);
});

test('ImportKeyPair takes an OpenSSH public key; RegisterImage makes an EBS-backed AMI from a snapshot', async () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  const blob = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const wire = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), blob]);
  const imported = await env.client.send(new ec2.ImportKeyPairCommand({ KeyName: 'laptop', PublicKeyMaterial: Buffer.from(`ssh-ed25519 ${wire.toString('base64')} me@laptop`) }));
  assert.match(imported.KeyPairId!, /^key-[0-9a-f]{17}$/);
  assert.ok(imported.KeyFingerprint);
  await assertAwsError(env.client.send(new ec2.ImportKeyPairCommand({ KeyName: 'bad', PublicKeyMaterial: Buffer.from('not a key') })), { code: 'InvalidKey.Format', status: 400 });

  const volume = (await env.client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }))).VolumeId!;
  const snapshot = (await env.client.send(new ec2.CreateSnapshotCommand({ VolumeId: volume }))).SnapshotId!;
  const root = (snapshotId: string) => [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshotId } }];
  const image = (await env.client.send(new ec2.RegisterImageCommand({ Name: 'golden', RootDeviceName: '/dev/xvda', BlockDeviceMappings: root(snapshot), Architecture: 'arm64', EnaSupport: true }))).ImageId!;
  const described = (await env.client.send(new ec2.DescribeImagesCommand({ ImageIds: [image] }))).Images![0]!;
  assert.deepEqual([described.Name, described.Architecture, described.RootDeviceType, described.State, described.BlockDeviceMappings![0]!.Ebs!.SnapshotId], ['golden', 'arm64', 'ebs', 'available', snapshot]);
  await assertAwsError(env.client.send(new ec2.RegisterImageCommand({ Name: 'golden', RootDeviceName: '/dev/xvda', BlockDeviceMappings: root(snapshot) })), { code: 'InvalidAMIName.Duplicate', status: 400 });
  await assertAwsError(env.client.send(new ec2.RegisterImageCommand({ Name: 'ghost', RootDeviceName: '/dev/xvda', BlockDeviceMappings: root('snap-0123456789abcdef0') })), {
    code: 'InvalidSnapshot.NotFound', status: 400, message: "The snapshot 'snap-0123456789abcdef0' does not exist.",
  });
  await assertAwsError(env.client.send(new ec2.RegisterImageCommand({ Name: 'from-s3', ImageLocation: 'bucket/image.manifest.xml' })), { code: 'NotImplemented', status: 501 });
});

test('a route to a transit gateway is refused: kumo has none (Transit Gateway is outside issue 19)', async () => {
  const { vpc } = await network('10.92.0.0/16');
  const table = (await env.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '10.200.0.0/16', TransitGatewayId: 'tgw-0123456789abcdef0' })), {
    code: 'InvalidTransitGatewayID.NotFound', status: 400,
  });
});

// AssignPrivateIpAddresses and UnassignPrivateIpAddresses through the SDK v3 client: addresses chosen or counted from
// the subnet (its available count follows), shown on the ENI and its instance, AllowReassignment moving a secondary
// address, the 6-per-interface limit on an attached ENI, and EC2's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { useEc2Kumo } from '../../support/ec2-kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

const env = useEc2Kumo();

test('AssignPrivateIpAddresses adds secondary addresses to the ENI and its instance; Unassign gives them back; refusals as EC2', async () => {
  const c = env.client;
  const vpcId = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.70.1.0/24' }))).Subnet!.SubnetId!;
  const available = async () => (await c.send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailableIpAddressCount!;
  const i = (await c.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!;
  const eni = i.NetworkInterfaces![0]!.NetworkInterfaceId!;
  const before = await available();

  const chosen = await c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, PrivateIpAddresses: ['10.70.1.50'] }));
  assert.deepEqual(chosen.AssignedPrivateIpAddresses, [{ PrivateIpAddress: '10.70.1.50' }]);
  const counted = await c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, SecondaryPrivateIpAddressCount: 2 }));
  assert.equal(counted.AssignedPrivateIpAddresses!.length, 2);
  assert.equal(await available(), before - 3);
  const addresses = (await c.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }))).NetworkInterfaces![0]!.PrivateIpAddresses!;
  assert.deepEqual(addresses.map((a) => [a.PrivateIpAddress, a.Primary]), [[i.PrivateIpAddress, true], ['10.70.1.50', false], ...counted.AssignedPrivateIpAddresses!.map((a) => [a.PrivateIpAddress, false])]);
  const onInstance = (await c.send(new ec2.DescribeInstancesCommand({ InstanceIds: [i.InstanceId!] }))).Reservations![0]!.Instances![0]!.NetworkInterfaces![0]!.PrivateIpAddresses!;
  assert.equal(onInstance.length, 4, "the instance's copy of the interface shows them too");

  // Refusals: both ways of asking at once, neither, an address in use, the per-interface limit (6 for every type).
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, PrivateIpAddresses: ['10.70.1.60'], SecondaryPrivateIpAddressCount: 1 })), { code: 'InvalidParameterCombination', status: 400 });
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni })), { code: 'MissingParameter', status: 400 });
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: 'eni-0123456789abcdef0', SecondaryPrivateIpAddressCount: 1 })), { code: 'InvalidNetworkInterfaceID.NotFound', status: 400 });
  const other = (await c.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: other, PrivateIpAddresses: ['10.70.1.50'] })), { code: 'InvalidIPAddress.InUse', status: 400 });
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, SecondaryPrivateIpAddressCount: 3 })), { code: 'PrivateIpAddressLimitExceeded', status: 400, message: 'Number of private addresses will exceed limit.' });
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, Ipv4PrefixCount: 1 })), { code: 'NotImplemented', status: 501 });

  // AllowReassignment moves a secondary address (never a primary one) to another interface.
  await c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: other, PrivateIpAddresses: ['10.70.1.50'], AllowReassignment: true }));
  const moved = await c.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni, other] }));
  const holders = moved.NetworkInterfaces!.filter((n) => n.PrivateIpAddresses!.some((a) => a.PrivateIpAddress === '10.70.1.50')).map((n) => n.NetworkInterfaceId);
  assert.deepEqual(holders, [other]);
  await assertAwsError(c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: other, PrivateIpAddresses: [i.PrivateIpAddress!], AllowReassignment: true })), { code: 'InvalidIPAddress.InUse', status: 400 });

  const after = await available();
  await c.send(new ec2.UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, PrivateIpAddresses: [counted.AssignedPrivateIpAddresses![0]!.PrivateIpAddress!] }));
  assert.equal(await available(), after + 1);
  assert.deepEqual((await c.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }))).NetworkInterfaces![0]!.PrivateIpAddresses!.map((a) => a.PrivateIpAddress), [i.PrivateIpAddress, counted.AssignedPrivateIpAddresses![1]!.PrivateIpAddress]);
  await assertAwsError(c.send(new ec2.UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, PrivateIpAddresses: ['10.70.1.99'] })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(c.send(new ec2.UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eni, PrivateIpAddresses: [i.PrivateIpAddress!] })), { code: 'InvalidParameterValue', status: 400 });

  // CreateNetworkInterface with a count of secondaries gives distinct addresses (it gave the same one twice).
  const made = (await c.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: 2 }))).NetworkInterface!;
  assert.equal(new Set(made.PrivateIpAddresses!.map((a) => a.PrivateIpAddress)).size, 3);
});

// DHCP option sets and ENI attachment through the SDK v3 client: the region's default set, a custom set associated
// with a VPC and refused deletion while in use; a second interface attached at a free device index, the primary
// one not detachable, and an attached interface kept (detached) when its instance terminates.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

let kumo: TestKumo;
let client: ec2.EC2Client;

before(async () => {
  kumo = await startTestKumo();
  client = new ec2.EC2Client({ ...kumo.clientConfig('test', 'eu-west-1'), maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await kumo.stop();
});

test('DHCP option sets: the default set, create with EC2 keys, associate, DependencyViolation while used, delete', async () => {
  const vpc = (await client.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
  const defaults = await client.send(new ec2.DescribeDhcpOptionsCommand({ DhcpOptionsIds: [vpc.DhcpOptionsId!] }));
  const conf = Object.fromEntries(defaults.DhcpOptions![0]!.DhcpConfigurations!.map((c) => [c.Key, c.Values!.map((v) => v.Value)]));
  assert.deepEqual(conf, { 'domain-name': ['eu-west-1.compute.internal'], 'domain-name-servers': ['AmazonProvidedDNS'] });

  const created = await client.send(new ec2.CreateDhcpOptionsCommand({
    DhcpConfigurations: [{ Key: 'domain-name', Values: ['corp.example'] }, { Key: 'domain-name-servers', Values: ['10.0.0.2', '10.0.0.3'] }],
    TagSpecifications: [{ ResourceType: 'dhcp-options', Tags: [{ Key: 'Name', Value: 'corp' }] }],
  }));
  const id = created.DhcpOptions!.DhcpOptionsId!;
  assert.match(id, /^dopt-[0-9a-f]{17}$/);
  await assertAwsError(client.send(new ec2.CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5'] }] })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(client.send(new ec2.CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'bogus', Values: ['x'] }] })), { code: 'InvalidParameterValue', status: 400 });
  const byValue = await client.send(new ec2.DescribeDhcpOptionsCommand({ Filters: [{ Name: 'value', Values: ['corp.example'] }] }));
  assert.deepEqual(byValue.DhcpOptions!.map((d) => d.DhcpOptionsId), [id]);

  await client.send(new ec2.AssociateDhcpOptionsCommand({ DhcpOptionsId: id, VpcId: vpc.VpcId! }));
  assert.equal((await client.send(new ec2.DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0]!.DhcpOptionsId, id);
  await assertAwsError(client.send(new ec2.DeleteDhcpOptionsCommand({ DhcpOptionsId: id })), { code: 'DependencyViolation', status: 400, message: `The dhcpOptions '${id}' has dependencies and cannot be deleted.` });
  await client.send(new ec2.AssociateDhcpOptionsCommand({ DhcpOptionsId: 'default', VpcId: vpc.VpcId! }));
  assert.equal((await client.send(new ec2.DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }))).Vpcs![0]!.DhcpOptionsId, 'default');
  await client.send(new ec2.DeleteDhcpOptionsCommand({ DhcpOptionsId: id }));
  await assertAwsError(client.send(new ec2.DescribeDhcpOptionsCommand({ DhcpOptionsIds: [id] })), { code: 'InvalidDhcpOptionID.NotFound', status: 400, message: `The dhcpOption ID '${id}' does not exist` });
});

test('AttachNetworkInterface / DetachNetworkInterface: device indexes, the primary interface, termination keeps it', async () => {
  const run = await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1 }));
  const i = run.Instances![0]!;
  await kumo.advance(2);
  const eni = (await client.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: i.SubnetId! }))).NetworkInterface!;
  const att = await client.send(new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, InstanceId: i.InstanceId!, DeviceIndex: 1 }));
  assert.match(att.AttachmentId!, /^eni-attach-[0-9a-f]{17}$/);
  const described = (await client.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
  assert.deepEqual([described.Status, described.Attachment!.InstanceId, described.Attachment!.DeviceIndex], ['in-use', i.InstanceId, 1]);
  const inst = (await client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [i.InstanceId!] }))).Reservations![0]!.Instances![0]!;
  assert.deepEqual(inst.NetworkInterfaces!.map((n) => n.Attachment!.DeviceIndex), [0, 1]);

  const other = (await client.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: i.SubnetId! }))).NetworkInterface!;
  await assertAwsError(client.send(new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: other.NetworkInterfaceId!, InstanceId: i.InstanceId!, DeviceIndex: 1 })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(client.send(new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, InstanceId: i.InstanceId!, DeviceIndex: 2 })), { code: 'InvalidNetworkInterface.InUse', status: 400 });
  await assertAwsError(client.send(new ec2.DetachNetworkInterfaceCommand({ AttachmentId: i.NetworkInterfaces![0]!.Attachment!.AttachmentId! })), { code: 'OperationNotPermitted', status: 400 });
  await assertAwsError(client.send(new ec2.DetachNetworkInterfaceCommand({ AttachmentId: 'eni-attach-0123456789abcdef0' })), { code: 'InvalidAttachmentID.NotFound', status: 400 });

  await client.send(new ec2.DetachNetworkInterfaceCommand({ AttachmentId: att.AttachmentId! }));
  const detached = (await client.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
  assert.equal(detached.Status, 'available');
  assert.equal(detached.Attachment, undefined);

  await client.send(new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, InstanceId: i.InstanceId!, DeviceIndex: 1 }));
  await client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
  const kept = (await client.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
  assert.equal(kept.Status, 'available', 'an attached interface is not deleted with its instance');
  await assertAwsError(client.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [i.NetworkInterfaces![0]!.NetworkInterfaceId!] })), { code: 'InvalidNetworkInterfaceID.NotFound', status: 400 });
});

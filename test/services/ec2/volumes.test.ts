// EBS volumes as data through the SDK v3 client: creating → available on the runtime clock, size limits per type,
// attach in the same AZ (attaching → attached), VolumeInUse on delete, detach (detaching → available), and a
// terminated instance's volume detached and kept.
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

const volume = async (id: string) => (await client.send(new ec2.DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes![0]!;

test('volumes: create, attach, detach and delete with EC2 states and errors', async () => {
  const i = (await client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1a' } }))).Instances![0]!;
  const v = await client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8, VolumeType: 'gp3', TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'data' }] }] }));
  assert.deepEqual([v.State, v.Iops, v.Throughput], ['creating', 3000, 125]);
  await assertAwsError(client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 20_000 })), { code: 'InvalidParameterValue', status: 400, message: 'Volume of 20000GiB is too large; maximum is 16384GiB.' });
  await assertAwsError(client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 10, VolumeType: 'io1' })), { code: 'MissingParameter', status: 400 });
  await assertAwsError(client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1z', Size: 10 })), { code: 'InvalidZone.NotFound', status: 400 });
  await kumo.advance(2);
  assert.equal((await volume(v.VolumeId!)).State, 'available');

  const other = await client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1b', Size: 8 }));
  await kumo.advance(2);
  await assertAwsError(client.send(new ec2.AttachVolumeCommand({ VolumeId: other.VolumeId!, InstanceId: i.InstanceId!, Device: '/dev/sdf' })), { code: 'InvalidVolume.ZoneMismatch', status: 400 });

  const a = await client.send(new ec2.AttachVolumeCommand({ VolumeId: v.VolumeId!, InstanceId: i.InstanceId!, Device: '/dev/sdf' }));
  assert.equal(a.State, 'attaching');
  await kumo.advance(2);
  const attached = await volume(v.VolumeId!);
  assert.deepEqual([attached.State, attached.Attachments![0]!.State, attached.Attachments![0]!.Device], ['in-use', 'attached', '/dev/sdf']);
  const inst = (await client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [i.InstanceId!] }))).Reservations![0]!.Instances![0]!;
  assert.deepEqual(inst.BlockDeviceMappings!.map((b) => [b.DeviceName, b.Ebs!.VolumeId]), [['/dev/sdf', v.VolumeId]]);
  await assertAwsError(client.send(new ec2.DeleteVolumeCommand({ VolumeId: v.VolumeId! })), { code: 'VolumeInUse', status: 400, message: `Volume ${v.VolumeId!} is currently attached to ${i.InstanceId!}` });
  const byInstance = await client.send(new ec2.DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [i.InstanceId!] }] }));
  assert.deepEqual(byInstance.Volumes!.map((x) => x.VolumeId), [v.VolumeId]);

  const d = await client.send(new ec2.DetachVolumeCommand({ VolumeId: v.VolumeId! }));
  assert.equal(d.State, 'detaching');
  await kumo.advance(2);
  assert.deepEqual([(await volume(v.VolumeId!)).State, (await volume(v.VolumeId!)).Attachments], ['available', []]);
  await assertAwsError(client.send(new ec2.DetachVolumeCommand({ VolumeId: v.VolumeId! })), { code: 'IncorrectState', status: 400 });

  await client.send(new ec2.AttachVolumeCommand({ VolumeId: v.VolumeId!, InstanceId: i.InstanceId!, Device: '/dev/sdg' }));
  await client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
  await kumo.advance(2);
  assert.equal((await volume(v.VolumeId!)).State, 'available', 'kept after its instance terminated');
  await client.send(new ec2.DeleteVolumeCommand({ VolumeId: v.VolumeId! }));
  await assertAwsError(client.send(new ec2.DescribeVolumesCommand({ VolumeIds: [v.VolumeId!] })), { code: 'InvalidVolume.NotFound', status: 400, message: `The volume '${v.VolumeId!}' does not exist.` });
});

// EBS snapshots as data through the SDK v3 client: pending → completed on the runtime clock, restored as volumes no
// smaller than the snapshot, copied across regions, shared with one account or made public, and refused with EC2's
// errors (InvalidSnapshot.NotFound, IncorrectState, MissingParameter as recorded).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

let kumo: TestKumo;
let client: ec2.EC2Client;
let west: ec2.EC2Client;
let friend: ec2.EC2Client;
let stranger: ec2.EC2Client;
const OWNER = '000000000000';
const FRIEND = '111111111111';

before(async () => {
  kumo = await startTestKumo();
  client = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  west = new ec2.EC2Client({ ...kumo.clientConfig(), region: 'us-west-2', maxAttempts: 1 });
  friend = new ec2.EC2Client({ ...kumo.clientConfig(), credentials: { accessKeyId: FRIEND, secretAccessKey: 'test' }, maxAttempts: 1 });
  stranger = new ec2.EC2Client({ ...kumo.clientConfig(), credentials: { accessKeyId: '222222222222', secretAccessKey: 'test' }, maxAttempts: 1 });
});
after(async () => {
  for (const c of [client, west, friend, stranger]) c.destroy();
  await kumo.stop();
});

async function completedSnapshot(size: number): Promise<string> {
  const v = await client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: size }));
  const s = await client.send(new ec2.CreateSnapshotCommand({ VolumeId: v.VolumeId!, Description: 'nightly', TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: 'db' }] }] }));
  assert.deepEqual([s.State, s.VolumeId, s.VolumeSize, s.OwnerId, s.Description], ['pending', v.VolumeId, size, OWNER, 'nightly']);
  await kumo.advance(2);
  return s.SnapshotId!;
}

const snapshot = async (c: ec2.EC2Client, id: string) => (await c.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: [id] }))).Snapshots![0]!;

test('CreateSnapshot completes on the runtime clock and restores a volume at least the snapshot size', async () => {
  const id = await completedSnapshot(20);
  const s = await snapshot(client, id);
  assert.deepEqual([s.State, s.Progress, s.Tags], ['completed', '100%', [{ Key: 'Name', Value: 'db' }]]);
  const restored = await client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1b', SnapshotId: id }));
  assert.deepEqual([restored.Size, restored.SnapshotId], [20, id]);
  await assertAwsError(client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1b', SnapshotId: id, Size: 10 })), {
    code: 'InvalidParameterValue', status: 400, message: 'Volume of size 10GiB is too small; minimum is 20GiB.',
  });
  await assertAwsError(client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1b' })), { code: 'MissingParameter', status: 400, message: 'The request must contain the parameter size/snapshot' });
  const filtered = (await client.send(new ec2.DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'tag:Name', Values: ['db'] }, { Name: 'volume-size', Values: ['20'] }] }))).Snapshots!;
  assert.ok(filtered.some((x) => x.SnapshotId === id));
});

test('a pending snapshot cannot be restored or copied yet; unknown ids are InvalidSnapshot.NotFound', async () => {
  const v = await client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));
  const s = await client.send(new ec2.CreateSnapshotCommand({ VolumeId: v.VolumeId! }));
  await assertAwsError(client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: s.SnapshotId! })), { code: 'IncorrectState', status: 400 });
  await assertAwsError(client.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: ['snap-0123456789abcdef0'] })), {
    code: 'InvalidSnapshot.NotFound', status: 400, message: "The snapshot 'snap-0123456789abcdef0' does not exist.",
  });
  await assertAwsError(client.send(new ec2.CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0' })), { code: 'InvalidVolume.NotFound', status: 400 });
  await assertAwsError(client.send(new ec2.DeleteSnapshotCommand({ SnapshotId: 'snap-0123456789abcdef0' })), { code: 'InvalidSnapshot.NotFound', status: 400 });
});

test('CopySnapshot makes a new snapshot in the destination region with the "[Copied … from …]" description', async () => {
  const id = await completedSnapshot(8);
  const copy = await west.send(new ec2.CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: id }));
  const s = await snapshot(west, copy.SnapshotId!);
  assert.deepEqual([s.Description, s.VolumeSize, s.State], [`[Copied ${id} from us-east-1]`, 8, 'pending']);
  await assertAwsError(client.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: [copy.SnapshotId!] })), { code: 'InvalidSnapshot.NotFound', status: 400 });
});

test('createVolumePermission shares a snapshot with one account, which can restore it; removing it hides it again', async () => {
  const id = await completedSnapshot(8);
  await assertAwsError(friend.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: [id] })), { code: 'InvalidSnapshot.NotFound', status: 400 });
  await client.send(new ec2.ModifySnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: [FRIEND] }));
  assert.deepEqual((await client.send(new ec2.DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }))).CreateVolumePermissions, [{ UserId: FRIEND }]);
  assert.equal((await snapshot(friend, id)).OwnerId, OWNER);
  assert.ok((await friend.send(new ec2.DescribeSnapshotsCommand({ RestorableByUserIds: ['self'] }))).Snapshots!.some((s) => s.SnapshotId === id));
  assert.deepEqual((await friend.send(new ec2.DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots, []);
  assert.equal((await friend.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: id }))).SnapshotId, id);
  await assertAwsError(stranger.send(new ec2.CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: id })), { code: 'InvalidSnapshot.NotFound', status: 400 });
  // Only the owner changes permissions.
  await assertAwsError(friend.send(new ec2.ModifySnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: ['222222222222'] })), { code: 'InvalidSnapshot.NotFound', status: 400 });
  await client.send(new ec2.ModifySnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission', CreateVolumePermission: { Remove: [{ UserId: FRIEND }] } }));
  await assertAwsError(friend.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: [id] })), { code: 'InvalidSnapshot.NotFound', status: 400 });
});

test('the group all makes a snapshot public to every account until ResetSnapshotAttribute; deleting removes it', async () => {
  const id = await completedSnapshot(8);
  await client.send(new ec2.ModifySnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ Group: 'all' }] } }));
  assert.equal((await snapshot(stranger, id)).SnapshotId, id);
  await client.send(new ec2.ResetSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }));
  await assertAwsError(stranger.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: [id] })), { code: 'InvalidSnapshot.NotFound', status: 400 });
  await assertAwsError(client.send(new ec2.ModifySnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: ['bob'] })), { code: 'InvalidUserID.Malformed', status: 400 });
  await client.send(new ec2.DeleteSnapshotCommand({ SnapshotId: id }));
  await assertAwsError(client.send(new ec2.DescribeSnapshotsCommand({ SnapshotIds: [id] })), { code: 'InvalidSnapshot.NotFound', status: 400 });
});

// Lifecycle enforcement on fake time: current versions expire (deleted, or hidden by a delete marker when versioned),
// noncurrent versions and stale uploads go, the x-amz-expiration header names the rule, and the service schedules runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { AwsError } from '../../../core/aws-error.js';
import { FakeClock } from '../../../core/clock.js';
import type { RequestContext } from '../../../core/request-context.js';
import { MemoryBlobStore } from '../../../store/blob-store.js';
import { openStateStore } from '../../../store/state-store.js';
import { s3Service } from '../index.js';
import { runLifecycle } from './lifecycle-runner.js';
import { s3Api, type S3TestApi } from '../testing.js';
import { loadService } from '../../service-harness.js';

const ctx: RequestContext = {
  requestId: 'r', service: 's3', operation: 'X', account: '000000000000', region: 'us-east-1', accessKeyId: 'test',
  host: '127.0.0.1', protocol: 'rest-xml', startedAt: 0,
};
const DAY = 86_400_000;
const body = (s: string): Readable => Readable.from([Buffer.from(s)]);

function setup(): { p: S3TestApi; clock: FakeClock } {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const blobs = new MemoryBlobStore();
  return { p: s3Api({ store: openStateStore({ inMemory: true, blobs }), blobs, clock }), clock };
}

test('an expired object in an unversioned bucket is deleted at the midnight after its age', async () => {
  const { p, clock } = setup();
  await p.createBucket(ctx, { Bucket: 'life' });
  await p.putBucketLifecycleConfiguration(ctx, { Bucket: 'life', LifecycleConfiguration: { Rules: [
    { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }] } });
  const put = await p.putObject(ctx, { Bucket: 'life', Key: 'tmp/a', Body: body('x') });
  assert.equal(put.Expiration, 'expiry-date="Mon, 12 Jan 2026 00:00:00 GMT", rule-id="tmp"');
  await p.putObject(ctx, { Bucket: 'life', Key: 'keep/b', Body: body('y') });
  clock.advance(DAY);
  assert.deepEqual(runLifecycle(p.state, clock.now()), { expired: 0, removedVersions: 0, transitioned: 0, abortedUploads: 0 });
  clock.advance(DAY);
  assert.equal(runLifecycle(p.state, clock.now()).expired, 1);
  await assert.rejects(p.headObject(ctx, { Bucket: 'life', Key: 'tmp/a' }), (e: unknown) => e instanceof AwsError && e.code === 'NoSuchKey');
  assert.equal((await p.headObject(ctx, { Bucket: 'life', Key: 'keep/b' })).ContentLength, 1);
});

test('in a versioned bucket expiry adds a delete marker and noncurrent versions expire after their own days', async () => {
  const { p, clock } = setup();
  await p.createBucket(ctx, { Bucket: 'vlife' });
  await p.putBucketVersioning(ctx, { Bucket: 'vlife', VersioningConfiguration: { Status: 'Enabled' } });
  await p.putBucketLifecycleConfiguration(ctx, { Bucket: 'vlife', LifecycleConfiguration: { Rules: [
    { ID: 'all', Status: 'Enabled', Filter: {}, Expiration: { Days: 3 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }] } });
  await p.putObject(ctx, { Bucket: 'vlife', Key: 'k', Body: body('1') });
  await p.putObject(ctx, { Bucket: 'vlife', Key: 'k', Body: body('2') });
  clock.advance(2 * DAY);
  assert.deepEqual(runLifecycle(p.state, clock.now()), { expired: 0, removedVersions: 1, transitioned: 0, abortedUploads: 0 });
  clock.advance(2 * DAY);
  assert.equal(runLifecycle(p.state, clock.now()).expired, 1);
  const versions = await p.listObjectVersions(ctx, { Bucket: 'vlife' });
  assert.equal(versions.DeleteMarkers?.length, 1);
  assert.equal(versions.Versions?.length, 1);
});

test('stale multipart uploads are aborted and the service runs lifecycle on its scheduler', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  const blobs = new MemoryBlobStore();
  const store = openStateStore({ inMemory: true, blobs });
  const loaded = await loadService(s3Service, { store, blobs, clock });
  const p = loaded.api<S3TestApi>();
  await loaded.start();
  await p.createBucket(ctx, { Bucket: 'mpl' });
  await p.putBucketLifecycleConfiguration(ctx, { Bucket: 'mpl', LifecycleConfiguration: { Rules: [
    { ID: 'abort', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }] } });
  const { UploadId } = await p.createMultipartUpload(ctx, { Bucket: 'mpl', Key: 'big' });
  clock.advance(2 * DAY);
  await assert.rejects(p.listParts(ctx, { Bucket: 'mpl', Key: 'big', UploadId: UploadId! }), (e: unknown) => e instanceof AwsError && e.code === 'NoSuchUpload');
  await loaded.stop();
});

test('transitions move the current version down the classes at their days and never back up', async () => {
  const { p, clock } = setup();
  await p.createBucket(ctx, { Bucket: 'tiers' });
  await p.putBucketLifecycleConfiguration(ctx, { Bucket: 'tiers', LifecycleConfiguration: { Rules: [
    { ID: 't', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 90, StorageClass: 'GLACIER' }] }] } });
  await p.putObject(ctx, { Bucket: 'tiers', Key: 'logs/a', Body: body('a') });
  await p.putObject(ctx, { Bucket: 'tiers', Key: 'logs/deep', Body: body('d'), StorageClass: 'DEEP_ARCHIVE' });
  await p.putObject(ctx, { Bucket: 'tiers', Key: 'other', Body: body('o') });
  clock.advance(29 * DAY);
  assert.equal(runLifecycle(p.state, clock.now()).transitioned, 0);
  clock.advance(2 * DAY);
  assert.equal(runLifecycle(p.state, clock.now()).transitioned, 1);
  assert.equal((await p.headObject(ctx, { Bucket: 'tiers', Key: 'logs/a' })).StorageClass, 'STANDARD_IA');
  clock.advance(60 * DAY);
  runLifecycle(p.state, clock.now());
  assert.equal((await p.headObject(ctx, { Bucket: 'tiers', Key: 'logs/a' })).StorageClass, 'GLACIER');
  assert.equal((await p.headObject(ctx, { Bucket: 'tiers', Key: 'logs/deep' })).StorageClass, 'DEEP_ARCHIVE');
  assert.equal((await p.headObject(ctx, { Bucket: 'tiers', Key: 'other' })).StorageClass, undefined);
  assert.equal(runLifecycle(p.state, clock.now()).transitioned, 0, 'nothing left to move');
});

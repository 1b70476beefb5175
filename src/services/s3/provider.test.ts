// Provider-level tests (no HTTP) for versioning semantics, write preconditions and bucket lifecycle, on an in-memory
// store with fake time; expected shapes follow test_s3_api.snapshot.json TestS3ObjectCRUD / TestS3BucketCRUD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { FakeClock } from '../../core/clock.js';
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { MemoryBlobStore } from '../../store/blob-store.js';
import { openStateStore } from '../../store/state-store.js';
import { s3Api, type S3TestApi } from './testing.js';

function setup(): { p: S3TestApi; clock: FakeClock; ctx: RequestContext } {
  const clock = new FakeClock();
  const blobs = new MemoryBlobStore();
  const p = s3Api({ store: openStateStore({ inMemory: true, blobs }), blobs, clock });
  const ctx: RequestContext = {
    requestId: 'r', service: 's3', operation: 'X', account: '000000000000', region: 'us-east-1', accessKeyId: 'test',
    host: '127.0.0.1', protocol: 'rest-xml', startedAt: 0,
  };
  return { p, clock, ctx };
}

const body = (s: string): Readable => Readable.from([Buffer.from(s)]);

async function text(r: { Body?: unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  if (r.Body instanceof Uint8Array) return Buffer.from(r.Body).toString();
  for await (const c of r.Body as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

async function err(p: Promise<unknown> | (() => unknown)): Promise<AwsError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an AwsError');
}

test('a suspended bucket overwrites the null version and deletes with a null delete marker', async () => {
  const { p, ctx } = setup();
  await p.createBucket(ctx, { Bucket: 'bkt1' });
  await p.putBucketVersioning(ctx, { Bucket: 'bkt1', VersioningConfiguration: { Status: 'Enabled' } });
  const v1 = await p.putObject(ctx, { Bucket: 'bkt1', Key: 'k', Body: body('one') });
  assert.match(v1.VersionId ?? '', /^[A-Za-z0-9._]{32}$/);
  await p.putBucketVersioning(ctx, { Bucket: 'bkt1', VersioningConfiguration: { Status: 'Suspended' } });
  const s1 = await p.putObject(ctx, { Bucket: 'bkt1', Key: 'k', Body: body('two') });
  assert.equal(s1.VersionId, undefined);
  await p.putObject(ctx, { Bucket: 'bkt1', Key: 'k', Body: body('three') });
  const versions = await p.listObjectVersions(ctx, { Bucket: 'bkt1' });
  assert.deepEqual(versions.Versions?.map((v) => v.VersionId), ['null', v1.VersionId]);
  const got = await p.getObject(ctx, { Bucket: 'bkt1', Key: 'k' });
  assert.equal(got.VersionId, 'null');
  assert.equal(await text(got), 'three');
  const del = await p.deleteObject(ctx, { Bucket: 'bkt1', Key: 'k' });
  assert.deepEqual(del, { DeleteMarker: true, VersionId: 'null' });
  const after = await p.listObjectVersions(ctx, { Bucket: 'bkt1' });
  assert.deepEqual(after.Versions?.map((v) => v.VersionId), [v1.VersionId]);
  assert.deepEqual(after.DeleteMarkers?.map((d) => d.VersionId), ['null']);
  const e = await err(p.deleteBucket(ctx, { Bucket: 'bkt1' }));
  assert.equal(e.message, 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.');
});

test('reading a delete marker by version is 405; the latest delete marker is NoSuchKey with headers', async () => {
  const { p, ctx } = setup();
  await p.createBucket(ctx, { Bucket: 'bkt2' });
  await p.putBucketVersioning(ctx, { Bucket: 'bkt2', VersioningConfiguration: { Status: 'Enabled' } });
  await p.putObject(ctx, { Bucket: 'bkt2', Key: 'k', Body: body('x') });
  const del = await p.deleteObject(ctx, { Bucket: 'bkt2', Key: 'k' });
  const latest = await err(p.getObject(ctx, { Bucket: 'bkt2', Key: 'k' }));
  assert.equal(latest.code, 'NoSuchKey');
  assert.equal(latest.headers['x-amz-delete-marker'], 'true');
  const named = await err(p.getObject(ctx, { Bucket: 'bkt2', Key: 'k', VersionId: del.VersionId! }));
  assert.equal(named.status, 405);
  assert.deepEqual(named.fields, { Method: 'GET', ResourceType: 'DeleteMarker' });
});

test('an unversioned bucket accepts only the null version id', async () => {
  const { p, ctx } = setup();
  await p.createBucket(ctx, { Bucket: 'bkt3' });
  await p.putObject(ctx, { Bucket: 'bkt3', Key: 'k', Body: body('x') });
  assert.equal((await err(p.getObject(ctx, { Bucket: 'bkt3', Key: 'k', VersionId: 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD' }))).code, 'InvalidArgument');
  const got = await p.getObject(ctx, { Bucket: 'bkt3', Key: 'k', VersionId: 'null' });
  assert.equal(got.VersionId, undefined);
  assert.equal(await text(got), 'x');
});

test('If-Match on a missing key is NoSuchKey and If-None-Match * after a delete succeeds', async () => {
  const { p, ctx } = setup();
  await p.createBucket(ctx, { Bucket: 'bkt4' });
  assert.equal((await err(p.putObject(ctx, { Bucket: 'bkt4', Key: 'k', Body: body('x'), IfMatch: '"abc"' }))).code, 'NoSuchKey');
  await p.putObject(ctx, { Bucket: 'bkt4', Key: 'k', Body: body('x'), IfNoneMatch: '*' });
  assert.equal((await err(p.putObject(ctx, { Bucket: 'bkt4', Key: 'k', Body: body('y'), IfNoneMatch: '*' }))).status, 412);
  await p.deleteObject(ctx, { Bucket: 'bkt4', Key: 'k' });
  await p.putObject(ctx, { Bucket: 'bkt4', Key: 'k', Body: body('z'), IfNoneMatch: '*' });
});

test('LastModified has whole seconds and If-Modified-Since compares by second', async () => {
  const { p, ctx, clock } = setup();
  clock.advance(1500);
  await p.createBucket(ctx, { Bucket: 'bkt5' });
  await p.putObject(ctx, { Bucket: 'bkt5', Key: 'k', Body: body('x') });
  const head = await p.headObject(ctx, { Bucket: 'bkt5', Key: 'k' });
  assert.equal(head.LastModified!.getTime() % 1000, 0);
  clock.advance(5000);
  const e = await err(p.headObject(ctx, { Bucket: 'bkt5', Key: 'k', IfModifiedSince: new Date(head.LastModified!.getTime() + 999) }));
  assert.equal(e.status, 304);
});

test('a repeated CreateBucket by the owner in us-east-1 succeeds; elsewhere it is BucketAlreadyOwnedByYou', async () => {
  const { p, ctx } = setup();
  await p.createBucket(ctx, { Bucket: 'bkt6' });
  await p.createBucket(ctx, { Bucket: 'bkt6' });
  const eu = { ...ctx, region: 'eu-west-1' };
  await p.createBucket(eu, { Bucket: 'bkt7', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
  const e = await err(p.createBucket(eu, { Bucket: 'bkt7', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  assert.equal(e.code, 'BucketAlreadyOwnedByYou');
});

test('GetObject by PartNumber serves that part of a multipart object', async () => {
  const { p, ctx } = setup();
  await p.createBucket(ctx, { Bucket: 'bkt8' });
  const { UploadId } = await p.createMultipartUpload(ctx, { Bucket: 'bkt8', Key: 'm' });
  const big = Buffer.alloc(5 * 1024 * 1024, 1);
  const p1 = await p.uploadPart(ctx, { Bucket: 'bkt8', Key: 'm', UploadId: UploadId!, PartNumber: 1, Body: Readable.from([big]) });
  const p2 = await p.uploadPart(ctx, { Bucket: 'bkt8', Key: 'm', UploadId: UploadId!, PartNumber: 2, Body: body('end') });
  const done = await p.completeMultipartUpload(ctx, { Bucket: 'bkt8', Key: 'm', UploadId: UploadId!,
    MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag! }, { PartNumber: 2, ETag: p2.ETag! }] } });
  assert.equal(done.ChecksumType, 'FULL_OBJECT');
  assert.ok(done.ChecksumCRC64NVME);
  const part2 = await p.getObject(ctx, { Bucket: 'bkt8', Key: 'm', PartNumber: 2 });
  assert.equal(part2.PartsCount, 2);
  assert.equal(part2.ContentRange, `bytes ${big.length}-${big.length + 2}/${big.length + 3}`);
  assert.equal(await text(part2), 'end');
  const whole = await p.getObject(ctx, { Bucket: 'bkt8', Key: 'm', ChecksumMode: 'ENABLED' });
  assert.equal(whole.ChecksumCRC64NVME, done.ChecksumCRC64NVME);
});

// SDK v3 tests for object metadata features over a loopback socket: tagging, GetObjectAttributes, ACLs under
// BucketOwnerEnforced, ExpectedBucketOwner, metadata-replacing copies and DeleteObjects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, DeleteObjectTaggingCommand, DeleteObjectsCommand, GetObjectAclCommand,
  GetObjectAttributesCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectAclCommand,
  PutObjectCommand, PutObjectTaggingCommand, S3ServiceException,
} from '@aws-sdk/client-s3';
import { useS3 } from './s3-support.js';

const h = useS3({ bucket: 'bucket' });

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return e.name;
    throw e;
  }
  return 'ok';
}

test('object tags set on PutObject and by PutObjectTagging are read back and deleted', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'tagged', Body: 'x', Tagging: 'a=1&b=two%20words' }));
  assert.deepEqual((await h.s3.send(new GetObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged' }))).TagSet,
    [{ Key: 'a', Value: '1' }, { Key: 'b', Value: 'two words' }]);
  await h.s3.send(new PutObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'c', Value: '3' }] } }));
  assert.deepEqual((await h.s3.send(new GetObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged' }))).TagSet, [{ Key: 'c', Value: '3' }]);
  await h.s3.send(new DeleteObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged' }));
  assert.deepEqual((await h.s3.send(new GetObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged' }))).TagSet ?? [], []);
  assert.equal(await errorName(h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 't2', Body: 'x', Tagging: 'k=1&k=2' }))), 'InvalidArgument');
});

test('GetObjectAttributes returns the unquoted ETag, size and checksum', async () => {
  const put = await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'attrs', Body: 'attributes', ChecksumAlgorithm: 'SHA256' }));
  const attrs = await h.s3.send(new GetObjectAttributesCommand({ Bucket: h.bucket, Key: 'attrs', ObjectAttributes: ['ETag', 'ObjectSize', 'Checksum', 'StorageClass'] }));
  assert.equal(`"${attrs.ETag}"`, put.ETag);
  assert.equal(attrs.ObjectSize, 10);
  assert.equal(attrs.StorageClass, 'STANDARD');
  assert.equal(attrs.Checksum?.ChecksumSHA256, put.ChecksumSHA256);
});

test('ACLs are disabled under the default BucketOwnerEnforced ownership', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'acl', Body: 'x' }));
  const acl = await h.s3.send(new GetObjectAclCommand({ Bucket: h.bucket, Key: 'acl' }));
  assert.deepEqual(acl.Grants?.map((g) => g.Permission), ['FULL_CONTROL']);
  assert.equal(await errorName(h.s3.send(new PutObjectAclCommand({ Bucket: h.bucket, Key: 'acl', ACL: 'public-read' }))), 'AccessControlListNotSupported');
  assert.equal(await errorName(h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'acl2', Body: 'x', ACL: 'public-read' }))), 'AccessControlListNotSupported');
});

test('a wrong ExpectedBucketOwner is AccessDenied', async () => {
  await assert.rejects(h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'acl', ExpectedBucketOwner: '123456789012' })),
    (e: unknown) => e instanceof S3ServiceException && e.$metadata.httpStatusCode === 403);
  assert.equal(await errorName(h.s3.send(new ListObjectsV2Command({ Bucket: h.bucket, ExpectedBucketOwner: '123456789012' }))), 'AccessDenied');
});

test('CopyObject with REPLACE swaps metadata; copying onto itself without changes is InvalidRequest', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'meta', Body: 'x', ContentType: 'text/plain', Metadata: { a: '1' } }));
  await h.s3.send(new CopyObjectCommand({ Bucket: h.bucket, Key: 'meta2', CopySource: `${h.bucket}/meta`, MetadataDirective: 'REPLACE', ContentType: 'application/json', Metadata: { b: '2' } }));
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'meta2' }));
  assert.equal(head.ContentType, 'application/json');
  assert.deepEqual(head.Metadata, { b: '2' });
  assert.equal(await errorName(h.s3.send(new CopyObjectCommand({ Bucket: h.bucket, Key: 'meta', CopySource: `${h.bucket}/meta` }))), 'InvalidRequest');
});

test('DeleteObjects deletes several keys and reports them; Quiet reports only errors', async () => {
  for (const Key of ['d1', 'd2', 'd3']) await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key, Body: 'x' }));
  const out = await h.s3.send(new DeleteObjectsCommand({ Bucket: h.bucket, Delete: { Objects: [{ Key: 'd1' }, { Key: 'd2' }, { Key: 'never' }] } }));
  assert.deepEqual(out.Deleted?.map((d) => d.Key), ['d1', 'd2', 'never']);
  const quiet = await h.s3.send(new DeleteObjectsCommand({ Bucket: h.bucket, Delete: { Objects: [{ Key: 'd3' }], Quiet: true } }));
  assert.equal(quiet.Deleted, undefined);
  const left = await h.s3.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: 'd' }));
  assert.equal(left.KeyCount, 0);
});

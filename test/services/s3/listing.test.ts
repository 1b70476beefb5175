// SDK v3 tests for S3 listings over a loopback socket: ListObjectsV2 pagination with delimiters and continuation
// tokens, ListObjects markers, encoding-type=url, and ListObjectVersions with delete markers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, ListObjectVersionsCommand, ListObjectsCommand,
  ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, S3ServiceException,
} from '@aws-sdk/client-s3';
import { uniqueBucket, useS3 } from './s3-support.js';

const KEYS = ['folder/aSubfolder/subFile1', 'folder/aSubfolder/subFile2', 'folder/file1', 'folder/file2', 'top a+b.txt', 'zz/\u00e9'];
const h = useS3({
  bucket: 'bucket',
  setup: async (f) => {
    for (const Key of KEYS) await f.s3.send(new PutObjectCommand({ Bucket: f.bucket, Key, Body: 'x' }));
  },
});

test('ListObjectsV2 lists every key in byte order with KeyCount', async () => {
  const page = await h.s3.send(new ListObjectsV2Command({ Bucket: h.bucket }));
  assert.deepEqual(page.Contents?.map((c) => c.Key), KEYS);
  assert.equal(page.KeyCount, KEYS.length);
  assert.equal(page.IsTruncated, false);
});

test('ListObjectsV2 pages through common prefixes and keys with continuation tokens', async () => {
  const seen: string[] = [];
  let token: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page = await h.s3.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: 'folder/', Delimiter: '/', MaxKeys: 1, ContinuationToken: token }));
    seen.push(...(page.CommonPrefixes ?? []).map((p) => `P:${p.Prefix}`), ...(page.Contents ?? []).map((c) => c.Key ?? ''));
    if (!page.IsTruncated) break;
    token = page.NextContinuationToken;
  }
  assert.deepEqual(seen, ['P:folder/aSubfolder/', 'folder/file1', 'folder/file2']);
});

test('a forged continuation token is InvalidArgument', async () => {
  try {
    await h.s3.send(new ListObjectsV2Command({ Bucket: h.bucket, ContinuationToken: 'forged' }));
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof S3ServiceException);
    assert.equal(e.name, 'InvalidArgument');
    assert.equal(e.message, 'The continuation token provided is incorrect');
  }
});

test('ListObjects with a delimiter returns NextMarker and resumes after it', async () => {
  const first = await h.s3.send(new ListObjectsCommand({ Bucket: h.bucket, Delimiter: '/', MaxKeys: 1 }));
  assert.deepEqual(first.CommonPrefixes?.map((p) => p.Prefix), ['folder/']);
  assert.equal(first.NextMarker, 'folder/');
  const second = await h.s3.send(new ListObjectsCommand({ Bucket: h.bucket, Delimiter: '/', Marker: first.NextMarker }));
  assert.deepEqual(second.Contents?.map((c) => c.Key), ['top a+b.txt']);
  assert.deepEqual(second.CommonPrefixes?.map((p) => p.Prefix), ['zz/']);
});

test('encoding-type=url percent-encodes keys but keeps slashes', async () => {
  const page = await h.s3.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: 't', EncodingType: 'url' }));
  assert.deepEqual(page.Contents?.map((c) => c.Key), ['top+a%2Bb.txt']);
});

test('ListObjectVersions shows versions and delete markers newest first', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  const v1 = await h.s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: '1' }));
  const v2 = await h.s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: '2' }));
  const del = await h.s3.send(new DeleteObjectCommand({ Bucket: name, Key: 'k' }));
  assert.equal(del.DeleteMarker, true);
  const list = await h.s3.send(new ListObjectVersionsCommand({ Bucket: name }));
  assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, false], [v1.VersionId, false]]);
  assert.deepEqual(list.DeleteMarkers?.map((d) => [d.VersionId, d.IsLatest]), [[del.VersionId, true]]);
  const current = await h.s3.send(new ListObjectsV2Command({ Bucket: name }));
  assert.equal(current.KeyCount, 0);
  const removed = await h.s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: [{ Key: 'k', VersionId: del.VersionId }, { Key: 'k', VersionId: 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD' }] } }));
  assert.deepEqual(removed.Deleted?.map((d) => [d.Key, d.DeleteMarker]), [['k', true]]);
  assert.deepEqual(removed.Errors?.map((e) => e.Code), ['NoSuchVersion']);
  assert.equal((await h.s3.send(new ListObjectsV2Command({ Bucket: name }))).KeyCount, 1);
});

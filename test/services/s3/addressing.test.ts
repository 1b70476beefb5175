// SDK v3 and raw HTTP tests of S3 addressing: virtual-hosted hosts (with region, dotted bucket names) reach the same
// operations as path style, and Transfer Acceleration hosts are served only for buckets with acceleration Enabled.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketAccelerateConfigurationCommand,
  PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { trustedS3Headers } from '../../support/s3-trusted.js';
import { accelerateClient, rawRequest, virtualHostClient, xmlText } from './s3-http.js';
import { startS3, uniqueBucket, type S3Harness } from './s3-support.js';

let h: S3Harness;
let port: number;
const clients: S3Client[] = [];
function track<T extends S3Client>(c: T): T {
  clients.push(c);
  return c;
}

before(async () => {
  h = await startS3();
  port = Number(new URL(h.kumo.url).port);
});
after(async () => {
  for (const c of clients) c.destroy();
  await h.close();
});

async function text(get: Promise<{ Body?: { transformToString(): Promise<string> } | undefined }>): Promise<string> {
  return (await get).Body!.transformToString();
}

test('SDK v3 virtual-hosted requests (forcePathStyle false) create, write, list and delete what path style sees', async () => {
  const vhost = track(virtualHostClient(`http://s3.localhost.localstack.cloud:${port}`));
  const bucket = uniqueBucket('vhost');
  await vhost.send(new CreateBucketCommand({ Bucket: bucket }));
  const key = 'dir/a b+c=d.txt';
  await vhost.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'virtual' }));
  assert.equal(await text(h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))), 'virtual');
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'path-style', Body: 'path' }));
  assert.equal(await text(vhost.send(new GetObjectCommand({ Bucket: bucket, Key: 'path-style' }))), 'path');
  const listed = await vhost.send(new ListObjectsV2Command({ Bucket: bucket }));
  assert.deepEqual(listed.Contents?.map((o) => o.Key), [key, 'path-style']);
  await vhost.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  assert.equal((await h.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 1);
});

test('a virtual-hosted host naming a region, and a bucket name with dots, address the bucket', async () => {
  const bucket = `dotted.${uniqueBucket('name')}`;
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'regional' }));
  for (const host of [`${bucket}.s3.us-east-1.localhost.localstack.cloud:${port}`, `${bucket}.s3.localhost.localstack.cloud:${port}`]) {
    const got = await rawRequest(port, { method: 'GET', host, path: '/k', headers: trustedS3Headers() });
    assert.equal(got.status, 200, host);
    assert.equal(got.body.toString(), 'regional');
    const list = await rawRequest(port, { method: 'GET', host, path: '/?list-type=2', headers: trustedS3Headers() });
    assert.equal(xmlText(list.body, 'Name'), bucket);
  }
});

test('SDK v3 with useAccelerateEndpoint is refused until the bucket enables acceleration, then served', async () => {
  const bucket = uniqueBucket('accel');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const accelerated = track(accelerateClient(port));
  const refused = await accelerated.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'fast' })).catch((e: unknown) => e);
  assert.ok(refused instanceof S3ServiceException);
  assert.equal(refused.name, 'InvalidRequest');
  assert.equal(refused.message, 'S3 Transfer Acceleration is not configured on this bucket');
  assert.equal(refused.$metadata.httpStatusCode, 400);

  await h.s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: bucket, AccelerateConfiguration: { Status: 'Enabled' } }));
  await accelerated.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'fast' }));
  assert.equal(await text(accelerated.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))), 'fast');
  assert.equal(await text(h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))), 'fast');
  const dualstack = await rawRequest(port, { method: 'GET', host: `${bucket}.s3-accelerate.dualstack.amazonaws.com`, path: '/k', headers: trustedS3Headers() });
  assert.equal(dualstack.status, 200);
  assert.equal(dualstack.body.toString(), 'fast');

  await h.s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: bucket, AccelerateConfiguration: { Status: 'Suspended' } }));
  const suspended = await accelerated.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })).catch((e: unknown) => e);
  assert.ok(suspended instanceof S3ServiceException);
  assert.equal(suspended.message, 'S3 Transfer Acceleration is disabled on this bucket');
});

test('the accelerate host refuses path-style requests and unknown buckets with S3 errors', async () => {
  const pathStyle = await rawRequest(port, { method: 'GET', host: `s3-accelerate.localhost.localstack.cloud:${port}`, path: '/some-bucket/k' });
  assert.equal(pathStyle.status, 400);
  assert.equal(xmlText(pathStyle.body, 'Code'), 'InvalidRequest');
  const missing = await rawRequest(port, { method: 'GET', host: `no-such-${process.pid}.s3-accelerate.localhost:${port}`, path: '/k' });
  assert.equal(missing.status, 404);
  assert.equal(xmlText(missing.body, 'Code'), 'NoSuchBucket');
});

test('with --enforce-iam, virtual-hosted signatures are verified over the path the client signed', async () => {
  let strict: TestKumo | undefined;
  try {
    strict = await startTestKumo({ enforceIam: true });
    const strictPort = Number(new URL(strict.url).port);
    const vhost = track(virtualHostClient(`http://s3.localhost.localstack.cloud:${strictPort}`));
    const bucket = uniqueBucket('signed');
    await vhost.send(new CreateBucketCommand({ Bucket: bucket }));
    await vhost.send(new PutObjectCommand({ Bucket: bucket, Key: 'nested/key', Body: 'signed' }));
    assert.equal(await text(vhost.send(new GetObjectCommand({ Bucket: bucket, Key: 'nested/key' }))), 'signed');
    const forged = await rawRequest(strictPort, {
      method: 'GET', host: `${bucket}.s3.localhost.localstack.cloud:${strictPort}`, path: '/nested/key',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20250101T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    assert.equal(forged.status, 403);
  } finally {
    await strict?.stop();
  }
});

// The delivery engine's S3 writer against kumo's real S3 through in-process calls: streamed PutObject, HeadObject
// telling written from unwritten keys (the restart check), and S3's own errors surfacing for retries.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isAwsError } from '../../../src/core/aws-error.js';
import { s3Writer } from '../../../src/services/firehose/context-factory.js';
import type { ObjectWriter } from '../../../src/services/firehose/delivery.js';
import { startTestKumo, TEST_ACCOUNT, type TestKumo } from '../../support/kumo.js';

const scope = { account: TEST_ACCOUNT, region: 'us-east-1' };
let kumo: TestKumo;
let s3: S3Client;
let writer: ObjectWriter;

before(async () => {
  kumo = await startTestKumo();
  s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  writer = s3Writer(kumo.services.internal());
});

after(async () => {
  s3.destroy();
  await kumo.stop();
});

async function* parts(...texts: string[]): AsyncGenerator<Buffer> {
  for (const t of texts) yield Buffer.from(t);
}

test('PutObject streams the body in process and HeadObject then finds the key', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'writer-landing' }));
  assert.equal(await writer.exists(scope, 'writer-landing', 'a/b/object'), false);
  await writer.put(scope, 'writer-landing', 'a/b/object', parts('one\n', 'two\n'));
  assert.equal(await writer.exists(scope, 'writer-landing', 'a/b/object'), true);
  const got = await s3.send(new GetObjectCommand({ Bucket: 'writer-landing', Key: 'a/b/object' }));
  assert.equal(await got.Body!.transformToString(), 'one\ntwo\n');
});

test('a missing bucket surfaces as S3 NoSuchBucket from both calls', async () => {
  const noBucket = (e: unknown): boolean => isAwsError(e) && e.code === 'NoSuchBucket';
  await assert.rejects(writer.put(scope, 'writer-missing', 'k', parts('x')), noBucket);
  await assert.rejects(writer.exists(scope, 'writer-missing', 'k'), noBucket);
});

// The s3:// receive commit against kumo's own S3 in process: a file above the part size goes up as a multipart
// upload (PutObject stops at 5 GiB) and reads back byte for byte; a failed upload leaves no object and no parts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { s3Storage } from '../../../src/services/mft/object-storage.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { tempDir } from './mft-support.js';

let kumo: TestKumo;
let s3: S3Client;
const scope = { account: '000000000000', region: 'us-east-1' };

before(async () => {
  kumo = await startTestKumo();
  s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'mft-parts' }));
});
after(async () => {
  s3.destroy();
  await kumo.stop();
});

const invoke = <O,>(service: string, operation: string, sc: { account: string; region: string }, input: Record<string, unknown>) => kumo.services.internal().invoke<O>(service, operation, sc, input);
/** The default account's root, as a node without an identity acts when IAM is not enforced. */
const access = { invoke, authorize: async () => undefined, caller: async () => ({ scope }) };

test('a received file larger than the part size is committed as a multipart upload of 5 MiB parts', async () => {
  const data = randomBytes(11 * 1024 * 1024 + 123);
  const path = join(tempDir('parts'), 'big.bin');
  writeFileSync(path, data);
  await s3Storage(access, 5 * 1024 * 1024).put('mft-parts', 'big.bin', path);
  const got = await s3.send(new GetObjectCommand({ Bucket: 'mft-parts', Key: 'big.bin' }));
  assert.match(got.ETag ?? '', /-3"$/);
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), data);
});

test('a multipart commit that fails aborts its upload: no object, no parts left behind', async () => {
  const path = join(tempDir('parts'), 'gone.bin');
  writeFileSync(path, randomBytes(6 * 1024 * 1024));
  // Parts of 1 MiB are below S3's 5 MiB minimum, so CompleteMultipartUpload refuses them (EntityTooSmall).
  await assert.rejects(s3Storage(access, 1024 * 1024).put('mft-parts', 'gone.bin', path), (e: { statusCode?: number; message: string }) => e.statusCode === 601 && /EntityTooSmall/.test(e.message));
  assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'mft-parts', Prefix: 'gone' }))).KeyCount, 0);
  assert.equal((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mft-parts' }))).Uploads, undefined);
});

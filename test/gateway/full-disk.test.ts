// A full disk (ENOSPC from the blob store, SQLITE_FULL from the state store) is answered with S3's InternalError at
// once, changes nothing, frees the reserve so deletes still work, and writes resume once space is back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand, DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { diskFullError, mayRunWhenFull } from '../../src/gateway/disk-full.js';

let dataDir: string;
let kumo: TestKumo;
let s3: S3Client;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kumo-full-disk-'));
  kumo = await startTestKumo({ inMemory: false, dataDir });
  s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
});
after(async () => {
  s3.destroy();
  await kumo.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

async function refused(p: Promise<unknown>): Promise<S3ServiceException> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  assert.ok(e instanceof S3ServiceException, `expected an S3 error, got ${String(e)}`);
  return e;
}

function blobFiles(): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root).filter((d) => d !== 'tmp').flatMap((d) => readdirSync(join(root, d)));
}

test('ENOSPC while storing a body: 500 InternalError, no object, the reserve freed; deletes work; writes resume', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
  await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'old', Body: Buffer.alloc(100_000, 1) }));
  assert.ok(existsSync(join(dataDir, 'disk-reserve')));
  const blobs = kumo.blobs;
  const write = blobs.write.bind(blobs);
  blobs.write = async (source) => {
    for await (const chunk of source) void chunk; // the disk fills after the body has been read
    throw enospc();
  };
  try {
    const e = await refused(s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'new', Body: Buffer.alloc(100_000, 2) })));
    assert.equal(e.name, 'InternalError');
    assert.equal(e.$metadata.httpStatusCode, 500);
    assert.equal(e.message, 'We encountered an internal error. Please try again.');
  } finally {
    blobs.write = write;
  }
  assert.equal(existsSync(join(dataDir, 'disk-reserve')), false, 'the reserve is released');
  assert.equal((await refused(s3.send(new HeadObjectCommand({ Bucket: 'full', Key: 'new' })))).$metadata.httpStatusCode, 404);
  // The reserve cannot be taken back within a second: the next write is refused before it reads the disk.
  const again = await refused(s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'new', Body: 'x' })));
  assert.equal(again.name, 'InternalError');
  // Deleting still works, and frees the object's blob.
  assert.equal(blobFiles().length, 1);
  await s3.send(new DeleteObjectCommand({ Bucket: 'full', Key: 'old' }));
  assert.equal(blobFiles().length, 0);
  // Space is back: the reserve is retaken on the next write and writes succeed.
  await kumo.advance(2);
  await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'new', Body: 'fits now' }));
  assert.ok(existsSync(join(dataDir, 'disk-reserve')));
});

test('SQLITE_FULL while committing: 500 InternalError, nothing stored, DeleteObject still commits', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'full-db' }));
  await s3.send(new PutObjectCommand({ Bucket: 'full-db', Key: 'keep', Body: 'small' }));
  const db = kumo.store.db;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  try {
    const e = await refused(s3.send(new PutObjectCommand({ Bucket: 'full-db', Key: 'big', Body: Buffer.alloc(12_000, 7) })));
    assert.equal(e.name, 'InternalError');
    assert.equal(e.$metadata.httpStatusCode, 500);
    assert.equal((await refused(s3.send(new HeadObjectCommand({ Bucket: 'full-db', Key: 'big' })))).$metadata.httpStatusCode, 404);
    await s3.send(new DeleteObjectCommand({ Bucket: 'full-db', Key: 'keep' }));
    assert.equal((await refused(s3.send(new HeadObjectCommand({ Bucket: 'full-db', Key: 'keep' })))).$metadata.httpStatusCode, 404);
  } finally {
    db.pragma('max_page_count = 1073741823');
  }
  await kumo.advance(2);
  await s3.send(new PutObjectCommand({ Bucket: 'full-db', Key: 'big', Body: Buffer.alloc(12_000, 7) }));
});

test('each service family answers a full disk with its own retryable 5xx; only deletes and reads run when full', () => {
  assert.deepEqual([diskFullError('s3').code, diskFullError('s3').status], ['InternalError', 500]);
  assert.deepEqual([diskFullError('dynamodb').code, diskFullError('dynamodb').status], ['InternalServerError', 500]);
  assert.deepEqual([diskFullError('sqs').code, diskFullError('sqs').status], ['ServiceUnavailable', 503]);
  for (const op of ['DeleteObject', 'DeleteObjects', 'DeleteMessage', 'DeleteItem', 'GetObject', 'ListObjectsV2', 'AbortMultipartUpload']) {
    assert.ok(mayRunWhenFull(op), op);
  }
  for (const op of ['PutObject', 'CreateBucket', 'SendMessage', 'PutItem', 'UploadPart', 'CopyObject']) assert.equal(mayRunWhenFull(op), false, op);
});

// SDK v3 tests for S3 multipart uploads over a loopback socket: parts, ListParts, Complete's ETag and checksum,
// EntityTooSmall/InvalidPart/NoSuchUpload, Abort, and lib-storage's Upload of a multi-part body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand,
  GetObjectCommand, ListMultipartUploadsCommand, ListPartsCommand, S3ServiceException, UploadPartCommand, UploadPartCopyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { useS3 } from './s3-support.js';

const h = useS3({ bucket: 'bucket' });
const MIB = 1024 * 1024;


async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return e.name;
    throw e;
  }
  return 'ok';
}

test('a two-part upload completes with the multipart ETag and reads back whole', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'mp' }));
  const a = Buffer.alloc(5 * MIB, 'a');
  const b = Buffer.from('tail');
  const p1 = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'mp', UploadId, PartNumber: 1, Body: a }));
  const p2 = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'mp', UploadId, PartNumber: 2, Body: b }));
  const parts = await h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp', UploadId }));
  assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MIB], [2, 4]]);
  const uploads = await h.s3.send(new ListMultipartUploadsCommand({ Bucket: h.bucket }));
  assert.ok(uploads.Uploads?.some((u) => u.UploadId === UploadId));
  const done = await h.s3.send(new CompleteMultipartUploadCommand({
    Bucket: h.bucket, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
  }));
  const md5s = Buffer.concat([createHash('md5').update(a).digest(), createHash('md5').update(b).digest()]);
  assert.equal(done.ETag, `"${createHash('md5').update(md5s).digest('hex')}-2"`);
  const got = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'mp', Range: `bytes=${5 * MIB - 2}-${5 * MIB + 1}` }));
  assert.equal(await got.Body?.transformToString(), 'aata');
  assert.equal(await code(h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp', UploadId }))), 'NoSuchUpload');
});

test('Complete rejects small non-final parts, unknown parts and bad order', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'bad' }));
  const p1 = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'bad', UploadId, PartNumber: 1, Body: 'small' }));
  const p2 = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'bad', UploadId, PartNumber: 2, Body: 'small' }));
  const complete = (Parts: Array<{ PartNumber: number; ETag: string | undefined }>): Promise<unknown> =>
    h.s3.send(new CompleteMultipartUploadCommand({ Bucket: h.bucket, Key: 'bad', UploadId, MultipartUpload: { Parts } }));
  assert.equal(await code(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }])), 'EntityTooSmall');
  assert.equal(await code(complete([{ PartNumber: 3, ETag: p1.ETag }])), 'InvalidPart');
  assert.equal(await code(complete([{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }])), 'InvalidPartOrder');
  await h.s3.send(new AbortMultipartUploadCommand({ Bucket: h.bucket, Key: 'bad', UploadId }));
  assert.equal(await code(h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'bad', UploadId, PartNumber: 1, Body: 'x' }))), 'NoSuchUpload');
});

test('UploadPartCopy copies a byte range of another object into a part', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'source', Body: '0123456789' }));
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'copied' }));
  const part = await h.s3.send(new UploadPartCopyCommand({ Bucket: h.bucket, Key: 'copied', UploadId, PartNumber: 1, CopySource: `${h.bucket}/source`, CopySourceRange: 'bytes=2-5' }));
  await h.s3.send(new CompleteMultipartUploadCommand({ Bucket: h.bucket, Key: 'copied', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult?.ETag }] } }));
  assert.equal(await (await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'copied' }))).Body?.transformToString(), '2345');
});

test('lib-storage Upload sends a 12 MiB body in parts and it reads back intact', async () => {
  const body = Buffer.alloc(12 * MIB);
  for (let i = 0; i < body.length; i += 4096) body[i] = i & 0xff;
  await new Upload({ client: h.s3, params: { Bucket: h.bucket, Key: 'big', Body: body }, partSize: 5 * MIB, queueSize: 2 }).done();
  const got = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'big' }));
  const bytes = Buffer.from(await got.Body!.transformToByteArray());
  assert.equal(bytes.length, body.length);
  assert.ok(bytes.equals(body));
  assert.match(got.ETag ?? '', /-3"$/);
});

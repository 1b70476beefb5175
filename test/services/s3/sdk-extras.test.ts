// SDK v3 extras over a loopback socket: @aws-sdk/lib-storage multipart Upload of a 12 MiB stream, both request
// checksum modes (default CRC32 trailer over aws-chunked, and WHEN_REQUIRED), and GetObject with ChecksumMode ENABLED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import { useS3 } from './s3-support.js';

const h = useS3({ bucket: 'extras' });

/** Records the headers of every request the client sends (after the SDK's checksum middleware ran). */
function recordHeaders(client: S3Client): Array<Record<string, string>> {
  const seen: Array<Record<string, string>> = [];
  const record: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
    seen.push(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])));
    return next(args);
  };
  client.middlewareStack.add(record, { step: 'finalizeRequest', name: 'recordHeaders' });
  return seen;
}

function crc32Base64(bytes: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes));
  return out.toString('base64');
}

/** A stream of `total` bytes in 1 MiB chunks, and the bytes themselves. */
function randomStream(total: number): { stream: Readable; bytes: Buffer } {
  const bytes = randomBytes(total);
  const chunks: Buffer[] = [];
  for (let at = 0; at < total; at += 1024 * 1024) chunks.push(bytes.subarray(at, Math.min(total, at + 1024 * 1024)));
  return { stream: Readable.from(chunks), bytes };
}

async function readAll(client: S3Client, key: string): Promise<{ bytes: Buffer; out: GetObjectCommandOutput }> {
  const out = await client.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, ChecksumMode: 'ENABLED' }));
  const bytes = Buffer.from(await out.Body!.transformToByteArray());
  return { bytes, out };
}

test('lib-storage Upload of a 12 MiB stream goes multipart (5 MiB parts) and reads back byte-exact', async () => {
  const { stream, bytes } = randomStream(12 * 1024 * 1024 + 12_345);
  const seen = recordHeaders(h.s3);
  const upload = new Upload({ client: h.s3, params: { Bucket: h.bucket, Key: 'lib-storage/big.bin', Body: stream }, partSize: 5 * 1024 * 1024, queueSize: 2 });
  const done = await upload.done();
  assert.match(done.ETag ?? '', /^"[0-9a-f]{32}-3"$/);
  assert.equal(seen.length, 5, 'CreateMultipartUpload, 3 × UploadPart, CompleteMultipartUpload');
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'lib-storage/big.bin', PartNumber: 1 }));
  assert.equal(head.PartsCount, 3);
  assert.equal(head.ContentLength, 5 * 1024 * 1024);
  const { bytes: got, out } = await readAll(h.s3, 'lib-storage/big.bin');
  assert.ok(got.equals(bytes));
  assert.equal(out.ContentLength, bytes.length);
});

test('by default a streamed PutObject sends aws-chunked with a CRC32 trailer; GetObject ChecksumMode ENABLED returns it', async () => {
  const client = h.client('us-east-1');
  const seen = recordHeaders(client);
  const { stream, bytes } = randomStream(300_000);
  const put = await client.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'default-checksum', Body: stream, ContentLength: bytes.length }));
  const sent = seen.at(-1)!;
  assert.match(sent['content-encoding'] ?? '', /aws-chunked/);
  assert.equal(sent['x-amz-trailer'], 'x-amz-checksum-crc32');
  assert.equal(put.ChecksumCRC32, crc32Base64(bytes));
  const { bytes: got, out } = await readAll(client, 'default-checksum');
  assert.ok(got.equals(bytes));
  assert.equal(out.ChecksumCRC32, crc32Base64(bytes));
  assert.equal(out.ChecksumType, 'FULL_OBJECT');
  assert.equal(out.ContentEncoding, undefined);
});

test('with requestChecksumCalculation WHEN_REQUIRED nothing is sent; S3 stores CRC64NVME and GetObject returns it', async () => {
  const client = new S3Client({ ...h.kumo.clientConfig(), forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  try {
    const seen = recordHeaders(client);
    const bytes = randomBytes(40_000);
    const put = await client.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'when-required', Body: bytes }));
    const sent = seen.at(-1)!;
    assert.equal(Object.keys(sent).filter((k) => k.startsWith('x-amz-checksum-') || k === 'x-amz-trailer').length, 0);
    assert.equal(sent['content-encoding'], undefined);
    assert.match(put.ChecksumCRC64NVME ?? '', /^[A-Za-z0-9+/]{11}=$/);
    const { bytes: got, out } = await readAll(client, 'when-required');
    assert.ok(got.equals(bytes));
    assert.equal(out.ChecksumCRC64NVME, put.ChecksumCRC64NVME);

    const { stream, bytes: streamed } = randomStream(11 * 1024 * 1024);
    const done = await new Upload({ client, params: { Bucket: h.bucket, Key: 'when-required-multipart', Body: stream }, partSize: 5 * 1024 * 1024 }).done();
    assert.match(done.ETag ?? '', /-3"$/);
    assert.ok((await readAll(client, 'when-required-multipart')).bytes.equals(streamed));
  } finally {
    client.destroy();
  }
});

test('GetObject with ChecksumMode ENABLED on a ranged read returns no whole-object checksum', async () => {
  const bytes = Buffer.from('0123456789'.repeat(100));
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'ranged', Body: bytes, ChecksumAlgorithm: 'SHA256' }));
  const whole = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'ranged', ChecksumMode: 'ENABLED' }));
  assert.ok(whole.ChecksumSHA256);
  await whole.Body!.transformToByteArray();
  const part = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'ranged', ChecksumMode: 'ENABLED', Range: 'bytes=10-19' }));
  assert.equal(await part.Body!.transformToString(), '0123456789');
  assert.equal(part.ChecksumSHA256, undefined);
});

// SDK v3 tests for streamed uploads over a loopback socket: a Readable body goes out aws-chunked with the SDK's
// default CRC32 trailer; a hand-framed unsigned-trailer body with a wrong checksum is rejected and stores nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { request } from 'node:http';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { useS3 } from './s3-support.js';

const h = useS3({ bucket: 'bucket' });

test('a streamed PutObject (aws-chunked with CRC32 trailer) stores the decoded bytes and checksum', async () => {
  const parts = [Buffer.alloc(70_000, 1), Buffer.alloc(30_000, 2)];
  const put = await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'streamed', Body: Readable.from(parts), ContentLength: 100_000 }));
  assert.ok(put.ChecksumCRC32);
  const got = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'streamed', ChecksumMode: 'ENABLED' }));
  const bytes = Buffer.from(await got.Body!.transformToByteArray());
  assert.ok(bytes.equals(Buffer.concat(parts)));
  assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
  assert.equal(got.ContentEncoding, undefined);
});

/** Sends a raw unsigned-trailer PUT (the form aws-cli and SDKs use over HTTPS) and returns status and body. */
function rawPut(key: string, body: string, trailer: string): Promise<{ status: number; text: string }> {
  const url = new URL(`${h.kumo.url}/${h.bucket}/${key}`);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(Buffer.byteLength(body)),
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'x-amz-date': '20260101T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=' + '0'.repeat(64),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(`${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\nx-amz-checksum-crc32:${trailer}\r\n\r\n`);
  });
}

test('an unsigned-trailer upload with a wrong CRC32 trailer is BadDigest and leaves no object', async () => {
  const ok = await rawPut('raw-ok', 'hello', 'NhCmhg==');
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'raw-ok' }))).ContentLength, 5);
  const bad = await rawPut('raw-bad', 'hello', 'AAAAAA==');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<Code>BadDigest<\/Code>/);
  await assert.rejects(h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'raw-bad' })),
    (e: unknown) => e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404);
});

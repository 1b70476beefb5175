// Unit tests for body ingestion: aws-chunked detection, Content-MD5 and checksum validation (header and trailer),
// and that a rejected body leaves no blob behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { MemoryBlobStore } from '../../../store/blob-store.js';
import { AwsError } from '../../../core/aws-error.js';
import { attachBodyFraming } from './body-framing.js';
import { checksumOf } from './checksums.js';
import { declaredChecksum, ingestBody } from './ingest.js';

/** Counts blobs by asking sweep() about each one and keeping them all. */
function blobCount(store: MemoryBlobStore): number {
  let n = 0;
  store.sweep(() => {
    n++;
    return true;
  });
  return n;
}

const base = { checksums: {}, maxSize: 1024, defaultAlgorithm: 'CRC64NVME' as const };

async function rejects(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

test('a plain body is stored with its MD5 and the default CRC64NVME checksum', async () => {
  const store = new MemoryBlobStore();
  const r = await ingestBody(store, Readable.from([Buffer.from('hello '), Buffer.from('world')]), base);
  assert.equal(r.size, 11);
  assert.equal(r.md5.toString('hex'), createHash('md5').update('hello world').digest('hex'));
  assert.equal(r.algorithm, 'CRC64NVME');
  assert.equal(r.checksum, checksumOf('CRC64NVME', Buffer.from('hello world')));
  assert.equal(blobCount(store), 1);
});

test('an unsigned-trailer aws-chunked body is decoded and its trailer checksum verified', async () => {
  const store = new MemoryBlobStore();
  const good = checksumOf('CRC32', Buffer.from('hello'));
  const body = (value: string): Readable => {
    const r = Readable.from([Buffer.from(`5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${value}\r\n\r\n`)]);
    attachBodyFraming(r, { contentSha256: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', decodedContentLength: 5, trailer: 'x-amz-checksum-crc32' });
    return r;
  };
  const r = await ingestBody(store, body(good), base);
  assert.equal(r.size, 5);
  assert.equal(r.algorithm, 'CRC32');
  assert.equal(r.checksum, good);
  await rejects(ingestBody(store, body(checksumOf('CRC32', Buffer.from('other'))), base), 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  assert.equal(blobCount(store), 1);
});

test('aws-chunked bodies are recognised from Content-Encoding when no framing was attached', async () => {
  const store = new MemoryBlobStore();
  const r = await ingestBody(store, Readable.from([Buffer.from('3\r\nabc\r\n0\r\n\r\n')]), { ...base, contentEncoding: 'aws-chunked' });
  assert.equal(r.size, 3);
});

test('Content-MD5 must be well-formed and match', async () => {
  const store = new MemoryBlobStore();
  await rejects(ingestBody(store, Readable.from([Buffer.from('x')]), { ...base, contentMd5: 'MTIz' }), 'InvalidDigest');
  const wrong = createHash('md5').update('y').digest('base64');
  await rejects(ingestBody(store, Readable.from([Buffer.from('x')]), { ...base, contentMd5: wrong }), 'BadDigest',
    'The Content-MD5 you specified did not match what we received.');
  assert.equal(blobCount(store), 0);
});

test('BadDigest reports ExpectedDigest in hex for PutObject and as the sent base64 for UploadPart', async () => {
  const store = new MemoryBlobStore();
  const wrong = createHash('md5').update('y').digest();
  const digest = async (hex: boolean): Promise<unknown> => {
    try {
      await ingestBody(store, Readable.from([Buffer.from('x')]), { ...base, contentMd5: wrong.toString('base64'), expectedDigestHex: hex });
    } catch (e) {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'BadDigest');
      assert.equal(e.fields['CalculatedDigest'], createHash('md5').update('x').digest('base64'));
      return e.fields['ExpectedDigest'];
    }
    assert.fail('expected BadDigest');
  };
  assert.equal(await digest(true), wrong.toString('hex'));
  assert.equal(await digest(false), wrong.toString('base64'));
});

test('two x-amz-checksum-* headers are InvalidRequest without argument fields', () => {
  const sha = checksumOf('SHA256', Buffer.from('x'));
  const crc = checksumOf('CRC32', Buffer.from('x'));
  assert.throws(() => declaredChecksum({ ChecksumSHA256: sha, ChecksumCRC32: crc }), (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'InvalidRequest');
    assert.equal(e.status, 400);
    assert.equal(e.message, 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    assert.deepEqual(e.fields, {});
    return true;
  });
});

test('a checksum header must be base64 of the right length and match', async () => {
  const store = new MemoryBlobStore();
  await rejects(ingestBody(store, Readable.from([Buffer.from('x')]), { ...base, checksums: { ChecksumSHA256: 'abc' } }), 'InvalidRequest',
    'Value for x-amz-checksum-sha256 header is invalid.');
  await rejects(ingestBody(store, Readable.from([Buffer.from('x')]), { ...base, checksums: { ChecksumSHA1: checksumOf('SHA1', Buffer.from('y')) } }),
    'BadDigest', 'The SHA1 you specified did not match the calculated checksum.');
  assert.equal(blobCount(store), 0);
});

test('a body over the size limit is EntityTooLarge and leaves nothing', async () => {
  const store = new MemoryBlobStore();
  await rejects(ingestBody(store, Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), base), 'EntityTooLarge');
  assert.equal(blobCount(store), 0);
});

test('an empty body keeps no blob', async () => {
  const store = new MemoryBlobStore();
  const r = await ingestBody(store, Readable.from([]), base);
  assert.equal(r.blob, undefined);
  assert.equal(r.size, 0);
  assert.equal(blobCount(store), 0);
});

test('a body within the inline limit stays in memory and one beyond it goes to a blob', async () => {
  const store = new MemoryBlobStore();
  const small = await ingestBody(store, Readable.from([Buffer.from('ab'), Buffer.from('cd')]), { ...base, inlineLimit: 4 });
  assert.equal(small.inline?.toString(), 'abcd');
  assert.equal(small.blob, undefined);
  assert.equal(blobCount(store), 0);
  const big = await ingestBody(store, Readable.from([Buffer.from('ab'), Buffer.from('cde')]), { ...base, inlineLimit: 4 });
  assert.equal(big.inline, undefined);
  assert.equal(big.blob?.size, 5);
  assert.equal(big.checksum, checksumOf('CRC64NVME', Buffer.from('abcde')));
  assert.equal(blobCount(store), 1);
});

test('a plain body that starts like a signed chunk header is stored as sent when nothing announced aws-chunked', async () => {
  const store = new MemoryBlobStore();
  const sig = 'f'.repeat(64);
  const framed = `5;chunk-signature=${sig}\r\nhello\r\n0;chunk-signature=${sig}\r\n\r\n`;
  const r = await ingestBody(store, Readable.from([Buffer.from(framed)]), { ...base, inlineLimit: 1024 });
  assert.equal(r.inline?.toString(), framed);
});

test('a body that does not hash to the expected x-amz-content-sha256 is refused and leaves no blob', async () => {
  const store = new MemoryBlobStore();
  const body = (text: string): Readable => {
    const r = Readable.from([Buffer.from(text)]);
    attachBodyFraming(r, { contentSha256: createHash('sha256').update('hello').digest('hex'), expectedSha256: createHash('sha256').update('hello').digest('hex') });
    return r;
  };
  assert.equal((await ingestBody(store, body('hello'), { ...base, inlineLimit: 1024 })).inline?.toString(), 'hello');
  await rejects(ingestBody(store, body('x'.repeat(900)), base), 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  assert.equal(blobCount(store), 0);
});

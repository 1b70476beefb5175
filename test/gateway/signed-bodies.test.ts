// Under --enforce-iam an S3 upload must be the body that was signed: a hex x-amz-content-sha256 is compared with the
// bytes as they stream (XAmzContentSHA256Mismatch, nothing stored), signed aws-chunked bodies have every chunk and
// trailer signature checked; without enforcement aws-chunked is decoded only when announced.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chunkStringToSign, credentialScope, sha256Hex, sign, signingKey, trailerStringToSign } from '../../src/auth/sigv4.js';
import { checksumOf } from '../../src/services/s3/integrity/checksums.js';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { rawRequest, xmlText, type RawResponse } from '../services/s3/s3-http.js';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const BUCKET = 'signed-bodies';
let enforcing: TestKumo;
let open: TestKumo;
let port: number;

before(async () => {
  enforcing = await startTestKumo({ enforceIam: true });
  open = await startTestKumo();
  port = Number(new URL(enforcing.url).port);
  for (const k of [enforcing, open]) {
    await new S3Client({ ...k.clientConfig(), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  }
});
after(async () => {
  await enforcing.stop();
  await open.stop();
});

/** Signs a PUT of `/BUCKET/key` with the given headers (x-amz-content-sha256 is used as the payload hash). */
async function signedPut(key: string, headers: Record<string, string>, date = new Date()): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: CREDENTIALS, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const host = `127.0.0.1:${port}`;
  const signed = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: '127.0.0.1', port, path: `/${BUCKET}/${key}`, headers: { host, ...headers } }, { signingDate: date });
  return signed.headers;
}

function put(key: string, headers: Record<string, string>, body: Buffer | string): Promise<RawResponse> {
  const { host, ...rest } = headers;
  return rawRequest(port, { method: 'PUT', host: host ?? `127.0.0.1:${port}`, path: `/${BUCKET}/${key}`, headers: rest, body });
}

async function stored(kumo: TestKumo, key: string): Promise<string | undefined> {
  try {
    const out = await new S3Client({ ...kumo.clientConfig(), forcePathStyle: true }).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return await out.Body!.transformToString();
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey') return undefined;
    throw e;
  }
}

test('a body other than the one x-amz-content-sha256 names is XAmzContentSHA256Mismatch 400 and is not stored', async () => {
  const big = 'A'.repeat(100_000); // past the inline limit, so a blob was being written when the mismatch showed
  const headers = await signedPut('tampered', { 'x-amz-content-sha256': sha256Hex(big) });
  const res = await put('tampered', headers, 'B'.repeat(100_000));
  assert.equal(res.status, 400, res.body.toString());
  assert.equal(xmlText(res.body, 'Code'), 'XAmzContentSHA256Mismatch');
  assert.equal(xmlText(res.body, 'ClientComputedContentSHA256'), sha256Hex(big));
  assert.equal(await stored(enforcing, 'tampered'), undefined);
  const ok = await put('tampered', await signedPut('tampered', { 'x-amz-content-sha256': sha256Hex(big) }), big);
  assert.equal(ok.status, 200, ok.body.toString());
  assert.equal(await stored(enforcing, 'tampered'), big);
});

interface Chunked {
  headers: Record<string, string>;
  body: Buffer;
}

/** A STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] upload of `chunks`, signed as the S3 streaming docs describe. */
async function chunkedUpload(key: string, chunks: string[], opts: { trailer?: boolean; corruptChunk?: number; corruptTrailer?: boolean } = {}): Promise<Chunked> {
  const date = new Date();
  const payload = chunks.join('');
  const kind = opts.trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const extra: Record<string, string> = opts.trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {};
  const headers = await signedPut(key, {
    'x-amz-content-sha256': kind, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(Buffer.byteLength(payload)), ...extra,
  }, date);
  const amzDate = headers['x-amz-date']!;
  const seed = /Signature=([0-9a-f]{64})/.exec(headers['authorization']!)![1]!;
  const key4 = signingKey('test', amzDate.slice(0, 8), 'us-east-1', 's3');
  const scope = credentialScope({ date: amzDate.slice(0, 8), region: 'us-east-1', service: 's3' });
  let previous = seed;
  let body = '';
  [...chunks, ''].forEach((data, i) => {
    let signature = sign(key4, chunkStringToSign(amzDate, scope, previous, sha256Hex(data)));
    previous = signature;
    if (opts.corruptChunk === i) signature = '0'.repeat(64);
    body += `${Buffer.byteLength(data).toString(16)};chunk-signature=${signature}\r\n${data}${data === '' ? '' : '\r\n'}`;
  });
  if (opts.trailer) {
    const trailer = `x-amz-checksum-crc32:${checksumOf('CRC32', Buffer.from(payload))}`;
    let signature = sign(key4, trailerStringToSign(amzDate, scope, previous, sha256Hex(`${trailer}\n`)));
    if (opts.corruptTrailer) signature = '1'.repeat(64);
    body += `${trailer}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`;
  } else {
    body += '\r\n';
  }
  return { headers, body: Buffer.from(body) };
}

test('a signed aws-chunked upload with valid chunk signatures is stored decoded', async () => {
  const { headers, body } = await chunkedUpload('chunked-ok', ['hello ', 'streaming ', 'world']);
  const res = await put('chunked-ok', headers, body);
  assert.equal(res.status, 200, res.body.toString());
  assert.equal(await stored(enforcing, 'chunked-ok'), 'hello streaming world');
});

test('a wrong chunk signature, even on the final empty chunk, is SignatureDoesNotMatch 403 and nothing is stored', async () => {
  for (const corruptChunk of [1, 3]) {
    const { headers, body } = await chunkedUpload(`chunked-bad-${corruptChunk}`, ['hello ', 'streaming ', 'world'], { corruptChunk });
    const res = await put(`chunked-bad-${corruptChunk}`, headers, body);
    assert.equal(res.status, 403, res.body.toString());
    assert.equal(xmlText(res.body, 'Code'), 'SignatureDoesNotMatch');
    assert.equal(await stored(enforcing, `chunked-bad-${corruptChunk}`), undefined);
  }
});

test('a signed upload with a trailer checks the trailer signature', async () => {
  const good = await chunkedUpload('trailer-ok', ['abc', 'def'], { trailer: true });
  assert.equal((await put('trailer-ok', good.headers, good.body)).status, 200);
  assert.equal(await stored(enforcing, 'trailer-ok'), 'abcdef');
  const bad = await chunkedUpload('trailer-bad', ['abc', 'def'], { trailer: true, corruptTrailer: true });
  const res = await put('trailer-bad', bad.headers, bad.body);
  assert.equal(res.status, 403, res.body.toString());
  assert.equal(xmlText(res.body, 'Code'), 'SignatureDoesNotMatch');
  assert.equal(await stored(enforcing, 'trailer-bad'), undefined);
});

test('a decoded length other than x-amz-decoded-content-length is refused', async () => {
  const { headers, body } = await chunkedUpload('short', ['hello']);
  const res = await put('short', { ...headers, 'x-amz-decoded-content-length': '4' }, body);
  assert.ok(res.status === 400 || res.status === 403, res.body.toString());
  assert.equal(await stored(enforcing, 'short'), undefined);
});

test('without enforcement an x-amz-content-sha256 that is no valid value is InvalidArgument', async () => {
  const openPort = Number(new URL(open.url).port);
  const res = await rawRequest(openPort, { method: 'PUT', host: `127.0.0.1:${openPort}`, path: `/${BUCKET}/k`, headers: { 'x-amz-content-sha256': 'not-a-hash' }, body: 'x' });
  assert.equal(res.status, 400);
  assert.equal(xmlText(res.body, 'Code'), 'InvalidArgument');
  assert.equal(xmlText(res.body, 'Message'), 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.');
  assert.equal(xmlText(res.body, 'ArgumentName'), 'x-amz-content-sha256');
});

test('a plain PUT whose body starts like a signed chunk header is stored unaltered', async () => {
  const text = `5;chunk-signature=${'f'.repeat(64)}\r\nhello\r\n0;chunk-signature=${'f'.repeat(64)}\r\n\r\n`;
  const s3 = new S3Client({ ...open.clientConfig(), forcePathStyle: true });
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'looks-chunked', Body: text }));
  assert.equal(await stored(open, 'looks-chunked'), text);
});

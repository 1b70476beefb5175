// SigV4 verification against AWS's published examples and requests signed by real SDK v3 clients and
// @smithy/signature-v4: valid signatures pass; tampered headers, bodies, secrets and expired presigns fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AwsError } from '../core/aws-error.js';
import type { WireRequest } from '../protocol/codec.js';
import {
  accountForAccessKey,
  chunkStringToSign,
  credentialScope,
  parseAuthorization,
  sign,
  signingKey,
  verifySignature,
} from './sigv4.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const S3_DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };

/** smithy's escapeUri, re-stated so the tests do not lean on the module under test. */
function escape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface SignedLike {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null> | undefined;
  headers: Record<string, string>;
  body?: unknown;
}

function toWire(req: SignedLike): WireRequest {
  const query = Object.entries(req.query ?? {})
    .flatMap(([k, v]) => (v === null ? [escape(k)] : (Array.isArray(v) ? v : [v]).map((x) => `${escape(k)}=${escape(x)}`)))
    .join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body instanceof Uint8Array ? Buffer.from(req.body) : Buffer.alloc(0);
  return { method: req.method, path: req.path, query, headers, body };
}

function fromUrl(url: string, method = 'GET'): WireRequest {
  const u = new URL(url);
  return { method, path: u.pathname, query: u.search.slice(1), headers: { host: u.host }, body: Buffer.alloc(0) };
}

/** Runs an SDK command and captures the signed request instead of sending it. */
async function capture(send: (handler: { handle: (r: SignedLike) => Promise<never> }) => Promise<unknown>): Promise<WireRequest> {
  let captured: WireRequest | undefined;
  const handler = {
    handle: async (r: SignedLike): Promise<never> => {
      captured = toWire(r);
      throw new Error('captured');
    },
  };
  await assert.rejects(send(handler), /captured/);
  assert.ok(captured);
  return captured;
}

function rejectsWith(code: string, fn: () => void): void {
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === code);
}

function auth(req: WireRequest, s3 = false) {
  const parsed = parseAuthorization(req, { s3 });
  assert.ok(parsed);
  return parsed;
}

test("AWS's IAM ListUsers example: derived key and signature match the SigV4 documentation", () => {
  const req: WireRequest = {
    method: 'GET',
    path: '/',
    query: 'Action=ListUsers&Version=2010-05-08',
    headers: {
      host: 'iam.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    },
    body: Buffer.alloc(0),
  };
  assert.equal(signingKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  const a = auth(req);
  assert.deepEqual(
    { ...a },
    {
      version: 4,
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'iam',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      signature: '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      amzDate: '20150830T123600Z',
      presigned: false,
    },
  );
  verifySignature(req, a, SECRET, new Date('2015-08-30T12:40:00Z'));
  rejectsWith('SignatureDoesNotMatch', () => verifySignature(req, a, SECRET.replace('+', '/'), new Date('2015-08-30T12:40:00Z')));
});

test("AWS's S3 GetObject and presigned examples verify (S3 API reference, SigV4 examples)", () => {
  const get: WireRequest = {
    method: 'GET',
    path: '/test.txt',
    query: '',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-date': '20130524T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    },
    body: Buffer.alloc(0),
  };
  verifySignature(get, auth(get, true), S3_DOC_SECRET, new Date('2013-05-24T00:05:00Z'));
  const presigned = fromUrl(
    'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
  );
  const a = auth(presigned);
  assert.equal(a.presigned, true);
  assert.equal(a.expiresSeconds, 86400);
  verifySignature(presigned, a, S3_DOC_SECRET, new Date('2013-05-24T20:00:00Z'));
  rejectsWith('AccessDenied', () => verifySignature(presigned, a, S3_DOC_SECRET, new Date('2013-05-25T00:00:01Z')));
});

test("the aws-chunked seed and chunk signatures match AWS's streaming upload example", () => {
  const key = signingKey(S3_DOC_SECRET, '20130524', 'us-east-1', 's3');
  const scope = credentialScope({ date: '20130524', region: 'us-east-1', service: 's3' });
  const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  const chunk = createHash('sha256').update(Buffer.alloc(65536, 'a')).digest('hex');
  assert.equal(sign(key, chunkStringToSign('20130524T000000Z', scope, seed, chunk)), 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
});

test('a GET with query parameters signed by @smithy/signature-v4 verifies, and a tampered query does not', async () => {
  const signer = new SignatureV4({ service: 'sqs', region: 'eu-west-1', credentials: CREDENTIALS, sha256: Sha256, applyChecksum: false });
  const now = new Date();
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path: '/000000000000/my%20queue',
      query: { Action: 'ListQueues', QueueNamePrefix: 'a b+c=d/é', Empty: '', Multi: ['z', 'a'] },
      headers: { host: '127.0.0.1:4566' },
    },
    { signingDate: now },
  );
  const req = toWire(signed);
  verifySignature(req, auth(req), SECRET, now);
  const tampered = { ...req, query: req.query.replace('ListQueues', 'ListQueuez') };
  rejectsWith('SignatureDoesNotMatch', () => verifySignature(tampered, auth(tampered), SECRET, now));
});

test('an STS query POST from the real SDK verifies; a changed body or header fails', async () => {
  const req = await capture((requestHandler) =>
    new STSClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', credentials: CREDENTIALS, requestHandler, maxAttempts: 1 }).send(
      new GetCallerIdentityCommand({}),
    ),
  );
  const a = auth(req);
  assert.equal(a.service, 'sts');
  verifySignature(req, a, SECRET, new Date());
  rejectsWith('SignatureDoesNotMatch', () => verifySignature({ ...req, body: Buffer.from(req.body.toString() + '&x=1') }, a, SECRET, new Date()));
  const headers = { ...req.headers, host: 'evil.example:4566' };
  rejectsWith('SignatureDoesNotMatch', () => verifySignature({ ...req, headers }, a, SECRET, new Date()));
  rejectsWith('SignatureDoesNotMatch', () => verifySignature(req, a, 'wrong-secret', new Date()));
});

test('an SQS JSON POST from the real SDK verifies', async () => {
  const req = await capture((requestHandler) =>
    new SQSClient({ region: 'us-west-2', endpoint: 'http://127.0.0.1:4566', credentials: CREDENTIALS, requestHandler, maxAttempts: 1 }).send(
      new SendMessageCommand({ QueueUrl: 'http://127.0.0.1:4566/000000000000/q', MessageBody: 'héllo {"json"}' }),
    ),
  );
  const a = auth(req);
  assert.deepEqual([a.service, a.region], ['sqs', 'us-west-2']);
  verifySignature(req, a, SECRET, new Date());
});

test('an S3 PutObject with spaces, unicode, + and = in the key verifies; a changed body fails', async () => {
  const req = await capture((requestHandler) =>
    new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', forcePathStyle: true, credentials: CREDENTIALS, requestHandler, maxAttempts: 1 }).send(
      new PutObjectCommand({ Bucket: 'bucket', Key: 'dir/my file ü+x=1 (copy)!.txt', Body: 'hello world' }),
    ),
  );
  assert.match(req.path, /^\/bucket\/dir\/my%20file%20%C3%BC%2Bx%3D1/);
  const a = auth(req, true);
  verifySignature(req, a, SECRET, new Date());
  const changed = { ...req, body: Buffer.from('hello w0rld') };
  assert.throws(
    () => verifySignature(changed, a, SECRET, new Date()),
    (e: unknown) => e instanceof AwsError && ['SignatureDoesNotMatch', 'XAmzContentSHA256Mismatch'].includes(e.code),
  );
});

test('an S3 path signed by smithy with uriEscapePath=false verifies, and is not double-encoded', async () => {
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: CREDENTIALS, sha256: Sha256, uriEscapePath: false });
  const now = new Date();
  const path = '/bucket/a%20b/%E2%82%AC%2B%3D';
  const signed = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: '127.0.0.1', path, query: {}, headers: { host: '127.0.0.1:4566' }, body: 'abc' }, { signingDate: now });
  const req = toWire(signed);
  const a = auth(req, true);
  verifySignature(req, a, SECRET, now);
  const { ['x-amz-content-sha256']: _dropped, ...withoutHash } = req.headers;
  assert.equal(_dropped?.length, 64);
  rejectsWith('InvalidRequest', () => verifySignature({ ...req, headers: withoutHash }, a, SECRET, now));
  // The same request to a non-S3 service would double-encode the path, so its signature must differ.
  rejectsWith('SignatureDoesNotMatch', () => verifySignature(req, { ...a, service: 'sqs' }, SECRET, now));
});

test('S3 presigned URLs from @aws-sdk/s3-request-presigner verify until they expire', async () => {
  const client = new S3Client({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:4566', forcePathStyle: true, credentials: CREDENTIALS });
  const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'bucket', Key: 'a key/ü+=.txt' }), { expiresIn: 60 });
  const req = fromUrl(url);
  const a = auth(req, true);
  assert.deepEqual([a.presigned, a.expiresSeconds, a.region], [true, 60, 'eu-central-1']);
  const signedAt = Date.now();
  verifySignature(req, a, SECRET, new Date(signedAt + 30_000));
  rejectsWith('AccessDenied', () => verifySignature(req, a, SECRET, new Date(signedAt + 120_000)));
  rejectsWith('SignatureDoesNotMatch', () => verifySignature({ ...req, method: 'PUT' }, a, SECRET, new Date(signedAt)));
});

test('presigned non-S3 requests (STS GetCallerIdentity) verify with the body hash', async () => {
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: CREDENTIALS, sha256: Sha256 });
  const now = new Date();
  const presigned = await signer.presign(
    { method: 'GET', protocol: 'https:', hostname: 'sts.amazonaws.com', path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: 'sts.amazonaws.com' } },
    { expiresIn: 60, signingDate: now },
  );
  const req = toWire(presigned);
  verifySignature(req, auth(req), SECRET, now);
});

test('header-signed requests more than 15 minutes off are refused with each family’s error', () => {
  const req: WireRequest = {
    method: 'GET',
    path: '/',
    query: 'Action=ListUsers&Version=2010-05-08',
    headers: {
      host: 'iam.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    },
    body: Buffer.alloc(0),
  };
  const a = auth(req);
  assert.throws(
    () => verifySignature(req, a, SECRET, new Date('2015-08-30T12:51:01Z')),
    (e: unknown) => e instanceof AwsError && e.code === 'SignatureDoesNotMatch' && e.status === 403 && e.message.startsWith('Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z'),
  );
  assert.throws(
    () => verifySignature(req, a, SECRET, new Date('2015-08-30T12:20:00Z')),
    (e: unknown) => e instanceof AwsError && e.message.startsWith('Signature not yet current'),
  );
  assert.throws(
    () => verifySignature(req, { ...a, service: 's3' }, SECRET, new Date('2015-08-30T13:00:00Z')),
    (e: unknown) => e instanceof AwsError && e.code === 'RequestTimeTooSkewed' && e.fields['MaxAllowedSkewMilliseconds'] === '900000',
  );
});

test('SigV2 presigned requests are parsed, and an expired one is AccessDenied', () => {
  const req = fromUrl('http://127.0.0.1:4566/bucket/key?AWSAccessKeyId=AKIDEXAMPLE&Signature=abc%3D&Expires=1700000000');
  const a = auth(req);
  assert.deepEqual([a.version, a.accessKeyId, a.signature, a.expiresEpochSeconds], [2, 'AKIDEXAMPLE', 'abc=', 1700000000]);
  rejectsWith('AccessDenied', () => verifySignature(req, a, SECRET, new Date()));
  rejectsWith('SignatureDoesNotMatch', () => verifySignature(req, a, SECRET, new Date(1_600_000_000_000)));
});

test("SigV2 verifies the S3 Developer Guide's example (virtual-hosted GET of /photos/puppy.jpg)", () => {
  // "Signing and authenticating REST requests", Amazon S3 Developer Guide: the documented signature for this request.
  const date = 'Tue, 27 Mar 2007 19:36:42 +0000';
  const req: WireRequest = {
    method: 'GET',
    path: '/photos/puppy.jpg',
    query: '',
    headers: { host: 'johnsmith.s3.amazonaws.com', date, authorization: 'AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=' },
    body: Buffer.alloc(0),
  };
  const a = auth(req, true);
  verifySignature(req, a, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', new Date('2007-03-27T19:36:42Z'));
  rejectsWith('RequestTimeTooSkewed', () => verifySignature(req, a, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', new Date('2007-03-27T20:36:42Z')));
});

test('a 12-digit access key id is the account; other keys use the default', () => {
  assert.equal(accountForAccessKey('123456789012', '000000000000'), '123456789012');
  assert.equal(accountForAccessKey('AKIDEXAMPLE', '000000000000'), '000000000000');
  assert.equal(accountForAccessKey('1234567890123', '000000000000'), '000000000000');
  assert.equal(accountForAccessKey(undefined, '111111111111'), '111111111111');
});

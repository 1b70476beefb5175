// Browser CORS against S3 over a socket: preflights are answered from the bucket's CORS rules (origin wildcards,
// methods, headers, expose headers, max age) with S3's 403/400 errors, actual requests get the matching rule's headers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, PutBucketCorsCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { trustedS3Headers } from '../../support/s3-trusted.js';
import { rawRequest, xmlText, type RawResponse } from './s3-http.js';
import { startS3, uniqueBucket, type S3Harness } from './s3-support.js';

let h: S3Harness;
let port: number;
let host: string;
let withCors: string;
let withoutCors: string;

const NOT_ALLOWED = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

before(async () => {
  h = await startS3();
  port = Number(new URL(h.kumo.url).port);
  host = `127.0.0.1:${port}`;
  withCors = uniqueBucket('cors');
  withoutCors = uniqueBucket('nocors');
  await h.s3.send(new CreateBucketCommand({ Bucket: withCors }));
  await h.s3.send(new CreateBucketCommand({ Bucket: withoutCors }));
  await h.s3.send(new PutBucketCorsCommand({
    Bucket: withCors,
    CORSConfiguration: {
      CORSRules: [
        {
          AllowedOrigins: ['https://app.example.com', 'http://*.origin.com'], AllowedMethods: ['GET', 'PUT'],
          AllowedHeaders: ['x-amz-*', 'Content-Type'], ExposeHeaders: ['ETag', 'x-amz-request-id'], MaxAgeSeconds: 3000,
        },
        { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
      ],
    },
  }));
  await h.s3.send(new PutObjectCommand({ Bucket: withCors, Key: 'obj', Body: 'cors body' }));
  await h.s3.send(new PutObjectCommand({ Bucket: withoutCors, Key: 'obj', Body: 'plain' }));
});
after(async () => {
  await h.close();
});

function preflight(path: string, headers: Record<string, string>, requestHost = host): Promise<RawResponse> {
  return rawRequest(port, { method: 'OPTIONS', host: requestHost, path, headers });
}

test('a preflight matching a rule answers 200 with its origin, methods, requested headers, expose headers and max age', async () => {
  const res = await preflight(`/${withCors}/obj`, {
    origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'Content-Type, X-Amz-Date',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.equal(res.headers['access-control-allow-credentials'], 'true');
  assert.equal(res.headers['access-control-allow-methods'], 'GET, PUT');
  assert.equal(res.headers['access-control-allow-headers'], 'content-type, x-amz-date');
  assert.equal(res.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
  assert.equal(res.headers['access-control-max-age'], '3000');
  assert.equal(res.headers['vary'], 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  assert.ok(res.headers['x-amz-request-id']);
  assert.equal(res.body.length, 0);
});

test('a wildcard origin pattern matches a subdomain, and a "*" rule answers "*" without credentials', async () => {
  const partial = await preflight(`/${withCors}/obj`, { origin: 'http://test.origin.com', 'access-control-request-method': 'GET' });
  assert.equal(partial.status, 200);
  assert.equal(partial.headers['access-control-allow-origin'], 'http://test.origin.com');
  const any = await preflight(`/${withCors}`, { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' });
  assert.equal(any.status, 200);
  assert.equal(any.headers['access-control-allow-origin'], '*');
  assert.equal(any.headers['access-control-allow-methods'], 'GET');
  assert.equal(any.headers['access-control-allow-credentials'], undefined);
  assert.equal(any.headers['access-control-max-age'], undefined);
});

test('a preflight no rule admits (method, origin or header) is 403 AccessForbidden with S3 wording', async () => {
  const cases: Array<Record<string, string>> = [
    { origin: 'https://elsewhere.example', 'access-control-request-method': 'PUT' },
    { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' },
    { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    { origin: 'http://origin.com.evil', 'access-control-request-method': 'PUT' },
  ];
  for (const headers of cases) {
    const res = await preflight(`/${withCors}/obj`, headers);
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.equal(xmlText(res.body, 'Code'), 'AccessForbidden');
    assert.equal(xmlText(res.body, 'Message'), NOT_ALLOWED);
    assert.equal(xmlText(res.body, 'Method'), headers['access-control-request-method']);
    assert.equal(xmlText(res.body, 'ResourceType'), 'OBJECT');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  }
});

test('a preflight to a bucket without CORS, or to a missing bucket on an S3 host, is 403; without Origin it is 400', async () => {
  const disabled = await preflight(`/${withoutCors}`, { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' });
  assert.equal(disabled.status, 403);
  assert.equal(xmlText(disabled.body, 'Message'), 'CORSResponse: CORS is not enabled for this bucket.');
  assert.equal(xmlText(disabled.body, 'Method'), 'PUT');
  assert.equal(xmlText(disabled.body, 'ResourceType'), 'BUCKET');
  const missing = await preflight('/k', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' }, `missing-${process.pid}.s3.localhost.localstack.cloud:${port}`);
  assert.equal(missing.status, 403);
  assert.equal(xmlText(missing.body, 'Message'), 'CORSResponse: Bucket not found');
  assert.equal(xmlText(missing.body, 'Code'), 'AccessForbidden');
  assert.equal(xmlText(missing.body, 'Method'), 'GET');
  assert.equal(xmlText(missing.body, 'ResourceType'), 'BUCKET');
  const noOrigin = await preflight(`/${withCors}/obj`, {});
  assert.equal(noOrigin.status, 400);
  assert.equal(xmlText(noOrigin.body, 'Code'), 'BadRequest');
  assert.equal(xmlText(noOrigin.body, 'Message'), 'Insufficient information. Origin request header needed.');
});

test('virtual-hosted preflights are answered from the same bucket rules', async () => {
  const res = await preflight('/obj', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' }, `${withCors}.s3.localhost.localstack.cloud:${port}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['access-control-allow-origin'], 'https://app.example.com');
});

// Actual requests are signed, as the SDK in a page signs them; an unsigned one would be anonymous.
test('actual requests with Origin carry the matching rule headers, and none when no rule matches or CORS is off', async () => {
  const matched = await rawRequest(port, { method: 'GET', host, path: `/${withCors}/obj`, headers: { ...trustedS3Headers(), origin: 'https://app.example.com' } });
  assert.equal(matched.status, 200);
  assert.equal(matched.body.toString(), 'cors body');
  assert.equal(matched.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.equal(matched.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
  assert.equal(matched.headers['access-control-allow-methods'], 'GET, PUT');

  const unmatched = await rawRequest(port, { method: 'PUT', host, path: `/${withCors}/other`, headers: { ...trustedS3Headers(), origin: 'https://elsewhere.example' }, body: 'x' });
  assert.equal(unmatched.status, 200);
  assert.equal(unmatched.headers['access-control-allow-origin'], undefined);
  assert.equal(unmatched.headers['access-control-expose-headers'], undefined);

  const off = await rawRequest(port, { method: 'GET', host, path: `/${withoutCors}/obj`, headers: { ...trustedS3Headers(), origin: 'https://app.example.com' } });
  assert.equal(off.status, 200);
  assert.equal(off.headers['access-control-allow-origin'], undefined);
});

test('preflights that are not for an S3 bucket are refused without CORS headers, as kumo has no KUMO_CORS_ORIGINS here', async () => {
  const dynamo = await preflight('/', { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' });
  assert.equal(dynamo.status, 403);
  assert.equal(dynamo.headers['access-control-allow-origin'], undefined);
  const queue = await preflight('/000000000000/some-queue', { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' });
  assert.equal(queue.status, 403);
  assert.equal(queue.headers['access-control-allow-methods'], undefined);
});

test('PutBucketCors refuses a method S3 does not support', async () => {
  const e = await h.s3.send(new PutBucketCorsCommand({
    Bucket: withoutCors, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['MYMETHOD'] }] },
  })).catch((err: unknown) => err);
  assert.ok(e instanceof S3ServiceException);
  assert.equal(e.name, 'InvalidRequest');
  assert.equal(e.message, 'Found unsupported HTTP method in CORS config. Unsupported method is MYMETHOD');
});

// Unit tests of the pure S3 host and CORS rules: which Host headers name a bucket or the accelerate endpoint, and
// how wildcards in AllowedOrigins/AllowedHeaders and the first-match rule order decide a CORS answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corsResponseHeaders, matchCorsRule, parseRequestHeaders, wildcardMatches } from './cors.js';
import { parseS3Host } from '../http/http-hooks.js';

test('S3 hosts name the bucket before the last s3 label; other hosts are not S3', () => {
  assert.deepEqual(parseS3Host('photos.s3.localhost.localstack.cloud:4566'), { bucket: 'photos', accelerate: false });
  assert.deepEqual(parseS3Host('my.dotted.bucket.s3.eu-west-1.localhost.localstack.cloud'), { bucket: 'my.dotted.bucket', accelerate: false });
  assert.deepEqual(parseS3Host('b.s3-accelerate.dualstack.amazonaws.com'), { bucket: 'b', accelerate: true });
  assert.deepEqual(parseS3Host('s3.localhost.localstack.cloud:4566'), { bucket: undefined, accelerate: false });
  assert.deepEqual(parseS3Host('legacy.s3-us-west-2.amazonaws.com'), { bucket: 'legacy', accelerate: false });
  assert.equal(parseS3Host('127.0.0.1:4566'), undefined);
  assert.equal(parseS3Host('sqs.us-east-1.localhost.localstack.cloud'), undefined);
});

test('a wildcard matches any run of characters, at least the literal parts', () => {
  assert.ok(wildcardMatches('http://*.example.com', 'http://a.b.example.com'));
  assert.ok(!wildcardMatches('http://*.example.com', 'http://example.com'));
  assert.ok(wildcardMatches('x-amz-*', 'x-amz-date'));
  assert.ok(wildcardMatches('*', 'anything'));
  assert.ok(!wildcardMatches('https://a.com', 'https://a.com.evil'));
});

test('the first rule admitting origin, method and every requested header decides the headers', () => {
  const rules = [
    { AllowedOrigins: ['https://a.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] },
    { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 10 },
  ];
  const put = { origin: 'https://a.com', method: 'PUT', requestHeaders: parseRequestHeaders(' X-Amz-Date ,content-type') };
  assert.equal(matchCorsRule(rules, put), rules[0]);
  assert.deepEqual(corsResponseHeaders(rules[0]!, put), {
    'access-control-allow-origin': 'https://a.com', 'access-control-allow-methods': 'PUT', 'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'x-amz-date, content-type', vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  });
  const get = { origin: 'https://b.com', method: 'GET', requestHeaders: [] };
  assert.equal(matchCorsRule(rules, get), rules[1]);
  assert.equal(corsResponseHeaders(rules[1]!, get)['access-control-allow-origin'], '*');
  assert.equal(matchCorsRule(rules, { ...get, requestHeaders: ['x-custom'] }), undefined);
  assert.equal(matchCorsRule(rules, { ...get, method: 'DELETE' }), undefined);
});

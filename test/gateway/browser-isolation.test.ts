// Web pages in the user's browser cannot use kumo unless the user opts in: Hosts kumo does not serve are refused (DNS
// rebinding), services other than S3 send no CORS headers and run no request from a page unless KUMO_CORS_ORIGINS lists
// its origin, and reset / clock advance never answer a cross-site form POST.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { rawRequest, type RawResponse } from '../services/s3/s3-http.js';

let closed: TestKumo;
let opted: TestKumo;
let any: TestKumo;
before(async () => {
  closed = await startTestKumo();
  opted = await startTestKumo({ corsOrigins: ['http://localhost:3000'], allowedHosts: ['kumo', '*.internal.example'] });
  any = await startTestKumo({ corsOrigins: ['*'] });
});
after(async () => {
  await closed.stop();
  await opted.stop();
  await any.stop();
});

const portOf = (k: TestKumo): number => Number(new URL(k.url).port);

function call(k: TestKumo, host: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return rawRequest(portOf(k), { method: options.method ?? 'POST', host, path: options.path ?? '/', headers: options.headers ?? {}, ...(options.body !== undefined ? { body: options.body } : {}) });
}

const STS_FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

test('a Host that is not loopback nor a name kumo serves is refused with InvalidHostHeader 403 (DNS rebinding)', async () => {
  for (const host of ['attacker.example:4566', 'rebind.attacker.example', 's3.attacker.example', 'bucket.s3.attacker.example']) {
    const res = await call(closed, host, { headers: STS_FORM, body: STS_BODY });
    assert.equal(res.status, 403, host);
    assert.match(res.body.toString(), /InvalidHostHeader/);
    assert.match(res.body.toString(), /KUMO_ALLOWED_HOSTS/);
  }
  const health = await call(closed, 'attacker.example', { method: 'GET', path: '/_kumo/health' });
  assert.equal(health.status, 403, 'kumo endpoints too');
});

test('loopback names and addresses, S3 virtual hosts and LocalStack names are served', async () => {
  const p = portOf(closed);
  for (const host of [`127.0.0.1:${p}`, `127.0.0.2:${p}`, `localhost:${p}`, `[::1]:${p}`, `api.localhost:${p}`, `localhost.localstack.cloud:${p}`, `sts.us-east-1.amazonaws.com`]) {
    const res = await call(closed, host, { headers: STS_FORM, body: STS_BODY });
    assert.equal(res.status, 200, `${host}: ${res.body.toString()}`);
  }
  const s3 = await call(closed, `some-bucket.s3.localhost.localstack.cloud:${p}`, { method: 'GET' });
  assert.equal(s3.status, 404, 'routed to S3 (NoSuchBucket), not refused');
});

test('KUMO_ALLOWED_HOSTS adds names, wildcards and S3 virtual hosts under them', async () => {
  for (const host of ['kumo:4566', 'a.internal.example', 'bucket.s3.kumo:4566']) {
    const res = await call(opted, host, { method: 'GET', path: '/_kumo/health' });
    assert.equal(res.status, 200, host);
  }
  assert.equal((await call(opted, 'other.example', { method: 'GET', path: '/_kumo/health' })).status, 403);
});

test('without KUMO_CORS_ORIGINS a page cannot call STS, SQS or DynamoDB: refused, and no CORS headers', async () => {
  const origin = 'https://evil.example';
  const sts = await call(closed, '127.0.0.1', { headers: { ...STS_FORM, origin }, body: STS_BODY });
  assert.equal(sts.status, 403);
  assert.equal(sts.headers['access-control-allow-origin'], undefined);
  const sqs = await call(closed, '127.0.0.1', { headers: { ...STS_FORM, origin }, body: 'Action=CreateQueue&QueueName=csrf&Version=2012-11-05' });
  assert.equal(sqs.status, 403);
  const after = await call(closed, '127.0.0.1', { headers: STS_FORM, body: 'Action=ListQueues&Version=2012-11-05' });
  assert.doesNotMatch(after.body.toString(), /csrf/, 'the cross-site form POST created nothing');
  const dynamo = await call(closed, '127.0.0.1', {
    headers: { origin, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}',
  });
  assert.equal(dynamo.status, 403);
  assert.equal(dynamo.headers['access-control-allow-origin'], undefined);
  const listBuckets = await call(closed, '127.0.0.1', { method: 'GET', headers: { origin } });
  assert.equal(listBuckets.headers['access-control-allow-origin'], undefined, 'S3 ListBuckets has no CORS either');
});

test('KUMO_CORS_ORIGINS lets the listed origin call and read, and no other', async () => {
  const ok = await call(opted, '127.0.0.1', { headers: { ...STS_FORM, origin: 'http://localhost:3000' }, body: STS_BODY });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], 'http://localhost:3000');
  const other = await call(opted, '127.0.0.1', { headers: { ...STS_FORM, origin: 'http://localhost:4000' }, body: STS_BODY });
  assert.equal(other.status, 403);
  const star = await call(any, '127.0.0.1', { headers: { ...STS_FORM, origin: 'https://app.example' }, body: STS_BODY });
  assert.equal(star.status, 200);
  assert.equal(star.headers['access-control-allow-origin'], 'https://app.example');
  const nullOrigin = await call(any, '127.0.0.1', { headers: { ...STS_FORM, origin: 'null' }, body: STS_BODY });
  assert.equal(nullOrigin.status, 403, 'null (sandboxed frames, files) only when listed');
});

test('reset and clock advance refuse a cross-site form POST and an origin not allowed, and answer curl', async () => {
  for (const path of ['/_kumo/reset', '/moto-api/reset', '/_kumo/clock/advance']) {
    const form = await call(closed, '127.0.0.1', { path, headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'seconds=1' });
    assert.equal(form.status, 403, path);
    const plain = await call(opted, '127.0.0.1', { path, headers: { origin: 'http://localhost:3000', 'content-type': 'text/plain' }, body: '{"seconds":1}' });
    assert.equal(plain.status, 403, `${path}: a simple POST even from an allowed origin`);
    const allowed = await call(opted, '127.0.0.1', { path, headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' }, body: '{"seconds":1}' });
    assert.equal(allowed.status, 200, path);
    const curl = await call(closed, '127.0.0.1', { path, headers: { 'content-type': 'application/json' }, body: '{"seconds":1}' });
    assert.equal(curl.status, 200, path);
  }
});

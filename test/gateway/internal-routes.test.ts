// kumo's own endpoints: health in our shape and LocalStack's, memory, reset (and moto's alias), CORS preflight,
// and request ids on every response.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessGateway } from '../support/kumo.js';

const gateway = inProcessGateway();
after(() => gateway.close());

function bodyJson(body: unknown): Record<string, unknown> {
  assert.ok(Buffer.isBuffer(body));
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

test('GET /_kumo/health reports the version and every service state', async () => {
  const res = await gateway.handle({ method: 'GET', url: '/_kumo/health', headers: {}, body: Buffer.alloc(0) });
  assert.equal(res.status, 200);
  const health = bodyJson(res.body);
  assert.equal(health['version'], '0.1.0');
  const services = health['services'] as Record<string, string>;
  assert.equal(services['sts'], 'available');
  assert.equal(services['ec2'], 'available');
  assert.equal(services['elastic-load-balancing'], 'available', 'Classic Load Balancers are implemented');
  assert.ok(services['mft'], "kumo's own MFT API is listed beside the 15 vendored AWS services");
  assert.equal(Object.keys(services).length, 16);
});

test('GET /_localstack/health answers in LocalStack shape with botocore service names', async () => {
  const res = await gateway.handle({ method: 'GET', url: '/_localstack/health', headers: {}, body: Buffer.alloc(0) });
  const health = bodyJson(res.body);
  assert.equal(health['edition'], 'community');
  const services = health['services'] as Record<string, string>;
  assert.ok(['available', 'running'].includes(services['sts'] ?? ''));
  assert.ok('route53' in services && 'elbv2' in services);
});

test('GET /_kumo/memory reports the process memory, and whether a full GC ran first (only with --expose-gc)', async () => {
  const res = await gateway.handle({ method: 'GET', url: '/_kumo/memory', headers: {}, body: Buffer.alloc(0) });
  assert.equal(res.status, 200);
  const memory = bodyJson(res.body);
  assert.ok(typeof memory['heapUsed'] === 'number' && typeof memory['rss'] === 'number' && (memory['rss']) > (memory['heapUsed']));
  assert.equal(memory['afterGc'], typeof (globalThis as { gc?: unknown }).gc === 'function');
});

test('POST /_kumo/reset and POST /moto-api/reset both answer 200', async () => {
  for (const url of ['/_kumo/reset', '/moto-api/reset']) {
    const res = await gateway.handle({ method: 'POST', url, headers: {}, body: Buffer.alloc(0) });
    assert.equal(res.status, 200, url);
    assert.equal(bodyJson(res.body)['status'], 'ok');
  }
});

test('a CORS preflight from an origin KUMO_CORS_ORIGINS lists is answered with the requested method and headers', async () => {
  const allowing = inProcessGateway({ corsOrigins: ['http://localhost:3000'] });
  try {
    const res = await allowing.handle({
      method: 'OPTIONS',
      url: '/my-bucket/key',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,x-amz-date' },
      body: Buffer.alloc(0),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.match(res.headers['access-control-allow-methods'] ?? '', /PUT/);
    assert.equal(res.headers['access-control-allow-headers'], 'content-type,x-amz-date');
  } finally {
    await allowing.close();
  }
});

test('without KUMO_CORS_ORIGINS a preflight no S3 bucket claims is refused with no CORS headers', async () => {
  const res = await gateway.handle({
    method: 'OPTIONS', url: '/my-bucket/key',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT' }, body: Buffer.alloc(0),
  });
  assert.equal(res.status, 403);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
});

test('every AWS response carries a request id, and S3 responses carry x-amz-request-id and x-amz-id-2', async () => {
  const sts = await gateway.handle({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:4566' },
    body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
  });
  assert.equal(sts.status, 200);
  assert.match(sts.headers['x-amzn-requestid'] ?? '', /^[0-9a-f-]{36}$/);
  const s3 = await gateway.handle({ method: 'GET', url: '/', headers: { host: '127.0.0.1:4566' }, body: Buffer.alloc(0) });
  assert.ok(s3.headers['x-amz-request-id']);
  assert.ok(s3.headers['x-amz-id-2']);
});

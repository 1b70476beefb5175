// The runtime seen over HTTP: components and their states in /_kumo/health, the clock read and advanced over
// HTTP, a disabled or unknown service named in the error, and a browser's status page at the root.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { assertAwsError } from '../support/aws-error.js';

let kumo: TestKumo;
before(async () => {
  kumo = await startTestKumo();
});
after(() => kumo.stop());

test('/_kumo/health lists the gateway component, eager services running and lazy ones available', async () => {
  const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as Record<string, Record<string, unknown>>;
  assert.deepEqual(health['components']?.['gateway'], { state: 'running', endpoints: [`http ${kumo.url}`] });
  assert.equal(health['services']?.['sqs'], 'running');
  assert.equal(health['services']?.['sts'], 'available');
  assert.equal(health['services']?.['ec2'], 'available');
  assert.equal(health['dataDir'], ':memory:');
});

test('POST /_kumo/clock/advance moves the server clock and answers the new time', async () => {
  const before = (await (await fetch(`${kumo.url}/_kumo/clock`)).json()) as { now: string; rate: number };
  const res = await fetch(`${kumo.url}/_kumo/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 3600 }) });
  assert.equal(res.status, 200);
  const afterAdvance = (await res.json()) as { now: string };
  assert.ok(Date.parse(afterAdvance.now) - Date.parse(before.now) >= 3_600_000);
  const bad = await fetch(`${kumo.url}/_kumo/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: -1 }) });
  assert.equal(bad.status, 400);
});

test('a request for a service kumo does not emulate names it', async () => {
  const res = await fetch(kumo.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSNS.ListTopics',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00' },
    body: '{}',
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /does not emulate the service 'sns'/);
});

test('a disabled service is named as disabled instead of reaching another service', async () => {
  const narrow = await startTestKumo({ services: ['s3', 'sqs'] });
  try {
    const sts = new STSClient(narrow.clientConfig());
    await assertAwsError(sts.send(new GetCallerIdentityCommand({})), { code: 'UnknownService', status: 400, message: /sts is disabled/ });
  } finally {
    await narrow.stop();
  }
});

test('a browser at the root gets the status page; an SDK request is not affected', async () => {
  const res = await fetch(`${kumo.url}/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await res.text(), /<h1>kumo /);
});

test('an unsigned GET / that is not a browser is an anonymous ListBuckets: 403 AccessDenied as on AWS', async () => {
  const res = await fetch(`${kumo.url}/`);
  assert.equal(res.status, 403);
  assert.match(await res.text(), /<Code>AccessDenied<\/Code>/);
});

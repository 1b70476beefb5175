// With --enforce-iam, SigV4 signatures are verified: a good SDK signature passes, a wrong secret gets
// SignatureDoesNotMatch, an unsigned request MissingAuthenticationToken; without the flag signatures are parsed only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestKumo, type TestKumo } from '../support/kumo.js';

let enforcing: TestKumo;
before(async () => {
  enforcing = await startTestKumo({ enforceIam: true });
});
after(async () => {
  await enforcing.stop();
});

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (e) {
    const error = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
  }
  assert.fail('expected the call to be refused');
}

test('a request signed with the right secret is served when signatures are enforced', async () => {
  const sts = new STSClient(enforcing.clientConfig('111122223333'));
  assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '111122223333');
});

test('a wrong secret answers SignatureDoesNotMatch 403', async () => {
  const sts = new STSClient({ ...enforcing.clientConfig(), credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' }, maxAttempts: 1 });
  const error = await errorOf(sts.send(new GetCallerIdentityCommand({})));
  assert.equal(error.name, 'SignatureDoesNotMatch');
  assert.equal(error.status, 403);
  assert.match(error.message, /The request signature we calculated does not match the signature you provided/);
});

test('an unsigned request answers MissingAuthenticationToken 403', async () => {
  const res = await fetch(enforcing.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/);
});

test('oversized request headers are refused with 431 and the server keeps serving', async () => {
  const res = await fetch(`${enforcing.url}/_kumo/health`, { headers: { 'x-big': 'a'.repeat(20_000) } });
  assert.equal(res.status, 431);
  assert.equal((await fetch(`${enforcing.url}/_kumo/health`)).status, 200);
});

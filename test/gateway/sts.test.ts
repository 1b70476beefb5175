// GetCallerIdentity end to end over a real socket with SDK v3: the chassis's first real operation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestKumo, type TestKumo } from '../support/kumo.js';

let kumo: TestKumo;
before(async () => {
  kumo = await startTestKumo();
});
after(async () => {
  await kumo.stop();
});

test('GetCallerIdentity answers the default account root for a non-numeric access key', async () => {
  const sts = new STSClient(kumo.clientConfig('test'));
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Account, '000000000000');
  assert.equal(identity.Arn, 'arn:aws:iam::000000000000:root');
  assert.equal(identity.UserId, '000000000000');
  assert.match(identity.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
});

test('GetCallerIdentity treats a 12-digit access key as the account', async () => {
  const sts = new STSClient(kumo.clientConfig('111122223333'));
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Account, '111122223333');
  assert.equal(identity.Arn, 'arn:aws:iam::111122223333:root');
});

test('GetCallerIdentity works in any region the client names', async () => {
  const sts = new STSClient(kumo.clientConfig('test', 'eu-west-1'));
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Account, '000000000000');
});

// STS through the SDK v3 client without enforcement: who the caller is for root, user and role-session keys,
// AssumeRole's ARNs, duration rules and validation errors (aws-recordings/sts), GetSessionToken, GetAccessKeyInfo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

const ACCOUNT = '000000000000';
let kumo: TestKumo;
let iam: IAMClient;
let sts: STSClient;
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] });

before(async () => {
  kumo = await startTestKumo();
  iam = new IAMClient(kumo.clientConfig());
  sts = new STSClient(kumo.clientConfig());
  await iam.send(new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }));
});
after(async () => {
  iam.destroy();
  sts.destroy();
  await kumo.stop();
});

test('GetCallerIdentity names the root user for the test key and the IAM user for its keys', async () => {
  assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCOUNT}:root`);
  const { User } = await iam.send(new CreateUserCommand({ UserName: 'dev' }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
  const asUser = new STSClient({ ...kumo.clientConfig(), credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
  const who = await asUser.send(new GetCallerIdentityCommand({}));
  assert.deepEqual([who.Arn, who.UserId, who.Account], [User!.Arn, User!.UserId, ACCOUNT]);
  const info = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: AccessKey!.AccessKeyId! }));
  assert.equal(info.Account, ACCOUNT);
  asUser.destroy();
});

test('AssumeRole answers ASIA credentials and the assumed-role ARN; the session is who it says', async () => {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer`, RoleSessionName: 'build-42', DurationSeconds: 7200 }));
  assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z0-9]{16}$/);
  assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/build-42`);
  assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]{17}:build-42$/);
  assert.ok(out.Credentials!.Expiration!.getTime() - Date.now() > 7100_000);
  const session = new STSClient({
    ...kumo.clientConfig(),
    credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! },
  });
  const who = await session.send(new GetCallerIdentityCommand({}));
  assert.deepEqual([who.Arn, who.UserId], [out.AssumedRoleUser?.Arn, out.AssumedRoleUser?.AssumedRoleId]);
  session.destroy();
});

test('AssumeRole refuses a duration above the role\'s maximum and an ARN that does not parse', async () => {
  await assertAwsError(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer`, RoleSessionName: 'long', DurationSeconds: 7201 })), {
    code: 'ValidationError',
    status: 400,
    message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  });
  // test_sts.snapshot.json: "nothing-valid-in-here is invalid".
  await assertAwsError(sts.send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'x1' })), { code: 'ValidationError', status: 400, message: 'nothing-valid-in-here is invalid' });
  await assertAwsError(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`, RoleSessionName: 'x1' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/missing`,
  });
});

test('GetSessionToken gives the root user at most an hour', async () => {
  const out = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
  assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
  const seconds = (out.Credentials!.Expiration!.getTime() - Date.now()) / 1000;
  assert.ok(seconds <= 3600 && seconds > 3500, String(seconds));
});

// STS GetFederationToken and AssumeRoleWithWebIdentity under --enforce-iam with SDK v3 clients, and IAM's OpenID
// Connect providers that web identity tokens are checked against (issuer, audience, expiry; trust policy claims).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

const ACCOUNT = '000000000000';
const ISSUER = 'https://token.example.com/org';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.com/org`;
let kumo: TestKumo;
let iam: IAMClient;
const clients: Array<{ destroy(): void }> = [];
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
  iam = track(new IAMClient(kumo.clientConfig()));
});
after(async () => {
  for (const c of clients) c.destroy();
  await kumo.stop();
});

function track<T extends { destroy(): void }>(c: T): T {
  clients.push(c);
  return c;
}
const sts = (credentials: Creds) => track(new STSClient({ ...kumo.clientConfig(), credentials }));
const s3 = (credentials: Creds) => track(new S3Client({ ...kumo.clientConfig(), forcePathStyle: true, credentials }));
const fromIssued = (c: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined; SessionToken?: string | undefined } | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${enc(claims)}.c2lnbmF0dXJl`;
}
const now = () => Math.floor(Date.now() / 1000);

test('GetFederationToken: the federated user has its IAM user\'s permissions cut to the session policy, none without one', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'broker' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'broker', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:GetFederationToken', 's3:ListAllMyBuckets'], Resource: '*' }) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'broker' }));
  const broker = sts({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });

  const bare = await broker.send(new GetFederationTokenCommand({ Name: 'visitor', DurationSeconds: 900 }));
  assert.deepEqual(bare.FederatedUser, { Arn: `arn:aws:sts::${ACCOUNT}:federated-user/visitor`, FederatedUserId: `${ACCOUNT}:visitor` });
  assert.equal(bare.PackedPolicySize, 0);
  assert.match(bare.Credentials?.AccessKeyId ?? '', /^ASIA/);
  const who = await sts(fromIssued(bare.Credentials)).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:federated-user/visitor`);
  await assertAwsError(s3(fromIssued(bare.Credentials)).send(new ListBucketsCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:sts::${ACCOUNT}:federated-user/visitor is not authorized to perform: s3:ListAllMyBuckets because no session policy allows the s3:ListAllMyBuckets action`,
  });

  const scoped = await broker.send(new GetFederationTokenCommand({ Name: 'lister', Policy: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
  assert.ok((scoped.PackedPolicySize ?? 0) > 0);
  await s3(fromIssued(scoped.Credentials)).send(new ListBucketsCommand({}));
  // The session policy cannot grant what the user lacks.
  const wide = await broker.send(new GetFederationTokenCommand({ Name: 'wide', Policy: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
  await assertAwsError(sts(fromIssued(wide.Credentials)).send(new GetFederationTokenCommand({ Name: 'again' })), { code: 'AccessDenied', status: 403 });
});

test('OpenID Connect providers: create, read back without the scheme, list, add a client id, refuse a duplicate, delete', async () => {
  const { OpenIDConnectProviderArn } = await iam.send(
    new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }),
  );
  assert.equal(OpenIDConnectProviderArn, PROVIDER_ARN);
  await assertAwsError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ['x'] })), { code: 'EntityAlreadyExists', status: 409 });
  await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, ClientID: 'my-app' }));
  const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn }));
  assert.equal(got.Url, 'token.example.com/org');
  assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com', 'my-app']);
  assert.deepEqual(got.ThumbprintList, ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280']);
  assert.deepEqual((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, [{ Arn: PROVIDER_ARN }]);
  const other = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://gone.example.com', ClientIDList: ['a'] }));
  await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other.OpenIDConnectProviderArn }));
  await assertAwsError(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other.OpenIDConnectProviderArn })), { code: 'NoSuchEntity', status: 404 });
});

test('AssumeRoleWithWebIdentity: a token of a registered provider with the trusted audience and subject gets the role', async () => {
  const trust = doc({
    Effect: 'Allow',
    Principal: { Federated: PROVIDER_ARN },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.example.com/org:aud': 'sts.amazonaws.com' }, StringLike: { 'token.example.com/org:sub': 'repo:org/app:*' } },
  });
  await iam.send(new CreateRoleCommand({ RoleName: 'ci', AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'ci', PolicyName: 's3', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }) }));
  // The call is unsigned: the token is the proof.
  const anonymous = track(new STSClient({ endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: '', secretAccessKey: '' } }));
  const call = (claims: Record<string, unknown>, RoleArn = `arn:aws:iam::${ACCOUNT}:role/ci`) =>
    anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: 'build-42', WebIdentityToken: jwt(claims) }));
  const good = { iss: ISSUER, sub: 'repo:org/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', iat: now(), exp: now() + 600 };

  const out = await call(good);
  assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci/build-42`);
  assert.equal(out.SubjectFromWebIdentityToken, good.sub);
  assert.equal(out.Provider, ISSUER);
  assert.equal(out.Audience, 'sts.amazonaws.com');
  assert.equal((await sts(fromIssued(out.Credentials)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci/build-42`);
  await s3(fromIssued(out.Credentials)).send(new ListBucketsCommand({}));

  await assertAwsError(call({ ...good, aud: 'someone-else' }), { code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' });
  await assertAwsError(call({ ...good, iss: 'https://evil.example.com' }), { code: 'InvalidIdentityToken', status: 400, message: 'No OpenIDConnect provider found in your account for https://evil.example.com' });
  await assertAwsError(call({ ...good, exp: 1000 }), { code: 'ExpiredTokenException', status: 400, message: 'Token is expired' });
  await assertAwsError(call({ ...good, sub: 'repo:other/app:ref:refs/heads/main' }), { code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  // The audience my-app is a known client id, but the trust policy wants sts.amazonaws.com.
  await assertAwsError(call({ ...good, aud: 'my-app' }), { code: 'AccessDenied', status: 403 });
  await assertAwsError(call(good, `arn:aws:iam::${ACCOUNT}:role/missing`), { code: 'AccessDenied', status: 403 });
});

// AWS managed policies (arn:aws:iam::aws:policy/…) with their real documents: listed with Scope=AWS/All, read with
// GetPolicy/GetPolicyVersion/ListPolicyVersions, attached, detached, and enforced like the account's own policies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  type ListPoliciesCommandOutput,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

const ACCOUNT = '000000000000';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
let kumo: TestKumo;
let iam: IAMClient;
const clients: Array<{ destroy(): void }> = [];

before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
  iam = new IAMClient(kumo.clientConfig());
  clients.push(iam);
});
after(async () => {
  for (const c of clients) c.destroy();
  await kumo.stop();
});

test('ListPolicies Scope=AWS pages through AWS managed policies; Local shows only the account\'s; All both', async () => {
  await iam.send(new CreatePolicyCommand({ PolicyName: 'mine', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
  const first = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 100 }));
  assert.equal(first.Policies?.length, 100);
  assert.equal(first.IsTruncated, true);
  assert.ok(first.Policies.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')));
  const admin = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
  assert.ok(admin.Policies!.some((p) => p.Arn === 'arn:aws:iam::aws:policy/AdministratorAccess'));
  const serviceRoles = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/', MaxItems: 1000 }));
  assert.ok(serviceRoles.Policies!.some((p) => p.Arn === 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole' && p.Path === '/service-role/'));
  const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
  assert.deepEqual(local.Policies?.map((p) => p.PolicyName), ['mine']);
  const all = await countPolicies();
  const aws = await countPolicies('AWS');
  assert.equal(all, aws + 1);
});

async function countPolicies(Scope?: 'AWS'): Promise<number> {
  let n = 0;
  let Marker: string | undefined;
  do {
    const page: ListPoliciesCommandOutput = await iam.send(new ListPoliciesCommand({ Scope, Marker, MaxItems: 1000 }));
    n += page.Policies!.length;
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return n;
}

test('GetPolicy and GetPolicyVersion answer an AWS managed policy with its real document and history', async () => {
  const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  assert.equal(Policy?.PolicyName, 'AdministratorAccess');
  assert.equal(Policy?.Path, '/');
  assert.equal(Policy?.DefaultVersionId, 'v1');
  assert.match(Policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
  const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }));
  assert.deepEqual(JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!)), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  assert.equal(v.PolicyVersion?.IsDefaultVersion, true);
  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: S3_READ }));
  assert.ok((versions.Versions?.length ?? 0) >= 2);
  const old = versions.Versions!.find((x) => x.IsDefaultVersion === false)!;
  const oldDoc = await iam.send(new GetPolicyVersionCommand({ PolicyArn: S3_READ, VersionId: old.VersionId! }));
  assert.match(decodeURIComponent(oldDoc.PolicyVersion!.Document!), /s3:Get\*/);
  await assertAwsError(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicyAtAll' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicyAtAll was not found.',
  });
  await assertAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: S3_READ })), { code: 'NotImplemented', status: 501 });
});

test('an attached AWS managed policy is enforced: AmazonS3ReadOnlyAccess lists buckets and refuses writes; detach takes it away', async () => {
  const rootS3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  clients.push(rootS3);
  await rootS3.send(new CreateBucketCommand({ Bucket: 'managed-bucket' }));
  await iam.send(new CreateUserCommand({ UserName: 'reader' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: S3_READ }));
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'reader' }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: S3_READ }]);
  const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: S3_READ }));
  assert.deepEqual(entities.PolicyUsers?.map((u) => u.UserName), ['reader']);
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: S3_READ }))).Policy?.AttachmentCount, 1);

  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
  const s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
  clients.push(s3);
  assert.ok((await s3.send(new ListBucketsCommand({}))).Buckets?.some((b) => b.Name === 'managed-bucket'));
  await assertAwsError(s3.send(new PutObjectCommand({ Bucket: 'managed-bucket', Key: 'k', Body: 'x' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::managed-bucket/k" because no identity-based policy allows the s3:PutObject action`,
  });
  await iam.send(new DetachUserPolicyCommand({ UserName: 'reader', PolicyArn: S3_READ }));
  await assertAwsError(s3.send(new ListBucketsCommand({})), { code: 'AccessDenied', status: 403 });
});

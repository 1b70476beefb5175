// IAM through the SDK v3 client: users, groups, roles, managed policies with versions, attachments, inline
// policies, access keys and pagination, with IAM's errors (codes, statuses, messages from aws-recordings/iam).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

let kumo: TestKumo;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

before(async () => {
  kumo = await startTestKumo();
  iam = new IAMClient(kumo.clientConfig());
});
after(async () => {
  iam.destroy();
  await kumo.stop();
});

test('CreateUser answers the user with its ARN and AIDA id; a second user of the same name (any case) is EntityAlreadyExists', async () => {
  const { User } = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/team/', Tags: [{ Key: 'k', Value: 'v' }] }));
  assert.equal(User?.Arn, `arn:aws:iam::${ACCOUNT}:user/team/alice`);
  assert.match(User?.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
  assert.deepEqual(User?.Tags, [{ Key: 'k', Value: 'v' }]);
  await assertAwsError(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), { code: 'EntityAlreadyExists', status: 409, message: 'User with name ALICE already exists.' });
  const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
  assert.equal(got.User?.UserId, User?.UserId);
});

test('GetUser of an unknown user is NoSuchEntity with IAM\'s message', async () => {
  await assertAwsError(iam.send(new GetUserCommand({ UserName: 'non-existent-user' })), { code: 'NoSuchEntity', status: 404, message: 'The user with name non-existent-user cannot be found.' });
});

test('ListUsers pages with Marker, IsTruncated and MaxItems', async () => {
  for (const n of ['p1', 'p2', 'p3']) await iam.send(new CreateUserCommand({ UserName: `page-${n}`, Path: '/paged/' }));
  const first = await iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
  assert.deepEqual(first.Users?.map((u) => u.UserName), ['page-p1', 'page-p2']);
  assert.equal(first.IsTruncated, true);
  const second = await iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: first.Marker }));
  assert.deepEqual(second.Users?.map((u) => u.UserName), ['page-p3']);
  assert.equal(second.IsTruncated, false);
});

test('managed policies keep up to five versions with one default, and refuse to delete the default', async () => {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'versions', PolicyDocument: doc('s3:*') }));
  const arn = Policy!.Arn!;
  assert.equal(arn, `arn:aws:iam::${ACCOUNT}:policy/versions`);
  assert.equal(Policy?.DefaultVersionId, 'v1');
  for (let i = 2; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`sqs:Action${i}`) }));
  await assertAwsError(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:*') })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
  });
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
  const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
  assert.equal(v3.PolicyVersion?.IsDefaultVersion, true);
  assert.deepEqual(JSON.parse(decodeURIComponent(v3.PolicyVersion.Document!)), JSON.parse(doc('sqs:Action3')));
  await assertAwsError(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete the default version of a policy.' });
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  const list = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  assert.deepEqual(list.Versions?.map((v) => v.VersionId), ['v5', 'v4', 'v3', 'v2']);
});

test('CreatePolicy refuses a malformed document with MalformedPolicyDocument', async () => {
  await assertAwsError(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Version": ' })), { code: 'MalformedPolicyDocument', status: 400, message: 'This policy contains invalid Json' });
  await assertAwsError(
    iam.send(new CreatePolicyCommand({ PolicyName: 'bad2', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }] }) })),
    { code: 'MalformedPolicyDocument', status: 400, message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' },
  );
});

test('attach, list, ListEntitiesForPolicy and detach; an attached policy cannot be deleted', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'attach-user' }));
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'attach-me', PolicyDocument: doc('sqs:*') }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'attach-user', PolicyArn: Policy!.Arn! }));
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'attach-user' }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'attach-me', PolicyArn: Policy!.Arn! }]);
  const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: Policy!.Arn! }));
  assert.deepEqual(entities.PolicyUsers?.map((u) => u.UserName), ['attach-user']);
  await assertAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete a policy attached to entities.' });
  await assertAwsError(iam.send(new DeleteUserCommand({ UserName: 'attach-user' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must detach all policies first.' });
  await iam.send(new DetachUserPolicyCommand({ UserName: 'attach-user', PolicyArn: Policy!.Arn! }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! }));
  await iam.send(new DeleteUserCommand({ UserName: 'attach-user' }));
});

test('attaching a policy that does not exist, or a malformed ARN, answers IAM\'s recorded errors', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'attach-missing' }));
  await assertAwsError(iam.send(new AttachUserPolicyCommand({ UserName: 'attach-missing', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/nope` })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `Policy arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`,
  });
  await assertAwsError(iam.send(new AttachUserPolicyCommand({ UserName: 'attach-missing', PolicyArn: 'not-a-valid-policy-arn-at-all' })), { code: 'ValidationError', status: 400, message: 'Invalid ARN:  Could not be parsed!' });
});

test('a user holds at most ten managed policies', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'many-policies' }));
  for (let i = 0; i < 11; i++) {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `many-${i}`, PolicyDocument: doc(`s3:A${i}`) }));
    const attach = iam.send(new AttachUserPolicyCommand({ UserName: 'many-policies', PolicyArn: Policy!.Arn! }));
    if (i < 10) await attach;
    else await assertAwsError(attach, { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for PoliciesPerUser: 10' });
  }
});

test('inline policies are stored and answered URL-encoded', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'inline-user' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'p', PolicyDocument: doc('dynamodb:GetItem') }));
  const got = await iam.send(new GetUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'p' }));
  assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument!)), JSON.parse(doc('dynamodb:GetItem')));
  await assertAwsError(iam.send(new GetUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'q' })), { code: 'NoSuchEntity', status: 404 });
});

test('access keys: the secret is returned once, at most two per user, deletion frees a slot', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'key-user' }));
  const a = await iam.send(new CreateAccessKeyCommand({ UserName: 'key-user' }));
  assert.match(a.AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z0-9]{16}$/);
  assert.equal(a.AccessKey?.SecretAccessKey?.length, 40);
  await iam.send(new CreateAccessKeyCommand({ UserName: 'key-user' }));
  await assertAwsError(iam.send(new CreateAccessKeyCommand({ UserName: 'key-user' })), { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'key-user' }));
  assert.equal(listed.AccessKeyMetadata?.length, 2);
  assert.ok(listed.AccessKeyMetadata?.every((k) => !('SecretAccessKey' in k)));
  await iam.send(new DeleteAccessKeyCommand({ UserName: 'key-user', AccessKeyId: a.AccessKey.AccessKeyId! }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'key-user' }));
});

test('groups hold users; a group with members cannot be deleted', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'member' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'member' }));
  const g = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
  assert.deepEqual(g.Users?.map((u) => u.UserName), ['member']);
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'member' }));
});

test('CreateRole keeps the trust policy, path and max session duration; a trust policy with Resource is malformed', async () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }));
  assert.equal(Role?.Arn, `arn:aws:iam::${ACCOUNT}:role/svc/app`);
  assert.match(Role?.RoleId ?? '', /^AROA/);
  const got = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
  assert.equal(got.Role?.MaxSessionDuration, 7200);
  assert.deepEqual(JSON.parse(decodeURIComponent(got.Role.AssumeRolePolicyDocument!)), JSON.parse(trust));
  const bad = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Resource: '*' }] });
  await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: bad })), { code: 'MalformedPolicyDocument', status: 400, message: 'Has prohibited field Resource' });
});

test('SimulatePrincipalPolicy and SimulateCustomPolicy answer from the enforcing evaluator', async () => {
  const { User } = await iam.send(new CreateUserCommand({ UserName: 'simulated' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'simulated', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' }, { Effect: 'Deny', Action: 's3:GetObjectAcl', Resource: '*' }] }) }));
  const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: User!.Arn!, ActionNames: ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::b/k'] }));
  assert.deepEqual(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]), [
    ['s3:GetObject', 'allowed'],
    ['s3:GetObjectAcl', 'explicitDeny'],
    ['s3:PutObject', 'implicitDeny'],
  ]);
  const custom = await iam.send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] })],
      ActionNames: ['sqs:SendMessage'],
      ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.1.1'], ContextKeyType: 'ip' }],
    }),
  );
  assert.equal(custom.EvaluationResults?.[0]?.EvalDecision, 'allowed');
});

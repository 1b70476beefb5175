// IAM account-level operations with the SDK v3 client: login profiles, the account alias, service-linked roles with
// their deletion task, GetAccountAuthorizationDetails and GetAccountSummary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeleteLoginProfileCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  DeleteUserCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListAccountAliasesCommand,
  PutUserPolicyCommand,
  UpdateLoginProfileCommand,
  AddUserToGroupCommand,
} from '@aws-sdk/client-iam';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

let kumo: TestKumo;
let iam: IAMClient;
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

before(async () => {
  kumo = await startTestKumo();
  iam = new IAMClient(kumo.clientConfig());
});
after(async () => {
  iam.destroy();
  await kumo.stop();
});

test('a login profile is created once, read, updated, blocks DeleteUser, and is deleted', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'console' }));
  await assertAwsError(iam.send(new CreateLoginProfileCommand({ UserName: 'console', Password: 'short' })), { code: 'PasswordPolicyViolation', status: 400 });
  const { LoginProfile } = await iam.send(new CreateLoginProfileCommand({ UserName: 'console', Password: 'Corr3ct-Horse', PasswordResetRequired: true }));
  assert.equal(LoginProfile?.UserName, 'console');
  assert.equal(LoginProfile?.PasswordResetRequired, true);
  await assertAwsError(iam.send(new CreateLoginProfileCommand({ UserName: 'console', Password: 'Corr3ct-Horse' })), { code: 'EntityAlreadyExists', status: 409, message: 'Login Profile for user console already exists.' });
  await iam.send(new UpdateLoginProfileCommand({ UserName: 'console', PasswordResetRequired: false }));
  assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'console' }))).LoginProfile?.PasswordResetRequired, false);
  await assertAwsError(iam.send(new DeleteUserCommand({ UserName: 'console' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete login profile first.' });
  await iam.send(new DeleteLoginProfileCommand({ UserName: 'console' }));
  await assertAwsError(iam.send(new GetLoginProfileCommand({ UserName: 'console' })), { code: 'NoSuchEntity', status: 404, message: 'Login Profile for User console cannot be found.' });
  await iam.send(new DeleteUserCommand({ UserName: 'console' }));
});

test('the account alias: one per account, replaced by a new one, taken aliases refused, deleted', async () => {
  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'kumo-dev' }));
  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'kumo-dev-2' }));
  assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['kumo-dev-2']);
  const other = new IAMClient(kumo.clientConfig('111111111111'));
  await assertAwsError(other.send(new CreateAccountAliasCommand({ AccountAlias: 'kumo-dev-2' })), { code: 'EntityAlreadyExists', status: 409 });
  other.destroy();
  await assertAwsError(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'kumo-dev' })), { code: 'NoSuchEntity', status: 404 });
  await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'kumo-dev-2' }));
  assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
});

test('a service-linked role is protected from DeleteRole and deleted through a task whose status reads SUCCEEDED', async () => {
  const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }));
  assert.equal(Role?.RoleName, 'AWSServiceRoleForAutoScaling');
  assert.equal(Role?.Path, '/aws-service-role/autoscaling.amazonaws.com/');
  assert.equal(Role?.Arn, 'arn:aws:iam::000000000000:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
  assert.deepEqual(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument!)).Statement[0].Principal, { Service: 'autoscaling.amazonaws.com' });
  await assertAwsError(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' })), { code: 'InvalidInput', status: 400 });
  await assertAwsError(iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' })), {
    code: 'UnmodifiableEntity',
    status: 400,
    message: "Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling' - this role is only modifiable by AWS",
  });
  const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' }));
  assert.match(DeletionTaskId ?? '', /^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling\//);
  assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status, 'SUCCEEDED');
  await assertAwsError(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' })), { code: 'NoSuchEntity', status: 404 });
});

test('GetAccountAuthorizationDetails lists users, groups, roles and policies with their documents; filters and pages', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'detail-user' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'detail-group' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'detail-group', UserName: 'detail-user' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'detail-user', PolicyName: 'inline', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'detail-role', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'detail-policy', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'detail-role', PolicyArn: Policy!.Arn! }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'detail-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

  const all = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
  const user = all.UserDetailList?.find((u) => u.UserName === 'detail-user');
  assert.deepEqual(user?.GroupList, ['detail-group']);
  assert.deepEqual(user?.UserPolicyList?.map((p) => [p.PolicyName, JSON.parse(decodeURIComponent(p.PolicyDocument!)).Statement[0].Action]), [['inline', 's3:*']]);
  const role = all.RoleDetailList?.find((r) => r.RoleName === 'detail-role');
  assert.deepEqual(role?.AttachedManagedPolicies?.map((p) => p.PolicyName).sort(), ['ReadOnlyAccess', 'detail-policy']);
  assert.equal(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal.Service, 'ec2.amazonaws.com');
  const policyNames = all.Policies?.map((p) => p.PolicyName);
  assert.ok(policyNames?.includes('detail-policy') && policyNames.includes('ReadOnlyAccess'));
  assert.equal(all.Policies?.find((p) => p.PolicyName === 'detail-policy')?.PolicyVersionList?.[0]?.IsDefaultVersion, true);

  const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  assert.deepEqual([roles.UserDetailList, roles.GroupDetailList, roles.Policies].map((l) => l?.length), [0, 0, 0]);
  const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1 }));
  assert.equal(page.IsTruncated, true);
  const next = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1, Marker: page.Marker }));
  assert.equal((next.UserDetailList?.length ?? 0) + (next.GroupDetailList?.length ?? 0) + (next.RoleDetailList?.length ?? 0) + (next.Policies?.length ?? 0), 1);
});

test('GetAccountSummary counts entities and reports IAM\'s quotas', async () => {
  const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
  assert.equal(SummaryMap?.Users, 1);
  assert.equal(SummaryMap?.Groups, 1);
  assert.equal(SummaryMap?.Roles, 1);
  assert.equal(SummaryMap?.Policies, 1);
  assert.equal(SummaryMap?.AccessKeysPerUserQuota, 2);
  assert.equal(SummaryMap?.AttachedPoliciesPerRoleQuota, 10);
  assert.equal(SummaryMap?.VersionsPerPolicyQuota, 5);
});

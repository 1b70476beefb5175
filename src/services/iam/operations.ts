// IAM's operation table: AWS operation name → handler, typed against the generated IamApi. Operations not listed
// answer NotImplemented (501) naming themselves.
import type * as api from '../../generated/iam/api.js';
import { operationTable } from '../service-definition.js';
import * as keys from './access-keys.js';
import type { IamContext } from './context.js';
import * as e from './entity-operations.js';
import * as p from './managed-policies.js';
import * as oidc from './oidc-providers.js';
import * as login from './login-profiles.js';
import * as slr from './service-linked-roles.js';
import { getAccountAuthorizationDetails, getAccountSummary } from './account-details.js';
import { simulateCustomPolicy, simulatePrincipalPolicy } from './simulate.js';
import { createIamInternal } from './credentials.js';

export const IAM_OPERATIONS = operationTable<api.IamApi, IamContext>()({
  CreateLoginProfile: login.createLoginProfile,
  GetLoginProfile: login.getLoginProfile,
  UpdateLoginProfile: login.updateLoginProfile,
  DeleteLoginProfile: login.deleteLoginProfile,
  CreateAccountAlias: login.createAccountAlias,
  DeleteAccountAlias: login.deleteAccountAlias,
  ListAccountAliases: login.listAccountAliases,
  CreateServiceLinkedRole: slr.createServiceLinkedRole,
  DeleteServiceLinkedRole: slr.deleteServiceLinkedRole,
  GetServiceLinkedRoleDeletionStatus: slr.getServiceLinkedRoleDeletionStatus,
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  GetAccountSummary: (iam, ctx) => getAccountSummary(iam, ctx),

  CreateOpenIDConnectProvider: oidc.createOpenIDConnectProvider,
  GetOpenIDConnectProvider: oidc.getOpenIDConnectProvider,
  ListOpenIDConnectProviders: (iam, ctx) => oidc.listOpenIDConnectProviders(iam, ctx),
  DeleteOpenIDConnectProvider: oidc.deleteOpenIDConnectProvider,
  AddClientIDToOpenIDConnectProvider: oidc.addClientId,
  RemoveClientIDFromOpenIDConnectProvider: oidc.removeClientId,
  UpdateOpenIDConnectProviderThumbprint: oidc.updateThumbprints,

  CreateUser: e.createUser,
  GetUser: (iam, ctx, input) => e.getUser(iam, ctx, input, () => keys.callerUserName(iam, ctx)),
  ListUsers: e.listUsers,
  UpdateUser: e.updateUser,
  DeleteUser: e.deleteUser,
  TagUser: (iam, ctx, i) => e.tagEntity(iam, ctx, 'user', i.UserName, i.Tags),
  UntagUser: (iam, ctx, i) => e.untagEntity(iam, ctx, 'user', i.UserName, i.TagKeys),
  ListUserTags: (iam, ctx, i) => e.listEntityTags(iam, ctx, 'user', i.UserName, i.Marker, i.MaxItems),

  CreateGroup: e.createGroup,
  GetGroup: e.getGroup,
  ListGroups: e.listGroups,
  DeleteGroup: e.deleteGroup,
  AddUserToGroup: e.addUserToGroup,
  RemoveUserFromGroup: e.removeUserFromGroup,
  ListGroupsForUser: e.listGroupsForUser,

  CreateRole: e.createRole,
  GetRole: e.getRole,
  ListRoles: e.listRoles,
  UpdateRole: e.updateRole,
  UpdateAssumeRolePolicy: e.updateAssumeRolePolicy,
  DeleteRole: e.deleteRole,
  TagRole: (iam, ctx, i) => e.tagEntity(iam, ctx, 'role', i.RoleName, i.Tags),
  UntagRole: (iam, ctx, i) => e.untagEntity(iam, ctx, 'role', i.RoleName, i.TagKeys),
  ListRoleTags: (iam, ctx, i) => e.listEntityTags(iam, ctx, 'role', i.RoleName, i.Marker, i.MaxItems),

  CreateInstanceProfile: e.createInstanceProfile,
  GetInstanceProfile: e.getInstanceProfile,
  ListInstanceProfiles: e.listInstanceProfiles,
  AddRoleToInstanceProfile: e.addRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile: e.removeRoleFromInstanceProfile,
  DeleteInstanceProfile: e.deleteInstanceProfile,

  CreatePolicy: p.createPolicy,
  GetPolicy: p.getPolicy,
  ListPolicies: p.listPolicies,
  DeletePolicy: p.deletePolicy,
  CreatePolicyVersion: p.createPolicyVersion,
  GetPolicyVersion: p.getPolicyVersion,
  ListPolicyVersions: p.listPolicyVersions,
  DeletePolicyVersion: p.deletePolicyVersion,
  SetDefaultPolicyVersion: p.setDefaultPolicyVersion,
  ListEntitiesForPolicy: p.listEntitiesForPolicy,
  AttachUserPolicy: (iam, ctx, i) => p.attachPolicy(iam, ctx, 'user', i.UserName, i.PolicyArn),
  AttachGroupPolicy: (iam, ctx, i) => p.attachPolicy(iam, ctx, 'group', i.GroupName, i.PolicyArn),
  AttachRolePolicy: (iam, ctx, i) => p.attachPolicy(iam, ctx, 'role', i.RoleName, i.PolicyArn),
  DetachUserPolicy: (iam, ctx, i) => p.detachPolicy(iam, ctx, 'user', i.UserName, i.PolicyArn),
  DetachGroupPolicy: (iam, ctx, i) => p.detachPolicy(iam, ctx, 'group', i.GroupName, i.PolicyArn),
  DetachRolePolicy: (iam, ctx, i) => p.detachPolicy(iam, ctx, 'role', i.RoleName, i.PolicyArn),
  ListAttachedUserPolicies: (iam, ctx, i) => p.listAttached(iam, ctx, 'user', i.UserName, i),
  ListAttachedGroupPolicies: (iam, ctx, i) => p.listAttached(iam, ctx, 'group', i.GroupName, i),
  ListAttachedRolePolicies: (iam, ctx, i) => p.listAttached(iam, ctx, 'role', i.RoleName, i),

  PutUserPolicy: (iam, ctx, i) => p.putInlinePolicy(iam, ctx, 'user', i.UserName, i.PolicyName, i.PolicyDocument),
  PutGroupPolicy: (iam, ctx, i) => p.putInlinePolicy(iam, ctx, 'group', i.GroupName, i.PolicyName, i.PolicyDocument),
  PutRolePolicy: (iam, ctx, i) => p.putInlinePolicy(iam, ctx, 'role', i.RoleName, i.PolicyName, i.PolicyDocument),
  GetUserPolicy: (iam, ctx, i) => {
    const r = p.getInlinePolicy(iam, ctx, 'user', i.UserName, i.PolicyName);
    return { UserName: r.name, PolicyName: i.PolicyName, PolicyDocument: r.document };
  },
  GetGroupPolicy: (iam, ctx, i) => {
    const r = p.getInlinePolicy(iam, ctx, 'group', i.GroupName, i.PolicyName);
    return { GroupName: r.name, PolicyName: i.PolicyName, PolicyDocument: r.document };
  },
  GetRolePolicy: (iam, ctx, i) => {
    const r = p.getInlinePolicy(iam, ctx, 'role', i.RoleName, i.PolicyName);
    return { RoleName: r.name, PolicyName: i.PolicyName, PolicyDocument: r.document };
  },
  DeleteUserPolicy: (iam, ctx, i) => p.deleteInlinePolicy(iam, ctx, 'user', i.UserName, i.PolicyName),
  DeleteGroupPolicy: (iam, ctx, i) => p.deleteInlinePolicy(iam, ctx, 'group', i.GroupName, i.PolicyName),
  DeleteRolePolicy: (iam, ctx, i) => p.deleteInlinePolicy(iam, ctx, 'role', i.RoleName, i.PolicyName),
  ListUserPolicies: (iam, ctx, i) => p.listInlinePolicies(iam, ctx, 'user', i.UserName, i.Marker, i.MaxItems),
  ListGroupPolicies: (iam, ctx, i) => p.listInlinePolicies(iam, ctx, 'group', i.GroupName, i.Marker, i.MaxItems),
  ListRolePolicies: (iam, ctx, i) => p.listInlinePolicies(iam, ctx, 'role', i.RoleName, i.Marker, i.MaxItems),
  PutUserPermissionsBoundary: (iam, ctx, i) => p.setBoundary(iam, ctx, 'user', i.UserName, i.PermissionsBoundary),
  PutRolePermissionsBoundary: (iam, ctx, i) => p.setBoundary(iam, ctx, 'role', i.RoleName, i.PermissionsBoundary),
  DeleteUserPermissionsBoundary: (iam, ctx, i) => p.setBoundary(iam, ctx, 'user', i.UserName, undefined),
  DeleteRolePermissionsBoundary: (iam, ctx, i) => p.setBoundary(iam, ctx, 'role', i.RoleName, undefined),

  SimulateCustomPolicy: simulateCustomPolicy,
  SimulatePrincipalPolicy: (iam, ctx, i) => simulatePrincipalPolicy(iam, (iam.internal ??= createIamInternal(iam)), ctx, i),

  CreateAccessKey: keys.createAccessKey,
  ListAccessKeys: keys.listAccessKeys,
  UpdateAccessKey: keys.updateAccessKey,
  DeleteAccessKey: keys.deleteAccessKey,
  GetAccessKeyLastUsed: keys.getAccessKeyLastUsed,
});

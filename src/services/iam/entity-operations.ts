// Users, groups, roles and instance profiles: create, read, list (paginated), update, delete with IAM's conflicts,
// group membership, and tags. Every mutation commits before answering and bumps the authorization generation.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import { validatePolicy } from '../../iam/policy-document.js';
import { iamArn, mutate, paginate, uniqueId, type IamContext } from './context.js';
import { requireAttachable } from './managed-policies.js';
import { hasLoginProfile } from './login-profiles.js';
import { isServiceLinked, protectedRole } from './service-linked-roles.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity, type EntityKind } from './errors.js';
import type { Entity, IamStore } from './iam-store.js';

const ARN_TYPE: Record<EntityKind, string> = { user: 'user', group: 'group', role: 'role', 'instance-profile': 'instance-profile' };

export function requireEntity(store: IamStore, account: string, kind: EntityKind, name: string): Entity {
  const e = store.getEntity(account, kind, name);
  if (!e) throw noSuchEntity(kind, name);
  return e;
}

function createEntity(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, path: string | undefined, attrs: Entity['attrs'], tags: api.Tag[] | undefined): Entity {
  const p = path ?? '/';
  const entity: Entity = {
    account: ctx.account,
    kind,
    name,
    id: uniqueId(kind),
    path: p,
    arn: iamArn(ctx.account, ARN_TYPE[kind], p, name),
    createdAt: iam.clock.now(),
    attrs,
  };
  mutate(iam, () => {
    if (iam.store.getEntity(ctx.account, kind, name)) throw entityAlreadyExists(kind, name);
    iam.store.insertEntity(entity);
    if (tags && tags.length > 0) iam.store.putTags(ctx.account, kind, name, tags);
  });
  return entity;
}

function withTags<T extends object>(iam: IamContext, e: Entity, out: T): T & { Tags?: api.Tag[] } {
  const tags = iam.store.tags(e.account, e.kind, e.name);
  return tags.length > 0 ? { ...out, Tags: tags } : out;
}

export function userOf(iam: IamContext, e: Entity, tags = true): api.User {
  const user: api.User = { Path: e.path, UserName: e.name, UserId: e.id, Arn: e.arn, CreateDate: new Date(e.createdAt) };
  if (e.attrs.boundaryArn) user.PermissionsBoundary = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: e.attrs.boundaryArn };
  return tags ? withTags(iam, e, user) : user;
}

export function groupOf(e: Entity): api.Group {
  return { Path: e.path, GroupName: e.name, GroupId: e.id, Arn: e.arn, CreateDate: new Date(e.createdAt) };
}

export function roleOf(iam: IamContext, e: Entity, detail = true): api.Role {
  const role: api.Role = { Path: e.path, RoleName: e.name, RoleId: e.id, Arn: e.arn, CreateDate: new Date(e.createdAt) };
  // IAM returns the trust policy URL-encoded (the SDKs and CLI decode it).
  if (e.attrs.trustPolicy !== undefined) role.AssumeRolePolicyDocument = encodeURIComponent(e.attrs.trustPolicy);
  if (e.attrs.description !== undefined) role.Description = e.attrs.description;
  role.MaxSessionDuration = e.attrs.maxSessionDuration ?? 3600;
  if (!detail) return role;
  if (e.attrs.boundaryArn) role.PermissionsBoundary = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: e.attrs.boundaryArn };
  role.RoleLastUsed = {};
  return withTags(iam, e, role);
}

function profileOf(iam: IamContext, e: Entity): api.InstanceProfile {
  const roles = iam.store.profileRoles(e.account, e.name).map((r) => roleOf(iam, r, false));
  return withTags(iam, e, { Path: e.path, InstanceProfileName: e.name, InstanceProfileId: e.id, Arn: e.arn, CreateDate: new Date(e.createdAt), Roles: roles });
}

function checkBoundary(iam: IamContext, ctx: RequestContext, arn: string | undefined): void {
  if (arn !== undefined) requireAttachable(iam, ctx, arn);
}

// ---- users

export function createUser(iam: IamContext, ctx: RequestContext, input: api.CreateUserRequest): api.CreateUserResponse {
  checkBoundary(iam, ctx, input.PermissionsBoundary);
  const e = createEntity(iam, ctx, 'user', input.UserName, input.Path, input.PermissionsBoundary ? { boundaryArn: input.PermissionsBoundary } : {}, input.Tags);
  return { User: userOf(iam, e) };
}

export function getUser(iam: IamContext, ctx: RequestContext, input: api.GetUserRequest, callerUser: () => string | undefined): api.GetUserResponse {
  const name = input.UserName ?? callerUser();
  if (name === undefined) {
    // Root credentials: GetUser without a name describes the account's root user.
    return { User: { Path: '/', UserName: '', UserId: ctx.account, Arn: `arn:aws:iam::${ctx.account}:root`, CreateDate: new Date(0) } };
  }
  return { User: userOf(iam, requireEntity(iam.store, ctx.account, 'user', name)) };
}

export function listUsers(iam: IamContext, ctx: RequestContext, input: api.ListUsersRequest): api.ListUsersResponse {
  const { page, ...rest } = paginate(iam.store.listEntities(ctx.account, 'user', input.PathPrefix), input.Marker, input.MaxItems);
  return { Users: page.map((e) => userOf(iam, e, false)), ...rest };
}

export function updateUser(iam: IamContext, ctx: RequestContext, input: api.UpdateUserRequest): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, 'user', input.UserName);
    const name = input.NewUserName ?? e.name;
    if (input.NewUserName && input.NewUserName.toLowerCase() !== e.name.toLowerCase() && iam.store.getEntity(ctx.account, 'user', input.NewUserName)) {
      throw entityAlreadyExists('user', input.NewUserName);
    }
    const path = input.NewPath ?? e.path;
    iam.store.updateEntity({ ...e, name, path, arn: iamArn(ctx.account, 'user', path, name) }, e.name);
  });
  return {};
}

export function deleteUser(iam: IamContext, ctx: RequestContext, input: api.DeleteUserRequest): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, 'user', input.UserName);
    if (hasLoginProfile(iam, ctx.account, e.name)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
    if (iam.store.accessKeysOf(ctx.account, e.name).length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (iam.store.inlinePolicies(ctx.account, 'user', e.name).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (iam.store.attachments(ctx.account, 'user', e.name).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (iam.store.groupsOf(ctx.account, e.name).length > 0) throw deleteConflict('Cannot delete entity, must remove user from all groups first.');
    iam.store.deleteEntity(ctx.account, 'user', e.name);
  });
  return {};
}

// ---- groups

export function createGroup(iam: IamContext, ctx: RequestContext, input: api.CreateGroupRequest): api.CreateGroupResponse {
  return { Group: groupOf(createEntity(iam, ctx, 'group', input.GroupName, input.Path, {}, undefined)) };
}

export function getGroup(iam: IamContext, ctx: RequestContext, input: api.GetGroupRequest): api.GetGroupResponse {
  const g = requireEntity(iam.store, ctx.account, 'group', input.GroupName);
  const { page, ...rest } = paginate(iam.store.membersOf(ctx.account, g.name), input.Marker, input.MaxItems);
  return { Group: groupOf(g), Users: page.map((u) => userOf(iam, u, false)), ...rest };
}

export function listGroups(iam: IamContext, ctx: RequestContext, input: api.ListGroupsRequest): api.ListGroupsResponse {
  const { page, ...rest } = paginate(iam.store.listEntities(ctx.account, 'group', input.PathPrefix), input.Marker, input.MaxItems);
  return { Groups: page.map(groupOf), ...rest };
}

export function deleteGroup(iam: IamContext, ctx: RequestContext, input: api.DeleteGroupRequest): Record<string, never> {
  mutate(iam, () => {
    const g = requireEntity(iam.store, ctx.account, 'group', input.GroupName);
    if (iam.store.membersOf(ctx.account, g.name).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (iam.store.inlinePolicies(ctx.account, 'group', g.name).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (iam.store.attachments(ctx.account, 'group', g.name).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    iam.store.deleteEntity(ctx.account, 'group', g.name);
  });
  return {};
}

// IAM quota "Groups an IAM user can be a member of": 10 (IAM User Guide, "IAM and AWS STS quotas").
const GROUPS_PER_USER = 10;

export function addUserToGroup(iam: IamContext, ctx: RequestContext, input: api.AddUserToGroupRequest): Record<string, never> {
  mutate(iam, () => {
    const g = requireEntity(iam.store, ctx.account, 'group', input.GroupName);
    const u = requireEntity(iam.store, ctx.account, 'user', input.UserName);
    const groups = iam.store.groupsOf(ctx.account, u.name);
    if (!groups.some((x) => x.id === g.id) && groups.length >= GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
    iam.store.addMember(ctx.account, g.name, u.name, iam.clock.now());
  });
  return {};
}

export function removeUserFromGroup(iam: IamContext, ctx: RequestContext, input: api.RemoveUserFromGroupRequest): Record<string, never> {
  mutate(iam, () => {
    const g = requireEntity(iam.store, ctx.account, 'group', input.GroupName);
    const u = requireEntity(iam.store, ctx.account, 'user', input.UserName);
    if (!iam.store.removeMember(ctx.account, g.name, u.name)) throw noSuchEntity('user', u.name);
  });
  return {};
}

export function listGroupsForUser(iam: IamContext, ctx: RequestContext, input: api.ListGroupsForUserRequest): api.ListGroupsForUserResponse {
  const u = requireEntity(iam.store, ctx.account, 'user', input.UserName);
  const { page, ...rest } = paginate(iam.store.groupsOf(ctx.account, u.name), input.Marker, input.MaxItems);
  return { Groups: page.map(groupOf), ...rest };
}

// ---- roles

export function createRole(iam: IamContext, ctx: RequestContext, input: api.CreateRoleRequest): api.CreateRoleResponse {
  const trust = decodeDocument(input.AssumeRolePolicyDocument);
  validatePolicy(trust, 'trust');
  checkBoundary(iam, ctx, input.PermissionsBoundary);
  const attrs: Entity['attrs'] = { trustPolicy: trust, maxSessionDuration: input.MaxSessionDuration ?? 3600 };
  if (input.Description !== undefined) attrs.description = input.Description;
  if (input.PermissionsBoundary !== undefined) attrs.boundaryArn = input.PermissionsBoundary;
  return { Role: roleOf(iam, createEntity(iam, ctx, 'role', input.RoleName, input.Path, attrs, input.Tags)) };
}

export function getRole(iam: IamContext, ctx: RequestContext, input: api.GetRoleRequest): api.GetRoleResponse {
  return { Role: roleOf(iam, requireEntity(iam.store, ctx.account, 'role', input.RoleName)) };
}

export function listRoles(iam: IamContext, ctx: RequestContext, input: api.ListRolesRequest): api.ListRolesResponse {
  const { page, ...rest } = paginate(iam.store.listEntities(ctx.account, 'role', input.PathPrefix), input.Marker, input.MaxItems);
  return { Roles: page.map((e) => roleOf(iam, e, false)), ...rest };
}

export function updateRole(iam: IamContext, ctx: RequestContext, input: api.UpdateRoleRequest): api.UpdateRoleResponse {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, 'role', input.RoleName);
    const attrs = { ...e.attrs };
    if (input.Description !== undefined) attrs.description = input.Description;
    if (input.MaxSessionDuration !== undefined) attrs.maxSessionDuration = input.MaxSessionDuration;
    iam.store.updateEntity({ ...e, attrs });
  });
  return {};
}

export function updateAssumeRolePolicy(iam: IamContext, ctx: RequestContext, input: api.UpdateAssumeRolePolicyRequest): Record<string, never> {
  const trust = decodeDocument(input.PolicyDocument);
  validatePolicy(trust, 'trust');
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, 'role', input.RoleName);
    iam.store.updateEntity({ ...e, attrs: { ...e.attrs, trustPolicy: trust } });
  });
  return {};
}

export function deleteRole(iam: IamContext, ctx: RequestContext, input: api.DeleteRoleRequest): Record<string, never> {
  mutate(iam, () => {
    const r = requireEntity(iam.store, ctx.account, 'role', input.RoleName);
    if (isServiceLinked(r)) throw protectedRole(r);
    if (iam.store.profilesOfRole(ctx.account, r.name).length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    if (iam.store.inlinePolicies(ctx.account, 'role', r.name).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (iam.store.attachments(ctx.account, 'role', r.name).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    iam.store.deleteEntity(ctx.account, 'role', r.name);
  });
  return {};
}

// ---- instance profiles

export function createInstanceProfile(iam: IamContext, ctx: RequestContext, input: api.CreateInstanceProfileRequest): api.CreateInstanceProfileResponse {
  return { InstanceProfile: profileOf(iam, createEntity(iam, ctx, 'instance-profile', input.InstanceProfileName, input.Path, {}, input.Tags)) };
}

export function getInstanceProfile(iam: IamContext, ctx: RequestContext, input: api.GetInstanceProfileRequest): api.GetInstanceProfileResponse {
  return { InstanceProfile: profileOf(iam, requireEntity(iam.store, ctx.account, 'instance-profile', input.InstanceProfileName)) };
}

export function listInstanceProfiles(iam: IamContext, ctx: RequestContext, input: api.ListInstanceProfilesRequest): api.ListInstanceProfilesResponse {
  const { page, ...rest } = paginate(iam.store.listEntities(ctx.account, 'instance-profile', input.PathPrefix), input.Marker, input.MaxItems);
  return { InstanceProfiles: page.map((e) => profileOf(iam, e)), ...rest };
}

export function addRoleToInstanceProfile(iam: IamContext, ctx: RequestContext, input: api.AddRoleToInstanceProfileRequest): Record<string, never> {
  mutate(iam, () => {
    const p = requireEntity(iam.store, ctx.account, 'instance-profile', input.InstanceProfileName);
    const r = requireEntity(iam.store, ctx.account, 'role', input.RoleName);
    // An instance profile holds one role (IAM quota "Roles in an instance profile": 1).
    if (iam.store.profileRoles(ctx.account, p.name).length >= 1) throw limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    iam.store.setProfileRole(ctx.account, p.name, r.name, true);
  });
  return {};
}

export function removeRoleFromInstanceProfile(iam: IamContext, ctx: RequestContext, input: api.RemoveRoleFromInstanceProfileRequest): Record<string, never> {
  mutate(iam, () => {
    const p = requireEntity(iam.store, ctx.account, 'instance-profile', input.InstanceProfileName);
    const r = requireEntity(iam.store, ctx.account, 'role', input.RoleName);
    iam.store.setProfileRole(ctx.account, p.name, r.name, false);
  });
  return {};
}

export function deleteInstanceProfile(iam: IamContext, ctx: RequestContext, input: api.DeleteInstanceProfileRequest): Record<string, never> {
  mutate(iam, () => {
    const p = requireEntity(iam.store, ctx.account, 'instance-profile', input.InstanceProfileName);
    if (iam.store.profileRoles(ctx.account, p.name).length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    iam.store.deleteEntity(ctx.account, 'instance-profile', p.name);
  });
  return {};
}

// ---- tags (users and roles)

// IAM quota: 50 tags per resource.
const MAX_TAGS = 50;

export function tagEntity(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, tags: api.Tag[]): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    const existing = new Set(iam.store.tags(ctx.account, kind, e.name).map((t) => t.Key));
    for (const t of tags) existing.add(t.Key);
    if (existing.size > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit.`);
    iam.store.putTags(ctx.account, kind, e.name, tags);
  });
  return {};
}

export function untagEntity(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, keys: string[]): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    iam.store.removeTags(ctx.account, kind, e.name, keys);
  });
  return {};
}

export function listEntityTags(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, marker?: string, maxItems?: number): { Tags: api.Tag[]; IsTruncated: boolean; Marker?: string } {
  const e = requireEntity(iam.store, ctx.account, kind, name);
  const { page, ...rest } = paginate(iam.store.tags(ctx.account, kind, e.name), marker, maxItems);
  return { Tags: page, ...rest };
}

/** Policy documents arrive as JSON, or URL-encoded JSON from some tools; IAM accepts both. */
export function decodeDocument(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('%7B') || trimmed.startsWith('%7b')) {
    try {
      return decodeURIComponent(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

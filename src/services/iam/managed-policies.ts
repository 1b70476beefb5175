// Managed policies: create with version v1, up to five versions with one default, attach/detach to users, groups
// and roles within IAM's quota of ten, ListEntitiesForPolicy, and delete only when unattached with one version left.
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import { validatePolicy } from '../../iam/policy-document.js';
import { iamArn, mutate, paginate, uniqueId, type IamContext } from './context.js';
import { decodeDocument, requireEntity } from './entity-operations.js';
import { deleteConflict, entityAlreadyExistsMessage, invalidArn, limitExceeded, noSuchEntityMessage, policyNotAttachable, policyNotFound, type EntityKind } from './errors.js';
import type { ManagedPolicy } from './iam-store.js';
import { AWS_POLICY_ARN, awsManagedPolicies, awsManagedPolicy, awsManagedVersionDocument, type AwsManagedPolicy } from './aws-managed.js';

// IAM quotas (IAM User Guide, "IAM and AWS STS quotas"): 5 versions per managed policy, 10 managed policies
// attached per user, group or role, 6,144 characters per managed policy document.
const MAX_VERSIONS = 5;
const MAX_ATTACHED = 10;
const MAX_MANAGED_POLICY_SIZE = 6144;
const QUOTA_NAME: Record<EntityKind, string> = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole', 'instance-profile': '' };

/** Checks a policy ARN's form; IAM answers "Invalid ARN:  Could not be parsed!" to anything else (recorded). */
function checkArn(arn: string): void {
  if (!/^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/.+/.test(arn)) throw invalidArn();
}

/** An AWS managed policy as the account sees it (its attachments are the account's). */
function asManaged(a: AwsManagedPolicy, account: string): ManagedPolicy {
  return { account, arn: a.arn, name: a.name, id: a.id, path: a.path, description: undefined, defaultVersion: a.defaultVersion, nextVersion: 0, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

/** The account's policy or an AWS managed one, by ARN. */
export function findPolicy(iam: IamContext, account: string, arn: string): ManagedPolicy | undefined {
  if (AWS_POLICY_ARN.test(arn)) {
    const a = awsManagedPolicy(arn);
    return a && asManaged(a, account);
  }
  return iam.store.getPolicy(account, arn);
}

/** A managed policy's default document, the account's own or AWS's. */
export function defaultDocument(iam: IamContext, account: string, arn: string): string | undefined {
  return AWS_POLICY_ARN.test(arn) ? awsManagedPolicy(arn)?.document : iam.store.defaultDocument(account, arn);
}

export function requireAttachable(iam: IamContext, ctx: RequestContext, arn: string): ManagedPolicy {
  checkArn(arn);
  const p = findPolicy(iam, ctx.account, arn);
  if (!p) throw policyNotAttachable(arn);
  return p;
}

/** Reads accept AWS managed policies; changing one is not an account's to do. */
function requirePolicy(iam: IamContext, ctx: RequestContext, arn: string, operation: string, awsAllowed = false): ManagedPolicy {
  checkArn(arn);
  if (!awsAllowed && AWS_POLICY_ARN.test(arn)) throw notImplemented('iam', operation, 'changing AWS managed policies (arn:aws:iam::aws:policy/…)');
  const p = findPolicy(iam, ctx.account, arn);
  if (!p) throw policyNotFound(arn);
  return p;
}

function validateManaged(text: string): string {
  const doc = decodeDocument(text);
  // Whitespace does not count toward the quota (IAM User Guide, "IAM object quotas").
  const size = doc.replace(/\s/g, '').length;
  if (size > MAX_MANAGED_POLICY_SIZE) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MAX_MANAGED_POLICY_SIZE}`);
  validatePolicy(doc, 'identity');
  return doc;
}

function policyOf(iam: IamContext, p: ManagedPolicy, tags = true): api.Policy {
  const attachments = iam.store.attachedTo(p.account, p.arn).length;
  const out: api.Policy = {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
  };
  if (p.description !== undefined) out.Description = p.description;
  const t = tags ? iam.store.tags(p.account, 'policy', p.arn) : [];
  if (t.length > 0) out.Tags = t;
  return out;
}

export function createPolicy(iam: IamContext, ctx: RequestContext, input: api.CreatePolicyRequest): api.CreatePolicyResponse {
  const document = validateManaged(input.PolicyDocument);
  const path = input.Path ?? '/';
  const arn = iamArn(ctx.account, 'policy', path, input.PolicyName);
  const now = iam.clock.now();
  const policy: ManagedPolicy = {
    account: ctx.account,
    arn,
    name: input.PolicyName,
    id: uniqueId('policy'),
    path,
    description: input.Description,
    defaultVersion: 'v1',
    nextVersion: 2,
    createdAt: now,
    updatedAt: now,
  };
  mutate(iam, () => {
    if (iam.store.listPolicies(ctx.account).some((p) => p.name === input.PolicyName)) {
      throw entityAlreadyExistsMessage(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
    }
    iam.store.insertPolicy(policy);
    iam.store.insertVersion(ctx.account, arn, { versionId: 'v1', versionNumber: 1, document, createdAt: now });
    if (input.Tags && input.Tags.length > 0) iam.store.putTags(ctx.account, 'policy', arn, input.Tags);
  });
  return { Policy: policyOf(iam, policy) };
}

export function getPolicy(iam: IamContext, ctx: RequestContext, input: api.GetPolicyRequest): api.GetPolicyResponse {
  return { Policy: policyOf(iam, requirePolicy(iam, ctx, input.PolicyArn, 'GetPolicy', true)) };
}

export function listPolicies(iam: IamContext, ctx: RequestContext, input: api.ListPoliciesRequest): api.ListPoliciesResponse {
  // Scope defaults to All: AWS managed policies first, then the account's (IAM API reference, ListPolicies).
  const scope = input.Scope ?? 'All';
  const prefix = input.PathPrefix ?? '/';
  let policies: ManagedPolicy[] = [];
  if (scope !== 'Local') for (const a of awsManagedPolicies().values()) if (a.path.startsWith(prefix)) policies.push(asManaged(a, ctx.account));
  if (scope !== 'AWS') policies.push(...iam.store.listPolicies(ctx.account, input.PathPrefix));
  if (input.OnlyAttached) policies = policies.filter((p) => iam.store.attachedTo(ctx.account, p.arn).length > 0);
  const { page, ...rest } = paginate(policies, input.Marker, input.MaxItems);
  return { Policies: page.map((p) => policyOf(iam, p, false)), ...rest };
}

export function deletePolicy(iam: IamContext, ctx: RequestContext, input: api.DeletePolicyRequest): Record<string, never> {
  mutate(iam, () => {
    const p = requirePolicy(iam, ctx, input.PolicyArn, 'DeletePolicy');
    if (iam.store.attachedTo(ctx.account, p.arn).length > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if (iam.store.versions(ctx.account, p.arn).length > 1) {
      throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    }
    iam.store.deletePolicy(ctx.account, p.arn);
  });
  return {};
}

function versionOf(v: { versionId: string; document: string; createdAt: number }, isDefault: boolean, withDocument: boolean): api.PolicyVersion {
  const out: api.PolicyVersion = { VersionId: v.versionId, IsDefaultVersion: isDefault, CreateDate: new Date(v.createdAt) };
  // IAM returns documents URL-encoded (RFC 3986); the SDKs and aws-cli decode them.
  if (withDocument) out.Document = encodeURIComponent(v.document);
  return out;
}

export function createPolicyVersion(iam: IamContext, ctx: RequestContext, input: api.CreatePolicyVersionRequest): api.CreatePolicyVersionResponse {
  const document = validateManaged(input.PolicyDocument);
  return mutate(iam, () => {
    const p = requirePolicy(iam, ctx, input.PolicyArn, 'CreatePolicyVersion');
    if (iam.store.versions(ctx.account, p.arn).length >= MAX_VERSIONS) {
      throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const now = iam.clock.now();
    const v = { versionId: `v${p.nextVersion}`, versionNumber: p.nextVersion, document, createdAt: now };
    iam.store.insertVersion(ctx.account, p.arn, v);
    const setDefault = input.SetAsDefault === true;
    iam.store.updatePolicy({ ...p, nextVersion: p.nextVersion + 1, defaultVersion: setDefault ? v.versionId : p.defaultVersion, updatedAt: now });
    return { PolicyVersion: versionOf(v, setDefault, false) };
  });
}

export function getPolicyVersion(iam: IamContext, ctx: RequestContext, input: api.GetPolicyVersionRequest): api.GetPolicyVersionResponse {
  const p = requirePolicy(iam, ctx, input.PolicyArn, 'GetPolicyVersion', true);
  const aws = awsManagedPolicy(p.arn);
  const version = aws?.versions.find((x) => x.versionId === input.VersionId);
  const awsDocument = aws && version ? awsManagedVersionDocument(aws, version.versionId) : undefined;
  const v = aws ? version && awsDocument !== undefined && { ...version, document: awsDocument } : iam.store.version(ctx.account, p.arn, input.VersionId);
  if (!v) throw noSuchEntityMessage(`Policy ${p.arn} version ${input.VersionId} does not exist or is not attachable.`);
  return { PolicyVersion: versionOf(v, v.versionId === p.defaultVersion, true) };
}

export function listPolicyVersions(iam: IamContext, ctx: RequestContext, input: api.ListPolicyVersionsRequest): api.ListPolicyVersionsResponse {
  const p = requirePolicy(iam, ctx, input.PolicyArn, 'ListPolicyVersions', true);
  const aws = awsManagedPolicy(p.arn);
  const versions = aws ? aws.versions.map((v) => ({ ...v, document: '' })) : iam.store.versions(ctx.account, p.arn);
  const { page, ...rest } = paginate(versions, input.Marker, input.MaxItems);
  return { Versions: page.map((v) => versionOf(v, v.versionId === p.defaultVersion, false)), ...rest };
}

export function deletePolicyVersion(iam: IamContext, ctx: RequestContext, input: api.DeletePolicyVersionRequest): Record<string, never> {
  mutate(iam, () => {
    const p = requirePolicy(iam, ctx, input.PolicyArn, 'DeletePolicyVersion');
    if (!iam.store.version(ctx.account, p.arn, input.VersionId)) throw noSuchEntityMessage(`Policy ${p.arn} version ${input.VersionId} does not exist or is not deletable.`);
    if (input.VersionId === p.defaultVersion) throw deleteConflict('Cannot delete the default version of a policy.');
    iam.store.deleteVersion(ctx.account, p.arn, input.VersionId);
  });
  return {};
}

export function setDefaultPolicyVersion(iam: IamContext, ctx: RequestContext, input: api.SetDefaultPolicyVersionRequest): Record<string, never> {
  mutate(iam, () => {
    const p = requirePolicy(iam, ctx, input.PolicyArn, 'SetDefaultPolicyVersion');
    if (!iam.store.version(ctx.account, p.arn, input.VersionId)) throw noSuchEntityMessage(`Policy ${p.arn} version ${input.VersionId} does not exist or is not attachable.`);
    iam.store.updatePolicy({ ...p, defaultVersion: input.VersionId, updatedAt: iam.clock.now() });
  });
  return {};
}

export function attachPolicy(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, arn: string): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    const p = requireAttachable(iam, ctx, arn);
    const attached = iam.store.attachments(ctx.account, kind, e.name);
    if (!attached.includes(p.arn) && attached.length >= MAX_ATTACHED) throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[kind]}: ${MAX_ATTACHED}`);
    iam.store.attach(ctx.account, kind, e.name, p.arn, iam.clock.now());
  });
  return {};
}

export function detachPolicy(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, arn: string): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    checkArn(arn);
    if (!iam.store.detach(ctx.account, kind, e.name, arn)) throw noSuchEntityMessage(`Policy ${arn} was not found.`);
  });
  return {};
}

export function listAttached(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }): api.ListAttachedUserPoliciesResponse {
  const e = requireEntity(iam.store, ctx.account, kind, name);
  const prefix = input.PathPrefix ?? '/';
  const policies = iam.store
    .attachments(ctx.account, kind, e.name)
    .map((arn) => findPolicy(iam, ctx.account, arn))
    .filter((p): p is ManagedPolicy => p !== undefined && p.path.startsWith(prefix));
  const { page, ...rest } = paginate(policies, input.Marker, input.MaxItems);
  return { AttachedPolicies: page.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...rest };
}

export function listEntitiesForPolicy(iam: IamContext, ctx: RequestContext, input: api.ListEntitiesForPolicyRequest): api.ListEntitiesForPolicyResponse {
  const p = requirePolicy(iam, ctx, input.PolicyArn, 'ListEntitiesForPolicy', true);
  if (input.PolicyUsageFilter === 'PermissionsBoundary') throw notImplemented('iam', 'ListEntitiesForPolicy', 'PolicyUsageFilter=PermissionsBoundary');
  const filter = input.EntityFilter;
  const entities = iam.store
    .attachedTo(ctx.account, p.arn)
    .map(({ kind, nameKey }) => iam.store.getEntity(ctx.account, kind, nameKey))
    .filter((e) => e !== undefined)
    .filter((e) => filter === undefined || filter === 'LocalManagedPolicy' || filter === 'AWSManagedPolicy' || e.kind === filter.toLowerCase())
    .filter((e) => input.PathPrefix === undefined || e.path.startsWith(input.PathPrefix));
  const { page, ...rest } = paginate(entities, input.Marker, input.MaxItems);
  return {
    PolicyGroups: page.filter((e) => e.kind === 'group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
    PolicyUsers: page.filter((e) => e.kind === 'user').map((e) => ({ UserName: e.name, UserId: e.id })),
    PolicyRoles: page.filter((e) => e.kind === 'role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
    ...rest,
  };
}

// ---- inline policies (users, groups, roles)

// IAM quota: inline policies of an entity total at most 2,048 (users), 5,120 (groups) and 10,240 (roles) characters.
const INLINE_QUOTA: Record<EntityKind, number> = { user: 2048, group: 5120, role: 10240, 'instance-profile': 0 };

export function putInlinePolicy(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, policyName: string, text: string): Record<string, never> {
  const document = decodeDocument(text);
  validatePolicy(document, 'identity');
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    const limit = INLINE_QUOTA[kind];
    const others = iam.store.inlinePolicies(ctx.account, kind, e.name).filter((p) => p.policyName !== policyName);
    const total = [...others.map((p) => p.document), document].reduce((n, d) => n + d.replace(/\s/g, '').length, 0);
    if (total > limit) throw limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${e.name}`);
    iam.store.putInline(ctx.account, kind, e.name, policyName, document);
  });
  return {};
}

export function getInlinePolicy(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, policyName: string): { name: string; document: string } {
  const e = requireEntity(iam.store, ctx.account, kind, name);
  const document = iam.store.inlinePolicy(ctx.account, kind, e.name, policyName);
  if (document === undefined) throw noSuchEntityMessage(`The ${kind} policy with name ${policyName} cannot be found.`);
  return { name: e.name, document: encodeURIComponent(document) };
}

export function deleteInlinePolicy(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, policyName: string): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    if (!iam.store.deleteInline(ctx.account, kind, e.name, policyName)) throw noSuchEntityMessage(`The ${kind} policy with name ${policyName} cannot be found.`);
  });
  return {};
}

export function listInlinePolicies(iam: IamContext, ctx: RequestContext, kind: EntityKind, name: string, marker?: string, maxItems?: number): { PolicyNames: string[]; IsTruncated: boolean; Marker?: string } {
  const e = requireEntity(iam.store, ctx.account, kind, name);
  const { page, ...rest } = paginate(iam.store.inlinePolicies(ctx.account, kind, e.name).map((p) => p.policyName), marker, maxItems);
  return { PolicyNames: page, ...rest };
}

export function setBoundary(iam: IamContext, ctx: RequestContext, kind: 'user' | 'role', name: string, arn: string | undefined): Record<string, never> {
  mutate(iam, () => {
    const e = requireEntity(iam.store, ctx.account, kind, name);
    if (arn !== undefined) requireAttachable(iam, ctx, arn);
    const attrs = { ...e.attrs };
    if (arn === undefined) delete attrs.boundaryArn;
    else attrs.boundaryArn = arn;
    iam.store.updateEntity({ ...e, attrs });
  });
  return {};
}

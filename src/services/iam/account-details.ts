// GetAccountAuthorizationDetails (every user, group, role and managed policy with their policies, in one paginated
// answer) and GetAccountSummary (entity counts and IAM's quotas), both read from the same tables the operations write.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import { paginate, type IamContext } from './context.js';
import { roleOf } from './entity-operations.js';
import type { Entity } from './iam-store.js';
import type { EntityKind } from './errors.js';
import { awsManagedPolicy, awsManagedVersionDocument } from './aws-managed.js';
import { findPolicy } from './managed-policies.js';

type Detail =
  | { list: 'UserDetailList'; item: api.UserDetail }
  | { list: 'GroupDetailList'; item: api.GroupDetail }
  | { list: 'RoleDetailList'; item: api.RoleDetail }
  | { list: 'Policies'; item: api.ManagedPolicyDetail };

function inline(iam: IamContext, e: Entity): api.PolicyDetail[] {
  // Documents are URL-encoded, as every IAM read returns them.
  return iam.store.inlinePolicies(e.account, e.kind, e.name).map((p) => ({ PolicyName: p.policyName, PolicyDocument: encodeURIComponent(p.document) }));
}

function attached(iam: IamContext, e: Entity): api.AttachedPolicy[] {
  return iam.store.attachments(e.account, e.kind, e.name).map((arn) => ({ PolicyName: findPolicy(iam, e.account, arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
}

function boundary(e: Entity): Pick<api.UserDetail, 'PermissionsBoundary'> {
  return e.attrs.boundaryArn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: e.attrs.boundaryArn } } : {};
}

function tags(iam: IamContext, e: Entity): Pick<api.UserDetail, 'Tags'> {
  const t = iam.store.tags(e.account, e.kind, e.name);
  return t.length > 0 ? { Tags: t } : {};
}

function policyDetail(iam: IamContext, account: string, arn: string): api.ManagedPolicyDetail | undefined {
  const p = findPolicy(iam, account, arn);
  if (!p) return undefined;
  const aws = awsManagedPolicy(arn);
  const versions = aws
    ? [{ VersionId: aws.defaultVersion, IsDefaultVersion: true, CreateDate: new Date(aws.versions.find((v) => v.versionId === aws.defaultVersion)?.createdAt ?? aws.updatedAt), Document: encodeURIComponent(awsManagedVersionDocument(aws, aws.defaultVersion) ?? '') }]
    : iam.store.versions(account, arn).map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === p.defaultVersion, CreateDate: new Date(v.createdAt), Document: encodeURIComponent(v.document) }));
  const out: api.ManagedPolicyDetail = {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: iam.store.attachedTo(account, arn).length,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    PolicyVersionList: versions,
  };
  if (p.description !== undefined) out.Description = p.description;
  return out;
}

export function getAccountAuthorizationDetails(iam: IamContext, ctx: RequestContext, input: api.GetAccountAuthorizationDetailsRequest): api.GetAccountAuthorizationDetailsResponse {
  const want = (f: string) => !input.Filter || input.Filter.length === 0 || input.Filter.includes(f as never);
  const account = ctx.account;
  const items: Detail[] = [];
  if (want('User')) {
    for (const u of iam.store.listEntities(account, 'user')) {
      const item: api.UserDetail = { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: new Date(u.createdAt), UserPolicyList: inline(iam, u), GroupList: iam.store.groupsOf(account, u.name).map((g) => g.name), AttachedManagedPolicies: attached(iam, u), ...boundary(u), ...tags(iam, u) };
      items.push({ list: 'UserDetailList', item });
    }
  }
  if (want('Group')) {
    for (const g of iam.store.listEntities(account, 'group')) {
      items.push({ list: 'GroupDetailList', item: { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: new Date(g.createdAt), GroupPolicyList: inline(iam, g), AttachedManagedPolicies: attached(iam, g) } });
    }
  }
  if (want('Role')) {
    for (const r of iam.store.listEntities(account, 'role')) {
      const role = roleOf(iam, r);
      const profiles = iam.store.profilesOfRole(account, r.name).map((name) => iam.store.getEntity(account, 'instance-profile', name)).filter((p): p is Entity => p !== undefined);
      const item: api.RoleDetail = {
        Path: r.path,
        RoleName: r.name,
        RoleId: r.id,
        Arn: r.arn,
        CreateDate: new Date(r.createdAt),
        InstanceProfileList: profiles.map((p) => ({ Path: p.path, InstanceProfileName: p.name, InstanceProfileId: p.id, Arn: p.arn, CreateDate: new Date(p.createdAt), Roles: [roleOf(iam, r, false)] })),
        RolePolicyList: inline(iam, r),
        AttachedManagedPolicies: attached(iam, r),
        ...boundary(r),
        ...tags(iam, r),
      };
      if (role.AssumeRolePolicyDocument !== undefined) item.AssumeRolePolicyDocument = role.AssumeRolePolicyDocument;
      if (role.RoleLastUsed !== undefined) item.RoleLastUsed = role.RoleLastUsed;
      items.push({ list: 'RoleDetailList', item });
    }
  }
  const local = want('LocalManagedPolicy') ? iam.store.listPolicies(account).map((p) => p.arn) : [];
  // AWS managed policies appear when something in the account uses them.
  const awsArns = want('AWSManagedPolicy') ? [...new Set((['user', 'group', 'role'] as EntityKind[]).flatMap((k) => iam.store.listEntities(account, k).flatMap((e) => [...iam.store.attachments(account, k, e.name), ...(e.attrs.boundaryArn ? [e.attrs.boundaryArn] : [])])))].filter((a) => a.includes(':iam::aws:policy/')).sort() : [];
  for (const arn of [...awsArns, ...local]) {
    const item = policyDetail(iam, account, arn);
    if (item) items.push({ list: 'Policies', item });
  }
  const { page, ...rest } = paginate(items, input.Marker, input.MaxItems);
  const out: api.GetAccountAuthorizationDetailsResponse = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], ...rest };
  for (const d of page) (out[d.list] as object[]).push(d.item);
  return out;
}

// IAM quotas (IAM User Guide, "IAM and AWS STS quotas") as GetAccountSummary reports them.
const QUOTAS: Record<string, number> = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AccessKeysPerUserQuota: 2,
  SigningCertificatesPerUserQuota: 2,
  VersionsPerPolicyQuota: 5,
  PolicySizeQuota: 6144,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  AssumeRolePolicySizeQuota: 2048,
  GlobalEndpointTokenVersion: 1,
};

export function getAccountSummary(iam: IamContext, ctx: RequestContext): api.GetAccountSummaryResponse {
  const a = ctx.account;
  const count = (sql: string) => (iam.store.db.prepare(sql).get(a) as { n: number }).n;
  const policies = iam.store.listPolicies(a);
  const summary: Record<string, number> = {
    ...QUOTAS,
    Users: iam.store.countEntities(a, 'user'),
    Groups: iam.store.countEntities(a, 'group'),
    Roles: iam.store.countEntities(a, 'role'),
    InstanceProfiles: iam.store.countEntities(a, 'instance-profile'),
    Policies: policies.length,
    PolicyVersionsInUse: count('SELECT count(*) AS n FROM iam_attachments WHERE account = ?'),
    PolicyVersionsInUseQuota: 10000,
    Providers: count('SELECT count(*) AS n FROM iam_oidc_providers WHERE account = ?'),
    ServerCertificates: 0,
    MFADevices: 0,
    MFADevicesInUse: 0,
    AccountMFAEnabled: 0,
    // The root user's access key `test` is how kumo's root signs (README, IAM enforcement).
    AccountAccessKeysPresent: 1,
    AccountSigningCertificatesPresent: 0,
  };
  return { SummaryMap: summary };
}

// AssumeRole and GetSessionToken: temporary ASIA… credentials that expire on the runtime clock, assumed-role ARNs
// arn:aws:sts::<account>:assumed-role/<role>/<session>, session policies, and the trust-policy check under
// enforcement (STS API reference; duration limits from "AssumeRole" and "GetSessionToken").
import { AwsError, validationError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sts/api.js';
import { accessDeniedMessage } from '../../iam/access-denied.js';
import { RequestContextKeys } from '../../iam/context.js';
import { evaluate } from '../../iam/evaluate.js';
import { parsePolicy } from '../../iam/policy-document.js';
import type { Principal } from '../../iam/principal.js';
import type { StsContext } from './context.js';
import type { IamInternal } from '../iam/credentials.js';
import type { Entity } from '../iam/iam-store.js';

export const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;

function credentials(issued: { accessKeyId: string; secret: string; sessionToken: string; expiresAt: number }): api.Credentials {
  return { AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secret, SessionToken: issued.sessionToken, Expiration: new Date(issued.expiresAt) };
}

function denied(principal: Principal, resource: string, message?: string): AwsError {
  return new AwsError('AccessDenied', message ?? `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${resource}`, { status: 403 });
}

/** Under enforcement: the role's trust policy (with sts:ExternalId) and the caller's own policies must allow
 *  sts:AssumeRole; otherwise AccessDenied. Shared with MFT nodes that switch to a role for s3:// files. */
export function checkTrust(iam: IamInternal, caller: Principal, role: Entity, externalId: string | undefined): void {
  const context = new RequestContextKeys({ 'aws:PrincipalArn': caller.arn, 'aws:PrincipalAccount': caller.account });
  if (externalId !== undefined) context.set('sts:ExternalId', externalId);
  const decision = evaluate(
    { principal: caller, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: role.account, context },
    { ...iam.policiesFor(caller), resource: iam.trustPolicy(role), resourceMustAllow: true },
  );
  if (decision.decision === 'Deny') throw denied(caller, role.arn, accessDeniedMessage({ principalArn: caller.arn, action: 'sts:AssumeRole', resource: role.arn }, decision));
}

/** The session principal of a role: arn:aws:sts::<account>:assumed-role/<role>/<session>. */
export function assumedRole(role: Entity, session: string): Principal {
  return { type: 'assumed-role', arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${session}`, account: role.account, userId: `${role.id}:${session}`, roleArn: role.arn };
}

export function assumeRole(sts: StsContext, ctx: RequestContext, input: api.AssumeRoleRequest): api.AssumeRoleResponse {
  const m = ROLE_ARN.exec(input.RoleArn);
  // test_sts.snapshot.json: "<arn> is invalid" for ARNs that do not parse.
  if (!m) throw validationError(`${input.RoleArn} is invalid`);
  const [, account = '', roleName = ''] = m;
  const caller = sts.iam.principalOf(ctx.accessKeyId, sts.defaultAccount);
  const role = sts.iam.role(account, roleName);
  // AWS does not say whether a role exists: a missing role is the same AccessDenied as a refused one.
  if (!role || role.arn !== input.RoleArn) throw denied(caller, input.RoleArn);
  const duration = input.DurationSeconds ?? 3600;
  const max = role.attrs.maxSessionDuration ?? 3600;
  if (duration > max) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  if (sts.enforce) checkTrust(sts.iam, caller, role, input.ExternalId);
  const policies: string[] = [];
  if (input.Policy !== undefined) {
    parsePolicy(input.Policy); // MalformedPolicyDocument for unreadable JSON
    policies.push(input.Policy);
  }
  for (const d of input.PolicyArns ?? []) {
    const doc = d.arn === undefined ? undefined : sts.iam.managedDocument(account, d.arn);
    if (doc === undefined) throw new AwsError('InvalidParameterValue', `The policy ${d.arn ?? ''} does not exist or is not attachable.`, { status: 400 });
    policies.push(doc);
  }
  const principal = assumedRole(role, input.RoleSessionName);
  const issued = sts.iam.issueSession(account, principal, policies, duration, ctx.accessKeyId);
  const out: api.AssumeRoleResponse = { Credentials: credentials(issued), AssumedRoleUser: { AssumedRoleId: principal.userId!, Arn: principal.arn } };
  if (policies.length > 0) out.PackedPolicySize = Math.min(100, Math.ceil((policies.join('').length / 2048) * 100));
  if (input.SourceIdentity !== undefined) out.SourceIdentity = input.SourceIdentity;
  return out;
}

export function getSessionToken(sts: StsContext, ctx: RequestContext, input: api.GetSessionTokenRequest): api.GetSessionTokenResponse {
  const caller = sts.iam.principalOf(ctx.accessKeyId, sts.defaultAccount);
  // Temporary credentials cannot call GetSessionToken (STS API reference, GetSessionToken).
  if (caller.type === 'assumed-role') throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', { status: 403 });
  // Root sessions last at most an hour; IAM users' from 15 minutes to 36 hours, 12 by default.
  const max = caller.type === 'root' ? 3600 : 129_600;
  const duration = Math.min(input.DurationSeconds ?? 43_200, max);
  const issued = sts.iam.issueSession(caller.account, caller, [], duration, ctx.accessKeyId);
  return { Credentials: credentials(issued) };
}

export function getCallerIdentity(sts: StsContext, ctx: RequestContext): api.GetCallerIdentityResponse {
  const p = sts.iam.principalOf(ctx.accessKeyId, sts.defaultAccount);
  return { UserId: p.userId ?? p.account, Account: p.account, Arn: p.arn };
}

export function getAccessKeyInfo(sts: StsContext, _ctx: RequestContext, input: api.GetAccessKeyInfoRequest): api.GetAccessKeyInfoResponse {
  return { Account: sts.iam.principalOf(input.AccessKeyId, sts.defaultAccount).account };
}

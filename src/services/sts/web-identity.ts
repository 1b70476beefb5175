// STS AssumeRoleWithWebIdentity: an unsigned call that trades an OpenID Connect ID token for role credentials. The
// token must come from a provider registered in the role's account (issuer), name one of its client ids (audience)
// and be unexpired; under enforcement the role's trust policy must allow the provider, with the token's claims as
// condition keys (<issuer host/path>:aud, :sub, :amr). Signatures are not verified (web-identity-token.ts).
import { AwsError, validationError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sts/api.js';
import { RequestContextKeys } from '../../iam/context.js';
import { evaluate } from '../../iam/evaluate.js';
import type { Principal } from '../../iam/principal.js';
import { checkWebIdentityToken } from '../../iam/web-identity-token.js';
import type { StsContext } from './context.js';
import { credentialsOf, packedSize, sessionPolicies } from './session-policies.js';
import { ROLE_ARN } from './sessions.js';

// STS API reference, AssumeRoleWithWebIdentity errors: InvalidIdentityToken and ExpiredTokenException are 400,
// IDPRejectedClaim and AccessDenied 403.
const STATUS: Record<string, number> = { InvalidIdentityToken: 400, ExpiredTokenException: 400, IDPRejectedClaim: 403 };

const notAuthorized = (): AwsError => new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', { status: 403 });

export function assumeRoleWithWebIdentity(sts: StsContext, _ctx: RequestContext, input: api.AssumeRoleWithWebIdentityRequest): api.AssumeRoleWithWebIdentityResponse {
  const m = ROLE_ARN.exec(input.RoleArn);
  if (!m) throw validationError(`${input.RoleArn} is invalid`);
  const [, account = '', roleName = ''] = m;
  const check = checkWebIdentityToken(input.WebIdentityToken, sts.clock.now());
  if (!check.ok) throw new AwsError(check.code, check.message, { status: STATUS[check.code] ?? 400 });
  const claims = check.claims;
  const provider = sts.iam.oidcProvider(account, claims.iss);
  if (!provider) throw new AwsError('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${claims.iss}`, { status: 400 });
  if (!claims.audiences.some((a) => provider.clientIds.includes(a))) throw new AwsError('InvalidIdentityToken', 'Incorrect token audience', { status: 400 });
  const role = sts.iam.role(account, roleName);
  if (!role || role.arn !== input.RoleArn) throw notAuthorized();
  const duration = input.DurationSeconds ?? 3600;
  if (duration > (role.attrs.maxSessionDuration ?? 3600)) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const audience = claims.audiences.find((a) => provider.clientIds.includes(a))!;
  if (sts.enforce) {
    const caller: Principal = { type: 'anonymous', arn: provider.arn, account, federatedProvider: provider.arn };
    const context = new RequestContextKeys({
      [`${provider.url}:aud`]: audience,
      [`${provider.url}:sub`]: claims.sub,
      [`${provider.url}:amr`]: claims.amr.length > 0 ? claims.amr : undefined,
      'aws:FederatedProvider': provider.arn,
    });
    const decision = evaluate(
      { principal: caller, action: 'sts:AssumeRoleWithWebIdentity', resource: role.arn, resourceAccount: account, context },
      { identity: [], resource: sts.iam.trustPolicy(role), resourceMustAllow: true },
    );
    if (decision.decision === 'Deny') throw notAuthorized();
  }
  const policies = sessionPolicies(sts, account, input.Policy, input.PolicyArns);
  const principal: Principal = {
    type: 'assumed-role',
    arn: `arn:aws:sts::${account}:assumed-role/${role.name}/${input.RoleSessionName}`,
    account,
    userId: `${role.id}:${input.RoleSessionName}`,
    roleArn: role.arn,
    federatedProvider: provider.arn,
  };
  const issued = sts.iam.issueSession(account, principal, policies, duration, undefined);
  const out: api.AssumeRoleWithWebIdentityResponse = {
    Credentials: credentialsOf(issued),
    SubjectFromWebIdentityToken: claims.sub,
    AssumedRoleUser: { AssumedRoleId: principal.userId!, Arn: principal.arn },
    // "For OpenID Connect ID tokens, this contains the value of the iss field" (STS API reference).
    Provider: claims.iss,
    Audience: audience,
  };
  if (policies.length > 0) out.PackedPolicySize = packedSize(policies);
  return out;
}

// STS GetFederationToken: temporary credentials for a federated user (arn:aws:sts::<account>:federated-user/<name>)
// whose permissions are its IAM user's cut down to the session policies passed; none without one (STS API reference).
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sts/api.js';
import type { Principal } from '../../iam/principal.js';
import type { StsContext } from './context.js';
import { credentialsOf, packedSize, sessionPolicies } from './session-policies.js';
import { authorizeCaller } from './self-authorize.js';

export function getFederationToken(sts: StsContext, ctx: RequestContext, input: api.GetFederationTokenRequest): api.GetFederationTokenResponse {
  const caller = authorizeCaller(sts, ctx, 'sts:GetFederationToken', `arn:aws:sts::${sts.iam.principalOf(ctx.accessKeyId, sts.defaultAccount).account}:federated-user/${input.Name}`);
  // "You cannot call GetFederationToken using temporary credentials" (STS API reference).
  if (caller.type !== 'user' && caller.type !== 'root') throw new AwsError('AccessDenied', 'Cannot call GetFederationToken with session credentials', { status: 403 });
  // 900 s to 129,600 s (36 h), 43,200 by default; the root user's sessions last at most an hour.
  const max = caller.type === 'root' ? 3600 : 129_600;
  const duration = Math.min(input.DurationSeconds ?? 43_200, max);
  const policies = sessionPolicies(sts, caller.account, input.Policy, input.PolicyArns);
  const principal: Principal = {
    type: 'federated-user',
    arn: `arn:aws:sts::${caller.account}:federated-user/${input.Name}`,
    account: caller.account,
    userId: `${caller.account}:${input.Name}`,
  };
  if (caller.type === 'user') principal.federatedFrom = caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
  const issued = sts.iam.issueSession(caller.account, principal, policies, duration, ctx.accessKeyId);
  return {
    Credentials: credentialsOf(issued),
    FederatedUser: { FederatedUserId: principal.userId!, Arn: principal.arn },
    // test_sts.snapshot.json test_get_federation_token: 0 when no policy was passed.
    PackedPolicySize: packedSize(policies),
  };
}

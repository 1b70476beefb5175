// STS authorizes its own calls (the gateway's authorize phase skips it, since AssumeRole must check a trust policy
// instead): the actions whose only resource is `*` are checked here against the caller's identity policies.
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { accessDeniedMessage } from '../../iam/access-denied.js';
import { RequestContextKeys } from '../../iam/context.js';
import { evaluate } from '../../iam/evaluate.js';
import type { Principal } from '../../iam/principal.js';
import type { StsContext } from './context.js';

/** Throws AccessDenied (403, the query protocol's code) unless enforcement is off or the caller is allowed `action`. */
export function authorizeCaller(sts: StsContext, ctx: RequestContext, action: string, resource = '*'): Principal {
  const caller = sts.iam.principalOf(ctx.accessKeyId, sts.defaultAccount);
  if (!sts.enforce || caller.type === 'root') return caller;
  const context = new RequestContextKeys({ 'aws:PrincipalArn': caller.roleArn ?? caller.arn, 'aws:PrincipalAccount': caller.account, 'aws:RequestedRegion': ctx.region });
  const decision = evaluate({ principal: caller, action, resource, context }, sts.iam.policiesFor(caller));
  if (decision.decision === 'Allow') return caller;
  throw new AwsError('AccessDenied', accessDeniedMessage({ principalArn: caller.arn, action, resource: resource === '*' ? undefined : resource }, decision), { status: 403 });
}

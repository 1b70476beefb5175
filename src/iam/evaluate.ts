// AWS's policy evaluation logic for one request, pure: explicit deny wins; identity and resource policies combine
// within an account and must both allow across accounts; boundaries and session policies cap what identity policies
// grant (IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic").
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import type { RequestContextKeys } from './context.js';
import type { Principal, PrincipalMatch } from './principal.js';

export interface AuthorizationRequest {
  principal: Principal;
  /** service:Action, e.g. firehose:PutRecord. */
  action: string;
  /** The resource ARN, or `*` for actions without a resource type (sts:GetCallerIdentity). */
  resource: string;
  /** The account that owns the resource (for S3 buckets, whose ARNs carry none); defaults to the principal's. */
  resourceAccount?: string;
  context: RequestContextKeys;
}

export interface PolicySet {
  /** Every identity-based policy of the principal: inline and managed, the user's groups' too. */
  identity: readonly CompiledPolicy[];
  /** The resource's own policy (bucket policy, queue policy, role trust policy). */
  resource?: CompiledPolicy | undefined;
  permissionsBoundary?: CompiledPolicy | undefined;
  /** Session policies passed to AssumeRole / GetFederationToken (inline and managed), intersected with identity. */
  session?: readonly CompiledPolicy[] | undefined;
  /** Role trust policies (and KMS key policies) must themselves allow, even within the account ("Policy evaluation
   *  logic": "IAM role trust policies and KMS key policies are exceptions"). */
  resourceMustAllow?: boolean;
}

export type PolicyType = 'identity-based' | 'resource-based' | 'permissions boundary' | 'session';

export type Decision =
  | { decision: 'Allow'; by: PolicyType | 'root' }
  | { decision: 'Deny'; explicit: true; policyType: PolicyType; policyArn: string | undefined }
  | { decision: 'Deny'; explicit: false; policyType: PolicyType };

interface Scan {
  allow: boolean;
  /** The strongest Principal match among allowing statements (resource policies). */
  allowMatch: PrincipalMatch | undefined;
  deny: boolean;
  denyArn: string | undefined;
}

const MATCH_RANK: Record<PrincipalMatch, number> = { account: 1, role: 2, any: 3, exact: 4 };

/** Whether one statement applies; its Deny ends the scan. Returns false when the scan is over. */
function apply(out: Scan, policy: CompiledPolicy, s: CompiledStatement, req: AuthorizationRequest, checkPrincipal: boolean, resourceTest: ((ctx: RequestContextKeys) => boolean) | undefined | 'full'): boolean {
  if (s.effect === 'Allow' && out.allow && !checkPrincipal) return true;
  const match = checkPrincipal ? s.matchesPrincipal(req.principal) : 'any';
  if (match === undefined) return true;
  if (resourceTest === 'full' ? !s.matchesResource(req.resource, req.context) : resourceTest !== undefined && !resourceTest(req.context)) return true;
  if (!s.matchesConditions(req.context)) return true;
  if (s.effect === 'Deny') {
    out.deny = true;
    out.denyArn = policy.arn;
    return false;
  }
  out.allow = true;
  if (out.allowMatch === undefined || MATCH_RANK[match] > MATCH_RANK[out.allowMatch]) out.allowMatch = match;
  return true;
}

function scan(policies: readonly CompiledPolicy[], req: AuthorizationRequest, checkPrincipal: boolean): Scan {
  const out: Scan = { allow: false, allowMatch: undefined, deny: false, denyArn: undefined };
  for (const policy of policies) {
    // Compiled documents know, per action and resource, which statements can apply (compile.ts); others are scanned.
    if (policy.forRequest) {
      for (const c of policy.forRequest(req.action, req.resource)) if (!apply(out, policy, c.statement, req, checkPrincipal, c.resourceTest)) return out;
      continue;
    }
    for (const s of policy.statements) {
      if (!s.matchesAction(req.action)) continue;
      if (!apply(out, policy, s, req, checkPrincipal, 'full')) return out;
    }
  }
  return out;
}

/** Evaluates one request against the policies that apply to it. */
export function evaluate(req: AuthorizationRequest, policies: PolicySet): Decision {
  const principal = req.principal;
  const isRoot = principal.type === 'root';
  const sameAccount = (req.resourceAccount ?? principal.account) === principal.account;
  const identity = scan(policies.identity, req, false);
  const resource = policies.resource ? scan([policies.resource], req, true) : undefined;
  const boundary = policies.permissionsBoundary ? scan([policies.permissionsBoundary], req, false) : undefined;
  const session = policies.session && policies.session.length > 0 ? scan(policies.session, req, false) : undefined;

  // 1. An explicit deny in any policy that applies ends the evaluation.
  if (identity.deny) return { decision: 'Deny', explicit: true, policyType: 'identity-based', policyArn: identity.denyArn };
  if (resource?.deny) return { decision: 'Deny', explicit: true, policyType: 'resource-based', policyArn: undefined };
  if (boundary?.deny) return { decision: 'Deny', explicit: true, policyType: 'permissions boundary', policyArn: boundary.denyArn };
  if (session?.deny) return { decision: 'Deny', explicit: true, policyType: 'session', policyArn: session.denyArn };

  const resourceMatch = resource?.allow ? resource.allowMatch : undefined;
  if (sameAccount) {
    // The root user holds every permission of its account; only explicit denies stop it.
    if (policies.resourceMustAllow && !resourceMatch) return { decision: 'Deny', explicit: false, policyType: 'resource-based' };
    if (isRoot) return { decision: 'Allow', by: 'root' };
    // A resource policy naming the user or the session itself allows outright: an implicit deny in a boundary or a
    // session policy does not limit it ("Policy evaluation logic", resource-based policies within an account).
    if (resourceMatch === 'exact') return { decision: 'Allow', by: 'resource-based' };
    // Naming the account delegates to the account's identity policies; naming the role or `*` grants, but capped below.
    const resourceGrants = resourceMatch === 'role' || resourceMatch === 'any';
    if (!identity.allow && !resourceGrants) return { decision: 'Deny', explicit: false, policyType: 'identity-based' };
    if (boundary && !boundary.allow) return { decision: 'Deny', explicit: false, policyType: 'permissions boundary' };
    if (session && !session.allow) return { decision: 'Deny', explicit: false, policyType: 'session' };
    return { decision: 'Allow', by: identity.allow ? 'identity-based' : 'resource-based' };
  }
  // Across accounts the caller's account must allow (its root implicitly does) and the resource's policy must too.
  // An anonymous caller has no account: the resource's policy alone decides (S3 public buckets).
  if (!isRoot && principal.type !== 'anonymous' && !identity.allow) return { decision: 'Deny', explicit: false, policyType: 'identity-based' };
  if (boundary && !boundary.allow) return { decision: 'Deny', explicit: false, policyType: 'permissions boundary' };
  if (session && !session.allow) return { decision: 'Deny', explicit: false, policyType: 'session' };
  if (!resourceMatch) return { decision: 'Deny', explicit: false, policyType: 'resource-based' };
  return { decision: 'Allow', by: 'resource-based' };
}

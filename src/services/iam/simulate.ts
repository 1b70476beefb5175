// SimulateCustomPolicy and SimulatePrincipalPolicy answered by the same evaluator that enforces (src/iam/), so a
// simulation and a real request under --enforce-iam always agree. MatchedStatements and ResourceSpecificResults are
// not reported yet.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/iam/api.js';
import type { CompiledPolicy } from '../../iam/compile.js';
import { RequestContextKeys } from '../../iam/context.js';
import { evaluate, type PolicySet } from '../../iam/evaluate.js';
import { validatePolicy } from '../../iam/policy-document.js';
import type { Principal } from '../../iam/principal.js';
import { paginate, type IamContext } from './context.js';
import type { IamInternal } from './credentials.js';
import { invalidInput } from './errors.js';

function contextOf(entries: api.ContextEntry[] | undefined): RequestContextKeys {
  const keys = new RequestContextKeys();
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue;
    const values = e.ContextKeyValues ?? [];
    keys.set(e.ContextKeyName, e.ContextKeyType?.endsWith('List') ? values : (values[0] ?? ''));
  }
  return keys;
}

function run(
  iam: IamContext,
  principal: Principal,
  policies: PolicySet,
  input: { ActionNames: string[]; ResourceArns?: string[]; ResourcePolicy?: string; ResourceOwner?: string; ContextEntries?: api.ContextEntry[]; Marker?: string; MaxItems?: number },
): api.SimulatePolicyResponse {
  const resource = input.ResourcePolicy === undefined ? undefined : iam.policies.get(validatePolicy(input.ResourcePolicy, 'resource') && input.ResourcePolicy);
  const owner = /^arn:[^:]*:iam::(\d{12}):root$/.exec(input.ResourceOwner ?? '')?.[1] ?? input.ResourceOwner;
  const results: api.EvaluationResult[] = [];
  for (const action of input.ActionNames) {
    for (const arn of input.ResourceArns ?? ['*']) {
      const context = contextOf(input.ContextEntries);
      const d = evaluate({ principal, action, resource: arn, context, ...(owner ? { resourceAccount: owner } : {}) }, { ...policies, resource });
      const decision = d.decision === 'Allow' ? 'allowed' : d.explicit ? 'explicitDeny' : 'implicitDeny';
      results.push({ EvalActionName: action, EvalResourceName: arn, EvalDecision: decision, MatchedStatements: [], MissingContextValues: [] });
    }
  }
  const { page, ...rest } = paginate(results, input.Marker, input.MaxItems);
  return { EvaluationResults: page, ...rest };
}

function compiled(iam: IamContext, docs: string[] | undefined): CompiledPolicy[] {
  return (docs ?? []).map((d) => iam.policies.get(validatePolicy(d, 'identity') && d));
}

export function simulateCustomPolicy(iam: IamContext, ctx: RequestContext, input: api.SimulateCustomPolicyRequest): api.SimulatePolicyResponse {
  const principal: Principal = { type: 'user', arn: input.CallerArn ?? `arn:aws:iam::${ctx.account}:user/simulated`, account: ctx.account };
  const boundary = compiled(iam, input.PermissionsBoundaryPolicyInputList)[0];
  return run(iam, principal, { identity: compiled(iam, input.PolicyInputList), permissionsBoundary: boundary }, input);
}

export function simulatePrincipalPolicy(iam: IamContext, internal: IamInternal, ctx: RequestContext, input: api.SimulatePrincipalPolicyRequest): api.SimulatePolicyResponse {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(input.PolicySourceArn);
  if (!m) throw invalidInput(`Invalid ARN: ${input.PolicySourceArn}`);
  const [, account = '', kind = '', name = ''] = m;
  if (kind === 'group') throw invalidInput('SimulatePrincipalPolicy of a group is not supported by kumo yet; simulate one of its users.');
  const entity = kind === 'user' ? internal.user(account, name) : internal.role(account, name);
  if (!entity) throw invalidInput(`Invalid Entity Arn: ${input.PolicySourceArn} does not clearly define entity type and name.`);
  const principal: Principal =
    kind === 'user'
      ? { type: 'user', arn: entity.arn, account, userId: entity.id }
      : { type: 'assumed-role', arn: `arn:aws:sts::${account}:assumed-role/${entity.name}/simulation`, account, roleArn: entity.arn };
  const base = internal.policiesFor(principal);
  const extra = compiled(iam, input.PolicyInputList);
  const boundary = compiled(iam, input.PermissionsBoundaryPolicyInputList)[0] ?? base.permissionsBoundary;
  return run(iam, principal, { identity: [...base.identity, ...extra], permissionsBoundary: boundary }, input);
}

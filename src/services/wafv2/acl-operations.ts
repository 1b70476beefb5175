// Web ACLs and rule groups: rules checked (rule-validation.ts) and costed in WCUs (capacity.ts) before they are
// stored; a web ACL answers its Capacity and LabelNamespace, a rule group keeps the Capacity fixed at creation.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/wafv2/api.js';
import { MAX_WCU, rulesWcu, type CapacityLookups } from '../../net/waf/capacity.js';
import { managedGroup } from '../../net/waf/managed/catalog.js';
import type { Wafv2Context } from './context.js';
import type { WafScope } from './entity-store.js';
import { duplicate, invalidParameter, limitsExceeded, REASON } from './errors.js';
import { checkDefaultAction, checkRules } from './rule-validation.js';
import { checkScope, entityArn } from './scope.js';
import { compact } from '../../net/waf/compact.js';
import { checkLock, listEntities, requireEntity } from './set-operations.js';

/** "AWS WAF quotas": web ACLs and rule groups per account and Region (per scope). */
const MAX_WEB_ACLS = 100;
const MAX_RULE_GROUPS = 100;

export function lookups(c: Wafv2Context): CapacityLookups {
  return {
    ruleGroup: (arn) => c.entities.byArn<api.RuleGroup>(arn)?.body.Capacity,
    managedGroup: (vendor, name) => managedGroup(vendor, name)?.Capacity,
  };
}

function checkAcl(c: Wafv2Context, ctx: RequestContext, scope: WafScope, input: { Rules?: api.Rule[]; DefaultAction: api.DefaultAction; CustomResponseBodies?: api.CustomResponseBodies }, operation: string): number {
  const rc = { account: ctx.account, region: ctx.region, scope, entities: c.entities, bodies: input.CustomResponseBodies, inRuleGroup: false, operation };
  checkDefaultAction(rc, input.DefaultAction);
  checkRules(rc, input.Rules ?? []);
  const wcu = rulesWcu(input.Rules ?? [], lookups(c));
  if (wcu > MAX_WCU) throw limitsExceeded(`The web ACL uses ${wcu} WCUs; the maximum is ${MAX_WCU}.`);
  return wcu;
}

function aclBody(ctx: RequestContext, name: string, id: string, arn: string, wcu: number, input: api.CreateWebACLRequest | api.UpdateWebACLRequest): api.WebACL {
  return compact({
    Name: name,
    Id: id,
    ARN: arn,
    DefaultAction: input.DefaultAction,
    Description: input.Description,
    Rules: input.Rules ?? [],
    VisibilityConfig: input.VisibilityConfig,
    DataProtectionConfig: input.DataProtectionConfig,
    Capacity: wcu,
    ManagedByFirewallManager: false,
    LabelNamespace: `awswaf:${ctx.account}:webacl:${name}:`,
    CustomResponseBodies: input.CustomResponseBodies,
    CaptchaConfig: input.CaptchaConfig,
    ChallengeConfig: input.ChallengeConfig,
    TokenDomains: input.TokenDomains,
    AssociationConfig: input.AssociationConfig,
    RetrofittedByFirewallManager: false,
    OnSourceDDoSProtectionConfig: input.OnSourceDDoSProtectionConfig,
    ApplicationConfig: input.ApplicationConfig,
  });
}

export function createWebACL(c: Wafv2Context, ctx: RequestContext, input: api.CreateWebACLRequest): api.CreateWebACLResponse {
  const scope = checkScope(ctx, input.Scope);
  return c.store.transaction(() => {
    const wcu = checkAcl(c, ctx, scope, input, 'CreateWebACL');
    if (c.entities.byName(ctx.account, ctx.region, 'webacl', scope, input.Name)) throw duplicate();
    if (c.entities.count(ctx.account, ctx.region, 'webacl', scope) >= MAX_WEB_ACLS) throw limitsExceeded(`You can create at most ${MAX_WEB_ACLS} web ACLs per scope in a Region.`);
    const id = randomUUID();
    const arn = entityArn(ctx, scope, 'webacl', input.Name, id);
    const lockToken = randomUUID();
    c.entities.insert({ account: ctx.account, region: ctx.region, kind: 'webacl', scope, id, name: input.Name, arn, lockToken, body: aclBody(ctx, input.Name, id, arn, wcu, input), tags: input.Tags ?? [] });
    return { Summary: compact({ Name: input.Name, Id: id, Description: input.Description, LockToken: lockToken, ARN: arn }) };
  });
}

export function getWebACL(c: Wafv2Context, ctx: RequestContext, input: api.GetWebACLRequest): api.GetWebACLResponse {
  if (input.ARN !== undefined) {
    const e = c.entities.byArn<api.WebACL>(input.ARN);
    if (!e || e.kind !== 'webacl' || e.account !== ctx.account || e.region !== ctx.region) throw invalidParameter('RESOURCE_ARN', input.ARN, REASON.arn);
    return { WebACL: e.body, LockToken: e.lockToken };
  }
  if (input.Name === undefined || input.Id === undefined || input.Scope === undefined) throw invalidParameter('WEB_ACL', 'WebACL', REASON.exactlyOne);
  const e = requireEntity<api.WebACL>(c, ctx, 'webacl', checkScope(ctx, input.Scope), input.Name, input.Id);
  return { WebACL: e.body, LockToken: e.lockToken };
}

export function updateWebACL(c: Wafv2Context, ctx: RequestContext, input: api.UpdateWebACLRequest): api.UpdateWebACLResponse {
  const scope = checkScope(ctx, input.Scope);
  return c.store.transaction(() => {
    const e = requireEntity<api.WebACL>(c, ctx, 'webacl', scope, input.Name, input.Id);
    checkLock(e, input.LockToken);
    const wcu = checkAcl(c, ctx, scope, input, 'UpdateWebACL');
    const next = randomUUID();
    c.entities.update(e.arn, aclBody(ctx, e.name, e.id, e.arn, wcu, input), next);
    return { NextLockToken: next };
  });
}

export function listWebACLs(c: Wafv2Context, ctx: RequestContext, input: api.ListWebACLsRequest): api.ListWebACLsResponse {
  const r = listEntities(c, ctx, 'webacl', input);
  return compact({ WebACLs: r.summaries, NextMarker: r.next });
}

function checkGroup(c: Wafv2Context, ctx: RequestContext, scope: WafScope, capacity: number, rules: api.Rule[], bodies: api.CustomResponseBodies | undefined, operation: string): void {
  if (capacity > MAX_WCU) throw limitsExceeded(`A rule group's capacity is at most ${MAX_WCU} WCUs.`);
  checkRules({ account: ctx.account, region: ctx.region, scope, entities: c.entities, bodies, inRuleGroup: true, operation }, rules);
  const used = rulesWcu(rules, lookups(c));
  if (used > capacity) throw limitsExceeded(`The rules use ${used} WCUs, more than the rule group's capacity of ${capacity}.`);
}

/** Labels a rule group's rules add (RuleLabels) and read (LabelMatchStatement), for AvailableLabels/ConsumedLabels. */
function labelSummaries(ns: string, rules: api.Rule[]): { available: api.LabelSummary[]; consumed: api.LabelSummary[] } {
  const available = new Set<string>();
  const consumed = new Set<string>();
  const walk = (s: api.Statement | undefined): void => {
    if (!s) return;
    if (s.LabelMatchStatement) consumed.add(s.LabelMatchStatement.Key);
    for (const x of s.AndStatement?.Statements ?? s.OrStatement?.Statements ?? []) walk(x);
    walk(s.NotStatement?.Statement);
    walk(s.RateBasedStatement?.ScopeDownStatement);
  };
  for (const r of rules) {
    for (const l of r.RuleLabels ?? []) available.add(`${ns}${l.Name}`);
    walk(r.Statement);
  }
  return { available: [...available].map((Name) => ({ Name })), consumed: [...consumed].map((Name) => ({ Name })) };
}

function groupBody(ctx: RequestContext, name: string, id: string, arn: string, capacity: number, input: { Description?: string; Rules?: api.Rule[]; VisibilityConfig: api.VisibilityConfig; CustomResponseBodies?: api.CustomResponseBodies }): api.RuleGroup {
  const ns = `awswaf:${ctx.account}:rulegroup:${name}:`;
  const labels = labelSummaries(ns, input.Rules ?? []);
  return compact({ Name: name, Id: id, Capacity: capacity, ARN: arn, Description: input.Description, Rules: input.Rules ?? [], VisibilityConfig: input.VisibilityConfig, LabelNamespace: ns, CustomResponseBodies: input.CustomResponseBodies, AvailableLabels: labels.available, ConsumedLabels: labels.consumed });
}

export function createRuleGroup(c: Wafv2Context, ctx: RequestContext, input: api.CreateRuleGroupRequest): api.CreateRuleGroupResponse {
  const scope = checkScope(ctx, input.Scope);
  return c.store.transaction(() => {
    checkGroup(c, ctx, scope, input.Capacity, input.Rules ?? [], input.CustomResponseBodies, 'CreateRuleGroup');
    if (c.entities.byName(ctx.account, ctx.region, 'rulegroup', scope, input.Name)) throw duplicate();
    if (c.entities.count(ctx.account, ctx.region, 'rulegroup', scope) >= MAX_RULE_GROUPS) throw limitsExceeded(`You can create at most ${MAX_RULE_GROUPS} rule groups per scope in a Region.`);
    const id = randomUUID();
    const arn = entityArn(ctx, scope, 'rulegroup', input.Name, id);
    const lockToken = randomUUID();
    c.entities.insert({ account: ctx.account, region: ctx.region, kind: 'rulegroup', scope, id, name: input.Name, arn, lockToken, body: groupBody(ctx, input.Name, id, arn, input.Capacity, input), tags: input.Tags ?? [] });
    return { Summary: compact({ Name: input.Name, Id: id, Description: input.Description, LockToken: lockToken, ARN: arn }) };
  });
}

export function getRuleGroup(c: Wafv2Context, ctx: RequestContext, input: api.GetRuleGroupRequest): api.GetRuleGroupResponse {
  if (input.ARN !== undefined) {
    const e = c.entities.byArn<api.RuleGroup>(input.ARN);
    if (!e || e.kind !== 'rulegroup' || e.account !== ctx.account || e.region !== ctx.region) throw invalidParameter('RESOURCE_ARN', input.ARN, REASON.arn);
    return { RuleGroup: e.body, LockToken: e.lockToken };
  }
  if (input.Name === undefined || input.Id === undefined || input.Scope === undefined) throw invalidParameter('RULE_GROUP', 'RuleGroup', REASON.exactlyOne);
  const e = requireEntity<api.RuleGroup>(c, ctx, 'rulegroup', checkScope(ctx, input.Scope), input.Name, input.Id);
  return { RuleGroup: e.body, LockToken: e.lockToken };
}

export function updateRuleGroup(c: Wafv2Context, ctx: RequestContext, input: api.UpdateRuleGroupRequest): api.UpdateRuleGroupResponse {
  const scope = checkScope(ctx, input.Scope);
  return c.store.transaction(() => {
    const e = requireEntity<api.RuleGroup>(c, ctx, 'rulegroup', scope, input.Name, input.Id);
    checkLock(e, input.LockToken);
    checkGroup(c, ctx, scope, e.body.Capacity, input.Rules ?? [], input.CustomResponseBodies, 'UpdateRuleGroup');
    const next = randomUUID();
    c.entities.update(e.arn, groupBody(ctx, e.name, e.id, e.arn, e.body.Capacity, input), next);
    return { NextLockToken: next };
  });
}

export function listRuleGroups(c: Wafv2Context, ctx: RequestContext, input: api.ListRuleGroupsRequest): api.ListRuleGroupsResponse {
  const r = listEntities(c, ctx, 'rulegroup', input);
  return compact({ RuleGroups: r.summaries, NextMarker: r.next });
}

export function checkCapacity(c: Wafv2Context, ctx: RequestContext, input: api.CheckCapacityRequest): api.CheckCapacityResponse {
  const scope = checkScope(ctx, input.Scope);
  checkRules({ account: ctx.account, region: ctx.region, scope, entities: c.entities, bodies: undefined, inRuleGroup: false, operation: 'CheckCapacity' }, input.Rules);
  return { Capacity: rulesWcu(input.Rules, lookups(c)) };
}

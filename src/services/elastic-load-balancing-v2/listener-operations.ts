// Listeners and rules: create (listeners idempotent by settings), describe, modify, delete, rule priorities. Actions
// forward (1–5 weighted groups), redirect and fixed-response are checked here and served by the data plane.
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';
import { isNetworkProtocol } from './attributes.js';
import type { Elbv2 } from './context.js';
import { findLb, notDone, page } from './lb-operations.js';
import { listenerArn, ruleArn, validationError } from './names.js';
import type { ListenerRecord, LoadBalancerRecord, RuleRecord } from './records.js';
import { findTg, lbArnsUsing } from './tg-operations.js';
import { checkCertificates, checkSslPolicy, DEFAULT_SSL_POLICY, isTlsProtocol } from './tls-settings.js';

export function findListener(s: Elbv2, ctx: RequestContext, arn: string): ListenerRecord {
  const rec = s.state.listeners.get(arn);
  if (!rec || rec.account !== ctx.account || rec.region !== ctx.region) throw modeledError('ListenerNotFoundException', `Listener '${arn}' not found`);
  return rec;
}

function findRule(s: Elbv2, ctx: RequestContext, arn: string): RuleRecord {
  const rec = s.state.rules.get(arn);
  if (!rec || rec.account !== ctx.account || rec.region !== ctx.region) throw modeledError('RuleNotFoundException', `One or more rules not found`);
  return rec;
}

/** Normalises and checks actions for a listener of the load balancer: target groups exist, protocols fit, each
 *  group serves one load balancer. */
function checkActions(s: Elbv2, ctx: RequestContext, lb: LoadBalancerRecord, actions: Api.Action[], operation: string): Api.Action[] {
  if (actions.length === 0) throw validationError('At least one action must be specified');
  return actions.map((a) => {
    switch (a.Type) {
      case 'forward': {
        const groups = a.ForwardConfig?.TargetGroups ?? (a.TargetGroupArn ? [{ TargetGroupArn: a.TargetGroupArn, Weight: 1 }] : []);
        if (groups.length === 0) throw validationError('A target group ARN must be specified');
        if (groups.length > 5) throw validationError('A forward action cannot have more than 5 target groups');
        if (a.ForwardConfig?.TargetGroupStickinessConfig?.Enabled) throw notDone(operation, 'target group stickiness');
        for (const g of groups) {
          const tg = findTg(s, ctx, g.TargetGroupArn ?? '');
          const network = isNetworkProtocol(tg.tg.Protocol ?? '');
          if (network !== (lb.lb.Type === 'network')) throw modeledError('IncompatibleProtocolsException', `The target group '${tg.tg.TargetGroupArn}' cannot be used with a ${lb.lb.Type === 'network' ? 'network' : 'application'} load balancer`);
          const others = lbArnsUsing(s, tg.tg.TargetGroupArn).filter((x) => x !== lb.lb.LoadBalancerArn);
          if (others.length > 0) throw modeledError('TargetGroupAssociationLimitException', `The following target groups cannot be associated with more than one load balancer: ${tg.tg.TargetGroupArn}`);
        }
        const config: Api.ForwardActionConfig = { TargetGroups: groups.map((g) => ({ TargetGroupArn: g.TargetGroupArn ?? '', Weight: g.Weight ?? 1 })), TargetGroupStickinessConfig: { Enabled: false } };
        return { Type: 'forward', ...(groups.length === 1 ? { TargetGroupArn: groups[0]!.TargetGroupArn } : {}), ForwardConfig: config, ...(a.Order !== undefined ? { Order: a.Order } : {}) };
      }
      case 'redirect':
      case 'fixed-response':
        if (lb.lb.Type === 'network') throw modeledError('InvalidLoadBalancerActionException', `Action type '${a.Type}' must be one of 'forward'`);
        if (a.Type === 'fixed-response' && (a.FixedResponseConfig?.MessageBody?.length ?? 0) > 1024) throw validationError('The fixed response message body cannot be longer than 1024 characters');
        return a;
      case 'authenticate-oidc':
      case 'authenticate-cognito':
      case 'jwt-validation':
        throw notDone(operation, `${a.Type} actions`);
    }
  });
}

function checkProtocol(lb: LoadBalancerRecord, protocol: string): void {
  const allowed = lb.lb.Type === 'network' ? ['TCP', 'UDP', 'TCP_UDP', 'TLS'] : ['HTTP', 'HTTPS'];
  if (!allowed.includes(protocol)) throw modeledError('UnsupportedProtocolException', `Protocol '${protocol}' is not supported`);
}

/** Certificates and SSL policy for the (new) protocol: kept from the record when the call names none. */
function tlsSettings(protocol: string, input: { Certificates?: Api.Certificate[]; SslPolicy?: string }, prior?: ListenerRecord): Pick<ListenerRecord, 'certificates' | 'sslPolicy'> {
  if (!isTlsProtocol(protocol)) {
    checkCertificates(protocol, input.Certificates);
    if (input.SslPolicy) throw validationError(`An SSL policy is not supported for ${protocol} listeners`);
    return {};
  }
  const certificates = checkCertificates(protocol, input.Certificates ?? prior?.certificates);
  const sslPolicy = input.SslPolicy ?? prior?.sslPolicy ?? DEFAULT_SSL_POLICY;
  checkSslPolicy(sslPolicy);
  return { ...(certificates ? { certificates } : {}), sslPolicy };
}

function listenerView(l: ListenerRecord): Api.Listener {
  return { ListenerArn: l.arn, LoadBalancerArn: l.lbArn, Port: l.port, Protocol: l.protocol as Api.ProtocolEnum, DefaultActions: l.defaultActions, ...(l.certificates ? { Certificates: l.certificates } : {}), ...(l.sslPolicy ? { SslPolicy: l.sslPolicy } : {}) };
}

export function createListener(s: Elbv2, ctx: RequestContext, input: Api.CreateListenerInput): Api.CreateListenerOutput {
  const lb = findLb(s, ctx, input.LoadBalancerArn);
  const protocol = input.Protocol ?? (lb.lb.Type === 'network' ? 'TCP' : 'HTTP');
  if (input.Port === undefined) throw validationError('A listener port must be specified');
  checkProtocol(lb, protocol);
  if (input.MutualAuthentication && input.MutualAuthentication.Mode !== 'off') throw notDone('CreateListener', 'mutual authentication');
  if (input.AlpnPolicy?.length && input.AlpnPolicy[0] !== 'None') throw notDone('CreateListener', 'ALPN policies');
  const tls = tlsSettings(protocol, input);
  const actions = checkActions(s, ctx, lb, input.DefaultActions, 'CreateListener');
  const existing = [...s.state.listeners.values()].find((l) => l.lbArn === lb.lb.LoadBalancerArn && l.port === input.Port);
  if (existing) {
    // Same settings succeed with the existing listener (CreateListener is idempotent); else DuplicateListener.
    const sameTls = JSON.stringify(existing.certificates) === JSON.stringify(tls.certificates) && existing.sslPolicy === tls.sslPolicy;
    if (existing.protocol === protocol && sameTls && JSON.stringify(existing.defaultActions) === JSON.stringify(actions)) return { Listeners: [listenerView(existing)] };
    throw modeledError('DuplicateListenerException', 'A listener already exists on this port for this load balancer');
  }
  const arn = listenerArn(lb.lb.LoadBalancerArn);
  const rec: ListenerRecord = { account: ctx.account, region: ctx.region, arn, lbArn: lb.lb.LoadBalancerArn, port: input.Port, protocol: protocol, ...tls, defaultActions: actions, attributes: {}, tags: input.Tags ?? [] };
  s.state.transaction(() => s.state.put('listener', arn, rec));
  s.plane.reconcile();
  return { Listeners: [listenerView(rec)] };
}

export function describeListeners(s: Elbv2, ctx: RequestContext, input: Api.DescribeListenersInput): Api.DescribeListenersOutput {
  let list: ListenerRecord[];
  if (input.ListenerArns?.length) list = input.ListenerArns.map((a) => findListener(s, ctx, a));
  else if (input.LoadBalancerArn) {
    const lb = findLb(s, ctx, input.LoadBalancerArn);
    list = [...s.state.listeners.values()].filter((l) => l.lbArn === lb.lb.LoadBalancerArn);
  } else throw validationError('You must specify either listener ARNs or a load balancer ARN');
  return page(list.map(listenerView), input.Marker, input.PageSize, (Listeners, NextMarker) => ({ Listeners, ...(NextMarker ? { NextMarker } : {}) }));
}

export function modifyListener(s: Elbv2, ctx: RequestContext, input: Api.ModifyListenerInput): Api.ModifyListenerOutput {
  const rec = findListener(s, ctx, input.ListenerArn);
  const lb = findLb(s, ctx, rec.lbArn);
  const next = { ...rec };
  if (input.Protocol !== undefined) {
    checkProtocol(lb, input.Protocol);
    next.protocol = input.Protocol;
  }
  if (input.Port !== undefined && input.Port !== rec.port) {
    if ([...s.state.listeners.values()].some((l) => l.lbArn === rec.lbArn && l.port === input.Port)) throw modeledError('DuplicateListenerException', 'A listener already exists on this port for this load balancer');
    next.port = input.Port;
  }
  if (input.DefaultActions) next.defaultActions = checkActions(s, ctx, lb, input.DefaultActions, 'ModifyListener');
  if (input.MutualAuthentication) throw notDone('ModifyListener', 'mutual authentication');
  const tls = tlsSettings(next.protocol, input, rec);
  delete next.certificates;
  delete next.sslPolicy;
  Object.assign(next, tls);
  s.state.put('listener', rec.arn, next);
  s.plane.reconcile();
  return { Listeners: [listenerView(next)] };
}

export function deleteListener(s: Elbv2, ctx: RequestContext, input: Api.DeleteListenerInput): Api.DeleteListenerOutput {
  const rec = findListener(s, ctx, input.ListenerArn);
  s.state.transaction(() => {
    for (const r of [...s.state.rules.values()].filter((x) => x.listenerArn === rec.arn)) s.state.remove('rule', r.arn);
    s.state.remove('listener', rec.arn);
  });
  s.plane.reconcile();
  return {};
}

const FIELDS = new Set(['host-header', 'path-pattern', 'http-header', 'http-request-method', 'query-string', 'source-ip']);

/** Conditions: known fields, values in either the legacy Values or the field's config, and AWS's limits of 5 match
 *  evaluations per rule (ALB listener rules guide, "Condition types"). */
function checkConditions(conditions: Api.RuleCondition[]): Api.RuleCondition[] {
  let evaluations = 0;
  let wildcards = 0;
  const out = conditions.map((c): Api.RuleCondition => {
    const field = c.Field ?? '';
    if (!FIELDS.has(field)) throw validationError(`Condition field '${field}' must be one of '[http-header, http-request-method, host-header, path-pattern, query-string, source-ip]'`);
    if (c.RegexValues) throw notDone('CreateRule', 'regex conditions');
    const values = c.Values ?? c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values ?? c.HttpHeaderConfig?.Values ?? c.HttpRequestMethodConfig?.Values ?? c.SourceIpConfig?.Values ?? c.QueryStringConfig?.Values?.map((kv) => `${kv.Key ?? ''}=${kv.Value ?? ''}`) ?? [];
    if (values.length === 0) throw validationError(`A condition value must be specified for field '${field}'`);
    evaluations += values.length;
    if (field === 'host-header' || field === 'path-pattern' || field === 'http-header' || field === 'query-string') for (const v of values) wildcards += (v.match(/[*?]/g) ?? []).length;
    if (field === 'host-header') return { Field: field, Values: values, HostHeaderConfig: { Values: values } };
    if (field === 'path-pattern') return { Field: field, Values: values, PathPatternConfig: { Values: values } };
    if (field === 'http-header') return { Field: field, HttpHeaderConfig: { HttpHeaderName: c.HttpHeaderConfig?.HttpHeaderName ?? '', Values: values } };
    if (field === 'http-request-method') return { Field: field, HttpRequestMethodConfig: { Values: values } };
    if (field === 'source-ip') return { Field: field, SourceIpConfig: { Values: values } };
    return { Field: field, QueryStringConfig: { Values: c.QueryStringConfig?.Values ?? [] } };
  });
  if (evaluations > 5) throw validationError('A rule can only have a total of 5 condition values');
  if (wildcards > 5) throw validationError('A rule can only have a total of 5 wildcards');
  return out;
}

function ruleView(r: RuleRecord): Api.Rule {
  return { RuleArn: r.arn, Priority: r.priority, Conditions: r.conditions, Actions: r.actions, IsDefault: r.priority === 'default' };
}

export function createRule(s: Elbv2, ctx: RequestContext, input: Api.CreateRuleInput): Api.CreateRuleOutput {
  const listener = findListener(s, ctx, input.ListenerArn);
  const lb = findLb(s, ctx, listener.lbArn);
  if (lb.lb.Type === 'network') throw modeledError('InvalidConfigurationRequestException', 'Rules are not supported for Network Load Balancer listeners');
  const priority = String(input.Priority);
  if ([...s.state.rules.values()].some((r) => r.listenerArn === listener.arn && r.priority === priority)) throw modeledError('PriorityInUseException', `Priority '${priority}' is currently in use`);
  const conditions = checkConditions(input.Conditions);
  const actions = checkActions(s, ctx, lb, input.Actions, 'CreateRule');
  const arn = ruleArn(listener.arn);
  const rec: RuleRecord = { account: ctx.account, region: ctx.region, arn, listenerArn: listener.arn, priority, conditions, actions, tags: input.Tags ?? [] };
  s.state.put('rule', arn, rec);
  s.plane.reconcile();
  return { Rules: [ruleView(rec)] };
}

/** The listener's rules by priority, then its default rule (whose ARN is derived from the listener's). */
export function rulesOf(s: Elbv2, listener: ListenerRecord): RuleRecord[] {
  const rules = [...s.state.rules.values()].filter((r) => r.listenerArn === listener.arn).sort((a, b) => Number(a.priority) - Number(b.priority));
  const defaultArn = `${listener.arn.replace(':listener/', ':listener-rule/')}/default`;
  return [...rules, { account: listener.account, region: listener.region, arn: defaultArn, listenerArn: listener.arn, priority: 'default', conditions: [], actions: listener.defaultActions, tags: [] }];
}

export function describeRules(s: Elbv2, ctx: RequestContext, input: Api.DescribeRulesInput): Api.DescribeRulesOutput {
  let list: RuleRecord[];
  if (input.RuleArns?.length) {
    const all = [...s.state.listeners.values()].filter((l) => l.account === ctx.account && l.region === ctx.region).flatMap((l) => rulesOf(s, l));
    list = input.RuleArns.map((a) => {
      const found = all.find((r) => r.arn === a);
      if (!found) throw modeledError('RuleNotFoundException', 'One or more rules not found');
      return found;
    });
  } else if (input.ListenerArn) list = rulesOf(s, findListener(s, ctx, input.ListenerArn));
  else throw validationError('You must specify either listener rule ARNs or a listener ARN');
  return page(list.map(ruleView), input.Marker, input.PageSize, (Rules, NextMarker) => ({ Rules, ...(NextMarker ? { NextMarker } : {}) }));
}

export function modifyRule(s: Elbv2, ctx: RequestContext, input: Api.ModifyRuleInput): Api.ModifyRuleOutput {
  if (input.RuleArn.endsWith('/default')) {
    const listener = findListener(s, ctx, input.RuleArn.replace(':listener-rule/', ':listener/').replace(/\/default$/, ''));
    if (input.Conditions?.length) throw modeledError('OperationNotPermittedException', 'Default rule conditions cannot be modified');
    if (input.Actions) modifyListener(s, ctx, { ListenerArn: listener.arn, DefaultActions: input.Actions });
    return { Rules: [ruleView(rulesOf(s, findListener(s, ctx, listener.arn)).at(-1)!)] };
  }
  const rec = findRule(s, ctx, input.RuleArn);
  const listener = findListener(s, ctx, rec.listenerArn);
  const lb = findLb(s, ctx, listener.lbArn);
  const next = { ...rec };
  if (input.Conditions) next.conditions = checkConditions(input.Conditions);
  if (input.Actions) next.actions = checkActions(s, ctx, lb, input.Actions, 'ModifyRule');
  s.state.put('rule', rec.arn, next);
  s.plane.reconcile();
  return { Rules: [ruleView(next)] };
}

export function deleteRule(s: Elbv2, ctx: RequestContext, input: Api.DeleteRuleInput): Api.DeleteRuleOutput {
  if (input.RuleArn.endsWith('/default')) throw modeledError('OperationNotPermittedException', 'Default rules cannot be deleted');
  const rec = findRule(s, ctx, input.RuleArn);
  s.state.remove('rule', rec.arn);
  s.plane.reconcile();
  return {};
}

export function setRulePriorities(s: Elbv2, ctx: RequestContext, input: Api.SetRulePrioritiesInput): Api.SetRulePrioritiesOutput {
  const changes = input.RulePriorities.map((p) => ({ rec: findRule(s, ctx, p.RuleArn ?? ''), priority: String(p.Priority) }));
  const moving = new Set(changes.map((c) => c.rec.arn));
  for (const c of changes) {
    const clash = [...s.state.rules.values()].find((r) => r.listenerArn === c.rec.listenerArn && !moving.has(r.arn) && r.priority === c.priority);
    if (clash || changes.filter((x) => x.rec.listenerArn === c.rec.listenerArn && x.priority === c.priority).length > 1) throw modeledError('PriorityInUseException', `Priority '${c.priority}' is currently in use`);
  }
  s.state.transaction(() => {
    for (const c of changes) s.state.put('rule', c.rec.arn, { ...c.rec, priority: c.priority });
  });
  s.plane.reconcile();
  return { Rules: changes.map((c) => ruleView({ ...c.rec, priority: c.priority })) };
}

// The web ACL evaluator: rules in ascending Priority, Allow/Block/CAPTCHA/Challenge end evaluation, Count goes on,
// labels accumulate for later rules, rule groups (yours and AWS managed) run nested with their overrides, and the
// default action decides the rest ("How AWS WAF processes a web ACL"; "CAPTCHA and Challenge action behavior").
import type { CustomHTTPHeader, CustomResponseBodies, RateBasedStatement, Rule, RuleAction, RuleGroup, WebACL } from '../../generated/wafv2/api.js';
import { RequestView } from './fields.js';
import type { GeoLookup } from './geo-lookup.js';
import { parseIp, type CidrSet } from './ip.js';
import { managedGroup, type ManagedGroup } from './managed/catalog.js';
import type { CompiledRegex } from './regex.js';
import { clientAddress, evalStatement, type StatementContext } from './statements.js';
import type { TrafficState } from './traffic.js';
import { transform } from './transforms.js';
import type { Action, CustomResponseOut, RuleHit, Verdict, WafRequest } from './types.js';

export interface InspectContext {
  now: number;
  /** Body bytes inspected: 8 KB behind an ALB, 16 KB (or the web ACL's AssociationConfig) behind CloudFront. */
  bodyLimit: number;
  account: string;
  aclArn: string;
  geo: GeoLookup;
  ipSet(arn: string): { set: CidrSet } | undefined;
  regexSet(arn: string): CompiledRegex[] | undefined;
  ruleGroup(arn: string): RuleGroup | undefined;
  /** KUMO_WAF_IP_LISTS: list name → addresses (AWSManagedIPReputationList, AnonymousIPList, …). */
  ipLists: ReadonlyMap<string, CidrSet>;
  traffic: TrafficState;
}

interface Run {
  view: RequestView;
  ctx: InspectContext;
  sc: StatementContext;
  hits: RuleHit[];
  insertHeaders: CustomHTTPHeader[];
  acl: WebACL;
}

interface Outcome {
  action: Exclude<Action, 'COUNT'>;
  rule: string;
  ruleWithinGroup?: string | undefined;
  response?: CustomResponseOut | undefined;
}

const sorted = new WeakMap<readonly Rule[], Rule[]>();

/** Rules in ascending Priority, sorted once per stored rule list (web ACLs and groups are cached by LockToken). */
function sortRules(rules: readonly Rule[] | undefined): Rule[] {
  if (!rules) return [];
  let s = sorted.get(rules);
  if (!s) {
    s = [...rules].sort((a, b) => a.Priority - b.Priority);
    sorted.set(rules, s);
  }
  return s;
}

function actionName(a: RuleAction): Action {
  if (a.Allow) return 'ALLOW';
  if (a.Block) return 'BLOCK';
  if (a.Count) return 'COUNT';
  if (a.Captcha) return 'CAPTCHA';
  return 'CHALLENGE';
}

function prefixed(headers: readonly CustomHTTPHeader[] | undefined): CustomHTTPHeader[] {
  // Inserted request headers are prefixed x-amzn-waf- ("Inserting custom request headers for non-blocking actions").
  return (headers ?? []).map((h) => ({ Name: `x-amzn-waf-${h.Name}`, Value: h.Value }));
}

function blockResponse(a: RuleAction['Block'], bodies: CustomResponseBodies | undefined, aclBodies: CustomResponseBodies | undefined): CustomResponseOut {
  const cr = a?.CustomResponse;
  if (!cr) return { status: 403, headers: [] };
  const body = cr.CustomResponseBodyKey !== undefined ? (bodies?.[cr.CustomResponseBodyKey] ?? aclBodies?.[cr.CustomResponseBodyKey]) : undefined;
  const type = body ? { TEXT_PLAIN: 'text/plain', TEXT_HTML: 'text/html', APPLICATION_JSON: 'application/json' }[body.ContentType] : undefined;
  return { status: cr.ResponseCode, headers: cr.ResponseHeaders ?? [], body: body?.Content, contentType: type };
}

/** Applies a matched rule's action: an Outcome ends evaluation; Count (and Allow's headers) are recorded. */
function act(run: Run, a: RuleAction, rule: string, metric: string, sampled: boolean, within: string | undefined, bodies: CustomResponseBodies | undefined): Outcome | undefined {
  const name = actionName(a);
  run.hits.push({ ruleName: rule, metricName: metric, action: name, ruleWithinGroup: within, sampled });
  switch (name) {
    case 'COUNT':
      run.insertHeaders.push(...prefixed(a.Count?.CustomRequestHandling?.InsertHeaders));
      return undefined;
    case 'ALLOW':
      run.insertHeaders.push(...prefixed(a.Allow?.CustomRequestHandling?.InsertHeaders));
      return { action: 'ALLOW', rule, ruleWithinGroup: within };
    case 'BLOCK':
      return { action: 'BLOCK', rule, ruleWithinGroup: within, response: blockResponse(a.Block, bodies, run.acl.CustomResponseBodies) };
    case 'CAPTCHA':
      // kumo issues no tokens: a request without a valid aws-waf-token gets the CAPTCHA interstitial status 405.
      run.sc.labels.add('awswaf:managed:token:absent');
      run.sc.labels.add('awswaf:managed:captcha:absent');
      return { action: 'CAPTCHA', rule, ruleWithinGroup: within, response: { status: 405, headers: [{ Name: 'x-amzn-waf-action', Value: 'captcha' }], contentType: 'text/html', body: '<!DOCTYPE html><html><head><title>CAPTCHA</title></head><body>AWS WAF CAPTCHA (kumo issues no tokens)</body></html>' } };
    default:
      run.sc.labels.add('awswaf:managed:token:absent');
      return { action: 'CHALLENGE', rule, ruleWithinGroup: within, response: { status: 202, headers: [{ Name: 'x-amzn-waf-action', Value: 'challenge' }], contentType: 'text/html', body: '' } };
  }
}

/** The aggregation key; a forwarded-IP fallback comes back as the string 'MATCH' or 'NO_MATCH'. */
function rateKey(run: Run, r: RateBasedStatement): string | undefined {
  const view = run.view;
  switch (r.AggregateKeyType) {
    case 'IP':
      return view.req.clientIp;
    case 'CONSTANT':
      return '';
    case 'FORWARDED_IP': {
      const a = clientAddress(view, r.ForwardedIPConfig);
      return typeof a === 'string' ? a : a[0];
    }
    default: {
      const parts: string[] = [];
      for (const k of r.CustomKeys ?? []) {
        let v: string | undefined;
        if (k.Header) v = view.header(k.Header.Name)[0] !== undefined ? transform(view.header(k.Header.Name)[0]!, k.Header.TextTransformations) : undefined;
        else if (k.Cookie) {
          const c = view.cookies().list.find(([n]) => n === k.Cookie!.Name);
          v = c ? transform(c[1], k.Cookie.TextTransformations) : undefined;
        } else if (k.QueryArgument) {
          const q = view.args().find(([n]) => n.toLowerCase() === k.QueryArgument!.Name.toLowerCase());
          v = q ? transform(q[1], k.QueryArgument.TextTransformations) : undefined;
        } else if (k.QueryString) v = view.req.query === '' ? undefined : transform(view.req.query, k.QueryString.TextTransformations);
        else if (k.UriPath) v = transform(view.req.path, k.UriPath.TextTransformations);
        else if (k.HTTPMethod) v = view.req.method;
        else if (k.IP) v = view.req.clientIp;
        else if (k.ForwardedIP) {
          const a = clientAddress(view, r.ForwardedIPConfig);
          v = typeof a === 'string' ? undefined : a[0];
        } else if (k.LabelNamespace) {
          const ns = k.LabelNamespace.Namespace;
          const l = [...run.sc.labels].filter((x) => x.startsWith(ns)).sort();
          v = l.length > 0 ? l.join(',') : undefined;
        } else if (k.JA3Fingerprint) v = view.req.ja3;
        else if (k.JA4Fingerprint) v = view.req.ja4;
        // A request missing any custom key is not counted ("Aggregation options and keys").
        if (v === undefined) return undefined;
        parts.push(v);
      }
      return JSON.stringify(parts);
    }
  }
}

function rateMatch(run: Run, r: RateBasedStatement, ruleKey: string): boolean {
  if (r.ScopeDownStatement && !evalStatement(r.ScopeDownStatement, run.view, run.sc)) return false;
  const key = rateKey(run, r);
  if (key === undefined || key === 'NO_MATCH') return false;
  if (key === 'MATCH') return true;
  const windowMs = (r.EvaluationWindowSec ?? 300) * 1000;
  return run.ctx.traffic.rateRule(run.ctx.aclArn, ruleKey, r.Limit, windowMs).hit(key, run.ctx.now);
}

function matches(run: Run, rule: Rule, ruleKey: string): boolean {
  if (rule.Statement.RateBasedStatement) return rateMatch(run, rule.Statement.RateBasedStatement, ruleKey);
  return evalStatement(rule.Statement, run.view, run.sc);
}

function addLabels(run: Run, ns: string, rule: Rule): void {
  for (const l of rule.RuleLabels ?? []) run.sc.labels.add(`${ns}${l.Name}`);
}

/** A rule group's rules (yours or a managed group's) inside the web ACL rule `outer`. */
function runGroup(run: Run, outer: Rule, rules: Rule[], ns: string, bodies: CustomResponseBodies | undefined, excluded: Set<string>, overrides: Map<string, RuleAction>, managed: ManagedGroup | undefined): Outcome | undefined {
  const countAll = outer.OverrideAction?.Count !== undefined;
  const metric = outer.VisibilityConfig.MetricName;
  const sampled = outer.VisibilityConfig.SampledRequestsEnabled;
  for (const r of rules) {
    let hit: boolean;
    if (managed) {
      const m = managed.rules.find((x) => x.Name === r.Name)!;
      if (m.ipList !== undefined) {
        const list = run.ctx.ipLists.get(m.ipList);
        hit = list !== undefined && list.lookup(parseIp(run.view.req.clientIp)) !== undefined;
      } else hit = matches(run, r, `${outer.Name}/${r.Name}`);
    } else hit = matches(run, r, `${outer.Name}/${r.Name}`);
    if (!hit) continue;
    if (managed) run.sc.labels.add(`${ns}${managed.rules.find((x) => x.Name === r.Name)!.label}`);
    else addLabels(run, ns, r);
    let a: RuleAction = overrides.get(r.Name) ?? r.Action ?? { Block: {} };
    if (excluded.has(r.Name) || countAll) a = { Count: {} };
    const out = act(run, a, outer.Name, metric, sampled, r.Name, bodies);
    if (out) return out;
  }
  return undefined;
}

const managedRuleLists = new Map<string, Rule[]>();

/** A managed group's rules as WAF rules (built once per group; matches are reported under the outer rule). */
function managedRules(g: ManagedGroup): Rule[] {
  let rules = managedRuleLists.get(g.Name);
  if (!rules) {
    const vis = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: g.Name };
    rules = g.rules.map((r, i) => ({ Name: r.Name, Priority: i, Statement: r.Statement ?? {}, Action: { Block: {} }, VisibilityConfig: vis }));
    managedRuleLists.set(g.Name, rules);
  }
  return rules;
}

/** Judges `req` against `acl`: pure apart from the rate counters in ctx.traffic. */
export function inspect(req: WafRequest, acl: WebACL, ctx: InspectContext): Verdict {
  const labels = new Set<string>();
  const run: Run = {
    view: new RequestView(req, ctx.bodyLimit),
    ctx,
    sc: { geo: ctx.geo, ipSet: (arn) => ctx.ipSet(arn), regexSet: (arn) => ctx.regexSet(arn), labels },
    hits: [],
    insertHeaders: [],
    acl,
  };
  const ns = acl.LabelNamespace ?? `awswaf:${ctx.account}:webacl:${acl.Name}:`;
  let outcome: Outcome | undefined;
  for (const rule of sortRules(acl.Rules)) {
    const st = rule.Statement;
    if (st.RuleGroupReferenceStatement) {
      const g = ctx.ruleGroup(st.RuleGroupReferenceStatement.ARN);
      if (!g) continue;
      const excluded = new Set((st.RuleGroupReferenceStatement.ExcludedRules ?? []).map((e) => e.Name));
      const overrides = new Map((st.RuleGroupReferenceStatement.RuleActionOverrides ?? []).map((o) => [o.Name, o.ActionToUse] as const));
      outcome = runGroup(run, rule, sortRules(g.Rules), g.LabelNamespace ?? `awswaf:${ctx.account}:rulegroup:${g.Name}:`, g.CustomResponseBodies, excluded, overrides, undefined);
    } else if (st.ManagedRuleGroupStatement) {
      const m = st.ManagedRuleGroupStatement;
      const g = managedGroup(m.VendorName, m.Name);
      if (!g || (m.ScopeDownStatement && !evalStatement(m.ScopeDownStatement, run.view, run.sc))) continue;
      const excluded = new Set((m.ExcludedRules ?? []).map((e) => e.Name));
      const overrides = new Map((m.RuleActionOverrides ?? []).map((o) => [o.Name, o.ActionToUse] as const));
      const rules = managedRules(g);
      outcome = runGroup(run, rule, rules, g.LabelNamespace, undefined, excluded, overrides, g);
    } else if (matches(run, rule, rule.Name)) {
      addLabels(run, ns, rule);
      outcome = act(run, rule.Action ?? { Block: {} }, rule.Name, rule.VisibilityConfig.MetricName, rule.VisibilityConfig.SampledRequestsEnabled, undefined, acl.CustomResponseBodies);
    }
    if (outcome) break;
  }
  if (!outcome) {
    const d = acl.DefaultAction;
    if (d.Block) outcome = { action: 'BLOCK', rule: 'Default_Action', response: blockResponse(d.Block, undefined, acl.CustomResponseBodies) };
    else {
      run.insertHeaders.push(...prefixed(d.Allow?.CustomRequestHandling?.InsertHeaders));
      outcome = { action: 'ALLOW', rule: 'Default_Action' };
    }
  }
  return {
    action: outcome.action,
    terminatingRule: outcome.rule,
    terminatingRuleWithinGroup: outcome.ruleWithinGroup,
    labels: [...labels],
    insertHeaders: outcome.action === 'ALLOW' ? run.insertHeaders : [],
    response: outcome.response,
    hits: run.hits,
  };
}

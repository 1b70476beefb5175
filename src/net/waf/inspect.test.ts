// Table-driven tests of the web ACL evaluator: priority order, terminating and counting actions, labels, overrides,
// custom responses and inserted headers, CAPTCHA/Challenge statuses, body oversize handling, managed groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule, Statement, WebACL } from '../../generated/wafv2/api.js';
import { geoLookup } from './geo-lookup.js';
import { inspect, type InspectContext } from './inspect.js';
import { CidrSet, parseCidr } from './ip.js';
import { TrafficState } from './traffic.js';
import type { WafRequest } from './types.js';

const VIS = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'm' };
const path = (s: string): Statement => ({ ByteMatchStatement: { SearchString: Buffer.from(s), FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } });
const rule = (name: string, priority: number, statement: Statement, action: NonNullable<Rule['Action']>, extra: Partial<Rule> = {}): Rule => ({ Name: name, Priority: priority, Statement: statement, Action: action, VisibilityConfig: VIS, ...extra });
const acl = (rules: Rule[], extra: Partial<WebACL> = {}): WebACL => ({ Name: 'a', Id: 'i', ARN: 'arn', DefaultAction: { Allow: {} }, VisibilityConfig: VIS, Rules: rules, LabelNamespace: 'awswaf:000000000000:webacl:a:', ...extra });
const req = (p: string, extra: Partial<WafRequest> = {}): WafRequest => ({ method: 'GET', path: p, query: '', headers: [['user-agent', 't']], clientIp: '127.0.0.1', ...extra });

function ctx(extra: Partial<InspectContext> = {}): InspectContext {
  const lists = new Map([['AnonymousIPList', (() => { const s = new CidrSet(); s.add(parseCidr('127.0.5.0/24')!, true); return s; })()]]);
  return { now: 0, bodyLimit: 8192, account: '000000000000', aclArn: 'arn', geo: geoLookup([{ cidr: '127.0.2.0/24', country: 'JP' }]), ipSet: () => undefined, regexSet: () => undefined, ruleGroup: () => undefined, ipLists: lists, traffic: new TrafficState(0), ...extra };
}

test('rules run lowest Priority first; Allow and Block end evaluation; the default action decides the rest', () => {
  const a = acl([rule('block', 2, path('/a'), { Block: {} }), rule('allow', 1, path('/a/ok'), { Allow: {} })]);
  const cases: [string, string, string][] = [['/a/ok', 'ALLOW', 'allow'], ['/a/x', 'BLOCK', 'block'], ['/b', 'ALLOW', 'Default_Action']];
  for (const [p, action, by] of cases) {
    const v = inspect(req(p), a, ctx());
    assert.equal(v.action, action, p);
    assert.equal(v.terminatingRule, by, p);
  }
  assert.equal(inspect(req('/a/x'), a, ctx()).response?.status, 403);
});

test('Count continues, adds its labels and headers, and a later label match sees them', () => {
  const a = acl([
    rule('tag', 0, path('/'), { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'seen', Value: '1' }] } } }, { RuleLabels: [{ Name: 'seen' }] }),
    rule('by-label', 1, { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:000000000000:webacl:a:seen' } }, { Allow: { CustomRequestHandling: { InsertHeaders: [{ Name: 'ok', Value: 'y' }] } } }),
  ]);
  const v = inspect(req('/x'), a, ctx());
  assert.equal(v.terminatingRule, 'by-label');
  assert.deepEqual(v.labels, ['awswaf:000000000000:webacl:a:seen']);
  assert.deepEqual(v.insertHeaders, [{ Name: 'x-amzn-waf-seen', Value: '1' }, { Name: 'x-amzn-waf-ok', Value: 'y' }]);
  assert.deepEqual(v.hits.map((h) => h.action), ['COUNT', 'ALLOW']);
});

test('custom block responses, CAPTCHA 405 and Challenge 202 carry AWS statuses and headers', () => {
  const a = acl([
    rule('custom', 0, path('/c'), { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'slow', ResponseHeaders: [{ Name: 'retry-after', Value: '5' }] } } }),
    rule('captcha', 1, path('/k'), { Captcha: {} }),
    rule('challenge', 2, path('/h'), { Challenge: {} }),
  ], { CustomResponseBodies: { slow: { ContentType: 'APPLICATION_JSON', Content: '{"slow":true}' } } });
  assert.deepEqual(inspect(req('/c'), a, ctx()).response, { status: 429, headers: [{ Name: 'retry-after', Value: '5' }], body: '{"slow":true}', contentType: 'application/json' });
  const k = inspect(req('/k'), a, ctx());
  assert.equal(k.response?.status, 405);
  assert.deepEqual(k.response?.headers, [{ Name: 'x-amzn-waf-action', Value: 'captcha' }]);
  assert.equal(inspect(req('/h'), a, ctx()).response?.status, 202);
});

test('body oversize handling: CONTINUE inspects the first bytes, MATCH matches, NO_MATCH does not', () => {
  const big = Buffer.concat([Buffer.alloc(9000, 'a'), Buffer.from('evil')]);
  const body = (h: 'CONTINUE' | 'MATCH' | 'NO_MATCH', s: string): Statement => ({ ByteMatchStatement: { SearchString: Buffer.from(s), FieldToMatch: { Body: { OversizeHandling: h } }, PositionalConstraint: 'CONTAINS', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } });
  const run = (s: Statement) => inspect(req('/', { method: 'POST', body: big }), acl([rule('r', 0, s, { Block: {} })]), ctx()).action;
  assert.equal(run(body('CONTINUE', 'evil')), 'ALLOW');
  assert.equal(run(body('CONTINUE', 'aaa')), 'BLOCK');
  assert.equal(run(body('MATCH', 'zzz')), 'BLOCK');
  assert.equal(run(body('NO_MATCH', 'aaa')), 'ALLOW');
});

test('geo match reads the CIDR table; managed groups block with their labels unless overridden to Count', () => {
  const geo = acl([rule('jp', 0, { GeoMatchStatement: { CountryCodes: ['JP'] } }, { Block: {} })]);
  assert.equal(inspect(req('/', { clientIp: '127.0.2.9' }), geo, ctx()).action, 'BLOCK');
  assert.equal(inspect(req('/', { clientIp: '127.0.3.9' }), geo, ctx()).action, 'ALLOW');
  const managed = (override: NonNullable<Rule['OverrideAction']>) => acl([{ Name: 'sqli', Priority: 0, OverrideAction: override, VisibilityConfig: VIS, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } } }]);
  const attack = req('/', { query: 'id=1%27%20or%201%3D1--' });
  const v = inspect(attack, managed({ None: {} }), ctx());
  assert.equal(v.action, 'BLOCK');
  assert.equal(v.terminatingRuleWithinGroup, 'SQLiExtendedPatterns_QUERYARGUMENTS');
  assert.ok(v.labels.includes('awswaf:managed:aws:sql-database:SQLiExtendedPatterns_QueryArguments'));
  assert.equal(inspect(attack, managed({ Count: {} }), ctx()).action, 'ALLOW');
  const anon = acl([{ Name: 'anon', Priority: 0, OverrideAction: { None: {} }, VisibilityConfig: VIS, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' } } }]);
  assert.equal(inspect(req('/', { clientIp: '127.0.5.1' }), anon, ctx()).action, 'BLOCK');
  assert.equal(inspect(req('/', { clientIp: '127.0.6.1' }), anon, ctx()).action, 'ALLOW');
});

test('rate-based rules limit the Limit+1-th request in the window; KUMO_WAF_RATE_CHECK_MS decides only at checks', () => {
  const a = acl([rule('rate', 0, { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } }, { Block: {} })]);
  const exact = ctx();
  const actions = Array.from({ length: 12 }, (_, i) => inspect(req('/'), a, { ...exact, now: i }).action);
  assert.deepEqual(actions, [...Array(10).fill('ALLOW'), 'BLOCK', 'BLOCK']);
  assert.equal(inspect(req('/'), a, { ...exact, now: 61_000 }).action, 'ALLOW');
  const lazy = ctx({ traffic: new TrafficState(10_000) });
  const lazyActions = Array.from({ length: 12 }, (_, i) => inspect(req('/'), a, { ...lazy, now: 1 + i }).action);
  assert.ok(lazyActions.every((x) => x === 'ALLOW'));
  assert.equal(inspect(req('/'), a, { ...lazy, now: 10_002 }).action, 'BLOCK');
});

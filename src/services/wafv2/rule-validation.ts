// Checks a web ACL's or rule group's rules before they are stored: one member per union, unique names and
// priorities, Action vs OverrideAction, references that exist in the same scope, regexes RE2 can run, custom
// response body keys, capacity. The first problem found is thrown with AWS's Field/Parameter/Reason shape.
import { notImplemented } from '../../core/aws-error.js';
import type { CustomResponseBodies, FieldToMatch, Rule, RuleAction, Statement } from '../../generated/wafv2/api.js';
import { regexProblem } from '../../net/waf/regex.js';
import { managedGroup, UNRUN_AWS_GROUPS } from '../../net/waf/managed/catalog.js';
import type { Entity, EntityStore, Kind, WafScope } from './entity-store.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';

export interface RuleCheckContext {
  account: string;
  region: string;
  scope: WafScope;
  entities: EntityStore;
  bodies: CustomResponseBodies | undefined;
  /** Rule groups may not reference other rule groups (nested statements: "rule group reference … not nestable"). */
  inRuleGroup: boolean;
  operation: string;
}

function members(o: object | undefined): string[] {
  return o === undefined ? [] : Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined && (o as Record<string, unknown>)[k] !== null);
}

function exactlyOne(o: object | undefined, field: string, parameter: string): string {
  const m = members(o);
  if (m.length !== 1) throw invalidParameter(field, parameter, REASON.exactlyOne);
  return m[0]!;
}

function referenced(c: RuleCheckContext, arn: string, kind: Kind): Entity<unknown> {
  const e = c.entities.byArn(arn);
  if (!e || e.kind !== kind || e.account !== c.account || e.region !== c.region || e.scope !== c.scope) throw nonexistent();
  return e;
}

function checkField(f: FieldToMatch): void {
  exactlyOne(f, 'FIELD_TO_MATCH', 'FieldToMatch');
}

function checkAction(c: RuleCheckContext, a: RuleAction, rule: string): void {
  const kind = exactlyOne(a, 'RULE_ACTION', rule);
  if (kind === 'Block') {
    const key = a.Block?.CustomResponse?.CustomResponseBodyKey;
    if (key !== undefined && c.bodies?.[key] === undefined) throw invalidParameter('CUSTOM_RESPONSE_BODY', key, REASON.unknownBodyKey);
  }
}

function checkStatement(c: RuleCheckContext, s: Statement, top: boolean): void {
  const kind = exactlyOne(s, 'STATEMENT', 'Statement');
  switch (kind) {
    case 'ByteMatchStatement':
      checkField(s.ByteMatchStatement!.FieldToMatch);
      return;
    case 'SqliMatchStatement':
      checkField(s.SqliMatchStatement!.FieldToMatch);
      return;
    case 'XssMatchStatement':
      checkField(s.XssMatchStatement!.FieldToMatch);
      return;
    case 'SizeConstraintStatement':
      checkField(s.SizeConstraintStatement!.FieldToMatch);
      return;
    case 'RegexMatchStatement': {
      checkField(s.RegexMatchStatement!.FieldToMatch);
      if (regexProblem(s.RegexMatchStatement!.RegexString)) throw invalidParameter('STATEMENT', s.RegexMatchStatement!.RegexString, REASON.unsupportedRegex);
      return;
    }
    case 'RegexPatternSetReferenceStatement':
      checkField(s.RegexPatternSetReferenceStatement!.FieldToMatch);
      referenced(c, s.RegexPatternSetReferenceStatement!.ARN, 'regexset');
      return;
    case 'IPSetReferenceStatement':
      referenced(c, s.IPSetReferenceStatement!.ARN, 'ipset');
      return;
    case 'GeoMatchStatement':
    case 'LabelMatchStatement':
      return;
    case 'AsnMatchStatement':
      throw notImplemented('wafv2', c.operation, 'AsnMatchStatement (no ASN database)');
    case 'AndStatement':
    case 'OrStatement': {
      const list = (s.AndStatement ?? s.OrStatement)!.Statements;
      if (list.length < 2) throw invalidParameter(kind === 'AndStatement' ? 'AND_STATEMENT' : 'OR_STATEMENT', 'Statements', 'The statement needs at least two nested statements.');
      for (const x of list) checkStatement(c, x, false);
      return;
    }
    case 'NotStatement':
      checkStatement(c, s.NotStatement!.Statement, false);
      return;
    case 'RateBasedStatement': {
      const r = s.RateBasedStatement!;
      if (!top) throw invalidParameter('RATE_BASED_STATEMENT', 'RateBasedStatement', 'A rate-based statement cannot be nested.');
      if (r.EvaluationWindowSec !== undefined && ![60, 120, 300, 600].includes(r.EvaluationWindowSec)) throw invalidParameter('RATE_BASED_STATEMENT', String(r.EvaluationWindowSec), REASON.window);
      if (r.AggregateKeyType === 'CUSTOM_KEYS' && (r.CustomKeys ?? []).length === 0) throw invalidParameter('CUSTOM_KEYS', 'CustomKeys', REASON.exactlyOne);
      if (r.AggregateKeyType === 'FORWARDED_IP' && !r.ForwardedIPConfig) throw invalidParameter('FORWARDED_IP_CONFIG', 'ForwardedIPConfig', REASON.exactlyOne);
      for (const k of r.CustomKeys ?? []) {
        exactlyOne(k, 'CUSTOM_KEYS', 'CustomKey');
        if (k.ASN) throw notImplemented('wafv2', c.operation, 'rate-based custom key ASN');
      }
      if (r.ScopeDownStatement) checkStatement(c, r.ScopeDownStatement, false);
      return;
    }
    case 'RuleGroupReferenceStatement':
      if (!top || c.inRuleGroup) throw invalidParameter('RULE_GROUP_REFERENCE_STATEMENT', 'RuleGroupReferenceStatement', 'A rule group reference statement cannot be nested.');
      referenced(c, s.RuleGroupReferenceStatement!.ARN, 'rulegroup');
      return;
    case 'ManagedRuleGroupStatement': {
      const m = s.ManagedRuleGroupStatement!;
      if (!top || c.inRuleGroup) throw invalidParameter('MANAGED_RULE_SET_STATEMENT', 'ManagedRuleGroupStatement', 'A managed rule group statement cannot be nested.');
      if (m.VendorName === 'AWS' && UNRUN_AWS_GROUPS.includes(m.Name)) throw notImplemented('wafv2', c.operation, `managed rule group ${m.Name}`);
      if (!managedGroup(m.VendorName, m.Name)) throw invalidParameter('MANAGED_RULE_SET_STATEMENT', m.Name, REASON.managedGroup);
      if (m.ManagedRuleGroupConfigs && m.ManagedRuleGroupConfigs.length > 0) throw notImplemented('wafv2', c.operation, 'ManagedRuleGroupConfigs');
      if (m.ScopeDownStatement) checkStatement(c, m.ScopeDownStatement, false);
      return;
    }
    default:
      throw invalidParameter('STATEMENT', kind, REASON.invalidValue);
  }
}

export function checkRules(c: RuleCheckContext, rules: readonly Rule[]): void {
  const names = new Set<string>();
  const priorities = new Set<number>();
  for (const r of rules) {
    if (names.has(r.Name)) throw invalidParameter('RULE', r.Name, REASON.duplicateName);
    if (priorities.has(r.Priority)) throw invalidParameter('RULE', r.Name, REASON.duplicatePriority);
    names.add(r.Name);
    priorities.add(r.Priority);
    const group = r.Statement.RuleGroupReferenceStatement !== undefined || r.Statement.ManagedRuleGroupStatement !== undefined;
    if (group ? r.Action !== undefined || r.OverrideAction === undefined : r.OverrideAction !== undefined || r.Action === undefined) {
      throw invalidParameter(group ? 'OVERRIDE_ACTION' : 'RULE_ACTION', r.Name, REASON.ruleAction);
    }
    if (r.Action) checkAction(c, r.Action, r.Name);
    if (r.OverrideAction) exactlyOne(r.OverrideAction, 'OVERRIDE_ACTION', r.Name);
    checkStatement(c, r.Statement, true);
    for (const o of r.Statement.RuleGroupReferenceStatement?.RuleActionOverrides ?? r.Statement.ManagedRuleGroupStatement?.RuleActionOverrides ?? []) checkAction(c, o.ActionToUse, o.Name);
  }
}

export function checkDefaultAction(c: RuleCheckContext, a: { Allow?: object; Block?: { CustomResponse?: { CustomResponseBodyKey?: string } } }): void {
  exactlyOne(a, 'DEFAULT_ACTION', 'DefaultAction');
  const key = a.Block?.CustomResponse?.CustomResponseBodyKey;
  if (key !== undefined && c.bodies?.[key] === undefined) throw invalidParameter('CUSTOM_RESPONSE_BODY', key, REASON.unknownBodyKey);
}

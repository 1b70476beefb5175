// Web ACL capacity units (WCUs) per statement, as the AWS WAF developer guide lists them for each rule statement
// ("Rule statements list", each statement's "WCUs" line); rule groups and managed groups count their capacity.
import type { FieldToMatch, Rule, Statement, TextTransformation } from '../../generated/wafv2/api.js';

/** The default web ACL allowance, and the most a web ACL or rule group may use ("AWS WAF quotas"). */
export const WEB_ACL_BASE_WCU = 1500;
export const MAX_WCU = 5000;

export interface CapacityLookups {
  ruleGroup(arn: string): number | undefined;
  managedGroup(vendor: string, name: string): number | undefined;
}

function transforms(list: readonly TextTransformation[] | undefined): number {
  return 10 * (list ?? []).filter((t) => t.Type !== 'NONE').length;
}

/** Base cost adjusted for the component: All query parameters +10, JSON body doubles the base. */
function component(base: number, f: FieldToMatch): number {
  if (f.JsonBody) return base * 2;
  if (f.AllQueryArguments) return base + 10;
  return base;
}

export function statementWcu(s: Statement, l: CapacityLookups): number {
  if (s.ByteMatchStatement) {
    const b = s.ByteMatchStatement;
    const base = b.PositionalConstraint === 'CONTAINS' || b.PositionalConstraint === 'CONTAINS_WORD' ? 10 : 2;
    return component(base, b.FieldToMatch) + transforms(b.TextTransformations);
  }
  if (s.SqliMatchStatement) {
    const q = s.SqliMatchStatement;
    return component(q.SensitivityLevel === 'HIGH' ? 30 : 20, q.FieldToMatch) + transforms(q.TextTransformations);
  }
  if (s.XssMatchStatement) return component(40, s.XssMatchStatement.FieldToMatch) + transforms(s.XssMatchStatement.TextTransformations);
  if (s.SizeConstraintStatement) return component(1, s.SizeConstraintStatement.FieldToMatch) + transforms(s.SizeConstraintStatement.TextTransformations);
  if (s.RegexMatchStatement) return component(3, s.RegexMatchStatement.FieldToMatch) + transforms(s.RegexMatchStatement.TextTransformations);
  if (s.RegexPatternSetReferenceStatement) {
    const r = s.RegexPatternSetReferenceStatement;
    return component(25, r.FieldToMatch) + transforms(r.TextTransformations);
  }
  if (s.GeoMatchStatement || s.IPSetReferenceStatement || s.LabelMatchStatement || s.AsnMatchStatement) return 1;
  if (s.AndStatement) return s.AndStatement.Statements.reduce((n, x) => n + statementWcu(x, l), 0);
  if (s.OrStatement) return s.OrStatement.Statements.reduce((n, x) => n + statementWcu(x, l), 0);
  if (s.NotStatement) return statementWcu(s.NotStatement.Statement, l);
  if (s.RateBasedStatement) {
    const r = s.RateBasedStatement;
    // 2 for the rule; each custom key with text transformations adds 10 per transformation; plus the scope-down.
    let n = 2;
    for (const k of r.CustomKeys ?? []) {
      const inner = k.Header ?? k.Cookie ?? k.QueryArgument ?? k.QueryString ?? k.UriPath;
      if (inner) n += transforms(inner.TextTransformations);
    }
    return n + (r.ScopeDownStatement ? statementWcu(r.ScopeDownStatement, l) : 0);
  }
  if (s.RuleGroupReferenceStatement) return l.ruleGroup(s.RuleGroupReferenceStatement.ARN) ?? 0;
  if (s.ManagedRuleGroupStatement) {
    const m = s.ManagedRuleGroupStatement;
    return (l.managedGroup(m.VendorName, m.Name) ?? 0) + (m.ScopeDownStatement ? statementWcu(m.ScopeDownStatement, l) : 0);
  }
  return 0;
}

export function rulesWcu(rules: readonly Rule[], l: CapacityLookups): number {
  return rules.reduce((n, r) => n + statementWcu(r.Statement, l), 0);
}

// Rule statements against one request (RequestView): string, regex, size, SQLi/XSS, geo, IP set, label matches
// and their And/Or/Not combinations. Rate-based and rule group statements are the rule runner's (inspect.ts).
import type { ForwardedIPConfig, Statement, TextTransformation } from '../../generated/wafv2/api.js';
import { extract, type RequestView } from './fields.js';
import type { GeoLookup } from './geo-lookup.js';
import { parseIp, type CidrSet } from './ip.js';
import { compileRegex, type CompiledRegex } from './regex.js';
import { detectSqli } from './sqli.js';
import { transform } from './transforms.js';
import { detectXss } from './xss.js';

export interface StatementContext {
  geo: GeoLookup;
  ipSet(arn: string): { set: CidrSet; } | undefined;
  regexSet(arn: string): CompiledRegex[] | undefined;
  /** Labels added so far in this evaluation (fully qualified). */
  labels: Set<string>;
}

function anyValue(view: RequestView, field: Parameters<typeof extract>[1], t: readonly TextTransformation[], test: (v: string) => boolean): boolean {
  const values = extract(view, field);
  if (values === 'MATCH') return true;
  if (values === 'NO_MATCH') return false;
  for (const v of values) if (test(transform(v, t))) return true;
  return false;
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function byteMatch(value: string, search: string, pos: string): boolean {
  switch (pos) {
    case 'EXACTLY':
      return value === search;
    case 'STARTS_WITH':
      return value.startsWith(search);
    case 'ENDS_WITH':
      return value.endsWith(search);
    case 'CONTAINS':
      return value.includes(search);
    default: {
      // CONTAINS_WORD: the string bounded by non-word characters or the value's ends.
      let at = value.indexOf(search);
      while (at >= 0) {
        const before = at === 0 || !isWord(value.charCodeAt(at - 1));
        const end = at + search.length;
        const after = end === value.length || !isWord(value.charCodeAt(end));
        if (before && after) return true;
        at = value.indexOf(search, at + 1);
      }
      return false;
    }
  }
}

/** The client address a statement reads: the socket peer, or a forwarded header's first address. */
export function clientAddress(view: RequestView, cfg: ForwardedIPConfig | undefined, position: 'FIRST' | 'LAST' | 'ANY' = 'FIRST'): string[] | 'MATCH' | 'NO_MATCH' {
  if (!cfg) return [view.req.clientIp];
  const header = view.header(cfg.HeaderName)[0];
  const list = header === undefined ? [] : header.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0 || list.some((a) => parseIp(a) === undefined)) return cfg.FallbackBehavior;
  if (position === 'ANY') return list;
  return [position === 'LAST' ? list[list.length - 1]! : list[0]!];
}

export function evalStatement(s: Statement, view: RequestView, c: StatementContext): boolean {
  if (s.ByteMatchStatement) {
    const b = s.ByteMatchStatement;
    const search = Buffer.isBuffer(b.SearchString) ? b.SearchString.toString('utf8') : Buffer.from(b.SearchString).toString('utf8');
    return anyValue(view, b.FieldToMatch, b.TextTransformations, (v) => byteMatch(v, search, b.PositionalConstraint));
  }
  if (s.SqliMatchStatement) {
    const q = s.SqliMatchStatement;
    return anyValue(view, q.FieldToMatch, q.TextTransformations, (v) => detectSqli(v, q.SensitivityLevel ?? 'LOW') !== undefined);
  }
  if (s.XssMatchStatement) return anyValue(view, s.XssMatchStatement.FieldToMatch, s.XssMatchStatement.TextTransformations, (v) => detectXss(v) !== undefined);
  if (s.RegexMatchStatement) {
    const r = s.RegexMatchStatement;
    const re = compileRegex(r.RegexString);
    return anyValue(view, r.FieldToMatch, r.TextTransformations, (v) => re.test(v));
  }
  if (s.RegexPatternSetReferenceStatement) {
    const r = s.RegexPatternSetReferenceStatement;
    const set = c.regexSet(r.ARN) ?? [];
    return anyValue(view, r.FieldToMatch, r.TextTransformations, (v) => set.some((re) => re.test(v)));
  }
  if (s.SizeConstraintStatement) {
    const z = s.SizeConstraintStatement;
    return anyValue(view, z.FieldToMatch, z.TextTransformations, (v) => {
      const n = z.FieldToMatch.Body && z.TextTransformations.every((t) => t.Type === 'NONE') ? view.bodySize : Buffer.byteLength(v);
      switch (z.ComparisonOperator) {
        case 'EQ': return n === z.Size;
        case 'NE': return n !== z.Size;
        case 'LE': return n <= z.Size;
        case 'LT': return n < z.Size;
        case 'GE': return n >= z.Size;
        default: return n > z.Size;
      }
    });
  }
  if (s.GeoMatchStatement) {
    const g = s.GeoMatchStatement;
    const addrs = clientAddress(view, g.ForwardedIPConfig);
    if (addrs === 'MATCH' || addrs === 'NO_MATCH') return addrs === 'MATCH';
    const country = c.geo.countryOf(addrs[0]!);
    if (country !== undefined) c.labels.add(`awswaf:clientip:geo:country:${country}`);
    return country !== undefined && (g.CountryCodes ?? []).includes(country as never);
  }
  if (s.IPSetReferenceStatement) {
    const r = s.IPSetReferenceStatement;
    const set = c.ipSet(r.ARN);
    if (!set) return false;
    const addrs = clientAddress(view, r.IPSetForwardedIPConfig, r.IPSetForwardedIPConfig?.Position);
    if (addrs === 'MATCH' || addrs === 'NO_MATCH') return addrs === 'MATCH';
    return addrs.some((a) => set.set.lookup(parseIp(a)) !== undefined);
  }
  if (s.LabelMatchStatement) {
    const { Key, Scope } = s.LabelMatchStatement;
    for (const l of c.labels) {
      if (Scope === 'NAMESPACE' ? l.startsWith(Key.endsWith(':') ? Key : `${Key}:`) || l.includes(`:${Key.endsWith(':') ? Key : `${Key}:`}`) : l === Key || l.endsWith(`:${Key}`)) return true;
    }
    return false;
  }
  if (s.AndStatement) return s.AndStatement.Statements.every((x) => evalStatement(x, view, c));
  if (s.OrStatement) return s.OrStatement.Statements.some((x) => evalStatement(x, view, c));
  if (s.NotStatement) return !evalStatement(s.NotStatement.Statement, view, c);
  // AsnMatchStatement is refused when stored; rate-based and group statements never reach here.
  return false;
}

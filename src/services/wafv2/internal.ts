// WAFv2's in-process API for the data planes (CloudFront's edge, the ALB proxy): evaluate(resourceArn, request) →
// verdict, recording samples and per-minute counts; webAclForResource(arn) for lookups. Compiled IP and regex sets
// are cached by ARN and LockToken, so a request costs map lookups, not SQLite reads.
import type { IPSet, RegexPatternSet, RuleGroup, WebACL } from '../../generated/wafv2/api.js';
import type { GeoLookup } from '../../net/waf/geo-lookup.js';
import { inspect, type InspectContext } from '../../net/waf/inspect.js';
import { CidrSet, parseCidr } from '../../net/waf/ip.js';
import { compileRegex, type CompiledRegex } from '../../net/waf/regex.js';
import type { Verdict, WafRequest } from '../../net/waf/types.js';
import type { Wafv2Context } from './context.js';

/** Body inspection limits ("Managing body inspection size limits"): ALB 8 KB; CloudFront 16 KB unless raised. */
export const ALB_BODY_LIMIT = 8 * 1024;
export const CLOUDFRONT_BODY_LIMIT = 16 * 1024;

export interface WafInternal {
  /** The web ACL protecting `resourceArn` (an ALB ARN associated here, or a web ACL ARN a distribution names). */
  webAclForResource(resourceArn: string): WebACL | undefined;
  /** Judges a request for `resourceArn`: undefined when no web ACL protects it (forward as is). */
  evaluate(resourceArn: string, request: WafRequest): Verdict | undefined;
}

export function createWafInternal(c: Wafv2Context, geo: GeoLookup, ipLists: ReadonlyMap<string, CidrSet>): WafInternal {
  // Everything a request needs is compiled once and kept until the next write to WAF's tables (EntityStore.version):
  // a judged request costs map lookups, never a SQLite read or a JSON parse.
  let seen = -1;
  const assoc = new Map<string, string | undefined>();
  const acls = new Map<string, { acl: WebACL; account: string; scope: string } | undefined>();
  const ipSets = new Map<string, { set: CidrSet } | undefined>();
  const regexSets = new Map<string, CompiledRegex[] | undefined>();
  const groups = new Map<string, RuleGroup | undefined>();
  const fresh = (): void => {
    if (c.entities.version === seen) return;
    seen = c.entities.version;
    assoc.clear();
    acls.clear();
    ipSets.clear();
    regexSets.clear();
    groups.clear();
  };
  const cached = <T>(m: Map<string, T>, key: string, make: () => T): T => {
    if (m.has(key)) return m.get(key)!;
    const v = make();
    m.set(key, v);
    return v;
  };

  const acl = (arn: string) =>
    cached(acls, arn, () => {
      const e = c.entities.byArn<WebACL>(arn);
      return e && e.kind === 'webacl' ? { acl: e.body, account: e.account, scope: e.scope } : undefined;
    });

  const resolveAclArn = (resourceArn: string): string | undefined =>
    resourceArn.includes(':wafv2:') ? resourceArn : cached(assoc, resourceArn, () => c.entities.association(resourceArn));

  const lookups = {
    ipSet: (arn: string) =>
      cached(ipSets, arn, () => {
        const e = c.entities.byArn<IPSet>(arn);
        if (!e) return undefined;
        const set = new CidrSet();
        for (const a of e.body.Addresses) {
          const p = parseCidr(a);
          if (p) set.add(p, true);
        }
        return { set };
      }),
    regexSet: (arn: string) =>
      cached(regexSets, arn, () => {
        const e = c.entities.byArn<RegexPatternSet>(arn);
        return e ? (e.body.RegularExpressionList ?? []).map((r) => compileRegex(r.RegexString ?? '')) : undefined;
      }),
    ruleGroup: (arn: string) => cached(groups, arn, () => c.entities.byArn<RuleGroup>(arn)?.body),
  };

  const ctxFor = (aclArn: string, account: string, scope: string, a: WebACL): InspectContext => ({
    now: c.clock.now(),
    bodyLimit: scope === 'CLOUDFRONT' ? cloudfrontLimit(a) : ALB_BODY_LIMIT,
    account,
    aclArn,
    geo,
    ipLists,
    traffic: c.traffic,
    ...lookups,
  });

  return {
    webAclForResource(resourceArn) {
      fresh();
      const arn = resolveAclArn(resourceArn);
      return arn === undefined ? undefined : acl(arn)?.acl;
    },
    evaluate(resourceArn, request) {
      fresh();
      const arn = resolveAclArn(resourceArn);
      if (arn === undefined) return undefined;
      const found = acl(arn);
      if (!found) return undefined;
      const ictx = ctxFor(arn, found.account, found.scope, found.acl);
      const verdict = inspect(request, found.acl, ictx);
      record(c, arn, found.acl, request, verdict, ictx.now);
      return verdict;
    },
  };
}

function cloudfrontLimit(a: WebACL): number {
  const kb = a.AssociationConfig?.RequestBody?.['CLOUDFRONT']?.DefaultSizeInspectionLimit;
  return kb === undefined ? CLOUDFRONT_BODY_LIMIT : Number(kb.slice(3)) * 1024;
}

/** Samples and per-minute counts for each rule that matched and for the web ACL itself (its metric name). */
function record(c: Wafv2Context, aclArn: string, acl: WebACL, req: WafRequest, v: Verdict, now: number): void {
  const sample = (action: Verdict['action'] | 'COUNT', ruleWithinGroup: string | undefined) => ({
    at: now,
    clientIp: req.clientIp,
    uri: req.query === '' ? req.path : `${req.path}?${req.query}`,
    method: req.method,
    httpVersion: req.httpVersion ?? 'HTTP/1.1',
    headers: req.headers.slice(0, 50).map(([Name, Value]) => ({ Name, Value })),
    action,
    ruleWithinGroup,
    labels: v.labels,
    insertedHeaders: v.insertHeaders,
    responseCode: v.response?.status,
  });
  for (const h of v.hits) {
    c.traffic.count(aclArn, h.metricName, h.action, now);
    if (h.sampled) c.traffic.addSample(aclArn, h.metricName, sample(h.action, h.ruleWithinGroup));
  }
  const aclMetric = acl.VisibilityConfig.MetricName;
  c.traffic.count(aclArn, aclMetric, v.action, now);
  if (acl.VisibilityConfig.SampledRequestsEnabled) c.traffic.addSample(aclArn, aclMetric, sample(v.action, v.terminatingRuleWithinGroup));
}

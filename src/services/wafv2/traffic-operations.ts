// GetSampledRequests and GetRateBasedStatementManagedKeys, read from the evaluator's traffic state: samples of the
// last 3 hours (TimeWindow clipped to it), and the addresses a rate-based rule limits right now.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/wafv2/api.js';
import { modeledError } from '../../generated/wafv2/errors.js';
import { parseIp } from '../../net/waf/ip.js';
import { SAMPLE_RETENTION_MS } from '../../net/waf/traffic.js';
import type { Wafv2Context } from './context.js';
import { invalidParameter, nonexistent, REASON } from './errors.js';
import { checkScope, parseEntityArn } from './scope.js';
import { compact } from '../../net/waf/compact.js';
import { requireEntity } from './set-operations.js';

export function getSampledRequests(c: Wafv2Context, ctx: RequestContext, input: api.GetSampledRequestsRequest): api.GetSampledRequestsResponse {
  checkScope(ctx, input.Scope);
  const p = parseEntityArn(input.WebAclArn);
  if (!p || p.kind !== 'webacl') throw invalidParameter('RESOURCE_ARN', input.WebAclArn, REASON.arn);
  const e = c.entities.byArn(input.WebAclArn);
  if (!e || e.account !== ctx.account || e.region !== ctx.region) throw nonexistent();
  const now = c.clock.now();
  // The window may reach back at most 3 hours; AWS answers the window it used.
  const start = Math.max(input.TimeWindow.StartTime.getTime(), now - SAMPLE_RETENTION_MS);
  const end = Math.min(input.TimeWindow.EndTime.getTime(), now);
  const all = c.traffic.samplesIn(e.arn, input.RuleMetricName, start, end);
  const picked = all.slice(0, input.MaxItems);
  return {
    SampledRequests: picked.map((s) => compact({
      Request: compact({ ClientIP: s.clientIp, Country: s.country, URI: s.uri, Method: s.method, HTTPVersion: s.httpVersion, Headers: s.headers }),
      Weight: 1,
      Timestamp: new Date(s.at),
      Action: s.action,
      RuleNameWithinRuleGroup: s.ruleWithinGroup,
      RequestHeadersInserted: s.insertedHeaders.length > 0 ? s.insertedHeaders : undefined,
      ResponseCodeSent: s.responseCode,
      Labels: s.labels.map((Name) => ({ Name })),
    })),
    PopulationSize: all.length,
    TimeWindow: { StartTime: new Date(start), EndTime: new Date(end) },
  };
}

export function getRateBasedStatementManagedKeys(c: Wafv2Context, ctx: RequestContext, input: api.GetRateBasedStatementManagedKeysRequest): api.GetRateBasedStatementManagedKeysResponse {
  const scope = checkScope(ctx, input.Scope);
  const e = requireEntity<api.WebACL>(c, ctx, 'webacl', scope, input.WebACLName, input.WebACLId);
  const rule = (e.body.Rules ?? []).find((r) => r.Name === input.RuleName);
  let statement: api.RateBasedStatement | undefined;
  let ruleKey = input.RuleName;
  if (input.RuleGroupRuleName !== undefined) {
    const ref = rule?.Statement.RuleGroupReferenceStatement;
    const group = ref ? c.entities.byArn<api.RuleGroup>(ref.ARN)?.body : undefined;
    statement = group?.Rules?.find((r) => r.Name === input.RuleGroupRuleName)?.Statement.RateBasedStatement;
    ruleKey = `${input.RuleName}/${input.RuleGroupRuleName}`;
  } else statement = rule?.Statement.RateBasedStatement;
  if (!statement) throw nonexistent();
  if (statement.AggregateKeyType !== 'IP' && statement.AggregateKeyType !== 'FORWARDED_IP') {
    throw modeledError('WAFUnsupportedAggregateKeyTypeException', "The rule that you've named doesn't aggregate solely on the IP address or solely on the forwarded IP address. This call is only available for rate-based rules with an AggregateKeyType setting of IP or FORWARDED_IP.");
  }
  const keys = c.traffic.existingRateRule(e.arn, ruleKey)?.limitedKeys(c.clock.now()) ?? [];
  const v4: string[] = [];
  const v6: string[] = [];
  for (const k of keys) {
    const ip = parseIp(k);
    if (!ip) continue;
    if (ip.v6) v6.push(`${k}/128`);
    else v4.push(`${k}/32`);
  }
  return { ManagedKeysIPV4: { IPAddressVersion: 'IPV4', Addresses: v4 }, ManagedKeysIPV6: { IPAddressVersion: 'IPV6', Addresses: v6 } };
}

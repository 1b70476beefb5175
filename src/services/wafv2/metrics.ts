// AWS/WAFV2 metrics, once a minute through CloudWatch's publish(): Allowed/Blocked/Counted/Captcha/ChallengeRequests
// per rule (Rule = its MetricName) and per web ACL (Rule = ALL), WebACL = the web ACL's MetricName, plus Region for
// regional web ACLs ("AWS WAF metrics and dimensions"); only where VisibilityConfig.CloudWatchMetricsEnabled.
import type { WebACL } from '../../generated/wafv2/api.js';
import type { Action } from '../../net/waf/types.js';
import type { PublishedMetric } from '../cloudwatch/publish.js';
import type { Wafv2Context } from './context.js';

export const WAF_METRICS_INTERVAL_MS = 60_000;

const METRIC: Record<Action, string> = { ALLOW: 'AllowedRequests', BLOCK: 'BlockedRequests', COUNT: 'CountedRequests', CAPTCHA: 'CaptchaRequests', CHALLENGE: 'ChallengeRequests' };

export interface WafMetricBatch {
  scope: { account: string; region: string };
  metrics: PublishedMetric[];
}

/** The closed minutes' counts as metric batches per account and region; they leave the traffic state. */
export function wafMetricBatches(c: Wafv2Context, now: number): WafMetricBatch[] {
  const batches = new Map<string, WafMetricBatch>();
  const acls = new Map<string, WebACL | undefined>();
  for (const row of c.traffic.drainMinutesBefore(Math.floor(now / 60_000))) {
    const m = /^arn:aws:wafv2:([^:]+):(\d{12}):(global|regional)\/webacl\//.exec(row.aclArn);
    if (!m) continue;
    if (!acls.has(row.aclArn)) acls.set(row.aclArn, c.entities.byArn<WebACL>(row.aclArn)?.body);
    const acl = acls.get(row.aclArn);
    if (!acl) continue;
    const own = row.metric === acl.VisibilityConfig.MetricName;
    const rule = own ? undefined : acl.Rules?.find((r) => r.VisibilityConfig.MetricName === row.metric);
    if (!(rule ?? acl).VisibilityConfig.CloudWatchMetricsEnabled) continue;
    const dims = [{ Name: 'WebACL', Value: acl.VisibilityConfig.MetricName }, { Name: 'Rule', Value: own ? 'ALL' : row.metric }];
    if (m[3] === 'regional') dims.push({ Name: 'Region', Value: m[1]! });
    const key = `${m[2]}|${m[1]}`;
    let b = batches.get(key);
    if (!b) batches.set(key, (b = { scope: { account: m[2]!, region: m[1]! }, metrics: [] }));
    b.metrics.push({ MetricName: METRIC[row.action], Dimensions: dims, Value: row.count, Unit: 'Count', Timestamp: row.minute * 60_000 });
  }
  return [...batches.values()];
}

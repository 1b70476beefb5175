// Lifecycle rules as S3 applies them: configuration validation, which rules cover an object (prefix, tags, size),
// when a version or upload expires (days round up to the next midnight UTC), and the x-amz-expiration header text.
import { AwsError } from '../../../core/aws-error.js';
import { validateTransitions } from './lifecycle-transitions.js';
import type { LifecycleRule } from '../../../generated/s3/api.js';
import type { Tag } from '../objects/object-store.js';
import { malformedXml } from '../s3-errors.js';

const DAY = 86_400_000;

/**
 * A day count must be an integer the schema allows (1.5, abc, 10^29 are MalformedXML) and positive (S3:
 * InvalidArgument "'Days' for Expiration action must be a positive integer").
 */
function requirePositiveDays(value: number | undefined, member: string, action: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) throw malformedXml();
  if (value <= 0) {
    throw new AwsError('InvalidArgument', `'${member}' for ${action} action must be a positive integer`, {
      status: 400, fields: { ArgumentName: member, ArgumentValue: String(value) },
    });
  }
}

/** Whether a stored rule could have been accepted: the lifecycle runner never applies one that could not. */
export function isValidRule(rule: LifecycleRule): boolean {
  try {
    validateLifecycleRules([rule]);
    return true;
  } catch {
    return false;
  }
}

/** test_s3.snapshot.json TestS3BucketLifecycle::test_put_bucket_lifecycle_conf_exc */
export function validateLifecycleRules(rules: readonly LifecycleRule[]): void {
  if (rules.length === 0 || rules.length > 1000) throw malformedXml();
  for (const rule of rules) {
    const status: string = rule.Status;
    if (status !== 'Enabled' && status !== 'Disabled') throw malformedXml();
    if (rule.Filter === undefined && rule.Prefix === undefined) throw malformedXml();
    if (rule.Filter !== undefined && rule.Prefix !== undefined) throw malformedXml();
    // A Filter takes one of Prefix, Tag, the size bounds or And: Prefix and Tag together need And (issue 25).
    if (rule.Filter?.Prefix !== undefined && rule.Filter.Tag !== undefined) throw malformedXml();
    const and = rule.Filter?.And;
    if (and !== undefined && (rule.Filter?.Prefix !== undefined || rule.Filter?.Tag !== undefined)) throw malformedXml();
    const keys = (and?.Tags ?? []).map((t) => t.Key);
    if (new Set(keys).size !== keys.length) throw new AwsError('InvalidRequest', 'Duplicate Tag Keys are not allowed.', { status: 400 });
    const e = rule.Expiration;
    if (e?.ExpiredObjectDeleteMarker !== undefined && (e.Days !== undefined || e.Date !== undefined)) throw malformedXml();
    requirePositiveDays(e?.Days, 'Days', 'Expiration');
    requirePositiveDays(rule.NoncurrentVersionExpiration?.NoncurrentDays, 'NoncurrentDays', 'NoncurrentVersionExpiration');
    requirePositiveDays(rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation, 'DaysAfterInitiation', 'AbortIncompleteMultipartUpload');
    // The codec leaves a timestamp it cannot read as text: not a date the schema allows.
    if (e?.Date !== undefined && !(e.Date instanceof Date && Number.isFinite(e.Date.getTime()))) throw malformedXml();
    if (e?.Date !== undefined && e.Date.getTime() % DAY !== 0) {
      throw new AwsError('InvalidArgument', "'Date' must be at midnight GMT", {
        status: 400, fields: { ArgumentName: 'Date', ArgumentValue: e.Date.toISOString() },
      });
    }
    if (rule.NoncurrentVersionExpiration !== undefined && rule.NoncurrentVersionExpiration.NoncurrentDays === undefined) throw malformedXml();
    validateTransitions(rule);
  }
}

export interface LifecycleSubject {
  key: string;
  size: number;
  tags: readonly Tag[];
}

/** Whether an enabled rule's filter covers the object. */
export function ruleApplies(rule: LifecycleRule, o: LifecycleSubject): boolean {
  if (rule.Status !== 'Enabled') return false;
  const f = rule.Filter;
  const prefix = rule.Prefix ?? f?.Prefix ?? f?.And?.Prefix ?? '';
  if (!o.key.startsWith(prefix)) return false;
  const tags = f?.Tag ? [f.Tag] : (f?.And?.Tags ?? []);
  if (!tags.every((t) => o.tags.some((x) => x.Key === t.Key && x.Value === t.Value))) return false;
  const gt = f?.ObjectSizeGreaterThan ?? f?.And?.ObjectSizeGreaterThan;
  const lt = f?.ObjectSizeLessThan ?? f?.And?.ObjectSizeLessThan;
  return (gt === undefined || o.size > gt) && (lt === undefined || o.size < lt);
}

/** `time + days`, rounded up to the following midnight UTC (S3 user guide, "Lifecycle rules: based on an object's age"). */
export function afterDays(time: number, days: number): number {
  return Math.ceil((time + days * DAY) / DAY) * DAY;
}

/** When the current version expires under the rules, and which rule decides (the earliest). */
export function currentExpiry(rules: readonly LifecycleRule[], o: LifecycleSubject & { lastModified: number }): { at: number; ruleId: string } | undefined {
  let best: { at: number; ruleId: string } | undefined;
  for (const rule of rules) {
    if (!ruleApplies(rule, o)) continue;
    const e = rule.Expiration;
    const at = e?.Days !== undefined ? afterDays(o.lastModified, e.Days) : e?.Date?.getTime();
    if (at !== undefined && (best === undefined || at < best.at)) best = { at, ruleId: rule.ID ?? '' };
  }
  return best;
}

/** When a version that became noncurrent at `since` expires, or undefined if no rule says so. */
export function noncurrentExpiry(rules: readonly LifecycleRule[], o: LifecycleSubject, since: number, newerNoncurrent: number): number | undefined {
  let best: number | undefined;
  for (const rule of rules) {
    const n = rule.NoncurrentVersionExpiration;
    if (!ruleApplies(rule, o) || n?.NoncurrentDays === undefined) continue;
    if (n.NewerNoncurrentVersions !== undefined && newerNoncurrent < n.NewerNoncurrentVersions) continue;
    const at = afterDays(since, n.NoncurrentDays);
    if (best === undefined || at < best) best = at;
  }
  return best;
}

/** Whether a lone delete marker (no older versions) is removed. */
export function removesLoneDeleteMarker(rules: readonly LifecycleRule[], key: string): boolean {
  return rules.some((r) => r.Expiration?.ExpiredObjectDeleteMarker === true && ruleApplies(r, { key, size: 0, tags: [] }));
}

/** When an incomplete multipart upload is aborted, if a rule says so. */
export function uploadAbortAt(rules: readonly LifecycleRule[], key: string, initiated: number): number | undefined {
  let best: number | undefined;
  for (const rule of rules) {
    const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
    if (days === undefined || !ruleApplies(rule, { key, size: 0, tags: [] })) continue;
    const at = afterDays(initiated, days);
    if (best === undefined || at < best) best = at;
  }
  return best;
}

/** x-amz-expiration: `expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule"`. */
export function expirationHeader(expiry: { at: number; ruleId: string } | undefined): string | undefined {
  return expiry === undefined ? undefined : `expiry-date="${new Date(expiry.at).toUTCString()}", rule-id="${expiry.ruleId}"`;
}

// Lifecycle transitions: validation of Transition / NoncurrentVersionTransition as S3 refuses them, and the storage
// class a version has reached by a given time (classes only move down the S3 waterfall, never back up).
import { AwsError } from '../../../core/aws-error.js';
import type { LifecycleRule } from '../../../generated/s3/api.js';
import { malformedXml } from '../s3-errors.js';
import { afterDays, ruleApplies, type LifecycleSubject } from './lifecycle.js';

/**
 * The waterfall order (S3 user guide, "Transitioning objects using Amazon S3 Lifecycle": supported transitions):
 * a version only moves to a class further down.
 */
const RANK: Readonly<Record<string, number>> = {
  STANDARD: 0, REDUCED_REDUNDANCY: 0, INTELLIGENT_TIERING: 1, STANDARD_IA: 2, ONEZONE_IA: 3, GLACIER_IR: 4, GLACIER: 5, DEEP_ARCHIVE: 6,
};

/** TransitionStorageClass in the model. */
const TARGETS: ReadonlySet<string> = new Set(['GLACIER', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR']);
/** S3 keeps objects 30 days in STANDARD before the infrequent-access classes accept them. */
const THIRTY_DAY_MINIMUM: ReadonlySet<string> = new Set(['STANDARD_IA', 'ONEZONE_IA']);

function invalidArgument(message: string, name: string, value: string): AwsError {
  return new AwsError('InvalidArgument', message, { status: 400, fields: { ArgumentName: name, ArgumentValue: value } });
}

function requireDays(value: number | undefined, member: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) throw malformedXml();
  if (value < 0) throw invalidArgument(`'${member}' in Transition action must be nonnegative`, member, String(value));
}

/** S3's refusals for transitions (S3 API reference, PutBucketLifecycleConfiguration; user guide, transition constraints). */
export function validateTransitions(rule: LifecycleRule): void {
  for (const t of rule.Transitions ?? []) {
    if (t.StorageClass === undefined || !TARGETS.has(t.StorageClass)) throw malformedXml();
    if ((t.Days === undefined) === (t.Date === undefined)) throw malformedXml();
    requireDays(t.Days, 'Days');
    if (t.Date !== undefined && !(t.Date instanceof Date && Number.isFinite(t.Date.getTime()))) throw malformedXml();
    if (t.Days !== undefined && t.Days < 30 && THIRTY_DAY_MINIMUM.has(t.StorageClass)) {
      throw invalidArgument(`'Days' in Transition action must be greater than or equal to 30 for storageClass '${t.StorageClass}'`, 'Days', String(t.Days));
    }
  }
  for (const t of rule.NoncurrentVersionTransitions ?? []) {
    if (t.StorageClass === undefined || !TARGETS.has(t.StorageClass)) throw malformedXml();
    if (t.NoncurrentDays === undefined) throw malformedXml();
    requireDays(t.NoncurrentDays, 'NoncurrentDays');
    if (t.NoncurrentDays < 30 && THIRTY_DAY_MINIMUM.has(t.StorageClass)) {
      throw invalidArgument(`'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 for storageClass '${t.StorageClass}'`,
        'NoncurrentDays', String(t.NoncurrentDays));
    }
  }
  const days = (rule.Transitions ?? []).map((t) => t.Days).filter((d): d is number => d !== undefined);
  const expiry = rule.Expiration?.Days;
  if (expiry !== undefined && days.some((d) => d >= expiry)) {
    throw invalidArgument("'Days' in the Expiration action for filter must be greater than 'Days' in the Transition action", 'Days', String(expiry));
  }
}

function rank(storageClass: string | undefined): number {
  return RANK[storageClass ?? 'STANDARD'] ?? 0;
}

/** The class a current version has reached at `now`, or undefined when no transition moves it further down. */
export function currentTransition(rules: readonly LifecycleRule[], o: LifecycleSubject & { lastModified: number; storageClass: string | undefined }, now: number): string | undefined {
  let target: string | undefined;
  for (const rule of rules) {
    if (!ruleApplies(rule, o)) continue;
    for (const t of rule.Transitions ?? []) {
      const at = t.Days !== undefined ? afterDays(o.lastModified, t.Days) : t.Date?.getTime();
      if (at === undefined || at > now || t.StorageClass === undefined) continue;
      if (rank(t.StorageClass) > rank(target ?? o.storageClass)) target = t.StorageClass;
    }
  }
  return target;
}

/** The class a noncurrent version (noncurrent since `since`, with `newer` noncurrent versions above it) has reached. */
export function noncurrentTransition(rules: readonly LifecycleRule[], o: LifecycleSubject & { storageClass: string | undefined }, since: number,
  newer: number, now: number): string | undefined {
  let target: string | undefined;
  for (const rule of rules) {
    if (!ruleApplies(rule, o)) continue;
    for (const t of rule.NoncurrentVersionTransitions ?? []) {
      if (t.NoncurrentDays === undefined || t.StorageClass === undefined) continue;
      if (t.NewerNoncurrentVersions !== undefined && newer < t.NewerNoncurrentVersions) continue;
      if (afterDays(since, t.NoncurrentDays) > now) continue;
      if (rank(t.StorageClass) > rank(target ?? o.storageClass)) target = t.StorageClass;
    }
  }
  return target;
}

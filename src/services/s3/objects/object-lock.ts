// Object Lock rules, pure: which retention a new version gets (x-amz-object-lock-* headers or the bucket's default
// retention), whether a version may be deleted, and whether a retention may be replaced. Codes from test_s3.snapshot.json.
import { AwsError } from '../../../core/aws-error.js';
import type { ObjectLockConfiguration } from '../../../generated/s3/api.js';
import { malformedXml } from '../s3-errors.js';
import type { ObjectMeta } from './object-store.js';

export type LockMode = 'GOVERNANCE' | 'COMPLIANCE';
const MODES: ReadonlySet<string> = new Set(['GOVERNANCE', 'COMPLIANCE']);
const DAY_MS = 86_400_000;

/** The lock a version carries, as stored in its metadata. */
export interface VersionLock {
  lockMode?: LockMode;
  /** Retain-until, epoch ms. */
  lockUntil?: number;
  legalHold?: 'ON' | 'OFF';
}

export interface LockHeaders {
  ObjectLockMode?: string | undefined;
  ObjectLockRetainUntilDate?: Date | undefined;
  ObjectLockLegalHoldStatus?: string | undefined;
}

/** TestS3ObjectLockRetention::test_s3_object_lock_mode_validation / test_s3_object_retention_exc. */
export function objectLockProtected(): AwsError {
  return new AwsError('AccessDenied', 'Access Denied because object protected by object lock.', { status: 403 });
}

export function missingLockConfiguration(): AwsError {
  return new AwsError('InvalidRequest', 'Bucket is missing Object Lock Configuration', { status: 400 });
}

export function noObjectLockConfiguration(): AwsError {
  return new AwsError('NoSuchObjectLockConfiguration', 'The specified object does not have a ObjectLock configuration', { status: 404 });
}

function bothSupplied(argument: string): AwsError {
  return new AwsError('InvalidArgument', 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied', {
    status: 400, fields: { ArgumentName: argument },
  });
}

/**
 * The lock a new version gets: explicit headers win (mode and date together, test_s3_object_lock_mode_validation),
 * else the bucket's DefaultRetention counted from `now` (test_bucket_config_default_retention). Throws on bad headers.
 */
export function lockForNewVersion(input: LockHeaders, lockEnabled: boolean, config: ObjectLockConfiguration | undefined, now: number): VersionLock {
  const { ObjectLockMode: mode, ObjectLockRetainUntilDate: until, ObjectLockLegalHoldStatus: hold } = input;
  const any = mode !== undefined || until !== undefined || hold !== undefined;
  if (any && !lockEnabled) throw missingLockConfiguration();
  if (mode !== undefined && !MODES.has(mode)) {
    throw new AwsError('InvalidArgument', 'Unknown wormMode directive.', { status: 400, fields: { ArgumentName: 'x-amz-object-lock-mode', ArgumentValue: mode } });
  }
  if (mode !== undefined && until === undefined) throw bothSupplied('x-amz-object-lock-retain-until-date');
  if (until !== undefined && mode === undefined) throw bothSupplied('x-amz-object-lock-mode');
  if (hold !== undefined && hold !== 'ON' && hold !== 'OFF') {
    throw new AwsError('InvalidArgument', 'Legal Hold must be either of \'ON\' or \'OFF\'', {
      status: 400, fields: { ArgumentName: 'x-amz-object-lock-legal-hold', ArgumentValue: hold },
    });
  }
  const lock: VersionLock = {};
  if (mode !== undefined && until !== undefined) {
    if (until.getTime() <= now) throw retainDateInPast(until);
    lock.lockMode = mode as LockMode;
    lock.lockUntil = until.getTime();
  } else if (lockEnabled) {
    const d = config?.Rule?.DefaultRetention;
    if (d?.Mode !== undefined) {
      const days = d.Days ?? (d.Years ?? 0) * 365;
      lock.lockMode = d.Mode;
      lock.lockUntil = now + days * DAY_MS;
    }
  }
  if (hold !== undefined) lock.legalHold = hold;
  return lock;
}

/** test_s3_object_retention_exc update-retention-past-date (S3 prints the date the Java way). */
export function retainDateInPast(until: Date): AwsError {
  return new AwsError('InvalidArgument', 'The retain until date must be in the future!', {
    status: 400, fields: { ArgumentName: 'RetainUntilDate', ArgumentValue: javaDate(until) },
  });
}

function javaDate(d: Date): string {
  const [wd, mon, day, year] = d.toUTCString().replace(',', '').split(' ');
  return `${wd} ${mon} ${day} ${d.toISOString().slice(11, 19)} UTC ${year}`;
}

/** Whether a version may be permanently deleted: a legal hold blocks always, COMPLIANCE until its date, GOVERNANCE unless bypassed. */
export function checkDeletable(meta: VersionLock, bypassGovernance: boolean, now: number): void {
  if (meta.legalHold === 'ON') throw objectLockProtected();
  if (meta.lockUntil === undefined || meta.lockUntil <= now) return;
  if (meta.lockMode === 'COMPLIANCE' || !bypassGovernance) throw objectLockProtected();
}

/**
 * Whether an active retention may be replaced: extending (same or stricter mode, later or equal date) always may;
 * shortening, removing or weakening GOVERNANCE needs the bypass header; COMPLIANCE never (test_s3_object_retention_compliance_mode).
 */
export function checkRetentionChange(current: VersionLock, next: { mode?: LockMode; until?: number }, bypassGovernance: boolean, now: number): void {
  if (current.lockUntil === undefined || current.lockUntil <= now) return;
  const extends_ = next.until !== undefined && next.until >= current.lockUntil
    && (next.mode === current.lockMode || next.mode === 'COMPLIANCE');
  if (extends_) return;
  if (current.lockMode === 'COMPLIANCE' || !bypassGovernance) throw objectLockProtected();
}

/** A Retention body: Mode and RetainUntilDate together or neither (an empty Retention removes it). */
export function parseRetention(r: { Mode?: string | undefined; RetainUntilDate?: Date | undefined } | undefined, now: number): { mode?: LockMode; until?: number } {
  if (r === undefined || (r.Mode === undefined && r.RetainUntilDate === undefined)) return {};
  if (r.Mode === undefined || r.RetainUntilDate === undefined || !MODES.has(r.Mode)) throw malformedXml();
  if (r.RetainUntilDate.getTime() <= now) throw retainDateInPast(r.RetainUntilDate);
  return { mode: r.Mode as LockMode, until: r.RetainUntilDate.getTime() };
}

/**
 * PutObjectLockConfiguration's document: ObjectLockEnabled required; a Rule needs DefaultRetention with a valid Mode and
 * exactly one positive Days or Years (test_s3_api.snapshot.json TestS3ObjectLock::test_put_object_lock_configuration_exc).
 */
export function validateLockConfiguration(c: ObjectLockConfiguration): void {
  if (c.ObjectLockEnabled !== 'Enabled') throw malformedXml();
  if (c.Rule === undefined) return;
  const d = c.Rule.DefaultRetention;
  if (d === undefined || d.Mode === undefined || !MODES.has(d.Mode)) throw malformedXml();
  if ((d.Days === undefined) === (d.Years === undefined)) throw malformedXml();
  const n = d.Days ?? d.Years ?? 0;
  if (!Number.isInteger(n) || n <= 0) {
    throw new AwsError('InvalidArgument', 'Default retention period must be a positive integer value.', { status: 400 });
  }
}

/** Copies a lock onto stored metadata (dropping unset parts). */
export function withLock(meta: ObjectMeta, lock: VersionLock): ObjectMeta {
  const m: ObjectMeta = { ...meta };
  if (lock.lockMode !== undefined) m.lockMode = lock.lockMode;
  if (lock.lockUntil !== undefined) m.lockUntil = lock.lockUntil;
  if (lock.legalHold !== undefined) m.legalHold = lock.legalHold;
  return m;
}

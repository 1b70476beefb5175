// Object Lock on versions: Put/GetObjectRetention and Put/GetObjectLegalHold, stored in the version's metadata and
// enforced by object-lock.ts. Codes and messages: test_s3.snapshot.json TestS3ObjectLockRetention / TestS3ObjectLockLegalHold.
import type { RequestContext } from '../../../core/request-context.js';
import type {
  GetObjectLegalHoldOutput, GetObjectLegalHoldRequest, GetObjectRetentionOutput, GetObjectRetentionRequest,
  PutObjectLegalHoldOutput, PutObjectLegalHoldRequest, PutObjectRetentionOutput, PutObjectRetentionRequest,
} from '../../../generated/s3/api.js';
import type { BucketRow } from '../buckets/bucket-store.js';
import { malformedXml } from '../s3-errors.js';
import type { S3State } from '../s3-state.js';
import { checkRetentionChange, missingLockConfiguration, noObjectLockConfiguration, parseRetention } from './object-lock.js';
import type { ObjectRow } from './object-store.js';
import { resolveVersion } from './object-view.js';

function lockedBucket(s: S3State, name: string): BucketRow {
  const bucket = s.requireBucket(name);
  if (!bucket.objectLock) throw missingLockConfiguration();
  return bucket;
}

function target(s: S3State, input: { Bucket: string; Key: string; VersionId?: string | undefined }, method: string): { bucket: BucketRow; row: ObjectRow } {
  const bucket = lockedBucket(s, input.Bucket);
  return { bucket, row: resolveVersion(s, bucket, input.Key, input.VersionId, method) };
}

export function putObjectRetention(s: S3State, _ctx: RequestContext, input: PutObjectRetentionRequest): PutObjectRetentionOutput {
  s.store.transaction(() => {
    const { bucket, row } = target(s, input, 'PUT');
    const now = s.exactNow();
    const next = parseRetention(input.Retention, now);
    checkRetentionChange(row.meta, next, input.BypassGovernanceRetention === true, now);
    const meta = { ...row.meta };
    delete meta.lockMode;
    delete meta.lockUntil;
    if (next.mode !== undefined && next.until !== undefined) {
      meta.lockMode = next.mode;
      meta.lockUntil = next.until;
    }
    s.objects.updateMeta(bucket.name, row.key, row.versionId, meta);
  });
  return {};
}

export function getObjectRetention(s: S3State, _ctx: RequestContext, input: GetObjectRetentionRequest): GetObjectRetentionOutput {
  const { row } = target(s, input, 'GET');
  if (row.meta.lockMode === undefined || row.meta.lockUntil === undefined) throw noObjectLockConfiguration();
  return { Retention: { Mode: row.meta.lockMode, RetainUntilDate: new Date(row.meta.lockUntil) } };
}

/** Status ON or OFF; a body without one is MalformedXML (test_put_object_legal_hold_exc put-object-retention-empty). */
export function putObjectLegalHold(s: S3State, _ctx: RequestContext, input: PutObjectLegalHoldRequest): PutObjectLegalHoldOutput {
  s.store.transaction(() => {
    const { bucket, row } = target(s, input, 'PUT');
    const status: string | undefined = input.LegalHold?.Status;
    if (status !== 'ON' && status !== 'OFF') throw malformedXml();
    s.objects.updateMeta(bucket.name, row.key, row.versionId, { ...row.meta, legalHold: status });
  });
  return {};
}

export function getObjectLegalHold(s: S3State, _ctx: RequestContext, input: GetObjectLegalHoldRequest): GetObjectLegalHoldOutput {
  const { row } = target(s, input, 'GET');
  if (row.meta.legalHold === undefined) throw noObjectLockConfiguration();
  return { LegalHold: { Status: row.meta.legalHold } };
}

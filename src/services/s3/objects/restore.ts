// Archive restore: GLACIER and DEEP_ARCHIVE versions are readable only while a restored copy exists. RestoreObject
// starts a restore that completes KUMO_S3_RESTORE_SECONDS later on the runtime clock and expires Days after that.
import { AwsError, notImplemented } from '../../../core/aws-error.js';
import type { RequestContext } from '../../../core/request-context.js';
import type { RestoreObjectOutput, RestoreObjectRequest } from '../../../generated/s3/api.js';
import { malformedXml } from '../s3-errors.js';
import type { S3State } from '../s3-state.js';
import type { ObjectMeta } from './object-store.js';
import { resolveVersion } from './object-view.js';

/** Storage classes whose objects must be restored before GET or CopyObject (S3 user guide, "Working with archived objects"). */
export const ARCHIVED: ReadonlySet<string> = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export interface RestoreState {
  /** When the restored copy is ready (epoch ms). */
  readyAt: number;
  /** When the restored copy goes away (epoch ms, a midnight UTC). */
  expiresAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** S3 adds Days to the time the restore completes and rounds up to the next midnight UTC (RestoreObject API reference). */
export function restoreExpiry(readyAt: number, days: number): number {
  return Math.ceil((readyAt + days * DAY_MS) / DAY_MS) * DAY_MS;
}

export function isArchived(meta: ObjectMeta): boolean {
  return meta.storageClass !== undefined && ARCHIVED.has(meta.storageClass);
}

/** An archived version can be read while its restored copy is ready and not yet expired. */
export function isReadable(meta: ObjectMeta, now: number): boolean {
  if (!isArchived(meta)) return true;
  const r = meta.restore;
  return r !== undefined && r.readyAt <= now && now < r.expiresAt;
}

/** The x-amz-restore header: `ongoing-request="true"`, or `ongoing-request="false", expiry-date="<RFC 1123>"`. */
export function restoreHeader(meta: ObjectMeta, now: number): string | undefined {
  const r = meta.restore;
  if (r === undefined || now >= r.expiresAt) return undefined;
  if (now < r.readyAt) return 'ongoing-request="true"';
  return `ongoing-request="false", expiry-date="${new Date(r.expiresAt).toUTCString()}"`;
}

/** GET of an archived version without a restored copy (test_s3.snapshot.json get-object-invalid-state). */
export function invalidObjectState(storageClass: string): AwsError {
  return new AwsError('InvalidObjectState', "The operation is not valid for the object's storage class", { status: 403, fields: { StorageClass: storageClass } });
}

/** RestoreObject answers 202 for a restore it starts and 200 when it only moves the expiry of a restored copy. */
export const RESTORE_STATUS = '$restoreStatus';

export function restoreObject(s: S3State, _ctx: RequestContext, input: RestoreObjectRequest): RestoreObjectOutput {
  const request = input.RestoreRequest ?? {};
  if (request.Type === 'SELECT' || request.SelectParameters !== undefined || request.OutputLocation !== undefined) {
    throw notImplemented('s3', 'RestoreObject', 'S3 Select restores (Type SELECT, OutputLocation)');
  }
  const days = request.Days;
  if (days === undefined) throw malformedXml();
  if (!Number.isInteger(days) || days < 1) throw new AwsError('InvalidArgument', 'Days must be a positive integer', { status: 400, fields: { ArgumentName: 'Days', ArgumentValue: String(days) } });
  let status = 202;
  s.store.transaction(() => {
    const bucket = s.requireBucket(input.Bucket);
    const row = resolveVersion(s, bucket, input.Key, input.VersionId, 'POST');
    if (!isArchived(row.meta)) {
      // S3 API reference, RestoreObject: only archived storage classes can be restored.
      throw new AwsError('InvalidObjectState', "Restore is not allowed for the object's current storage class", { status: 403 });
    }
    const now = s.exactNow();
    const current = row.meta.restore;
    if (current !== undefined && now < current.readyAt) {
      throw new AwsError('RestoreAlreadyInProgress', 'Object restore is already in progress', { status: 409 });
    }
    let next: RestoreState;
    if (current !== undefined && now < current.expiresAt) {
      // Already restored: only the expiry moves, counted from now (S3 answers 200 OK).
      next = { readyAt: current.readyAt, expiresAt: restoreExpiry(now, days) };
      status = 200;
    } else {
      const readyAt = now + s.restoreSeconds * 1000;
      next = { readyAt, expiresAt: restoreExpiry(readyAt, days) };
    }
    s.objects.updateMeta(bucket.name, row.key, row.versionId, { ...row.meta, restore: next });
  });
  return { [RESTORE_STATUS]: status } as RestoreObjectOutput;
}

// Turns stored object versions into the header-shaped members GetObject/HeadObject/PutObject return, and resolves which
// version a read names (latest, a version id, delete markers → NoSuchKey/MethodNotAllowed with S3's headers).
import { safeOverride } from './header-values.js';
import { AwsError } from '../../../core/aws-error.js';
import type { HeadObjectOutput } from '../../../generated/s3/api.js';
import type { BucketRow } from '../buckets/bucket-store.js';
import type { ObjectMeta, ObjectRow, StoredChecksum } from './object-store.js';
import { invalidArgument, noSuchKey, noSuchVersion } from '../s3-errors.js';
import type { S3State } from '../s3-state.js';
import { exposesVersionIds, NULL_VERSION, requireWellFormedVersionId } from '../buckets/versioning.js';

export type ChecksumMembers = Partial<Record<'ChecksumCRC32' | 'ChecksumCRC32C' | 'ChecksumCRC64NVME' | 'ChecksumSHA1' | 'ChecksumSHA256', string>> & {
  ChecksumType?: 'COMPOSITE' | 'FULL_OBJECT';
};

export function checksumMembers(c: StoredChecksum | undefined): ChecksumMembers {
  if (!c) return {};
  return { [`Checksum${c.algorithm}`]: c.value, ChecksumType: c.type };
}

/**
 * The version a GET/HEAD/tagging call addresses. Unversioned buckets accept only VersionId "null"
 * (test_s3_api TestS3ObjectCRUD::test_get_object_with_version_unversioned_bucket); a delete marker answers NoSuchKey
 * when latest and 405 MethodNotAllowed when named (test_delete_object_versioned get-delete-marker).
 */
export function resolveVersion(s: S3State, bucket: BucketRow, key: string, versionId: string | undefined, method: string): ObjectRow {
  if (versionId === undefined) {
    const row = s.objects.latest(bucket.name, key);
    if (!row) throw noSuchKey(key);
    if (row.isDeleteMarker) {
      const e = noSuchKey(key);
      Object.assign(e.headers, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.versionId });
      throw e;
    }
    return row;
  }
  requireWellFormedVersionId(versionId);
  if (bucket.versioning === '' && versionId !== NULL_VERSION) {
    throw new AwsError('InvalidArgument', 'Invalid version id specified', { status: 400, fields: { ArgumentName: 'versionId', ArgumentValue: versionId } });
  }
  const row = s.objects.version(bucket.name, key, versionId);
  if (!row) throw noSuchVersion(key, versionId);
  if (row.isDeleteMarker) throw deleteMarkerNotAllowed(row, method);
  return row;
}

/** 405 for a method a delete marker does not support (test_s3 test_delete_object_versioned get-delete-marker). */
export function deleteMarkerNotAllowed(row: ObjectRow, method: string): AwsError {
  return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    status: 405,
    fields: { Method: method, ResourceType: 'DeleteMarker' },
    headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.versionId, Allow: 'DELETE' },
  });
}

/** The members GetObject and HeadObject share; checksums only with ChecksumMode ENABLED and a whole-object read. */
export function objectHeaders(bucket: BucketRow, row: ObjectRow, withChecksum: boolean): HeadObjectOutput {
  const m: ObjectMeta = row.meta;
  const out: HeadObjectOutput = {
    AcceptRanges: 'bytes',
    LastModified: new Date(row.lastModified),
    ContentLength: row.size,
    ETag: row.etag,
    ContentType: m.contentType ?? 'binary/octet-stream',
    Metadata: m.metadata ?? {},
    ServerSideEncryption: (m.serverSideEncryption ?? 'AES256') as NonNullable<HeadObjectOutput['ServerSideEncryption']>,
  };
  if (m.contentEncoding !== undefined) out.ContentEncoding = m.contentEncoding;
  if (m.contentDisposition !== undefined) out.ContentDisposition = m.contentDisposition;
  if (m.contentLanguage !== undefined) out.ContentLanguage = m.contentLanguage;
  if (m.cacheControl !== undefined) out.CacheControl = m.cacheControl;
  if (m.expires !== undefined) out.Expires = m.expires;
  if (m.websiteRedirectLocation !== undefined) out.WebsiteRedirectLocation = m.websiteRedirectLocation;
  if (m.sseKmsKeyId !== undefined) out.SSEKMSKeyId = m.sseKmsKeyId;
  if (m.bucketKeyEnabled !== undefined) out.BucketKeyEnabled = m.bucketKeyEnabled;
  if (m.storageClass !== undefined && m.storageClass !== 'STANDARD') out.StorageClass = m.storageClass as NonNullable<HeadObjectOutput['StorageClass']>;
  if (exposesVersionIds(bucket.versioning)) out.VersionId = row.versionId;
  // test_s3.snapshot.json TestS3ObjectLockRetention head-object-locked, TestS3ObjectLockLegalHold head-object-ver1-no-lock.
  if (m.lockMode !== undefined && m.lockUntil !== undefined) {
    out.ObjectLockMode = m.lockMode;
    out.ObjectLockRetainUntilDate = new Date(m.lockUntil);
  }
  if (m.legalHold !== undefined) out.ObjectLockLegalHoldStatus = m.legalHold;
  if (withChecksum) Object.assign(out, checksumMembers(m.checksum));
  return out;
}

/** Content-* overrides GetObject takes as response-* query parameters. */
export interface ResponseOverrides {
  ResponseCacheControl?: string | undefined;
  ResponseContentDisposition?: string | undefined;
  ResponseContentEncoding?: string | undefined;
  ResponseContentLanguage?: string | undefined;
  ResponseContentType?: string | undefined;
  ResponseExpires?: Date | undefined;
}

/** The overrides become response headers: checked and encoded (header-values.ts) so that none can break the answer. */
export function applyOverrides(out: HeadObjectOutput, o: ResponseOverrides): void {
  if (o.ResponseCacheControl !== undefined) out.CacheControl = safeOverride('response-cache-control', o.ResponseCacheControl);
  if (o.ResponseContentDisposition !== undefined) out.ContentDisposition = safeOverride('response-content-disposition', o.ResponseContentDisposition);
  if (o.ResponseContentEncoding !== undefined) out.ContentEncoding = safeOverride('response-content-encoding', o.ResponseContentEncoding);
  if (o.ResponseContentLanguage !== undefined) out.ContentLanguage = safeOverride('response-content-language', o.ResponseContentLanguage);
  if (o.ResponseContentType !== undefined) out.ContentType = safeOverride('response-content-type', o.ResponseContentType);
  if (o.ResponseExpires !== undefined) {
    // The codec leaves a timestamp it cannot read as text.
    const expires: unknown = o.ResponseExpires;
    if (!(expires instanceof Date) || !Number.isFinite(expires.getTime())) throw invalidArgument('Invalid response-expires value.', 'response-expires', String(expires));
    out.Expires = expires.toUTCString();
  }
}

/** User metadata keys are case-insensitive; S3 stores and returns them lower-cased. */
export function normalizeMetadata(metadata: Record<string, string> | undefined): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v]));
}

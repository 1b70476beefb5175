// Object operations on the current state: PutObject (blob first, then one metadata transaction), GetObject/HeadObject
// (versions, conditionals, ranges, part numbers), DeleteObject and DeleteObjects (delete markers per versioning state).
import type { RequestContext } from '../../../core/request-context.js';
import type {
  DeleteObjectOutput, DeleteObjectRequest, DeleteObjectsOutput, DeleteObjectsRequest, DeletedObject, ErrorShape,
  GetObjectOutput, GetObjectRequest, HeadObjectOutput, HeadObjectRequest, PutObjectOutput, PutObjectRequest,
} from '../../../generated/s3/api.js';
import { AwsError, notImplemented } from '../../../core/aws-error.js';
import { checkReadConditions, checkWriteConditions, validateWriteConditions } from './conditionals.js';
import { quotedEtag } from './etag.js';
import { ingestBody, INLINE_LIMIT, MAX_SINGLE_PUT } from '../integrity/ingest.js';
import { openObject } from './object-read.js';
import type { BucketRow } from '../buckets/bucket-store.js';
import type { ObjectMeta, ObjectRow } from './object-store.js';
import { applyOverrides, checksumMembers, normalizeMetadata, objectHeaders, resolveVersion } from './object-view.js';
import { requirePartNumber } from '../multipart/multipart-rules.js';
import { invalidObjectState, isReadable, restoreHeader } from './restore.js';
import { contentRange, resolveRange, type ByteRange } from './range.js';
import { entityTooLarge, invalidArgument, invalidPartNumber, malformedXml } from '../s3-errors.js';
import { canonicalUserId, requireKeyLength, type S3State } from '../s3-state.js';
import { parseTaggingHeader } from '../buckets/tagging.js';
import { grantsFromHeaders, hasGrantHeaders, type GrantHeaders } from '../buckets/grant-headers.js';
import type { ObjectLockConfiguration } from '../../../generated/s3/api.js';
import { checkDeletable, lockForNewVersion, withLock, type LockHeaders, type VersionLock } from './object-lock.js';
import { deleteWithoutVersion, replacesNullVersion, requireWellFormedVersionId, versionIdForWrite, NULL_VERSION } from '../buckets/versioning.js';

/** The metadata PutObject/CreateMultipartUpload/CopyObject (REPLACE) take from request members. */
export function metaFromInput(ctx: RequestContext, input: {
  ContentType?: string | undefined; ContentEncoding?: string | undefined; ContentDisposition?: string | undefined;
  ContentLanguage?: string | undefined; CacheControl?: string | undefined; Expires?: string | undefined;
  WebsiteRedirectLocation?: string | undefined; Metadata?: Record<string, string> | undefined; StorageClass?: string | undefined;
  ServerSideEncryption?: string | undefined; SSEKMSKeyId?: string | undefined; BucketKeyEnabled?: boolean | undefined;
}): ObjectMeta {
  const m: ObjectMeta = { owner: ctx.account };
  if (input.ContentType !== undefined) m.contentType = input.ContentType;
  // aws-chunked is transfer framing, not a stored content coding.
  const encoding = input.ContentEncoding?.split(',').map((e) => e.trim()).filter((e) => e !== '' && e !== 'aws-chunked').join(', ');
  if (encoding) m.contentEncoding = encoding;
  if (input.ContentDisposition !== undefined) m.contentDisposition = input.ContentDisposition;
  if (input.ContentLanguage !== undefined) m.contentLanguage = input.ContentLanguage;
  if (input.CacheControl !== undefined) m.cacheControl = input.CacheControl;
  if (input.Expires !== undefined) m.expires = input.Expires;
  if (input.WebsiteRedirectLocation !== undefined) m.websiteRedirectLocation = input.WebsiteRedirectLocation;
  const metadata = normalizeMetadata(input.Metadata);
  if (metadata !== undefined) m.metadata = metadata;
  if (input.StorageClass !== undefined) m.storageClass = requireStorageClass(input.StorageClass);
  if (input.ServerSideEncryption !== undefined) m.serverSideEncryption = requireSseAlgorithm(input.ServerSideEncryption);
  if (input.SSEKMSKeyId !== undefined) m.sseKmsKeyId = kmsKeyArn(ctx, input.SSEKMSKeyId);
  if (input.BucketKeyEnabled !== undefined) m.bucketKeyEnabled = input.BucketKeyEnabled;
  return m;
}

/**
 * S3 echoes an SSE-KMS key as its ARN in the caller's region and account (test_s3.snapshot.json
 * test_s3_multipart_upload_sse: "arn:…:kms:<region>:111111111111:key/<id>"). No key is used: kumo records and echoes.
 */
export function kmsKeyArn(ctx: RequestContext, keyId: string): string {
  if (keyId.startsWith('arn:')) return keyId;
  const resource = keyId.startsWith('alias/') ? keyId : `key/${keyId}`;
  return `arn:aws:kms:${ctx.region}:${ctx.account}:${resource}`;
}

/** The SSE members PutObject, CopyObject and the multipart operations answer for a version's metadata. */
export function sseMembers(m: ObjectMeta): { ServerSideEncryption: NonNullable<PutObjectOutput['ServerSideEncryption']>; SSEKMSKeyId?: string; BucketKeyEnabled?: boolean } {
  const out: { ServerSideEncryption: NonNullable<PutObjectOutput['ServerSideEncryption']>; SSEKMSKeyId?: string; BucketKeyEnabled?: boolean } = {
    ServerSideEncryption: (m.serverSideEncryption ?? 'AES256') as NonNullable<PutObjectOutput['ServerSideEncryption']>,
  };
  if (m.sseKmsKeyId !== undefined) out.SSEKMSKeyId = m.sseKmsKeyId;
  if (m.bucketKeyEnabled !== undefined) out.BucketKeyEnabled = m.bucketKeyEnabled;
  return out;
}

/** The model's StorageClass enum; OUTPOSTS belongs to S3 on Outposts and general purpose buckets refuse it. */
const STORAGE_CLASSES: ReadonlySet<string> = new Set([
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR',
  'SNOW', 'EXPRESS_ONEZONE', 'FSX_OPENZFS', 'FSX_ONTAP',
]);

/** test_s3.snapshot.json TestS3::test_put_object_storage_class_outposts put-object-outposts / create-multipart-outposts-exc. */
export function requireStorageClass(value: string): string {
  if (!STORAGE_CLASSES.has(value)) {
    throw new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', { status: 400, fields: { StorageClassRequested: value } });
  }
  return value;
}

/** The model's ServerSideEncryption enum. */
const SSE_ALGORITHMS: ReadonlySet<string> = new Set(['AES256', 'aws:fsx', 'aws:kms', 'aws:kms:dsse']);

/**
 * x-amz-server-side-encryption outside the model's enum. No recording covers it; the wording is S3's documented
 * InvalidArgument for an unsupported encryption method, naming the header as the argument.
 */
export function requireSseAlgorithm(value: string): string {
  if (!SSE_ALGORITHMS.has(value)) throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', value);
  return value;
}

/**
 * Validates the write options of a new version and returns the Object Lock it gets (headers or the bucket's default
 * retention, objects/object-lock.ts); options kumo does not model yet fail loudly rather than being dropped.
 */
export function rejectUnsupportedWriteOptions(s: S3State, bucket: BucketRow, operation: string, input: LockHeaders & GrantHeaders & {
  ACL?: string | undefined;
}): VersionLock {
  const lock = lockForNewVersion(input, bucket.objectLock,
    bucket.objectLock ? s.buckets.getConfig<ObjectLockConfiguration>(bucket.name, 'object-lock') : undefined, s.exactNow());
  if (hasGrantHeaders(input)) {
    if (input.ACL !== undefined) throw new AwsError('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', { status: 400 });
    if (bucketOwnerEnforced(s, bucket)) throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', { status: 400 });
    if (operation !== 'PutObject') throw notImplemented('s3', operation, 'x-amz-grant-* headers');
  }
  if (input.ACL !== undefined && input.ACL !== 'private' && input.ACL !== 'bucket-owner-full-control') {
    if (bucketOwnerEnforced(s, bucket)) {
      // S3 user guide, "Controlling ownership of objects": ACLs are disabled under BucketOwnerEnforced.
      throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', { status: 400 });
    }
    throw notImplemented('s3', operation, `canned ACL ${input.ACL}`);
  }
  return lock;
}

function bucketOwnerEnforced(s: S3State, bucket: BucketRow): boolean {
  return s.buckets.getConfig<{ Rules?: Array<{ ObjectOwnership?: string }> }>(bucket.name, 'ownership')?.Rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced';
}

export async function putObject(s: S3State, ctx: RequestContext, input: PutObjectRequest): Promise<PutObjectOutput> {
  validateWriteConditions(input.IfMatch, input.IfNoneMatch);
  requireKeyLength(input.Key);
  if (input.SSECustomerAlgorithm !== undefined) throw notImplemented('s3', 'PutObject', 'SSE-C');
  if (input.ContentLength !== undefined && input.ContentLength > MAX_SINGLE_PUT && input.ContentEncoding?.includes('aws-chunked') !== true) {
    throw entityTooLarge(input.ContentLength, MAX_SINGLE_PUT);
  }
  const target = s.requireBucket(input.Bucket);
  const lock = rejectUnsupportedWriteOptions(s, target, 'PutObject', input);
  const meta = withLock(metaFromInput(ctx, input), lock);
  if (input.Tagging !== undefined) meta.tags = parseTaggingHeader(input.Tagging);
  const grants = grantsFromHeaders(input);
  if (grants !== undefined) meta.grants = grants;
  const body = await ingestBody(s.blobs, input.Body, {
    contentMd5: input.ContentMD5, checksums: input, contentEncoding: input.ContentEncoding, maxSize: MAX_SINGLE_PUT,
    defaultAlgorithm: 'CRC64NVME', inlineLimit: INLINE_LIMIT, expectedDigestHex: true,
  });
  meta.checksum = { algorithm: body.algorithm, value: body.checksum, type: 'FULL_OBJECT' };
  let removed: ObjectRow[] = [];
  let versionId = NULL_VERSION;
  const conditional = input.IfMatch !== undefined || input.IfNoneMatch !== undefined;
  try {
    s.store.transaction(() => {
      const bucket = s.requireBucket(input.Bucket);
      if (conditional) {
        const current = s.objects.latest(bucket.name, input.Key);
        checkWriteConditions(input.IfMatch, input.IfNoneMatch, input.Key, current && !current.isDeleteMarker ? current : undefined);
      }
      versionId = versionIdForWrite(bucket.versioning);
      removed = s.objects.putVersion({
        bucket: bucket.name, key: input.Key, versionId, isDeleteMarker: false, lastModified: s.now(), size: body.size,
        etag: quotedEtag(body.md5), blobs: body.blob ? [body.blob] : [], inline: body.inline, meta,
      }, replacesNullVersion(bucket.versioning), bucket.versioning === '');
    });
  } catch (e) {
    s.dropBlobs([body.blob]);
    throw e;
  }
  s.dropBlobs(removed.flatMap((r) => r.blobs));
  s.notify(ctx, input.Bucket, 'ObjectCreated:Put', { key: input.Key, size: body.size, etag: quotedEtag(body.md5), versionId });
  const out: PutObjectOutput = { ETag: quotedEtag(body.md5), ...sseMembers(meta), ...checksumMembers(meta.checksum) };
  const expiration = s.expirationOf(input.Bucket, { key: input.Key, size: body.size, lastModified: s.now(), tags: meta.tags });
  if (expiration !== undefined) out.Expiration = expiration;
  if (versionId !== NULL_VERSION) out.VersionId = versionId;
  return out;
}

interface ReadPlan {
  row: ObjectRow;
  out: HeadObjectOutput;
  range: ByteRange | undefined;
}

/** Shared by GET and HEAD: version, conditionals, PartNumber or Range; 206 is signalled by ContentRange. */
function planRead(s: S3State, input: GetObjectRequest | HeadObjectRequest, method: 'GET' | 'HEAD'): ReadPlan {
  if (input.SSECustomerAlgorithm !== undefined) throw notImplemented('s3', method === 'GET' ? 'GetObject' : 'HeadObject', 'SSE-C');
  const bucket = s.requireBucket(input.Bucket);
  const row = resolveVersion(s, bucket, input.Key, input.VersionId, method);
  if (method === 'GET' && !isReadable(row.meta, s.exactNow())) {
    // test_s3.snapshot.json test_put_object_storage_class[GLACIER-False] get-object,
    // TestS3DeepArchive::test_s3_get_deep_archive_object_restore get-object-invalid-state; HEAD still answers.
    throw invalidObjectState(row.meta.storageClass!);
  }
  checkReadConditions({
    ifMatch: input.IfMatch, ifNoneMatch: input.IfNoneMatch, ifModifiedSince: input.IfModifiedSince, ifUnmodifiedSince: input.IfUnmodifiedSince,
  }, { etag: row.etag, lastModified: row.lastModified }, s.exactNow());
  let range: ByteRange | undefined;
  if (input.PartNumber !== undefined) {
    if (input.Range !== undefined) throw new AwsError('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter', { status: 400 });
    range = partRange(row, input.PartNumber);
  } else {
    range = resolveRange(input.Range, row.size);
  }
  const whole = range === undefined || (range.start === 0 && range.end === row.size - 1 && input.PartNumber === undefined);
  const out = objectHeaders(bucket, row, input.ChecksumMode === 'ENABLED' && whole);
  if (range !== undefined) {
    out.ContentRange = contentRange(range, row.size);
    out.ContentLength = range.end - range.start + 1;
  }
  if (row.meta.parts !== undefined && input.PartNumber !== undefined) {
    out.PartsCount = row.meta.parts.length;
    // A part of a COMPOSITE object carries its own checksum (test_s3.snapshot.json get-object-part-checksum).
    const c = row.meta.checksum;
    const partChecksum = row.meta.parts[input.PartNumber - 1]?.checksum;
    if (input.ChecksumMode === 'ENABLED' && c?.type === 'COMPOSITE' && partChecksum !== undefined) {
      Object.assign(out, { [`Checksum${c.algorithm}`]: partChecksum, ChecksumType: 'COMPOSITE' });
    }
  }
  const restore = restoreHeader(row.meta, s.exactNow());
  if (restore !== undefined) out.Restore = restore;
  if (row.meta.tags !== undefined && row.meta.tags.length > 0 && method === 'GET') out.TagCount = row.meta.tags.length;
  applyOverrides(out, input);
  if (input.VersionId === undefined) {
    const expiration = s.expirationOf(input.Bucket, { key: row.key, size: row.size, lastModified: row.lastModified, tags: row.meta.tags });
    if (expiration !== undefined) out.Expiration = expiration;
  }
  return { row, out, range };
}

/** The byte span of part N of a multipart object; a single-part object has only part 1. */
function partRange(row: ObjectRow, partNumber: number): ByteRange | undefined {
  requirePartNumber(partNumber);
  const parts = row.meta.parts ?? [{ size: row.size }];
  if (partNumber > parts.length) throw invalidPartNumber(partNumber, parts.length);
  if (row.meta.parts === undefined) return row.size === 0 ? undefined : { start: 0, end: row.size - 1 };
  let start = 0;
  for (let i = 0; i < partNumber - 1; i++) start += parts[i]!.size;
  return { start, end: start + parts[partNumber - 1]!.size - 1 };
}

export function getObject(s: S3State, _ctx: RequestContext, input: GetObjectRequest): GetObjectOutput {
  const { row, out, range } = planRead(s, input, 'GET');
  // Inline (≤ 16 KiB) bodies go out as one Buffer: no stream to set up and pipe for a small object.
  const body = row.inline !== undefined
    ? (range === undefined ? row.inline : row.inline.subarray(range.start, range.end + 1))
    : openObject(s.blobs, row.blobs, range);
  const result: GetObjectOutput = { ...out, Body: body };
  return result;
}

export function headObject(s: S3State, _ctx: RequestContext, input: HeadObjectRequest): HeadObjectOutput {
  return planRead(s, input, 'HEAD').out;
}

interface DeleteOutcome {
  deleteMarker: boolean;
  versionId: string | undefined;
}

/** One delete inside the caller's transaction; returns what happened and collects blobs to drop after commit. */
function deleteOne(s: S3State, bucketName: string, key: string, versionId: string | undefined, drop: ObjectRow[], strict: boolean,
  bypassGovernance = false): DeleteOutcome {
  const bucket = s.requireBucket(bucketName);
  if (versionId !== undefined) {
    requireWellFormedVersionId(versionId);
    if (bucket.versioning === '' && versionId !== NULL_VERSION) {
      throw new AwsError('InvalidArgument', 'Invalid version id specified', { status: 400, fields: { ArgumentName: 'versionId', ArgumentValue: versionId } });
    }
    // Object Lock: a permanent delete of a protected version is refused (test_s3.snapshot.json delete-obj-locked).
    const existing = bucket.objectLock ? s.objects.version(bucket.name, key, versionId) : undefined;
    if (existing) checkDeletable(existing.meta, bypassGovernance, s.exactNow());
    const removed = s.objects.deleteVersion(bucket.name, key, versionId);
    if (!removed && strict) {
      throw new AwsError('NoSuchVersion', 'The specified version does not exist.', { status: 404, fields: { Key: key, VersionId: versionId } });
    }
    if (removed) drop.push(removed);
    return { deleteMarker: removed?.isDeleteMarker ?? false, versionId };
  }
  const mode = deleteWithoutVersion(bucket.versioning);
  if (mode === 'remove-null') {
    const removed = s.objects.deleteVersion(bucket.name, key, NULL_VERSION);
    if (removed) drop.push(removed);
    return { deleteMarker: false, versionId: undefined };
  }
  const markerId = versionIdForWrite(bucket.versioning);
  drop.push(...s.objects.putVersion({
    bucket: bucket.name, key, versionId: markerId, isDeleteMarker: true, lastModified: s.now(), size: 0, etag: '', blobs: [], inline: undefined,
    meta: { owner: bucket.account },
  }, mode === 'null-marker'));
  return { deleteMarker: true, versionId: markerId };
}

export function deleteObject(s: S3State, ctx: RequestContext, input: DeleteObjectRequest): DeleteObjectOutput {
  if (input.IfMatchLastModifiedTime !== undefined) throw notImplementedHeader('x-amz-if-match-last-modified-time');
  if (input.IfMatchSize !== undefined) throw notImplementedHeader('x-amz-if-match-size');
  const drop: ObjectRow[] = [];
  if (input.BypassGovernanceRetention !== undefined) requireLockedForBypass(s, input.Bucket);
  const outcome = s.store.transaction(() => {
    if (input.IfMatch !== undefined) {
      const current = s.objects.latest(s.requireBucket(input.Bucket).name, input.Key);
      checkWriteConditions(input.IfMatch, undefined, input.Key, current && !current.isDeleteMarker ? current : undefined);
    }
    return deleteOne(s, input.Bucket, input.Key, input.VersionId, drop, false, input.BypassGovernanceRetention === true);
  });
  s.dropBlobs(drop.flatMap((r) => r.blobs));
  if (outcome.deleteMarker && input.VersionId === undefined) {
    s.notify(ctx, input.Bucket, 'ObjectRemoved:DeleteMarkerCreated', { key: input.Key, ...(outcome.versionId ? { versionId: outcome.versionId } : {}) });
  } else if (drop.length > 0) {
    s.notify(ctx, input.Bucket, 'ObjectRemoved:Delete', { key: input.Key, ...(input.VersionId ? { versionId: input.VersionId } : {}) });
  }
  const out: DeleteObjectOutput = {};
  if (outcome.deleteMarker) out.DeleteMarker = true;
  if (outcome.versionId !== undefined) out.VersionId = outcome.versionId;
  return out;
}

/** test_s3_api.snapshot.json TestS3ObjectLock::test_delete_object_with_no_locking: the header needs an Object Lock bucket. */
function requireLockedForBypass(s: S3State, bucket: string): void {
  if (s.requireBucket(bucket).objectLock) return;
  throw invalidArgument('x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.', 'x-amz-bypass-governance-retention', undefined);
}

/** test_s3_api.snapshot.json TestS3DeletePrecondition: these headers are for directory buckets only. */
function notImplementedHeader(header: string): AwsError {
  return new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', { status: 501, fields: { Header: header } });
}

/** DeleteObjects: per-key results; a wrong version id is a per-key NoSuchVersion (TestS3ObjectCRUD::test_delete_objects_versioned). */
export function deleteObjects(s: S3State, ctx: RequestContext, input: DeleteObjectsRequest): DeleteObjectsOutput {
  const objects = input.Delete.Objects ?? [];
  // `<Object/>` without its required Key is a schema violation, like an empty list.
  if (objects.length === 0 || objects.length > 1000 || objects.some((o) => typeof o?.Key !== 'string')) throw malformedXml();
  s.requireBucket(input.Bucket);
  if (input.BypassGovernanceRetention !== undefined) requireLockedForBypass(s, input.Bucket);
  const deleted: DeletedObject[] = [];
  const errors: ErrorShape[] = [];
  const drop: ObjectRow[] = [];
  const events: Array<{ key: string; marker: boolean; versionId: string | undefined }> = [];
  s.store.transaction(() => {
    for (const o of objects) {
      try {
        const before = drop.length;
        const r = deleteOne(s, input.Bucket, o.Key, o.VersionId, drop, true, input.BypassGovernanceRetention === true);
        const d: DeletedObject = { Key: o.Key };
        const marker = r.deleteMarker && o.VersionId === undefined;
        if (marker || drop.length > before) events.push({ key: o.Key, marker, versionId: r.versionId });
        if (o.VersionId !== undefined) d.VersionId = o.VersionId;
        if (r.deleteMarker) {
          d.DeleteMarker = true;
          if (r.versionId !== undefined) d.DeleteMarkerVersionId = r.versionId;
        }
        deleted.push(d);
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        const err: ErrorShape = { Key: o.Key, Code: e.code, Message: e.message };
        if (o.VersionId !== undefined) err.VersionId = o.VersionId;
        errors.push(err);
      }
    }
  });
  s.dropBlobs(drop.flatMap((r) => r.blobs));
  for (const e of events) {
    s.notify(ctx, input.Bucket, e.marker ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete',
      { key: e.key, ...(e.versionId ? { versionId: e.versionId } : {}) });
  }
  const out: DeleteObjectsOutput = {};
  if (input.Delete.Quiet !== true && deleted.length > 0) out.Deleted = deleted;
  if (errors.length > 0) out.Errors = errors;
  return out;
}

export { canonicalUserId };

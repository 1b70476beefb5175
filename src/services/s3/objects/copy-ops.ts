// CopyObject and the copy-source plumbing UploadPartCopy shares: parse x-amz-copy-source, check its preconditions,
// and stream the source bytes (or a range of them) into a new blob with fresh MD5 and checksum.
import type { RequestContext } from '../../../core/request-context.js';
import type { CopyObjectOutput, CopyObjectRequest } from '../../../generated/s3/api.js';
import { notImplemented } from '../../../core/aws-error.js';
import type { ChecksumAlgorithm } from '../integrity/checksums.js';
import { checkCopySourceConditions, checkWriteConditions, validateWriteConditions } from './conditionals.js';
import { quotedEtag } from './etag.js';
import { ingestBody, INLINE_LIMIT, MAX_SINGLE_PUT, type Ingested } from '../integrity/ingest.js';
import { openObject } from './object-read.js';
import type { ObjectMeta, ObjectRow } from './object-store.js';
import { withLock } from './object-lock.js';
import { isReadable } from './restore.js';
import { AwsError } from '../../../core/aws-error.js';
import { kmsKeyArn, metaFromInput, rejectUnsupportedWriteOptions, sseMembers, requireSseAlgorithm, requireStorageClass } from './object-ops.js';
import { checksumMembers, resolveVersion } from './object-view.js';
import type { ByteRange } from './range.js';
import { invalidArgument, invalidRequest } from '../s3-errors.js';
import { requireKeyLength, type S3State } from '../s3-state.js';
import { parseTaggingHeader } from '../buckets/tagging.js';
import { exposesVersionIds, NULL_VERSION, replacesNullVersion, versionIdForWrite } from '../buckets/versioning.js';

export interface CopySource {
  bucket: string;
  key: string;
  versionId: string | undefined;
}

/** `bucket/key[?versionId=…]`, URL-encoded, optionally with a leading slash (S3 API reference, CopyObject). */
export function parseCopySource(value: string): CopySource {
  const q = value.indexOf('?');
  const path = q < 0 ? value : value.slice(0, q);
  const query = q < 0 ? '' : value.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    decoded = '';
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value);
  }
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

export interface CopySourceConditions {
  CopySourceIfMatch?: string | undefined;
  CopySourceIfNoneMatch?: string | undefined;
  CopySourceIfModifiedSince?: Date | undefined;
  CopySourceIfUnmodifiedSince?: Date | undefined;
}

/** The source version, after its x-amz-copy-source-if-* preconditions. */
export function resolveCopySource(s: S3State, source: CopySource, c: CopySourceConditions): ObjectRow {
  const bucket = s.requireBucket(source.bucket);
  if (source.versionId !== undefined && s.objects.version(bucket.name, source.key, source.versionId)?.isDeleteMarker === true) {
    // test_s3.snapshot.json test_s3_copy_object_src_not_exists copy-object-src-target-delete-marker.
    throw invalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
  }
  const row = resolveVersion(s, bucket, source.key, source.versionId, 'GET');
  checkCopySourceConditions({
    ifMatch: c.CopySourceIfMatch, ifNoneMatch: c.CopySourceIfNoneMatch,
    ifModifiedSince: c.CopySourceIfModifiedSince, ifUnmodifiedSince: c.CopySourceIfUnmodifiedSince,
  }, { etag: row.etag, lastModified: row.lastModified }, s.exactNow());
  if (!isReadable(row.meta, s.exactNow())) {
    // S3 ErrorResponses: ObjectNotInActiveTierError, 403, for a copy source archived and not restored.
    throw new AwsError('ObjectNotInActiveTierError', 'The source object of the COPY operation is not in the active tier and is only stored in Amazon Glacier.', { status: 403 });
  }
  return row;
}

/** Streams the source (or a range) into a new blob, computing MD5 and `algorithm`. */
export function copyBytes(s: S3State, row: ObjectRow, range: ByteRange | undefined, algorithm: ChecksumAlgorithm,
  alsoCompute: readonly ChecksumAlgorithm[] = [], inlineLimit = INLINE_LIMIT): Promise<Ingested> {
  return ingestBody(s.blobs, openObject(s.blobs, row.blobs, range, row.inline), {
    checksums: {}, maxSize: MAX_SINGLE_PUT, defaultAlgorithm: algorithm, raw: true, alsoCompute, inlineLimit,
  });
}

/** x-amz-metadata-directive / x-amz-tagging-directive accept only COPY and REPLACE (S3 API reference, CopyObject). */
function requireDirective(value: string | undefined, kind: 'metadata' | 'tagging'): void {
  if (value !== undefined && value !== 'COPY' && value !== 'REPLACE') {
    throw invalidArgument(`Unknown ${kind} directive.`, `x-amz-${kind}-directive`, value);
  }
}

export async function copyObject(s: S3State, ctx: RequestContext, input: CopyObjectRequest): Promise<CopyObjectOutput> {
  validateWriteConditions(input.IfMatch, input.IfNoneMatch);
  requireKeyLength(input.Key);
  if (input.SSECustomerAlgorithm !== undefined || input.CopySourceSSECustomerAlgorithm !== undefined) {
    throw notImplemented('s3', 'CopyObject', 'SSE-C');
  }
  if (input.StorageClass !== undefined) requireStorageClass(input.StorageClass);
  if (input.ServerSideEncryption !== undefined) requireSseAlgorithm(input.ServerSideEncryption);
  requireDirective(input.MetadataDirective, 'metadata');
  requireDirective(input.TaggingDirective, 'tagging');
  const source = parseCopySource(input.CopySource);
  const sourceBucket = s.requireBucket(source.bucket);
  const lock = rejectUnsupportedWriteOptions(s, s.requireBucket(input.Bucket), 'CopyObject', input);
  const row = resolveCopySource(s, source, input);
  const replace = input.MetadataDirective === 'REPLACE';
  const inPlace = source.bucket === input.Bucket && source.key === input.Key;
  // Copying a named version onto the key is a restore, legal as is (S3 user guide, "Restoring previous versions").
  if (inPlace && source.versionId === undefined && !replace && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined &&
      input.ServerSideEncryption === undefined && input.SSEKMSKeyId === undefined) {
    throw invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const meta: ObjectMeta = replace ? metaFromInput(ctx, input) : { ...row.meta, owner: ctx.account };
  delete meta.parts;
  delete meta.uploadId;
  delete meta.restore;
  // A copy does not inherit the source's lock, only its own headers or the target's default (test_s3_copy_object_retention_lock).
  delete meta.lockMode;
  delete meta.lockUntil;
  delete meta.legalHold;
  Object.assign(meta, withLock({}, lock));
  if (!replace) {
    // The copy's storage class is STANDARD unless the request names one (CopyObject API reference, x-amz-storage-class).
    if (input.StorageClass !== undefined) meta.storageClass = input.StorageClass;
    else delete meta.storageClass;
    if (input.WebsiteRedirectLocation !== undefined) meta.websiteRedirectLocation = input.WebsiteRedirectLocation;
    if (input.ServerSideEncryption !== undefined) meta.serverSideEncryption = input.ServerSideEncryption;
    if (input.SSEKMSKeyId !== undefined) meta.sseKmsKeyId = kmsKeyArn(ctx, input.SSEKMSKeyId);
  }
  if (input.TaggingDirective === 'REPLACE') meta.tags = input.Tagging !== undefined ? parseTaggingHeader(input.Tagging) : [];
  else if (row.meta.tags !== undefined) meta.tags = row.meta.tags;
  const named = input.ChecksumAlgorithm?.toUpperCase() as ChecksumAlgorithm | undefined;
  const algorithm: ChecksumAlgorithm = named ?? row.meta.checksum?.algorithm ?? 'CRC64NVME';
  const body = await copyBytes(s, row, undefined, algorithm);
  meta.checksum = { algorithm: body.algorithm, value: body.checksum, type: 'FULL_OBJECT' };
  const lastModified = s.now();
  let versionId = NULL_VERSION;
  let removed: ObjectRow[] = [];
  try {
    s.store.transaction(() => {
      const bucket = s.requireBucket(input.Bucket);
      const current = s.objects.latest(bucket.name, input.Key);
      checkWriteConditions(input.IfMatch, input.IfNoneMatch, input.Key, current && !current.isDeleteMarker ? current : undefined);
      versionId = versionIdForWrite(bucket.versioning);
      removed = s.objects.putVersion({
        bucket: bucket.name, key: input.Key, versionId, isDeleteMarker: false, lastModified, size: body.size,
        etag: quotedEtag(body.md5), blobs: body.blob ? [body.blob] : [], inline: body.inline, meta,
      }, replacesNullVersion(bucket.versioning));
    });
  } catch (e) {
    s.dropBlobs([body.blob]);
    throw e;
  }
  s.dropBlobs(removed.flatMap((r) => r.blobs));
  s.notify(ctx, input.Bucket, 'ObjectCreated:Copy', { key: input.Key, size: body.size, etag: quotedEtag(body.md5), versionId });
  const out: CopyObjectOutput = {
    CopyObjectResult: { ETag: quotedEtag(body.md5), LastModified: new Date(lastModified), ...checksumMembers(meta.checksum) },
    ...sseMembers(meta),
  };
  if (versionId !== NULL_VERSION) out.VersionId = versionId;
  if (exposesVersionIds(sourceBucket.versioning)) out.CopySourceVersionId = row.versionId;
  return out;
}

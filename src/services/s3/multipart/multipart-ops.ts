// Multipart uploads: Create, UploadPart, UploadPartCopy, Complete (zero-copy: the object keeps the part blobs) and Abort.
// Part bytes stream to blobs first; every metadata change is one transaction re-checking the upload still exists.
import type { RequestContext } from '../../../core/request-context.js';
import type {
  AbortMultipartUploadRequest, CompleteMultipartUploadOutput, CompleteMultipartUploadRequest, CreateMultipartUploadOutput,
  CreateMultipartUploadRequest, UploadPartCopyOutput, UploadPartCopyRequest, UploadPartOutput, UploadPartRequest,
} from '../../../generated/s3/api.js';
import { notImplemented } from '../../../core/aws-error.js';
import { combineParts } from '../integrity/checksum-combine.js';
import { compositeChecksum, isChecksumAlgorithm, type ChecksumAlgorithm } from '../integrity/checksums.js';
import { checkWriteConditions, validateWriteConditions } from '../objects/conditionals.js';
import { copyBytes, parseCopySource, resolveCopySource } from '../objects/copy-ops.js';
import { multipartEtag, quotedEtag } from '../objects/etag.js';
import { declaredChecksum, ingestBody, MAX_SINGLE_PUT, type Ingested } from '../integrity/ingest.js';
import { checkRequestedPartChecksums, newUploadId, readPartChecksums, requirePartNumber, resolveChecksumType, selectParts,
  type PartChecksums } from './multipart-rules.js';
import type { PartRow, UploadMeta, UploadRow } from './multipart-store.js';
import type { ObjectMeta, ObjectRow, StoredChecksum } from '../objects/object-store.js';
import { metaFromInput, rejectUnsupportedWriteOptions, sseMembers } from '../objects/object-ops.js';
import { checksumMembers } from '../objects/object-view.js';
import { withLock } from '../objects/object-lock.js';
import { resolveCopySourceRange } from '../objects/range.js';
import { badChecksum, invalidRequest, malformedXml, noSuchUpload } from '../s3-errors.js';
import { requireKeyLength, type S3State } from '../s3-state.js';
import { parseTaggingHeader } from '../buckets/tagging.js';
import { exposesVersionIds, NULL_VERSION, replacesNullVersion, versionIdForWrite } from '../buckets/versioning.js';

function requireUpload(s: S3State, bucket: string, key: string, uploadId: string): UploadRow {
  s.requireBucket(bucket);
  const upload = s.uploads.upload(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

export function createMultipartUpload(s: S3State, ctx: RequestContext, input: CreateMultipartUploadRequest): CreateMultipartUploadOutput {
  requireKeyLength(input.Key);
  if (input.SSECustomerAlgorithm !== undefined) throw notImplemented('s3', 'CreateMultipartUpload', 'SSE-C');
  const lock = rejectUnsupportedWriteOptions(s, s.requireBucket(input.Bucket), 'CreateMultipartUpload', input);
  const named = input.ChecksumAlgorithm?.toUpperCase();
  const algorithm = named !== undefined && isChecksumAlgorithm(named) ? named : undefined;
  if (named !== undefined && algorithm === undefined) declaredChecksum({ ChecksumAlgorithm: named });
  const type = resolveChecksumType(algorithm, input.ChecksumType);
  const meta: UploadMeta = { ...withLock(metaFromInput(ctx, input), lock), initiator: ctx.account };
  if (input.Tagging !== undefined) meta.tags = parseTaggingHeader(input.Tagging);
  if (algorithm !== undefined) meta.checksumAlgorithm = algorithm;
  if (type !== undefined) meta.checksumType = type;
  const uploadId = newUploadId();
  s.store.transaction(() => {
    s.requireBucket(input.Bucket);
    s.uploads.createUpload({ uploadId, bucket: input.Bucket, key: input.Key, initiated: s.now(), meta });
  });
  const out: CreateMultipartUploadOutput = { Bucket: input.Bucket, Key: input.Key, UploadId: uploadId, ...sseMembers(meta) };
  if (algorithm !== undefined) out.ChecksumAlgorithm = algorithm;
  if (type !== undefined) out.ChecksumType = type;
  return out;
}

/** Commits a part whose bytes are already in a blob; drops the blob if the upload vanished meanwhile. */
function commitPart(s: S3State, input: { Bucket: string; Key: string; UploadId: string; PartNumber: number }, body: Ingested,
  checksums: PartChecksums): number {
  const lastModified = s.now();
  let replaced: string | undefined;
  try {
    s.store.transaction(() => {
      requireUpload(s, input.Bucket, input.Key, input.UploadId);
      replaced = s.uploads.putPart({
        uploadId: input.UploadId, partNumber: input.PartNumber, size: body.size, etag: quotedEtag(body.md5), lastModified,
        blobId: body.blob?.id, checksum: JSON.stringify(checksums),
      })?.blobId;
    });
  } catch (e) {
    s.dropBlobs([body.blob]);
    throw e;
  }
  s.dropBlobs([replaced]);
  return lastModified;
}

/** An upload with an algorithm requires parts in that algorithm (S3: "Checksum Type mismatch occurred"). */
function partAlgorithm(upload: UploadRow, declared: ChecksumAlgorithm | undefined): ChecksumAlgorithm {
  const expected = upload.meta.checksumAlgorithm;
  if (expected !== undefined && declared !== undefined && declared !== expected) {
    throw invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${declared.toLowerCase()}`);
  }
  return declared ?? expected ?? 'CRC64NVME';
}

export async function uploadPart(s: S3State, _ctx: RequestContext, input: UploadPartRequest): Promise<UploadPartOutput> {
  requirePartNumber(input.PartNumber);
  if (input.SSECustomerAlgorithm !== undefined) throw notImplemented('s3', 'UploadPart', 'SSE-C');
  const upload = requireUpload(s, input.Bucket, input.Key, input.UploadId);
  const declared = declaredChecksum(input).algorithm;
  const algorithm = partAlgorithm(upload, declared);
  const body = await ingestBody(s.blobs, input.Body, {
    contentMd5: input.ContentMD5, checksums: input, maxSize: MAX_SINGLE_PUT, defaultAlgorithm: algorithm, alsoCompute: ['CRC64NVME'],
  });
  const client = declared ?? upload.meta.checksumAlgorithm ?? (body.algorithm !== algorithm ? body.algorithm : undefined);
  const checksums: PartChecksums = { digests: body.digests };
  if (client !== undefined) checksums.client = client;
  commitPart(s, input, body, checksums);
  const out: UploadPartOutput = { ETag: quotedEtag(body.md5), ...sseMembers(upload.meta) };
  const shown = client !== undefined ? body.digests[client] : undefined;
  if (client !== undefined && shown !== undefined) Object.assign(out, { [`Checksum${client}`]: shown });
  return out;
}

export async function uploadPartCopy(s: S3State, _ctx: RequestContext, input: UploadPartCopyRequest): Promise<UploadPartCopyOutput> {
  requirePartNumber(input.PartNumber);
  const upload = requireUpload(s, input.Bucket, input.Key, input.UploadId);
  const source = parseCopySource(input.CopySource);
  const row = resolveCopySource(s, source, input);
  const range = resolveCopySourceRange(input.CopySourceRange, row.size);
  const algorithm = partAlgorithm(upload, undefined);
  const body = await copyBytes(s, row, range, algorithm, ['CRC64NVME'], 0);
  const digests = body.digests;
  const checksums: PartChecksums = { digests };
  if (upload.meta.checksumAlgorithm !== undefined) checksums.client = upload.meta.checksumAlgorithm;
  const lastModified = commitPart(s, input, body, checksums);
  const out: UploadPartCopyOutput = {
    CopyPartResult: { ETag: quotedEtag(body.md5), LastModified: new Date(lastModified) }, ServerSideEncryption: 'AES256',
  };
  if (checksums.client !== undefined) Object.assign(out.CopyPartResult!, { [`Checksum${checksums.client}`]: digests[checksums.client] });
  if (exposesVersionIds(s.requireBucket(source.bucket).versioning)) out.CopySourceVersionId = row.versionId;
  return out;
}

/** The object checksum: COMPOSITE hashes part checksums; FULL_OBJECT (and the CRC64NVME default) combines part CRCs. */
function objectChecksum(upload: UploadRow, parts: ReturnType<typeof selectParts>): StoredChecksum {
  const algorithm = upload.meta.checksumAlgorithm ?? 'CRC64NVME';
  const type = upload.meta.checksumType ?? 'FULL_OBJECT';
  const values = parts.map((p) => {
    const v = readPartChecksums(p).digests[algorithm];
    if (v === undefined) throw invalidRequest(`The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${p.partNumber} in the request.`);
    return { checksum: v, size: p.size };
  });
  const value = type === 'COMPOSITE' ? compositeChecksum(algorithm, values.map((v) => v.checksum)) : combineParts(algorithm, values);
  return { algorithm, value, type };
}

/** What the object remembers of a part: its size, and its checksum when the object's checksum is COMPOSITE. */
function partSummary(p: PartRow, checksum: StoredChecksum): { size: number; checksum?: string } {
  const value = checksum.type === 'COMPOSITE' ? readPartChecksums(p).digests[checksum.algorithm] : undefined;
  return value === undefined ? { size: p.size } : { size: p.size, checksum: value };
}

export function completeMultipartUpload(s: S3State, ctx: RequestContext, input: CompleteMultipartUploadRequest): CompleteMultipartUploadOutput {
  validateWriteConditions(input.IfMatch, input.IfNoneMatch);
  const done = completedAlready(s, ctx, input);
  if (done) return done;
  const upload = requireUpload(s, input.Bucket, input.Key, input.UploadId);
  if (input.ChecksumType !== undefined && input.ChecksumType !== upload.meta.checksumType) {
    // test_s3.snapshot.json TestS3MultipartUploadChecksum::test_complete_multipart_parts_checksum_default
    const mode = upload.meta.checksumType ?? 'null';
    throw invalidRequest(`The upload was created using the ${mode} checksum mode. The complete request must use the same checksum mode.`);
  }
  // No CompleteMultipartUpload document at all is MalformedXML; an empty one is InvalidRequest (selectParts).
  if (input.MultipartUpload === undefined) throw malformedXml();
  const stored = new Map(s.uploads.parts(upload.uploadId).map((p) => [p.partNumber, p]));
  const parts = selectParts(upload.uploadId, input.MultipartUpload?.Parts ?? [], stored);
  const size = parts.reduce((n, p) => n + p.size, 0);
  if (input.MpuObjectSize !== undefined && input.MpuObjectSize !== size) {
    throw invalidRequest(`The provided 'x-amz-mp-object-size' header value ${input.MpuObjectSize} does not match what was computed: ${size}`);
  }
  checkRequestedPartChecksums(upload.uploadId, { algorithm: upload.meta.checksumAlgorithm, type: upload.meta.checksumType },
    input.MultipartUpload?.Parts ?? [], parts);
  const checksum = objectChecksum(upload, parts);
  const sent = declaredChecksum(input);
  // A whole-object checksum on a FULL_OBJECT upload must equal ours in the upload's algorithm; the error names that one
  // (test_multipart_parts_checksum_exceptions_full_object complete-part-bad-checksum-algo).
  if (sent.value !== undefined && upload.meta.checksumType === 'FULL_OBJECT' &&
      (sent.algorithm !== checksum.algorithm || sent.value !== checksum.value)) {
    throw badChecksum(checksum.algorithm.toLowerCase());
  }
  const etag = multipartEtag(parts.map((p) => p.etag));
  const { checksumAlgorithm: _a, checksumType: _t, initiator: _i, ...meta } = upload.meta;
  let versionId = NULL_VERSION;
  let removed: ObjectRow[] = [];
  let unused: Array<string | undefined> = [];
  s.store.transaction(() => {
    const bucket = s.requireBucket(input.Bucket);
    if (!s.uploads.upload(upload.uploadId)) throw noSuchUpload(upload.uploadId);
    const current = s.objects.latest(bucket.name, input.Key);
    checkWriteConditions(input.IfMatch, input.IfNoneMatch, input.Key, current && !current.isDeleteMarker ? current : undefined);
    versionId = versionIdForWrite(bucket.versioning);
    removed = s.objects.putVersion({
      bucket: bucket.name, key: input.Key, versionId, isDeleteMarker: false, lastModified: s.now(), size, etag,
      blobs: parts.filter((p) => p.blobId !== undefined).map((p) => ({ id: p.blobId!, size: p.size })), inline: undefined,
      meta: { ...meta, checksum, parts: parts.map((p) => partSummary(p, checksum)), uploadId: upload.uploadId },
    }, replacesNullVersion(bucket.versioning));
    const kept = new Set(parts.map((p) => p.blobId));
    unused = s.uploads.deleteUpload(upload.uploadId).map((p) => p.blobId).filter((id) => !kept.has(id));
  });
  s.dropBlobs([...unused, ...removed.flatMap((r) => r.blobs)]);
  s.notify(ctx, input.Bucket, 'ObjectCreated:CompleteMultipartUpload', { key: input.Key, size, etag, versionId });
  return completeOutput(ctx, input, etag, versionId, meta, checksum);
}

function completeOutput(ctx: RequestContext, input: CompleteMultipartUploadRequest, etag: string, versionId: string,
  meta: ObjectMeta, checksum: StoredChecksum | undefined): CompleteMultipartUploadOutput {
  const out: CompleteMultipartUploadOutput = {
    Location: objectLocation(ctx.host, input.Bucket, input.Key), Bucket: input.Bucket, Key: input.Key, ETag: etag,
    ...sseMembers(meta), ...checksumMembers(checksum),
  };
  if (versionId !== NULL_VERSION) out.VersionId = versionId;
  return out;
}

/** S3 answers an absolute URL, virtual-hosted when the request was (CompleteMultipartUpload API reference, Location). */
export function objectLocation(host: string, bucket: string, key: string): string {
  const path = encodeURIComponent(key);
  return host.startsWith(`${bucket}.`) ? `http://${host}/${path}` : `http://${host}/${bucket}/${path}`;
}

/**
 * A repeated CompleteMultipartUpload for an upload that already became the key's current version answers 200 with
 * the same ETag, as S3 does for a while after completion (CompleteMultipartUpload API reference, idempotency note).
 */
function completedAlready(s: S3State, ctx: RequestContext, input: CompleteMultipartUploadRequest): CompleteMultipartUploadOutput | undefined {
  if (s.uploads.upload(input.UploadId)) return undefined;
  const bucket = s.buckets.get(input.Bucket);
  const row = bucket ? s.objects.latest(bucket.name, input.Key) : undefined;
  if (!row || row.isDeleteMarker || row.meta.uploadId !== input.UploadId) return undefined;
  return completeOutput(ctx, input, row.etag, row.versionId, row.meta, row.meta.checksum);
}

export function abortMultipartUpload(s: S3State, _ctx: RequestContext, input: AbortMultipartUploadRequest): void {
  const parts = s.store.transaction(() => {
    requireUpload(s, input.Bucket, input.Key, input.UploadId);
    return s.uploads.deleteUpload(input.UploadId);
  });
  s.dropBlobs(parts.map((p) => p.blobId));
}

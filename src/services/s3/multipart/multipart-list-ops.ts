// ListParts and ListMultipartUploads: pagination by part-number marker and by key/upload-id markers, with S3's
// echo of markers (test_s3_list_operations.snapshot.json TestS3ListParts / TestS3ListMultipartUploads).
import type { RequestContext } from '../../../core/request-context.js';
import type {
  ListMultipartUploadsOutput, ListMultipartUploadsRequest, ListPartsOutput, ListPartsRequest, MultipartUpload, Part,
} from '../../../generated/s3/api.js';
import { requireEncodingType, resolveMaxKeys, urlEncodeKey, walk } from '../objects/listing.js';
import { readPartChecksums } from './multipart-rules.js';
import { invalidArgument, noSuchUpload } from '../s3-errors.js';
import { canonicalUserId, type S3State } from '../s3-state.js';

export function listParts(s: S3State, _ctx: RequestContext, input: ListPartsRequest): ListPartsOutput {
  s.requireBucket(input.Bucket);
  const upload = s.uploads.upload(input.UploadId);
  if (!upload || upload.bucket !== input.Bucket || upload.key !== input.Key) throw noSuchUpload(input.UploadId);
  const maxParts = Math.min(resolveMaxKeys(input.MaxParts, 'max-parts'), 1000);
  const marker = input.PartNumberMarker === undefined ? 0 : resolveMaxKeys(input.PartNumberMarker, 'part-number-marker');
  const rows = s.uploads.partsAfter(upload.uploadId, marker, maxParts + 1);
  const page = rows.slice(0, maxParts);
  const alg = upload.meta.checksumAlgorithm;
  const owner = { ID: canonicalUserId(upload.meta.initiator ?? upload.meta.owner ?? '') };
  const out: ListPartsOutput = {
    Bucket: upload.bucket, Key: upload.key, UploadId: upload.uploadId, PartNumberMarker: marker,
    NextPartNumberMarker: page[page.length - 1]?.partNumber ?? 0, MaxParts: maxParts, IsTruncated: rows.length > maxParts,
    Initiator: owner, Owner: owner, StorageClass: (upload.meta.storageClass ?? 'STANDARD') as NonNullable<ListPartsOutput['StorageClass']>,
  };
  if (page.length > 0) {
    out.Parts = page.map((p) => {
      const part: Part = { PartNumber: p.partNumber, LastModified: new Date(p.lastModified), ETag: p.etag, Size: p.size };
      const value = alg !== undefined ? readPartChecksums(p).digests[alg] : undefined;
      if (alg !== undefined && value !== undefined) Object.assign(part, { [`Checksum${alg}`]: value });
      return part;
    });
  }
  if (alg !== undefined) out.ChecksumAlgorithm = alg;
  if (upload.meta.checksumType !== undefined) out.ChecksumType = upload.meta.checksumType;
  return out;
}

export function listMultipartUploads(s: S3State, _ctx: RequestContext, input: ListMultipartUploadsRequest): ListMultipartUploadsOutput {
  const encoding = requireEncodingType(input.EncodingType);
  const maxUploads = resolveMaxKeys(input.MaxUploads, 'max-uploads');
  const bucket = s.requireBucket(input.Bucket);
  const keyMarker = input.KeyMarker === '' ? undefined : input.KeyMarker;
  // An upload-id marker is only meaningful with a key marker, and must name an upload of that key.
  let uploadMarker = keyMarker !== undefined && input.UploadIdMarker !== '' ? input.UploadIdMarker : undefined;
  if (uploadMarker !== undefined) {
    const marked = s.uploads.upload(uploadMarker);
    if (!marked || marked.bucket !== bucket.name || marked.key !== keyMarker) {
      throw invalidArgument('Invalid uploadId marker', 'upload-id-marker', uploadMarker);
    }
  } else uploadMarker = undefined;
  const prefix = input.Prefix ?? '';
  const page = walk(s.uploads.scanUploads(bucket.name), {
    prefix, delimiter: input.Delimiter, maxKeys: maxUploads, marker: keyMarker,
    after: (u) => ({ key: u.key, inclusive: false, afterSub: u.uploadId }),
    start: keyMarker === undefined ? undefined : { key: keyMarker, inclusive: uploadMarker !== undefined, afterSub: uploadMarker },
  });
  const enc = encoding === 'url' ? urlEncodeKey : (v: string): string => v;
  const out: ListMultipartUploadsOutput = {
    Bucket: bucket.name, KeyMarker: enc(input.KeyMarker ?? ''), UploadIdMarker: input.UploadIdMarker ?? '',
    MaxUploads: maxUploads, IsTruncated: page.isTruncated, NextKeyMarker: '', NextUploadIdMarker: '',
  };
  if (input.Prefix !== undefined) out.Prefix = enc(input.Prefix);
  if (input.Delimiter !== undefined) out.Delimiter = enc(input.Delimiter);
  if (encoding) out.EncodingType = encoding;
  if (page.rows.length > 0) {
    out.Uploads = page.rows.map((u) => {
      const who = { ID: canonicalUserId(u.meta.initiator ?? '') };
      const m: MultipartUpload = {
        UploadId: u.uploadId, Key: enc(u.key), Initiated: new Date(u.initiated), Owner: who, Initiator: who,
        StorageClass: (u.meta.storageClass ?? 'STANDARD') as NonNullable<MultipartUpload['StorageClass']>,
      };
      if (u.meta.checksumAlgorithm !== undefined) m.ChecksumAlgorithm = u.meta.checksumAlgorithm;
      if (u.meta.checksumType !== undefined) m.ChecksumType = u.meta.checksumType;
      return m;
    });
  }
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: enc(p) }));
  if (page.last) {
    if ('prefix' in page.last) out.NextKeyMarker = enc(page.last.prefix);
    else {
      out.NextKeyMarker = enc(page.last.row.key);
      out.NextUploadIdMarker = page.last.row.uploadId;
    }
  }
  return out;
}

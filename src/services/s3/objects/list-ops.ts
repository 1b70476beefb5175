// ListObjects, ListObjectsV2 and ListObjectVersions: thin adapters from request members to the listing walk over the
// object store's range scans, and from the walk back to S3's response members (with encoding-type=url applied).
import type { RequestContext } from '../../../core/request-context.js';
import type {
  DeleteMarkerEntry, ListObjectVersionsOutput, ListObjectVersionsRequest, ListObjectsOutput, ListObjectsRequest,
  ListObjectsV2Output, ListObjectsV2Request, ObjectShape, ObjectVersion,
} from '../../../generated/s3/api.js';
import { decodeContinuationToken, encodeContinuationToken, requireEncodingType, resolveMaxKeys, urlEncodeKey, walk,
  type ScanStart } from './listing.js';
import type { ObjectRow } from './object-store.js';
import { invalidArgument } from '../s3-errors.js';
import { canonicalUserId, type S3State } from '../s3-state.js';

const afterKey = (r: ObjectRow): ScanStart => ({ key: r.key, inclusive: false });

function encoder(encoding: 'url' | undefined): (v: string) => string {
  return encoding === 'url' ? urlEncodeKey : (v) => v;
}

function contents(rows: ObjectRow[], enc: (v: string) => string, owner: boolean): ObjectShape[] {
  return rows.map((r) => {
    const o: ObjectShape = {
      Key: enc(r.key), LastModified: new Date(r.lastModified), ETag: r.etag, Size: r.size,
      StorageClass: (r.meta.storageClass ?? 'STANDARD') as NonNullable<ObjectShape['StorageClass']>,
    };
    if (r.meta.checksum) {
      o.ChecksumAlgorithm = [r.meta.checksum.algorithm];
      o.ChecksumType = r.meta.checksum.type;
    }
    if (owner) o.Owner = { ID: canonicalUserId(r.meta.owner ?? '') };
    return o;
  });
}

export function listObjects(s: S3State, _ctx: RequestContext, input: ListObjectsRequest): ListObjectsOutput {
  const encoding = requireEncodingType(input.EncodingType);
  const maxKeys = resolveMaxKeys(input.MaxKeys);
  const bucket = s.requireBucket(input.Bucket);
  const prefix = input.Prefix ?? '';
  const marker = input.Marker === '' ? undefined : input.Marker;
  const page = walk(s.objects.scanCurrent(bucket.name), {
    prefix, delimiter: input.Delimiter, maxKeys, after: afterKey, marker,
    start: marker === undefined ? undefined : { key: marker, inclusive: false },
  });
  const enc = encoder(encoding);
  const out: ListObjectsOutput = {
    Name: bucket.name, Prefix: enc(prefix), Marker: enc(input.Marker ?? ''), MaxKeys: maxKeys, IsTruncated: page.isTruncated,
  };
  if (page.rows.length > 0) out.Contents = contents(page.rows, enc, true);
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: enc(p) }));
  if (input.Delimiter !== undefined) out.Delimiter = enc(input.Delimiter);
  if (encoding) out.EncodingType = encoding;
  // NextMarker only accompanies a delimiter (test_s3_list_operations.snapshot.json test_list_objects_next_marker).
  if (page.isTruncated && input.Delimiter !== undefined && page.last) {
    out.NextMarker = enc('prefix' in page.last ? page.last.prefix : page.last.row.key);
  }
  return out;
}

export function listObjectsV2(s: S3State, _ctx: RequestContext, input: ListObjectsV2Request): ListObjectsV2Output {
  const encoding = requireEncodingType(input.EncodingType);
  const maxKeys = resolveMaxKeys(input.MaxKeys);
  const bucket = s.requireBucket(input.Bucket);
  const prefix = input.Prefix ?? '';
  const resumeAt = input.ContinuationToken !== undefined ? decodeContinuationToken(input.ContinuationToken)
    : input.StartAfter === '' ? undefined : input.StartAfter;
  const page = walk(s.objects.scanCurrent(bucket.name), {
    prefix, delimiter: input.Delimiter, maxKeys, after: afterKey, marker: resumeAt,
    start: resumeAt === undefined ? undefined : { key: resumeAt, inclusive: false },
  });
  const enc = encoder(encoding);
  const out: ListObjectsV2Output = {
    Name: bucket.name, Prefix: enc(prefix), MaxKeys: maxKeys, IsTruncated: page.isTruncated,
    KeyCount: page.rows.length + page.commonPrefixes.length,
  };
  if (page.rows.length > 0) out.Contents = contents(page.rows, enc, input.FetchOwner === true);
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: enc(p) }));
  if (input.Delimiter !== undefined) out.Delimiter = enc(input.Delimiter);
  if (encoding) out.EncodingType = encoding;
  if (input.ContinuationToken !== undefined) out.ContinuationToken = input.ContinuationToken;
  if (input.StartAfter !== undefined) out.StartAfter = enc(input.StartAfter);
  if (page.isTruncated && page.last) {
    out.NextContinuationToken = encodeContinuationToken('prefix' in page.last ? page.last.prefix : page.last.row.key);
  }
  return out;
}

export function listObjectVersions(s: S3State, _ctx: RequestContext, input: ListObjectVersionsRequest): ListObjectVersionsOutput {
  const encoding = requireEncodingType(input.EncodingType);
  const maxKeys = resolveMaxKeys(input.MaxKeys);
  const bucket = s.requireBucket(input.Bucket);
  const keyMarker = input.KeyMarker === '' ? undefined : input.KeyMarker;
  const versionMarker = input.VersionIdMarker === '' ? undefined : input.VersionIdMarker;
  if (versionMarker !== undefined && keyMarker === undefined) {
    // test_s3_list_operations.snapshot.json test_list_objects_versions_markers list-objects-next-version-only
    throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionMarker);
  }
  const prefix = input.Prefix ?? '';
  const page = walk(s.objects.scanVersions(bucket.name), {
    prefix, delimiter: input.Delimiter, maxKeys, marker: keyMarker,
    after: (r) => ({ key: r.key, inclusive: false, afterSub: r.versionId }),
    start: keyMarker === undefined ? undefined : { key: keyMarker, inclusive: false, afterSub: versionMarker },
  });
  const enc = encoder(encoding);
  const out: ListObjectVersionsOutput = {
    Name: bucket.name, Prefix: enc(prefix), KeyMarker: enc(input.KeyMarker ?? ''), VersionIdMarker: input.VersionIdMarker ?? '',
    MaxKeys: maxKeys, IsTruncated: page.isTruncated,
  };
  const versions: ObjectVersion[] = [];
  const markers: DeleteMarkerEntry[] = [];
  for (const r of page.rows) {
    const common = { Key: enc(r.key), VersionId: r.versionId, IsLatest: r.isLatest, LastModified: new Date(r.lastModified),
      Owner: { ID: canonicalUserId(r.meta.owner ?? bucket.account) } };
    if (r.isDeleteMarker) {
      markers.push(common);
      continue;
    }
    const v: ObjectVersion = { ...common, ETag: r.etag, Size: r.size, StorageClass: 'STANDARD' };
    if (r.meta.checksum) {
      v.ChecksumAlgorithm = [r.meta.checksum.algorithm];
      v.ChecksumType = r.meta.checksum.type;
    }
    versions.push(v);
  }
  if (versions.length > 0) out.Versions = versions;
  if (markers.length > 0) out.DeleteMarkers = markers;
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: enc(p) }));
  if (input.Delimiter !== undefined) out.Delimiter = enc(input.Delimiter);
  if (encoding) out.EncodingType = encoding;
  if (page.isTruncated && page.last) {
    if ('prefix' in page.last) out.NextKeyMarker = enc(page.last.prefix);
    else {
      out.NextKeyMarker = enc(page.last.row.key);
      out.NextVersionIdMarker = page.last.row.versionId;
    }
  }
  return out;
}

// GetObjectAttributes (the requested subset of ETag, Checksum, ObjectParts, StorageClass, ObjectSize; test_s3.snapshot.json
// TestS3::test_get_object_attributes) and object ACLs, which are the owner's FULL_CONTROL grant (ACLs disabled by default).
import type { RequestContext } from '../../../core/request-context.js';
import type { GetObjectAclOutput, GetObjectAclRequest, GetObjectAttributesOutput, GetObjectAttributesRequest, PutObjectAclRequest } from '../../../generated/s3/api.js';
import { AwsError, notImplemented } from '../../../core/aws-error.js';
import { cannedGrants } from '../buckets/bucket-config-ops.js';
import { grantsFromHeaders } from '../buckets/grant-headers.js';
import { unquote } from './etag.js';
import { checksumMembers, deleteMarkerNotAllowed, resolveVersion } from './object-view.js';
import { canonicalUserId, type S3State } from '../s3-state.js';
import { exposesVersionIds } from '../buckets/versioning.js';

export function getObjectAttributes(s: S3State, _ctx: RequestContext, input: GetObjectAttributesRequest): GetObjectAttributesOutput {
  if (input.SSECustomerAlgorithm !== undefined) throw notImplemented('s3', 'GetObjectAttributes', 'SSE-C');
  const bucket = s.requireBucket(input.Bucket);
  const row = resolveVersion(s, bucket, input.Key, input.VersionId, 'GET');
  const wanted = new Set<string>(input.ObjectAttributes);
  const out: GetObjectAttributesOutput = { LastModified: new Date(row.lastModified) };
  if (exposesVersionIds(bucket.versioning)) out.VersionId = row.versionId;
  if (wanted.has('ETag')) out.ETag = unquote(row.etag);
  // Attributes show a composite checksum without its -N part-count suffix (test_complete_multipart_parts_checksum_composite).
  if (wanted.has('Checksum') && row.meta.checksum) {
    out.Checksum = checksumMembers({ ...row.meta.checksum, value: row.meta.checksum.value.replace(/-\d+$/, '') });
  }
  if (wanted.has('ObjectParts') && row.meta.parts) {
    const parts = row.meta.parts;
    out.ObjectParts = { TotalPartsCount: parts.length };
    const checksum = row.meta.checksum;
    if (checksum?.type === 'COMPOSITE') {
      // Composite uploads also list their parts with checksums, paged like ListParts.
      const marker = input.PartNumberMarker ?? 0;
      const max = Math.min(input.MaxParts ?? 1000, 1000);
      const page = parts.map((p, i) => ({ n: i + 1, ...p })).filter((p) => p.n > marker).slice(0, max);
      Object.assign(out.ObjectParts, {
        PartNumberMarker: marker, NextPartNumberMarker: page[page.length - 1]?.n ?? marker, MaxParts: max,
        IsTruncated: (page[page.length - 1]?.n ?? parts.length) < parts.length,
        Parts: page.map((p) => ({ PartNumber: p.n, Size: p.size, ...(p.checksum ? { [`Checksum${checksum.algorithm}`]: p.checksum } : {}) })),
      });
    }
  }
  if (wanted.has('StorageClass')) out.StorageClass = (row.meta.storageClass ?? 'STANDARD') as NonNullable<GetObjectAttributesOutput['StorageClass']>;
  if (wanted.has('ObjectSize')) out.ObjectSize = row.size;
  return out;
}

export function getObjectAcl(s: S3State, _ctx: RequestContext, input: GetObjectAclRequest): GetObjectAclOutput {
  const bucket = s.requireBucket(input.Bucket);
  const row = resolveVersion(s, bucket, input.Key, input.VersionId, 'GET');
  const owner = canonicalUserId(row.meta.owner ?? bucket.account);
  return { Owner: { ID: owner }, Grants: row.meta.grants ?? cannedGrants('private', owner) };
}

/** PutObjectAcl: canned ACL, x-amz-grant-* headers or an AccessControlPolicy body become the version's ACL. */
export function putObjectAcl(s: S3State, ctx: RequestContext, input: PutObjectAclRequest): void {
  const bucket = s.requireBucket(input.Bucket);
  // test_s3.snapshot.json test_put_object_acl_on_delete_marker put-acl-delete-marker: a current delete marker is 405
  // for PUT ?acl (GET ?acl answers NoSuchKey, get-acl-delete-marker).
  const latest = input.VersionId === undefined ? s.objects.latest(bucket.name, input.Key) : undefined;
  if (latest?.isDeleteMarker === true) throw deleteMarkerNotAllowed(latest, 'PUT');
  const headerGrants = grantsFromHeaders(input);
  if (headerGrants !== undefined && input.ACL !== undefined) throw new AwsError('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', { status: 400 });
  const isPrivate = headerGrants === undefined && input.AccessControlPolicy === undefined
    && (input.ACL === undefined || input.ACL === 'private' || input.ACL === 'bucket-owner-full-control');
  const ownership = s.buckets.getConfig<{ Rules?: Array<{ ObjectOwnership?: string }> }>(bucket.name, 'ownership');
  if (!isPrivate && ownership?.Rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced') {
    throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', { status: 400 });
  }
  s.store.transaction(() => {
    const row = resolveVersion(s, bucket, input.Key, input.VersionId, 'PUT');
    const owner = canonicalUserId(row.meta.owner ?? ctx.account);
    const grants = headerGrants ?? input.AccessControlPolicy?.Grants ?? cannedGrants(input.ACL ?? 'private', owner);
    const meta = { ...row.meta };
    if (isPrivate) delete meta.grants;
    else meta.grants = grants;
    s.objects.updateMeta(bucket.name, row.key, row.versionId, meta);
  });
}

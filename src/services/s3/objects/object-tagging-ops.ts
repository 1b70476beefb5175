// Object tagging: Put/Get/DeleteObjectTagging on the latest or a named version, stored in the version's metadata.
// Validation per tagging.ts; NoSuchKey/NoSuchVersion per test_s3_api.snapshot.json TestS3BucketObjectTagging cases.
import type { RequestContext } from '../../../core/request-context.js';
import type {
  DeleteObjectTaggingOutput, DeleteObjectTaggingRequest, GetObjectTaggingOutput, GetObjectTaggingRequest,
  PutObjectTaggingOutput, PutObjectTaggingRequest,
} from '../../../generated/s3/api.js';
import { AwsError } from '../../../core/aws-error.js';
import type { Tag } from './object-store.js';
import { resolveVersion } from './object-view.js';
import type { S3State } from '../s3-state.js';
import { validateTagSet } from '../buckets/tagging.js';
import { exposesVersionIds } from '../buckets/versioning.js';

function update(s: S3State, bucketName: string, key: string, versionId: string | undefined, method: string,
  tags: Tag[] | undefined): string | undefined {
  return s.store.transaction(() => {
    const bucket = s.requireBucket(bucketName);
    const row = resolveVersion(s, bucket, key, versionId, method);
    const meta = { ...row.meta };
    if (tags === undefined) delete meta.tags;
    else meta.tags = tags;
    s.objects.updateMeta(bucket.name, key, row.versionId, meta);
    return exposesVersionIds(bucket.versioning) ? row.versionId : undefined;
  });
}

export function putObjectTagging(s: S3State, _ctx: RequestContext, input: PutObjectTaggingRequest): PutObjectTaggingOutput {
  const tags = validateTagSet(input.Tagging.TagSet ?? [], 'object');
  const v = update(s, input.Bucket, input.Key, input.VersionId, 'PUT', tags);
  return v === undefined ? {} : { VersionId: v };
}

export function getObjectTagging(s: S3State, _ctx: RequestContext, input: GetObjectTaggingRequest): GetObjectTaggingOutput {
  const bucket = s.requireBucket(input.Bucket);
  let row;
  try {
    row = resolveVersion(s, bucket, input.Key, input.VersionId, 'GET');
  } catch (e) {
    // S3 names the key as bucket/key here (test_object_tagging_exc get-no-key-tags).
    if (e instanceof AwsError && e.code === 'NoSuchKey') e.fields['Key'] = `${bucket.name}/${input.Key}`;
    throw e;
  }
  const out: GetObjectTaggingOutput = { TagSet: row.meta.tags ?? [] };
  if (exposesVersionIds(bucket.versioning)) out.VersionId = row.versionId;
  return out;
}

export function deleteObjectTagging(s: S3State, _ctx: RequestContext, input: DeleteObjectTaggingRequest): DeleteObjectTaggingOutput {
  const v = update(s, input.Bucket, input.Key, input.VersionId, 'DELETE', undefined);
  return v === undefined ? {} : { VersionId: v };
}

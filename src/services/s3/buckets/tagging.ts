// Tag set rules for bucket and object tagging, and the x-amz-tagging header's URL-query form.
// Codes and messages from test_s3_api.snapshot.json TestS3BucketObjectTagging::test_tagging_validation / test_object_tagging_exc.
import { AwsError } from '../../../core/aws-error.js';
import type { Tag } from '../objects/object-store.js';

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;

function invalidTag(message: string, fields: Record<string, string>): AwsError {
  return new AwsError('InvalidTag', message, { status: 400, fields });
}

/** Validates a TagSet; `kind` picks the count limit. Returns the tags as stored. */
export function validateTagSet(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }>, kind: 'bucket' | 'object'): Tag[] {
  const max = kind === 'object' ? MAX_OBJECT_TAGS : MAX_BUCKET_TAGS;
  if (tags.length > max) {
    throw kind === 'object'
      ? new AwsError('BadRequest', 'Object tags cannot be greater than 10', { status: 400 })
      : invalidTag('The number of tags is greater than the allowed maximum of 50.', {});
  }
  const seen = new Set<string>();
  const out: Tag[] = [];
  for (const t of tags) {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    if (key.length === 0 || key.length > 128 || !TAG_CHARS.test(key)) throw invalidTag('The TagKey you have provided is invalid', { TagKey: key });
    if (value.length > 256 || !TAG_CHARS.test(value)) throw invalidTag('The TagValue you have provided is invalid', { TagKey: key, TagValue: value });
    if (key.startsWith('aws:')) {
      // test_s3_api.snapshot.json test_tagging_validation put-bucket-tags-aws-prefixed / put-object-tags-aws-prefixed.
      throw invalidTag(kind === 'object' ? 'Your TagKey cannot be prefixed with aws:' : 'System tags cannot be added/updated by requester', { TagKey: key });
    }
    if (seen.has(key)) throw invalidTag('Cannot provide multiple Tags with the same key', { TagKey: key });
    seen.add(key);
    out.push({ Key: key, Value: value });
  }
  return out;
}

/** Parses `k1=v1&k2=v2` (x-amz-tagging on PutObject/CopyObject/CreateMultipartUpload). */
export function parseTaggingHeader(header: string): Tag[] {
  const bad = (): AwsError => new AwsError('InvalidArgument',
    "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
    { status: 400, fields: { ArgumentName: 'x-amz-tagging', ArgumentValue: header } });
  if (header === '') return [];
  const tags: Tag[] = [];
  const seen = new Set<string>();
  for (const [key, value] of new URLSearchParams(header)) {
    if (seen.has(key)) throw bad();
    seen.add(key);
    tags.push({ Key: key, Value: value });
  }
  try {
    return validateTagSet(tags, 'object');
  } catch (e) {
    if (e instanceof AwsError && e.code === 'InvalidTag') throw bad();
    throw e;
  }
}

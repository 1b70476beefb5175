// S3 checks Content-MD5 on every request that sends one, not only object uploads: DeleteObjects, PutBucketTagging,
// PutBucketPolicy and the other XML bodies are refused with InvalidDigest or BadDigest when it is wrong.
import { createHash } from 'node:crypto';
import { badContentMd5, invalidDigest } from '../s3-errors.js';

/** Throws S3's error when `contentMd5` is not a base64 MD5 or does not match `body`; silent when it matches. */
export function checkContentMd5(contentMd5: string | undefined, body: Buffer): void {
  if (contentMd5 === undefined) return;
  const claimed = Buffer.from(contentMd5, 'base64');
  // A valid value is exactly 16 bytes in canonical base64 (aws-recordings/s3 test_s3 md5-error-0..4).
  if (claimed.length !== 16 || claimed.toString('base64') !== contentMd5) throw invalidDigest(contentMd5);
  const actual = createHash('md5').update(body).digest();
  if (!actual.equals(claimed)) throw badContentMd5(claimed.toString('hex'), actual.toString('base64'));
}

// S3's request condition keys from the operation's input (Service Authorization Reference, "Amazon S3" condition
// keys; S3 User Guide, "Bucket policy examples using condition keys"): listing keys on ListBucket/ListBucketVersions,
// the canned ACL, grants, storage class, encryption and copy source on writes. A key the request does not carry is
// absent, so `Null` and `…IfExists` conditions see it as AWS does.
import type { ContextValue } from '../context.js';

const MEMBERS: ReadonlyArray<readonly [member: string, key: string]> = [
  ['ACL', 's3:x-amz-acl'],
  ['GrantFullControl', 's3:x-amz-grant-full-control'],
  ['GrantRead', 's3:x-amz-grant-read'],
  ['GrantReadACP', 's3:x-amz-grant-read-acp'],
  ['GrantWrite', 's3:x-amz-grant-write'],
  ['GrantWriteACP', 's3:x-amz-grant-write-acp'],
  ['StorageClass', 's3:x-amz-storage-class'],
  ['ServerSideEncryption', 's3:x-amz-server-side-encryption'],
  ['SSEKMSKeyId', 's3:x-amz-server-side-encryption-aws-kms-key-id'],
  ['SSECustomerAlgorithm', 's3:x-amz-server-side-encryption-customer-algorithm'],
  ['CopySource', 's3:x-amz-copy-source'],
  ['MetadataDirective', 's3:x-amz-metadata-directive'],
  ['WebsiteRedirectLocation', 's3:x-amz-website-redirect-location'],
  ['ObjectLockMode', 's3:object-lock-mode'],
  ['ObjectLockLegalHoldStatus', 's3:object-lock-legal-hold'],
  ['ObjectOwnership', 's3:x-amz-object-ownership'],
];

const LISTS = new Set(['ListObjects', 'ListObjectsV2', 'ListObjectVersions']);

export function s3ConditionValues(operation: string, input: Readonly<Record<string, unknown>>): Record<string, ContextValue | undefined> {
  const out: Record<string, ContextValue | undefined> = {};
  if (LISTS.has(operation)) {
    if (typeof input.Prefix === 'string') out['s3:prefix'] = input.Prefix;
    if (typeof input.Delimiter === 'string') out['s3:delimiter'] = input.Delimiter;
    // s3:max-keys is numeric: compared with NumericLessThanEquals etc. (S3 User Guide, "s3:max-keys").
    if (typeof input.MaxKeys === 'number') out['s3:max-keys'] = String(input.MaxKeys);
    return out;
  }
  for (const [member, key] of MEMBERS) {
    const value = input[member];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  const location = (input.CreateBucketConfiguration as { LocationConstraint?: unknown } | undefined)?.LocationConstraint;
  if (operation === 'CreateBucket' && typeof location === 'string') out['s3:locationconstraint'] = location;
  return out;
}

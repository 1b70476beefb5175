// ACL and public access under --enforce-iam: grants to everyone (AllUsers, AuthenticatedUsers) or to another account,
// and the bucket's Block Public Access settings (S3 user guide, "Blocking public access to your S3 storage"), as pure rules.
import { AwsError } from '../../../core/aws-error.js';
import type { Grant, PublicAccessBlockConfiguration } from '../../../generated/s3/api.js';
import { isPublicPolicy } from './policy-status.js';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

type Permission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP';

/** The ACL permission each operation needs, on the bucket's ACL or the object's (S3 user guide, "Access control list
 *  (ACL) overview", Permissions: READ lists the bucket or reads the object, WRITE creates and deletes objects). */
export const ACL_PERMISSION: Readonly<Record<string, readonly ['bucket' | 'object', Permission]>> = {
  ListObjects: ['bucket', 'READ'], ListObjectsV2: ['bucket', 'READ'], ListObjectVersions: ['bucket', 'READ'],
  ListMultipartUploads: ['bucket', 'READ'], HeadBucket: ['bucket', 'READ'],
  PutObject: ['bucket', 'WRITE'], DeleteObject: ['bucket', 'WRITE'], DeleteObjects: ['bucket', 'WRITE'], CopyObject: ['bucket', 'WRITE'],
  CreateMultipartUpload: ['bucket', 'WRITE'], UploadPart: ['bucket', 'WRITE'], CompleteMultipartUpload: ['bucket', 'WRITE'],
  AbortMultipartUpload: ['bucket', 'WRITE'], ListParts: ['bucket', 'WRITE'],
  GetBucketAcl: ['bucket', 'READ_ACP'], PutBucketAcl: ['bucket', 'WRITE_ACP'],
  GetObject: ['object', 'READ'], HeadObject: ['object', 'READ'], GetObjectAcl: ['object', 'READ_ACP'], PutObjectAcl: ['object', 'WRITE_ACP'],
};

/** Whether the grants give the permission to everyone (or, for a signed caller, to every authenticated user), or,
 *  with `account`, to that account's canonical user id; `everyoneCounts: false` ignores the grants to everyone. */
export function grantsAllow(grants: readonly Grant[], permission: Permission, authenticated: boolean, account?: string, everyoneCounts = true): boolean {
  return grants.some((g) => {
    const uri = g.Grantee?.URI;
    const everyone = everyoneCounts && (uri === ALL_USERS || (authenticated && uri === AUTHENTICATED_USERS));
    const toAccount = account !== undefined && g.Grantee?.Type === 'CanonicalUser' && g.Grantee.ID === account;
    return (everyone || toAccount) && (g.Permission === permission || g.Permission === 'FULL_CONTROL');
  });
}

export function isPublicGrants(grants: readonly Grant[]): boolean {
  return grants.some((g) => g.Grantee?.URI === ALL_USERS || g.Grantee?.URI === AUTHENTICATED_USERS);
}

const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/** x-amz-grant-* header values naming the everyone groups: `uri="http://acs.amazonaws.com/groups/global/AllUsers"`. */
function headerIsPublic(value: string | undefined): boolean {
  return value !== undefined && (value.includes(ALL_USERS) || value.includes(AUTHENTICATED_USERS));
}

interface AclInput {
  ACL?: string | undefined;
  GrantFullControl?: string | undefined;
  GrantRead?: string | undefined;
  GrantReadACP?: string | undefined;
  GrantWrite?: string | undefined;
  GrantWriteACP?: string | undefined;
  AccessControlPolicy?: { Grants?: Grant[] | undefined } | undefined;
}

/** Whether a write names a public ACL: a public canned ACL, a grant header or an AccessControlPolicy to everyone. */
export function requestsPublicAcl(input: AclInput): boolean {
  if (input.ACL !== undefined && PUBLIC_CANNED.has(input.ACL)) return true;
  if ([input.GrantFullControl, input.GrantRead, input.GrantReadACP, input.GrantWrite, input.GrantWriteACP].some(headerIsPublic)) return true;
  return isPublicGrants(input.AccessControlPolicy?.Grants ?? []);
}

/** S3 refuses writes that BlockPublicAcls / BlockPublicPolicy stop with 403 AccessDenied. */
export function blockedByPublicAccessBlock(): AwsError {
  return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
}

const ACL_WRITES = new Set(['PutBucketAcl', 'PutObjectAcl', 'PutObject', 'CopyObject', 'CreateMultipartUpload', 'CreateBucket']);

/**
 * BlockPublicAcls refuses a request that would set a public ACL; BlockPublicPolicy refuses a public bucket policy
 * (S3 user guide, "Block public access settings"). `pab` is the bucket's configuration, if any.
 */
export function checkPublicAccessBlock(pab: PublicAccessBlockConfiguration | undefined, operation: string, input: Record<string, unknown>): void {
  if (!pab) return;
  if (pab.BlockPublicPolicy === true && operation === 'PutBucketPolicy' && typeof input.Policy === 'string' && isPublicPolicy(input.Policy)) throw blockedByPublicAccessBlock();
  if (pab.BlockPublicAcls === true && ACL_WRITES.has(operation) && requestsPublicAcl(input)) throw blockedByPublicAccessBlock();
}

/** What the gateway's authorize phase asks S3 about a request from outside the bucket owner's account. */
export interface PublicAccessFacts {
  /** An ACL grant to everyone (or to authenticated users, for a signed caller, or to the caller's account) allows
   *  the operation. */
  aclAllows: boolean;
  /** RestrictPublicBuckets is on and the bucket policy is public: only the owner's account and services get in. */
  restricted: boolean;
}

export interface PublicAccessSource {
  pab: PublicAccessBlockConfiguration | undefined;
  policy: string | undefined;
  bucketGrants: readonly Grant[];
  /** The object's grants when the operation reads an object's ACL; undefined when it has none or is missing. */
  objectGrants: () => readonly Grant[] | undefined;
  /** BucketOwnerEnforced: ACLs are disabled and "no longer affect permissions" (S3 user guide, "Controlling
   *  ownership of objects and disabling ACLs for your bucket"). */
  aclsDisabled?: boolean;
}

/** Facts for one operation; IgnorePublicAcls makes every public grant count for nothing (a grant to the caller's
 *  account, its canonical user id, still counts). */
export function publicAccessFacts(src: PublicAccessSource, operation: string, authenticated: boolean, callerCanonicalId?: string): PublicAccessFacts {
  const restricted = src.pab?.RestrictPublicBuckets === true && src.policy !== undefined && isPublicPolicy(src.policy);
  const need = ACL_PERMISSION[operation];
  if (!need || src.aclsDisabled === true) return { aclAllows: false, restricted };
  const grants = need[0] === 'bucket' ? src.bucketGrants : (src.objectGrants() ?? []);
  return { aclAllows: grantsAllow(grants, need[1], authenticated, callerCanonicalId, src.pab?.IgnorePublicAcls !== true), restricted };
}

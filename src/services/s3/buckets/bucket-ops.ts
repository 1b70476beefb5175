// Bucket lifecycle operations: CreateBucket, HeadBucket, ListBuckets, GetBucketLocation, DeleteBucket and versioning.
// Names are global: another account's name is BucketAlreadyExists; your own is BucketAlreadyOwnedByYou except in us-east-1.
import type { RequestContext } from '../../../core/request-context.js';
import type {
  BucketLocationConstraint, CreateBucketOutput, CreateBucketRequest, DeleteBucketRequest, GetBucketLocationOutput, GetBucketLocationRequest,
  GetBucketVersioningOutput, GetBucketVersioningRequest, HeadBucketOutput, HeadBucketRequest, ListBucketsOutput,
  ListBucketsRequest, PutBucketVersioningRequest, Grant,
} from '../../../generated/s3/api.js';
import { grantsFromHeaders } from './grant-headers.js';
import { cannedGrants } from './bucket-config-ops.js';
import { AwsError } from '../../../core/aws-error.js';
import { KNOWN_REGIONS, locationConstraintOf, requireValidBucketName, resolveBucketRegion } from './bucket-name.js';
import { decodeContinuationToken, encodeContinuationToken, compareUtf8 } from '../objects/listing.js';
import { bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, invalidArgument } from '../s3-errors.js';
import { bucketArn, canonicalUserId, type S3State } from '../s3-state.js';
import { parseVersioningStatus } from './versioning.js';

export function createBucket(s: S3State, ctx: RequestContext, input: CreateBucketRequest): CreateBucketOutput {
  requireValidBucketName(input.Bucket);
  const constraint: string | undefined = input.CreateBucketConfiguration?.LocationConstraint;
  const region = resolveBucketRegion(ctx.region, constraint);
  const output: CreateBucketOutput = {
    Location: region === 'us-east-1' ? `/${input.Bucket}` : `http://${input.Bucket}.s3.amazonaws.com/`,
    BucketArn: bucketArn(input.Bucket),
  };
  s.store.transaction(() => {
    const existing = s.buckets.get(input.Bucket);
    if (existing) {
      if (existing.account !== ctx.account) throw bucketAlreadyExists(input.Bucket);
      // us-east-1 answers 200 to a repeated CreateBucket by the owner (S3 API reference, CreateBucket errors).
      if (existing.region === 'us-east-1' && region === 'us-east-1') return;
      throw bucketAlreadyOwnedByYou(input.Bucket);
    }
    s.buckets.insert({
      name: input.Bucket, account: ctx.account, region, locationConstraint: constraint === '' ? undefined : constraint,
      createdAt: s.now(), objectLock: input.ObjectLockEnabledForBucket === true,
    });
    // New buckets block public access and enforce bucket ownership by default (test_s3_api.snapshot.json
    // TestS3PublicAccessBlock::test_crud_public_access_block, TestS3BucketOwnershipControls::test_crud_bucket_ownership_controls).
    s.buckets.putConfig(input.Bucket, 'public-access-block',
      { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    s.buckets.putConfig(input.Bucket, 'ownership', { Rules: [{ ObjectOwnership: input.ObjectOwnership ?? 'BucketOwnerEnforced' }] });
    if (input.ObjectLockEnabledForBucket === true) {
      s.buckets.setVersioning(input.Bucket, 'Enabled');
      s.buckets.putConfig(input.Bucket, 'object-lock', { ObjectLockEnabled: 'Enabled' });
    }
    if (input.CreateBucketConfiguration?.Tags) s.buckets.putConfig(input.Bucket, 'tagging', input.CreateBucketConfiguration.Tags);
    const acl = bucketAclOnCreate(ctx, input);
    if (acl !== undefined) s.buckets.putConfig(input.Bucket, 'acl', acl);
  });
  return output;
}

/**
 * A canned ACL or x-amz-grant-* headers on CreateBucket: refused under BucketOwnerEnforced (the default ownership)
 * with InvalidBucketAclWithObjectOwnership, else the bucket's first ACL (S3 API reference, CreateBucket).
 */
function bucketAclOnCreate(ctx: RequestContext, input: CreateBucketRequest): Grant[] | undefined {
  const headerGrants = grantsFromHeaders(input);
  if (headerGrants === undefined && (input.ACL === undefined || input.ACL === 'private')) return undefined;
  if (headerGrants !== undefined && input.ACL !== undefined) {
    throw new AwsError('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', { status: 400 });
  }
  if ((input.ObjectOwnership ?? 'BucketOwnerEnforced') === 'BucketOwnerEnforced') {
    throw new AwsError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", { status: 400 });
  }
  return headerGrants ?? cannedGrants(input.ACL!, canonicalUserId(ctx.account));
}

export function headBucket(s: S3State, _ctx: RequestContext, input: HeadBucketRequest): HeadBucketOutput {
  const bucket = s.requireBucket(input.Bucket);
  return { BucketRegion: bucket.region, BucketArn: bucketArn(bucket.name), AccessPointAlias: false };
}

export function getBucketLocation(s: S3State, _ctx: RequestContext, input: GetBucketLocationRequest): GetBucketLocationOutput {
  const bucket = s.requireBucket(input.Bucket);
  const lc = locationConstraintOf(bucket.region, bucket.locationConstraint);
  return lc === undefined ? {} : { LocationConstraint: lc as BucketLocationConstraint };
}

/** ListBuckets with MaxBuckets/ContinuationToken/Prefix/BucketRegion (test_s3_list_operations TestS3ListBuckets). */
export function listBuckets(s: S3State, ctx: RequestContext, input: ListBucketsRequest): ListBucketsOutput {
  // An unsigned GET / is anonymous, and S3 lists buckets only for an authenticated caller: 403 AccessDenied
  // (S3 API reference, ListBuckets: "you must be authenticated"). A browser gets kumo's status page instead.
  if (ctx.accessKeyId === undefined) throw new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  if (input.BucketRegion !== undefined && !KNOWN_REGIONS.has(input.BucketRegion)) {
    throw invalidArgument(`Argument value ${input.BucketRegion} is not a valid AWS Region`, 'bucket-region', undefined);
  }
  const after = input.ContinuationToken ? decodeContinuationToken(input.ContinuationToken) : undefined;
  const max = input.MaxBuckets ?? 10_000;
  const all = s.buckets.listOwnedBy(ctx.account).filter((b) =>
    (input.Prefix === undefined || b.name.startsWith(input.Prefix)) &&
    (input.BucketRegion === undefined || b.region === input.BucketRegion) &&
    (after === undefined || compareUtf8(b.name, after) > 0));
  const page = all.slice(0, max);
  const output: ListBucketsOutput = {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.createdAt), BucketRegion: b.region, BucketArn: bucketArn(b.name) })),
    Owner: { ID: canonicalUserId(ctx.account) },
  };
  if (input.Prefix !== undefined) output.Prefix = input.Prefix;
  const last = page[page.length - 1];
  if (all.length > page.length && last) output.ContinuationToken = encodeContinuationToken(last.name);
  return output;
}

export function deleteBucket(s: S3State, _ctx: RequestContext, input: DeleteBucketRequest): void {
  const partBlobs: Array<string | undefined> = [];
  s.store.transaction(() => {
    const bucket = s.requireBucket(input.Bucket);
    if (s.objects.hasAnyVersion(bucket.name)) {
      throw bucketNotEmpty(bucket.name, bucket.versioning !== '');
    }
    for (const uploadId of s.uploads.uploadIdsOf(bucket.name)) {
      for (const part of s.uploads.deleteUpload(uploadId)) partBlobs.push(part.blobId);
    }
    s.buckets.delete(bucket.name);
  });
  s.dropBlobs(partBlobs);
}

export function getBucketVersioning(s: S3State, _ctx: RequestContext, input: GetBucketVersioningRequest): GetBucketVersioningOutput {
  const bucket = s.requireBucket(input.Bucket);
  return bucket.versioning === '' ? {} : { Status: bucket.versioning };
}

export function putBucketVersioning(s: S3State, _ctx: RequestContext, input: PutBucketVersioningRequest): void {
  const config = input.VersioningConfiguration;
  if (config?.Status === undefined && config?.MFADelete === undefined) {
    // test_s3_api.snapshot.json TestS3BucketVersioning::test_bucket_versioning_crud put-versioning-empty
    throw new AwsError('IllegalVersioningConfigurationException', 'The Versioning element must be specified', { status: 400 });
  }
  const status = parseVersioningStatus(config.Status);
  s.store.transaction(() => {
    const bucket = s.requireBucket(input.Bucket);
    if (bucket.objectLock && status !== 'Enabled') {
      // test_s3_api.snapshot.json TestS3ObjectLock::test_disable_versioning_on_locked_bucket
      throw new AwsError('InvalidBucketState', 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.', { status: 409 });
    }
    s.buckets.setVersioning(bucket.name, status);
  });
}

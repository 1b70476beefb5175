// Per-bucket configuration documents: tagging, policy, CORS, lifecycle, encryption, ACL, ownership controls,
// public access block, notifications and transfer acceleration; each stored whole and returned as given.
import type { RequestContext } from '../../../core/request-context.js';
import type {
  GetBucketAccelerateConfigurationOutput, GetBucketAclOutput, GetBucketCorsOutput, GetBucketEncryptionOutput,
  GetBucketLifecycleConfigurationOutput, GetBucketOwnershipControlsOutput, GetBucketPolicyOutput, GetBucketTaggingOutput,
  GetPublicAccessBlockOutput, NotificationConfiguration, PutBucketAccelerateConfigurationRequest, PutBucketAclRequest,
  PutBucketCorsRequest, PutBucketEncryptionRequest, PutBucketLifecycleConfigurationOutput, PutBucketLifecycleConfigurationRequest,
  PutBucketNotificationConfigurationRequest, PutBucketOwnershipControlsRequest, PutBucketPolicyRequest, PutBucketTaggingRequest,
  PutPublicAccessBlockRequest, Grant,
} from '../../../generated/s3/api.js';
import { AwsError } from '../../../core/aws-error.js';
import type { BucketConfigKind } from './bucket-store.js';
import { invalidRequest, malformedXml, noSuchConfiguration } from '../s3-errors.js';
import { canonicalUserId, type S3State } from '../s3-state.js';
import { validateTagSet } from './tagging.js';
import { validateNotificationConfiguration } from './notification-rules.js';
import { validateLifecycleRules } from './lifecycle.js';
import { grantsFromHeaders } from './grant-headers.js';

/** GET on a never-set configuration: code and message per kind (test_s3*.snapshot.json, keys in the README of each test). */
const MISSING: Partial<Record<BucketConfigKind, [string, string]>> = {
  tagging: ['NoSuchTagSet', 'The TagSet does not exist'],
  policy: ['NoSuchBucketPolicy', 'The bucket policy does not exist'],
  cors: ['NoSuchCORSConfiguration', 'The CORS configuration does not exist'],
  lifecycle: ['NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'],
  ownership: ['OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'],
  'public-access-block': ['NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'],
};

const CORS_METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);

function read<T>(s: S3State, bucket: string, kind: BucketConfigKind): T {
  s.requireBucket(bucket);
  const value = s.buckets.getConfig<T>(bucket, kind);
  if (value === undefined) {
    const missing = MISSING[kind];
    if (!missing) throw new AwsError('InternalFailure', `No default for ${kind}`, { status: 500 });
    throw noSuchConfiguration(missing[0], missing[1], bucket);
  }
  return value;
}

function write(s: S3State, bucket: string, kind: BucketConfigKind, value: unknown): void {
  s.store.transaction(() => {
    s.requireBucket(bucket);
    s.buckets.putConfig(bucket, kind, value);
  });
}

/** DELETE of a configuration: idempotent, 204 even when nothing was set. */
export function deleteConfig(s: S3State, bucket: string, kind: BucketConfigKind): void {
  s.store.transaction(() => {
    s.requireBucket(bucket);
    s.buckets.deleteConfig(bucket, kind);
  });
}

export const bucketConfig = {
  putTagging(s: S3State, _ctx: RequestContext, input: PutBucketTaggingRequest): void {
    const tags = validateTagSet(input.Tagging.TagSet ?? [], 'bucket');
    // An empty TagSet removes the bucket's tags: GetBucketTagging then answers NoSuchTagSet (S3 API reference, PutBucketTagging).
    if (tags.length === 0) deleteConfig(s, input.Bucket, 'tagging');
    else write(s, input.Bucket, 'tagging', tags);
  },
  getTagging(s: S3State, _ctx: RequestContext, bucket: string): GetBucketTaggingOutput {
    return { TagSet: read(s, bucket, 'tagging') };
  },

  /** test_s3_api.snapshot.json TestS3BucketPolicy::test_bucket_policy_exc */
  putPolicy(s: S3State, _ctx: RequestContext, input: PutBucketPolicyRequest): void {
    const text = input.Policy.trim();
    let doc: unknown;
    try {
      doc = text.startsWith('{') ? JSON.parse(text) : undefined;
    } catch {
      doc = undefined;
    }
    if (doc === undefined || doc === null || typeof doc !== 'object') {
      throw new AwsError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'", { status: 400 });
    }
    if (!('Statement' in doc)) throw new AwsError('MalformedPolicy', 'Missing required field Statement', { status: 400 });
    write(s, input.Bucket, 'policy', input.Policy);
  },
  getPolicy(s: S3State, _ctx: RequestContext, bucket: string): GetBucketPolicyOutput {
    return { Policy: read<string>(s, bucket, 'policy') };
  },

  putCors(s: S3State, _ctx: RequestContext, input: PutBucketCorsRequest): void {
    const rules = input.CORSConfiguration.CORSRules ?? [];
    if (rules.length === 0 || rules.length > 100) throw malformedXml();
    for (const rule of rules) {
      const unsupported = rule.AllowedMethods.find((m) => !CORS_METHODS.has(m));
      // test_s3_cors.snapshot.json TestS3Cors::test_put_cors_invalid_rules
      if (unsupported !== undefined) throw new AwsError('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}`, { status: 400 });
    }
    write(s, input.Bucket, 'cors', rules);
  },
  getCors(s: S3State, _ctx: RequestContext, bucket: string): GetBucketCorsOutput {
    return { CORSRules: read(s, bucket, 'cors') };
  },

  putLifecycle(s: S3State, _ctx: RequestContext, input: PutBucketLifecycleConfigurationRequest): PutBucketLifecycleConfigurationOutput {
    const rules = input.LifecycleConfiguration?.Rules ?? [];
    validateLifecycleRules(rules);
    const minSize = input.TransitionDefaultMinimumObjectSize ?? 'all_storage_classes_128K';
    write(s, input.Bucket, 'lifecycle', { Rules: rules, TransitionDefaultMinimumObjectSize: minSize });
    return { TransitionDefaultMinimumObjectSize: minSize };
  },
  getLifecycle(s: S3State, _ctx: RequestContext, bucket: string): GetBucketLifecycleConfigurationOutput {
    return read<GetBucketLifecycleConfigurationOutput>(s, bucket, 'lifecycle');
  },

  putEncryption(s: S3State, _ctx: RequestContext, input: PutBucketEncryptionRequest): void {
    // test_s3_api.snapshot.json test_s3_default_bucket_encryption_exc: put-bucket-encryption-no-rules / -two-rules
    // (MalformedXML) and put-bucket-encryption-kms-with-aes (InvalidArgument naming ApplyServerSideEncryptionByDefault).
    const rules = input.ServerSideEncryptionConfiguration.Rules ?? [];
    if (rules.length !== 1) throw malformedXml();
    const byDefault = rules[0]?.ApplyServerSideEncryptionByDefault;
    if (byDefault?.KMSMasterKeyID !== undefined && byDefault.SSEAlgorithm !== 'aws:kms' && byDefault.SSEAlgorithm !== 'aws:kms:dsse') {
      throw new AwsError('InvalidArgument', 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', {
        status: 400, fields: { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
      });
    }
    write(s, input.Bucket, 'encryption', input.ServerSideEncryptionConfiguration);
  },
  /** Buckets without a configuration report S3's default SSE-S3 rule (test_s3_api TestS3BucketEncryption). */
  getEncryption(s: S3State, _ctx: RequestContext, bucket: string): GetBucketEncryptionOutput {
    s.requireBucket(bucket);
    const stored = s.buckets.getConfig<GetBucketEncryptionOutput['ServerSideEncryptionConfiguration']>(bucket, 'encryption');
    return {
      ServerSideEncryptionConfiguration: stored ?? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    };
  },

  putAcl(s: S3State, ctx: RequestContext, input: PutBucketAclRequest): void {
    const headerGrants = [input.GrantFullControl, input.GrantRead, input.GrantReadACP, input.GrantWrite, input.GrantWriteACP].some((g) => g !== undefined);
    if (input.ACL !== undefined && headerGrants) throw invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
    const acl = input.ACL ?? 'private';
    const ownership = s.buckets.getConfig<{ Rules?: Array<{ ObjectOwnership?: string }> }>(input.Bucket, 'ownership');
    if ((headerGrants || input.AccessControlPolicy !== undefined || acl !== 'private') && ownership?.Rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced') {
      throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', { status: 400 });
    }
    const owner = canonicalUserId(ctx.account);
    const grants: Grant[] = grantsFromHeaders(input) ?? input.AccessControlPolicy?.Grants ?? cannedGrants(input.ACL ?? 'private', owner);
    write(s, input.Bucket, 'acl', grants);
  },
  getAcl(s: S3State, ctx: RequestContext, bucket: string): GetBucketAclOutput {
    const row = s.requireBucket(bucket);
    const owner = canonicalUserId(row.account);
    const grants = s.buckets.getConfig<Grant[]>(bucket, 'acl') ?? cannedGrants('private', owner);
    void ctx;
    return { Owner: { ID: owner }, Grants: grants };
  },

  putOwnership(s: S3State, _ctx: RequestContext, input: PutBucketOwnershipControlsRequest): void {
    const rules = input.OwnershipControls.Rules ?? [];
    const valid = ['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'];
    if (rules.length !== 1 || !valid.includes(rules[0]?.ObjectOwnership ?? '')) throw malformedXml();
    write(s, input.Bucket, 'ownership', input.OwnershipControls);
  },
  getOwnership(s: S3State, _ctx: RequestContext, bucket: string): GetBucketOwnershipControlsOutput {
    return { OwnershipControls: read(s, bucket, 'ownership') };
  },

  putPublicAccessBlock(s: S3State, _ctx: RequestContext, input: PutPublicAccessBlockRequest): void {
    const c = input.PublicAccessBlockConfiguration;
    write(s, input.Bucket, 'public-access-block', {
      BlockPublicAcls: c.BlockPublicAcls ?? false, IgnorePublicAcls: c.IgnorePublicAcls ?? false,
      BlockPublicPolicy: c.BlockPublicPolicy ?? false, RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
    });
  },
  getPublicAccessBlock(s: S3State, _ctx: RequestContext, bucket: string): GetPublicAccessBlockOutput {
    return { PublicAccessBlockConfiguration: read(s, bucket, 'public-access-block') };
  },

  /** Validates rules, checks destinations and sends each the test event before saving, as S3 does. */
  async putNotification(s: S3State, ctx: RequestContext, input: PutBucketNotificationConfigurationRequest): Promise<void> {
    s.requireBucket(input.Bucket);
    validateNotificationConfiguration(input.NotificationConfiguration);
    await s.notifier.validateAndTest(ctx, input.Bucket, input.NotificationConfiguration, input.SkipDestinationValidation === true);
    write(s, input.Bucket, 'notification', input.NotificationConfiguration);
  },
  /** An unset configuration is an empty document, not an error. */
  getNotification(s: S3State, _ctx: RequestContext, bucket: string): NotificationConfiguration {
    s.requireBucket(bucket);
    return s.buckets.getConfig<NotificationConfiguration>(bucket, 'notification') ?? {};
  },

  /** test_s3_api.snapshot.json TestS3BucketAccelerateConfiguration::test_bucket_acceleration_configuration_exc */
  putAccelerate(s: S3State, _ctx: RequestContext, input: PutBucketAccelerateConfigurationRequest): void {
    const status: string | undefined = input.AccelerateConfiguration.Status;
    if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
    s.requireBucket(input.Bucket);
    if (input.Bucket.includes('.')) throw invalidRequest('S3 Transfer Acceleration is not supported for buckets with periods (.) in their names');
    write(s, input.Bucket, 'accelerate', status);
  },
  getAccelerate(s: S3State, _ctx: RequestContext, bucket: string): GetBucketAccelerateConfigurationOutput {
    s.requireBucket(bucket);
    const status = s.buckets.getConfig<'Enabled' | 'Suspended'>(bucket, 'accelerate');
    return status === undefined ? {} : { Status: status };
  },
};

/** The grants a canned ACL stands for (S3 user guide, "Canned ACL"). */
export function cannedGrants(acl: string, owner: string): Grant[] {
  const ownerGrant: Grant = { Grantee: { Type: 'CanonicalUser', ID: owner }, Permission: 'FULL_CONTROL' };
  const group = (uri: string, permission: NonNullable<Grant['Permission']>): Grant => ({ Grantee: { Type: 'Group', URI: uri }, Permission: permission });
  const allUsers = 'http://acs.amazonaws.com/groups/global/AllUsers';
  switch (acl) {
    case 'private': return [ownerGrant];
    case 'public-read': return [ownerGrant, group(allUsers, 'READ')];
    case 'public-read-write': return [ownerGrant, group(allUsers, 'READ'), group(allUsers, 'WRITE')];
    case 'authenticated-read': return [ownerGrant, group('http://acs.amazonaws.com/groups/global/AuthenticatedUsers', 'READ')];
    case 'log-delivery-write': {
      const ld = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
      return [ownerGrant, group(ld, 'WRITE'), group(ld, 'READ_ACP')];
    }
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
      return [ownerGrant];
    default:
      throw new AwsError('InvalidArgument', '', { status: 400, fields: { ArgumentName: 'x-amz-acl', ArgumentValue: acl } });
  }
}

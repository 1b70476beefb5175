// More per-bucket configuration documents: website, logging, request payment, replication and the Object Lock
// configuration, stored whole; GETs of unset ones answer S3's codes (test_s3*.snapshot.json, names beside each).
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../core/request-context.js';
import type {
  GetBucketLoggingOutput, GetBucketReplicationOutput, GetBucketRequestPaymentOutput, GetBucketWebsiteOutput,
  GetObjectLockConfigurationOutput, ObjectLockConfiguration, PutBucketLoggingRequest, PutBucketReplicationRequest,
  PutBucketRequestPaymentRequest, PutBucketWebsiteRequest, PutObjectLockConfigurationRequest, ReplicationConfiguration, ReplicationRule,
  WebsiteConfiguration, BucketLoggingStatus,
} from '../../../generated/s3/api.js';
import { AwsError } from '../../../core/aws-error.js';
import { validateLockConfiguration } from '../objects/object-lock.js';
import { validateWebsiteConfiguration } from '../website/website-config.js';
import { invalidRequest, malformedXml, noSuchConfiguration } from '../s3-errors.js';
import type { S3State } from '../s3-state.js';

function put(s: S3State, bucket: string, kind: Parameters<S3State['buckets']['putConfig']>[1], value: unknown): void {
  s.store.transaction(() => {
    s.requireBucket(bucket);
    s.buckets.putConfig(bucket, kind, value);
  });
}

/**
 * S3 stores a V2 rule (one without the legacy top-level Prefix) with its defaults filled in: a generated ID, Priority 0,
 * an empty Filter and DeleteMarkerReplication Disabled (test_s3.snapshot.json test_replication_config(_without_filter)).
 */
function withReplicationDefaults(rule: ReplicationRule): ReplicationRule {
  const out: ReplicationRule = { ...rule, ID: rule.ID ?? randomBytes(36).toString('base64url').slice(0, 48) };
  if (rule.Prefix !== undefined) return out;
  out.Priority = rule.Priority ?? 0;
  out.Filter = rule.Filter ?? {};
  out.DeleteMarkerReplication = rule.DeleteMarkerReplication ?? { Status: 'Disabled' };
  return out;
}

export const moreBucketConfig = {
  putWebsite(s: S3State, _ctx: RequestContext, input: PutBucketWebsiteRequest): void {
    const w = input.WebsiteConfiguration;
    validateWebsiteConfiguration(w);
    put(s, input.Bucket, 'website', w);
  },
  /** TestS3StaticWebsiteHosting::test_crud_website_configuration get-no-such-website-configuration */
  getWebsite(s: S3State, _ctx: RequestContext, bucket: string): GetBucketWebsiteOutput {
    s.requireBucket(bucket);
    const w = s.buckets.getConfig<WebsiteConfiguration>(bucket, 'website');
    if (!w) throw noSuchConfiguration('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', bucket);
    return w;
  },

  /** TestS3BucketLogging::test_put_bucket_logging_wrong_target: the target bucket must exist. */
  putLogging(s: S3State, _ctx: RequestContext, input: PutBucketLoggingRequest): void {
    const target = input.BucketLoggingStatus.LoggingEnabled?.TargetBucket;
    if (target !== undefined && !s.buckets.get(target)) {
      throw new AwsError('InvalidTargetBucketForLogging', 'The target bucket for logging does not exist', { status: 400, fields: { TargetBucket: target } });
    }
    put(s, input.Bucket, 'logging', input.BucketLoggingStatus);
  },
  getLogging(s: S3State, _ctx: RequestContext, bucket: string): GetBucketLoggingOutput {
    s.requireBucket(bucket);
    return s.buckets.getConfig<BucketLoggingStatus>(bucket, 'logging') ?? {};
  },

  putRequestPayment(s: S3State, _ctx: RequestContext, input: PutBucketRequestPaymentRequest): void {
    const payer: string = input.RequestPaymentConfiguration.Payer;
    if (payer !== 'Requester' && payer !== 'BucketOwner') throw malformedXml();
    put(s, input.Bucket, 'request-payment', payer);
  },
  getRequestPayment(s: S3State, _ctx: RequestContext, bucket: string): GetBucketRequestPaymentOutput {
    s.requireBucket(bucket);
    return { Payer: s.buckets.getConfig<'Requester' | 'BucketOwner'>(bucket, 'request-payment') ?? 'BucketOwner' };
  },

  putReplication(s: S3State, _ctx: RequestContext, input: PutBucketReplicationRequest): void {
    const bucket = s.requireBucket(input.Bucket);
    if (bucket.versioning !== 'Enabled') {
      throw invalidRequest('Versioning must be \'Enabled\' on the bucket to apply a replication configuration');
    }
    const rules = input.ReplicationConfiguration.Rules ?? [];
    if (rules.length === 0) throw malformedXml();
    for (const rule of rules) {
      // test_s3.snapshot.json test_replication_config_without_filter expected_error_dest_does_not_exist / _versioning_disabled.
      const dest = s.buckets.get(rule.Destination.Bucket.replace(/^arn:aws[a-z-]*:s3:::/, ''));
      if (!dest || dest.versioning !== 'Enabled') throw invalidRequest('Destination bucket must have versioning enabled.');
    }
    put(s, input.Bucket, 'replication', { ...input.ReplicationConfiguration, Rules: rules.map(withReplicationDefaults) });
  },
  /** TestS3BucketReplication::test_replication_config expected_error_no_replication */
  getReplication(s: S3State, _ctx: RequestContext, bucket: string): GetBucketReplicationOutput {
    s.requireBucket(bucket);
    const r = s.buckets.getConfig<ReplicationConfiguration>(bucket, 'replication');
    if (!r) throw noSuchConfiguration('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', bucket);
    return { ReplicationConfiguration: r };
  },

  /** TestS3ObjectLock::test_put_object_lock_configuration_on_existing_bucket: versioning must be Enabled first. */
  putObjectLock(s: S3State, _ctx: RequestContext, input: PutObjectLockConfigurationRequest): void {
    const config = input.ObjectLockConfiguration;
    // S3 API reference, error codes: MissingRequestBodyError for a PUT ?object-lock without a document.
    if (config === undefined) throw new AwsError('MissingRequestBodyError', 'Request Body is empty', { status: 400 });
    validateLockConfiguration(config);
    s.store.transaction(() => {
      const bucket = s.requireBucket(input.Bucket);
      if (bucket.versioning !== 'Enabled') {
        throw new AwsError('InvalidBucketState', "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", { status: 409 });
      }
      s.buckets.putConfig(bucket.name, 'object-lock', config);
      s.buckets.setObjectLock(bucket.name);
    });
  },
  /** TestS3ObjectLock::test_get_object_lock_configuration_exc */
  getObjectLock(s: S3State, _ctx: RequestContext, bucket: string): GetObjectLockConfigurationOutput {
    s.requireBucket(bucket);
    const c = s.buckets.getConfig<ObjectLockConfiguration>(bucket, 'object-lock');
    if (!c) {
      throw noSuchConfiguration('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', bucket);
    }
    return { ObjectLockConfiguration: c };
  },
};

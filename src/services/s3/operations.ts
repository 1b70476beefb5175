// S3's operation table: each AWS operation mapped to its operation module (bucket-ops, object-ops, list-ops,
// multipart-ops, …) over the shared S3State; ExpectedBucketOwner is checked once, before every operation.
import type * as api from '../../generated/s3/api.js';
import { bucketConfig, deleteConfig } from './buckets/bucket-config-ops.js';
import { moreBucketConfig } from './buckets/bucket-more-config-ops.js';
import * as buckets from './buckets/bucket-ops.js';
import { copyObject } from './objects/copy-ops.js';
import { getObjectAcl, getObjectAttributes, putObjectAcl } from './objects/object-attributes-ops.js';
import * as lists from './objects/list-ops.js';
import * as lock from './objects/object-lock-ops.js';
import * as mpl from './multipart/multipart-list-ops.js';
import * as mp from './multipart/multipart-ops.js';
import * as objects from './objects/object-ops.js';
import * as tagging from './objects/object-tagging-ops.js';
import { restoreObject } from './objects/restore.js';
import { getBucketPolicyStatus } from './buckets/policy-status.js';
import { deleteIdConfig, getIdConfig, listIdConfigs, listOutput, putIdConfig, validateInventory, validateTierings } from './buckets/id-configs.js';
import { operationTable } from '../service-definition.js';
import type { S3State } from './s3-state.js';
import { malformedXml } from './s3-errors.js';
import { AwsError } from '../../core/aws-error.js';
import { checkPublicAccessBlock } from './buckets/public-access.js';
import type { PublicAccessBlockConfiguration } from '../../generated/s3/api.js';

/** Operations that name no bucket owner to check. */
const NO_OWNER_CHECK = new Set(['ListBuckets']);

/** Operations whose XML (or policy) body the S3 model marks required, by payload member. */
const REQUIRED_BODY: Readonly<Record<string, string>> = {
  PutBucketAccelerateConfiguration: 'AccelerateConfiguration', PutBucketCors: 'CORSConfiguration',
  PutBucketEncryption: 'ServerSideEncryptionConfiguration', PutBucketLogging: 'BucketLoggingStatus',
  PutBucketNotificationConfiguration: 'NotificationConfiguration', PutBucketOwnershipControls: 'OwnershipControls',
  PutBucketPolicy: 'Policy', PutBucketRequestPayment: 'RequestPaymentConfiguration', PutBucketTagging: 'Tagging',
  PutBucketWebsite: 'WebsiteConfiguration', PutObjectTagging: 'Tagging', PutPublicAccessBlock: 'PublicAccessBlockConfiguration',
  DeleteObjects: 'Delete',
};

/**
 * Before each operation: a required body that is missing is refused (S3 answers an empty configuration PUT with
 * MissingRequestBodyError "Request Body is empty", as github.com/aws/aws-sdk-cpp/issues/733 shows for notifications;
 * DeleteObjects with MalformedXML), then a request whose ExpectedBucketOwner is not the bucket's owner.
 */
export function beforeEachS3Operation(s: S3State, _ctx: unknown, input: Record<string, unknown>, operation: string): void {
  const payload = REQUIRED_BODY[operation];
  if (payload !== undefined && (input[payload] === undefined || input[payload] === '')) {
    if (operation === 'DeleteObjects') throw malformedXml();
    throw new AwsError('MissingRequestBodyError', 'Request Body is empty', { status: 400 });
  }
  if (!NO_OWNER_CHECK.has(operation)) s.checkExpectedOwner(input);
  if (s.enforcePublicAccessBlock && typeof input.Bucket === 'string') {
    checkPublicAccessBlock(s.buckets.getConfig<PublicAccessBlockConfiguration>(input.Bucket, 'public-access-block'), operation, input);
  }
}

export const S3_OPERATIONS = operationTable<api.S3Api, S3State>()({
  CreateBucket: buckets.createBucket,
  HeadBucket: buckets.headBucket,
  ListBuckets: buckets.listBuckets,
  GetBucketLocation: buckets.getBucketLocation,
  DeleteBucket: (s, ctx, input) => {
    buckets.deleteBucket(s, ctx, input);
  },
  GetBucketVersioning: buckets.getBucketVersioning,
  PutBucketVersioning: (s, ctx, input) => {
    buckets.putBucketVersioning(s, ctx, input);
  },
  PutBucketTagging: (s, ctx, input) => {
    bucketConfig.putTagging(s, ctx, input);
  },
  GetBucketTagging: (s, ctx, input) => bucketConfig.getTagging(s, ctx, input.Bucket),
  DeleteBucketTagging: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'tagging');
  },
  PutBucketPolicy: (s, ctx, input) => {
    bucketConfig.putPolicy(s, ctx, input);
  },
  GetBucketPolicy: (s, ctx, input) => bucketConfig.getPolicy(s, ctx, input.Bucket),
  GetBucketPolicyStatus: getBucketPolicyStatus,
  DeleteBucketPolicy: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'policy');
  },
  PutBucketCors: (s, ctx, input) => {
    bucketConfig.putCors(s, ctx, input);
  },
  GetBucketCors: (s, ctx, input) => bucketConfig.getCors(s, ctx, input.Bucket),
  DeleteBucketCors: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'cors');
  },
  PutBucketLifecycleConfiguration: (s, ctx, input) => bucketConfig.putLifecycle(s, ctx, input),
  GetBucketLifecycleConfiguration: (s, ctx, input) => bucketConfig.getLifecycle(s, ctx, input.Bucket),
  DeleteBucketLifecycle: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'lifecycle');
  },
  PutBucketEncryption: (s, ctx, input) => {
    bucketConfig.putEncryption(s, ctx, input);
  },
  GetBucketEncryption: (s, ctx, input) => bucketConfig.getEncryption(s, ctx, input.Bucket),
  DeleteBucketEncryption: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'encryption');
  },
  PutBucketAcl: (s, ctx, input) => {
    bucketConfig.putAcl(s, ctx, input);
  },
  GetBucketAcl: (s, ctx, input) => bucketConfig.getAcl(s, ctx, input.Bucket),
  PutBucketOwnershipControls: (s, ctx, input) => {
    bucketConfig.putOwnership(s, ctx, input);
  },
  GetBucketOwnershipControls: (s, ctx, input) => bucketConfig.getOwnership(s, ctx, input.Bucket),
  DeleteBucketOwnershipControls: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'ownership');
  },
  PutPublicAccessBlock: (s, ctx, input) => {
    bucketConfig.putPublicAccessBlock(s, ctx, input);
  },
  GetPublicAccessBlock: (s, ctx, input) => bucketConfig.getPublicAccessBlock(s, ctx, input.Bucket),
  DeletePublicAccessBlock: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'public-access-block');
  },
  PutBucketNotificationConfiguration: async (s, ctx, input) => {
    await bucketConfig.putNotification(s, ctx, input);
  },
  GetBucketNotificationConfiguration: (s, ctx, input) => bucketConfig.getNotification(s, ctx, input.Bucket),
  PutBucketAccelerateConfiguration: (s, ctx, input) => {
    bucketConfig.putAccelerate(s, ctx, input);
  },
  GetBucketAccelerateConfiguration: (s, ctx, input) => bucketConfig.getAccelerate(s, ctx, input.Bucket),
  PutBucketWebsite: (s, ctx, input) => {
    moreBucketConfig.putWebsite(s, ctx, input);
  },
  GetBucketWebsite: (s, ctx, input) => moreBucketConfig.getWebsite(s, ctx, input.Bucket),
  DeleteBucketWebsite: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'website');
  },
  PutBucketLogging: (s, ctx, input) => {
    moreBucketConfig.putLogging(s, ctx, input);
  },
  GetBucketLogging: (s, ctx, input) => moreBucketConfig.getLogging(s, ctx, input.Bucket),
  PutBucketRequestPayment: (s, ctx, input) => {
    moreBucketConfig.putRequestPayment(s, ctx, input);
  },
  GetBucketRequestPayment: (s, ctx, input) => moreBucketConfig.getRequestPayment(s, ctx, input.Bucket),
  PutBucketReplication: (s, ctx, input) => {
    moreBucketConfig.putReplication(s, ctx, input);
  },
  GetBucketReplication: (s, ctx, input) => moreBucketConfig.getReplication(s, ctx, input.Bucket),
  DeleteBucketReplication: (s, ctx, input) => {
    deleteConfig(s, input.Bucket, 'replication');
  },
  PutObjectLockConfiguration: (s, ctx, input) => {
    moreBucketConfig.putObjectLock(s, ctx, input);
  },
  GetObjectLockConfiguration: (s, ctx, input) => moreBucketConfig.getObjectLock(s, ctx, input.Bucket),
  PutObjectRetention: lock.putObjectRetention,
  GetObjectRetention: lock.getObjectRetention,
  PutObjectLegalHold: lock.putObjectLegalHold,
  GetObjectLegalHold: lock.getObjectLegalHold,
  PutBucketInventoryConfiguration: (s, _ctx, input) => {
    if (input.InventoryConfiguration !== undefined) validateInventory(input.InventoryConfiguration);
    putIdConfig(s, input.Bucket, 'inventory', input.Id, input.InventoryConfiguration);
  },
  GetBucketInventoryConfiguration: (s, _ctx, input) => ({ InventoryConfiguration: getIdConfig(s, input.Bucket, 'inventory', input.Id) }),
  DeleteBucketInventoryConfiguration: (s, _ctx, input) => {
    deleteIdConfig(s, input.Bucket, 'inventory', input.Id);
  },
  ListBucketInventoryConfigurations: (s, _ctx, input) => listOutput('InventoryConfigurationList', listIdConfigs<api.InventoryConfiguration>(s, input.Bucket, 'inventory', input.ContinuationToken), input.ContinuationToken),
  PutBucketAnalyticsConfiguration: (s, _ctx, input) => {
    putIdConfig(s, input.Bucket, 'analytics', input.Id, input.AnalyticsConfiguration);
  },
  GetBucketAnalyticsConfiguration: (s, _ctx, input) => ({ AnalyticsConfiguration: getIdConfig(s, input.Bucket, 'analytics', input.Id) }),
  DeleteBucketAnalyticsConfiguration: (s, _ctx, input) => {
    deleteIdConfig(s, input.Bucket, 'analytics', input.Id);
  },
  ListBucketAnalyticsConfigurations: (s, _ctx, input) => listOutput('AnalyticsConfigurationList', listIdConfigs<api.AnalyticsConfiguration>(s, input.Bucket, 'analytics', input.ContinuationToken), input.ContinuationToken),
  PutBucketMetricsConfiguration: (s, _ctx, input) => {
    putIdConfig(s, input.Bucket, 'metrics', input.Id, input.MetricsConfiguration);
  },
  GetBucketMetricsConfiguration: (s, _ctx, input) => ({ MetricsConfiguration: getIdConfig(s, input.Bucket, 'metrics', input.Id) }),
  DeleteBucketMetricsConfiguration: (s, _ctx, input) => {
    deleteIdConfig(s, input.Bucket, 'metrics', input.Id);
  },
  ListBucketMetricsConfigurations: (s, _ctx, input) => listOutput('MetricsConfigurationList', listIdConfigs<api.MetricsConfiguration>(s, input.Bucket, 'metrics', input.ContinuationToken), input.ContinuationToken),
  PutBucketIntelligentTieringConfiguration: (s, _ctx, input) => {
    if (input.IntelligentTieringConfiguration !== undefined) validateTierings(input.IntelligentTieringConfiguration);
    putIdConfig(s, input.Bucket, 'intelligent-tiering', input.Id, input.IntelligentTieringConfiguration);
  },
  GetBucketIntelligentTieringConfiguration: (s, _ctx, input) => ({
    IntelligentTieringConfiguration: getIdConfig(s, input.Bucket, 'intelligent-tiering', input.Id),
  }),
  DeleteBucketIntelligentTieringConfiguration: (s, _ctx, input) => {
    deleteIdConfig(s, input.Bucket, 'intelligent-tiering', input.Id);
  },
  ListBucketIntelligentTieringConfigurations: (s, _ctx, input) => listOutput('IntelligentTieringConfigurationList',
    listIdConfigs<api.IntelligentTieringConfiguration>(s, input.Bucket, 'intelligent-tiering', input.ContinuationToken), input.ContinuationToken),
  PutObject: objects.putObject,
  GetObject: objects.getObject,
  HeadObject: objects.headObject,
  DeleteObject: objects.deleteObject,
  DeleteObjects: objects.deleteObjects,
  CopyObject: copyObject,
  GetObjectAttributes: getObjectAttributes,
  RestoreObject: restoreObject,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: (s, ctx, input) => {
    putObjectAcl(s, ctx, input);
  },
  PutObjectTagging: tagging.putObjectTagging,
  GetObjectTagging: tagging.getObjectTagging,
  DeleteObjectTagging: tagging.deleteObjectTagging,
  ListObjects: lists.listObjects,
  ListObjectsV2: (s, ctx, input) => lists.listObjectsV2(s, ctx, input),
  ListObjectVersions: lists.listObjectVersions,
  CreateMultipartUpload: mp.createMultipartUpload,
  UploadPart: mp.uploadPart,
  UploadPartCopy: mp.uploadPartCopy,
  CompleteMultipartUpload: mp.completeMultipartUpload,
  AbortMultipartUpload: (s, ctx, input) => {
    mp.abortMultipartUpload(s, ctx, input);
  },
  ListParts: mpl.listParts,
  ListMultipartUploads: mpl.listMultipartUploads,
});

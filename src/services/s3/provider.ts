// S3Provider: the typed adapter the gateway dispatches to; each method forwards to an operation module
// (bucket-ops, object-ops, list-ops, multipart-ops, …) over the shared S3State. No HTTP here.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/s3/api.js';
import { bucketConfig, deleteConfig } from './bucket-config-ops.js';
import { moreBucketConfig } from './bucket-more-config-ops.js';
import * as buckets from './bucket-ops.js';
import { copyObject } from './copy-ops.js';
import { getObjectAcl, getObjectAttributes, putObjectAcl } from './object-attributes-ops.js';
import * as lists from './list-ops.js';
import * as mpl from './multipart-list-ops.js';
import * as mp from './multipart-ops.js';
import * as objects from './object-ops.js';
import * as tagging from './object-tagging-ops.js';
import type { HttpHooks } from '../service-definition.js';
import { s3HttpHooks } from './http-hooks.js';
import { S3State, type S3StateDeps } from './s3-state.js';

type Empty = Record<string, never>;
const EMPTY: Empty = {};

export class S3Provider implements Partial<api.S3Api> {
  readonly state: S3State;
  /** Virtual-hosted and accelerate hosts, bucket CORS (the gateway's HttpHooks). */
  readonly http: HttpHooks;

  constructor(deps: S3StateDeps) {
    this.state = new S3State(deps);
    this.http = s3HttpHooks(this.state);
  }

  // Buckets
  async createBucket(ctx: RequestContext, input: api.CreateBucketRequest): Promise<api.CreateBucketOutput> {
    this.state.checkExpectedOwner(input);
    return buckets.createBucket(this.state, ctx, input);
  }
  async headBucket(ctx: RequestContext, input: api.HeadBucketRequest): Promise<api.HeadBucketOutput> {
    this.state.checkExpectedOwner(input);
    return buckets.headBucket(this.state, ctx, input);
  }
  async listBuckets(ctx: RequestContext, input: api.ListBucketsRequest): Promise<api.ListBucketsOutput> {
    return buckets.listBuckets(this.state, ctx, input);
  }
  async getBucketLocation(ctx: RequestContext, input: api.GetBucketLocationRequest): Promise<api.GetBucketLocationOutput> {
    this.state.checkExpectedOwner(input);
    return buckets.getBucketLocation(this.state, ctx, input);
  }
  async deleteBucket(ctx: RequestContext, input: api.DeleteBucketRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    buckets.deleteBucket(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketVersioning(ctx: RequestContext, input: api.GetBucketVersioningRequest): Promise<api.GetBucketVersioningOutput> {
    this.state.checkExpectedOwner(input);
    return buckets.getBucketVersioning(this.state, ctx, input);
  }
  async putBucketVersioning(ctx: RequestContext, input: api.PutBucketVersioningRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    buckets.putBucketVersioning(this.state, ctx, input);
    return EMPTY;
  }

  // Bucket configurations
  async putBucketTagging(ctx: RequestContext, input: api.PutBucketTaggingRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putTagging(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketTagging(ctx: RequestContext, input: api.GetBucketTaggingRequest): Promise<api.GetBucketTaggingOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getTagging(this.state, ctx, input.Bucket);
  }
  async deleteBucketTagging(_ctx: RequestContext, input: api.DeleteBucketTaggingRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'tagging');
    return EMPTY;
  }
  async putBucketPolicy(ctx: RequestContext, input: api.PutBucketPolicyRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putPolicy(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketPolicy(ctx: RequestContext, input: api.GetBucketPolicyRequest): Promise<api.GetBucketPolicyOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getPolicy(this.state, ctx, input.Bucket);
  }
  async deleteBucketPolicy(_ctx: RequestContext, input: api.DeleteBucketPolicyRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'policy');
    return EMPTY;
  }
  async putBucketCors(ctx: RequestContext, input: api.PutBucketCorsRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putCors(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketCors(ctx: RequestContext, input: api.GetBucketCorsRequest): Promise<api.GetBucketCorsOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getCors(this.state, ctx, input.Bucket);
  }
  async deleteBucketCors(_ctx: RequestContext, input: api.DeleteBucketCorsRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'cors');
    return EMPTY;
  }
  async putBucketLifecycleConfiguration(ctx: RequestContext, input: api.PutBucketLifecycleConfigurationRequest): Promise<api.PutBucketLifecycleConfigurationOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.putLifecycle(this.state, ctx, input);
  }
  async getBucketLifecycleConfiguration(ctx: RequestContext, input: api.GetBucketLifecycleConfigurationRequest): Promise<api.GetBucketLifecycleConfigurationOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getLifecycle(this.state, ctx, input.Bucket);
  }
  async deleteBucketLifecycle(_ctx: RequestContext, input: api.DeleteBucketLifecycleRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'lifecycle');
    return EMPTY;
  }
  async putBucketEncryption(ctx: RequestContext, input: api.PutBucketEncryptionRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putEncryption(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketEncryption(ctx: RequestContext, input: api.GetBucketEncryptionRequest): Promise<api.GetBucketEncryptionOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getEncryption(this.state, ctx, input.Bucket);
  }
  async deleteBucketEncryption(_ctx: RequestContext, input: api.DeleteBucketEncryptionRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'encryption');
    return EMPTY;
  }
  async putBucketAcl(ctx: RequestContext, input: api.PutBucketAclRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putAcl(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketAcl(ctx: RequestContext, input: api.GetBucketAclRequest): Promise<api.GetBucketAclOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getAcl(this.state, ctx, input.Bucket);
  }
  async putBucketOwnershipControls(ctx: RequestContext, input: api.PutBucketOwnershipControlsRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putOwnership(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketOwnershipControls(ctx: RequestContext, input: api.GetBucketOwnershipControlsRequest): Promise<api.GetBucketOwnershipControlsOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getOwnership(this.state, ctx, input.Bucket);
  }
  async deleteBucketOwnershipControls(_ctx: RequestContext, input: api.DeleteBucketOwnershipControlsRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'ownership');
    return EMPTY;
  }
  async putPublicAccessBlock(ctx: RequestContext, input: api.PutPublicAccessBlockRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putPublicAccessBlock(this.state, ctx, input);
    return EMPTY;
  }
  async getPublicAccessBlock(ctx: RequestContext, input: api.GetPublicAccessBlockRequest): Promise<api.GetPublicAccessBlockOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getPublicAccessBlock(this.state, ctx, input.Bucket);
  }
  async deletePublicAccessBlock(_ctx: RequestContext, input: api.DeletePublicAccessBlockRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'public-access-block');
    return EMPTY;
  }
  async putBucketNotificationConfiguration(ctx: RequestContext, input: api.PutBucketNotificationConfigurationRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    await bucketConfig.putNotification(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketNotificationConfiguration(ctx: RequestContext, input: api.GetBucketNotificationConfigurationRequest): Promise<api.NotificationConfiguration> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getNotification(this.state, ctx, input.Bucket);
  }
  async putBucketAccelerateConfiguration(ctx: RequestContext, input: api.PutBucketAccelerateConfigurationRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    bucketConfig.putAccelerate(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketAccelerateConfiguration(ctx: RequestContext, input: api.GetBucketAccelerateConfigurationRequest): Promise<api.GetBucketAccelerateConfigurationOutput> {
    this.state.checkExpectedOwner(input);
    return bucketConfig.getAccelerate(this.state, ctx, input.Bucket);
  }

  async putBucketWebsite(ctx: RequestContext, input: api.PutBucketWebsiteRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    moreBucketConfig.putWebsite(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketWebsite(ctx: RequestContext, input: api.GetBucketWebsiteRequest): Promise<api.GetBucketWebsiteOutput> {
    this.state.checkExpectedOwner(input);
    return moreBucketConfig.getWebsite(this.state, ctx, input.Bucket);
  }
  async deleteBucketWebsite(_ctx: RequestContext, input: api.DeleteBucketWebsiteRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'website');
    return EMPTY;
  }
  async putBucketLogging(ctx: RequestContext, input: api.PutBucketLoggingRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    moreBucketConfig.putLogging(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketLogging(ctx: RequestContext, input: api.GetBucketLoggingRequest): Promise<api.GetBucketLoggingOutput> {
    this.state.checkExpectedOwner(input);
    return moreBucketConfig.getLogging(this.state, ctx, input.Bucket);
  }
  async putBucketRequestPayment(ctx: RequestContext, input: api.PutBucketRequestPaymentRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    moreBucketConfig.putRequestPayment(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketRequestPayment(ctx: RequestContext, input: api.GetBucketRequestPaymentRequest): Promise<api.GetBucketRequestPaymentOutput> {
    this.state.checkExpectedOwner(input);
    return moreBucketConfig.getRequestPayment(this.state, ctx, input.Bucket);
  }
  async putBucketReplication(ctx: RequestContext, input: api.PutBucketReplicationRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    moreBucketConfig.putReplication(this.state, ctx, input);
    return EMPTY;
  }
  async getBucketReplication(ctx: RequestContext, input: api.GetBucketReplicationRequest): Promise<api.GetBucketReplicationOutput> {
    this.state.checkExpectedOwner(input);
    return moreBucketConfig.getReplication(this.state, ctx, input.Bucket);
  }
  async deleteBucketReplication(_ctx: RequestContext, input: api.DeleteBucketReplicationRequest): Promise<Empty> {
    this.state.checkExpectedOwner(input);
    deleteConfig(this.state, input.Bucket, 'replication');
    return EMPTY;
  }
  async putObjectLockConfiguration(ctx: RequestContext, input: api.PutObjectLockConfigurationRequest): Promise<api.PutObjectLockConfigurationOutput> {
    this.state.checkExpectedOwner(input);
    moreBucketConfig.putObjectLock(this.state, ctx, input);
    return {};
  }
  async getObjectLockConfiguration(ctx: RequestContext, input: api.GetObjectLockConfigurationRequest): Promise<api.GetObjectLockConfigurationOutput> {
    this.state.checkExpectedOwner(input);
    return moreBucketConfig.getObjectLock(this.state, ctx, input.Bucket);
  }

  // Objects
  async putObject(ctx: RequestContext, input: api.PutObjectRequest): Promise<api.PutObjectOutput> {
    this.state.checkExpectedOwner(input);
    return objects.putObject(this.state, ctx, input);
  }
  async getObject(ctx: RequestContext, input: api.GetObjectRequest): Promise<api.GetObjectOutput> {
    this.state.checkExpectedOwner(input);
    return objects.getObject(this.state, ctx, input);
  }
  async headObject(ctx: RequestContext, input: api.HeadObjectRequest): Promise<api.HeadObjectOutput> {
    this.state.checkExpectedOwner(input);
    return objects.headObject(this.state, ctx, input);
  }
  async deleteObject(ctx: RequestContext, input: api.DeleteObjectRequest): Promise<api.DeleteObjectOutput> {
    this.state.checkExpectedOwner(input);
    return objects.deleteObject(this.state, ctx, input);
  }
  async deleteObjects(ctx: RequestContext, input: api.DeleteObjectsRequest): Promise<api.DeleteObjectsOutput> {
    this.state.checkExpectedOwner(input);
    return objects.deleteObjects(this.state, ctx, input);
  }
  async copyObject(ctx: RequestContext, input: api.CopyObjectRequest): Promise<api.CopyObjectOutput> {
    this.state.checkExpectedOwner(input);
    return copyObject(this.state, ctx, input);
  }
  async getObjectAttributes(ctx: RequestContext, input: api.GetObjectAttributesRequest): Promise<api.GetObjectAttributesOutput> {
    this.state.checkExpectedOwner(input);
    return getObjectAttributes(this.state, ctx, input);
  }
  async getObjectAcl(ctx: RequestContext, input: api.GetObjectAclRequest): Promise<api.GetObjectAclOutput> {
    this.state.checkExpectedOwner(input);
    return getObjectAcl(this.state, ctx, input);
  }
  async putObjectAcl(ctx: RequestContext, input: api.PutObjectAclRequest): Promise<api.PutObjectAclOutput> {
    this.state.checkExpectedOwner(input);
    putObjectAcl(this.state, ctx, input);
    return {};
  }
  async putObjectTagging(ctx: RequestContext, input: api.PutObjectTaggingRequest): Promise<api.PutObjectTaggingOutput> {
    this.state.checkExpectedOwner(input);
    return tagging.putObjectTagging(this.state, ctx, input);
  }
  async getObjectTagging(ctx: RequestContext, input: api.GetObjectTaggingRequest): Promise<api.GetObjectTaggingOutput> {
    this.state.checkExpectedOwner(input);
    return tagging.getObjectTagging(this.state, ctx, input);
  }
  async deleteObjectTagging(ctx: RequestContext, input: api.DeleteObjectTaggingRequest): Promise<api.DeleteObjectTaggingOutput> {
    this.state.checkExpectedOwner(input);
    return tagging.deleteObjectTagging(this.state, ctx, input);
  }

  // Listings
  async listObjects(ctx: RequestContext, input: api.ListObjectsRequest): Promise<api.ListObjectsOutput> {
    this.state.checkExpectedOwner(input);
    return lists.listObjects(this.state, ctx, input);
  }
  async listObjectsV2(ctx: RequestContext, input: api.ListObjectsV2Request): Promise<api.ListObjectsV2Output> {
    this.state.checkExpectedOwner(input);
    return lists.listObjectsV2(this.state, ctx, input);
  }
  async listObjectVersions(ctx: RequestContext, input: api.ListObjectVersionsRequest): Promise<api.ListObjectVersionsOutput> {
    this.state.checkExpectedOwner(input);
    return lists.listObjectVersions(this.state, ctx, input);
  }

  // Multipart
  async createMultipartUpload(ctx: RequestContext, input: api.CreateMultipartUploadRequest): Promise<api.CreateMultipartUploadOutput> {
    this.state.checkExpectedOwner(input);
    return mp.createMultipartUpload(this.state, ctx, input);
  }
  async uploadPart(ctx: RequestContext, input: api.UploadPartRequest): Promise<api.UploadPartOutput> {
    this.state.checkExpectedOwner(input);
    return mp.uploadPart(this.state, ctx, input);
  }
  async uploadPartCopy(ctx: RequestContext, input: api.UploadPartCopyRequest): Promise<api.UploadPartCopyOutput> {
    this.state.checkExpectedOwner(input);
    return mp.uploadPartCopy(this.state, ctx, input);
  }
  async completeMultipartUpload(ctx: RequestContext, input: api.CompleteMultipartUploadRequest): Promise<api.CompleteMultipartUploadOutput> {
    this.state.checkExpectedOwner(input);
    return mp.completeMultipartUpload(this.state, ctx, input);
  }
  async abortMultipartUpload(ctx: RequestContext, input: api.AbortMultipartUploadRequest): Promise<api.AbortMultipartUploadOutput> {
    this.state.checkExpectedOwner(input);
    mp.abortMultipartUpload(this.state, ctx, input);
    return {};
  }
  async listParts(ctx: RequestContext, input: api.ListPartsRequest): Promise<api.ListPartsOutput> {
    this.state.checkExpectedOwner(input);
    return mpl.listParts(this.state, ctx, input);
  }
  async listMultipartUploads(ctx: RequestContext, input: api.ListMultipartUploadsRequest): Promise<api.ListMultipartUploadsOutput> {
    this.state.checkExpectedOwner(input);
    return mpl.listMultipartUploads(this.state, ctx, input);
  }
}

// What each kumo service declares for authorization: its IAM prefix, the operations whose action differs from the
// operation's name, and where ARN variables come from. Everything else (resource types, ARN templates, condition
// keys) comes from the Service Authorization Reference data (action-map.ts).
import type { ServiceAuthorization } from './action-map.js';
import { AUTOSCALING_AUTHORIZATION } from './services/autoscaling.js';
import { CLOUDFRONT_AUTHORIZATION } from './services/cloudfront.js';
import { DYNAMODB_AUTHORIZATION } from './services/dynamodb.js';
import { DYNAMODB_STREAMS_AUTHORIZATION } from './services/dynamodb-streams.js';
import { EC2_AUTHORIZATION } from './services/ec2.js';
import { ELB_CLASSIC_AUTHORIZATION } from './services/elb-classic.js';
import { MFT_AUTHORIZATION } from './services/mft.js';
import { ELBV2_AUTHORIZATION } from './services/elbv2.js';
import { ROUTE53_AUTHORIZATION } from './services/route53.js';
import { WAFV2_AUTHORIZATION } from './services/wafv2.js';
import { s3ConditionValues } from './services/s3-conditions.js';
import { str } from './services/input-values.js';

/** An SQS queue URL's account and name: http://host/<account>/<name>. */
function queueFromUrl(url: unknown): Record<string, string | undefined> {
  const m = typeof url === 'string' ? /\/(\d{12})\/([^/?]+)\/?$/.exec(url) : null;
  return m ? { Account: m[1], QueueName: m[2] } : {};
}

/** The last segment of an IAM ARN (name, with any path dropped). */
function iamName(arn: unknown): string | undefined {
  return typeof arn === 'string' && arn.includes('/') ? arn.slice(arn.indexOf('/') + 1) : undefined;
}

export const SERVICE_AUTHORIZATION: Readonly<Record<string, ServiceAuthorization>> = {
  iam: {
    prefix: 'iam',
    resourceVariables: (_op, input) => ({
      UserNameWithPath: str(input.UserName),
      RoleNameWithPath: str(input.RoleName),
      GroupNameWithPath: str(input.GroupName),
      InstanceProfileNameWithPath: str(input.InstanceProfileName),
      PolicyNameWithPath: str(input.PolicyName) ?? iamName(input.PolicyArn),
    }),
  },
  sqs: {
    prefix: 'sqs',
    // Batch calls are authorized as their single-message action (SQS Developer Guide, "Amazon SQS API permissions").
    actions: { SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage', ChangeMessageVisibilityBatch: 'ChangeMessageVisibility' },
    resourceVariables: (_op, input) => queueFromUrl(input.QueueUrl),
  },
  dynamodb: DYNAMODB_AUTHORIZATION,
  'dynamodb-streams': DYNAMODB_STREAMS_AUTHORIZATION,
  ec2: EC2_AUTHORIZATION,
  'elastic-load-balancing': ELB_CLASSIC_AUTHORIZATION,
  'route-53': ROUTE53_AUTHORIZATION,
  mft: MFT_AUTHORIZATION,
  cloudfront: CLOUDFRONT_AUTHORIZATION,
  wafv2: WAFV2_AUTHORIZATION,
  'auto-scaling': AUTOSCALING_AUTHORIZATION,
  'elastic-load-balancing-v2': ELBV2_AUTHORIZATION,
  firehose: { prefix: 'firehose' },
  cloudwatch: { prefix: 'cloudwatch' },
  s3: {
    prefix: 's3',
    // S3's operation names differ from its actions (Service Authorization Reference, "Amazon S3": "API operations").
    actions: {
      ListBuckets: 'ListAllMyBuckets',
      HeadBucket: 'ListBucket',
      ListObjects: 'ListBucket',
      ListObjectsV2: 'ListBucket',
      ListObjectVersions: 'ListBucketVersions',
      HeadObject: 'GetObject',
      CopyObject: 'PutObject',
      DeleteObjects: 'DeleteObject',
      CreateMultipartUpload: 'PutObject',
      UploadPart: 'PutObject',
      UploadPartCopy: 'PutObject',
      CompleteMultipartUpload: 'PutObject',
      ListMultipartUploads: 'ListBucketMultipartUploads',
      ListParts: 'ListMultipartUploadParts',
      GetBucketCors: 'GetBucketCORS',
      PutBucketCors: 'PutBucketCORS',
      DeleteBucketCors: 'PutBucketCORS',
      GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
      PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
      DeleteBucketLifecycle: 'PutLifecycleConfiguration',
      GetBucketEncryption: 'GetEncryptionConfiguration',
      PutBucketEncryption: 'PutEncryptionConfiguration',
      DeleteBucketEncryption: 'PutEncryptionConfiguration',
      GetBucketReplication: 'GetReplicationConfiguration',
      PutBucketReplication: 'PutReplicationConfiguration',
      DeleteBucketReplication: 'PutReplicationConfiguration',
      GetBucketAccelerateConfiguration: 'GetAccelerateConfiguration',
      PutBucketAccelerateConfiguration: 'PutAccelerateConfiguration',
      GetBucketNotificationConfiguration: 'GetBucketNotification',
      PutBucketNotificationConfiguration: 'PutBucketNotification',
      GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
      PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
      DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
      DeleteBucketTagging: 'PutBucketTagging',
      DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
      GetBucketMetricsConfiguration: 'GetMetricsConfiguration',
      PutBucketMetricsConfiguration: 'PutMetricsConfiguration',
      DeleteBucketMetricsConfiguration: 'PutMetricsConfiguration',
      ListBucketMetricsConfigurations: 'GetMetricsConfiguration',
      GetBucketInventoryConfiguration: 'GetInventoryConfiguration',
      PutBucketInventoryConfiguration: 'PutInventoryConfiguration',
      DeleteBucketInventoryConfiguration: 'PutInventoryConfiguration',
      ListBucketInventoryConfigurations: 'GetInventoryConfiguration',
      GetBucketAnalyticsConfiguration: 'GetAnalyticsConfiguration',
      PutBucketAnalyticsConfiguration: 'PutAnalyticsConfiguration',
      DeleteBucketAnalyticsConfiguration: 'PutAnalyticsConfiguration',
      ListBucketAnalyticsConfigurations: 'GetAnalyticsConfiguration',
      GetBucketIntelligentTieringConfiguration: 'GetIntelligentTieringConfiguration',
      PutBucketIntelligentTieringConfiguration: 'PutIntelligentTieringConfiguration',
      DeleteBucketIntelligentTieringConfiguration: 'PutIntelligentTieringConfiguration',
      ListBucketIntelligentTieringConfigurations: 'GetIntelligentTieringConfiguration',
      GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
      PutObjectLockConfiguration: 'PutBucketObjectLockConfiguration',
      GetObjectAttributes: 'GetObjectAttributes',
      DeleteBucketWebsite: 'DeleteBucketWebsite',
      RestoreObject: 'RestoreObject',
      SelectObjectContent: 'GetObject',
    },
    resourceVariables: (_op, input) => ({ BucketName: str(input.Bucket), ObjectName: str(input.Key) }),
    conditionValues: s3ConditionValues,
  },
};

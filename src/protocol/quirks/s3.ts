// S3's departures from plain rest-xml: a bare <Error> body (no ErrorResponse wrapper, none on HEAD), the S3
// namespace on every body, root element names the model does not carry, and GetBucketLocation's bare root value.
import type { AwsError } from '../../core/aws-error.js';
import type { XmlNode } from '../shared/xml.js';
import { xmlNode } from '../shared/xml.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * Root elements S3 really sends for outputs without a payload member. botocore's model names only the shape
 * (ListObjectsV2Output); the element names come from the S3 API reference's response syntax sections.
 */
const ROOT_ELEMENTS: Record<string, string> = {
  ListBuckets: 'ListAllMyBucketsResult',
  ListDirectoryBuckets: 'ListAllMyDirectoryBucketsResult',
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  ListObjectVersions: 'ListVersionsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
  ListParts: 'ListPartsResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  CreateSession: 'CreateSessionResult',
  DeleteObjects: 'DeleteResult',
  GetBucketTagging: 'Tagging',
  GetObjectTagging: 'Tagging',
  GetBucketAcl: 'AccessControlPolicy',
  GetObjectAcl: 'AccessControlPolicy',
  GetBucketVersioning: 'VersioningConfiguration',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketWebsite: 'WebsiteConfiguration',
  GetBucketNotificationConfiguration: 'NotificationConfiguration',
  GetBucketLogging: 'BucketLoggingStatus',
  GetBucketAccelerateConfiguration: 'AccelerateConfiguration',
  GetBucketRequestPayment: 'RequestPaymentConfiguration',
  GetObjectAttributes: 'GetObjectAttributesResponse',
  ListBucketAnalyticsConfigurations: 'ListBucketAnalyticsConfigurationResult',
  ListBucketInventoryConfigurations: 'ListInventoryConfigurationsResult',
  ListBucketMetricsConfigurations: 'ListMetricsConfigurationsResult',
};

/**
 * S3's model gives GetObject/HeadObject no status binding, yet S3 answers a satisfied Range with 206 Partial Content and
 * Content-Range (S3 GetObject docs, "Range"); the output's ContentRange is present exactly then.
 */
export function s3ResponseStatus(operation: string, output: Record<string, unknown>, modeled: number): number {
  // HEAD answers 206 too for a Range or partNumber (aws-recordings/s3 test_s3 test_get_object_part "head-object-part").
  if ((operation === 'GetObject' || operation === 'HeadObject') && output['ContentRange'] !== undefined) return 206;
  // RestoreObject: 202 Accepted for a restore started, 200 when a restored copy's expiry moves (S3 API reference;
  // test_s3.snapshot.json test_s3_get_deep_archive_object_restore restore_object: 202).
  if (operation === 'RestoreObject') return output['$restoreStatus'] === 200 ? 200 : 202;
  // test_s3_api.snapshot.json TestS3BucketObjectTagging::test_bucket_tagging_crud put-bucket-tags: 204, not the modeled 200.
  return operation === 'PutBucketTagging' ? 204 : modeled;
}

/** HeadBucket carries Content-Type: application/xml though it has no body (S3 answers so; issue 25). */
export function s3BodylessContentType(operation: string): string | undefined {
  return operation === 'HeadBucket' ? 'application/xml' : undefined;
}

export function s3RootElement(operation: string): string | undefined {
  return ROOT_ELEMENTS[operation];
}

/**
 * GetBucketLocation answers `<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>`: the member itself is
 * the root, empty for us-east-1 (S3 API reference, GetBucketLocation response syntax).
 */
export function s3BucketLocationBody(output: Record<string, unknown>): XmlNode {
  const value = output['LocationConstraint'];
  return xmlNode('LocationConstraint', typeof value === 'string' ? value : '', { xmlns: S3_NAMESPACE });
}

/**
 * S3's error document: `<Error><Code/><Message/>…extra fields…<RequestId/><HostId/></Error>` with no wrapper
 * (S3 API reference, "Error responses"). Extra fields (Key, BucketName, Condition…) are written as text.
 */
export function s3ErrorBody(error: AwsError, requestId: string, fieldNodes: XmlNode[]): XmlNode {
  return xmlNode('Error', [
    xmlNode('Code', error.code),
    xmlNode('Message', error.message),
    ...fieldNodes,
    xmlNode('RequestId', requestId),
    xmlNode('HostId', s3HostId(requestId)),
  ]);
}

/** S3's x-amz-id-2 / HostId is an opaque base64 token; ours is derived from the request id so it is stable per request. */
export function s3HostId(requestId: string): string {
  return Buffer.from(`kumo/${requestId}`).toString('base64');
}

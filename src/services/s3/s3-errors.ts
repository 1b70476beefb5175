// S3's common errors with its exact codes, statuses, messages and extra fields, built in one place.
// Sources: test_s3.snapshot.json and test_s3_api.snapshot.json (keys named beside each).
import { AwsError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/s3/errors.js';

/** TestS3::test_bucket_does_not_exist */
export function noSuchBucket(bucket: string): AwsError {
  return modeledError('NoSuchBucket', 'The specified bucket does not exist', { fields: { BucketName: bucket } });
}

/** TestS3::test_range_key_not_exists */
export function noSuchKey(key: string): AwsError {
  return modeledError('NoSuchKey', 'The specified key does not exist.', { fields: { Key: key } });
}

/** TestS3ObjectCRUD::test_delete_object_versioned get-deleted-object-with-version */
export function noSuchVersion(key: string, versionId: string): AwsError {
  return new AwsError('NoSuchVersion', 'The specified version does not exist.', { status: 404, fields: { Key: key, VersionId: versionId } });
}

/** TestS3::test_get_object_part part-no-multipart / part-doesnt-exist: a part beyond the object's part count. */
export function invalidPartNumber(requested: number, actual: number): AwsError {
  return new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', {
    status: 416, fields: { PartNumberRequested: String(requested), ActualPartCount: String(actual) },
  });
}

/** TestS3::test_multipart_no_such_upload */
export function noSuchUpload(uploadId: string): AwsError {
  return modeledError('NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { fields: { UploadId: uploadId } });
}

/** TestS3::test_create_bucket_with_existing_name */
export function bucketAlreadyOwnedByYou(bucket: string): AwsError {
  return modeledError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.',
    { fields: { BucketName: bucket } });
}

/** S3 API reference, error codes: BucketAlreadyExists. */
export function bucketAlreadyExists(bucket: string): AwsError {
  return new AwsError('BucketAlreadyExists',
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    { status: 409, fields: { BucketName: bucket } });
}

/** TestS3BucketCRUD::test_delete_bucket_with_objects / test_delete_versioned_bucket_with_objects */
export function bucketNotEmpty(bucket: string, versioned: boolean): AwsError {
  const message = versioned
    ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.'
    : 'The bucket you tried to delete is not empty';
  return new AwsError('BucketNotEmpty', message, { status: 409, fields: { BucketName: bucket } });
}

/** S3 API reference, error codes: KeyTooLongError (keys are at most 1,024 UTF-8 bytes). */
export function keyTooLong(): AwsError {
  return new AwsError('KeyTooLongError', 'Your key is too long', { status: 400 });
}

/** S3 API reference, error codes: EntityTooLarge (single PUT above 5 GiB). */
export function entityTooLarge(proposed: number, max: number): AwsError {
  return new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
    status: 400, fields: { ProposedSize: String(proposed), MaxSizeAllowed: String(max) },
  });
}

/** TestS3::test_s3_invalid_content_md5 md5-error-* */
export function invalidDigest(contentMd5: string): AwsError {
  return new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', { status: 400, fields: { 'Content-MD5': contentMd5 } });
}

/** TestS3::test_s3_invalid_content_md5 md5-error-bad-digest */
export function badContentMd5(expected: string, calculatedBase64: string): AwsError {
  return new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
    status: 400, fields: { ExpectedDigest: expected, CalculatedDigest: calculatedBase64 },
  });
}

/** TestS3PutObjectChecksum::test_put_object_checksum[*] put-wrong-checksum-value (CompleteMultipartUpload names the
 *  algorithm in lower case: test_multipart_parts_checksum_exceptions_full_object complete-part-bad-checksum). */
export function badChecksum(algorithm: string): AwsError {
  return new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, { status: 400 });
}

/** test_multipart_parts_checksum_exceptions_composite complete-part-with-checksum */
export function badPartChecksum(algorithm: string, partNumber: number): AwsError {
  return new AwsError('BadDigest', `The ${algorithm.toLowerCase()} you specified for part ${partNumber} did not match what we received.`, { status: 400 });
}

/** TestS3PutObjectChecksum::test_put_object_checksum[*] put-wrong-checksum-no-b64 */
export function invalidChecksumHeader(algorithm: string): AwsError {
  return new AwsError('InvalidRequest', `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`, { status: 400 });
}

export function invalidArgument(message: string, name: string, value: string | undefined): AwsError {
  return new AwsError('InvalidArgument', message, { status: 400, fields: { ArgumentName: name, ArgumentValue: value } });
}

/** S3 compares a hex x-amz-content-sha256 with the body (S3 ErrorResponses: XAmzContentSHA256Mismatch, 400). */
export function contentSha256Mismatch(claimed: string, computed: string): AwsError {
  return new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    status: 400, fields: { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: computed },
  });
}

/** The values S3 accepts in x-amz-content-sha256 (SigV4 for S3: payload signing options). */
const PAYLOAD_HASH_KINDS = new Set([
  'UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

/** A present x-amz-content-sha256 that is neither a hex digest nor a payload kind is InvalidArgument, signed or not
 *  (S3's answer as reported by its users, e.g. github.com/irods/irods_resource_plugin_s3/issues/1833). */
export function checkContentSha256Value(value: string | undefined): void {
  if (value === undefined || /^[0-9a-fA-F]{64}$/.test(value) || PAYLOAD_HASH_KINDS.has(value)) return;
  throw invalidArgument('x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.',
    'x-amz-content-sha256', value);
}

export function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequest', message, { status: 400 });
}

export function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', { status: 400 });
}

/** A GET on a configuration that was never set, e.g. NoSuchTagSet "The TagSet does not exist". */
export function noSuchConfiguration(code: string, message: string, bucket: string): AwsError {
  return new AwsError(code, message, { status: 404, fields: { BucketName: bucket } });
}

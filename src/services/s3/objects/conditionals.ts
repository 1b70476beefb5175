// Conditional request rules: read preconditions (GetObject/HeadObject → 304/412), copy-source preconditions (412),
// and write preconditions (PutObject/CompleteMultipartUpload/CopyObject If-Match / If-None-Match: *).
import { AwsError } from '../../../core/aws-error.js';
import { etagMatches } from './etag.js';

export interface ConditionalHeaders {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: Date | undefined;
  ifUnmodifiedSince?: Date | undefined;
}

export interface ObjectVersionFacts {
  etag: string;
  /** Milliseconds since the epoch; S3 compares at one-second precision. */
  lastModified: number;
}

/** S3's 412 (test_s3.snapshot.json TestS3::test_precondition_failed_error). */
export function preconditionFailed(condition: string): AwsError {
  return new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    status: 412,
    fields: { Condition: condition },
  });
}

/** 304 carries no body; the codec writes the status and the validators only. */
export function notModified(facts: ObjectVersionFacts): AwsError {
  return new AwsError('NotModified', 'Not Modified', {
    status: 304,
    headers: { ETag: facts.etag, 'Last-Modified': new Date(facts.lastModified).toUTCString() },
  });
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * GetObject/HeadObject precedence (S3 API reference, GetObject "Request headers"): If-Match true makes
 * If-Unmodified-Since irrelevant; If-None-Match false (tag differs) with If-Modified-Since still answers 304 only when
 * the date condition fails. A future If-Modified-Since is ignored, as for copy sources
 * (test_s3_preconditions.snapshot.json test_s3_copy_object_preconditions copy-ignore-future-modified-since).
 */
export function checkReadConditions(h: ConditionalHeaders, facts: ObjectVersionFacts, now: number): void {
  const failure = firstFailure(h, facts, now);
  if (failure === undefined) return;
  if (failure === 'If-None-Match' || failure === 'If-Modified-Since') throw notModified(facts);
  throw preconditionFailed(failure);
}

/** x-amz-copy-source-if-* : every failure is a 412 naming the copy-source header
 *  (test_s3_preconditions.snapshot.json test_s3_copy_object_preconditions; test_s3_api UploadPartCopy cases). */
export function checkCopySourceConditions(h: ConditionalHeaders, facts: ObjectVersionFacts, now: number): void {
  const failure = firstFailure(h, facts, now);
  if (failure !== undefined) throw preconditionFailed(`x-amz-copy-source-${failure}`);
}

type Failure = 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match' | 'If-Modified-Since';

function firstFailure(h: ConditionalHeaders, facts: ObjectVersionFacts, now: number): Failure | undefined {
  const modified = seconds(facts.lastModified);
  if (h.ifMatch !== undefined) {
    if (!etagMatches(h.ifMatch, facts.etag)) return 'If-Match';
  } else if (h.ifUnmodifiedSince !== undefined && modified > seconds(h.ifUnmodifiedSince.getTime())) {
    return 'If-Unmodified-Since';
  }
  if (h.ifNoneMatch !== undefined) {
    if (etagMatches(h.ifNoneMatch, facts.etag)) return 'If-None-Match';
  } else if (h.ifModifiedSince !== undefined) {
    const since = h.ifModifiedSince.getTime();
    if (since <= now && modified <= seconds(since)) return 'If-Modified-Since';
  }
  return undefined;
}

function notImplementedHeader(header: string, additionalMessage?: string): AwsError {
  const fields: Record<string, unknown> = { Header: header };
  if (additionalMessage !== undefined) fields['additionalMessage'] = additionalMessage;
  return new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', { status: 501, fields });
}

/** Validates write preconditions before any byte is read (test_s3_api.snapshot.json TestS3ObjectWritePrecondition
 *  *_validation: If-None-Match only `*`, If-Match never `*`, not both). */
export function validateWriteConditions(ifMatch: string | undefined, ifNoneMatch: string | undefined): void {
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw notImplementedHeader('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  }
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw notImplementedHeader('If-None-Match', "We don't accept the provided value of If-None-Match header for this API");
  }
  if (ifMatch !== undefined && ifMatch.trim() === '*') {
    throw notImplementedHeader('If-Match', "We don't accept the provided value of If-Match header for this API");
  }
}

/**
 * Checks write preconditions against the current version (undefined when absent or a delete marker):
 * If-None-Match: * fails with 412 when an object exists; If-Match answers NoSuchKey when none does, 412 on a different
 * ETag (test_put_object_if_match, test_put_object_if_none_match).
 */
export function checkWriteConditions(ifMatch: string | undefined, ifNoneMatch: string | undefined, key: string,
  current: { etag: string } | undefined): void {
  if (ifNoneMatch !== undefined && current !== undefined) throw preconditionFailed('If-None-Match');
  if (ifMatch !== undefined) {
    if (current === undefined) {
      throw new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: key } });
    }
    if (!etagMatches(ifMatch, current.etag)) throw preconditionFailed('If-Match');
  }
}

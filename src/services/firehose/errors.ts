// Firehose's modeled errors (json 1.1 `__type` codes, all HTTP 400) with the wording real Firehose uses where it is
// known; rule modules throw these so the operation layer never builds error shapes by hand.
import { AwsError } from '../../core/aws-error.js';

export function invalidArgument(message: string): AwsError {
  return new AwsError('InvalidArgumentException', message);
}

// Wording as real Firehose answers DescribeDeliveryStream for a missing stream ("Firehose turbottest64101 under
// account 632902152528 not found.", quoted in turbot/steampipe-plugin-aws issue 759).
export function streamNotFound(name: string, account: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Firehose ${name} under account ${account} not found.`);
}

// Wording as Firehose answers CreateDeliveryStream for a taken name (the form moto mirrors from AWS).
export function streamInUse(name: string, account: string): AwsError {
  return new AwsError('ResourceInUseException', `Firehose ${name} under accountId ${account} already exists`);
}

export function resourceInUse(message: string): AwsError {
  return new AwsError('ResourceInUseException', message);
}

export function concurrentModification(message: string): AwsError {
  return new AwsError('ConcurrentModificationException', message);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceededException', message);
}

/** PutRecord's per-call errors and the per-record codes PutRecordBatch reports. */
export function serviceUnavailable(message: string): AwsError {
  return new AwsError('ServiceUnavailableException', message, { status: 503 });
}

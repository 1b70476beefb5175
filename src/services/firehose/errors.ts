// Firehose's modeled errors (json 1.1 `__type` codes; status and fault from the model through modeledError) with
// the wording real Firehose uses where it is known; rule modules throw these, never hand-built error shapes.
import type { AwsError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/firehose/errors.js';

export function invalidArgument(message: string): AwsError {
  return modeledError('InvalidArgumentException', message);
}

// Wording as real Firehose answers DescribeDeliveryStream for a missing stream ("Firehose turbottest64101 under
// account 632902152528 not found.", quoted in turbot/steampipe-plugin-aws issue 759).
export function streamNotFound(name: string, account: string): AwsError {
  return modeledError('ResourceNotFoundException', `Firehose ${name} under account ${account} not found.`);
}

// Wording as Firehose answers CreateDeliveryStream for a taken name (the form moto mirrors from AWS).
export function streamInUse(name: string, account: string): AwsError {
  return modeledError('ResourceInUseException', `Firehose ${name} under accountId ${account} already exists`);
}

export function concurrentModification(message: string): AwsError {
  return modeledError('ConcurrentModificationException', message);
}

export function limitExceeded(message: string): AwsError {
  return modeledError('LimitExceededException', message);
}

/** Throttling of a stream's puts ("Slow down."); the model makes it a 500 server fault. */
export function serviceUnavailable(message: string): AwsError {
  return modeledError('ServiceUnavailableException', message);
}

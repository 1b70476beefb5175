// SQS's errors with AWS's codes: `code` is the JSON protocol's __type, `queryCode` the legacy query code that the
// JSON codec also sends in x-amzn-query-error (SQS is awsQueryCompatible). Evidence: aws-recordings/sqs/*.snapshot.json.
import { AwsError } from '../../core/aws-error.js';
import { ERRORS, modeledError, type ErrorName } from '../../generated/sqs/errors.js';

/**
 * An error that carries both SQS codes. A modeled error takes its status and query code from the model (so the two
 * cannot drift); the arguments are only used for codes the model lacks (InvalidParameterValueException, …).
 */
export function sqsError(code: string, queryCode: string, message: string, status = 400): AwsError {
  if (code in ERRORS) {
    const modeled = modeledError(code as ErrorName, message);
    // The model gives some errors no query code (InvalidAttributeName): keep the one SQS sends, from the recordings.
    return modeled.queryCode === undefined ? new AwsError(modeled.code, message, { status: modeled.status, queryCode }) : modeled;
  }
  return new AwsError(code, message, { status, queryCode });
}

// test_sqs.snapshot.json test_non_existent_queue: "queue-does-not-exist" and "queue-does-not-exist-query".
export function queueDoesNotExist(legacyQuery = false): AwsError {
  const message = legacyQuery ? 'The specified queue does not exist for this wsdl version.' : 'The specified queue does not exist.';
  return sqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', message);
}

// test_sqs.snapshot.json test_send_receive_wait_time_seconds[sqs] "recieve_message_error_too_large".
export function invalidParameterValue(message: string): AwsError {
  return sqsError('InvalidParameterValueException', 'InvalidParameterValue', message);
}

/** "Value <v> for parameter <name> is invalid. Reason: <reason>" — AWS's wording for most parameter errors. */
export function invalidParameter(name: string, value: unknown, reason: string): AwsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
}

// test_sqs.snapshot.json test_send_empty_message[sqs] "send_empty_message".
export function missingParameter(name: string): AwsError {
  return sqsError('MissingRequiredParameterException', 'MissingParameter', `The request must contain the parameter ${name}.`);
}

// test_sqs.snapshot.json test_create_queue_with_different_attributes_raises_exception[sqs] "create_queue_01".
export function queueNameExists(attribute: string): AwsError {
  return sqsError(
    'QueueNameExists',
    'QueueAlreadyExists',
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );
}

export function queueDeletedRecently(): AwsError {
  return sqsError(
    'QueueDeletedRecently',
    'AWS.SimpleQueueService.QueueDeletedRecently',
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  );
}

// test_sqs.snapshot.json test_successive_purge_calls_fail[sqs] "purge_queue_error" (HTTP 403).
export function purgeQueueInProgress(queueName: string): AwsError {
  return sqsError(
    'PurgeQueueInProgress',
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    403,
  );
}

// test_sqs.snapshot.json test_set_unsupported_attribute_standard[sqs] "invalid-attr-name-1".
export function invalidAttributeName(message: string): AwsError {
  return sqsError('InvalidAttributeName', 'InvalidAttributeName', message);
}

export function invalidAttributeValue(message: string): AwsError {
  return sqsError('InvalidAttributeValue', 'InvalidAttributeValue', message);
}

// The SQS API reference (DeleteMessage, Errors) and the SDK's model give ReceiptHandleIsInvalid HTTP 404.
export function receiptHandleIsInvalid(handle: string): AwsError {
  return sqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
}

export function messageNotInflight(): AwsError {
  return sqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.');
}

// test_sqs.snapshot.json test_too_many_entries_in_batch_request[sqs].
export function tooManyEntriesInBatchRequest(count: number): AwsError {
  return sqsError(
    'TooManyEntriesInBatchRequest',
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );
}

export function emptyBatchRequest(entryShape: string): AwsError {
  return sqsError('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', `There should be at least one ${entryShape} in the request.`);
}

export function batchEntryIdsNotDistinct(id: string): AwsError {
  return sqsError('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
}

// test_sqs.snapshot.json test_invalid_batch_id[sqs].
export function invalidBatchEntryId(): AwsError {
  return sqsError(
    'InvalidBatchEntryId',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );
}

// test_sqs.snapshot.json test_send_message_batch_with_oversized_contents[sqs].
export function batchRequestTooLong(sent: number, limit: number): AwsError {
  return sqsError(
    'BatchRequestTooLong',
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
  );
}

export function invalidMessageContents(): AwsError {
  return sqsError(
    'InvalidMessageContents',
    'InvalidMessageContents',
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );
}

// test_sqs_move_task.snapshot.json: ResourceNotFoundException is a 404.
export function resourceNotFound(message: string): AwsError {
  return sqsError('ResourceNotFoundException', 'ResourceNotFoundException', message, 404);
}

export function unsupportedOperation(message: string): AwsError {
  return sqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', message);
}

export function overLimit(message: string): AwsError {
  return sqsError('OverLimit', 'OverLimit', message, 403);
}

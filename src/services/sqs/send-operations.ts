// SendMessage and SendMessageBatch: validate each message against the queue's rules (body, attributes, size,
// FIFO ids and delays), compute AWS's checksums, commit in one transaction, then wake long-polling receivers.
import { isAwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sqs/api.js';
import { MAX_BATCH_BYTES, validateBatchEntries } from './batch.js';
import { requireQueue, type SqsContext } from './context.js';
import { batchRequestTooLong, invalidParameter, invalidParameterValue, missingParameter } from './errors.js';
import { deduplicationId, sequenceNumber, validateDeduplicationId, validateGroupId } from './fifo.js';
import { md5OfAttributes, md5OfBody } from './md5.js';
import type { NewMessage } from './message-store.js';
import { messageSize, oversizeReason, validateBody, validateMessageAttributes, validateSystemAttributes } from './message-validation.js';
import type { Queue } from './queue-store.js';

type SendInput = Omit<api.SendMessageRequest, 'QueueUrl'>;

const MAX_DELAY_SECONDS = 900;
// test_sqs.snapshot.json test_fifo_queue_send_message_with_delay_seconds_fails[sqs] "send_message".
const NOT_FOR_THIS_QUEUE_TYPE = 'The request include parameter that is not valid for this queue type.';

class OversizedMessage extends Error {
  constructor(readonly limit: number) {
    super(oversizeReason(limit));
  }
}

/** Validates one message for the queue and returns what the store needs (throws AwsError or OversizedMessage). */
function prepareMessage(queue: Queue, input: SendInput, senderId: string): { message: NewMessage; size: number } {
  const body = validateBody(input.MessageBody);
  const attributes = validateMessageAttributes(input.MessageAttributes);
  const systemAttributes = validateSystemAttributes(input.MessageSystemAttributes);
  const size = messageSize(body, attributes);
  if (size > queue.settings.maximumMessageSize) throw new OversizedMessage(queue.settings.maximumMessageSize);
  let delaySeconds = queue.settings.delaySeconds;
  if (input.DelaySeconds !== undefined) {
    if (queue.fifo) {
      // test_sqs.snapshot.json test_fifo_queue_send_message_with_zero_delay_defaults_to_queue_delay[sqs]: 0 means "queue default".
      if (input.DelaySeconds !== 0) throw invalidParameter('DelaySeconds', input.DelaySeconds, NOT_FOR_THIS_QUEUE_TYPE);
    } else {
      if (!Number.isInteger(input.DelaySeconds) || input.DelaySeconds < 0 || input.DelaySeconds > MAX_DELAY_SECONDS) {
        throw invalidParameter('DelaySeconds', input.DelaySeconds, `DelaySeconds must be >= 0 and <= ${MAX_DELAY_SECONDS}`);
      }
      delaySeconds = input.DelaySeconds;
    }
  }
  const groupId = input.MessageGroupId;
  if (groupId !== undefined) validateGroupId(groupId);
  // Standard queues check the id's syntax and otherwise ignore it (test_sqs.snapshot.json
  // test_message_deduplication_id_invalid[spaces] / test_message_deduplication_id_success).
  if (input.MessageDeduplicationId !== undefined) validateDeduplicationId(input.MessageDeduplicationId);
  const dedupId = queue.fifo ? deduplicationId(input.MessageDeduplicationId, body, queue.settings.contentBasedDeduplication) : undefined;
  const message: NewMessage = {
    body,
    md5Body: md5OfBody(body),
    attributes,
    md5Attributes: attributes ? md5OfAttributes(attributes) : undefined,
    systemAttributes,
    md5System: systemAttributes ? md5OfAttributes(systemAttributes) : undefined,
    senderId,
    delaySeconds,
    groupId,
    dedupId,
  };
  return { message, size };
}

function sendResult(queue: Queue, message: NewMessage, outcome: { messageId: string; seq: number }): api.SendMessageResult {
  const result: api.SendMessageResult = { MD5OfMessageBody: message.md5Body, MessageId: outcome.messageId };
  if (message.md5Attributes !== undefined) result.MD5OfMessageAttributes = message.md5Attributes;
  if (message.md5System !== undefined) result.MD5OfMessageSystemAttributes = message.md5System;
  if (queue.fifo) result.SequenceNumber = sequenceNumber(outcome.seq);
  return result;
}

export function sendMessage(sqs: SqsContext, ctx: RequestContext, input: api.SendMessageRequest): api.SendMessageResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  // test_sqs.snapshot.json test_posting_to_fifo_requires_deduplicationid_group_id[sqs] "missing-parameter".
  if (queue.fifo && input.MessageGroupId === undefined) throw missingParameter('MessageGroupId');
  let prepared: { message: NewMessage; size: number };
  try {
    prepared = prepareMessage(queue, input, ctx.account);
  } catch (e) {
    // test_sqs.snapshot.json test_send_oversized_message[sqs] "send_oversized_message".
    if (e instanceof OversizedMessage) throw invalidParameterValue(`One or more parameters are invalid. Reason: ${e.message}`);
    throw e;
  }
  const [outcome] = sqs.messages.send(queue, [prepared.message], sqs.clock.now());
  sqs.waiters.notify(queue.id);
  return sendResult(queue, prepared.message, outcome!);
}

export function sendMessageBatch(sqs: SqsContext, ctx: RequestContext, input: api.SendMessageBatchRequest): api.SendMessageBatchResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  const entries = input.Entries ?? [];
  validateBatchEntries(entries, 'SendMessageBatchRequestEntry');
  if (queue.fifo) {
    // test_sqs.snapshot.json test_send_batch_missing_message_group_id_for_fifo_queue[sqs]: the whole request fails.
    if (entries.some((e) => e.MessageGroupId === undefined)) throw invalidParameterValue('The request must contain the parameter MessageGroupId.');
    // test_sqs.snapshot.json test_send_batch_missing_deduplication_id_for_fifo_queue[sqs]: also the whole request.
    const missingDedup = entries.find((e) => e.MessageDeduplicationId === undefined);
    if (missingDedup) deduplicationId(undefined, missingDedup.MessageBody, queue.settings.contentBasedDeduplication);
  }
  const failed: api.BatchResultErrorEntry[] = [];
  const ready: { id: string; message: NewMessage }[] = [];
  let total = 0;
  for (const entry of entries) {
    try {
      const { message, size } = prepareMessage(queue, entry, ctx.account);
      total += size;
      ready.push({ id: entry.Id, message });
    } catch (e) {
      total += Buffer.byteLength(entry.MessageBody ?? '', 'utf8');
      failed.push(batchFailure(entry.Id, e));
    }
  }
  // test_sqs.snapshot.json test_send_message_batch_with_oversized_contents[sqs] "send_oversized_message_batch".
  if (total > MAX_BATCH_BYTES) throw batchRequestTooLong(total, MAX_BATCH_BYTES);
  const outcomes = ready.length > 0 ? sqs.messages.send(queue, ready.map((r) => r.message), sqs.clock.now()) : [];
  if (ready.length > 0) sqs.waiters.notify(queue.id);
  const successful = ready.map((r, i) => ({ Id: r.id, ...sendResult(queue, r.message, outcomes[i]!) }) as api.SendMessageBatchResultEntry);
  return { Successful: successful, Failed: failed };
}

/** A per-entry failure in AWS's shape: the legacy (query) code, SenderFault true. */
export function batchFailure(id: string, e: unknown): api.BatchResultErrorEntry {
  if (e instanceof OversizedMessage) {
    // test_sqs.snapshot.json test_send_batch_message_size "send-message-batch-result".
    return { Id: id, SenderFault: true, Code: 'InvalidParameterValue', Message: `One or more parameters cannot be validated. Reason: ${e.message}` };
  }
  if (isAwsError(e)) return { Id: id, SenderFault: e.fault === 'client', Code: e.queryCode ?? e.code, Message: e.message };
  throw e;
}

// ReceiveMessage (short and long polling, dead-letter moves, FIFO receive attempts), DeleteMessage and
// ChangeMessageVisibility with their batches. Each store call is one transaction; waiting happens between them.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sqs/api.js';
import { validateBatchEntries } from './batch.js';
import { queueByArn, requireQueue, type SqsContext } from './context.js';
import { invalidParameter, messageNotInflight, receiptHandleIsInvalid } from './errors.js';
import type { DeadLetterTarget } from './message-store.js';
import type { Queue } from './queue-store.js';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt-handle.js';
import { attributeSelection, formatMessage } from './receive-format.js';
import { batchFailure } from './send-operations.js';

const MAX_VISIBILITY_SECONDS = 43200;
const MAX_WAIT_SECONDS = 20;
const ATTEMPT_WINDOW_MS = 5 * 60 * 1000;

function checkRange(name: string, value: number | undefined, min: number, max: number, reason: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) throw invalidParameter(name, value, reason);
}

export async function receiveMessage(sqs: SqsContext, ctx: RequestContext, input: api.ReceiveMessageRequest): Promise<api.ReceiveMessageResult> {
  let queue = requireQueue(sqs, ctx, input.QueueUrl);
  // test_sqs.snapshot.json test_send_receive_max_number_of_messages[sqs] and test_send_receive_wait_time_seconds[sqs].
  checkRange('MaxNumberOfMessages', input.MaxNumberOfMessages, 1, 10, 'Must be between 1 and 10, if provided.');
  checkRange('WaitTimeSeconds', input.WaitTimeSeconds, 0, MAX_WAIT_SECONDS, `Must be >= 0 and <= ${MAX_WAIT_SECONDS}, if provided.`);
  checkRange('VisibilityTimeout', input.VisibilityTimeout, 0, MAX_VISIBILITY_SECONDS, `Must be >= 0 and <= ${MAX_VISIBILITY_SECONDS}, if provided.`);
  const max = input.MaxNumberOfMessages ?? 1;
  const selection = attributeSelection(input);
  const attemptKey = queue.fifo && input.ReceiveRequestAttemptId !== undefined ? `${queue.id}\u0000${queue.createdAt}\u0000${input.ReceiveRequestAttemptId}` : undefined;
  if (attemptKey !== undefined) {
    const previous = sqs.attempts.get(attemptKey);
    if (previous && previous.until > sqs.clock.now()) return previous.messages.length > 0 ? { Messages: previous.messages } : {};
  }
  const waitMs = (input.WaitTimeSeconds ?? queue.settings.receiveMessageWaitTimeSeconds) * 1000;
  const deadline = sqs.clock.now() + waitMs;
  for (;;) {
    const now = sqs.clock.now();
    const visibilityMs = (input.VisibilityTimeout ?? queue.settings.visibilityTimeout) * 1000;
    const received = sqs.messages.receive(queue, max, visibilityMs, now, deadLetterTarget(sqs, queue));
    if (received.length > 0 || now >= deadline || sqs.stopped) {
      const messages = received.map((m) =>
        formatMessage(m, encodeReceiptHandle({ queueId: queue.id, seq: m.seq, receiveCount: m.receiveCount, messageId: m.messageId, receivedAt: now }), queue.fifo, selection),
      );
      if (attemptKey !== undefined && messages.length > 0) rememberAttempt(sqs, attemptKey, Math.min(now + visibilityMs, now + ATTEMPT_WINDOW_MS), messages);
      return messages.length > 0 ? { Messages: messages } : {};
    }
    const next = sqs.messages.nextVisibleAt(queue, now);
    await sqs.waiters.wait(queue.id, Math.min(deadline, next ?? deadline) - now);
    const current = sqs.queues.getById(queue, queue.id);
    if (!current) return {};
    queue = current;
  }
}

function rememberAttempt(sqs: SqsContext, key: string, until: number, messages: api.Message[]): void {
  const now = sqs.clock.now();
  if (sqs.attempts.size > 10_000) for (const [k, v] of sqs.attempts) if (v.until <= now) sqs.attempts.delete(k);
  sqs.attempts.set(key, { until, messages });
}

function deadLetterTarget(sqs: SqsContext, queue: Queue): DeadLetterTarget | undefined {
  const policy = queue.settings.redrivePolicy;
  if (!policy) return undefined;
  const target = queueByArn(sqs, policy.deadLetterTargetArn);
  return target && target.id !== queue.id ? { queue: target, maxReceiveCount: policy.maxReceiveCount } : undefined;
}

/** Decodes a handle and checks it belongs to this queue. */
function handleFor(queue: Queue, value: string | undefined): ReturnType<typeof decodeReceiptHandle> {
  const handle = decodeReceiptHandle(value ?? '');
  if (handle.queueId !== queue.id) throw receiptHandleIsInvalid(value ?? '');
  return handle;
}

function deleteOne(sqs: SqsContext, queue: Queue, receiptHandle: string): void {
  const outcome = sqs.messages.delete(queue, handleFor(queue, receiptHandle), sqs.clock.now());
  // test_sqs.snapshot.json test_fifo_delete_after_visibility_timeout[sqs] "delete_after_timeout_fifo".
  if (outcome === 'expired') throw invalidParameter('ReceiptHandle', receiptHandle, 'The receipt handle has expired.');
}

export function deleteMessage(sqs: SqsContext, ctx: RequestContext, input: api.DeleteMessageRequest): Record<string, never> {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  deleteOne(sqs, queue, input.ReceiptHandle);
  if (queue.fifo) sqs.waiters.notify(queue.id);
  return {};
}

export function deleteMessageBatch(sqs: SqsContext, ctx: RequestContext, input: api.DeleteMessageBatchRequest): api.DeleteMessageBatchResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  validateBatchEntries(input.Entries, 'DeleteMessageBatchRequestEntry');
  const result: api.DeleteMessageBatchResult = { Successful: [], Failed: [] };
  // One commit for the batch: each entry's transaction nests as a savepoint, so a failed entry rolls back alone.
  sqs.store.transaction(() => {
    for (const entry of input.Entries) {
      try {
        deleteOne(sqs, queue, entry.ReceiptHandle);
        result.Successful.push({ Id: entry.Id });
      } catch (e) {
        result.Failed.push(batchFailure(entry.Id, e));
      }
    }
  });
  if (queue.fifo) sqs.waiters.notify(queue.id);
  return result;
}

function changeOne(sqs: SqsContext, queue: Queue, receiptHandle: string, timeout: number | undefined): void {
  if (timeout === undefined) throw invalidParameter('VisibilityTimeout', 'null', 'Must be >= 0 and <= 43200, if provided.');
  checkRange('VisibilityTimeout', timeout, 0, MAX_VISIBILITY_SECONDS, `Must be >= 0 and <= ${MAX_VISIBILITY_SECONDS}, if provided.`);
  const handle = handleFor(queue, receiptHandle);
  const now = sqs.clock.now();
  // AWS caps a message's visibility at 12 hours from the receive that returned it (API reference, ChangeMessageVisibility).
  if (handle.receivedAt !== undefined && now + timeout * 1000 - handle.receivedAt > MAX_VISIBILITY_SECONDS * 1000) {
    throw invalidParameter('VisibilityTimeout', timeout, `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds]`);
  }
  const outcome = sqs.messages.changeVisibility(queue, handle, timeout * 1000, now);
  if (outcome === 'expired') throw invalidParameter('ReceiptHandle', receiptHandle, 'The receipt handle has expired.');
  if (outcome === 'gone' || outcome === 'not-inflight') throw messageNotInflight();
}

export function changeMessageVisibility(sqs: SqsContext, ctx: RequestContext, input: api.ChangeMessageVisibilityRequest): Record<string, never> {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  changeOne(sqs, queue, input.ReceiptHandle, input.VisibilityTimeout);
  sqs.waiters.notify(queue.id);
  return {};
}

export function changeMessageVisibilityBatch(
  sqs: SqsContext,
  ctx: RequestContext,
  input: api.ChangeMessageVisibilityBatchRequest,
): api.ChangeMessageVisibilityBatchResult {
  const queue = requireQueue(sqs, ctx, input.QueueUrl);
  validateBatchEntries(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
  const result: api.ChangeMessageVisibilityBatchResult = { Successful: [], Failed: [] };
  sqs.store.transaction(() => {
    for (const entry of input.Entries) {
      try {
        changeOne(sqs, queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0);
        result.Successful.push({ Id: entry.Id });
      } catch (e) {
        result.Failed.push(batchFailure(entry.Id, e));
      }
    }
  });
  sqs.waiters.notify(queue.id);
  return result;
}

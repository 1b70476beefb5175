// FIFO rules: MessageGroupId / MessageDeduplicationId syntax, which dedup id a message gets (explicit, or SHA-256 of
// the body with ContentBasedDeduplication), the 5-minute window, and the dedup scope key. Pure; the store applies them.
import { createHash } from 'node:crypto';
import { invalidParameter, invalidParameterValue } from './errors.js';

export const DEDUP_WINDOW_MS = 5 * 60 * 1000;
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;

// test_sqs.snapshot.json test_send_message_to_standard_queue_with_invalid_message_group_id[spaces] "error-response".
export function validateGroupId(value: string): void {
  if (!FIFO_ID.test(value)) {
    throw invalidParameter('MessageGroupId', value, 'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
  }
}

// test_sqs.snapshot.json test_message_deduplication_id_invalid[spaces] "error-response".
export function validateDeduplicationId(value: string): void {
  if (!FIFO_ID.test(value)) {
    throw invalidParameter(
      'MessageDeduplicationId',
      value,
      'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
}

/** The dedup id a FIFO message is stored under; throws when neither an explicit id nor content-based dedup exists. */
export function deduplicationId(explicit: string | undefined, body: string, contentBased: boolean): string {
  if (explicit !== undefined) return explicit;
  if (contentBased) return createHash('sha256').update(body, 'utf8').digest('hex');
  // test_sqs.snapshot.json test_posting_to_fifo_requires_deduplicationid_group_id[sqs] "invalid-parameter-value".
  throw invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
}

/** Dedup ids are unique per queue, or per message group with DeduplicationScope=messageGroup. */
export function deduplicationScopeKey(scope: 'queue' | 'messageGroup', groupId: string): string {
  return scope === 'messageGroup' ? groupId : '';
}

/** FIFO sequence numbers are 20-digit, strictly increasing decimal strings per queue. */
export function sequenceNumber(seq: number): string {
  return String(seq).padStart(20, '0');
}

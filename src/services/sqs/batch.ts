// Batch request rules shared by SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch: 1..10 entries,
// distinct ids of at most 80 alphanumerics, hyphens or underscores. Whole-request failures throw, as AWS does.
import { batchEntryIdsNotDistinct, emptyBatchRequest, invalidBatchEntryId, tooManyEntriesInBatchRequest } from './errors.js';

export const MAX_BATCH_ENTRIES = 10;
/** Total payload a SendMessageBatch may carry (test_sqs.snapshot.json test_send_message_batch_with_oversized_contents). */
export const MAX_BATCH_BYTES = 1048576;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function validateBatchEntries(entries: readonly { Id: string }[] | undefined, entryShape: string): void {
  const list = entries ?? [];
  if (list.length === 0) throw emptyBatchRequest(entryShape);
  // test_sqs.snapshot.json test_too_many_entries_in_batch_request[sqs].
  if (list.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest(list.length);
  const seen = new Set<string>();
  for (const entry of list) {
    // test_sqs.snapshot.json test_delete_message_batch_invalid_msg_id[sqs-invalid:id]; a null entry has no valid Id either.
    if (typeof entry?.Id !== 'string' || !ENTRY_ID.test(entry.Id)) throw invalidBatchEntryId();
    if (seen.has(entry.Id)) throw batchEntryIdsNotDistinct(entry.Id);
    seen.add(entry.Id);
  }
}

// PutRecord and PutRecordBatch: records are committed to the stream's buffer before the answer; a batch is all
// or nothing per record (ErrorCode/ErrorMessage, FailedPutCount), refused whole above Firehose's 4 MiB per call.
import { randomBytes } from 'node:crypto';
import type { PutRecordBatchInput, PutRecordBatchOutput, PutRecordBatchResponseEntry, PutRecordInput, PutRecordOutput } from '../../generated/firehose/api.js';
import { MIB } from './buffering.js';
import type { FirehoseContext } from './context.js';
import { invalidArgument, serviceUnavailable } from './errors.js';
import { requireStream } from './stream-operations.js';
import type { Scope, Stream } from './stream-store.js';

// "The PutRecordBatch operation can take up to 500 records per call or 4 MiB per call, whichever is smaller"
// (developer guide, quota); 500 and the 1,000 KiB per record are the model's bounds, checked by input validation.
export const MAX_BATCH_BYTES = 4 * MIB;
// Records waiting per stream before Firehose-style throttling ("Slow down."); deliveries failing for a long time
// are what fills it, since a healthy stream flushes at its 128 MiB hint at most.
export const MAX_BACKLOG_BYTES = 1024 * MIB;
const SLOW_DOWN = 'Slow down.';

/** Record ids: opaque and unique, one random stem per call plus the record's sequence number. */
function recordIds(stream: Stream, first: number, count: number): string[] {
  const stem = randomBytes(24).toString('base64url');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(`${stem}${stream.id.toString(36)}.${(first + i).toString(36)}`);
  return ids;
}

/** Tells the delivery component when the buffer falls due, from the stream as read before the append. */
function afterCommit(c: FirehoseContext, stream: Stream, added: number, now: number): void {
  const hints = stream.destination.BufferingHints;
  const full = stream.bufferedBytes + added >= hints.SizeInMBs * MIB;
  const oldest = stream.oldestArrival ?? now;
  c.buffered(stream.id, full ? 0 : Math.max(0, oldest + hints.IntervalInSeconds * 1000 - now));
}

export function putRecord(c: FirehoseContext, scope: Scope, input: PutRecordInput): PutRecordOutput {
  const stream = requireStream(c, scope, input.DeliveryStreamName);
  if (stream.bufferedBytes + input.Record.Data.length > MAX_BACKLOG_BYTES) throw serviceUnavailable(SLOW_DOWN);
  const now = c.clock.now();
  const first = c.records.append(stream, [input.Record.Data], now);
  afterCommit(c, stream, input.Record.Data.length, now);
  return { RecordId: recordIds(stream, first, 1)[0] as string, Encrypted: stream.encryption?.Status === 'ENABLED' };
}

export function putRecordBatch(c: FirehoseContext, scope: Scope, input: PutRecordBatchInput): PutRecordBatchOutput {
  const stream = requireStream(c, scope, input.DeliveryStreamName);
  let total = 0;
  for (const r of input.Records) total += r.Data.length;
  if (total > MAX_BATCH_BYTES) {
    throw invalidArgument(`Records size exceeds ${MAX_BATCH_BYTES} bytes; a PutRecordBatch call can carry at most 4 MiB.`);
  }
  // Records beyond the backlog limit fail one by one, as throttled records do, and the rest are accepted.
  const accepted: Uint8Array[] = [];
  const failed = new Set<number>();
  let backlog = stream.bufferedBytes;
  input.Records.forEach((r, i) => {
    if (backlog + r.Data.length > MAX_BACKLOG_BYTES) failed.add(i);
    else {
      backlog += r.Data.length;
      accepted.push(r.Data);
    }
  });
  const now = c.clock.now();
  const first = accepted.length > 0 ? c.records.append(stream, accepted, now) : 0;
  const ids = recordIds(stream, first, accepted.length);
  let next = 0;
  const responses: PutRecordBatchResponseEntry[] = input.Records.map((_r, i) =>
    failed.has(i) ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: SLOW_DOWN } : { RecordId: ids[next++] as string },
  );
  if (accepted.length > 0) afterCommit(c, stream, backlog - stream.bufferedBytes, now);
  return { FailedPutCount: failed.size, Encrypted: stream.encryption?.Status === 'ENABLED', RequestResponses: responses };
}

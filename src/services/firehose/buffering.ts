// Buffering hints and the flush rule: a stream's buffer is delivered when it holds SizeInMBs or its oldest record
// has waited IntervalInSeconds, whichever comes first (developer guide, "Data Delivery Frequency").
import type { BufferingHints } from '../../generated/firehose/api.js';

// AWS's defaults for S3 destinations (DescribeDeliveryStream shows SizeInMBs 5, IntervalInSeconds 300); the model
// bounds the ranges (SizeInMBs 1-128, IntervalInSeconds 0-900), which input validation enforces.
export const DEFAULT_SIZE_MB = 5;
export const DEFAULT_INTERVAL_SECONDS = 300;
export const MIB = 1024 * 1024;

export interface ResolvedHints {
  SizeInMBs: number;
  IntervalInSeconds: number;
}

export function resolveHints(hints: BufferingHints | undefined, base?: ResolvedHints): ResolvedHints {
  return {
    SizeInMBs: hints?.SizeInMBs ?? base?.SizeInMBs ?? DEFAULT_SIZE_MB,
    IntervalInSeconds: hints?.IntervalInSeconds ?? base?.IntervalInSeconds ?? DEFAULT_INTERVAL_SECONDS,
  };
}

export interface BufferState {
  /** Bytes of record data waiting (before compression: "the size threshold is applied to the buffer before compression"). */
  bytes: number;
  /** Arrival time of the oldest waiting record, or undefined when the buffer is empty. */
  oldestArrivalMs: number | undefined;
}

export type FlushReason = 'size' | 'interval';

export function flushReason(state: BufferState, hints: ResolvedHints, nowMs: number): FlushReason | undefined {
  if (state.oldestArrivalMs === undefined) return undefined;
  if (state.bytes >= hints.SizeInMBs * MIB) return 'size';
  if (nowMs - state.oldestArrivalMs >= hints.IntervalInSeconds * 1000) return 'interval';
  return undefined;
}

/** When the interval trigger fires for the current buffer, or undefined when it is empty. */
export function intervalDueAt(state: BufferState, hints: ResolvedHints): number | undefined {
  return state.oldestArrivalMs === undefined ? undefined : state.oldestArrivalMs + hints.IntervalInSeconds * 1000;
}

/**
 * Whether an object that already holds `bytes` is complete: objects never exceed the size hint by more than their
 * last record (records are never split), whatever triggered the flush, so a backlog left by a failing destination
 * is delivered as hint-sized objects rather than one huge one.
 */
export function objectFull(bytes: number, hints: ResolvedHints): boolean {
  return bytes >= hints.SizeInMBs * MIB;
}

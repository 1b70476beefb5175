// What Firehose's operations share: the stores, the clock, and the hook that tells the delivery component a
// buffer may be ready (so a full buffer is delivered without waiting for the next clock tick).
import type { StateStore } from '../../store/state-store.js';
import type { RecordStore } from './record-store.js';
import type { StreamStore } from './stream-store.js';

export interface FirehoseContext {
  store: StateStore;
  streams: StreamStore;
  records: RecordStore;
  clock: { now(): number };
  /** Called after records are committed to a stream whose buffer reached a hint. */
  bufferReady(streamId: number): void;
}

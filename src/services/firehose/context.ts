// What Firehose's operations share: the stores, the clock, and the hook that tells the delivery component when a
// stream's buffer falls due (a full buffer at once, otherwise when its oldest record has waited the interval).
import type { StateStore } from '../../store/state-store.js';
import type { RecordStore } from './record-store.js';
import type { StreamStore } from './stream-store.js';

export interface FirehoseContext {
  store: StateStore;
  streams: StreamStore;
  records: RecordStore;
  clock: { now(): number };
  /** Called after records are committed: the stream's buffer is due in `dueInMs` (0 when full). */
  buffered(streamId: number, dueInMs: number): void;
}

// Builds Firehose's shared context from the runtime's dependencies: migrates its tables, registers them for reset,
// and wires the delivery engine to S3 through in-process calls (InternalServices.invoke, never HTTP).
import { Readable } from 'node:stream';
import { isAwsError } from '../../core/aws-error.js';
import type { ServiceDeps } from '../service-definition.js';
import type { FirehoseContext } from './context.js';
import { DeliveryEngine, type ObjectWriter } from './delivery.js';
import { FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS, FIREHOSE_TABLES } from './migrations.js';
import { RecordStore } from './record-store.js';
import { StreamStore } from './stream-store.js';

/** S3 PutObject / HeadObject in process, in the stream's own account and region. */
export function s3Writer(internal: ServiceDeps['internal']): ObjectWriter {
  return {
    async put(scope, bucket, key, body) {
      await internal.invoke('s3', 'PutObject', scope, { Bucket: bucket, Key: key, Body: Readable.from(body) });
    },
    async exists(scope, bucket, key) {
      try {
        await internal.invoke('s3', 'HeadObject', scope, { Bucket: bucket, Key: key });
        return true;
      } catch (e) {
        if (isAwsError(e) && (e.code === 'NotFound' || e.code === 'NoSuchKey')) return false;
        throw e;
      }
    },
  };
}

export function createFirehoseContext(deps: Pick<ServiceDeps, 'store' | 'clock' | 'tasks' | 'internal' | 'logger'>): { firehose: FirehoseContext; engine: DeliveryEngine } {
  deps.store.migrate(FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS);
  deps.store.registerTables(FIREHOSE_COMPONENT, FIREHOSE_TABLES);
  const streams = new StreamStore(deps.store);
  const records = new RecordStore(deps.store);
  // One timer per stream at its earliest due time; a later request for the same stream waits for that one.
  const wakes = new Map<number, number>();
  const engine: DeliveryEngine = new DeliveryEngine({
    streams,
    records,
    writer: s3Writer(deps.internal),
    clock: deps.clock,
    wake: (streamId, delayMs) => wake(streamId, delayMs),
    log: (m) => deps.logger.info(m),
  });
  const wake = (streamId: number, delayMs: number): void => {
    const at = deps.clock.now() + delayMs;
    const scheduled = wakes.get(streamId);
    if (scheduled !== undefined && scheduled <= at) return;
    wakes.set(streamId, at);
    deps.tasks.after('firehose.deliver', delayMs, async () => {
      if (wakes.get(streamId) === at) wakes.delete(streamId);
      await engine.deliverStream(streamId);
    });
  };
  const firehose: FirehoseContext = { store: deps.store, streams, records, clock: deps.clock, buffered: wake };
  return { firehose, engine };
}

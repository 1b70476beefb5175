// Firehose scenario: PutRecordBatch of 500 × 1 KiB records into a DirectPut stream (buffering at 128 MiB / 900 s, so
// the loop measures ingestion, not delivery), over HTTP and, for Firehose's own share, in process on a file store.
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FirehoseContext } from '../../src/services/firehose/context.js';
import { FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS, FIREHOSE_TABLES } from '../../src/services/firehose/migrations.js';
import { putRecordBatch } from '../../src/services/firehose/record-operations.js';
import { RecordStore } from '../../src/services/firehose/record-store.js';
import { createDeliveryStream } from '../../src/services/firehose/stream-operations.js';
import { StreamStore } from '../../src/services/firehose/stream-store.js';
import { openStateStore } from '../../src/store/state-store.js';
import { closedLoop, formatResult, startServer } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';

const RECORDS = 500;
const RECORD_BYTES = 1024;
const WARM_UP = 200;
/** Calls per stream: 250 × 500 KiB stays below the 128 MiB size hint, so no delivery runs during the loop. */
const CALLS_PER_STREAM = 250;
const DESTINATION = {
  RoleARN: 'arn:aws:iam::000000000000:role/bench',
  BucketARN: 'arn:aws:s3:::bench-landing',
  BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 },
};

function batch(): { Data: Uint8Array }[] {
  return Array.from({ length: RECORDS }, (_v, i) => ({ Data: Buffer.alloc(RECORD_BYTES, 97 + (i % 26)) }));
}

/** putRecordBatch alone, in this process on a file-backed store (no HTTP, no codec): CPU ms per call. */
function inProcessCpuMs(ops: number): number {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-firehose-'));
  const store = openStateStore({ dataDir });
  try {
    store.migrate(FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS);
    store.registerTables(FIREHOSE_COMPONENT, FIREHOSE_TABLES);
    const c: FirehoseContext = { store, streams: new StreamStore(store), records: new RecordStore(store), clock: { now: () => Date.now() }, buffered: () => undefined };
    const scope = { account: '000000000000', region: 'us-east-1' };
    const Records = batch();
    for (let i = 0; i < WARM_UP + ops; i++) {
      if (i % CALLS_PER_STREAM === 0) createDeliveryStream(c, scope, { DeliveryStreamName: `bench-${i}`, ExtendedS3DestinationConfiguration: DESTINATION });
    }
    let call = 0;
    const put = (): void => {
      putRecordBatch(c, scope, { DeliveryStreamName: `bench-${Math.floor(call / CALLS_PER_STREAM) * CALLS_PER_STREAM}`, Records });
      call++;
    };
    for (let i = 0; i < WARM_UP; i++) put();
    const before = process.cpuUsage();
    for (let i = 0; i < ops; i++) put();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / ops;
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const firehosePutRecordBatch: Scenario = {
  name: 'firehose-put-record-batch',
  async run({ ops, workers }) {
    const server = await startServer();
    const firehose = new FirehoseClient(sdkConfig(server.url));
    try {
      const warmup = Math.min(200, Math.ceil(ops / 10));
      const streams = Math.ceil((ops + warmup) / CALLS_PER_STREAM) + 1;
      for (let i = 0; i < streams; i++) {
        await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: `bench-${i}`, ExtendedS3DestinationConfiguration: DESTINATION }));
      }
      const Records = batch();
      let call = 0;
      const result = await closedLoop(server, workers, ops, async () => {
        const name = `bench-${Math.floor(call++ / CALLS_PER_STREAM)}`;
        const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records }));
        if (out.FailedPutCount !== 0) throw new Error(`PutRecordBatch: ${out.FailedPutCount} records failed`);
      });
      const alone = inProcessCpuMs(Math.min(ops, 1000));
      return [
        formatResult(`Firehose PutRecordBatch ${RECORDS} × 1 KiB`, result),
        `  putRecordBatch alone                CPU ${alone.toFixed(3)} ms/op (in process on a file store, no HTTP)`,
      ];
    } finally {
      firehose.destroy();
      await server.stop();
    }
  },
};

export const FIREHOSE_SCENARIOS: Scenario[] = [firehosePutRecordBatch];

// Firehose scenario: PutRecordBatch of 500 × 1 KiB records into a DirectPut stream (buffering at 128 MiB / 900 s, so
// the loop measures ingestion, not delivery), over HTTP and, for Firehose's own share, in process on a file store.
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
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
import { closedLoop, formatResult, rssMiB, startServer } from '../harness.js';
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

/**
 * Fills a stream to its 128 MiB size hint with PutRecordBatch (500 × 1 KiB a call) and waits for the object: the
 * delivery streams records from SQLite through S3's ingest, so the server's RSS must stay within +64 MiB.
 */
export const firehoseDeliver128: Scenario = {
  name: 'firehose-deliver-128m',
  async run() {
    const server = await startServer();
    const firehose = new FirehoseClient(sdkConfig(server.url));
    const s3 = new S3Client({ ...sdkConfig(server.url), forcePathStyle: true });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-landing' }));
      await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'big', ExtendedS3DestinationConfiguration: DESTINATION }));
      const Records = batch();
      // Warm the put path on another stream first, so the baseline RSS includes the loaded modules.
      await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'warm', ExtendedS3DestinationConfiguration: DESTINATION }));
      for (let i = 0; i < 20; i++) await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'warm', Records }));
      const baseline = rssMiB(server.pid);
      let peak = baseline;
      const poll = setInterval(() => (peak = Math.max(peak, rssMiB(server.pid))), 20);
      const calls = Math.ceil((128 * 1024 * 1024) / (RECORDS * RECORD_BYTES));
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'big', Records }));
      let key: string | undefined;
      while (key === undefined) {
        key = (await s3.send(new ListObjectsV2Command({ Bucket: 'bench-landing' }))).Contents?.[0]?.Key;
        if (key === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(poll);
      const size = (await s3.send(new HeadObjectCommand({ Bucket: 'bench-landing', Key: key }))).ContentLength ?? 0;
      return [
        `Firehose 128 MiB buffer → one S3 object of ${(size / 1024 / 1024).toFixed(1)} MiB in ${seconds.toFixed(1)} s (fill + delivery)`,
        `  server RSS ${baseline.toFixed(0)} → peak ${peak.toFixed(0)} MiB (+${(peak - baseline).toFixed(0)} MiB)`,
      ];
    } finally {
      firehose.destroy();
      s3.destroy();
      await server.stop();
    }
  },
};

export const FIREHOSE_SCENARIOS: Scenario[] = [firehosePutRecordBatch, firehoseDeliver128];

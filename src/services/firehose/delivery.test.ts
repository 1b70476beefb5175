// Engine tests on a real SQLite store with fake time and an in-memory object writer: interval and size triggers,
// ordering, retries while the bucket is missing, the 24-hour failure report, and exactly-once after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { AwsError } from '../../core/aws-error.js';
import { openStateStore, type StateStore } from '../../store/state-store.js';
import { MIB } from './buffering.js';
import { DeliveryEngine, planObject, S3_RETRY_WINDOW_MS, type ObjectWriter } from './delivery.js';
import { newS3Destination } from './destination.js';
import { FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS, FIREHOSE_TABLES } from './migrations.js';
import { RecordStore } from './record-store.js';
import { StreamStore, type Stream } from './stream-store.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const T0 = Date.UTC(2024, 4, 6, 12, 0, 0);

class MemoryWriter implements ObjectWriter {
  readonly objects = new Map<string, Buffer>();
  readonly buckets = new Set<string>(['bucket']);
  puts = 0;
  async put(_scope: typeof scope, bucket: string, key: string, body: AsyncIterable<Buffer>): Promise<void> {
    if (!this.buckets.has(bucket)) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404 });
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(part);
    this.puts++;
    this.objects.set(`${bucket}/${key}`, Buffer.concat(parts));
  }
  exists(_scope: typeof scope, bucket: string, key: string): Promise<boolean> {
    return Promise.resolve(this.objects.has(`${bucket}/${key}`));
  }
}

interface World {
  store: StateStore;
  streams: StreamStore;
  records: RecordStore;
  writer: MemoryWriter;
  clock: { t: number; now(): number };
  engine: DeliveryEngine;
}

function world(store = openStateStore({ inMemory: true }), writer = new MemoryWriter(), t = T0): World {
  store.migrate(FIREHOSE_COMPONENT, FIREHOSE_MIGRATIONS);
  store.registerTables(FIREHOSE_COMPONENT, FIREHOSE_TABLES);
  const clock = { t, now(): number { return this.t; } };
  const streams = new StreamStore(store);
  const records = new RecordStore(store);
  return { store, streams, records, writer, clock, engine: new DeliveryEngine({ streams, records, writer, clock }) };
}

function createStream(w: World, name: string, extra: Record<string, unknown> = {}): Stream {
  const destination = newS3Destination({ RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::bucket', ...extra });
  w.store.transaction(() =>
    w.streams.insert(scope, { name, type: 'DirectPut', destinationId: 'destinationId-000000000001', destinationKind: 'extended', destination, encryption: undefined, tags: [], now: w.clock.now(), activeAt: w.clock.now() }),
  );
  return w.streams.get(scope, name) as Stream;
}

function put(w: World, name: string, ...bodies: string[]): void {
  w.records.append(w.streams.get(scope, name) as Stream, bodies.map((b) => Buffer.from(b)), w.clock.now());
}

test('records are delivered as one concatenated object once IntervalInSeconds has passed', async () => {
  const w = world();
  createStream(w, 'PUT-S3-UNJQf', { BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 1 } });
  put(w, 'PUT-S3-UNJQf', '{"a":1}\n', '{"a":2}\n');
  w.clock.t += 59_000;
  assert.equal(await w.engine.run(), 0);
  w.clock.t += 1000;
  assert.equal(await w.engine.run(), 1);
  const [[key, body]] = [...w.writer.objects.entries()] as [[string, Buffer]];
  assert.match(key, /^bucket\/2024\/05\/06\/12\/PUT-S3-UNJQf-1-2024-05-06-12-00-00-[0-9a-f-]{36}$/);
  assert.equal(body.toString(), '{"a":1}\n{"a":2}\n');
  const after = w.streams.get(scope, 'PUT-S3-UNJQf') as Stream;
  assert.equal(after.bufferedRecords, 0);
  assert.equal(after.oldestArrival, undefined);
  assert.equal(await w.engine.run(), 0);
});

test('a full buffer is delivered at once, never splitting a record, the rest waiting for the interval', async () => {
  const w = world();
  createStream(w, 's', { BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 1 }, CompressionFormat: 'GZIP' });
  const chunk = 'x'.repeat(MIB / 4);
  put(w, 's', chunk, chunk, chunk, chunk, 'tail');
  assert.equal(await w.engine.run(), 1);
  const [body] = [...w.writer.objects.values()] as [Buffer];
  assert.equal(gunzipSync(body).length, MIB);
  assert.ok([...w.writer.objects.keys()][0]?.endsWith('.gz'));
  assert.equal((w.streams.get(scope, 's') as Stream).bufferedBytes, 4);
  w.clock.t += 900_000;
  assert.equal(await w.engine.run(), 1);
});

test('a backlog is delivered as hint-sized objects once the interval passes', async () => {
  const w = world();
  createStream(w, 's', { BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 1 } });
  const chunk = 'y'.repeat(MIB / 2);
  put(w, 's', chunk, chunk, chunk, chunk, chunk);
  // Without the size trigger having run (e.g. the bucket was missing), the interval flush splits at the hint.
  w.clock.t += 60_000;
  assert.equal(await w.engine.run(), 3);
  assert.deepEqual([...w.writer.objects.values()].map((b) => b.length).sort((a, b) => a - b), [MIB / 2, MIB, MIB]);
});

test('a missing bucket is retried with backoff, reported after 24 hours, and delivered once the bucket exists', async () => {
  const w = world();
  w.writer.buckets.clear();
  createStream(w, 's', { BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 } });
  put(w, 's', 'kept');
  assert.equal(await w.engine.run(), 0);
  const first = w.records.pending(w.streams.get(scope, 's') as Stream);
  assert.equal(first?.attempts, 1);
  assert.match(first?.lastError ?? '', /^S3\.NoSuchBucket/);
  assert.equal(await w.engine.run(), 0, 'not retried before the backoff');
  assert.equal(w.records.pending(w.streams.get(scope, 's') as Stream)?.attempts, 1);
  w.clock.t += S3_RETRY_WINDOW_MS;
  await w.engine.run();
  const failing = w.streams.get(scope, 's') as Stream;
  assert.equal(failing.failure?.Type, 'UNKNOWN_ERROR');
  assert.match(failing.failure?.Details ?? '', /bucket bucket has failed for 86400 seconds/);
  w.writer.buckets.add('bucket');
  w.clock.t += 60_000;
  assert.equal(await w.engine.run(), 1);
  assert.equal([...w.writer.objects.values()][0]?.toString(), 'kept');
  assert.equal((w.streams.get(scope, 's') as Stream).failure, undefined);
});

test('a plan interrupted after its object was written completes without writing it again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-firehose-'));
  try {
    const writer = new MemoryWriter();
    const a = world(openStateStore({ dataDir: dir }), writer);
    const stream = createStream(a, 's', { BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 } });
    put(a, 's', 'once');
    // The first process plans and writes the object, then dies before its final commit.
    const plan = a.records.plan(a.streams.get(scope, 's') as Stream, stream.destination.BufferingHints, a.clock.now(), (o) => planObject(stream, o));
    assert.ok(plan);
    await writer.put(scope, plan.bucket, plan.key, (async function* () {
      yield Buffer.from('once');
    })());
    a.store.close();
    const b = world(openStateStore({ dataDir: dir }), writer);
    assert.equal(await b.engine.run(), 1);
    assert.equal(writer.puts, 1);
    assert.equal(b.records.pending(b.streams.get(scope, 's') as Stream), undefined);
    assert.equal((b.streams.get(scope, 's') as Stream).bufferedRecords, 0);
    b.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a plan interrupted before its object was written is written after the restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-firehose-'));
  try {
    const writer = new MemoryWriter();
    const a = world(openStateStore({ dataDir: dir }), writer);
    const stream = createStream(a, 's', { BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 } });
    put(a, 's', 'r1', 'r2');
    a.records.plan(a.streams.get(scope, 's') as Stream, stream.destination.BufferingHints, a.clock.now(), (o) => planObject(stream, o));
    a.store.close();
    const b = world(openStateStore({ dataDir: dir }), writer);
    assert.equal(await b.engine.run(), 1);
    assert.equal([...writer.objects.values()][0]?.toString(), 'r1r2');
    b.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two triggers for the same stream at once write its object once', async () => {
  const w = world();
  createStream(w, 's', { BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 } });
  put(w, 's', 'one');
  const id = (w.streams.get(scope, 's') as Stream).id;
  const counts = await Promise.all([w.engine.deliverStream(id), w.engine.run(), w.engine.deliverStream(id)]);
  assert.equal(counts.reduce((a, b) => a + b, 0), 1);
  assert.equal(w.writer.puts, 1);
});

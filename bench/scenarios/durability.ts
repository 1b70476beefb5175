// Durability and soak (issue 15): `kill9` runs rounds of concurrent S3/SQS/DynamoDB writes cut by SIGKILL and checks
// after each restart that every acknowledged write is there; `soak` runs a mixed load and samples the server's RSS
// and its live heap after a full GC (GET /_kumo/memory with --expose-gc).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { packageRoot } from '../../src/core/package-root.js';
import { rssMiB } from '../harness.js';
import { heapGrowth, summarizeHeap } from '../support/heap-snapshot.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';

const ROUNDS = Number(process.env['KUMO_KILL9_ROUNDS'] ?? 5);
const SOAK_SECONDS = Number(process.env['KUMO_SOAK_SECONDS'] ?? 30);
// Heap snapshots cost RSS of their own (65–80 MiB in round 4), so long RSS runs turn them off with 0.
const SOAK_SNAPSHOTS = process.env['KUMO_SOAK_SNAPSHOTS'] !== '0';

interface Spawned {
  url: string;
  child: ChildProcess;
}

function spawnOn(dataDir: string, nodeFlags: string[] = [], cwd?: string): Promise<Spawned> {
  const child = spawn(process.execPath, [...nodeFlags, join(packageRoot(), 'dist/src/cli.js'), 'start', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
    ...(cwd ? { cwd } : {}),
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`kumo exited with ${code} before listening`)));
  });
}

function clients(url: string): { s3: S3Client; sqs: SQSClient; ddb: DynamoDBClient; destroy(): void } {
  const s3 = new S3Client({ ...sdkConfig(url), forcePathStyle: true });
  const sqs = new SQSClient(sdkConfig(url));
  const ddb = new DynamoDBClient(sdkConfig(url));
  return { s3, sqs, ddb, destroy: () => [s3, sqs, ddb].forEach((c) => c.destroy()) };
}

async function setUp(c: ReturnType<typeof clients>): Promise<string> {
  await c.s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
  await c.ddb.send(new CreateTableCommand({
    TableName: 'durable', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  }));
  return (await c.sqs.send(new CreateQueueCommand({ QueueName: 'durable' }))).QueueUrl!;
}

const SMALL = Buffer.alloc(2 * 1024, 's');
const LARGE = Buffer.alloc(64 * 1024, 'l');

export const kill9: Scenario = {
  name: 'kill9',
  async run({ workers }) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kumo-kill9-'));
    const acked = { objects: [] as string[], items: [] as string[], messages: 0 };
    let lost = 0;
    let attempted = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const server = await spawnOn(dataDir);
        const c = clients(server.url);
        const queueUrl = round === 0 ? await setUp(c) : (await c.sqs.send(new CreateQueueCommand({ QueueName: 'durable' }))).QueueUrl!;
        // Every write acknowledged before the kill must be there after the restart.
        for (const key of acked.objects) await c.s3.send(new HeadObjectCommand({ Bucket: 'durable', Key: key })).catch(() => lost++);
        for (const pk of acked.items) {
          const item = await c.ddb.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: pk } } })).catch(() => undefined);
          if (!item?.Item) lost++;
        }
        const attrs = await c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
        if (Number(attrs.Attributes?.['ApproximateNumberOfMessages'] ?? 0) < acked.messages) lost += acked.messages - Number(attrs.Attributes?.['ApproximateNumberOfMessages']);
        // Concurrent writes, cut by SIGKILL 1.0–2.5 s in.
        let killed = false;
        const load = Array.from({ length: workers }, async (_, w) => {
          for (let i = 0; !killed; i++) {
            const id = `r${round}-w${w}-${i}`;
            attempted++;
            try {
              if (i % 3 === 0) {
                await c.s3.send(new PutObjectCommand({ Bucket: 'durable', Key: id, Body: i % 2 === 0 ? SMALL : LARGE }));
                acked.objects.push(id);
              } else if (i % 3 === 1) {
                await c.ddb.send(new PutItemCommand({ TableName: 'durable', Item: { pk: { S: id }, v: { N: String(i) } } }));
                acked.items.push(id);
              } else {
                await c.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: id }));
                acked.messages++;
              }
            } catch {
              return; // the server is gone: this write was never acknowledged
            }
          }
        });
        await new Promise((r) => setTimeout(r, 1000 + Math.floor(Math.random() * 1500)));
        const exited = new Promise((r) => server.child.once('exit', r));
        server.child.kill('SIGKILL');
        killed = true;
        await exited;
        await Promise.all(load);
        c.destroy();
      }
      // A last restart checks the final round.
      const server = await spawnOn(dataDir);
      const c = clients(server.url);
      for (const key of acked.objects) await c.s3.send(new HeadObjectCommand({ Bucket: 'durable', Key: key })).catch(() => lost++);
      for (const pk of acked.items) {
        const item = await c.ddb.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: pk } } })).catch(() => undefined);
        if (!item?.Item) lost++;
      }
      c.destroy();
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const total = acked.objects.length + acked.items.length + acked.messages;
    return [`kill9: ${ROUNDS} SIGKILL rounds, ${attempted} writes attempted, ${total} acknowledged ` +
      `(${acked.objects.length} objects, ${acked.items.length} items, ${acked.messages} messages), ${lost} lost`];
  },
};

/** Asks the server for a heap snapshot (it GCs first) and waits until the file is complete. */
async function snapshot(server: Spawned, dir: string): Promise<void> {
  const before = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')).length;
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const files = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
    if (files.length > before) {
      // The file is written in one go by the main thread; once its size stops changing it is complete.
      const path = join(dir, files.sort().at(-1)!);
      let size = -1;
      while (size !== statSync(path).size) {
        size = statSync(path).size;
        await new Promise((r) => setTimeout(r, 300));
      }
      return;
    }
  }
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export const soak: Scenario = {
  name: 'soak',
  async run({ workers }) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kumo-soak-'));
    // Heap snapshots on SIGUSR2 land in the server's working directory: one after warm-up, one at the end.
    const snapshots = mkdtempSync(join(tmpdir(), 'kumo-soak-heap-'));
    const server = await spawnOn(dataDir, ['--expose-gc', ...(SOAK_SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR2'] : [])], snapshots);
    const pid = server.child.pid!;
    const c = clients(server.url);
    const samples: number[] = [];
    // Live heap after a full GC, every 5 s: what a leak would make climb (RSS also holds allocator slack).
    const heap: Array<[number, number]> = [];
    const started = Date.now();
    const heapSample = async () => {
      const m = (await (await fetch(`${server.url}/_kumo/memory`)).json()) as { heapUsed: number };
      heap.push([(Date.now() - started) / 60_000, m.heapUsed / 1048576]);
    };
    let ops = 0;
    let errors = 0;
    try {
      const queueUrl = await setUp(c);
      const end = Date.now() + SOAK_SECONDS * 1000;
      const sampler = setInterval(() => samples.push(rssMiB(pid)), 1000);
      const heapSampler = setInterval(() => void heapSample().catch(() => undefined), 5000);
      const warm = SOAK_SNAPSHOTS ? setTimeout(() => void snapshot(server, snapshots).catch(() => undefined), (SOAK_SECONDS * 1000) / 5) : undefined;
      await Promise.all(Array.from({ length: workers }, async (_, w) => {
        for (let i = 0; Date.now() < end; i++) {
          const key = `w${w}-${i % 50}`;
          try {
            await c.s3.send(new PutObjectCommand({ Bucket: 'durable', Key: key, Body: i % 4 === 0 ? LARGE : SMALL }));
            const got = await c.s3.send(new GetObjectCommand({ Bucket: 'durable', Key: key }));
            await got.Body!.transformToByteArray();
            if (i % 5 === 0) await c.s3.send(new DeleteObjectCommand({ Bucket: 'durable', Key: key }));
            await c.ddb.send(new PutItemCommand({ TableName: 'durable', Item: { pk: { S: key }, v: { N: String(i) } } }));
            await c.ddb.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: key } } }));
            await c.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: key }));
            const r = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
            for (const m of r.Messages ?? []) await c.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
            ops += 8;
          } catch {
            errors++;
          }
        }
      }));
      clearInterval(sampler);
      clearInterval(heapSampler);
      clearTimeout(warm);
      await heapSample();
      if (SOAK_SNAPSHOTS) await snapshot(server, snapshots);
    } finally {
      c.destroy();
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The first fifth is warm-up (JIT, caches); flat memory means the rest does not climb.
    const steady = samples.slice(Math.floor(samples.length / 5));
    const first = steady[0] ?? 0;
    const last = steady[steady.length - 1] ?? 0;
    const live = heap.slice(Math.floor(heap.length / 5));
    // RSS per minute over the second half: allocator slack levels off early, a native leak keeps climbing.
    const half = samples.slice(Math.floor(samples.length / 2)).map((y, i) => [i / 60, y] as const);
    const marks = [1, 2, 3, 4, 5, 6].map((k) => samples[Math.min(samples.length - 1, Math.floor((samples.length * k) / 6))]?.toFixed(1) ?? '?');
    const files = readdirSync(snapshots).filter((f) => f.endsWith('.heapsnapshot')).sort();
    const growth = files.length >= 2 ? heapGrowth(summarizeHeap(join(snapshots, files[0]!)), summarizeHeap(join(snapshots, files.at(-1)!))) : ['(fewer than two heap snapshots)'];
    rmSync(snapshots, { recursive: true, force: true });
    return [`soak: ${SOAK_SECONDS} s, ${ops} ops (${(ops / SOAK_SECONDS).toFixed(0)} ops/s), ${errors} errors; RSS after warm-up ` +
      `${first.toFixed(1)} MiB → ${last.toFixed(1)} MiB at the end, max ${Math.max(...steady).toFixed(1)} MiB; live heap after GC ` +
      `${live[0]?.[1].toFixed(1) ?? '?'} → ${live.at(-1)?.[1].toFixed(1) ?? '?'} MiB, slope ${slope(live).toFixed(3)} MiB/min over ${live.length} samples`,
      `soak: RSS at each sixth of the run ${marks.join(' → ')} MiB; RSS slope over the second half ${slope(half).toFixed(3)} MiB/min`,
      `soak: heap growth between the warm-up and final snapshots, by constructor: ${growth.join('; ')}`];
  },
};

export const DURABILITY_SCENARIOS: Scenario[] = [kill9, soak];

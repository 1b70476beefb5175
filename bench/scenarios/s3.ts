// S3 scenarios: PutObject and GetObject of 1 KiB (server CPU ms/op, and the provider alone in process), PutObject of
// 1 MiB (MB/s), ListObjectsV2 of a 1,000-key bucket (calls/s), list cost at 1,000 vs 1,000,000 keys, and a 1 GiB
// streamed upload and download with the server's RSS before, at its peak and after.
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { systemClock } from '../../src/core/clock.js';
import { s3Api } from '../../src/services/s3/testing.js';
import type { RequestContext } from '../../src/core/request-context.js';
import { openBlobStore } from '../../src/store/blob-store.js';
import { openStateStore } from '../../src/store/state-store.js';
import { closedLoop, formatResult, rssMiB, startServer, type BenchServer, type LoopResult } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';

const KIB = 1024;
const MIB = 1024 * 1024;
const BODY_1K = Buffer.alloc(KIB, 'k');
const BODY_1M = Buffer.alloc(MIB, 'm');
const WARM_UP = 3_000;
const LIST_KEYS = 1_000;
const BIG_KEYS = 1_000_000;
const FILL_WORKERS = 16;

function s3Client(url: string): S3Client {
  return new S3Client({ ...sdkConfig(url), forcePathStyle: true });
}

async function withS3<T>(run: (server: BenchServer, s3: S3Client) => Promise<T>, extraArgs: string[] = []): Promise<T> {
  const server = await startServer(extraArgs);
  const s3 = s3Client(server.url);
  try {
    return await run(server, s3);
  } finally {
    s3.destroy();
    await server.stop();
  }
}

async function putMany(s3: S3Client, bucket: string, count: number, body: Buffer, key: (i: number) => string): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: FILL_WORKERS }, async () => {
    for (let i = next++; i < count; i = next++) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key(i), Body: body }));
  }));
}

/** Puts WARM_UP 1 KiB objects into a bucket of their own, so JIT and lazy loading are not in the measured loop. */
async function warmUp(server: BenchServer, s3: S3Client, workers: number): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-warm-up' }));
  await closedLoop(server, workers, WARM_UP, (_w, i) => s3.send(new PutObjectCommand({ Bucket: 'bench-warm-up', Key: `w${i}`, Body: BODY_1K })));
  await closedLoop(server, workers, WARM_UP, (_w, i) => getBody(s3, 'bench-warm-up', `w${Math.abs(i) % WARM_UP}`));
}

async function getBody(s3: S3Client, bucket: string, key: string): Promise<number> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body!.transformToByteArray()).length;
}

function target(label: string, ok: boolean): string {
  return `  target ${label}: ${ok ? 'met' : 'MISSED'}`;
}

/** PutObject and GetObject of 1 KiB through S3Provider in this process on a file store: S3's own share of the server figure. */
async function providerCpu(ops: number): Promise<{ put: number; get: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-s3-'));
  const blobs = openBlobStore({ dir: join(dataDir, 'blobs') });
  const store = openStateStore({ dataDir, blobs });
  try {
    const p = s3Api({ store, blobs, clock: systemClock });
    const ctx: RequestContext = {
      requestId: 'bench', service: 's3', operation: 'PutObject', account: '000000000000', region: 'us-east-1',
      accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'rest-xml', startedAt: 0,
    };
    await p.createBucket(ctx, { Bucket: 'bench' });
    const put = (i: number) => p.putObject(ctx, { Bucket: 'bench', Key: `k${i % 5000}`, Body: Readable.from([BODY_1K]) });
    const get = async (i: number) => {
      const out = await p.getObject(ctx, { Bucket: 'bench', Key: `k${i % 5000}` });
      if (!(out.Body instanceof Uint8Array)) for await (const chunk of out.Body as AsyncIterable<Buffer>) void chunk;
    };
    const measure = async (op: (i: number) => Promise<unknown>): Promise<number> => {
      for (let i = 0; i < WARM_UP; i++) await op(i);
      const before = process.cpuUsage();
      for (let i = 0; i < ops; i++) await op(i);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / ops;
    };
    return { put: await measure(put), get: await measure(get) };
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const s3Small: Scenario = {
  name: 's3-small',
  async run({ ops, workers }) {
    const lines = await withS3(async (server, s3) => {
      await warmUp(server, s3, workers);
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-small' }));
      const put = await closedLoop(server, workers, ops, (_w, i) => s3.send(new PutObjectCommand({ Bucket: 'bench-small', Key: `k${Math.abs(i)}`, Body: BODY_1K })));
      const get = await closedLoop(server, workers, ops, (_w, i) => getBody(s3, 'bench-small', `k${Math.abs(i) % ops}`));
      return [
        formatResult('S3 PutObject 1 KiB', put), target('PutObject 1 KiB ≤ 0.25 ms server CPU', put.serverCpuMsPerOp <= 0.25),
        formatResult('S3 GetObject 1 KiB', get), target('GetObject 1 KiB ≤ 0.15 ms server CPU', get.serverCpuMsPerOp <= 0.15),
      ];
    });
    const alone = await providerCpu(ops);
    lines.push(`  provider alone (S3Provider in process, file store, no HTTP): PutObject ${alone.put.toFixed(3)} ms/op, GetObject ${alone.get.toFixed(3)} ms/op`);
    return lines;
  },
};

export const s3Put1M: Scenario = {
  name: 's3-put-1m',
  async run({ ops, workers }) {
    return withS3(async (server, s3) => {
      await warmUp(server, s3, workers);
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-1m' }));
      const n = Math.min(ops, 1_000);
      const w = Math.min(workers, 4);
      const r = await closedLoop(server, w, n, (_w, i) => s3.send(new PutObjectCommand({ Bucket: 'bench-1m', Key: `m${Math.abs(i) % 200}`, Body: BODY_1M })));
      const mbps = (r.opsPerSecond * MIB) / 1e6;
      return [
        `${formatResult(`S3 PutObject 1 MiB (${w} workers)`, r)}  ${mbps.toFixed(0)} MB/s`,
        target('1 MiB ≥ 400 MB/s', mbps >= 400),
      ];
    });
  },
};

async function listPage(s3: S3Client, bucket: string, startAfter?: string): Promise<number> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(startAfter ? { StartAfter: startAfter } : {}) }));
  return out.KeyCount ?? 0;
}

/** A SigV4 header with a dummy signature: kumo without --enforce-iam trusts signed requests unchecked, while an
 *  unsigned one is anonymous and refused on a private bucket. */
const TRUSTED_HEADERS = {
  'x-amz-date': '20260101T000000Z',
  authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
};

/** A path-style ListObjectsV2 over raw HTTP (signature not computed), body read but not parsed: the server's capacity
 *  without the SDK's signing and XML parsing. */
function rawList(url: string, agent: Agent, bucket: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/${bucket}?list-type=2`, { agent, headers: TRUSTED_HEADERS }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`list: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

export const s3List: Scenario = {
  name: 's3-list',
  async run({ ops, workers }) {
    return withS3(async (server, s3) => {
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-list' }));
      await putMany(s3, 'bench-list', LIST_KEYS, BODY_1K, (i) => `dir${i % 10}/key-${String(i).padStart(6, '0')}`);
      const n = Math.min(ops, 2_000);
      for (let i = 0; i < 200; i++) await listPage(s3, 'bench-list');
      const r = await closedLoop(server, workers, n, async () => {
        if ((await listPage(s3, 'bench-list')) !== LIST_KEYS) throw new Error('list: short page');
      });
      const agent = new Agent({ keepAlive: true, maxSockets: 64 });
      const raw = await closedLoop(server, workers, n, () => rawList(server.url, agent, 'bench-list'));
      agent.destroy();
      return [
        formatResult('S3 ListObjectsV2 1,000 keys (SDK)', r), target('List ≥ 100 calls/s', r.opsPerSecond >= 100),
        formatResult('S3 ListObjectsV2 1,000 keys (raw HTTP)', raw),
      ];
    });
  },
};

/**
 * Fills a data directory before the server starts: one bucket of 1,000 keys and one of `big` keys, 16 B inline
 * bodies, written by ObjectStore.putVersion (PutObject's own metadata insert) in 10,000-row transactions.
 */
async function prefill(dataDir: string, big: number): Promise<number> {
  const blobs = openBlobStore({ dir: join(dataDir, 'blobs') });
  const store = openStateStore({ dataDir, blobs });
  const t0 = process.hrtime.bigint();
  try {
    const p = s3Api({ store, blobs, clock: systemClock });
    const ctx: RequestContext = {
      requestId: 'fill', service: 's3', operation: 'PutObject', account: '000000000000', region: 'us-east-1',
      accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'rest-xml', startedAt: 0,
    };
    const body = Buffer.from('sixteen bytes!!!');
    for (const [bucket, count] of [['small-bucket', LIST_KEYS], ['big-bucket', big]] as const) {
      await p.createBucket(ctx, { Bucket: bucket });
      for (let start = 0; start < count; start += 10_000) {
        store.transaction(() => {
          for (let i = start; i < Math.min(count, start + 10_000); i++) {
            p.state.objects.putVersion({
              bucket, key: `dir${i % 10}/key-${String(i).padStart(7, '0')}`, versionId: 'null', isDeleteMarker: false,
              lastModified: Date.now(), size: body.length, etag: '"d8e8fca2dc0f896fd7cb4cb0031ba249"', blobs: [], inline: body,
              meta: { owner: '000000000000', checksum: { algorithm: 'CRC64NVME', value: 'AAAAAAAAAAA=', type: 'FULL_OBJECT' } },
            }, false);
          }
        });
      }
    }
  } finally {
    store.close();
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export const s3ListScale: Scenario = {
  name: 's3-list-scale',
  async run({ ops, workers }) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-s3-fill-'));
    try {
      const fillSeconds = await prefill(dataDir, BIG_KEYS);
      return await withS3(async (server, s3) => {
        const n = Math.min(ops, 1_000);
        const results: Array<[string, LoopResult]> = [];
        for (const [label, bucket] of [['1,000 keys', 'small-bucket'], ['1,000,000 keys', 'big-bucket']] as const) {
          for (let i = 0; i < 100; i++) await listPage(s3, bucket);
          results.push([`S3 ListObjectsV2 first page, ${label}`, await closedLoop(server, workers, n, () => listPage(s3, bucket))]);
        }
        const mid = `dir5/key-${String(BIG_KEYS / 2).padStart(7, '0')}`;
        results.push(['S3 ListObjectsV2 mid-bucket page, 1M', await closedLoop(server, workers, n, () => listPage(s3, 'big-bucket', mid))]);
        return [
          `  filled 1,000 + ${BIG_KEYS.toLocaleString('en-US')} keys by direct ObjectStore inserts in ${fillSeconds.toFixed(1)} s (before the server started)`,
          ...results.map(([label, r]) => formatResult(label, r)),
        ];
      }, ['--data-dir', dataDir]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

/** 1 GiB as 1,024 chunks of 1 MiB, generated lazily. */
function gibibyteStream(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 1024) this.push(null);
      else {
        sent += 1;
        this.push(BODY_1M);
      }
    },
  });
}

export const s3Gibibyte: Scenario = {
  name: 's3-1gib',
  async run() {
    return withS3(async (server, s3) => {
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-big' }));
      const rssBefore = rssMiB(server.pid);
      let peak = rssBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMiB(server.pid));
      }, 50);
      try {
        const t0 = process.hrtime.bigint();
        await s3.send(new PutObjectCommand({ Bucket: 'bench-big', Key: 'gib', Body: gibibyteStream(), ContentLength: 1024 * MIB }));
        const up = Number(process.hrtime.bigint() - t0) / 1e9;
        const peakUp = peak;
        const t1 = process.hrtime.bigint();
        const out = await s3.send(new GetObjectCommand({ Bucket: 'bench-big', Key: 'gib' }));
        let bytes = 0;
        for await (const chunk of out.Body as AsyncIterable<Uint8Array>) bytes += chunk.length;
        const down = Number(process.hrtime.bigint() - t1) / 1e9;
        if (bytes !== 1024 * MIB) throw new Error(`1 GiB download returned ${bytes} bytes`);
        clearInterval(sampler);
        const rssAfter = rssMiB(server.pid);
        const growth = Math.max(peak, rssAfter) - rssBefore;
        return [
          `S3 1 GiB PutObject (streamed, CRC32 trailer)   ${((1024 * MIB) / up / 1e6).toFixed(0)} MB/s  (${up.toFixed(1)} s)`,
          `S3 1 GiB GetObject (streamed)                  ${((1024 * MIB) / down / 1e6).toFixed(0)} MB/s  (${down.toFixed(1)} s)`,
          `  server RSS ${rssBefore.toFixed(0)} MiB before, peak ${peakUp.toFixed(0)} MiB uploading / ${peak.toFixed(0)} MiB overall, ${rssAfter.toFixed(0)} MiB after`,
          target('RSS growth ≤ 64 MiB', growth <= 64),
        ];
      } finally {
        clearInterval(sampler);
      }
    });
  },
};

export const S3_SCENARIOS: Scenario[] = [s3Small, s3Put1M, s3List, s3ListScale, s3Gibibyte];

// Saturating load for "server CPU per op": requests are signed up front (real SigV4, as an SDK would) and replayed over
// raw keep-alive sockets from a worker thread, so the client costs microseconds and the server never idles between them.
import { createHash, createHmac } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { cpuMs, type BenchServer, type LoopResult } from '../harness.js';

/** The SHA-256 constructor SignatureV4 expects, over node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function bytes(data: SourceData): string | Uint8Array {
  return typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

export interface RawRequest {
  service: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  path?: string;
}

/** Signs `request` for `server` (test credentials, us-east-1) and returns its HTTP/1.1 bytes. */
export async function presign(server: BenchServer, request: RawRequest): Promise<Buffer> {
  const url = new URL(server.url);
  const signer = new SignatureV4({ service: request.service, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: NodeSha256 });
  const body = Buffer.from(request.body);
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path ?? '/',
    headers: { host: url.host, 'content-length': String(body.length), ...request.headers },
    body: request.body,
  });
  let head = `POST ${request.path ?? '/'} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(signed.headers)) head += `${name}: ${value}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`), body]);
}

/** `count` requests signed up front: request `n` is `request(n)`. */
export async function presignEach(server: BenchServer, count: number, request: (n: number) => RawRequest): Promise<Buffer[]> {
  const requests: Buffer[] = [];
  for (let n = 0; n < count; n++) requests.push(await presign(server, request(n)));
  return requests;
}

export interface ReplayOutcome {
  ok: number;
  failed: number;
  firstFailure: string;
}

/** Sends every request once over `connections` sockets from a worker thread; failures are counted, not thrown. */
export function replayOnce(port: number, requests: Buffer[], connections: number): Promise<ReplayOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./replay-worker.js', import.meta.url), { workerData: { port, requests, connections } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/**
 * Sends every request once over `connections` sockets (one request in flight on each) after a 200-request warm-up,
 * and reports throughput and the server's CPU per request. Any answer other than 200 fails the run.
 */
export async function replayLoop(server: BenchServer, requests: Buffer[], connections = 8): Promise<LoopResult> {
  const port = Number(new URL(server.url).port);
  await replayOnce(port, requests.slice(0, Math.min(200, requests.length)), connections);
  const cpuBefore = cpuMs(server.pid);
  const start = process.hrtime.bigint();
  const outcome = await replayOnce(port, requests, connections);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = cpuMs(server.pid) - cpuBefore;
  if (outcome.failed > 0) throw new Error(`replay: ${outcome.failed} of ${requests.length} requests failed; first: ${outcome.firstFailure.slice(0, 400)}`);
  return { ops: requests.length, seconds, opsPerSecond: requests.length / seconds, p50Ms: Number.NaN, p99Ms: Number.NaN, serverCpuMsPerOp: cpu / requests.length };
}

/** Requests replayed before a warm line (replayWarm): about what V8 takes to settle a request path. */
export const WARM_REQUESTS = 3_000;

/**
 * replayLoop on a warmed server: `requests` are first replayed over and over until `warmRequests` have been sent, then
 * measured once. V8 optimizes a request path over thousands of calls: a 1,440-point GetMetricStatistics measured
 * 1.1 ms of server CPU over its first 600 replays and settled at 0.40–0.45 ms after ~3,000 (docs/performance.md,
 * round 10), so the cold and the warm figure are both printed and neither stands for the other.
 */
export async function replayWarm(server: BenchServer, requests: Buffer[], warmRequests = WARM_REQUESTS, connections = 8): Promise<LoopResult> {
  const port = Number(new URL(server.url).port);
  for (let sent = 0; sent < warmRequests; sent += requests.length) await replayOnce(port, requests, connections);
  return replayLoop(server, requests, connections);
}


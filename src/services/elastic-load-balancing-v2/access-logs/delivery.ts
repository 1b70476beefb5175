// Log delivery to kumo's S3 in process: lines gather per load balancer node and interval in a spool that survives
// kill -9, and each interval's file is written once it has ended (ALB and NLB every 5 minutes, CLB 5 or 60).
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isAwsError } from '../../../core/aws-error.js';
import type { ServiceDeps } from '../../service-definition.js';
import { accessDeniedMessage, policyAllowsDelivery, type DeliveryCheck } from './bucket-check.js';
import { logKey, type LogFileSpec } from './format.js';
import { MemorySpool, type SpoolStore } from './spool.js';

export interface LogTarget extends LogFileSpec {
  bucket: string;
  /** The interval, ms of runtime-clock time (already scaled by KUMO_ELB_TIME_SCALE). */
  intervalMs: number;
}

/** Spooled lines reach the disk this often (wall ms): the data path only pushes to an array. */
export const SPOOL_WRITE_MS = 1000;

/** One node's lines of one interval, spooled under `name` until the interval has ended and its file is written. */
interface Window {
  name: string;
  key: string;
  target: LogTarget;
  end: number;
  /** Lines not yet appended to the spool. */
  pending: string[];
  /** The spool file has its header. */
  started: boolean;
  queued: boolean;
}

/** Where one node's lines go; `add` is the only call on the data path. */
export class LogSink {
  private window: Window | undefined;

  constructor(
    readonly key: string,
    public target: LogTarget,
    private readonly owner: AccessLogDelivery,
  ) {}

  add(line: string): void {
    const t = this.owner.now();
    let w = this.window;
    if (w === undefined || t >= w.end) w = this.window = this.owner.window(this.key, this.target, (Math.floor(t / this.target.intervalMs) + 1) * this.target.intervalMs);
    w.pending.push(line);
    if (!w.queued) this.owner.queue(w);
  }

  /** Lines from now on go to a window of the new target (the earlier ones stay where logging pointed then). */
  retarget(target: LogTarget): void {
    this.target = target;
    this.window = undefined;
  }
}

export type S3Port = Pick<ServiceDeps['internal'], 'invoke'>;

/** Ended access log intervals are looked for this often (clock ms, times KUMO_ELB_TIME_SCALE). */
export const LOG_FLUSH_MS = 5000;

/**
 * Log delivery for one service. Lines are batched in memory for at most SPOOL_WRITE_MS, then appended to the spool
 * (a file per node and interval), and each interval's S3 object is built from its spool file once the interval has
 * ended; intervals a killed process left behind are found at start and delivered like the others.
 */
export class AccessLogDelivery {
  private readonly sinks = new Map<string, LogSink>();
  private readonly windows = new Map<string, Window>();
  private dirty: Window[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly s3: S3Port,
    readonly now: () => number,
    private readonly log: (message: string) => void,
    private readonly spool: SpoolStore = new MemorySpool(),
  ) {
    for (const found of spool.recover()) {
      let header: { key?: unknown; target?: unknown; end?: unknown };
      try {
        header = JSON.parse(found.header) as typeof header;
      } catch {
        header = {};
      }
      if (typeof header.key !== 'string' || typeof header.end !== 'number' || typeof header.target !== 'object' || header.target === null) {
        this.log(`elb log spool ${found.name} unreadable, dropped`);
        spool.remove(found.name);
        continue;
      }
      this.windows.set(found.name, { name: found.name, key: header.key, target: header.target as LogTarget, end: header.end, pending: [], started: true, queued: false });
    }
  }

  /** The sink for one node (key), following the load balancer's current settings. */
  sink(key: string, target: LogTarget): LogSink {
    let s = this.sinks.get(key);
    if (!s) this.sinks.set(key, (s = new LogSink(key, target, this)));
    else if (JSON.stringify(s.target) !== JSON.stringify(target)) s.retarget(target);
    return s;
  }

  /** The window for a node's interval: the same spool file whoever writes it, this process or an earlier one. */
  window(key: string, target: LogTarget, end: number): Window {
    const name = `${createHash('sha256').update(`${key}\n${JSON.stringify(target)}`).digest('hex').slice(0, 24)}-${end}.log`;
    let w = this.windows.get(name);
    if (!w) this.windows.set(name, (w = { name, key, target, end, pending: [], started: false, queued: false }));
    return w;
  }

  /** Marks a window as having unspooled lines; the first one arms the batch write. */
  queue(w: Window): void {
    w.queued = true;
    this.dirty.push(w);
    this.timer ??= setTimeout(() => this.writePending(), SPOOL_WRITE_MS).unref();
  }

  /** Appends every batch waiting in memory to the spool (the timer, each flush, and shutdown call it). */
  writePending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const dirty = this.dirty;
    this.dirty = [];
    for (const w of dirty) {
      w.queued = false;
      if (w.pending.length === 0) continue;
      try {
        this.spool.append(w.name, w.started ? undefined : JSON.stringify({ key: w.key, target: w.target, end: w.end }), w.pending);
        w.started = true;
        w.pending = [];
      } catch (e) {
        // A full or failing disk keeps the lines in memory; the next batch tries again.
        this.log(`elb log spool ${w.name} not written: ${e instanceof Error ? e.message : String(e)}`);
        w.queued = true;
        this.dirty.push(w);
      }
    }
  }

  /**
   * Writes every ended interval's file; a failed write is logged and its lines dropped (AWS: "best effort"). Without
   * windows it returns at once, with no promise: the clock task calling it runs every 5 s through multi-day advances.
   */
  flush(): Promise<void> | undefined {
    return this.windows.size === 0 ? undefined : this.flushWindows();
  }

  private async flushWindows(): Promise<void> {
    this.writePending();
    const now = this.now();
    for (const w of [...this.windows.values()]) {
      if (w.end > now || w.queued) continue;
      this.windows.delete(w.name);
      const lines = this.spool.read(w.name);
      if (lines.length > 0) await this.deliver(w.target, w.end, lines);
      this.spool.remove(w.name);
    }
  }

  private async deliver(target: LogTarget, end: number, lines: string[]): Promise<void> {
    const text = lines.join('\n') + '\n';
    const body = target.kind === 'classic' ? Buffer.from(text) : gzipSync(text);
    const key = logKey(target, end, randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8));
    try {
      await this.s3.invoke('s3', 'PutObject', { account: target.account, region: target.region }, { Bucket: target.bucket, Key: key, Body: Readable.from([body]) });
    } catch (e) {
      this.log(`elb access log ${target.bucket}/${key} not written: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Drops sinks of nodes that no longer log (their windows are still delivered when their intervals end). */
  prune(keep: ReadonlySet<string>): void {
    for (const key of this.sinks.keys()) if (!keep.has(key)) this.sinks.delete(key);
  }

  /** Shutdown: what is batched in memory goes to the spool, to be delivered after the restart. */
  close(): void {
    this.writePending();
  }

  /** POST /_kumo/reset: the load balancers are gone, and so are their waiting lines. */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = [];
    for (const w of this.windows.values()) this.spool.remove(w.name);
    this.windows.clear();
    this.sinks.clear();
  }
}

/** Enabling logs: the bucket must exist and its policy allow delivery, then AWS writes its test file. Returns the
 *  error message for InvalidConfigurationRequest, or undefined when logging may be enabled. */
export async function verifyBucket(s3: S3Port, check: DeliveryCheck, lbName: string, nowMs: number, what = 'AccessLog'): Promise<string | undefined> {
  const scope = { account: check.account, region: check.region };
  let policy: string | undefined;
  try {
    policy = (await s3.invoke<{ Policy?: string }>('s3', 'GetBucketPolicy', scope, { Bucket: check.bucket })).Policy;
  } catch (e) {
    if (!isAwsError(e)) throw e;
    policy = undefined; // NoSuchBucket or NoSuchBucketPolicy: nothing lets ELB write
  }
  if (!policyAllowsDelivery(policy, check)) return accessDeniedMessage(check.bucket);
  const body = Buffer.from(`Enable ${what} for ELB: ${lbName} at ${new Date(nowMs).toISOString()}`);
  await s3.invoke('s3', 'PutObject', scope, { Bucket: check.bucket, Key: check.key, Body: Readable.from([body]) });
  return undefined;
}

/** `[prefix/]AWSLogs/<acct>/ELBAccessLogTestFile` (or the connection and health check logs' test file). */
export function testFileKey(prefix: string, account: string, file = 'ELBAccessLogTestFile'): string {
  return `${prefix ? `${prefix.replace(/\/+$/, '')}/` : ''}AWSLogs/${account}/${file}`;
}

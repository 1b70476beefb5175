// Access log delivery to kumo's S3 in process: lines gather per load balancer node and interval, and each interval's
// file is written once it has ended (ALB and NLB every 5 minutes, CLB every 5 or 60) on the runtime clock.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isAwsError } from '../../../core/aws-error.js';
import type { ServiceDeps } from '../../service-definition.js';
import { accessDeniedMessage, policyAllowsDelivery, type DeliveryCheck } from './bucket-check.js';
import { logKey, type LogFileSpec } from './format.js';

export interface LogTarget extends LogFileSpec {
  bucket: string;
  /** The interval, ms of runtime-clock time (already scaled by KUMO_ELB_TIME_SCALE). */
  intervalMs: number;
}

/** Where one node's lines go; `add` is the only call on the data path. */
export class LogSink {
  lines: string[] = [];
  /** The end of the interval the buffered lines belong to (ms), 0 while empty. */
  windowEnd = 0;
  /** Earlier intervals' lines, waiting for the next flush. */
  readonly ready: Array<{ target: LogTarget; end: number; lines: string[] }> = [];

  constructor(
    public target: LogTarget,
    private readonly now: () => number,
  ) {}

  add(line: string): void {
    const t = this.now();
    if (this.windowEnd !== 0 && t >= this.windowEnd) this.seal();
    if (this.windowEnd === 0) this.windowEnd = (Math.floor(t / this.target.intervalMs) + 1) * this.target.intervalMs;
    this.lines.push(line);
  }

  /** Moves the current interval's lines to `ready` when the interval is over (or `force`). */
  seal(force = false): void {
    if (this.lines.length === 0 || (!force && this.now() < this.windowEnd)) return;
    this.ready.push({ target: this.target, end: this.windowEnd, lines: this.lines });
    this.lines = [];
    this.windowEnd = 0;
  }
}

export type S3Port = Pick<ServiceDeps['internal'], 'invoke'>;

/** Ended access log intervals are looked for this often (clock ms, times KUMO_ELB_TIME_SCALE). */
export const LOG_FLUSH_MS = 5000;
export class AccessLogDelivery {
  private readonly sinks = new Map<string, LogSink>();

  constructor(
    private readonly s3: S3Port,
    private readonly now: () => number,
    private readonly log: (message: string) => void,
  ) {}

  /** The sink for one node (key), following the load balancer's current settings. */
  sink(key: string, target: LogTarget): LogSink {
    let s = this.sinks.get(key);
    if (!s) this.sinks.set(key, (s = new LogSink(target, this.now)));
    else if (JSON.stringify(s.target) !== JSON.stringify(target)) {
      s.seal(true); // lines so far go where logging pointed when they were written
      s.target = target;
    }
    return s;
  }

  /**
   * Writes every ended interval's file; a failed write is logged and its lines dropped (AWS: "best effort"). Without
   * sinks it returns at once, with no promise: the clock task calling it runs every 5 s through multi-day advances.
   */
  flush(): Promise<void> | undefined {
    return this.sinks.size === 0 ? undefined : this.flushSinks();
  }

  private async flushSinks(): Promise<void> {
    for (const sink of this.sinks.values()) {
      sink.seal();
      while (sink.ready.length > 0) {
        const batch = sink.ready.shift()!;
        const { target } = batch;
        const text = batch.lines.join('\n') + '\n';
        const body = target.kind === 'classic' ? Buffer.from(text) : gzipSync(text);
        const key = logKey(target, batch.end, randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8));
        try {
          await this.s3.invoke('s3', 'PutObject', { account: target.account, region: target.region }, { Bucket: target.bucket, Key: key, Body: Readable.from([body]) });
        } catch (e) {
          this.log(`elb access log ${target.bucket}/${key} not written: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }

  /** Drops sinks of nodes that no longer log, once their lines are written. */
  prune(keep: ReadonlySet<string>): void {
    for (const [key, sink] of this.sinks) if (!keep.has(key) && sink.lines.length === 0 && sink.ready.length === 0) this.sinks.delete(key);
  }
}

/** Enabling logs: the bucket must exist and its policy allow delivery, then AWS writes its test file. Returns the
 *  error message for InvalidConfigurationRequest, or undefined when logging may be enabled. */
export async function verifyBucket(s3: S3Port, check: DeliveryCheck, lbName: string, nowMs: number): Promise<string | undefined> {
  const scope = { account: check.account, region: check.region };
  let policy: string | undefined;
  try {
    policy = (await s3.invoke<{ Policy?: string }>('s3', 'GetBucketPolicy', scope, { Bucket: check.bucket })).Policy;
  } catch (e) {
    if (!isAwsError(e)) throw e;
    policy = undefined; // NoSuchBucket or NoSuchBucketPolicy: nothing lets ELB write
  }
  if (!policyAllowsDelivery(policy, check)) return accessDeniedMessage(check.bucket);
  const body = Buffer.from(`Enable AccessLog for ELB: ${lbName} at ${new Date(nowMs).toISOString()}`);
  await s3.invoke('s3', 'PutObject', scope, { Bucket: check.bucket, Key: check.key, Body: Readable.from([body]) });
  return undefined;
}

/** `[prefix/]AWSLogs/<acct>/ELBAccessLogTestFile`. */
export function testFileKey(prefix: string, account: string): string {
  return `${prefix ? `${prefix.replace(/\/+$/, '')}/` : ''}AWSLogs/${account}/ELBAccessLogTestFile`;
}

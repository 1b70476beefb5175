// The delivery engine: flushes each stream's buffer into one S3 object when a buffering hint is reached, writes it
// through an in-process ObjectWriter, and retries failed writes with backoff; exactly once across crashes.
import { isAwsError } from '../../core/aws-error.js';
import { flushReason } from './buffering.js';
import { fileExtension } from './compression.js';
import { compressStream } from './compression-stream.js';
import { bucketFromArn } from './destination.js';
import { objectKey } from './object-key.js';
import { effectivePrefixes } from './prefix-expression.js';
import type { Delivery, ObjectPlan, RecordStore } from './record-store.js';
import type { Scope, Stream, StreamStore } from './stream-store.js';

/** Writes delivered objects: S3 PutObject / HeadObject called in process, never over HTTP. */
export interface ObjectWriter {
  /** Streams the body into the object; throws the S3 error (NoSuchBucket, AccessDenied, …) when S3 refuses it. */
  put(scope: Scope, bucket: string, key: string, body: AsyncIterable<Buffer>): Promise<void>;
  /** True when the object exists: an attempt interrupted by a crash may already have written it. */
  exists(scope: Scope, bucket: string, key: string): Promise<boolean>;
}

// "Firehose keeps retrying for up to 24 hours until the delivery succeeds" (developer guide, "Data Delivery Failure
// Handling", Amazon S3). Past that AWS drops the data; kumo keeps the records, keeps retrying, and says so in
// DescribeDeliveryStream's FailureDescription, since nothing acknowledged may be lost.
export const S3_RETRY_WINDOW_MS = 24 * 3600 * 1000;
const MAX_BACKOFF_MS = 60_000;

/** Wait before the next attempt: 1 s, 2 s, 4 s … up to a minute. */
export function backoffMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
}

export interface DeliveryEngineDeps {
  streams: StreamStore;
  records: RecordStore;
  writer: ObjectWriter;
  clock: { now(): number };
  log?: (message: string) => void;
  /** Asks to be run for this stream again in `delayMs` (its next interval or retry), so timing is exact. */
  wake?: (streamId: number, delayMs: number) => void;
}

export function planObject(stream: Stream, oldestArrival: number): ObjectPlan {
  const dest = stream.destination;
  const { prefix } = effectivePrefixes(dest.Prefix, dest.ErrorOutputPrefix);
  const extension = fileExtension(dest.CompressionFormat, dest.FileExtension);
  const zone = dest.CustomTimeZone !== undefined && dest.CustomTimeZone !== '' ? { zone: dest.CustomTimeZone } : {};
  const key = objectKey(prefix, { streamName: stream.name, version: String(stream.versionId), epochMs: oldestArrival, extension, ...zone });
  const base = key.slice(key.lastIndexOf('/') + 1);
  return {
    bucket: bucketFromArn(dest.BucketARN),
    key,
    entryName: extension === '' ? base : base.slice(0, base.length - extension.length),
    compression: dest.CompressionFormat,
  };
}

export class DeliveryEngine {
  /** Keys planned by this process: only plans found after a restart need the "already written?" check. */
  private readonly plannedHere = new Set<string>();

  constructor(private readonly deps: DeliveryEngineDeps) {}

  /** Delivers everything due now; returns how many objects were written. */
  async run(): Promise<number> {
    return (await this.tick()) ?? 0;
  }

  /**
   * One clock tick: delivers the streams due now, or returns at once with no promise when none is (the task runs
   * every second through multi-day clock advances), reading the due streams once either way.
   */
  tick(): Promise<number> | undefined {
    const due = this.deps.streams.due(this.deps.clock.now());
    return due.length === 0 ? undefined : this.deliverAll(due);
  }

  private async deliverAll(due: readonly Stream[]): Promise<number> {
    let delivered = 0;
    for (const stream of due) delivered += await this.deliverStream(stream.id);
    return delivered;
  }

  /** Streams with a delivery under way, and its run: a second trigger (clock tick, timer) waits for it. */
  private readonly running = new Map<number, Promise<number>>();

  /**
   * Delivers one stream's due objects in order, stopping at the first failure (its retry is scheduled). A call while
   * the stream is being delivered waits for that run and then looks again, so a trigger that returns has seen the
   * stream's due objects delivered (tests advancing the clock rely on it).
   */
  async deliverStream(streamId: number): Promise<number> {
    const current = this.running.get(streamId);
    if (current !== undefined) {
      await current.catch(() => 0);
      return this.deliverStream(streamId);
    }
    const run = this.deliverDue(streamId).finally(() => {
      this.running.delete(streamId);
      this.scheduleNext(streamId);
    });
    this.running.set(streamId, run);
    return run;
  }

  /** At start: a timer for every stream with buffered records or a delivery left by the previous run. */
  scheduleAll(): void {
    for (const id of this.deps.streams.withWork()) this.scheduleNext(id);
  }

  /** When the stream next has work: its pending delivery's retry, or its buffer's interval. */
  nextDueAt(streamId: number): number | undefined {
    const stream = this.deps.streams.getById(streamId);
    if (stream === undefined) return undefined;
    const pending = this.deps.records.pending(stream);
    if (pending !== undefined) return pending.nextAttemptAt;
    return stream.oldestArrival === undefined ? undefined : stream.oldestArrival + stream.destination.BufferingHints.IntervalInSeconds * 1000;
  }

  private scheduleNext(streamId: number): void {
    if (this.deps.wake === undefined) return;
    const at = this.nextDueAt(streamId);
    if (at !== undefined) this.deps.wake(streamId, Math.max(0, at - this.deps.clock.now()));
  }

  private async deliverDue(streamId: number): Promise<number> {
    let delivered = 0;
    for (;;) {
      const stream = this.deps.streams.getById(streamId);
      if (stream === undefined) return delivered;
      const now = this.deps.clock.now();
      let delivery = this.deps.records.pending(stream);
      if (delivery === undefined) {
        const hints = stream.destination.BufferingHints;
        if (flushReason({ bytes: stream.bufferedBytes, oldestArrivalMs: stream.oldestArrival }, hints, now) === undefined) return delivered;
        delivery = this.deps.records.plan(stream, hints, now, (oldest) => planObject(stream, oldest));
        if (delivery === undefined) return delivered;
        this.plannedHere.add(delivery.key);
      } else if (delivery.nextAttemptAt > now) {
        return delivered;
      }
      if (!(await this.attempt(stream, delivery))) return delivered;
      delivered++;
    }
  }

  private async attempt(stream: Stream, d: Delivery): Promise<boolean> {
    const scope = { account: d.account, region: d.region };
    try {
      const written = !this.plannedHere.has(d.key) && (await this.deps.writer.exists(scope, d.bucket, d.key));
      if (!written) {
        const body = compressStream(d.compression, this.deps.records.stream(d), d.entryName, d.oldestArrival);
        await this.deps.writer.put(scope, d.bucket, d.key, body);
      }
    } catch (e) {
      this.failed(stream, d, e);
      return false;
    }
    this.deps.streams.transaction(() => {
      this.deps.records.complete(d);
      if (stream.failure !== undefined) this.deps.streams.setFailure(stream.id, undefined);
    });
    this.plannedHere.delete(d.key);
    return true;
  }

  private failed(stream: Stream, d: Delivery, e: unknown): void {
    const now = this.deps.clock.now();
    // Firehose names S3 delivery errors "S3.<code>" in its error logs (e.g. S3.NoSuchBucket, S3.AccessDenied).
    const error = isAwsError(e) ? `S3.${e.code}: ${e.message}` : `InternalError: ${e instanceof Error ? e.message : String(e)}`;
    const since = d.firstAttemptAt ?? now;
    this.deps.streams.transaction(() => {
      this.deps.records.fail(d, now, now + backoffMs(d.attempts + 1), error);
      if (now - since >= S3_RETRY_WINDOW_MS) {
        this.deps.streams.setFailure(stream.id, {
          Type: 'UNKNOWN_ERROR',
          Details: `Delivery to Amazon S3 bucket ${d.bucket} has failed for ${Math.floor((now - since) / 1000)} seconds (${error}). The records stay buffered and delivery keeps retrying.`,
        });
      }
    });
    this.deps.log?.(`firehose ${stream.name}: delivery of ${d.key} failed (${error}); attempt ${d.attempts + 1}`);
  }
}

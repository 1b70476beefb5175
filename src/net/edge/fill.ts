// A cache fill that streams: the origin's body is kept for the cache (in memory up to a threshold, past it in a file
// of the edge's CacheFiles) while every viewer of the fill reads it as it arrives, so a miss's first bytes reach the
// viewer before the origin has finished. The fill is cached only when the origin's body ended whole; a fill cut
// short (origin reset, read timeout, short Content-Length) caches nothing and ends its viewers' connections.
import { close, read, writev } from 'node:fs';
import { Readable } from 'node:stream';
import type { BodyFile, CacheFiles, GrowingFile } from './cache-files.js';

/** Where the whole body ended up. */
export type FilledBody = { bytes: Buffer; file?: undefined } | { bytes?: undefined; file: BodyFile };

export interface FillOptions<T> {
  /** Where bodies past `threshold` go; without it every body stays in memory. */
  files: CacheFiles | undefined;
  threshold: number;
  /** The origin's Content-Length: a body ending shorter is a failure, and a longer one goes to a file at once. */
  expectedLength: number | undefined;
  /** Whether the fill goes on when no viewer is reading (a cacheable object); else it is abandoned then. */
  keepWithoutViewers: boolean;
  /** The body is whole: store it; `kept` false when the cache did not keep it (its file then goes once unread). */
  complete(body: FilledBody): { value: T; kept: boolean };
  /** The origin failed mid-body or the fill was abandoned: nothing was stored. */
  failed(): void;
}

/** Unwritten bytes past which the origin is paused until the file catches up, and where it resumes. */
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
const READ_BYTES = 64 * 1024;
/** Segments written by one writev. */
const WRITE_BATCH = 64;

export class Fill<T> {
  state: 'filling' | 'done' | 'failed' = 'filling';
  /** The stored result once done, undefined after a failure. */
  readonly done: Promise<T | undefined>;
  private settle!: (v: T | undefined) => void;
  /** Bytes received from the origin. */
  private received = 0;
  /** Bytes in the file: [0, written); the in-memory segments hold [segsStart, received). */
  private written = 0;
  private segsStart = 0;
  private segs: Buffer[] = [];
  private file: GrowingFile | undefined;
  private fd: number | undefined;
  private writing = false;
  private ended = false;
  private paused = false;
  /** File reads and writes in flight: the descriptor closes only when none is. */
  private io = 0;
  private readonly readers = new Set<FillReader>();
  private holds = 0;
  /** The committed file is not the cache's: delete it once nothing reads it. */
  private dropFile = false;
  private committed: BodyFile | undefined;

  constructor(
    private readonly source: Readable,
    private readonly o: FillOptions<T>,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    if (o.files && o.expectedLength !== undefined && o.expectedLength > o.threshold) this.spill();
    source.on('data', (chunk: Buffer) => this.onData(chunk));
    source.on('end', () => this.onEnd());
    source.on('error', () => this.fail());
    source.on('close', () => {
      if (!this.ended) this.fail();
    });
  }

  /** A viewer's stream of the body from its first byte (chunked framing when the length is unknown), or undefined
   *  when the fill is over and its file already closed (the caller answers from the cached entry). */
  reader(chunked: boolean): Readable | undefined {
    if (this.state === 'failed') return undefined;
    if (this.state === 'done' && this.fd === undefined && this.file !== undefined) return undefined;
    const r = new FillReader(this, chunked);
    this.readers.add(r);
    return r;
  }

  /** Keeps the fill's file while a caller waits for `done` to answer from the entry; returns the release. */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.idle();
    };
  }

  private onData(chunk: Buffer): void {
    if (this.state !== 'filling') return;
    if (!this.file && this.o.files && this.received + chunk.length > this.o.threshold) this.spill();
    this.segs.push(chunk);
    this.received += chunk.length;
    if (this.o.expectedLength !== undefined && this.received > this.o.expectedLength) return this.fail();
    if (this.file) {
      this.flush();
      if (!this.paused && this.received - this.written > HIGH_WATER) {
        this.paused = true;
        this.source.pause();
      }
    }
    this.wake();
  }

  private onEnd(): void {
    this.ended = true;
    if (this.state !== 'filling') return;
    if (this.o.expectedLength !== undefined && this.received !== this.o.expectedLength) return this.fail();
    if (this.file) return this.flush();
    const bytes = this.segs.length === 1 ? this.segs[0]! : Buffer.concat(this.segs, this.received);
    this.segs = [bytes];
    this.finish({ bytes });
  }

  /** From now on the body goes to a file; the bytes held so far are written first. */
  private spill(): void {
    try {
      this.file = this.o.files!.create();
      this.fd = this.file.fd;
    } catch {
      this.file = undefined; // no file (disk full, directory gone): the body stays in memory
    }
  }

  /** Writes the unwritten segments in order, one writev at a time; commits once the origin ended and all is out. */
  private flush(): void {
    if (this.writing || this.state !== 'filling' || this.fd === undefined) return;
    if (this.segs.length === 0) {
      if (this.ended) this.commit();
      return;
    }
    const batch = this.segs.slice(0, WRITE_BATCH);
    this.writing = true;
    this.io++;
    writev(this.fd, batch, this.written, (err, n) => {
      this.io--;
      this.writing = false;
      if (err || this.state !== 'filling') {
        if (err) this.fail();
        else this.idle();
        return;
      }
      this.written += n;
      this.segsStart += n;
      // Drop what is written (a short write leaves the rest of a segment for the next round).
      while (n > 0 && this.segs.length > 0) {
        const first = this.segs[0]!;
        if (first.length <= n) {
          n -= first.length;
          this.segs.shift();
        } else {
          this.segs[0] = first.subarray(n);
          n = 0;
        }
      }
      if (this.paused && this.received - this.written < LOW_WATER) {
        this.paused = false;
        this.source.resume();
      }
      this.flush();
    });
  }

  private commit(): void {
    let body: BodyFile;
    try {
      body = this.file!.commit(this.received);
    } catch {
      return this.fail();
    }
    this.committed = body;
    this.finish({ file: body });
  }

  private finish(body: FilledBody): void {
    this.state = 'done';
    const { value, kept } = this.o.complete(body);
    this.dropFile = !kept && body.file !== undefined;
    this.settle(value);
    this.wake();
    this.idle();
  }

  /** The origin failed, or the fill was abandoned: nothing is stored, the file goes, viewers' streams error. */
  private fail(): void {
    if (this.state !== 'filling') return;
    this.state = 'failed';
    this.segs = [];
    this.file?.abort();
    this.source.destroy();
    this.o.failed();
    this.settle(undefined);
    // Viewers' connections end now, as CloudFront's do when its origin fails mid-body (a reader with a file read in
    // flight ends when it returns).
    for (const r of [...this.readers]) if (!r.busy) r.destroy(new Error('the origin failed before the body was whole'));
    this.idle();
  }

  private wake(): void {
    for (const r of this.readers) {
      if (r.waiting) {
        r.waiting = false;
        this.pump(r);
      }
    }
  }

  /** Feeds a reader what is available: from the file below `segsStart`, else from the segments; waits for more. */
  pump(r: FillReader): void {
    if (r.busy || r.pumping) return;
    r.pumping = true;
    try {
      for (;;) {
        if (r.destroyed) return;
        if (this.state === 'failed') {
          r.destroy(new Error('the origin failed before the body was whole'));
          return;
        }
        if (r.pos < this.segsStart) return this.readFile(r);
        if (r.pos < this.received) {
          let at = this.segsStart;
          let slice: Buffer | undefined;
          for (const seg of this.segs) {
            if (r.pos < at + seg.length) {
              slice = seg.subarray(r.pos - at);
              break;
            }
            at += seg.length;
          }
          if (!slice) return; // unreachable: the segments cover [segsStart, received)
          r.pos += slice.length;
          if (!r.give(slice)) return;
          continue;
        }
        if (this.state === 'done') {
          r.finish();
          return;
        }
        r.waiting = true;
        return;
      }
    } finally {
      r.pumping = false;
    }
  }

  private readFile(r: FillReader): void {
    const fd = this.fd!;
    const n = Math.min(READ_BYTES, this.segsStart - r.pos);
    r.busy = true;
    this.io++;
    read(fd, Buffer.allocUnsafe(n), 0, n, r.pos, (err, got, buf) => {
      this.io--;
      r.busy = false;
      if (err || got === 0) r.destroy(err ?? new Error('cache file shorter than written'));
      else {
        r.pos += got;
        if (r.give(buf.subarray(0, got))) this.pump(r);
      }
      this.idle();
    });
  }

  /** A reader ended or its viewer went away. */
  detach(r: FillReader): void {
    this.readers.delete(r);
    if (this.state === 'filling' && this.readers.size === 0 && this.holds === 0 && !this.o.keepWithoutViewers) this.fail();
    this.idle();
  }

  /** Closes the descriptor (and drops an uncached file) once the fill is over and nothing reads or writes it. */
  private idle(): void {
    if (this.state === 'filling' || this.readers.size > 0 || this.holds > 0 || this.io > 0 || this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    close(fd, () => undefined);
    if (this.dropFile && this.committed) this.o.files?.delete(this.committed.id);
  }
}

/** One viewer's read of a fill, as a Readable the proxy core streams with backpressure. */
class FillReader extends Readable {
  pos = 0;
  waiting = false;
  busy = false;
  pumping = false;

  constructor(
    private readonly fill: { pump(r: FillReader): void; detach(r: FillReader): void },
    private readonly chunked: boolean,
  ) {
    super({ highWaterMark: READ_BYTES });
  }

  override _read(): void {
    this.fill.pump(this);
  }

  /** Pushes body bytes (framed as one chunk when chunked); false when the viewer's side is full. */
  give(bytes: Buffer): boolean {
    if (!this.chunked) return this.push(bytes);
    this.push(`${bytes.length.toString(16)}\r\n`, 'latin1');
    this.push(bytes);
    return this.push('\r\n', 'latin1');
  }

  finish(): void {
    if (this.chunked) this.push('0\r\n\r\n', 'latin1');
    this.push(null);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.fill.detach(this);
    cb(err);
  }
}

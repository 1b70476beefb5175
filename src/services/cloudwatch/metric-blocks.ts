// Packed bucket blocks: up to BLOCK_BUCKETS consecutive buckets of one series, tier and unit stored as one SQLite row
// (typed arrays of start/count/sum/min/max, sketches in a second BLOB), so a 1,440-point read costs ~24 rows, not 1,440.
import { Sketch } from './sketch.js';

/** Buckets per block at every tier: 1 s → one minute, 60 s → one hour, 300 s → five hours, 3600 s → 60 hours. */
export const BLOCK_BUCKETS = 60;

/** The block start (epoch seconds) holding the bucket starting at `ts` in tier `res`. */
export function blockStart(ts: number, res: number): number {
  const span = res * BLOCK_BUCKETS;
  return Math.floor(ts / span) * span;
}

/** A Float64 view of a BLOB (copied when SQLite's buffer is not 8-byte aligned). */
export function f64(buf: Uint8Array): Float64Array {
  if (buf.byteOffset % 8 === 0) return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength >> 3);
  return new Float64Array(new Uint8Array(buf).buffer);
}

/** One decoded block, kept in the store's cache for writes and reads: columns in ascending bucket start. Sketches
 *  stay in the stored form (one Float64 array for the block) until a write decodes one bucket's. */
export class Block {
  readonly ts: number[] = [];
  readonly count: number[] = [];
  readonly sum: number[] = [];
  readonly min: number[] = [];
  readonly max: number[] = [];
  /** Per bucket: a sketch decoded for a write, else undefined (its words are in `enc`). */
  private readonly decoded: Array<Sketch | undefined> = [];
  /** The stored sketches' words, and each bucket's offset and length in them (length 0: none stored). */
  private enc: Float64Array = EMPTY;
  private readonly encAt: number[] = [];
  private readonly encLen: number[] = [];
  /** In the metric store's dirty set: merged in memory, not written yet (a flag, so a merge skips the set's lookup). */
  dirty = false;

  constructor(
    readonly seriesId: number,
    readonly res: number,
    readonly start: number,
    readonly unit: string,
  ) {}

  /** The block as stored: `stats` is Float64 [ts × n, count × n, sum × n, min × n, max × n]; `sketches` is Float64
   *  [n, length × n, then each bucket's sketch words]. */
  static decode(seriesId: number, res: number, start: number, unit: string, stats: Uint8Array, sketches: Uint8Array): Block {
    const b = new Block(seriesId, res, start, unit);
    const s = f64(stats);
    const n = s.length / 5;
    for (let i = 0; i < n; i++) {
      b.ts.push(s[i] as number);
      b.count.push(s[n + i] as number);
      b.sum.push(s[2 * n + i] as number);
      b.min.push(s[3 * n + i] as number);
      b.max.push(s[4 * n + i] as number);
      b.decoded.push(undefined);
    }
    b.adopt(f64(sketches));
    return b;
  }

  /** Takes `words` (the stored sketches form) as the block's sketches, forgetting decoded ones. */
  private adopt(words: Float64Array): void {
    this.enc = words;
    const n = this.ts.length;
    let off = 1 + n;
    for (let i = 0; i < n; i++) {
      const len = words[1 + i] as number;
      this.encAt[i] = off;
      this.encLen[i] = len;
      this.decoded[i] = undefined;
      off += len;
    }
  }

  /** The index of the bucket starting at `ts`, created empty when absent (writes mostly land on the last one). */
  bucket(ts: number): number {
    let i = this.ts.length;
    while (i > 0 && (this.ts[i - 1] as number) > ts) i--;
    if (i > 0 && this.ts[i - 1] === ts) return i - 1;
    this.ts.splice(i, 0, ts);
    this.count.splice(i, 0, 0);
    this.sum.splice(i, 0, 0);
    this.min.splice(i, 0, Infinity);
    this.max.splice(i, 0, -Infinity);
    this.decoded.splice(i, 0, new Sketch());
    this.encAt.splice(i, 0, 0);
    this.encLen.splice(i, 0, 0);
    return i;
  }

  /** The bucket's sketch, decoded for a write. */
  sketchAt(i: number): Sketch {
    return (this.decoded[i] ??= Sketch.fromWords(this.sketchWords(i)));
  }

  /** The bucket's sketch in word form (a view: read it, do not keep it past the next write). */
  sketchWords(i: number): Float64Array {
    const d = this.decoded[i];
    if (d !== undefined) return d.words();
    const at = this.encAt[i] as number;
    return this.enc.subarray(at, at + (this.encLen[i] as number));
  }

  /** Replaces the bucket's stored sketch by `words` (converting rows of an earlier layout). */
  setSketchWords(i: number, words: Float64Array): void {
    this.decoded[i] = Sketch.fromWords(words);
  }

  encodeStats(): Buffer {
    const n = this.ts.length;
    const out = new Float64Array(5 * n);
    out.set(this.ts, 0);
    out.set(this.count, n);
    out.set(this.sum, 2 * n);
    out.set(this.min, 3 * n);
    out.set(this.max, 4 * n);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }

  /** Encodes the sketches and keeps that form (decoded sketches are dropped; a later write decodes again). */
  encodeSketches(): Buffer {
    const n = this.ts.length;
    const parts: Float64Array[] = [];
    let words = 1 + n;
    for (let i = 0; i < n; i++) {
      const w = this.sketchWords(i);
      parts.push(w);
      words += w.length;
    }
    const out = new Float64Array(words);
    out[0] = n;
    let off = 1 + n;
    for (let i = 0; i < n; i++) {
      const w = parts[i] as Float64Array;
      out[1 + i] = w.length;
      out.set(w, off);
      off += w.length;
    }
    this.adopt(out);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }

  /** Visits the buckets with start in [startSec, endSec). */
  visit(startSec: number, endSec: number, withSketch: boolean, visit: BucketVisitor): void {
    const n = this.ts.length;
    for (let i = 0; i < n; i++) {
      const ts = this.ts[i] as number;
      if (ts < startSec) continue;
      if (ts >= endSec) break;
      visit(ts, this.unit, this.count[i] as number, this.sum[i] as number, this.min[i] as number, this.max[i] as number, withSketch ? this.sketchWords(i) : undefined);
    }
  }
}

const EMPTY = new Float64Array(0);

/** Visits one bucket of a read: its sketch (words) only when the read asked for sketches. */
export type BucketVisitor = (ts: number, unit: string, count: number, sum: number, min: number, max: number, sketch: Float64Array | undefined) => void;

/** Visits the buckets of `blocks` (ordered by start, then unit) with start in [startSec, endSec), in time order; when
 *  several units share a block their buckets interleave by start, then unit (the order a bucket-per-row read had). */
export function visitBlocks(blocks: readonly Block[], startSec: number, endSec: number, withSketch: boolean, visit: BucketVisitor): void {
  for (let r = 0; r < blocks.length; ) {
    const start = (blocks[r] as Block).start;
    let end = r + 1;
    while (end < blocks.length && (blocks[end] as Block).start === start) end++;
    if (end === r + 1) (blocks[r] as Block).visit(startSec, endSec, withSketch, visit);
    else {
      const pending: Array<[ts: number, order: number, args: Parameters<BucketVisitor>]> = [];
      for (let k = r; k < end; k++) (blocks[k] as Block).visit(startSec, endSec, withSketch, (...args) => pending.push([args[0], k, args]));
      pending.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (const [, , args] of pending) visit(...args);
    }
    r = end;
  }
}

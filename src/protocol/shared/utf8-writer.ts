// A response body written as UTF-8 bytes straight into pooled chunks: ASCII text, JSON strings and integers are
// stored byte by byte, so a large answer builds no intermediate strings, ropes or a second encoding pass.
import { CHUNK_BYTES, releaseChunks, takeChunk, type Utf8Chunks } from './chunk-pool.js';

/** UTF-16 units per native write: at most 3 UTF-8 bytes each, so a segment always fits an empty chunk. */
export const SEGMENT_UNITS = 16 * 1024;
/** Strings up to this many units are checked and copied byte by byte; longer ones go to the native encoder. */
const SCAN_UNITS = 1024;
/**
 * Bytes given to `bytes` from this size on are sent as they are, between the chunk written so far and the rest of it,
 * instead of copied: one more buffer for the socket's writev costs less than copying a few KiB.
 */
export const SPLICE_BYTES = 4 * 1024;

const QUOTE = 0x22;
/**
 * Called as charCodeAt.call(s, i): `s.charCodeAt` is a property load on the string's map, which goes megamorphic in
 * the server (strings from JSON.parse, SQLite and literals have different maps) and cost ~5 % of a large answer.
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with its string through .call
const charCodeAt = String.prototype.charCodeAt;
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const BACKSLASH = 0x5c;

/** "00" to "99": two digits per division when writing an integer. */
const DIGIT_PAIRS = Uint8Array.from(Array.from({ length: 200 }, (_, i) => 0x30 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10)));

/**
 * Text encoded once (a member's `"Name":`), stored as little-endian 32-bit words and a tail: copied four bytes per
 * store, about 40 % faster than byte by byte (and than a native copy) for keys of ~12 bytes.
 */
export class Utf8Literal {
  readonly length: number;
  readonly words: Uint32Array;
  readonly tail: Uint8Array;

  constructor(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    this.length = bytes.length;
    const whole = bytes.length >> 2;
    this.words = new Uint32Array(whole);
    for (let i = 0; i < whole; i++) this.words[i] = bytes.readUInt32LE(i * 4);
    this.tail = Uint8Array.from(bytes.subarray(whole * 4));
  }
}

export class Utf8Writer {
  private readonly done: Buffer[] = [];
  private readonly taken: Buffer[] = [];
  private buf: Buffer;
  private view: DataView;
  private pos = 0;
  /** Where the current chunk's bytes not yet handed to `done` begin (after bytes spliced in by `bytes`). */
  private start = 0;

  constructor() {
    this.buf = takeChunk(this.taken);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  /** Text known to be ASCII (JSON punctuation, member keys, number text). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > CHUNK_BYTES) {
      if (n > SEGMENT_UNITS) {
        this.text(s);
        return;
      }
      this.next();
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** Text encoded beforehand. */
  literal(l: Utf8Literal): void {
    if (this.pos + l.length > CHUNK_BYTES) this.next();
    const view = this.view;
    const words = l.words;
    let pos = this.pos;
    for (let i = 0; i < words.length; i++) {
      view.setUint32(pos, words[i]!, true);
      pos += 4;
    }
    const tail = l.tail;
    const buf = this.buf;
    for (let i = 0; i < tail.length; i++) buf[pos++] = tail[i]!;
    this.pos = pos;
  }

  /** One ASCII byte. */
  byte(b: number): void {
    if (this.pos === CHUNK_BYTES) this.next();
    this.buf[this.pos++] = b;
  }

  /**
   * UTF-8 bytes as they are (text already encoded). From SPLICE_BYTES on, the buffer itself becomes part of the body,
   * so it must not change until the body is sent.
   */
  bytes(b: Buffer): void {
    if (b.length < SPLICE_BYTES) {
      if (this.pos + b.length > CHUNK_BYTES) this.next();
      this.pos += b.copy(this.buf, this.pos);
      return;
    }
    if (this.pos > this.start) this.done.push(this.buf.subarray(this.start, this.pos));
    this.start = this.pos;
    this.done.push(b);
  }

  /** Any text, encoded as UTF-8 (a surrogate pair is never split between two native writes). */
  text(s: string): void {
    if (s.length <= SEGMENT_UNITS) {
      this.segment(s);
      return;
    }
    for (let at = 0; at < s.length;) {
      let end = Math.min(at + SEGMENT_UNITS, s.length);
      const last = s.charCodeAt(end - 1);
      if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
      this.segment(s.slice(at, end));
      at = end;
    }
  }

  /** A string as JSON.stringify writes it: quoted, escaped; plain ASCII is copied here, anything else encoded natively. */
  jsonString(s: string): void {
    const n = s.length;
    if (n <= SCAN_UNITS) {
      if (this.pos + n + 2 > CHUNK_BYTES) this.next();
      const buf = this.buf;
      let pos = this.pos;
      buf[pos++] = QUOTE;
      let i = 0;
      for (; i < n; i++) {
        const c = charCodeAt.call(s, i);
        if (c < 0x20 || c > 0x7f || c === QUOTE || c === BACKSLASH) break;
        buf[pos++] = c;
      }
      if (i === n) {
        buf[pos++] = QUOTE;
        this.pos = pos;
        return;
      }
    }
    // Escapes or non-ASCII: JSON.stringify's own text (lone surrogates escaped), overwriting what was copied.
    this.text(JSON.stringify(s));
  }

  /**
   * A number as JSON.stringify writes it (NaN and ±Infinity as null). Integers below 2^32 are written digit by digit,
   * and so are fractions with up to 6 decimals (below 2^32) that are exactly the double (see `decimals`); any other
   * number goes through String(n), which costs a string per number (about twice what JSON.stringify spends).
   */
  number(n: number): void {
    const negative = n < 0;
    const abs = negative ? -n : n;
    if (abs <= 0xffffffff) {
      if (abs === Math.floor(abs)) {
        if (negative) this.byte(0x2d);
        this.digits(abs >>> 0, 1);
        return;
      }
      if (this.decimals(abs, negative)) return;
    }
    this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

  /**
   * The shortest decimal of a fraction below 2^32 (not an integer), when it has at most 6 decimals. ECMAScript's
   * Number::toString writes the fewest digits that read back as the number (the nearest one when several do): with
   * d the fewest decimals for which k = round(n·10^d) gives k / 10^d === n, "k·10^-d" reads back as n (both are the
   * correctly rounded value of the same rational), has the fewest digits, and is the only candidate of d decimals,
   * as the double's spacing below 2^32 (at most 2^-21) is finer than 10^-6.
   */
  private decimals(abs: number, negative: boolean): boolean {
    for (let d = 1; d <= 6; d++) {
      const scale = POWERS_OF_TEN[d]!;
      const k = Math.round(abs * scale);
      if (k / scale !== abs) continue;
      const whole = Math.floor(k / scale);
      if (negative) this.byte(0x2d);
      this.digits(whole, 1);
      this.byte(0x2e);
      this.digits(k - whole * scale, d);
      return true;
    }
    return false;
  }

  /** The bytes written, as chunks to send and give back to the pool once sent; a body of one chunk is copied out. */
  finish(): Utf8Chunks {
    if (this.done.length === 0) {
      const body = Buffer.allocUnsafe(this.pos);
      this.buf.copy(body, 0, 0, this.pos);
      releaseChunks(this.taken);
      return { chunks: [body], release: () => {} };
    }
    if (this.pos > this.start) this.done.push(this.buf.subarray(this.start, this.pos));
    else if (this.pos === 0) releaseChunks(this.taken.splice(this.taken.indexOf(this.buf), 1));
    const taken = this.taken;
    return { chunks: this.done, release: () => releaseChunks(taken) };
  }

  /** An unsigned 32-bit integer's digits, zero-padded on the left to at least `width`. */
  private digits(n: number, width: number): void {
    let count = 1;
    while (count < 10 && n >= POWERS_OF_TEN[count]!) count++;
    if (count < width) count = width;
    if (this.pos + count > CHUNK_BYTES) this.next();
    const buf = this.buf;
    const start = this.pos;
    let pos = start + count;
    this.pos = pos;
    while (n >= 100) {
      const q = (n / 100) >>> 0;
      const pair = (n - q * 100) * 2;
      buf[--pos] = DIGIT_PAIRS[pair + 1]!;
      buf[--pos] = DIGIT_PAIRS[pair]!;
      n = q;
    }
    if (n >= 10) {
      buf[--pos] = DIGIT_PAIRS[n * 2 + 1]!;
      buf[--pos] = DIGIT_PAIRS[n * 2]!;
    } else {
      buf[--pos] = 0x30 + n;
    }
    while (pos > start) buf[--pos] = 0x30;
  }

  private segment(s: string): void {
    // At most 3 UTF-8 bytes per UTF-16 unit: only a segment near the chunk's end needs its exact byte length.
    if (this.pos + s.length * 3 > CHUNK_BYTES && this.pos + Buffer.byteLength(s, 'utf8') > CHUNK_BYTES) this.next();
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  private next(): void {
    if (this.pos > this.start) this.done.push(this.buf.subarray(this.start, this.pos));
    this.buf = takeChunk(this.taken);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.pos = 0;
    this.start = 0;
  }
}

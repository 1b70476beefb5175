// A small RFC 8949 CBOR encoder for RPC v2 responses: definite lengths, shortest integer heads, float64 for
// non-integers, byte strings untagged, Dates as tag 1 epoch seconds (Smithy RPC v2 CBOR's timestamp form).
// Our own because cbor-x's optional native add-on has no installable package on the registries we reach.

const MAJOR_UNSIGNED = 0;
const MAJOR_NEGATIVE = 1;
const MAJOR_BYTES = 2;
const MAJOR_TEXT = 3;
const MAJOR_ARRAY = 4;
const MAJOR_MAP = 5;
const MAJOR_TAG = 6;

class CborWriter {
  private buf = Buffer.allocUnsafe(256);
  private at = 0;

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  head(major: number, length: number | bigint): void {
    this.ensure(9);
    const n = typeof length === 'bigint' ? length : BigInt(length);
    const m = major << 5;
    if (n < 24n) this.buf[this.at++] = m | Number(n);
    else if (n < 0x100n) {
      this.buf[this.at++] = m | 24;
      this.buf[this.at++] = Number(n);
    } else if (n < 0x10000n) {
      this.buf[this.at++] = m | 25;
      this.at = this.buf.writeUInt16BE(Number(n), this.at);
    } else if (n < 0x100000000n) {
      this.buf[this.at++] = m | 26;
      this.at = this.buf.writeUInt32BE(Number(n), this.at);
    } else {
      this.buf[this.at++] = m | 27;
      this.at = this.buf.writeBigUInt64BE(n, this.at);
    }
  }

  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.at);
    this.at += data.length;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.at++] = b;
  }

  float64(n: number): void {
    this.ensure(9);
    this.buf[this.at++] = 0xfb;
    this.at = this.buf.writeDoubleBE(n, this.at);
  }
}

function writeNumber(w: CborWriter, n: number): void {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) {
    if (n >= 0) w.head(MAJOR_UNSIGNED, n);
    else w.head(MAJOR_NEGATIVE, -1 - n);
  } else {
    w.float64(n);
  }
}

function writeItem(w: CborWriter, value: unknown): void {
  if (value === null || value === undefined) return w.byte(0xf6);
  if (value === true) return w.byte(0xf5);
  if (value === false) return w.byte(0xf4);
  if (typeof value === 'number') return writeNumber(w, value);
  if (typeof value === 'bigint') {
    if (value >= 0n) w.head(MAJOR_UNSIGNED, value);
    else w.head(MAJOR_NEGATIVE, -1n - value);
    return;
  }
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    w.head(MAJOR_TEXT, text.length);
    return w.raw(text);
  }
  if (value instanceof Uint8Array) {
    w.head(MAJOR_BYTES, value.length);
    return w.raw(value);
  }
  if (value instanceof Date) {
    w.head(MAJOR_TAG, 1);
    return writeNumber(w, value.getTime() / 1000);
  }
  if (Array.isArray(value)) {
    w.head(MAJOR_ARRAY, value.length);
    for (const item of value) writeItem(w, item);
    return;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    w.head(MAJOR_MAP, entries.length);
    for (const [key, item] of entries) {
      writeItem(w, key);
      writeItem(w, item);
    }
    return;
  }
  throw new TypeError(`cannot encode a ${typeof value} as CBOR`);
}

/** Encodes a value tree (objects, arrays, strings, numbers, booleans, null, Buffers, Dates, bigints) as CBOR. */
export function encodeCborValue(value: unknown): Buffer {
  const w = new CborWriter();
  writeItem(w, value);
  return Buffer.from(w.bytes());
}

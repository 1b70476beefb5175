// A strict RFC 8949 CBOR decoder for request bodies. cbor-x (used for encoding) rejects indefinite-length text
// strings, which Smithy RPC v2 clients may send (smithy RpcV2CborIndefiniteStringInside*ListCanDeserialize).
//
// Maps decode to plain objects (keys as strings), byte strings to Buffers, tag 1 to Date, bignums (tags 2/3) to
// bigint, other tags to their content, float16/32/64 to numbers, null/undefined to null.

export class CborSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CborSyntaxError';
  }
}

const MAX_DEPTH = 256;
const BREAK = Symbol('break');

/** Decodes exactly one CBOR data item filling the whole buffer. Throws CborSyntaxError otherwise. */
export function decodeCborItem(buf: Buffer): unknown {
  const reader = new Reader(buf);
  const value = reader.item(0);
  if (value === BREAK) throw new CborSyntaxError('unexpected break');
  if (reader.pos !== buf.length) throw new CborSyntaxError(`trailing bytes after the data item at offset ${reader.pos}`);
  return value;
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new CborSyntaxError('unexpected end of input');
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++] ?? 0;
  }

  /** The argument of an initial byte; -1 for indefinite length (additional info 31). */
  private argument(info: number): number | bigint {
    if (info < 24) return info;
    switch (info) {
      case 24:
        return this.u8();
      case 25:
        this.need(2);
        this.pos += 2;
        return this.buf.readUInt16BE(this.pos - 2);
      case 26:
        this.need(4);
        this.pos += 4;
        return this.buf.readUInt32BE(this.pos - 4);
      case 27: {
        this.need(8);
        this.pos += 8;
        const big = this.buf.readBigUInt64BE(this.pos - 8);
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case 31:
        return -1;
      default:
        throw new CborSyntaxError(`reserved additional information ${info}`);
    }
  }

  private length(info: number): number {
    const n = this.argument(info);
    if (typeof n === 'bigint') throw new CborSyntaxError('length too large');
    return n;
  }

  item(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new CborSyntaxError('nesting too deep');
    const initial = this.u8();
    const major = initial >> 5;
    const info = initial & 0x1f;
    switch (major) {
      case 0: {
        if (info === 31) throw new CborSyntaxError('indefinite-length integer');
        return this.argument(info);
      }
      case 1: {
        if (info === 31) throw new CborSyntaxError('indefinite-length integer');
        const n = this.argument(info);
        return typeof n === 'bigint' ? -1n - n : -1 - n;
      }
      case 2:
        return this.string(info, depth, 2);
      case 3:
        return this.text(info, depth);
      case 4:
        return this.array(info, depth);
      case 5:
        return this.map(info, depth);
      case 6:
        return this.tagged(info, depth);
      default:
        return this.simple(info);
    }
  }

  private string(info: number, depth: number, major: 2 | 3): Buffer {
    const len = this.length(info);
    if (len >= 0) {
      this.need(len);
      this.pos += len;
      return Buffer.from(this.buf.subarray(this.pos - len, this.pos));
    }
    // Indefinite length: definite chunks of the same major type until a break.
    const chunks: Buffer[] = [];
    for (;;) {
      const initial = this.u8();
      if (initial === 0xff) return Buffer.concat(chunks);
      if (initial >> 5 !== major || (initial & 0x1f) === 31) throw new CborSyntaxError('bad chunk in indefinite-length string');
      this.pos -= 1;
      const chunk = this.item(depth + 1);
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
    }
  }

  /** A text string, decoded straight from the body when definite (no copy; a request carries hundreds of them). */
  private text(info: number, depth: number): string {
    if (info === 31) return this.string(info, depth, 3).toString('utf8');
    const len = this.length(info);
    this.need(len);
    this.pos += len;
    return this.buf.toString('utf8', this.pos - len, this.pos);
  }

  private array(info: number, depth: number): unknown[] {
    const len = this.length(info);
    const out: unknown[] = [];
    for (let i = 0; len < 0 || i < len; i++) {
      const v = this.item(depth + 1);
      if (v === BREAK) {
        if (len < 0) return out;
        throw new CborSyntaxError('unexpected break');
      }
      out.push(v);
    }
    return out;
  }

  private map(info: number, depth: number): Record<string, unknown> {
    const len = this.length(info);
    const out: Record<string, unknown> = {};
    for (let i = 0; len < 0 || i < len; i++) {
      const k = this.item(depth + 1);
      if (k === BREAK) {
        if (len < 0) break;
        throw new CborSyntaxError('unexpected break');
      }
      const v = this.item(depth + 1);
      if (v === BREAK) throw new CborSyntaxError('map key without value');
      const key = typeof k === 'string' ? k : k instanceof Uint8Array ? Buffer.from(k).toString('utf8') : String(k);
      // A key named __proto__ is data, as Object.fromEntries would keep it, never the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
    }
    return out;
  }

  private tagged(info: number, depth: number): unknown {
    const tag = this.argument(info);
    const content = this.item(depth + 1);
    if (content === BREAK) throw new CborSyntaxError('unexpected break');
    if (tag === 1) {
      const seconds = typeof content === 'bigint' ? Number(content) : content;
      if (typeof seconds !== 'number') throw new CborSyntaxError('tag 1 needs a number');
      return new Date(Math.round(seconds * 1000));
    }
    if ((tag === 2 || tag === 3) && content instanceof Uint8Array) {
      const n = content.length === 0 ? 0n : BigInt(`0x${Buffer.from(content).toString('hex')}`);
      return tag === 2 ? n : -1n - n;
    }
    return content;
  }

  private simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:
        return null;
      case 24:
        this.u8();
        return null;
      case 25: {
        this.need(2);
        this.pos += 2;
        return float16(this.buf.readUInt16BE(this.pos - 2));
      }
      case 26:
        this.need(4);
        this.pos += 4;
        return this.buf.readFloatBE(this.pos - 4);
      case 27:
        this.need(8);
        this.pos += 8;
        return this.buf.readDoubleBE(this.pos - 8);
      case 31:
        return BREAK;
      default:
        if (info < 20) return null; // unassigned simple values
        throw new CborSyntaxError(`reserved simple value ${info}`);
    }
  }
}

function float16(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

// Order-preserving encoding of DynamoDB key values (S, N, B) into bytes whose memcmp order is DynamoDB's order,
// so SQLite compares BLOB columns the way DynamoDB sorts: Query and begins_with become range scans.
import type { AttributeValue } from './attribute-value.js';
import { requireDecimal, type Decimal } from './number.js';

export type KeyType = 'S' | 'N' | 'B';

const EXP_BIAS = 1000;
const TAG_NEGATIVE = 0x01;
const TAG_ZERO = 0x02;
const TAG_POSITIVE = 0x03;
const NEGATIVE_TERMINATOR = 0xff;

/** S: UTF-8 bytes; B: the bytes; N: sign tag, biased exponent and digit bytes (inverted for negatives). */
export function encodeKeyValue(v: AttributeValue): Buffer {
  if ('S' in v) return Buffer.from(v.S, 'utf8');
  if ('B' in v) return Buffer.from(v.B);
  if ('N' in v) return encodeDecimal(requireDecimal(v.N));
  throw new Error('key values are S, N or B');
}

export function encodeDecimal(d: Decimal): Buffer {
  if (d.digits === '') return Buffer.from([TAG_ZERO]);
  const n = d.digits.length;
  const out = Buffer.allocUnsafe(3 + n + (d.negative ? 1 : 0));
  const e = d.exp + EXP_BIAS;
  if (!d.negative) {
    out[0] = TAG_POSITIVE;
    out.writeUInt16BE(e, 1);
    // A shorter mantissa with the same prefix is the smaller magnitude: plain digit bytes sort correctly.
    for (let i = 0; i < n; i++) out[3 + i] = d.digits.charCodeAt(i) - 0x2f; // '0' → 1 … '9' → 10
    return out;
  }
  out[0] = TAG_NEGATIVE;
  out.writeUInt16BE(0xffff - e, 1);
  // Negative: larger magnitude sorts first, so digits are inverted and a high terminator puts prefixes after.
  for (let i = 0; i < n; i++) out[3 + i] = 0x3a - d.digits.charCodeAt(i) + 1; // '0' → 11 … '9' → 2
  out[3 + n] = NEGATIVE_TERMINATOR;
  return out;
}

export function decodeKeyValue(type: KeyType, bytes: Uint8Array): AttributeValue {
  if (type === 'S') return { S: Buffer.from(bytes).toString('utf8') };
  if (type === 'B') return { B: Buffer.from(bytes) };
  return { N: decodeNumber(bytes) };
}

function decodeNumber(b: Uint8Array): string {
  const buf = Buffer.from(b);
  if (buf[0] === TAG_ZERO) return '0';
  const negative = buf[0] === TAG_NEGATIVE;
  const e = negative ? 0xffff - buf.readUInt16BE(1) : buf.readUInt16BE(1);
  const end = negative ? buf.length - 1 : buf.length;
  let digits = '';
  for (let i = 3; i < end; i++) digits += String.fromCharCode(negative ? 0x3b - buf[i]! : buf[i]! + 0x2f);
  const exp = e - EXP_BIAS;
  const n = digits.length;
  const sign = negative ? '-' : '';
  if (exp >= n) return sign + digits + '0'.repeat(exp - n);
  if (exp <= 0) return `${sign}0.${'0'.repeat(-exp)}${digits}`;
  return `${sign}${digits.slice(0, exp)}.${digits.slice(exp)}`;
}

/** The smallest byte string greater than every string starting with prefix; undefined when none exists (all 0xff). */
export function prefixUpperBound(prefix: Uint8Array): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1] = out[end - 1]! + 1;
  return out;
}

/** A key range over the encoded sort key: bounds are inclusive or exclusive, undefined means unbounded. */
export interface KeyRange {
  lower?: { bytes: Buffer; inclusive: boolean };
  upper?: { bytes: Buffer; inclusive: boolean };
}

/** begins_with(sk, prefix) as a range: [prefix, successor(prefix)). */
export function beginsWithRange(prefix: AttributeValue): KeyRange {
  const bytes = encodeKeyValue(prefix);
  const upper = prefixUpperBound(bytes);
  const range: KeyRange = { lower: { bytes, inclusive: true } };
  if (upper) range.upper = { bytes: upper, inclusive: false };
  return range;
}

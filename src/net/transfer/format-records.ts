// Format and multi-format transfers (TRANSTYPE F/M, research §3.6 and §5.2): fixed-length records converted field by
// field between code sets: characters (X, M, N) re-encoded to fit their field, zoned decimals (9, S) between EBCDIC and
// ASCII zones, packed, binary, float and integer fields (P, B, F, I) untouched.
import { convertText, encodingOf, isEbcdic } from './codeconv.js';
import { Status, TransferError } from './status.js';

export type FieldType = 'X' | 'N' | 'M' | '9' | 'S' | 'P' | 'B' | 'F' | 'I';
export const FIELD_TYPES: readonly FieldType[] = ['X', 'N', 'M', '9', 'S', 'P', 'B', 'F', 'I'];

export interface FormatField {
  name: string;
  /** 1-based start position in the record. */
  start: number;
  length: number;
  decimals: number;
  type: FieldType;
}

export interface RecordFormat {
  id: string;
  recordLength: number;
  fields: FormatField[];
}

/** Multi-format: the record's key (at keyStart, keyLength bytes, as text) chooses its format; else the default. */
export interface MultiFormat {
  keyStart: number;
  keyLength: number;
  choices: Array<{ key: string; format: RecordFormat }>;
  fallback: RecordFormat;
}

/** What travels in DELIVERY_INFO so the converting side needs no registration of its own ([D]). */
export type WireLayout = { kind: 'F'; format: RecordFormat } | ({ kind: 'M' } & MultiFormat);

// HULFT's limits (research §3.6): 1000 fields, 19,997 bytes per record, names ≤ 16, positions and lengths 1–9999.
const MAX_FIELDS = 1000;
const MAX_RECORD = 19_997;

export class LayoutError extends Error {}

/** Parses one `FORMAT DEF` line: `name,start,length,decimals,type`; start may be empty (after the previous field). */
export function parseFieldLine(line: string, previousEnd: number): FormatField {
  const parts = line.split(',').map((p) => p.trim());
  if (parts.length !== 5) throw new LayoutError(`a format field is name,start,length,decimals,type: ${line}`);
  const [name, start, length, decimals, type] = parts as [string, string, string, string, string];
  if (name === '' || Buffer.byteLength(name) > 16) throw new LayoutError(`a field name is 1–16 bytes: ${line}`);
  const int = (v: string, lo: number, hi: number, what: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi) throw new LayoutError(`${what} of field ${name} must be ${lo}–${hi}`);
    return Number(v);
  };
  const t = type.toUpperCase() as FieldType;
  if (!FIELD_TYPES.includes(t)) throw new LayoutError(`type of field ${name} must be one of ${FIELD_TYPES.join(', ')}`);
  const field = { name, start: start === '' ? previousEnd + 1 : int(start, 1, 9999, 'start'), length: int(length, 1, 9999, 'length'), decimals: int(decimals || '0', 0, 9, 'decimals'), type: t };
  if (t === 'N' && field.length % 2 !== 0) throw new LayoutError(`field ${name} of type N needs an even length`);
  return field;
}

export function layoutFormat(id: string, lines: readonly string[]): RecordFormat {
  if (lines.length === 0) throw new LayoutError('a format needs at least one field');
  if (lines.length > MAX_FIELDS) throw new LayoutError(`a format holds at most ${MAX_FIELDS} fields`);
  const fields: FormatField[] = [];
  let end = 0;
  for (const line of lines) {
    const f = parseFieldLine(line, end);
    for (const g of fields) {
      if (f.start < g.start + g.length && g.start < f.start + f.length) throw new LayoutError(`fields ${g.name} and ${f.name} overlap`);
    }
    fields.push(f);
    end = f.start + f.length - 1;
  }
  const recordLength = Math.max(...fields.map((f) => f.start + f.length - 1));
  if (recordLength > MAX_RECORD) throw new LayoutError(`a record is at most ${MAX_RECORD} bytes (this one is ${recordLength})`);
  return { id, recordLength, fields: fields.sort((a, b) => a.start - b.start) };
}

const fail = (message: string): never => {
  throw new TransferError(Status.CODE_CONVERSION, 0, message);
};

/** The format of the record starting at `at`, or undefined when the buffer does not yet hold its key. */
export function formatAt(layout: WireLayout, buf: Buffer, at: number, codeSet: string): RecordFormat | undefined {
  if (layout.kind === 'F') return layout.format;
  const keyEnd = at + layout.keyStart - 1 + layout.keyLength;
  if (keyEnd > buf.length) return undefined;
  const key = buf.subarray(at + layout.keyStart - 1, keyEnd);
  for (const c of layout.choices) if (encodeText(c.key, codeSet).equals(key)) return c.format;
  return layout.fallback;
}

function encodeText(text: string, codeSet: string): Buffer {
  return convertText(Buffer.from(text, 'utf8'), '8', codeSet);
}

/** Bytes up to the last whole record of `buf` (0 when not even one fits), given the code set of its bytes. */
export function wholeRecords(layout: WireLayout, buf: Buffer, codeSet: string): { bytes: number; records: number } {
  let at = 0;
  let records = 0;
  for (;;) {
    const f = formatAt(layout, buf, at, codeSet);
    if (!f || at + f.recordLength > buf.length) return { bytes: at, records };
    at += f.recordLength;
    records++;
  }
}

const space = (codeSet: string): number => (isEbcdic(codeSet) ? 0x40 : 0x20);
const DBCS_SPACE: Record<string, number[]> = { I: [0x40, 0x40], S: [0x81, 0x40], E: [0xa1, 0xa1], G: [0xa1, 0xa1], '8': [0xe3, 0x80, 0x80] };

/** Re-encodes text to exactly `length` bytes: cut at a character boundary when longer, padded with spaces when shorter. */
function fit(text: string, length: number, codeSet: string, encode: (t: string) => Buffer, dbcs: boolean): Buffer {
  let chars = [...text];
  let bytes = encode(chars.join(''));
  // Format transfers truncate what no longer fits a fixed field (research §5.2); cut whole characters.
  while (bytes.length > length) {
    chars = chars.slice(0, -1);
    bytes = encode(chars.join(''));
  }
  const out = Buffer.alloc(length, space(codeSet));
  bytes.copy(out);
  const pad = DBCS_SPACE[codeSet.toUpperCase()];
  if (dbcs && pad) for (let o = bytes.length; o + pad.length <= length; o += pad.length) Buffer.from(pad).copy(out, o);
  return out;
}

const SO = 0x0e;
const SI = 0x0f;

/** A DBCS (N) field's text: EBCDIC graphic fields carry no SO/SI, so they are decoded as if inside SO … SI. */
function dbcsText(bytes: Buffer, codeSet: string): string {
  const wrapped = isEbcdic(codeSet) ? Buffer.concat([Buffer.of(SO), bytes, Buffer.of(SI)]) : bytes;
  return convertText(wrapped, codeSet, '8').toString('utf8');
}

function dbcsBytes(text: string, codeSet: string): Buffer {
  const encoded = encodeText(text, codeSet);
  return isEbcdic(codeSet) ? Buffer.from(encoded.filter((b) => b !== SO && b !== SI)) : encoded;
}

/** Zoned digits: EBCDIC F0–F9 ↔ ASCII 30–39; for S the last byte's zone is the sign (EBCDIC C/D, ASCII 3/7 [I]). */
function zoned(bytes: Buffer, from: string, to: string, signed: boolean, where: string): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  const toEbcdic = isEbcdic(to);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === space(from)) {
      out[i] = space(to);
      continue;
    }
    const digit = b & 0x0f;
    const zone = b >> 4;
    const last = signed && i === bytes.length - 1;
    const negative = last && (isEbcdic(from) ? zone === 0xd : zone === 0x7);
    const valid = digit <= 9 && (isEbcdic(from) ? zone === 0xf || (last && (zone === 0xc || zone === 0xd)) : zone === 0x3 || (last && zone === 0x7));
    if (!valid) fail(`${where}: byte 0x${b.toString(16).padStart(2, '0')} is not a zoned digit`);
    out[i] = toEbcdic ? ((negative ? 0xd0 : last ? 0xc0 : 0xf0) | digit) : ((negative ? 0x70 : 0x30) | digit);
  }
  return out;
}

/** Converts one field's bytes from one code set to another. */
export function convertField(bytes: Buffer, field: FormatField, from: string, to: string, where: string): Buffer {
  switch (field.type) {
    case 'X':
    case 'M':
      return fit(convertText(bytes, from, '8').toString('utf8'), field.length, to, (t) => encodeText(t, to), false);
    case 'N':
      return fit(dbcsText(bytes, from), field.length, to, (t) => dbcsBytes(t, to), true);
    case '9':
    case 'S':
      return isEbcdic(from) === isEbcdic(to) ? bytes : zoned(bytes, from, to, field.type === 'S', `${where} field ${field.name}`);
    default:
      return bytes;
  }
}

/** Converts whole records (as cut by wholeRecords) field by field; bytes between fields pass untouched. */
export function convertRecords(buf: Buffer, layout: WireLayout, from: string, to: string, firstRecord = 1): Buffer {
  return convertCountingRecords(buf, layout, from, to, firstRecord).out;
}

/** convertRecords that also says how many records it walked, so a receiver counts them in the same pass. */
export function convertCountingRecords(buf: Buffer, layout: WireLayout, from: string, to: string, firstRecord = 1): { out: Buffer; records: number } {
  if (from.toUpperCase() === to.toUpperCase()) return { out: buf, records: wholeRecords(layout, buf, from).records };
  encodingOf(from);
  encodingOf(to);
  const out = Buffer.allocUnsafe(buf.length);
  let at = 0;
  let n = firstRecord;
  for (; at < buf.length; n++) {
    const format = formatAt(layout, buf, at, from);
    if (!format || at + format.recordLength > buf.length) fail(`record ${n} is shorter than format ${format?.id ?? '(key)'} (${format?.recordLength ?? '?'} bytes)`);
    buf.copy(out, at, at, at + format!.recordLength);
    for (const f of format!.fields) {
      const start = at + f.start - 1;
      convertField(buf.subarray(start, start + f.length), f, from, to, `record ${n}`).copy(out, start);
    }
    at += format!.recordLength;
  }
  return { out, records: n - firstRecord };
}

/** Cuts a byte stream into blocks of whole records, about `blockLen` bytes (at least one record each). */
export async function* recordBlocks(source: AsyncIterable<Buffer>, blockLen: number, layout: WireLayout, codeSet: string): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= blockLen) {
      const { bytes } = wholeRecords(layout, pending.subarray(0, Math.max(blockLen, firstRecordLength(layout, pending, codeSet))), codeSet);
      if (bytes === 0) break;
      yield pending.subarray(0, bytes);
      pending = pending.subarray(bytes);
    }
  }
  if (pending.length > 0) yield pending;
}

function firstRecordLength(layout: WireLayout, buf: Buffer, codeSet: string): number {
  return formatAt(layout, buf, 0, codeSet)?.recordLength ?? 0;
}

/** Checks a layout that arrived in DELIVERY_INFO; throws LayoutError. */
export function checkLayout(value: unknown): WireLayout {
  const l = value as Partial<WireLayout> & Record<string, unknown>;
  const format = (f: unknown): RecordFormat => {
    const r = f as Partial<RecordFormat>;
    if (typeof r?.id !== 'string' || !Array.isArray(r.fields)) throw new LayoutError('a format needs an id and fields');
    const lines = r.fields.map((x: Partial<FormatField>) => `${String(x.name)},${String(x.start)},${String(x.length)},${String(x.decimals)},${String(x.type)}`);
    return layoutFormat(r.id, lines);
  };
  if (l?.kind === 'F') return { kind: 'F', format: format(l.format) };
  if (l?.kind === 'M') {
    const m = l as Partial<MultiFormat>;
    const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 9999;
    if (!int(m.keyStart) || !int(m.keyLength) || !Array.isArray(m.choices)) throw new LayoutError('a multi-format needs keyStart, keyLength and choices');
    const choices = m.choices.map((c) => {
      if (typeof c?.key !== 'string') throw new LayoutError('a multi-format choice needs a key');
      return { key: c.key, format: format(c.format) };
    });
    return { kind: 'M', keyStart: m.keyStart!, keyLength: m.keyLength!, choices, fallback: format(m.fallback) };
  }
  throw new LayoutError('layout kind must be F or M');
}

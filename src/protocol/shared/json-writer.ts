// The json protocol's output written straight to UTF-8 bytes by writers built once per shape from the model: the
// same bytes as JSON.stringify(writeValue(…)) (json-values.ts), without the intermediate tree, string or encoding.
import { setOwn } from '../../core/dict.js';
import { shapeOf, type ServiceModel, type Shape, type ShapeRef, type TimestampFormat } from '../../core/model.js';
import { RawJson, stringifyPieces } from './raw-json.js';
import { formatTimestamp, toDate } from './timestamps.js';
import type { Utf8Chunks } from './chunk-pool.js';
import { Utf8Literal, Utf8Writer } from './utf8-writer.js';

/** Writes one value (not null, not undefined, not a RawJson) of a shape. */
type Writer = (value: unknown, out: Utf8Writer) => void;

/** Writers per model shape table, then per shape (a shape's member names resolve in its own table). */
const writers = new WeakMap<object, Map<Shape, Writer>>();

/**
 * The UTF-8 JSON text of `value` as an output of `ref`'s shape, in pooled chunks when large (utf8-chunks.ts):
 * RawJson values are spliced verbatim, member order is the value's own key order, nulls are left out.
 */
export function writeJsonChunks(model: ServiceModel, ref: ShapeRef, value: unknown): Utf8Chunks {
  const out = new Utf8Writer();
  writeAny(writerFor(model, ref), value, out);
  return out.finish();
}

function writeAny(write: Writer, value: unknown, out: Utf8Writer): void {
  if (value === null || value === undefined) out.ascii('null');
  else if (value instanceof RawJson) writeRaw(value, out);
  else write(value, out);
}

function writeRaw(raw: RawJson, out: Utf8Writer): void {
  const pieces: Array<string | Buffer> = [];
  raw.pushParts(pieces);
  for (const piece of pieces) {
    // UTF-8 bytes (a stored GetRecords page held in memory) go out as they are.
    if (typeof piece !== 'string') out.bytes(piece);
    // The brackets and commas of a RawJson.array (a GetRecords page: 1,000 of them) as bytes, not native writes.
    else if (piece.length === 1 && piece.charCodeAt(0) < 0x80) out.byte(piece.charCodeAt(0));
    else out.text(piece);
  }
}

/** The writer for a member or element of `ref`: timestamps take the member's own format, other shapes one per shape. */
function writerFor(model: ServiceModel, ref: ShapeRef): Writer {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'timestamp' && !shape.document) return timestampWriter(ref.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp');
  let table = writers.get(model.shapes);
  if (table === undefined) writers.set(model.shapes, (table = new Map()));
  let write = table.get(shape);
  if (write === undefined) {
    write = buildWriter(model, shape);
    table.set(shape, write);
  }
  return write;
}

/** Any object but an array, a byte array or a Date (as writeValue tells structures). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function buildWriter(model: ServiceModel, shape: Shape): Writer {
  // A document is free-form JSON: JSON.stringify's own rules (toJSON, nested RawJson) apply.
  if (shape.document) return writeDocument;
  switch (shape.type) {
    case 'structure':
      return structureWriter(model, shape);
    case 'list':
      return listWriter(model, shape);
    case 'map':
      return mapWriter(model, shape);
    case 'string':
    case 'character':
      return writeString;
    case 'boolean':
      return writeBoolean;
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'biginteger':
      return writeInteger;
    case 'float':
    case 'double':
    case 'bigdecimal':
      return writeFloat;
    case 'blob':
      return writeBlob;
    case 'timestamp':
      return timestampWriter(shape.timestampFormat ?? 'unixTimestamp');
  }
}

/** A modeled member: `"Name":` after the opening brace or a comma, and its shape's writer. */
interface MemberWriter {
  readonly first: Utf8Literal;
  readonly next: Utf8Literal;
  readonly write: Writer;
}

function structureWriter(model: ServiceModel, shape: Shape): Writer {
  // Built on first use, so a shape that contains itself (a DynamoDB AttributeValue's M) finds its own writer.
  let members: Record<string, MemberWriter> | undefined;
  const table = (): Record<string, MemberWriter> => {
    const byName = Object.create(null) as Record<string, MemberWriter>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const key = `${JSON.stringify(name)}:`;
      byName[name] = { first: new Utf8Literal(`{${key}`), next: new Utf8Literal(`,${key}`), write: writerFor(model, ref) };
    }
    return byName;
  };
  // The names met at each position of the last value and their members: the values of one list mostly share one
  // key order, and comparing a name with the one seen before is cheaper than a lookup by name.
  const seenNames: string[] = [];
  const seenMembers: Array<MemberWriter | undefined> = [];
  return (value, out) => {
    if (!isRecord(value)) {
      out.ascii('{}');
      return;
    }
    members ??= table();
    // The value's own keys in their order (as writeValue walks them), not every modeled member: a DynamoDB
    // AttributeValue has one of ten.
    let empty = true;
    let i = 0;
    for (const name in value) {
      let member: MemberWriter | undefined;
      if (seenNames[i] === name) member = seenMembers[i];
      else {
        member = members[name];
        seenNames[i] = name;
        seenMembers[i] = member;
      }
      i++;
      const v = value[name];
      if (member === undefined || v === undefined || v === null) continue;
      out.literal(empty ? member.first : member.next);
      empty = false;
      if (typeof v === 'object' && v instanceof RawJson) writeRaw(v, out);
      else member.write(v, out);
    }
    if (empty) out.byte(0x7b);
    out.byte(0x7d);
  };
}

function listWriter(model: ServiceModel, shape: Shape): Writer {
  const member = shape.member;
  let write: Writer | undefined;
  return (value, out) => {
    const items: unknown[] = Array.isArray(value) ? value : value instanceof Set ? [...(value as Set<unknown>)] : [];
    if (member === undefined || items.length === 0) {
      out.ascii('[]');
      return;
    }
    write ??= writerFor(model, member);
    out.byte(0x5b);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.byte(0x2c);
      writeAny(write, items[i], out);
    }
    out.byte(0x5d);
  };
}

function mapWriter(model: ServiceModel, shape: Shape): Writer {
  const valueRef = shape.value;
  let write: Writer | undefined;
  return (value, out) => {
    if (valueRef === undefined) {
      out.ascii('{}');
      return;
    }
    write ??= writerFor(model, valueRef);
    let entries: Record<string, unknown>;
    if (value instanceof Map) {
      // Keyed as writeValue keys them (String(k), the last of repeated keys), so the order of integer-like keys and
      // repeats come out as JSON.stringify of that object writes them.
      entries = {};
      for (const [k, v] of value as Map<unknown, unknown>) if (v !== undefined && v !== null) setOwn(entries, String(k), v);
    } else if (isRecord(value)) {
      entries = value;
    } else {
      out.ascii('{}');
      return;
    }
    let empty = true;
    for (const k of Object.keys(entries)) {
      const v = entries[k];
      if (v === undefined || v === null) continue;
      out.byte(empty ? 0x7b : 0x2c);
      empty = false;
      out.jsonString(k);
      out.byte(0x3a);
      writeAny(write, v, out);
    }
    out.ascii(empty ? '{}' : '}');
  };
}

function writeDocument(value: unknown, out: Utf8Writer): void {
  for (const piece of stringifyPieces(value)) out.text(piece);
}

function writeString(value: unknown, out: Utf8Writer): void {
  out.jsonString(typeof value === 'string' ? value : String(value));
}

function writeBoolean(value: unknown, out: Utf8Writer): void {
  out.ascii(value === true || value === 'true' ? 'true' : 'false');
}

function writeInteger(value: unknown, out: Utf8Writer): void {
  out.number(typeof value === 'number' ? value : Number(value));
}

/** Floats: NaN and ±Infinity as the strings the JSON protocols use. */
function writeFloat(value: unknown, out: Utf8Writer): void {
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(n)) out.number(n);
  else out.ascii(Number.isNaN(n) ? '"NaN"' : n > 0 ? '"Infinity"' : '"-Infinity"');
}

function writeBlob(value: unknown, out: Utf8Writer): void {
  const buf = Buffer.isBuffer(value)
    ? value
    : value instanceof Uint8Array
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : Buffer.from(String(value), 'utf8');
  out.byte(0x22);
  out.ascii(buf.toString('base64'));
  out.byte(0x22);
}

function writeEpochSeconds(value: unknown, out: Utf8Writer): void {
  // Epoch seconds as given (epochSecondsTimestamp), rounded to the millisecond as toDate would: no Date made.
  if (typeof value === 'number' && Number.isFinite(value)) out.number(Math.round(value * 1000) / 1000);
  else out.number(toDate(value).getTime() / 1000);
}

const timestampWriters: Record<TimestampFormat, Writer> = {
  unixTimestamp: writeEpochSeconds,
  iso8601: (value, out) => out.jsonString(formatTimestamp(toDate(value), 'iso8601') as string),
  rfc822: (value, out) => out.jsonString(formatTimestamp(toDate(value), 'rfc822') as string),
};

function timestampWriter(format: TimestampFormat): Writer {
  return timestampWriters[format];
}

// Model-driven conversion between codec values (Buffers, Dates, plain objects) and the JSON-like trees that the
// json (awsJson1_0/1_1) and smithy-rpc-v2-cbor protocols put on the wire; the two differ only in scalar encodings.
import { setOwn } from '../../core/dict.js';
import { AwsError } from '../../core/aws-error.js';
import { shapeOf, type ServiceModel, type Shape, type ShapeRef } from '../../core/model.js';
import { formatTimestamp, parseTimestamp, toDate } from './timestamps.js';
import { RawJson } from './raw-json.js';

/**
 * json: blobs base64, timestamps epoch seconds (or the member's timestampFormat), NaN/±Infinity as strings,
 *       member names from `locationName` (Smithy's @jsonName) when present.
 * cbor: blobs byte strings, timestamps CBOR tag 1 (cbor-x maps Date ⇄ tag 1), floats native, member names verbatim
 *       (Smithy RPC v2 CBOR ignores @jsonName).
 */
export type ValueFlavor = 'json' | 'cbor';

/** The error a malformed request body raises (DynamoDB and Smithy RPC v2 both answer SerializationException). */
export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, { status: 400 });
}

/** DynamoDB's words for input nested beyond its limits (ValidationException). */
function nestingTooDeep(): AwsError {
  return new AwsError('ValidationException', 'Nesting Levels have exceeded supported limits', { status: 400 });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function describe(v: unknown): string {
  if (v === null) return 'NULL_VALUE';
  if (Array.isArray(v)) return 'START_ARRAY';
  if (typeof v === 'string') return 'VALUE_STRING';
  if (typeof v === 'number' || typeof v === 'bigint') return 'VALUE_NUMBER';
  if (typeof v === 'boolean') return v ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return 'START_OBJECT';
}

/**
 * A value that could not be read, below some container: the path in the message ("MetricData[0].Value") is put
 * together while the failure unwinds, so no path string is built for the values that read fine.
 */
class ReadFailure extends Error {
  /** The path below the outermost structure, grown from the inside out. */
  suffix = '';
  constructor(readonly wording: (path: string) => string) {
    super('unread value');
  }
}

// Messages follow the Jackson-style wording DynamoDB uses ("NUMBER_VALUE cannot be converted to String").
function mismatch(v: unknown, want: string): ReadFailure {
  return new ReadFailure((path) => `${describe(v)} cannot be converted to ${want}${path ? ` (at ${path})` : ''}`);
}

/** Rethrows a failure from below `segment` (`[3]`, `.Name`, or a top-level member's bare name) with it in front. */
function below(error: unknown, segment: string): never {
  if (error instanceof ReadFailure) error.suffix = segment + error.suffix;
  throw error;
}

// awsJson1_0/1_1 and RPC v2 CBOR put member names verbatim (Smithy's jsonName belongs to restJson1 only), so a
// locationName on a JSON-protocol model (SQS's legacy query names) is ignored here.
function memberKey(name: string, _ref: ShapeRef, _flavor: ValueFlavor): string {
  return name;
}

/** Reads a structure from a decoded body; unknown keys and nulls are ignored (AWS JSON servers skip them). */
export function readStructure(model: ServiceModel, shapeName: string, raw: unknown, flavor: ValueFlavor): Record<string, unknown> {
  const value = readValue(model, { shape: shapeName }, raw, flavor);
  return isRecord(value) ? value : {};
}

/** Deeper input than any AWS shape allows (DynamoDB nests attribute values 32 levels) is refused, not recursed into. */
export const MAX_INPUT_DEPTH = 256;

/** Reads one value of `ref`'s shape; a value of the wrong kind is a SerializationException naming where it sits. */
export function readValue(model: ServiceModel, ref: ShapeRef, raw: unknown, flavor: ValueFlavor): unknown {
  try {
    return readerFor(model, ref.shape, flavor)(raw, 0);
  } catch (e) {
    if (e instanceof ReadFailure) throw serializationError(e.wording(e.suffix));
    throw e;
  }
}

/** Reads one non-null value of a shape at a nesting depth. */
type Reader = (raw: unknown, depth: number) => unknown;

/**
 * Readers built once per shape (and flavor) from the model, each holding its members' readers: reading a value
 * makes no shape lookups by name and no dispatch on the shape's type. Keyed by the model's shape table too, since a
 * shape's member names resolve in it.
 */
const readers = { json: new WeakMap<object, Map<string, Reader>>(), cbor: new WeakMap<object, Map<string, Reader>>() };

function readerFor(model: ServiceModel, shapeName: string, flavor: ValueFlavor): Reader {
  let table = readers[flavor].get(model.shapes);
  if (table === undefined) readers[flavor].set(model.shapes, (table = new Map()));
  let reader = table.get(shapeName);
  if (reader === undefined) {
    reader = buildReader(model, shapeOf(model, shapeName), flavor);
    table.set(shapeName, reader);
  }
  return reader;
}

function buildReader(model: ServiceModel, shape: Shape, flavor: ValueFlavor): Reader {
  if (shape.document) return readDocument;
  switch (shape.type) {
    case 'structure':
      return structureReader(model, shape, flavor);
    case 'list':
      return listReader(model, shape, flavor);
    case 'map':
      return mapReader(model, shape, flavor);
    case 'string':
    case 'character':
      return readString;
    case 'boolean':
      return readBoolean;
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'biginteger':
      return readInteger;
    case 'float':
    case 'double':
    case 'bigdecimal':
      return readFloatAt;
    case 'blob':
      return flavor === 'cbor' ? readCborBlob : readJsonBlob;
    case 'timestamp':
      return readTimestampAt;
  }
}

function readDocument(raw: unknown, depth: number): unknown {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  return raw;
}

function structureReader(model: ServiceModel, shape: Shape, flavor: ValueFlavor): Reader {
  // Resolved on first use, so a shape that contains itself (a DynamoDB AttributeValue's M) finds its own reader.
  let members: ReadonlyArray<readonly [string, string, Reader]> | undefined;
  const resolve = (): ReadonlyArray<readonly [string, string, Reader]> =>
    Object.entries(shape.members ?? {}).map(([name, ref]) => [name, memberKey(name, ref, flavor), readerFor(model, ref.shape, flavor)] as const);
  return (raw, depth) => {
    if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
    if (!isRecord(raw)) throw mismatch(raw, 'Structure');
    members ??= resolve();
    const out: Record<string, unknown> = {};
    let i = 0;
    try {
      for (; i < members.length; i++) {
        const [name, key, read] = members[i]!;
        const v = raw[key];
        if (v === null || v === undefined) continue;
        out[name] = read(v, depth + 1);
      }
    } catch (e) {
      // The outermost structure's members are named bare ("Limit"), deeper ones after a dot ("Key.pk").
      const name = members[i]![0];
      below(e, depth === 0 ? name : `.${name}`);
    }
    return out;
  };
}

function listReader(model: ServiceModel, shape: Shape, flavor: ValueFlavor): Reader {
  const member = shape.member;
  let read: Reader | undefined;
  return (raw, depth) => {
    if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
    if (!Array.isArray(raw)) throw mismatch(raw, 'List');
    if (!member) return [];
    read ??= readerFor(model, member.shape, flavor);
    const out = new Array<unknown>(raw.length);
    let i = 0;
    try {
      for (; i < raw.length; i++) {
        const item: unknown = raw[i];
        out[i] = item === null ? null : read(item, depth + 1);
      }
    } catch (e) {
      below(e, `[${i}]`);
    }
    return out;
  };
}

function mapReader(model: ServiceModel, shape: Shape, flavor: ValueFlavor): Reader {
  const valueRef = shape.value;
  let read: Reader | undefined;
  return (raw, depth) => {
    if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
    if (!isRecord(raw)) throw mismatch(raw, 'Map');
    const entries: [string, unknown][] = [];
    if (valueRef) read ??= readerFor(model, valueRef.shape, flavor);
    for (const [k, v] of Object.entries(raw)) {
      if (v === null || v === undefined || !read) continue; // dense maps skip nulls (smithy RpcV2CborDeserializesDenseSetMapAndSkipsNull)
      try {
        entries.push([k, read(v, depth + 1)]);
      } catch (e) {
        below(e, `.${k}`);
      }
    }
    return Object.fromEntries(entries); // own properties, __proto__ included
  };
}

function readString(raw: unknown, depth: number): string {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  if (typeof raw !== 'string') throw mismatch(raw, 'String');
  return raw;
}

function readBoolean(raw: unknown, depth: number): boolean {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  if (typeof raw !== 'boolean') throw mismatch(raw, 'Boolean');
  return raw;
}

function readInteger(raw: unknown, depth: number): number {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw mismatch(raw, 'Number');
  // AWS's JSON front ends (Jackson) accept a fractional number for an integer member and truncate it (Limit: 3.5 → 3).
  return Math.trunc(raw);
}

function readFloatAt(raw: unknown, depth: number): number {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  return readFloat(raw);
}

function readJsonBlob(raw: unknown, depth: number): Buffer {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  return readBlob(raw, 'json');
}

function readCborBlob(raw: unknown, depth: number): Buffer {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  return readBlob(raw, 'cbor');
}

function readTimestampAt(raw: unknown, depth: number): Date {
  if (depth > MAX_INPUT_DEPTH) throw nestingTooDeep();
  return readTimestamp(raw);
}

function readFloat(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw mismatch(raw, 'Number');
}

function readBlob(raw: unknown, flavor: ValueFlavor): Buffer {
  if (raw instanceof Uint8Array) return Buffer.from(raw);
  if (typeof raw === 'string') {
    // JSON blobs are base64 (RFC 4648); CBOR clients must send byte strings, but a text string is kept as UTF-8.
    if (flavor === 'cbor') return Buffer.from(raw, 'utf8');
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(raw)) throw new ReadFailure((path) => `Base64 encoded value is invalid${path ? ` (at ${path})` : ''}`);
    return Buffer.from(raw, 'base64');
  }
  throw mismatch(raw, 'Blob');
}

function readTimestamp(raw: unknown): Date {
  if (raw instanceof Date) return raw;
  const value = typeof raw === 'bigint' ? Number(raw) : raw;
  if (typeof value === 'number' || typeof value === 'string') {
    const date = parseTimestamp(value);
    if (date) return date;
  }
  throw mismatch(raw, 'Timestamp');
}

/** Writes a structure for the wire; undefined and null members are omitted. */
export function writeStructure(model: ServiceModel, shapeName: string, value: Record<string, unknown>, flavor: ValueFlavor): Record<string, unknown> {
  const out = writeValue(model, { shape: shapeName }, value, flavor);
  return isRecord(out) ? out : {};
}

export function writeValue(model: ServiceModel, ref: ShapeRef, value: unknown, flavor: ValueFlavor): unknown {
  // Pre-rendered by the provider in wire form: spliced in by the JSON codec (raw-json.ts).
  if (value instanceof RawJson) return flavor === 'cbor' ? value.value : value;
  const shape = shapeOf(model, ref.shape);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return {};
      const out: Record<string, unknown> = {};
      const members = shape.members ?? {};
      // Walk the value's own keys, not every modeled member: a DynamoDB AttributeValue has one of ten.
      for (const name in value) {
        const memberRef = members[name];
        const v = value[name];
        if (memberRef === undefined || v === undefined || v === null) continue;
        out[memberKey(name, memberRef, flavor)] = writeValue(model, memberRef, v, flavor);
      }
      return out;
    }
    case 'list': {
      const items = Array.isArray(value) ? value : value instanceof Set ? [...value] : [];
      const member = shape.member;
      return member ? items.map((item: unknown) => (item === null || item === undefined ? null : writeValue(model, member, item, flavor))) : [];
    }
    case 'map': {
      const valueRef = shape.value;
      const out: Record<string, unknown> = {};
      if (!valueRef) return out;
      const entries: Iterable<[unknown, unknown]> = value instanceof Map ? value.entries() : isRecord(value) ? Object.entries(value) : [];
      for (const [k, v] of entries) {
        if (v === undefined || v === null) continue;
        setOwn(out, String(k), writeValue(model, valueRef, v, flavor)); // a key like __proto__ is an ordinary entry
      }
      return out;
    }
    case 'string':
    case 'character':
      return String(value);
    case 'boolean':
      return value === true || value === 'true';
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'biginteger':
      return typeof value === 'bigint' ? Number(value) : Number(value);
    case 'float':
    case 'double':
    case 'bigdecimal': {
      const n = Number(value);
      if (flavor === 'cbor' || Number.isFinite(n)) return n;
      return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    case 'blob': {
      const buf = toBuffer(value);
      return flavor === 'cbor' ? buf : buf.toString('base64');
    }
    case 'timestamp': {
      const date = toDate(value);
      if (flavor === 'cbor') return date;
      return formatTimestamp(date, ref.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp');
    }
  }
}

function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.from(String(value), 'utf8');
}

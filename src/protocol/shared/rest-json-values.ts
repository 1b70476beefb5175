// Model-driven conversion between parsed JSON and SDK-shaped values for rest-json bodies: member names from
// locationName (Smithy jsonName), epoch-second timestamps by default, base64 blobs, "NaN"/"Infinity" floats, documents.
import type { ServiceModel, Shape, ShapeRef } from '../../core/model.js';
import { shapeOf } from '../../core/model.js';
import { isBodyMember, timestampFormatOf } from './http-bindings.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function readJsonValue(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref.shape);
  if (shape.document === true) return value;
  switch (shape.type) {
    case 'structure':
      return isObject(value) ? readJsonStructure(model, shape, value) : undefined;
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const item = shape.member ?? { shape: 'String' };
      return value.map((v) => (v === null ? null : readJsonValue(model, item, v)));
    }
    case 'map': {
      if (!isObject(value) || !shape.value) return undefined;
      const out: Record<string, unknown> = {};
      // Dense maps drop null values (Smithy restJson1 RestJsonDeserializesDenseSetMapAndSkipsNull).
      for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = readJsonValue(model, shape.value, v);
      return out;
    }
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string' ? (parseTimestamp(value) ?? value) : value;
    case 'blob':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
    case 'float':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    case 'bigdecimal':
    case 'biginteger':
    case 'boolean':
    case 'byte':
    case 'character':
    case 'integer':
    case 'long':
    case 'short':
    case 'string':
    default:
      return value;
  }
}

/** Reads a structure's members from a JSON object; with `direction` 'input' only body members are read. */
export function readJsonStructure(model: ServiceModel, shape: Shape, value: Record<string, unknown>, direction: 'input' | 'output' = 'input'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (!isBodyMember(ref, direction)) continue;
    const v = readJsonValue(model, ref, value[ref.locationName ?? name]);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function writeJsonValue(model: ServiceModel, ref: ShapeRef, value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const shape = shapeOf(model, ref.shape);
  if (shape.document === true) return value as JsonValue;
  switch (shape.type) {
    case 'structure':
      return isObject(value) ? writeJsonStructure(model, shape, value) : undefined;
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const item = shape.member ?? { shape: 'String' };
      return value.map((v) => writeJsonValue(model, item, v) ?? null);
    }
    case 'map': {
      if (!isObject(value) || !shape.value) return undefined;
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) {
        const w = writeJsonValue(model, shape.value, v);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    case 'timestamp': {
      const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : parseTimestamp(String(value));
      return date ? formatTimestamp(date, timestampFormatOf({ ref, shape }, 'unixTimestamp')) : String(value);
    }
    case 'blob':
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return Buffer.from(String(value)).toString('base64');
    case 'float':
    case 'double':
      if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
      return value as JsonValue;
    case 'bigdecimal':
    case 'biginteger':
    case 'boolean':
    case 'byte':
    case 'character':
    case 'integer':
    case 'long':
    case 'short':
    case 'string':
    default:
      return value as JsonValue;
  }
}

/** Writes a structure's members as a JSON object; with `direction` only the members that belong in a body. */
export function writeJsonStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  direction: 'input' | 'output' = 'input',
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (!isBodyMember(ref, direction)) continue;
    const w = writeJsonValue(model, ref, value[name]);
    if (w !== undefined && w !== null) out[ref.locationName ?? name] = w;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

// How items are stored in SQLite: a flat JSON array [flags, name, type, value, name, type, value, ...] that V8 parses
// natively and faster than the wire's object form (no {"S": …} object per attribute to parse); values keep
// DynamoDB's JSON form with binaries as base64.
import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { emptyMap } from './attribute-value.js';

type StoredValue = Record<string, unknown>;

/** flags bit 0: some L or M value nests a binary, so nested values need the base64 → bytes walk on the way out. */
const NESTED_BINARY = 1;

/** Sets an own property, including one named __proto__ (plain assignment would replace the prototype instead). */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

function toStored(value: AttributeValue, seen: { binary: boolean }): StoredValue | AttributeValue {
  if ('B' in value) {
    seen.binary = true;
    return { B: Buffer.from(value.B).toString('base64') };
  }
  if ('BS' in value) {
    seen.binary = true;
    return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  }
  if ('L' in value) return { L: value.L.map((v) => toStored(v, seen)) };
  if ('M' in value) return { M: mapToStored(value.M, seen) };
  return value;
}

function mapToStored(map: AttributeMap, seen: { binary: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in map) setOwn(out, name, toStored(map[name]!, seen));
  return out;
}

function fromStored(value: StoredValue): AttributeValue {
  if ('B' in value) return { B: Buffer.from(value['B'] as string, 'base64') };
  if ('BS' in value) return { BS: (value['BS'] as string[]).map((b) => Buffer.from(b, 'base64')) };
  if ('L' in value) return { L: (value['L'] as StoredValue[]).map(fromStored) };
  if ('M' in value) return { M: mapFromStored(value['M'] as Record<string, StoredValue>) };
  return value as AttributeValue;
}

function mapFromStored(map: Record<string, StoredValue>): AttributeMap {
  const out: AttributeMap = emptyMap();
  for (const name in map) setOwn(out, name, fromStored(map[name]!));
  return out;
}

export function encodeItem(item: AttributeMap): string {
  const flat: unknown[] = [0];
  const nested = { binary: false };
  for (const name in item) {
    const value = item[name]!;
    let type: string | undefined;
    for (const k in value) {
      type = k;
      break;
    }
    const converts = type === 'B' || type === 'BS' || type === 'L' || type === 'M';
    // A top-level binary is converted by its type alone; only binaries nested in L or M set the walk flag.
    const stored: StoredValue = converts ? toStored(value, type === 'L' || type === 'M' ? nested : { binary: false }) : value;
    flat.push(name, type, stored[type!]);
  }
  if (nested.binary) flat[0] = NESTED_BINARY;
  return JSON.stringify(flat);
}

/** One attribute of the flat form; each literal keeps one object shape per type, which the JSON writer likes too. */
function fromFlat(type: string, value: unknown, walk: boolean): AttributeValue {
  switch (type) {
    case 'S':
      return { S: value as string };
    case 'N':
      return { N: value as string };
    case 'B':
      return { B: Buffer.from(value as string, 'base64') };
    case 'BS':
      return { BS: (value as string[]).map((b) => Buffer.from(b, 'base64')) };
    case 'L':
      return { L: walk ? (value as StoredValue[]).map(fromStored) : (value as AttributeValue[]) };
    case 'M':
      return { M: walk ? mapFromStored(value as Record<string, StoredValue>) : (value as AttributeMap) };
    case 'SS':
      return { SS: value as string[] };
    case 'NS':
      return { NS: value as string[] };
    case 'BOOL':
      return { BOOL: value as boolean };
    default:
      return { NULL: true };
  }
}

export function decodeItem(stored: string | Buffer): AttributeMap {
  const flat = JSON.parse(typeof stored === 'string' ? stored : stored.toString('utf8')) as unknown[];
  const walk = flat[0] === NESTED_BINARY;
  const out: AttributeMap = emptyMap();
  for (let i = 1; i < flat.length; i += 3) setOwn(out, flat[i] as string, fromFlat(flat[i + 1] as string, flat[i + 2], walk));
  return out;
}

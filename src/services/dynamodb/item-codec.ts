// How items are stored in SQLite: DynamoDB's own JSON form (B and BS as base64 strings), which V8 serializes
// and parses natively, faster than any JavaScript binary encoder; binaries are converted on the way in and out.
import type { AttributeMap, AttributeValue } from './attribute-value.js';

type StoredValue = Record<string, unknown>;

function toStored(value: AttributeValue): StoredValue | AttributeValue {
  if ('B' in value) return { B: Buffer.from(value.B).toString('base64') };
  if ('BS' in value) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if ('L' in value) return { L: value.L.map(toStored) };
  if ('M' in value) return { M: mapToStored(value.M) };
  return value;
}

function mapToStored(map: AttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in map) out[name] = toStored(map[name]!);
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
  const out: AttributeMap = {};
  for (const name in map) out[name] = fromStored(map[name]!);
  return out;
}

export function encodeItem(item: AttributeMap): string {
  return JSON.stringify(mapToStored(item));
}

export function decodeItem(stored: string | Buffer): AttributeMap {
  const text = typeof stored === 'string' ? stored : stored.toString('utf8');
  const parsed = JSON.parse(text) as Record<string, StoredValue>;
  // Binaries are written as {"B":…} / {"BS":…}; text without those keys needs no walk. A quote inside a string
  // value is escaped (\"), so `"B":` can only come from a key: at worst an attribute named B costs the walk.
  if (!text.includes('"B":') && !text.includes('"BS":')) return parsed as AttributeMap;
  return mapFromStored(parsed);
}

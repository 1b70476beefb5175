// Renders attribute values as DynamoDB's wire JSON text directly (strings escaped, binaries base64), so stream
// records can be stored pre-rendered at write time and GetRecords answers without decoding or re-serializing them.
import type { AttributeMap, AttributeValue } from './attribute-value.js';

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

export function valueJson(v: AttributeValue): string {
  if ('S' in v) return `{"S":${JSON.stringify(v.S)}}`;
  // Numbers are stored canonical (digits, sign, point, exponent): no escaping needed.
  if ('N' in v) return `{"N":"${v.N}"}`;
  if ('B' in v) return `{"B":"${base64(v.B)}"}`;
  if ('BOOL' in v) return v.BOOL ? '{"BOOL":true}' : '{"BOOL":false}';
  if ('NULL' in v) return '{"NULL":true}';
  if ('M' in v) return `{"M":${mapJson(v.M)}}`;
  if ('L' in v) return `{"L":[${v.L.map(valueJson).join(',')}]}`;
  if ('SS' in v) return `{"SS":${JSON.stringify(v.SS)}}`;
  if ('NS' in v) return `{"NS":${JSON.stringify(v.NS)}}`;
  return `{"BS":[${v.BS.map((b) => `"${base64(b)}"`).join(',')}]}`;
}

export function mapJson(m: AttributeMap): string {
  let out = '{';
  let first = true;
  for (const name in m) {
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(name)}:${valueJson(m[name]!)}`;
  }
  return `${out}}`;
}

// ExportFormat ION for full exports: one `{Item:{…}}` Ion text value per line, typed as the developer guide's export
// table maps DynamoDB types (the inverse of import-ion.ts): S string, N decimal, B blob, sets as annotated lists.
import type { AttributeMap, AttributeValue } from './attribute-value.js';

/** A DynamoDB number as an Ion decimal: `103.`, `1.5`, `6d2` (an exponent uses `d`). */
function decimal(n: string): string {
  const [mantissa, exponent] = n.toLowerCase().split('e') as [string, string | undefined];
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.`;
  return exponent === undefined ? m : `${m}d${exponent}`;
}

function blob(b: Uint8Array | string): string {
  return `{{${typeof b === 'string' ? b : Buffer.from(b).toString('base64')}}}`;
}

/** JSON string literals are valid Ion strings (Ion's escapes include JSON's). */
function value(v: AttributeValue): string {
  const a = v as Record<string, unknown>;
  if (a['S'] !== undefined) return JSON.stringify(a['S']);
  if (a['N'] !== undefined) return decimal(a['N'] as string);
  if (a['B'] !== undefined) return blob(a['B'] as Uint8Array);
  if (a['BOOL'] !== undefined) return a['BOOL'] ? 'true' : 'false';
  if (a['NULL'] !== undefined) return 'null';
  if (a['L'] !== undefined) return `[${(a['L'] as AttributeValue[]).map(value).join(',')}]`;
  if (a['M'] !== undefined) return struct(a['M'] as AttributeMap);
  if (a['SS'] !== undefined) return `$dynamodb_SS::[${(a['SS'] as string[]).map((s) => JSON.stringify(s)).join(',')}]`;
  if (a['NS'] !== undefined) return `$dynamodb_NS::[${(a['NS'] as string[]).map(decimal).join(',')}]`;
  return `$dynamodb_BS::[${(a['BS'] as Uint8Array[]).map(blob).join(',')}]`;
}

function struct(m: AttributeMap): string {
  return `{${Object.entries(m).map(([k, v]) => `${JSON.stringify(k)}:${value(v)}`).join(',')}}`;
}

/** One item as a line of an ION export: `{Item:{…}}`; the first line of a file starts with the version marker. */
export function ionItemLine(item: AttributeMap): string {
  return `{Item:${struct(item)}}\n`;
}

// The source formats of ImportTable, pure: decompression (NONE/GZIP/ZSTD), DynamoDB JSON lines and CSV records to
// items. Source: DynamoDB developer guide, "DynamoDB data import from Amazon S3" and "Import format quotas and validation".
import { gunzipSync } from 'node:zlib';
import { validateMap, type AttributeMap, type AttributeValue } from './attribute-value.js';

export type Compression = 'NONE' | 'GZIP' | 'ZSTD';

interface Zstd {
  init(): Promise<void>;
  decompress(buf: Uint8Array): Uint8Array;
}
let zstd: Zstd | undefined;

/** Node 20 has no Zstandard; the zstd library compiled to wasm (already kumo's for MFT) is loaded on first use. */
async function loadZstd(): Promise<Zstd> {
  if (zstd) return zstd;
  const mod = (await import('@bokuweb/zstd-wasm')) as unknown as Zstd & { default?: Zstd };
  const z = typeof mod.init === 'function' ? mod : mod.default!;
  await z.init();
  zstd = z;
  return z;
}

/** An object's bytes as the import reads them; throws on a body that is not in the declared compression. */
export async function decompress(body: Buffer, type: Compression): Promise<Buffer> {
  if (type === 'GZIP') return gunzipSync(body);
  if (type === 'ZSTD') {
    const out = (await loadZstd()).decompress(body);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }
  return body;
}

/** One parsed source record: an item, or the reason it could not become one (counted in ErrorCount). */
export type SourceRecord = { item: AttributeMap } | { error: string };

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * DYNAMODB_JSON: one `{"Item": {...}}` object per line, attribute values in wire form (binaries base64), as
 * ExportTableToPointInTime writes them. Blank lines are skipped; any other line that is not such an object is an error.
 */
export function parseDynamodbJson(text: string): SourceRecord[] {
  const out: SourceRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      const item = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { Item?: unknown }).Item : undefined;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        out.push({ error: 'The line is not a DynamoDB JSON object with an Item member' });
        continue;
      }
      out.push({ item: validateMap(item) });
    } catch (e) {
      out.push({ error: describeError(e) });
    }
  }
  return out;
}

/** RFC 4180 records: fields split by `delimiter`, "quoted" fields may hold delimiters, newlines and "" quotes. */
export function csvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = (): void => {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (c === '\n') endRecord();
    else field += c;
    i++;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/**
 * CSV: the first record is the header unless HeaderList is given. Attributes named in AttributeDefinitions (the
 * table's and its GSIs' keys) take the defined type (S, N, or base64 B); every other attribute is a String, as the
 * developer guide says of CSV imports. A record with more fields than headers is an error; an empty non-key field
 * leaves the attribute out (kumo's reading: CSV cannot tell an empty string from a missing value).
 */
export function parseCsv(text: string, options: { delimiter?: string | undefined; headerList?: readonly string[] | undefined }, types: ReadonlyMap<string, 'S' | 'N' | 'B'>): SourceRecord[] {
  const records = csvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text, options.delimiter ?? ',');
  const header = options.headerList ?? records.shift();
  if (!header) return [];
  return records.map((fields): SourceRecord => {
    if (fields.length > header.length) return { error: `The record has ${fields.length} fields but the header names ${header.length}` };
    const raw: Record<string, AttributeValue | { B: string }> = {};
    fields.forEach((value, i) => {
      const name = header[i]!;
      const type = types.get(name);
      if (type === undefined) {
        if (value !== '') raw[name] = { S: value };
      } else raw[name] = type === 'N' ? { N: value } : type === 'B' ? { B: value } : { S: value };
    });
    try {
      return { item: validateMap(raw) };
    } catch (e) {
      return { error: describeError(e) };
    }
  });
}

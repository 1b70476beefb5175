// The listing walk shared by ListObjects, ListObjectsV2, ListObjectVersions and ListMultipartUploads: prefix,
// delimiter roll-up into CommonPrefixes, markers, MaxKeys; a rolled-up prefix is skipped with one seek past it.
import { AwsError } from '../../../core/aws-error.js';

/** Where a scan starts: at/after a key (after a given version or upload of it), or past every key with a prefix. */
export type ScanStart =
  | { key: string; inclusive: boolean; afterSub?: string | undefined }
  | { afterPrefix: string };

/** Rows in ascending UTF-8 byte order of key (then the source's own order within a key), at most `limit`. */
export type Scan<E> = (start: ScanStart, limit: number) => E[];

export interface WalkOptions<E> {
  prefix: string;
  delimiter?: string | undefined;
  /** Resume point: entries at or before it are not returned; a common prefix ≤ `marker` is skipped whole. */
  start?: ScanStart | undefined;
  /** The key compared against common prefixes when resuming (S3 drops a prefix not greater than the marker). */
  marker?: string | undefined;
  maxKeys: number;
  /** Where to continue after a returned row. */
  after(row: E): ScanStart;
}

export interface WalkResult<E> {
  rows: E[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last thing returned, for NextMarker / NextContinuationToken. */
  last: { row: E } | { prefix: string } | undefined;
}

/** S3 returns at most 1,000 entries per page whatever MaxKeys asks. */
export const MAX_PAGE = 1000;
const BATCH = 256;

/** Walks the key space page-wise; cost is proportional to what is returned plus one seek per skipped prefix. */
export function walk<E extends { key: string }>(scan: Scan<E>, o: WalkOptions<E>): WalkResult<E> {
  const limit = Math.min(o.maxKeys, MAX_PAGE);
  const rows: E[] = [];
  const commonPrefixes: string[] = [];
  let last: WalkResult<E>['last'];
  if (limit <= 0) return { rows, commonPrefixes, isTruncated: false, last };
  let cursor: ScanStart = { key: o.prefix, inclusive: true };
  if (o.start !== undefined && compareStart(o.start, o.prefix) > 0) cursor = o.start;
  const delimiter = o.delimiter === '' ? undefined : o.delimiter;
  for (;;) {
    const batch = scan(cursor, BATCH);
    let rescan = false;
    for (const row of batch) {
      if (!row.key.startsWith(o.prefix)) return { rows, commonPrefixes, isTruncated: false, last };
      if (delimiter !== undefined) {
        const idx = row.key.indexOf(delimiter, o.prefix.length);
        if (idx >= 0) {
          const cp = row.key.slice(0, idx + delimiter.length);
          cursor = { afterPrefix: cp };
          rescan = true;
          if (o.marker !== undefined && compareUtf8(cp, o.marker) <= 0) break;
          if (rows.length + commonPrefixes.length === limit) return { rows, commonPrefixes, isTruncated: true, last };
          commonPrefixes.push(cp);
          last = { prefix: cp };
          break;
        }
      }
      if (rows.length + commonPrefixes.length === limit) return { rows, commonPrefixes, isTruncated: true, last };
      rows.push(row);
      last = { row };
      cursor = o.after(row);
    }
    if (!rescan && batch.length < BATCH) return { rows, commonPrefixes, isTruncated: false, last };
  }
}

function compareStart(start: ScanStart, prefix: string): number {
  return 'afterPrefix' in start ? compareUtf8(start.afterPrefix, prefix) || 1 : compareUtf8(start.key, prefix) || (start.inclusive ? 0 : 1);
}

/** Code-point (= UTF-8 byte) order, which S3 lists in; JS's `<` is UTF-16 order and differs above U+D7FF. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return fold(ca) - fold(cb);
  }
  return a.length - b.length;
}

function fold(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** The smallest byte string greater than every string starting with `prefix` (UTF-8 never contains 0xFF). */
export function prefixSuccessor(prefix: Buffer): Buffer {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]! += 1;
      return out.subarray(0, i + 1);
    }
  }
  return Buffer.from([0xff]);
}

/** encoding-type=url: S3 percent-encodes keys and prefixes like a form value but keeps '/' (botocore unquote_plus's it). */
export function urlEncodeKey(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Validates encoding-type (test_s3_list_operations.snapshot.json test_list_ops_encoding_type_validation). */
export function requireEncodingType(value: string | undefined): 'url' | undefined {
  if (value === undefined) return undefined;
  if (value === 'url') return 'url';
  throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', {
    status: 400,
    fields: { ArgumentName: 'encoding-type', ArgumentValue: value === '' ? undefined : value },
  });
}

/** MaxKeys: default 1,000; negative values are rejected as S3 does. */
export function resolveMaxKeys(value: number | undefined, name = 'max-keys'): number {
  if (value === undefined) return MAX_PAGE;
  // Arguments are Java ints at S3: over 2147483647 is the same InvalidArgument as a negative one.
  if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    throw new AwsError('InvalidArgument', `Argument ${name === 'max-keys' ? 'maxKeys' : name} must be an integer between 0 and 2147483647`, {
      status: 400,
      fields: { ArgumentName: name, ArgumentValue: String(value) },
    });
  }
  return value;
}

/** ListObjectsV2 continuation tokens: an opaque, URL-safe encoding of the last key or prefix returned. */
export function encodeContinuationToken(last: string): string {
  return Buffer.from(`k1:${last}`, 'utf8').toString('base64url');
}

/** test_s3_list_operations.snapshot.json test_list_objects_v2_continuation_start_after exc-continuation-token. */
export function decodeContinuationToken(token: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!text.startsWith('k1:')) {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', {
      status: 400,
      fields: { ArgumentName: 'continuation-token' },
    });
  }
  return text.slice(3);
}

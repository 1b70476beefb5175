// Unit tests for the listing walk over an in-memory sorted key source, including the skip-a-whole-prefix property.
// Expected pages mirror test_s3_list_operations.snapshot.json (marker/common-prefix pagination).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareUtf8, decodeContinuationToken, encodeContinuationToken, prefixSuccessor, requireEncodingType,
  resolveMaxKeys, urlEncodeKey, walk, type Scan, type ScanStart } from './listing.js';
import { AwsError } from '../../../core/aws-error.js';

interface Row { key: string }

function source(keys: string[]): { scan: Scan<Row>; scanned: () => number } {
  const sorted = [...keys].sort(compareUtf8);
  let scanned = 0;
  const scan: Scan<Row> = (start: ScanStart, limit: number) => {
    const lo = sorted.findIndex((k) => 'afterPrefix' in start
      ? !k.startsWith(start.afterPrefix) && compareUtf8(k, start.afterPrefix) > 0
      : start.inclusive ? compareUtf8(k, start.key) >= 0 : compareUtf8(k, start.key) > 0);
    const out = lo < 0 ? [] : sorted.slice(lo, lo + limit).map((key) => ({ key }));
    scanned += out.length;
    return out;
  };
  return { scan, scanned: () => scanned };
}

const after = (r: Row): ScanStart => ({ key: r.key, inclusive: false });
const FOLDER = ['folder/aSubfolder/subFile1', 'folder/aSubfolder/subFile2', 'folder/file1', 'folder/file2'];

test('a delimiter rolls keys up into CommonPrefixes and pages by marker', () => {
  const { scan } = source(FOLDER);
  const p1 = walk(scan, { prefix: 'folder/', delimiter: '/', maxKeys: 1, after });
  assert.deepEqual(p1.commonPrefixes, ['folder/aSubfolder/']);
  assert.equal(p1.isTruncated, true);
  const p2 = walk(scan, { prefix: 'folder/', delimiter: '/', maxKeys: 1, after, start: { key: 'folder/aSubfolder/', inclusive: false }, marker: 'folder/aSubfolder/' });
  assert.deepEqual(p2.rows.map((r) => r.key), ['folder/file1']);
  assert.equal(p2.isTruncated, true);
  const p3 = walk(scan, { prefix: 'folder/', delimiter: '/', maxKeys: 1, after, start: { key: 'folder/file1', inclusive: false }, marker: 'folder/file1' });
  assert.deepEqual(p3.rows.map((r) => r.key), ['folder/file2']);
  assert.equal(p3.isTruncated, false);
});

test('a marker inside a common prefix skips that prefix (list-objects-manual-first-file)', () => {
  const { scan } = source(FOLDER);
  const page = walk(scan, { prefix: 'folder/', delimiter: '/', maxKeys: 1, after,
    start: { key: 'folder/aSubfolder/subFile1', inclusive: false }, marker: 'folder/aSubfolder/subFile1' });
  assert.deepEqual(page.rows.map((r) => r.key), ['folder/file1']);
  assert.deepEqual(page.commonPrefixes, []);
  assert.equal(page.isTruncated, true);
});

test('a page exactly exhausting the keys is not truncated', () => {
  const keys = Array.from({ length: 12 }, (_, i) => `test_${i}`);
  const page = walk(source(keys).scan, { prefix: '', maxKeys: 2, after, start: { key: 'test_7', inclusive: false } });
  assert.deepEqual(page.rows.map((r) => r.key), ['test_8', 'test_9']);
  assert.equal(page.isTruncated, false);
});

test('listing with a delimiter over a million keys under few prefixes reads only a few rows per prefix', () => {
  const keys: string[] = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < 2000; i++) keys.push(`dir${d}/file${String(i).padStart(5, '0')}`);
  keys.push('top.txt');
  const s = source(keys);
  const page = walk(s.scan, { prefix: '', delimiter: '/', maxKeys: 1000, after });
  assert.equal(page.commonPrefixes.length, 10);
  assert.deepEqual(page.rows.map((r) => r.key), ['top.txt']);
  assert.ok(s.scanned() < 10 * 256 + 300, `scanned ${s.scanned()}`);
});

test('MaxKeys above 1,000 returns 1,000 and MaxKeys 0 returns nothing', () => {
  const keys = Array.from({ length: 1500 }, (_, i) => `k${String(i).padStart(4, '0')}`);
  const page = walk(source(keys).scan, { prefix: '', maxKeys: 5000, after });
  assert.equal(page.rows.length, 1000);
  assert.equal(page.isTruncated, true);
  const zero = walk(source(keys).scan, { prefix: '', maxKeys: 0, after });
  assert.equal(zero.rows.length, 0);
  assert.equal(zero.isTruncated, false);
});

test('keys sort in UTF-8 byte order, not UTF-16 order', () => {
  assert.ok(compareUtf8('\uffff', '\u{10000}') < 0);
  assert.ok(compareUtf8('a', 'ab') < 0);
  assert.deepEqual([...prefixSuccessor(Buffer.from('a/'))], [...Buffer.from('a0')]);
});

test('encoding-type=url encodes like a form value but keeps slashes', () => {
  assert.equal(urlEncodeKey('a b/c%2F\u00e9'), 'a+b/c%252F%C3%A9');
  assert.equal(requireEncodingType('url'), 'url');
  assert.throws(() => requireEncodingType('value'), (e: unknown) => e instanceof AwsError && e.fields['ArgumentName'] === 'encoding-type');
});

test('continuation tokens round-trip and a forged token is InvalidArgument', () => {
  assert.equal(decodeContinuationToken(encodeContinuationToken('folder/é')), 'folder/é');
  assert.match(encodeContinuationToken('a/b?c'), /^[A-Za-z0-9_-]+$/);
  assert.throws(() => decodeContinuationToken('bad-token'), (e: unknown) => e instanceof AwsError && e.message === 'The continuation token provided is incorrect');
  assert.throws(() => resolveMaxKeys(-1), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument');
});

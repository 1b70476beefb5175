// Unit tests of the in-memory GetRecords page cache: pages kept as UTF-8, the least recently read dropped first once
// the byte budget is spent, and pages forgotten on request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamPageCache } from './stream-page-cache.js';

test('a cached page is its body as UTF-8 bytes with its UTF-16 length and offsets', () => {
  const cache = new StreamPageCache(1000);
  const page = cache.set(1, 64, '{"a":"é"},{"b":1}', '0,10');
  assert.equal(page.bytes.toString('utf8'), '{"a":"é"},{"b":1}');
  assert.equal(page.units, 17);
  assert.equal(page.bytes.length, 18);
  assert.equal(cache.get(1, 64), page);
  assert.equal(cache.get(2, 64), undefined);
});

test('past the byte budget the least recently read pages are dropped first', () => {
  const cache = new StreamPageCache(30);
  cache.set(1, 64, 'x'.repeat(10), '0');
  cache.set(1, 128, 'y'.repeat(10), '0');
  cache.set(1, 192, 'z'.repeat(10), '0');
  assert.ok(cache.get(1, 64)); // now the most recent
  cache.set(1, 256, 'w'.repeat(10), '0');
  assert.equal(cache.get(1, 128), undefined);
  assert.ok(cache.get(1, 64));
  assert.ok(cache.get(1, 192));
  assert.ok(cache.get(1, 256));
  assert.equal(cache.heldBytes, 30);
});

test('a page larger than the whole budget is returned but not kept', () => {
  const cache = new StreamPageCache(8);
  const page = cache.set(1, 64, 'x'.repeat(9), '0');
  assert.equal(page.bytes.length, 9);
  assert.equal(cache.get(1, 64), undefined);
  assert.equal(cache.size, 0);
});

test('a deleted page is forgotten and its bytes no longer count', () => {
  const cache = new StreamPageCache(100);
  cache.set(3, 64, 'abc', '0');
  cache.set(3, 128, 'defg', '0');
  cache.delete(3, 64);
  cache.delete(3, 999);
  assert.equal(cache.get(3, 64), undefined);
  assert.equal(cache.heldBytes, 4);
  // Setting a page again replaces it without counting it twice.
  cache.set(3, 128, 'hi', '0');
  assert.equal(cache.heldBytes, 2);
});

// Unit tests of our horizontal and vertical run-length formats (COMP=1/2): round trips, expansion bound, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rleDecode, rleEncode, verticalDecode, verticalEncode } from './rle.js';

test('horizontal RLE round-trips runs, literals and the 3/130 boundaries', () => {
  for (const input of [Buffer.alloc(0), Buffer.from('aab'), Buffer.alloc(3, 1), Buffer.alloc(130, 2), Buffer.alloc(131, 3), Buffer.concat([randomBytes(1000), Buffer.alloc(999, 0x20), randomBytes(5)])]) {
    assert.deepEqual(rleDecode(rleEncode(input), 1 << 20), input);
  }
});

test('horizontal RLE compresses a run to two bytes per 130 and grows random data by at most 1/128', () => {
  assert.equal(rleEncode(Buffer.alloc(260, 0x41)).length, 4);
  const r = randomBytes(12800);
  assert.ok(rleEncode(r).length <= r.length + 100);
});

test('vertical RLE turns repeated records into runs and round-trips', () => {
  const rec = randomBytes(80);
  const input = Buffer.concat(Array.from({ length: 50 }, () => rec));
  const enc = verticalEncode(input, 80);
  assert.ok(enc.length < 200);
  assert.deepEqual(verticalDecode(enc, 80, 1 << 20), input);
});

test('RLE decoding refuses truncated input and output beyond the limit', () => {
  assert.throws(() => rleDecode(Buffer.from([5, 1, 2]), 100), /past the end/);
  assert.throws(() => rleDecode(Buffer.from([0xff]), 100), /without a byte/);
  assert.throws(() => rleDecode(rleEncode(Buffer.alloc(1000)), 999), /exceeds/);
});

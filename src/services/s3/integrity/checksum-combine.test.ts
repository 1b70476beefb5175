// Unit tests for CRC combination: the combined CRC of parts equals the CRC of the concatenated bytes.
// Checked for all three CRCs S3 allows as FULL_OBJECT multipart checksums.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineParts } from './checksum-combine.js';
import { checksumOf } from './checksums.js';

test('combining part CRCs gives the CRC of the whole object', () => {
  const parts = [Buffer.from('hello '), Buffer.alloc(70000, 7), Buffer.from('world'), Buffer.from('!')];
  const whole = Buffer.concat(parts);
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    const combined = combineParts(alg, parts.map((p) => ({ checksum: checksumOf(alg, p), size: p.length })));
    assert.equal(combined, checksumOf(alg, whole), alg);
  }
});

test('a single part combines to itself', () => {
  const p = Buffer.from('abc');
  assert.equal(combineParts('CRC32', [{ checksum: checksumOf('CRC32', p), size: 3 }]), checksumOf('CRC32', p));
});

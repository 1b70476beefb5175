// Unit tests for the streaming checksums against published check values and S3 recordings.
// CRC check values are the catalogue's "123456789" checks; "0123456789" → poTHxg== is from test_s3_api.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { algorithmOfHeader, checksumOf, compositeChecksum, createHasher, isWellFormedChecksum } from './checksums.js';

const CHECK = Buffer.from('123456789');

test('CRC32, CRC32C and CRC64NVME match their catalogue check values', () => {
  assert.equal(Buffer.from(checksumOf('CRC32', CHECK), 'base64').toString('hex'), 'cbf43926');
  assert.equal(Buffer.from(checksumOf('CRC32C', CHECK), 'base64').toString('hex'), 'e3069283');
  assert.equal(Buffer.from(checksumOf('CRC64NVME', CHECK), 'base64').toString('hex'), 'ae8b14860a799888');
});

test('CRC32 of "0123456789" is the value S3 returned (test_get_object_range)', () => {
  assert.equal(checksumOf('CRC32', Buffer.from('0123456789')), 'poTHxg==');
  assert.equal(checksumOf('CRC32', Buffer.alloc(0)), 'AAAAAA==');
});

test('hashers give the same digest however the bytes are chunked', () => {
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff));
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256', 'MD5'] as const) {
    const h = createHasher(alg);
    for (let i = 0; i < data.length; i += 37) h.update(data.subarray(i, i + 37));
    assert.equal(h.digest().toString('base64'), checksumOf(alg, data), alg);
  }
});

test('SHA256 and SHA1 digests are base64 of the raw hash', () => {
  assert.equal(checksumOf('SHA256', Buffer.from('abc')), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  assert.equal(checksumOf('SHA1', Buffer.from('abc')), 'qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
});

test('well-formedness checks base64 and digest length', () => {
  assert.equal(isWellFormedChecksum('CRC32', 'poTHxg=='), true);
  assert.equal(isWellFormedChecksum('CRC32', 'not-base64'), false);
  assert.equal(isWellFormedChecksum('SHA256', 'poTHxg=='), false);
});

test('composite checksums hash the raw part checksums and append the part count', () => {
  const parts = [checksumOf('CRC32', Buffer.from('a')), checksumOf('CRC32', Buffer.from('b'))];
  const raw = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64')));
  assert.equal(compositeChecksum('CRC32', parts), `${checksumOf('CRC32', raw)}-2`);
});

test('checksum header names map to algorithms', () => {
  assert.equal(algorithmOfHeader('x-amz-checksum-crc64nvme'), 'CRC64NVME');
  assert.equal(algorithmOfHeader('X-Amz-Checksum-SHA256'), 'SHA256');
  assert.equal(algorithmOfHeader('x-amz-checksum-md5'), undefined);
});

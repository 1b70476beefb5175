// Unit tests for the order-preserving key encoding: memcmp order of encodings must equal DynamoDB's order.
// Covers numbers of every sign and scale, UTF-8 strings, binaries, round trips and begins_with ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beginsWithRange, decodeKeyValue, encodeKeyValue, prefixUpperBound } from './key-encoding.js';
import { compareNumbers } from './attribute-value.js';
import { encodeComposite } from './keys.js';

test('number encodings sort numerically', () => {
  const values = ['-1e125', '-1000', '-999.999', '-12.5', '-12.45', '-12', '-1', '-0.5', '-0.123', '-0.12', '-1e-130',
    '0', '1e-130', '0.12', '0.123', '0.5', '1', '9', '10', '12', '12.45', '12.5', '999.999', '1000', '1e125'];
  const shuffled = [...values].sort(() => 0.5 - ((values.length * 7919) % 13) / 13);
  const byBytes = [...shuffled].sort((a, b) => Buffer.compare(encodeKeyValue({ N: a }), encodeKeyValue({ N: b })));
  const byNumber = [...shuffled].sort(compareNumbers);
  assert.deepEqual(byBytes, byNumber);
  assert.deepEqual(byBytes, values);
});

test('number encodings round-trip to canonical text', () => {
  for (const n of ['0', '-0.001', '123.45', '-98765', '1e10', '0.000123']) {
    const back = decodeKeyValue('N', encodeKeyValue({ N: n }));
    assert.equal(compareNumbers((back as { N: string }).N, n), 0, n);
  }
  assert.deepEqual(decodeKeyValue('N', encodeKeyValue({ N: '1e3' })), { N: '1000' });
});

test('string keys sort by UTF-8 bytes, not UTF-16 code units', () => {
  // U+FF61 (3 UTF-8 bytes, EF BD A1) sorts before U+1F600 (4 bytes, F0 …) bytewise but after it in UTF-16.
  const a = encodeKeyValue({ S: '\uff61' });
  const b = encodeKeyValue({ S: '\u{1f600}' });
  assert.equal(Buffer.compare(a, b), -1);
  assert.deepEqual(decodeKeyValue('S', b), { S: '\u{1f600}' });
});

test('binary keys sort bytewise with shorter prefixes first', () => {
  const x = encodeKeyValue({ B: Uint8Array.from([1, 2]) });
  const y = encodeKeyValue({ B: Uint8Array.from([1, 2, 0]) });
  const z = encodeKeyValue({ B: Uint8Array.from([1, 3]) });
  assert.equal(Buffer.compare(x, y), -1);
  assert.equal(Buffer.compare(y, z), -1);
});

test('begins_with becomes a half-open byte range', () => {
  const r = beginsWithRange({ S: 'ab' });
  assert.deepEqual(r.lower, { bytes: Buffer.from('ab'), inclusive: true });
  assert.deepEqual(r.upper, { bytes: Buffer.from('ac'), inclusive: false });
  assert.deepEqual(prefixUpperBound(Uint8Array.from([1, 0xff])), Buffer.from([2]));
  assert.equal(prefixUpperBound(Uint8Array.from([0xff, 0xff])), undefined);
});

test('multi-attribute key components compare as tuples, left to right, whatever bytes they hold', () => {
  const tuple = (...vs: { S?: string; N?: string }[]): Buffer => encodeComposite(vs.map((v) => (v.S !== undefined ? { S: v.S } : { N: v.N! })));
  const ordered = [
    tuple({ S: 'a' }, { N: '10' }), tuple({ S: 'a' }, { N: '1024' }), tuple({ S: 'a\u0000' }, { N: '1' }), tuple({ S: 'ab' }, { N: '-5' }), tuple({ S: 'b' }, { N: '0' }),
  ];
  for (let i = 1; i < ordered.length; i++) assert.ok(Buffer.compare(ordered[i - 1]!, ordered[i]!) < 0, `tuple ${i - 1} sorts before tuple ${i}`);
});

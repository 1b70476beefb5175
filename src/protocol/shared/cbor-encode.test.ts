// The CBOR encoder against RFC 8949 Appendix A's examples, and round trips through our decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCborValue } from './cbor-encode.js';
import { decodeCborItem } from './cbor-decode.js';

const hex = (value: unknown) => encodeCborValue(value).toString('hex');

test('integers use the shortest head (RFC 8949 Appendix A)', () => {
  assert.equal(hex(0), '00');
  assert.equal(hex(23), '17');
  assert.equal(hex(24), '1818');
  assert.equal(hex(1000), '1903e8');
  assert.equal(hex(1000000), '1a000f4240');
  assert.equal(hex(1000000000000), '1b000000e8d4a51000');
  assert.equal(hex(-1), '20');
  assert.equal(hex(-1000), '3903e7');
  assert.equal(hex(18446744073709551615n), '1bffffffffffffffff');
});

test('floats, simple values, strings, bytes, arrays and maps encode as in the RFC', () => {
  assert.equal(hex(1.1), 'fb3ff199999999999a');
  assert.equal(hex(Infinity), 'fb7ff0000000000000');
  assert.equal(hex(false), 'f4');
  assert.equal(hex(true), 'f5');
  assert.equal(hex(null), 'f6');
  assert.equal(hex('IETF'), '6449455446');
  assert.equal(hex('\u00fc'), '62c3bc');
  assert.equal(hex(Buffer.from([1, 2, 3, 4])), '4401020304');
  assert.equal(hex([1, [2, 3], [4, 5]]), '8301820203820405');
  assert.equal(hex({ a: 1, b: [2, 3] }), 'a26161016162820203');
});

test('Dates become tag 1 epoch seconds and undefined members are left out', () => {
  assert.equal(hex(new Date(1363896240000)), 'c11a514b67b0');
  assert.equal(hex(new Date(1363896240500)), 'c1fb41d452d9ec200000');
  assert.equal(hex({ a: undefined, b: 1 }), 'a1616201');
});

test('what the encoder writes, the decoder reads back', () => {
  const value = { s: 'héllo', n: -42, f: 0.25, l: [true, null, 'x'], m: { k: Buffer.from('hi') }, t: new Date(1700000000000) };
  assert.deepEqual(decodeCborItem(encodeCborValue(value)), value);
});

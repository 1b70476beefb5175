// Unit tests for the CBOR decoder: every major type, indefinite lengths, tags, half floats and malformed input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CborSyntaxError, decodeCborItem } from './cbor-decode.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

test('integers, negatives, 64-bit values and bignums decode', () => {
  assert.equal(decodeCborItem(hex('17')), 23);
  assert.equal(decodeCborItem(hex('1903e8')), 1000);
  assert.equal(decodeCborItem(hex('3863')), -100);
  assert.equal(decodeCborItem(hex('1b001fffffffffffff')), Number.MAX_SAFE_INTEGER);
  assert.equal(decodeCborItem(hex('1bffffffffffffffff')), 18446744073709551615n);
  assert.equal(decodeCborItem(hex('c249010000000000000000')), 18446744073709551616n);
});

test('definite and indefinite strings, arrays and maps decode', () => {
  assert.deepEqual(decodeCborItem(hex('5f42010243030405ff')), Buffer.from([1, 2, 3, 4, 5]));
  assert.equal(decodeCborItem(hex('7f657374726561646d696e67ff')), 'streaming');
  assert.deepEqual(decodeCborItem(hex('9f018202039f0405ffff')), [1, [2, 3], [4, 5]]);
  assert.deepEqual(decodeCborItem(hex('bf61610161629f0203ffff')), { a: 1, b: [2, 3] });
});

test('text strings decode UTF-8 in place, and a map key named __proto__ stays data', () => {
  assert.equal(decodeCborItem(hex('6449c3b174')), 'Iñt');
  assert.equal(decodeCborItem(hex('62c328')), '\ufffd(', 'an ill-formed sequence decodes as U+FFFD, as before');
  const decoded = decodeCborItem(hex('a2695f5f70726f746f5f5fa16178016161f5')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(decoded), ['__proto__', 'a']);
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value, { x: 1 });
  assert.equal(decoded['a'], true);
});

test('tag 1 becomes a Date, floats of every width decode, simple values map to JS', () => {
  assert.deepEqual(decodeCborItem(hex('c11a514b67b0')), new Date(1363896240000));
  assert.deepEqual(decodeCborItem(hex('c1fb41d452d9ec200000')), new Date(1363896240500));
  assert.equal(decodeCborItem(hex('f93c00')), 1);
  assert.equal(decodeCborItem(hex('f90001')), 5.960464477539063e-8);
  assert.ok(Number.isNaN(decodeCborItem(hex('f97e00'))));
  assert.equal(decodeCborItem(hex('fa47c35000')), 100000);
  assert.equal(decodeCborItem(hex('fbc010666666666666')), -4.1);
  assert.deepEqual([decodeCborItem(hex('f4')), decodeCborItem(hex('f5')), decodeCborItem(hex('f6')), decodeCborItem(hex('f7'))], [false, true, null, null]);
});

test('truncated input, stray breaks, trailing bytes and runaway nesting are syntax errors', () => {
  for (const bad of ['', '62 61', 'ff', '01 02', '9f 01', 'bf 61 61 ff', '5f 61 61 ff', '1c']) {
    assert.throws(() => decodeCborItem(hex(bad)), CborSyntaxError, bad);
  }
  assert.throws(() => decodeCborItem(Buffer.alloc(1000, 0x81)), CborSyntaxError);
});

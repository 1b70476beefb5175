// Storage encoding of items: every attribute type round-trips, binaries at any depth, the first format still
// decodes, and awkward attribute names stay attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeItem, encodeItem } from './item-codec.js';
import type { AttributeMap } from './attribute-value.js';

test('every attribute type survives the storage encoding, binaries included, at any depth', () => {
  const item: AttributeMap = {
    s: { S: 'héllo' }, n: { N: '-1.5' }, b: { B: Buffer.from([0, 255, 7]) }, t: { BOOL: true }, z: { NULL: true },
    ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2'] }, bs: { BS: [Buffer.from('x'), Buffer.from([1])] },
    l: { L: [{ S: 'x' }, { B: Buffer.from('y') }, { M: { deep: { BS: [Buffer.from('z')] } } }] },
    m: { M: { inner: { B: Buffer.from('q') }, n: { N: '3' } } },
  };
  const back = decodeItem(encodeItem(item));
  assert.deepEqual(back, item);
  assert.ok(Buffer.isBuffer((back['b'] as { B: Uint8Array }).B));
});

test('items without binaries decode the same through the fast path, even with B-like text inside strings', () => {
  const item: AttributeMap = { a: { S: 'say "B": hello' }, m: { M: { B: { S: 'an attribute named B' } } }, n: { N: '1' } };
  assert.deepEqual(decodeItem(encodeItem(item)), item);
});

test('items are stored as a flat array with binaries in base64 and a flag for nested binaries', () => {
  const item: AttributeMap = { pk: { S: 'a' }, n: { N: '2' }, b: { B: Buffer.from([1, 2]) }, m: { M: { x: { BS: [Buffer.from([3])] } } } };
  const stored = encodeItem(item);
  assert.equal(stored, '[1,"pk","S","a","n","N","2","b","B","AQI=","m","M",{"x":{"BS":["Aw=="]}}]');
  assert.deepEqual(decodeItem(stored), item);
});

test('an attribute named __proto__ is kept as an attribute at the top level and inside maps', () => {
  const item = JSON.parse('{"__proto__":{"S":"top"},"m":{"M":{"__proto__":{"B":""}}}}') as AttributeMap;
  Object.defineProperty((item['m'] as { M: AttributeMap }).M, '__proto__', { value: { B: Buffer.from([1]) }, enumerable: true });
  const back = decodeItem(encodeItem(item));
  assert.deepEqual(Object.keys(back), ['__proto__', 'm']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, { S: 'top' });
  const inner = (back['m'] as { M: AttributeMap }).M;
  assert.deepEqual(Array.from((Object.getOwnPropertyDescriptor(inner, '__proto__')?.value as { B: Uint8Array }).B), [1]);
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
});

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

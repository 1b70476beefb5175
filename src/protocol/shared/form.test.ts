// Unit tests for form parsing: decoding rules and the key index the query/ec2 readers walk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFormComponent, FormParams } from './form.js';

test('form components decode + as space and percent escapes, keeping malformed escapes', () => {
  assert.equal(decodeFormComponent('a+b%20c%2B'), 'a b c+');
  assert.equal(decodeFormComponent('100%'), '100%');
  assert.equal(decodeFormComponent('%E2%82%AC'), '€');
});

test('keys keep first-seen order, a key without = has an empty value, and a later text wins', () => {
  const form = FormParams.parse('Action=X&&Flag&A.B=1&E=a=b', 'A.B=2&Q=%41+b');
  assert.deepEqual(form.root.childSegments(), ['Action', 'Flag', 'A', 'E', 'Q']);
  assert.deepEqual(['Action', 'Flag', 'A.B', 'E', 'Q'].map((key) => form.value(key)), ['X', '', '2', 'a=b', 'A b']);
});

test('pairs without = among pairs with one keep an empty value, however many there are', () => {
  const form = FormParams.parse('a&b=1&c&&d=2=3&e', 'f&g');
  assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => form.value(key)), ['', '1', '', '2=3', '', '', '']);
  // A large body of such pairs reads in one pass (it was quadratic); every key is there once.
  const many = FormParams.parse(`${Array.from({ length: 50_000 }, (_, i) => `k${i}`).join('&')}&last=1`);
  assert.equal(many.root.childSegments().length, 50_001);
  assert.equal(many.value('k49999'), '');
  assert.equal(many.value('last'), '1');
});

test('the key tree answers values, presence, children and numeric indices in order', () => {
  const form = FormParams.parse('L.member.10=c&L.member.2=b&L.member.x=z&M.entry.1.key=k&S.A=1&S.A=2');
  assert.equal(form.value('S.A'), '2', 'the last value wins');
  assert.equal(form.value('S'), undefined);
  assert.notEqual(form.root.child('S'), undefined);
  assert.equal(form.root.child('T'), undefined);
  assert.deepEqual(form.root.childSegments(), ['L', 'M', 'S']);
  const items = form.root.child('L')?.child('member')?.indexed() ?? [];
  assert.deepEqual(items.map((node) => node.value), ['b', 'c']);
  assert.deepEqual(items.map((node) => node.key()), ['L.member.2', 'L.member.10']);
  assert.deepEqual(form.root.child('M')?.child('entry')?.child('1')?.childSegments(), ['key']);
});

test('empty segments are kept as keys of their own', () => {
  const form = FormParams.parse('A..B=1&C.=2&X=0&.D=3&.E=4');
  assert.equal(form.value('A..B'), '1');
  assert.equal(form.value('C.'), '2');
  assert.equal(form.value('C'), undefined);
  assert.deepEqual(form.root.childSegments(), ['A', 'C', 'X', '']);
  assert.deepEqual([form.value('.D'), form.value('.E')], ['3', '4']);
});

test('keys sent one after another under one parent land under that parent, and a new parent is walked from the root', () => {
  const form = FormParams.parse('S.m.1.A=1&S.m.1.B=2&S.m.2.A=3&T.m.1.A=4&S.m.1.C=5&A=6&AB.C=7');
  assert.deepEqual(form.root.child('S')?.child('m')?.child('1')?.childSegments(), ['A', 'B', 'C']);
  assert.equal(form.value('S.m.2.A'), '3');
  assert.equal(form.value('T.m.1.A'), '4');
  assert.equal(form.value('AB.C'), '7');
  assert.deepEqual(form.root.childSegments(), ['S', 'T', 'A', 'AB']);
});

test('keys that share parents, repeat, or only begin like a sibling segment land at their own nodes', () => {
  const keys = ['M.m.1.N', 'M.m.1.D.m.1.N', 'M.m.1.D.m.1.V', 'M.m.12.N', 'M.m.1.V', 'M.m.2', 'M.m.2.X', 'M.m.2.X', 'M.m', 'M.mm.1', '.a', '.a.', 'M.m.1.D.m.10.N'];
  const form = FormParams.parse(keys.map((k, i) => `${k}=${i}`).join('&'));
  // The value of a repeated key is its last; every other key holds its own.
  keys.forEach((k, i) => assert.equal(form.value(k), String(keys.lastIndexOf(k) === i ? i : keys.lastIndexOf(k)), k));
  assert.deepEqual(form.root.childSegments(), ['M', '']);
  assert.deepEqual(form.root.child('M')?.child('m')?.childSegments(), ['1', '12', '2']);
  assert.deepEqual(form.root.child('M')?.child('m')?.child('1')?.child('D')?.child('m')?.childSegments(), ['1', '10']);
  assert.deepEqual(form.root.child('')?.child('a')?.childSegments(), ['']);
  assert.equal(form.root.child('M')?.child('m')?.child('12')?.child('N')?.key(), 'M.m.12.N');
});

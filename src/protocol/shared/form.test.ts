// Unit tests for form parsing: decoding rules and the key index the query/ec2 readers walk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFormComponent, FormParams, parseFormPairs } from './form.js';

test('form components decode + as space and percent escapes, keeping malformed escapes', () => {
  assert.equal(decodeFormComponent('a+b%20c%2B'), 'a b c+');
  assert.equal(decodeFormComponent('100%'), '100%');
  assert.equal(decodeFormComponent('%E2%82%AC'), '€');
});

test('pairs keep order, and a key without = has an empty value', () => {
  assert.deepEqual(parseFormPairs('Action=X&&Flag&A.B=1'), [['Action', 'X'], ['Flag', ''], ['A.B', '1']]);
});

test('the key index answers values, presence, children and numeric indices in order', () => {
  const form = new FormParams(parseFormPairs('L.member.10=c&L.member.2=b&L.member.x=z&M.entry.1.key=k&S.A=1'));
  assert.equal(form.value('S.A'), '1');
  assert.equal(form.has('S'), true);
  assert.equal(form.has('T'), false);
  assert.deepEqual(form.children(''), ['L', 'M', 'S']);
  assert.deepEqual(form.indices('L.member'), [2, 10]);
  assert.deepEqual(form.children('M.entry.1'), ['key']);
});

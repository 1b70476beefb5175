// Unit tests for attribute value validation, size rules and key attribute checks, with DynamoDB's messages.
// Table-driven where the rule is a mapping from input to message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemSize, validateItem, validateValue, valuesEqual } from './attribute-value.js';
import { throwsMessage } from '../../../test/services/dynamodb/testing.js';
import { inLayer } from './value-errors.js';
import { indexKeyOfItem, keyOfItem, keyOfKeyParam, type KeySchema } from './keys.js';

test('malformed attribute values are rejected with DynamoDB messages', () => {
  const cases: [unknown, RegExp][] = [
    [{}, /^Supplied AttributeValue is empty, must contain exactly one of the supported datatypes$/],
    [{ S: 'a', N: '1' }, /^Supplied AttributeValue has more than one datatypes set/],
    [{ SS: [] }, /^One or more parameter values were invalid: An string set  may not be empty$/],
    [{ NS: [] }, /^One or more parameter values were invalid: An number set  may not be empty$/],
    [{ BS: [] }, /Binary sets should not be empty/],
    [{ SS: ['b', 'a', 'b'] }, /^One or more parameter values were invalid: Input collection \["a", "b", "b"\] contains duplicates\.$/],
    [{ NS: ['1', '1.0'] }, /^One or more parameter values were invalid: Input collection contains duplicates\.$/],
    [{ N: 'x1' }, /cannot be converted to a numeric value/],
    [{ NULL: false }, /Null attribute value types must have the value of true/],
    [{ L: [{ M: { a: { SS: [] } } }] }, /An string set  may not be empty/],
  ];
  for (const [raw, want] of cases) throwsMessage(() => validateValue(raw), want);
});

test('value errors are worded per validation layer, as AWS answers per operation', () => {
  const dupes: [unknown, string, string][] = [
    [{ SS: ['b', 'a', 'b'] }, 'One or more parameter values were invalid: Input collection ["a", "b", "b"] contains duplicates.', 'One or more parameter values were invalid: Input collection [b, a, b] contains duplicates.'],
    [{ BS: [Buffer.from('/w==', 'base64'), Buffer.from('AA==', 'base64'), Buffer.from('AA==', 'base64')] },
      'One or more parameter values were invalid: Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.',
      'One or more parameter values were invalid: Input collection [/w==, AA==, AA==]of type BS contains duplicates.'],
    [{ NS: ['2', '1', '2'] }, 'One or more parameter values were invalid: Input collection contains duplicates.', 'Input collection contains duplicates'],
    [{ N: '' }, 'The parameter cannot be converted to a numeric value: ', 'The parameter cannot be converted to a numeric value'],
  ];
  for (const [raw, current, older] of dupes) {
    throwsMessage(() => inLayer('current', () => validateValue(raw)), current);
    throwsMessage(() => inLayer('enveloped', () => validateValue(raw)), `1 validation error detected: ${current}`);
    throwsMessage(() => inLayer('older', () => validateValue(raw)), older);
  }
});

test('valid values are normalised: numbers canonical, empty strings allowed', () => {
  assert.deepEqual(validateValue({ N: '1.50' }), { N: '1.5' });
  assert.deepEqual(validateValue({ NS: ['01', '2.0'] }), { NS: ['1', '2'] });
  assert.deepEqual(validateValue({ S: '' }), { S: '' });
  assert.deepEqual(validateValue({ B: 'AQI=' }), { B: Buffer.from([1, 2]) });
  assert.deepEqual(validateValue({ M: { a: { BOOL: false } } }), { M: { a: { BOOL: false } } });
});

test('documents nest at most 32 levels', () => {
  const deep = (n: number): unknown => (n === 0 ? { S: 'leaf' } : { M: { n: deep(n - 1) } });
  assert.doesNotThrow(() => validateItem({ pk: { S: 'a' }, d: deep(31) }));
  throwsMessage(() => validateItem({ pk: { S: 'a' }, d: deep(32) }), /^Nesting Levels have exceeded supported limits/);
});

test('item size follows DynamoDB rules and the 400 KB limit', () => {
  assert.equal(itemSize({ id: { S: 'abc' } }), 5);
  assert.equal(itemSize({ n: { N: '12345' } }), 1 + 4);
  assert.equal(itemSize({ n: { N: '3.14159' } }), 1 + 5);
  assert.equal(itemSize({ l: { L: [{ BOOL: true }, { NULL: true }] } }), 1 + 3 + 2 + 2);
  assert.equal(itemSize({ m: { M: { ab: { S: 'x' } } } }), 1 + 3 + 1 + 2 + 1);
  throwsMessage(() => validateItem({ id: { S: 'x' }, big: { S: 'a'.repeat(400 * 1024) } }), /^Item size has exceeded the maximum allowed size$/);
  assert.doesNotThrow(() => validateItem({ id: { S: 'x' }, big: { S: 'a'.repeat(400 * 1024 - 6) } }));
});

test('set equality ignores order and compares numbers numerically', () => {
  assert.equal(valuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] }), true);
  assert.equal(valuesEqual({ N: '1.0' }, { N: '1' }), true);
  assert.equal(valuesEqual({ L: [{ S: 'a' }] }, { L: [{ S: 'b' }] }), false);
});

const schema: KeySchema = { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } };

test('item key checks use DynamoDB messages', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ pk: { S: 'a' } }, /^One or more parameter values were invalid: Missing the key sk in the item$/],
    [{ pk: { N: '1' }, sk: { N: '1' } }, /^One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N$/],
    [{ pk: { S: '' }, sk: { N: '1' } }, /^One or more parameter values are not valid\. The AttributeValue for a key attribute cannot contain an empty string value\. Key: pk$/],
    [{ pk: { S: 'x'.repeat(2049) }, sk: { N: '1' } }, /Size of hashkey has exceeded the maximum size limit of2048 bytes/],
  ];
  for (const [item, want] of cases) throwsMessage(() => keyOfItem(schema, validateItem(item)), want);
  assert.ok(keyOfItem(schema, { pk: { S: 'a' }, sk: { N: '1' } }).pk.equals(Buffer.from('a')));
});

test('Key parameters must match the schema exactly', () => {
  for (const key of [{ pk: { S: 'a' } }, { pk: { S: 'a' }, sk: { S: '1' } }, { pk: { S: 'a' }, sk: { N: '1' }, x: { S: '' } }]) {
    throwsMessage(() => keyOfKeyParam(schema, validateItem(key)), /^The provided key element does not match the schema$/);
  }
});

test('secondary index keys are sparse and type-checked', () => {
  const gsi: KeySchema = { hash: { name: 'g', type: 'S' }, range: undefined };
  assert.equal(indexKeyOfItem('gsi1', gsi, { pk: { S: 'a' } }), undefined);
  throwsMessage(() => indexKeyOfItem('gsi1', gsi, { g: { N: '1' } }), /^One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi1$/);
  throwsMessage(() => indexKeyOfItem('gsi1', gsi, { g: { S: '' } }), /IndexName: gsi1, IndexKey: g$/);
  throwsMessage(() => indexKeyOfItem('gsi1', gsi, { g: { S: 'x'.repeat(2049) } }),
    /^One or more parameter values were invalid: Size limit exceeded for Index Key g Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: gsi1$/);
});

// Unit tests for DynamoDB number parsing, canonical form, limits and exact arithmetic.
// Table-driven: each row is an input and DynamoDB's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDecimal, compareDecimal, decimalSize, normalizeNumber, parseDecimal, requireDecimal } from './number.js';

test('numbers are returned in canonical plain form', () => {
  const cases: [string, string][] = [
    ['1.50', '1.5'], ['-0', '0'], ['0.000', '0'], ['007', '7'], ['1e2', '100'], ['1E-3', '0.001'],
    ['-12.340e1', '-123.4'], ['0e125', '0'], ['+5', '5'], ['.5', '0.5'], ['5.', '5'], ['123456789012345678901234567890', '123456789012345678901234567890'],
  ];
  for (const [input, want] of cases) assert.equal(normalizeNumber(input), want, input);
});

test('invalid numbers fail with DynamoDB messages', () => {
  const cases: [string, RegExp][] = [
    ['abc', /cannot be converted to a numeric value: abc/],
    ['', /cannot be converted/],
    ['1e126', /^Number overflow/],
    ['1e-131', /^Number underflow/],
    ['1.23456789012345678901234567890123456789', /more than 38 significant digits/],
    ['1e99999999999', /^Number overflow/], ['1e-99999999999', /^Number underflow/], ['1e9223372036854775808', /cannot be converted/],
    ['0e126', /^Number overflow/], ['0e-131', /^Number underflow/], [' 1', /cannot be converted to a numeric value:  1$/], ['NaN', /cannot be converted/],
  ];
  for (const [input, want] of cases) {
    const r = parseDecimal(input);
    assert.ok(!('digits' in r), input);
    assert.match((r as Error).message, want, input);
  }
});

test('numbers at the magnitude limits are accepted', () => {
  assert.equal(normalizeNumber('9.9999999999999999999999999999999999999E+125').length, 126);
  assert.equal(normalizeNumber('1E-130'), '0.' + '0'.repeat(129) + '1');
  assert.equal(normalizeNumber('-1E-130').startsWith('-0.000'), true);
});

test('decimals compare numerically', () => {
  const sorted = ['-100', '-1.5', '-1', '-0.001', '0', '0.001', '0.5', '1', '1.05', '2', '10', '1e20'];
  for (let i = 0; i + 1 < sorted.length; i++) {
    assert.equal(compareDecimal(requireDecimal(sorted[i]!), requireDecimal(sorted[i + 1]!)), -1, `${sorted[i]} < ${sorted[i + 1]}`);
  }
  assert.equal(compareDecimal(requireDecimal('1.0'), requireDecimal('1')), 0);
});

test('addition is exact and normalised', () => {
  const cases: [string, string, string][] = [
    ['0.1', '0.2', '0.3'], ['1', '-1', '0'], ['-5', '2.5', '-2.5'], ['1e20', '1', '100000000000000000001'], ['0', '7', '7'],
  ];
  for (const [a, b, want] of cases) {
    const { digits, negative, exp } = addDecimal(requireDecimal(a), requireDecimal(b));
    assert.equal(normalizeNumber(`${negative ? '-' : ''}0.${digits || '0'}e${exp}`), want, `${a}+${b}`);
  }
});

test('addition beyond 38 significant digits is rejected', () => {
  assert.throws(() => addDecimal(requireDecimal('1e30'), requireDecimal('0.00000001')), /more than 38 significant digits/);
});

test('number sizes match the byte costs captured from AWS', () => {
  // paritysuite/dynamodb-conformance src/item-size.ts CAPTURED_NUMBER_BYTES (accept/reject pairs at the 400 KB gate).
  const captured: [string, number][] = [
    ['0', 1], ['1', 2], ['12', 2], ['123', 3], ['1234', 3], ['12345678901234567890123456789012345678', 20], ['0042', 2],
    ['100', 2], ['1010', 3], ['0.0000001', 2], ['1E125', 2], ['1E-100', 2], ['1.5', 3], ['15', 2], ['1.2', 3],
    ['1.200', 3], ['1.234', 4], ['3.14159', 5], ['123456', 4], ['100.5', 4], ['0.15', 2], ['-42', 3], ['-0', 1],
  ];
  for (const [literal, bytes] of captured) assert.equal(decimalSize(requireDecimal(literal)), bytes, literal);
});

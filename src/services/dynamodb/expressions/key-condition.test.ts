// Tests for KeyConditionExpression planning: accepted shapes become key ranges; the rest fail with DynamoDB's words.
// The schema is a string partition key and a numeric sort key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeKeyValue } from '../key-encoding.js';
import type { KeySchema } from '../keys.js';
import { throwsMessage } from '../../../../test/services/dynamodb/testing.js';
import { ExpressionAttributes } from './attributes.js';
import { parseCondition } from './condition-parser.js';
import { planKeyCondition } from './key-condition.js';

const schema: KeySchema = { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } };
const values = { ':p': { S: 'a' }, ':empty': { S: '' }, ':n1': { N: '1' }, ':n2': { N: '2' }, ':s': { S: 'x' }, ':b': { BOOL: true } };

function plan(expr: string) {
  return planKeyCondition(parseCondition('KeyConditionExpression', expr, new ExpressionAttributes(undefined, values)), schema);
}

test('key conditions become a partition value and a sort-key range', () => {
  const one = encodeKeyValue({ N: '1' });
  const two = encodeKeyValue({ N: '2' });
  assert.deepEqual(plan('pk = :p'), { partition: { S: 'a' }, partitionKey: encodeKeyValue({ S: 'a' }), range: {} });
  assert.deepEqual(plan('pk = :p AND sk > :n1').range, { lower: { bytes: one, inclusive: false } });
  assert.deepEqual(plan(':n1 >= sk AND pk = :p').range, { upper: { bytes: one, inclusive: true } });
  assert.deepEqual(plan('pk = :p AND sk BETWEEN :n1 AND :n2').range, { lower: { bytes: one, inclusive: true }, upper: { bytes: two, inclusive: true } });
  assert.deepEqual(plan('pk = :p AND sk = :n2').range, { lower: { bytes: two, inclusive: true }, upper: { bytes: two, inclusive: true } });
});

test('unsupported key conditions fail with DynamoDB messages', () => {
  const cases: [string, string][] = [
    ['sk = :n1', 'Query condition missed key schema element: pk'],
    ['pk = :p OR sk = :n1', 'Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR'],
    ['pk = :p AND attribute_exists(sk)', 'Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists'],
    ['pk < :p', 'Query key condition not supported'],
    ['pk = :p AND pk = :p', 'Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key'],
    ['pk = :p AND sk > :n1 AND extra = :n2', 'The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)'],
    ['pk = :p AND sk < :b', 'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL'],
    ['pk = :p AND :b >= sk', 'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL'],
    ['pk = :p AND sk = :b', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk = :p AND sk = :s', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk = :n1', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk = :p AND begins_with(sk, :s)', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk = :p AND begins_with(sk, :n1)', 'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
    ['pk = :p AND extra = :n1', 'Query condition missed key schema element: sk'],
    ['pk = :empty', 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
  ];
  for (const [expr, want] of cases) throwsMessage(() => plan(expr), want);
});

// Tests for the legacy parameter conversions: Expected, filters, AttributesToGet and AttributeUpdates become the
// same AST the expression parser builds, evaluated and applied the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCondition } from './expressions/evaluate.js';
import { applyUpdate } from './expressions/update.js';
import { legacyCondition, legacyFilter, legacyProjection, legacyUpdate } from './legacy.js';
import { throwsMessage } from '../../../test/services/dynamodb/testing.js';
import { consumed, indexWriteUnits, readUnits, writeUnits } from './capacity.js';
import { compileTable } from './item-store.js';
import { validateCreateTable } from './table-schema.js';

const item = { id: { S: 'a' }, n: { N: '5' }, tags: { SS: ['x'] }, l: { L: [{ S: 'q' }] } };

test('Expected entries become conditions joined by ConditionalOperator', () => {
  const cases: [Record<string, object>, string | undefined, boolean][] = [
    [{ id: { Value: { S: 'a' } } }, undefined, true],
    [{ id: { Exists: false } }, undefined, false],
    [{ nope: { Exists: false } }, undefined, true],
    [{ n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '4' }] } }, undefined, true],
    [{ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '6' }, { N: '9' }] }, id: { Value: { S: 'a' } } }, 'OR', true],
    [{ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '6' }, { N: '9' }] }, id: { Value: { S: 'a' } } }, 'AND', false],
    [{ tags: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'x' }] } }, undefined, true],
    [{ tags: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } }, undefined, false],
    [{ id: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'b' }, { S: 'a' }] } }, undefined, true],
    [{ nope: { ComparisonOperator: 'NULL' } }, undefined, true],
  ];
  for (const [expected, op, want] of cases) {
    assert.equal(evaluateCondition(item, legacyCondition(expected, op)!), want, JSON.stringify(expected));
  }
});

test('malformed legacy conditions fail with DynamoDB messages', () => {
  throwsMessage(() => legacyCondition({ n: { ComparisonOperator: 'EQ', AttributeValueList: [] } }, undefined),
    'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator');
  throwsMessage(() => legacyCondition({ n: { Exists: false, Value: { N: '1' } } }, undefined), /Value cannot be used when Exists is false/);
  throwsMessage(() => legacyProjection(['a', 'a']), 'One or more parameter values were invalid: Duplicate value in attribute name: a');
  assert.equal(evaluateCondition(item, legacyFilter({ n: { ComparisonOperator: 'LE', AttributeValueList: [{ N: '5' }] } }, undefined)!), true);
});

test('AttributeUpdates PUT, ADD (numbers, sets, lists) and DELETE apply like expressions', () => {
  const actions = legacyUpdate({
    n: { Action: 'ADD', Value: { N: '2' } },
    tags: { Action: 'ADD', Value: { SS: ['y'] } },
    l: { Action: 'ADD', Value: { L: [{ S: 'r' }] } },
    id2: { Value: { S: 'new' } },
    gone: { Action: 'DELETE' },
  })!;
  const out = applyUpdate({ ...item, gone: { S: 'x' } }, { id: item.id }, actions);
  assert.deepEqual(out, { id: { S: 'a' }, n: { N: '7' }, tags: { SS: ['x', 'y'] }, l: { L: [{ S: 'q' }, { S: 'r' }] }, id2: { S: 'new' } });
});

test('consumed capacity follows the 1 KB write / 4 KB read unit rules', () => {
  assert.equal(writeUnits(1), 1);
  assert.equal(writeUnits(1025), 2);
  assert.equal(writeUnits(1025, true), 4);
  assert.equal(readUnits(4097, true), 2);
  assert.equal(readUnits(4097, false), 1);
  assert.equal(readUnits(0, false), 0.5);
  assert.equal(consumed('NONE', 't', 1, 'read'), undefined);
  assert.deepEqual(consumed('INDEXES', 't', 1, 'write'), { TableName: 't', CapacityUnits: 1, WriteCapacityUnits: 1, Table: { CapacityUnits: 1, WriteCapacityUnits: 1 } });
  assert.deepEqual(consumed('INDEXES', 't', 1, 'write', [{ name: 'g', global: true, units: 2 }]), {
    TableName: 't', CapacityUnits: 3, WriteCapacityUnits: 3, Table: { CapacityUnits: 1, WriteCapacityUnits: 1 },
    GlobalSecondaryIndexes: { g: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
  });
});

test('index writes cost one per entry or exit, two per key change, none when nothing projected changes', () => {
  const schema = validateCreateTable({
    TableName: 'cap', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
  });
  const t = compileTable('id', schema);
  const units = (a?: Record<string, { S: string }>, b?: Record<string, { S: string }>) => indexWriteUnits(t, a, b).map((i) => i.units);
  assert.deepEqual(units(undefined, { pk: { S: 'a' }, g: { S: 'x' } }), [1]);
  assert.deepEqual(units({ pk: { S: 'a' }, g: { S: 'x' } }, { pk: { S: 'a' }, g: { S: 'y' } }), [2]);
  assert.deepEqual(units({ pk: { S: 'a' }, g: { S: 'x' } }, { pk: { S: 'a' }, g: { S: 'x' }, other: { S: 'z' } }), []);
  assert.deepEqual(units({ pk: { S: 'a' }, g: { S: 'x' } }, undefined), [1]);
  assert.deepEqual(units({ pk: { S: 'a' } }, { pk: { S: 'a' }, other: { S: 'z' } }), []);
});

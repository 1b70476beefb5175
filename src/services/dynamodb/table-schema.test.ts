// Tests for CreateTable schema validation: accepted schemas and DynamoDB's ValidationException texts.
// Each failing case changes one thing in an otherwise valid request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throwsMessage } from '../../../test/services/dynamodb/testing.js';
import { projectedAttributes, validateCreateTable, type CreateTableParams } from './table-schema.js';

const base: CreateTableParams = {
  TableName: 'orders',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  BillingMode: 'PAY_PER_REQUEST',
};
const gsi = { IndexName: 'g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } };
const lsi = { IndexName: 'l', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x'] } };
const withDefs = (...extra: string[]) => [...base.AttributeDefinitions!, ...extra.map((n) => ({ AttributeName: n, AttributeType: 'S' }))];

test('a valid schema with indexes is accepted', () => {
  const s = validateCreateTable({ ...base, AttributeDefinitions: withDefs('g', 'l'), GlobalSecondaryIndexes: [gsi], LocalSecondaryIndexes: [lsi] });
  assert.deepEqual(s.key, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } });
  assert.deepEqual(s.indexes.map((i) => [i.name, i.kind]), [['l', 'LSI'], ['g', 'GSI']]);
  assert.deepEqual([...projectedAttributes(s, s.indexes[0]!)!].sort(), ['l', 'pk', 'sk', 'x']);
  assert.equal(s.billingMode, 'PAY_PER_REQUEST');
});

test('invalid schemas fail with DynamoDB messages', () => {
  const I = 'One or more parameter values were invalid: ';
  const cases: [CreateTableParams, string][] = [
    [{ ...base, BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      `${I}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`],
    [{ ...base, BillingMode: undefined }, `${I}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`],
    [{ ...base, KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }] }, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type'],
    [{ ...base, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }, 'Invalid KeySchema: Some index key attribute have no definition'],
    [{ ...base, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'x', AttributeType: 'S' }] },
      `${I}Some index key attributes are not defined in AttributeDefinitions. Keys: [sk], AttributeDefinitions: [pk, x]`],
    [{ ...base, KeySchema: [base.KeySchema![0]!], AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] },
      `${I}Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]`],
    [{ ...base, AttributeDefinitions: withDefs('unused') },
      `${I}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`],
    [{ ...base, KeySchema: [base.KeySchema![0]!], AttributeDefinitions: [base.AttributeDefinitions![0]!, { AttributeName: 'l', AttributeType: 'S' }], LocalSecondaryIndexes: [lsi] },
      `${I}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`],
    [{ ...base, AttributeDefinitions: withDefs('g'), GlobalSecondaryIndexes: [] }, `${I}List of GlobalSecondaryIndexes is empty`],
    [{ ...base, AttributeDefinitions: withDefs('g'), GlobalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({ ...gsi, IndexName: `g${i}` })) },
      `${I}GlobalSecondaryIndex count exceeds the per-table limit of 20`],
    [{ ...base, AttributeDefinitions: withDefs('l'), LocalSecondaryIndexes: Array.from({ length: 6 }, (_, i) => ({ ...lsi, IndexName: `l${i}` })) },
      `${I}Number of LocalSecondaryIndexes exceeds per-table limit of 5`],
    [{ ...base, AttributeDefinitions: withDefs('g'), GlobalSecondaryIndexes: [gsi, gsi] }, `${I}Duplicate index name: g`],
    [{ ...base, AttributeDefinitions: withDefs('g'), GlobalSecondaryIndexes: [{ ...gsi, Projection: { ProjectionType: 'ALL', NonKeyAttributes: ['a'] } }] },
      `${I}ProjectionType is ALL, but NonKeyAttributes is specified`],
    [{ ...base, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, AttributeDefinitions: withDefs('g'), GlobalSecondaryIndexes: [gsi] },
      `${I}ProvisionedThroughput is not specified for index: g`],
    [{ ...base, AttributeDefinitions: withDefs('g', 'unused'), GlobalSecondaryIndexes: [gsi] },
      `${I}Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, unused], keys used: [pk, sk, g]`],
    [{ ...base, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'pk', KeyType: 'RANGE' }] },
      'Invalid KeySchema: Both the Hash Key and the Range Key element in the KeySchema have the same name'],
    [{ ...base, AttributeDefinitions: [...withDefs(), { AttributeName: 'pk', AttributeType: 'S' }] }, 'Attribute Name is duplicated: pk'],
    [{ ...base, AttributeDefinitions: withDefs('g'), GlobalSecondaryIndexes: [{ ...gsi, Projection: { ProjectionType: 'INCLUDE' } }] },
      `${I}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`],
    [{ ...base, TableName: 'ab' }, "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"],
  ];
  for (const [params, want] of cases) throwsMessage(() => validateCreateTable(params), want);
});

test('multi-attribute GSI key schemas: at most four HASH then at most four RANGE, no name twice, in AWS wording', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const keys = (...types: string[]) => types.map((t, i) => ({ AttributeName: names[i]!, KeyType: t }));
  const table = (ks: { AttributeName: string; KeyType: string }[]) =>
    ({ ...base, AttributeDefinitions: withDefs(...new Set(ks.map((k) => k.AttributeName))), GlobalSecondaryIndexes: [{ ...gsi, KeySchema: ks }] });
  const eight = [...keys('HASH', 'HASH', 'HASH', 'HASH'), ...['w', 'x', 'y', 'z'].map((n) => ({ AttributeName: n, KeyType: 'RANGE' }))];
  const s = validateCreateTable(table(eight));
  assert.deepEqual(s.indexes[0]!.key.hashParts?.map((p) => p.name), ['a', 'b', 'c', 'd']);
  assert.deepEqual(s.indexes[0]!.key.rangeParts?.map((p) => p.name), ['w', 'x', 'y', 'z']);
  throwsMessage(() => validateCreateTable(table(keys('HASH', 'HASH', 'HASH', 'HASH', 'HASH'))), 'The KeySchema exceeds the maximum allowed number of HASH key attributes');
  throwsMessage(() => validateCreateTable(table([{ AttributeName: 'h', KeyType: 'HASH' }, ...keys('RANGE', 'RANGE', 'RANGE', 'RANGE', 'RANGE')])),
    'The KeySchema exceeds the maximum allowed number of RANGE key attributes');
  throwsMessage(() => validateCreateTable(table(keys('HASH', 'RANGE', 'HASH'))), 'All HASH key attributes must precede RANGE key attributes in the KeySchema');
  throwsMessage(() => validateCreateTable(table([{ AttributeName: 'a', KeyType: 'HASH' }, { AttributeName: 'a', KeyType: 'HASH' }, { AttributeName: 'b', KeyType: 'RANGE' }])),
    'The KeySchema contains multiple key attributes with the same name');
  throwsMessage(() => validateCreateTable(table(keys('RANGE', 'HASH', 'HASH'))), 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
});

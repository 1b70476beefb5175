// GSIs with multi-attribute keys (up to four HASH and four RANGE attributes) through @aws-sdk/client-dynamodb:
// CreateTable/DescribeTable, sparse indexing, Query rules (all partition attributes, sort attributes left to right),
// paging by ExclusiveStartKey, and UpdateTable adding such an index with backfill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  type AttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

const h = useDynamo();

const MATCH_GSI = {
  IndexName: 'byBracket',
  KeySchema: [
    { AttributeName: 'gTour', KeyType: 'HASH' as const }, { AttributeName: 'gArea', KeyType: 'HASH' as const },
    { AttributeName: 'gRound', KeyType: 'RANGE' as const }, { AttributeName: 'gBracket', KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
};

async function matchesTable(): Promise<string> {
  const t = uniqueName('multi');
  await h.client.send(new CreateTableCommand({
    TableName: t, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'gTour', AttributeType: 'S' }, { AttributeName: 'gArea', AttributeType: 'S' },
      { AttributeName: 'gRound', AttributeType: 'N' }, { AttributeName: 'gBracket', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [MATCH_GSI],
  }));
  const rows: [string, string, string, number, string][] = [
    ['m1', 'W24', 'EU', 1, 'upper'], ['m2', 'W24', 'EU', 2, 'lower'], ['m3', 'W24', 'EU', 2, 'upper'], ['m4', 'W24', 'EU', 10, 'final'],
    ['m5', 'W24', 'NA', 1, 'upper'], ['m6', 'S25', 'EU', 1, 'upper'],
  ];
  for (const [id, tournament, region, round, bracket] of rows) {
    await h.client.send(new PutItemCommand({ TableName: t, Item: { id: { S: id }, gTour: { S: tournament }, gArea: { S: region }, gRound: { N: String(round) }, gBracket: { S: bracket } } }));
  }
  // Without every key attribute an item stays out of the index (sparse).
  await h.client.send(new PutItemCommand({ TableName: t, Item: { id: { S: 'm7' }, gTour: { S: 'W24' }, gRound: { N: '1' }, gBracket: { S: 'upper' } } }));
  return t;
}

async function ids(t: string, condition: string, values: Record<string, AttributeValue>, extra: Partial<QueryCommandInput> = {}): Promise<string[]> {
  const out = await h.client.send(new QueryCommand({
    TableName: t, IndexName: 'byBracket', KeyConditionExpression: condition,
    ExpressionAttributeValues: { ':t': { S: 'W24' }, ':r': { S: 'EU' }, ...values }, ...extra,
  }));
  return (out.Items ?? []).map((i) => i.id!.S!);
}

test('a GSI with two HASH and two RANGE attributes is created, described in KeySchema order and indexed sparsely', async () => {
  const t = await matchesTable();
  const d = await h.client.send(new DescribeTableCommand({ TableName: t }));
  assert.deepEqual(d.Table?.GlobalSecondaryIndexes?.[0]?.KeySchema, MATCH_GSI.KeySchema);
  assert.equal(d.Table?.GlobalSecondaryIndexes?.[0]?.ItemCount, 6);
  // All partition attributes by equality: the partition in (round, bracket) order, numbers numerically.
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r', {}), ['m1', 'm2', 'm3', 'm4']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r', {}, { ScanIndexForward: false }), ['m4', 'm3', 'm2', 'm1']);
});

test('Query on multi-attribute sort keys: equality prefixes, then one range condition on the next attribute', async () => {
  const t = await matchesTable();
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound = :n', { ':n': { N: '2' } }), ['m2', 'm3']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound = :n AND gBracket = :b', { ':n': { N: '2' }, ':b': { S: 'upper' } }), ['m3']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound = :n AND begins_with(gBracket, :p)', { ':n': { N: '2' }, ':p': { S: 'lo' } }), ['m2']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound > :n', { ':n': { N: '1' } }), ['m2', 'm3', 'm4']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound < :n', { ':n': { N: '2' } }), ['m1']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound <= :n', { ':n': { N: '2' } }), ['m1', 'm2', 'm3']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound BETWEEN :a AND :b', { ':a': { N: '2' }, ':b': { N: '10' } }), ['m2', 'm3', 'm4']);
  assert.deepEqual(await ids(t, 'gTour = :t AND gArea = :r AND gRound = :n AND gBracket >= :b', { ':n': { N: '2' }, ':b': { S: 'm' } }), ['m3']);
});

test('Query on a multi-attribute GSI refuses a missing partition attribute, a skipped sort attribute and a range before the last', async () => {
  const t = await matchesTable();
  const missing = await errorOf(() => h.client.send(new QueryCommand({
    TableName: t, IndexName: 'byBracket', KeyConditionExpression: 'gTour = :t', ExpressionAttributeValues: { ':t': { S: 'W24' } },
  })));
  assert.equal(missing.name, 'ValidationException');
  assert.equal(missing.message, 'Query condition missed key schema element: gArea');
  const skipped = await errorOf(() => ids(t, 'gTour = :t AND gArea = :r AND gBracket = :b', { ':b': { S: 'upper' } }));
  assert.equal(skipped.message, 'Query condition missed key schema element: gRound');
  const early = await errorOf(() => ids(t, 'gTour = :t AND gArea = :r AND gRound > :n AND gBracket = :b', { ':n': { N: '1' }, ':b': { S: 'upper' } }));
  assert.equal(early.name, 'ValidationException');
});

test('paging a multi-attribute GSI by Limit and ExclusiveStartKey visits every item once', async () => {
  const t = await matchesTable();
  const seen: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await h.client.send(new QueryCommand({
      TableName: t, IndexName: 'byBracket', KeyConditionExpression: 'gTour = :t AND gArea = :r',
      ExpressionAttributeValues: { ':t': { S: 'W24' }, ':r': { S: 'EU' } }, Limit: 1, ExclusiveStartKey: start,
    }));
    seen.push(...(page.Items ?? []).map((i) => i.id!.S!));
    start = page.LastEvaluatedKey;
    if (start) assert.deepEqual(Object.keys(start).sort(), ['gArea', 'gBracket', 'gRound', 'gTour', 'id']);
  } while (start);
  assert.deepEqual(seen, ['m1', 'm2', 'm3', 'm4']);
});

test('UpdateTable adds a multi-attribute GSI with backfill; over four HASH attributes is refused', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, x: { S: 'x1' }, y: { N: '5' } } }));
  await h.client.send(new UpdateTableCommand({
    TableName: t,
    AttributeDefinitions: [{ AttributeName: 'x', AttributeType: 'S' }, { AttributeName: 'y', AttributeType: 'N' }],
    GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byXY', KeySchema: [{ AttributeName: 'x', KeyType: 'HASH' }, { AttributeName: 'y', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
  }));
  const q = await h.client.send(new QueryCommand({
    TableName: t, IndexName: 'byXY', KeyConditionExpression: 'x = :x AND y = :y', ExpressionAttributeValues: { ':x': { S: 'x1' }, ':y': { N: '5' } },
  }));
  assert.deepEqual(q.Items, [{ pk: { S: 'a' }, x: { S: 'x1' }, y: { N: '5' } }]);
  const five = ['a', 'b', 'c', 'd', 'e'];
  const tooMany = await errorOf(() => h.client.send(new CreateTableCommand({
    TableName: uniqueName('multi'), BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, ...five.map((n) => ({ AttributeName: n, AttributeType: 'S' as const }))],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: 'five', KeySchema: five.map((n) => ({ AttributeName: n, KeyType: 'HASH' as const })), Projection: { ProjectionType: 'ALL' } }],
  })));
  assert.equal(tooMany.name, 'ValidationException');
  assert.equal(tooMany.message, 'The KeySchema exceeds the maximum allowed number of HASH key attributes');
  const tableKey = await errorOf(() => h.client.send(new CreateTableCommand({
    TableName: uniqueName('multi'), BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }, { AttributeName: 'b', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }, { AttributeName: 'b', KeyType: 'HASH' }],
  })));
  assert.equal(tableKey.message, 'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
});

test('malformed multi-attribute GSI key schemas get the refusals AWS gives (five RANGE, HASH after RANGE, a name twice, a three-element table key)', async () => {
  const names = ['h', 'a', 'b', 'c', 'd', 'e'];
  const gsiTable = (keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[]) => errorOf(() => h.client.send(new CreateTableCommand({
    TableName: uniqueName('multi'), BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, ...names.map((n) => ({ AttributeName: n, AttributeType: 'S' as const }))],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: keySchema, Projection: { ProjectionType: 'ALL' } }],
  })));
  const fiveRange = await gsiTable([{ AttributeName: 'h', KeyType: 'HASH' }, ...names.slice(1).map((n) => ({ AttributeName: n, KeyType: 'RANGE' as const }))]);
  assert.equal(fiveRange.message, 'The KeySchema exceeds the maximum allowed number of RANGE key attributes');
  const order = await gsiTable([{ AttributeName: 'h', KeyType: 'HASH' }, { AttributeName: 'a', KeyType: 'RANGE' }, { AttributeName: 'b', KeyType: 'HASH' }]);
  assert.equal(order.message, 'All HASH key attributes must precede RANGE key attributes in the KeySchema');
  const twice = await gsiTable([{ AttributeName: 'h', KeyType: 'HASH' }, { AttributeName: 'a', KeyType: 'RANGE' }, { AttributeName: 'a', KeyType: 'RANGE' }]);
  assert.equal(twice.message, 'The KeySchema contains multiple key attributes with the same name');
  const rangeFirst = await gsiTable([{ AttributeName: 'a', KeyType: 'RANGE' }, { AttributeName: 'h', KeyType: 'HASH' }]);
  assert.equal(rangeFirst.message, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  const threeOnTable = await errorOf(() => h.client.send(new CreateTableCommand({
    TableName: uniqueName('multi'), BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }, { AttributeName: 'b', AttributeType: 'S' }, { AttributeName: 'c', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }, { AttributeName: 'b', KeyType: 'RANGE' }, { AttributeName: 'c', KeyType: 'RANGE' }],
  })));
  assert.match(threeOnTable.message, /^1 validation error detected: Value '\[com\.amazonaws\.dynamodb\.v20120810\.KeySchemaElement@[0-9a-f]+, com\.amazonaws\.dynamodb\.v20120810\.KeySchemaElement@[0-9a-f]+, com\.amazonaws\.dynamodb\.v20120810\.KeySchemaElement@[0-9a-f]+\]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2$/);
});

test('PartiQL SELECT on a multi-attribute GSI reads like Query: full partition by equality, sort attributes left to right', async () => {
  const t = await matchesTable();
  const select = async (where: string, order = ''): Promise<string[]> => {
    const out = await h.client.send(new ExecuteStatementCommand({ Statement: `SELECT id FROM "${t}"."byBracket" WHERE ${where}${order}` }));
    return (out.Items ?? []).map((i) => i.id!.S!);
  };
  const partition = `gTour = 'W24' AND gArea = 'EU'`;
  // Query order: by (gRound, gBracket) within the partition; ORDER BY the first sort attribute reverses it.
  assert.deepEqual(await select(partition), ['m1', 'm2', 'm3', 'm4']);
  assert.deepEqual(await select(partition, ' ORDER BY gRound DESC'), ['m4', 'm3', 'm2', 'm1']);
  assert.deepEqual(await select(`${partition} AND gRound = 2`), ['m2', 'm3']);
  assert.deepEqual(await select(`${partition} AND gRound = 2 AND begins_with(gBracket, 'u')`), ['m3']);
  assert.deepEqual(await select(`${partition} AND gRound > 1`), ['m2', 'm3', 'm4']);
  // A later sort attribute without the earlier one is a filter over the partition.
  assert.deepEqual(await select(`${partition} AND gBracket = 'upper'`), ['m1', 'm3']);
  // Without the whole partition key the SELECT is a scan of the index with the WHERE as filter (m7 is not indexed).
  assert.deepEqual((await select(`gTour = 'W24'`)).sort(), ['m1', 'm2', 'm3', 'm4', 'm5']);
  const paged = await h.client.send(new ExecuteStatementCommand({ Statement: `SELECT id FROM "${t}"."byBracket" WHERE ${partition}`, Limit: 3 }));
  assert.deepEqual(paged.Items?.map((i) => i.id!.S), ['m1', 'm2', 'm3']);
  const rest = await h.client.send(new ExecuteStatementCommand({ Statement: `SELECT id FROM "${t}"."byBracket" WHERE ${partition}`, NextToken: paged.NextToken }));
  assert.deepEqual(rest.Items?.map((i) => i.id!.S), ['m4']);
});

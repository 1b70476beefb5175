// Query and Scan through SDK v3: key conditions as range scans in both directions, filters, Limit paging with
// LastEvaluatedKey, Select COUNT, LSIs and sparse GSIs with projections, and parallel Scan segments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriteItemCommand, QueryCommand, ScanCommand, type AttributeValue, type QueryCommandOutput, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, useDynamo } from './dynamodb-support.js';

let t = '';
const h = useDynamo(async () => {
  t = await createTable(h.client, 'N', {
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'l', AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    LocalSecondaryIndexes: [{ IndexName: 'byL', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  });
  const items: Record<string, AttributeValue>[] = [];
  for (let i = 0; i < 20; i++) {
    const item: Record<string, AttributeValue> = { pk: { S: 'p' }, sk: { N: String(i - 5) }, l: { S: String.fromCharCode(97 + (19 - i)) }, odd: { BOOL: i % 2 === 1 } };
    if (i % 4 === 0) item.g = { S: 'G' };
    items.push(item);
  }
  items.push({ pk: { S: 'q' }, sk: { N: '0' } });
  for (let i = 0; i < items.length; i += 25) {
    await h.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});

const sks = (items: Record<string, AttributeValue>[] | undefined): string[] => (items ?? []).map((i) => (i.sk as { N: string }).N);

test('Query returns items in numeric sort-key order, reversed with ScanIndexForward false', async () => {
  const q = { TableName: t, KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '-2' }, ':b': { N: '3' } } };
  assert.deepEqual(sks((await h.client.send(new QueryCommand(q))).Items), ['-2', '-1', '0', '1', '2', '3']);
  assert.deepEqual(sks((await h.client.send(new QueryCommand({ ...q, ScanIndexForward: false }))).Items), ['3', '2', '1', '0', '-1', '-2']);
});

test('Query pages with Limit and ExclusiveStartKey, counting items before the filter', async () => {
  const base = { TableName: t, KeyConditionExpression: 'pk = :p', FilterExpression: 'odd = :t', ExpressionAttributeValues: { ':p': { S: 'p' }, ':t': { BOOL: true } }, Limit: 6 };
  const first = await h.client.send(new QueryCommand(base));
  assert.equal(first.ScannedCount, 6);
  assert.deepEqual(sks(first.Items), ['-4', '-2', '0']);
  assert.deepEqual(first.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '0' } });
  const all: string[] = [...sks(first.Items)];
  let start: Record<string, AttributeValue> | undefined = first.LastEvaluatedKey;
  while (start) {
    const page: QueryCommandOutput = await h.client.send(new QueryCommand({ ...base, ExclusiveStartKey: start }));
    all.push(...sks(page.Items));
    start = page.LastEvaluatedKey;
  }
  assert.deepEqual(all, ['-4', '-2', '0', '2', '4', '6', '8', '10', '12', '14']);
});

test('an ExclusiveStartKey outside the key condition is refused, not used to page another partition', async () => {
  const outside = 'The provided starting key is outside query boundaries based on provided condition';
  const otherPartition = await errorOf(() => h.client.send(new QueryCommand({
    TableName: t, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, ExclusiveStartKey: { pk: { S: 'q' }, sk: { N: '0' } },
  })));
  assert.equal(otherPartition.name, 'ValidationException');
  assert.equal(otherPartition.message, outside);
  const pastRange = await errorOf(() => h.client.send(new QueryCommand({
    TableName: t, KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
    ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '2' }, ':b': { N: '4' } }, ExclusiveStartKey: { pk: { S: 'p' }, sk: { N: '7' } },
  })));
  assert.equal(pastRange.message, outside);
});

test('Query with Select COUNT answers counts only', async () => {
  const r = await h.client.send(new QueryCommand({ TableName: t, KeyConditionExpression: 'pk = :p AND begins_with(l, :x)', IndexName: 'byL', Select: 'COUNT', ExpressionAttributeValues: { ':p': { S: 'p' }, ':x': { S: 'a' } } }));
  assert.equal(r.Count, 1);
  assert.equal(r.Items, undefined);
});

test('a sparse KEYS_ONLY GSI holds only items with the index key and projects keys', async () => {
  const r = await h.client.send(new QueryCommand({ TableName: t, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } }));
  assert.deepEqual(sks(r.Items), ['-5', '-1', '3', '7', '11']);
  assert.deepEqual(Object.keys(r.Items?.[0] ?? {}).sort(), ['g', 'pk', 'sk']);
  const e = await errorOf(() => h.client.send(new QueryCommand({ TableName: t, IndexName: 'byG', ConsistentRead: true, KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } })));
  assert.equal(e.message, 'Consistent reads are not supported on global secondary indexes');
});

test('Query key-condition mistakes fail with DynamoDB messages', async () => {
  const cases: [string, Record<string, AttributeValue>, string][] = [
    ['sk = :n', { ':n': { N: '1' } }, 'Query condition missed key schema element: pk'],
    ['pk = :p OR sk = :n', { ':p': { S: 'p' }, ':n': { N: '1' } }, 'Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR'],
  ];
  for (const [expr, values, message] of cases) {
    const e = await errorOf(() => h.client.send(new QueryCommand({ TableName: t, KeyConditionExpression: expr, ExpressionAttributeValues: values })));
    assert.equal(e.message, message);
  }
  const filterOnKey = await errorOf(() => h.client.send(new QueryCommand({ TableName: t, KeyConditionExpression: 'pk = :p', FilterExpression: 'sk > :n', ExpressionAttributeValues: { ':p': { S: 'p' }, ':n': { N: '1' } } })));
  assert.equal(filterOnKey.message, 'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk');
});

test('parallel Scan segments together return every item exactly once', async () => {
  const seen: string[] = [];
  for (let segment = 0; segment < 3; segment++) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page: ScanCommandOutput = await h.client.send(new ScanCommand({ TableName: t, Segment: segment, TotalSegments: 3, Limit: 4, ExclusiveStartKey: start }));
      for (const i of page.Items ?? []) seen.push(`${(i.pk as { S: string }).S}/${(i.sk as { N: string }).N}`);
      start = page.LastEvaluatedKey;
    } while (start);
  }
  assert.equal(seen.length, 21);
  assert.equal(new Set(seen).size, 21);
  const filtered = await h.client.send(new ScanCommand({ TableName: t, FilterExpression: 'pk = :q', ExpressionAttributeValues: { ':q': { S: 'q' } } }));
  assert.equal(filtered.Count, 1);
  assert.equal(filtered.ScannedCount, 21);
});

test("a parallel Scan's ExclusiveStartKey from another segment is refused with DynamoDB's message", async () => {
  // A key that is the LastEvaluatedKey of segment 0 belongs to segment 0 only.
  let start: Record<string, AttributeValue> | undefined;
  for (let segment = 0; segment < 3 && !start; segment++) {
    const page = await h.client.send(new ScanCommand({ TableName: t, Segment: segment, TotalSegments: 3, Limit: 1 }));
    if (page.LastEvaluatedKey) {
      start = page.LastEvaluatedKey;
      const other = (segment + 1) % 3;
      const e = await errorOf(() => h.client.send(new ScanCommand({ TableName: t, Segment: other, TotalSegments: 3, ExclusiveStartKey: start })));
      assert.equal(e.name, 'ValidationException');
      assert.equal(e.message, `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 3 Segment: ${other}`);
      const same = await h.client.send(new ScanCommand({ TableName: t, Segment: segment, TotalSegments: 3, ExclusiveStartKey: start }));
      assert.ok((same.Count ?? 0) >= 0);
    }
  }
  assert.ok(start, 'some segment had more than one item');
});

test('legacy KeyConditions, QueryFilter and ScanFilter still work', async () => {
  const q = await h.client.send(new QueryCommand({
    TableName: t,
    KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] }, sk: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '0' }] } },
    QueryFilter: { odd: { ComparisonOperator: 'EQ', AttributeValueList: [{ BOOL: false }] } },
  }));
  assert.deepEqual(sks(q.Items), ['-5', '-3', '-1']);
  const s = await h.client.send(new ScanCommand({ TableName: t, ScanFilter: { g: { ComparisonOperator: 'NOT_NULL' } }, Select: 'COUNT' }));
  assert.equal(s.Count, 5);
});

test('Query on a KEYS_ONLY LSI with Select ALL_ATTRIBUTES fetches whole items from the table', async () => {
  const name = await createTable(h.client, 'N', {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'l', AttributeType: 'S' }],
    LocalSecondaryIndexes: [{ IndexName: 'keys', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
  });
  await h.client.send(new BatchWriteItemCommand({ RequestItems: { [name]: [{ PutRequest: { Item: { pk: { S: 'p' }, sk: { N: '1' }, l: { S: 'b' }, extra: { S: 'x' } } } }] } }));
  const base = { TableName: name, IndexName: 'keys', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } };
  const projected = await h.client.send(new QueryCommand(base));
  assert.deepEqual(Object.keys(projected.Items?.[0] ?? {}).sort(), ['l', 'pk', 'sk']);
  const all = await h.client.send(new QueryCommand({ ...base, Select: 'ALL_ATTRIBUTES' }));
  assert.deepEqual(all.Items?.[0]?.extra, { S: 'x' });
});

test('a Query page stops once 1 MB has been read and continues from LastEvaluatedKey', async () => {
  const name = await createTable(h.client, 'N');
  for (let i = 0; i < 4; i++) {
    await h.client.send(new BatchWriteItemCommand({ RequestItems: { [name]: [{ PutRequest: { Item: { pk: { S: 'big' }, sk: { N: String(i) }, blob: { S: 'x'.repeat(350 * 1024) } } } }] } }));
  }
  const q = { TableName: name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'big' } }, ProjectionExpression: 'sk' };
  const first = await h.client.send(new QueryCommand(q));
  assert.deepEqual(sks(first.Items), ['0', '1', '2']);
  assert.deepEqual(first.LastEvaluatedKey, { pk: { S: 'big' }, sk: { N: '2' } });
  const second = await h.client.send(new QueryCommand({ ...q, ExclusiveStartKey: first.LastEvaluatedKey }));
  assert.deepEqual(sks(second.Items), ['3']);
  assert.equal(second.LastEvaluatedKey, undefined);
});

test('GSI queries page through items sharing one index key, in both directions', async () => {
  const collect = async (forward: boolean): Promise<string[]> => {
    const out: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page: QueryCommandOutput = await h.client.send(new QueryCommand({
        TableName: t, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } },
        Limit: 2, ScanIndexForward: forward, ExclusiveStartKey: start,
      }));
      out.push(...sks(page.Items));
      start = page.LastEvaluatedKey;
      if (start) assert.deepEqual(Object.keys(start).sort(), ['g', 'pk', 'sk']);
    } while (start);
    return out;
  };
  assert.deepEqual(await collect(true), ['-5', '-1', '3', '7', '11']);
  assert.deepEqual(await collect(false), ['11', '7', '3', '-1', '-5']);
});

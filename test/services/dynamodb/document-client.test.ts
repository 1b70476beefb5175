// DynamoDB through @aws-sdk/lib-dynamodb's DynamoDBDocumentClient: native JS values (numbers, sets, nested maps,
// lists, Uint8Array, null) survive put/get/query/update/transactWrite exactly as the SDK marshals them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createTable, errorOf, useDynamo } from './dynamodb-support.js';

let doc: DynamoDBDocumentClient;
let table: string;
useDynamo(async (h) => {
  doc = DynamoDBDocumentClient.from(h.client, { marshallOptions: { removeUndefinedValues: true } });
  table = await createTable(h.client, 'N');
});

const PROFILE = {
  pk: 'user#1',
  sk: 1,
  name: 'Ann',
  age: 42,
  ratio: 0.125,
  negative: -7,
  active: true,
  nothing: null,
  tags: new Set(['admin', 'ops']),
  lucky: new Set([3, 7]),
  avatar: new Uint8Array([0, 1, 2, 255]),
  address: { city: 'Lyon', geo: { lat: 45.76, lon: 4.84 }, lines: ['1 rue', { floor: 3 }] },
  empty: {},
};

test('DocumentClient put then get returns the same native values, sets and binaries included', async () => {
  await doc.send(new PutCommand({ TableName: table, Item: PROFILE }));
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'user#1', sk: 1 }, ConsistentRead: true }));
  assert.ok(Item);
  assert.deepEqual({ ...Item, avatar: Array.from(Item['avatar'] as Uint8Array) }, { ...PROFILE, avatar: [0, 1, 2, 255] });
  assert.ok(Item['tags'] instanceof Set);
  assert.ok(Item['avatar'] instanceof Uint8Array);
});

test('DocumentClient query with a numeric sort-key range returns native items in order', async () => {
  for (let sk = 10; sk < 15; sk++) await doc.send(new PutCommand({ TableName: table, Item: { pk: 'series', sk, value: sk * 1.5, meta: { even: sk % 2 === 0 } } }));
  const { Items = [], Count } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
      FilterExpression: 'meta.even = :t',
      ExpressionAttributeValues: { ':p': 'series', ':lo': 11, ':hi': 14, ':t': true },
    }),
  );
  assert.equal(Count, 2);
  assert.deepEqual(Items, [
    { pk: 'series', sk: 12, value: 18, meta: { even: true } },
    { pk: 'series', sk: 14, value: 21, meta: { even: true } },
  ]);
});

test('DocumentClient update adds to a number and a set, sets a nested path and returns ALL_NEW natively', async () => {
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'counter', sk: 0, n: 1, seen: new Set(['a']), doc: { deep: { x: 1 } } } }));
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: { pk: 'counter', sk: 0 },
      UpdateExpression: 'ADD n :inc, seen :more SET doc.deep.y = :y, doc.bytes = :b REMOVE doc.deep.x',
      ExpressionAttributeValues: { ':inc': 41, ':more': new Set(['b', 'c']), ':y': [1, 'two', null], ':b': new Uint8Array([9]) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  assert.ok(Attributes);
  assert.equal(Attributes['n'], 42);
  assert.deepEqual(Attributes['seen'], new Set(['a', 'b', 'c']));
  assert.deepEqual((Attributes['doc'] as { deep: unknown }).deep, { y: [1, 'two', null] });
  assert.deepEqual(Array.from((Attributes['doc'] as { bytes: Uint8Array }).bytes), [9]);
});

test('DocumentClient transactWrite applies every action, and a failed condition cancels all of them', async () => {
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { pk: 'acct#a', sk: 0, balance: 100 } } },
        { Put: { TableName: table, Item: { pk: 'acct#b', sk: 0, balance: 0, owners: new Set(['ann']) } } },
      ],
    }),
  );
  const move = (amount: number) =>
    doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: table, Key: { pk: 'acct#a', sk: 0 }, UpdateExpression: 'SET balance = balance - :m', ConditionExpression: 'balance >= :m', ExpressionAttributeValues: { ':m': amount } } },
          { Update: { TableName: table, Key: { pk: 'acct#b', sk: 0 }, UpdateExpression: 'SET balance = balance + :m', ExpressionAttributeValues: { ':m': amount } } },
        ],
      }),
    );
  await move(30);
  const err = await errorOf(() => move(500));
  assert.equal(err.name, 'TransactionCanceledException');
  assert.deepEqual((err['CancellationReasons'] as { Code: string }[]).map((r) => r.Code), ['ConditionalCheckFailed', 'None']);
  const a = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'acct#a', sk: 0 }, ConsistentRead: true }));
  const b = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'acct#b', sk: 0 }, ConsistentRead: true }));
  assert.equal(a.Item?.['balance'], 70);
  assert.deepEqual(b.Item, { pk: 'acct#b', sk: 0, balance: 30, owners: new Set(['ann']) });
});

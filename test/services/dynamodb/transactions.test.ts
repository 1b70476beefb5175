// Batches and transactions through SDK v3: BatchGetItem/BatchWriteItem limits and duplicates, TransactWriteItems
// all-or-nothing with CancellationReasons, one action per item, ClientRequestToken idempotency, TransactGetItems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, useDynamo } from './dynamodb-support.js';

const h = useDynamo();

test('BatchWriteItem then BatchGetItem round-trips items; missing keys are simply absent', async () => {
  const t = await createTable(h.client);
  await h.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: [{ PutRequest: { Item: { pk: { S: 'a' } } } }, { PutRequest: { Item: { pk: { S: 'b' }, v: { N: '2' } } } }] } }));
  const r = await h.client.send(new BatchGetItemCommand({ RequestItems: { [t]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }, { pk: { S: 'c' } }], ProjectionExpression: 'v' } } }));
  assert.deepEqual(r.Responses?.[t]?.length, 2);
  assert.deepEqual(r.UnprocessedKeys, {});
  await h.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: [{ DeleteRequest: { Key: { pk: { S: 'a' } } } }] } }));
  assert.equal((await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } } }))).Item, undefined);
});

test('batch limits, duplicates and schema mismatches fail with DynamoDB messages', async () => {
  const t = await createTable(h.client);
  const many = Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `k${i}` } } } }));
  assert.equal((await errorOf(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: many } })))).name, 'ValidationException');
  const dup = await errorOf(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: [{ PutRequest: { Item: { pk: { S: 'x' } } } }, { DeleteRequest: { Key: { pk: { S: 'x' } } } }] } })));
  assert.equal(dup.message, 'Provided list of item keys contains duplicates');
  const schema = await errorOf(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [t]: [{ PutRequest: { Item: { id: { S: 'x' } } } }] } })));
  assert.equal(schema.message, 'The provided key element does not match the schema');
  const keys = Array.from({ length: 101 }, (_, i) => ({ pk: { S: `k${i}` } }));
  const tooMany = await errorOf(() => h.client.send(new BatchGetItemCommand({ RequestItems: { [t]: { Keys: keys } } })));
  assert.equal(tooMany.name, 'ValidationException');
  // An unused name is a ValidationException even when the table does not exist (issue 26).
  const unusedName = await errorOf(() => h.client.send(new BatchGetItemCommand({
    RequestItems: { 'no-such-table': { Keys: [{ pk: { S: 'a' } }], ProjectionExpression: 'v', ExpressionAttributeNames: { '#unused': 'x' } } },
  })));
  assert.equal(unusedName.name, 'ValidationException');
  assert.equal(unusedName.message, 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}');
});

test('TransactWriteItems applies every action or none, reporting CancellationReasons', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'taken' }, v: { N: '1' } } }));
  const e = await errorOf(() => h.client.send(new TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: t, Item: { pk: { S: 'taken' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
      { Put: { TableName: t, Item: { pk: { S: 'new' } } } },
    ],
  })));
  assert.equal(e.name, 'TransactionCanceledException');
  assert.equal(e.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]');
  assert.deepEqual(e.CancellationReasons, [
    { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'taken' }, v: { N: '1' } } },
    { Code: 'None' },
  ]);
  assert.equal((await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'new' } } }))).Item, undefined);
  await h.client.send(new TransactWriteItemsCommand({
    TransactItems: [
      { ConditionCheck: { TableName: t, Key: { pk: { S: 'taken' } }, ConditionExpression: 'v = :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
      { Put: { TableName: t, Item: { pk: { S: 'new' } } } },
      { Update: { TableName: `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`, Key: { pk: { S: 'other' } }, UpdateExpression: 'SET c = :c', ExpressionAttributeValues: { ':c': { S: 'x' } } } },
    ],
  }));
  assert.ok((await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'new' } } }))).Item);
});

test('TransactWriteItems refuses two actions on one item and unknown tables', async () => {
  const t = await createTable(h.client);
  const e = await errorOf(() => h.client.send(new TransactWriteItemsCommand({
    TransactItems: [{ Put: { TableName: t, Item: { pk: { S: 'a' } } } }, { Delete: { TableName: t, Key: { pk: { S: 'a' } } } }],
  })));
  assert.equal(e.message, 'Transaction request cannot include multiple operations on one item');
  const missing = await errorOf(() => h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'nope-table', Item: { pk: { S: 'a' } } } }] })));
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.message, 'Requested resource not found');
});

test('a repeated ClientRequestToken is applied once', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'c' }, n: { N: '0' } } }));
  const tx = () => new TransactWriteItemsCommand({
    ClientRequestToken: `token-${t}`,
    TransactItems: [{ Update: { TableName: t, Key: { pk: { S: 'c' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }],
  });
  await h.client.send(tx());
  await h.client.send(tx());
  const got = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'c' } } }));
  assert.deepEqual(got.Item?.n, { N: '1' });
  await h.client.send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'c' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
  assert.deepEqual((await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'c' } } }))).Item?.n, { N: '2' });
});

test('TransactGetItems returns items in request order, empty entries for missing ones', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'John' } } }));
  const r = await h.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: t, Key: { pk: { S: 'John' } } } }, { Get: { TableName: t, Key: { pk: { S: 'nobody' } } } }] }));
  assert.deepEqual(r.Responses, [{ Item: { pk: { S: 'John' } } }, {}]);
});

test('TransactWriteItems reports expression mistakes before a missing table, whichever action carries them', async () => {
  const t = await createTable(h.client);
  const unused = await errorOf(() => h.client.send(new TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: 'nope-table', Item: { pk: { S: 'a' } } } },
      { ConditionCheck: { TableName: t, Key: { pk: { S: 'b' } }, ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':v': { S: 'x' } } } },
    ],
  })));
  assert.equal(unused.message, 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}');
  const syntax = await errorOf(() => h.client.send(new TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: 'nope-table', Item: { pk: { S: 'a' } } } },
      { ConditionCheck: { TableName: t, Key: { pk: { S: 'b' } }, ConditionExpression: 'attribute_not_exists(' } },
    ],
  })));
  assert.equal(syntax.message, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("');
});

test('a wrongly typed key cancels the transaction with a ValidationError reason', async () => {
  const t = await createTable(h.client);
  const e = await errorOf(() => h.client.send(new TransactWriteItemsCommand({
    TransactItems: [{ Put: { TableName: t, Item: { pk: { N: '5' } } } }, { Delete: { TableName: t, Key: { pk: { N: '5' } } } }],
  })));
  assert.equal(e.name, 'TransactionCanceledException');
  assert.deepEqual(e.CancellationReasons, [
    { Code: 'ValidationError', Message: 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N' },
    { Code: 'ValidationError', Message: 'The provided key element does not match the schema' },
  ]);
});

test('over 100 transaction actions is refused with the model-constraint message spelling each action as Java does', async () => {
  const t = await createTable(h.client);
  const puts = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: t, Item: { pk: { S: `k${i}` } } } }));
  const w = await errorOf(() => h.client.send(new TransactWriteItemsCommand({ TransactItems: puts })));
  assert.equal(w.name, 'ValidationException');
  assert.match(w.message, /^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s);
  assert.ok(w.message.startsWith(`1 validation error detected: Value '[TransactWriteItem(conditionCheck=null, put=Put(item={pk=com.amazonaws.dynamodb.v20120810.AttributeValue@`), w.message.slice(0, 200));
  assert.ok(w.message.includes(`}, tableName=${t}, conditionExpression=null, expressionAttributeNames=null, expressionAttributeValues=null, returnValuesOnConditionCheckFailure=null), delete=null, update=null), TransactWriteItem(`));
  assert.equal(w.message.match(/TransactWriteItem\(/g)?.length, 101);
  const gets = Array.from({ length: 101 }, (_, i) => ({ Get: { TableName: t, Key: { pk: { S: `k${i}` } } } }));
  const g = await errorOf(() => h.client.send(new TransactGetItemsCommand({ TransactItems: gets })));
  assert.match(g.message, /^1 validation error detected: Value '\[TransactGetItem\(get=Get\(key=\{pk=com\.amazonaws\.dynamodb\.v20120810\.AttributeValue@[0-9a-f]+\}, tableName=/);
  assert.ok(g.message.endsWith("' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"));
  const statements = Array.from({ length: 101 }, (_, i) => ({ Statement: `INSERT INTO "${t}" VALUE {'pk': 'k${i}'}` }));
  const x = await errorOf(() => h.client.send(new ExecuteTransactionCommand({ TransactStatements: statements })));
  assert.equal(x.name, 'ValidationException');
  assert.ok(x.message.startsWith(`1 validation error detected: Value '[ParameterizedStatement(statement=INSERT INTO "${t}" VALUE {'pk': 'k0'}, parameters=null, returnValuesOnConditionCheckFailure=null), `));
  assert.ok(x.message.endsWith("' at 'transactStatements' failed to satisfy constraint: Member must have length less than or equal to 100"));
  // Nothing was written.
  assert.equal((await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'k0' } } }))).Item, undefined);
});

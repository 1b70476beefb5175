// Single-item operations through SDK v3: PutItem, GetItem, UpdateItem, DeleteItem with conditions, ReturnValues,
// ReturnValuesOnConditionCheckFailure, ConsumedCapacity, legacy parameters, and DynamoDB's validation messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, useDynamo } from './dynamodb-support.js';

const h = useDynamo();

test('PutItem stores an item GetItem returns, with numbers normalised and binaries intact', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, n: { N: '1.50' }, b: { B: Uint8Array.from([0x90]) }, e: { S: '' } } }));
  const got = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } } }));
  assert.deepEqual(got.Item, { pk: { S: 'a' }, n: { N: '1.5' }, b: { B: Uint8Array.from([0x90]) }, e: { S: '' } });
  const missing = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'zzz' } } }));
  assert.equal(missing.Item, undefined);
});

test('PutItem ReturnValues ALL_OLD returns the replaced item', async () => {
  const t = await createTable(h.client);
  const first = await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, v: { S: '1' } }, ReturnValues: 'ALL_OLD' }));
  assert.equal(first.Attributes, undefined);
  const second = await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, v: { S: '2' } }, ReturnValues: 'ALL_OLD' }));
  assert.deepEqual(second.Attributes, { pk: { S: 'a' }, v: { S: '1' } });
  const e = await errorOf(() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' } }, ReturnValues: 'ALL_NEW' })));
  // PutItem, UpdateItem and DeleteItem answer request-validation errors inside the validation envelope.
  assert.equal(e.message, '1 validation error detected: ReturnValues can only be ALL_OLD or NONE');
});

test('a failed condition answers ConditionalCheckFailedException with the item when asked', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: '456' }, price: { N: '650' } } }));
  const e = await errorOf(() => h.client.send(new PutItemCommand({
    TableName: t, Item: { pk: { S: '456' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })));
  assert.equal(e.name, 'ConditionalCheckFailedException');
  assert.equal(e.message, 'The conditional request failed');
  assert.deepEqual(e.Item, { pk: { S: '456' }, price: { N: '650' } });
  assert.equal(e.$metadata?.httpStatusCode, 400);
  // On the wire the text is `Message`, capital M, beside `Item` (issue 26).
  const raw = await fetch(h.kumo.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem',
      'x-amz-date': '20261206T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20261206/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
    },
    body: JSON.stringify({ TableName: t, Item: { pk: { S: '456' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
  });
  const body = await raw.json() as Record<string, unknown>;
  assert.equal(body['Message'], 'The conditional request failed');
  assert.equal(body['message'], undefined);
  assert.deepEqual(body['Item'], { pk: { S: '456' }, price: { N: '650' } });
});

test('UpdateItem applies SET/REMOVE/ADD/DELETE and returns UPDATED_NEW', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, n: { N: '1' }, tags: { SS: ['x', 'y'] }, gone: { S: 'bye' } } }));
  const r = await h.client.send(new UpdateItemCommand({
    TableName: t, Key: { pk: { S: 'a' } },
    UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one, l = list_append(if_not_exists(l, :empty), :l) REMOVE gone ADD n :one DELETE tags :x',
    ExpressionAttributeNames: { '#c': 'count' },
    ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' }, ':empty': { L: [] }, ':l': { L: [{ S: 'e' }] }, ':x': { SS: ['x'] } },
    ReturnValues: 'UPDATED_NEW',
  }));
  assert.deepEqual(r.Attributes, { count: { N: '1' }, l: { L: [{ S: 'e' }] }, n: { N: '2' }, tags: { SS: ['y'] } });
  const got = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, ProjectionExpression: 'gone, n' }));
  assert.deepEqual(got.Item, { n: { N: '2' } });
});

test('UpdateItem on a missing item creates it from the key; key attributes cannot be updated', async () => {
  const t = await createTable(h.client, 'N');
  const r = await h.client.send(new UpdateItemCommand({
    TableName: t, Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { BOOL: true } }, ReturnValues: 'ALL_NEW',
  }));
  assert.deepEqual(r.Attributes, { pk: { S: 'a' }, sk: { N: '1' }, v: { BOOL: true } });
  const e = await errorOf(() => h.client.send(new UpdateItemCommand({
    TableName: t, Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET sk = :v', ExpressionAttributeValues: { ':v': { N: '2' } },
  })));
  assert.equal(e.message, 'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key');
});

test('expression errors reach the client with DynamoDB messages', async () => {
  const t = await createTable(h.client);
  const cases: [Record<string, unknown>, string][] = [
    [{ UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': { S: 'x' }, ':unused': { S: 'y' } } }, 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}'],
    [{ UpdateExpression: 'SET #n = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }, 'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #n'],
    [{ UpdateExpression: 'SET a = :v, a.b = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }, 'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]'],
    [{ UpdateExpression: 'ADD hits : incr', ExpressionAttributeValues: { ':incr': { N: '1' } } }, 'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"'],
  ];
  for (const [params, message] of cases) {
    const e = await errorOf(() => h.client.send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, ...params })));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.message, `1 validation error detected: ${message}`);
  }
});

test('key and value validation errors use DynamoDB messages', async () => {
  const t = await createTable(h.client);
  const cases: [() => Promise<unknown>, string][] = [
    [() => h.client.send(new PutItemCommand({ TableName: t, Item: { other: { S: 'x' } } })), 'One or more parameter values were invalid: Missing the key pk in the item'],
    [() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { N: '1' } } })), 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'],
    [() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: '' } } })), 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
    [() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, s: { SS: [] } } })), 'One or more parameter values were invalid: An string set  may not be empty'],
    [() => h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' }, x: { S: 'b' } } })), 'The provided key element does not match the schema'],
    [() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, n: { N: 'abc' } } })), '1 validation error detected: The parameter cannot be converted to a numeric value: abc'],
    [() => h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, ProjectionExpression: 'x', ExpressionAttributeNames: {} })), 'ExpressionAttributeNames must not be empty'],
    // The empty map is refused before the key is checked against the schema (issue 26).
    [() => h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { N: '1' } }, ProjectionExpression: 'x', ExpressionAttributeNames: {} })), 'ExpressionAttributeNames must not be empty'],
    [() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, big: { S: 'x'.repeat(400 * 1024) } } })), 'Item size has exceeded the maximum allowed size'],
  ];
  for (const [call, message] of cases) {
    const e = await errorOf(call);
    assert.equal(e.name, 'ValidationException', message);
    assert.equal(e.message, message);
  }
  const missing = await errorOf(() => h.client.send(new GetItemCommand({ TableName: 'no-such-table', Key: { pk: { S: 'a' } } })));
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.message, 'Requested resource not found');
});

test('DeleteItem honours conditions and returns ALL_OLD; consumed capacity follows item size', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, big: { S: 'x'.repeat(3000) } } }));
  const blocked = await errorOf(() => h.client.send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(big)' })));
  assert.equal(blocked.name, 'ConditionalCheckFailedException');
  const r = await h.client.send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: 'TOTAL' }));
  assert.equal((r.Attributes?.big as { S: string }).S.length, 3000);
  assert.deepEqual(r.ConsumedCapacity, { TableName: t, CapacityUnits: 3, WriteCapacityUnits: 3 });
  const got = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, ReturnConsumedCapacity: 'TOTAL' }));
  assert.equal(got.Item, undefined);
  assert.deepEqual(got.ConsumedCapacity, { TableName: t, CapacityUnits: 0.5, ReadCapacityUnits: 0.5 });
});

test('legacy Expected, AttributesToGet and AttributeUpdates still work', async () => {
  const t = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, v: { N: '1' } }, Expected: { pk: { Exists: false } } }));
  const e = await errorOf(() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' } }, Expected: { v: { Value: { N: '2' } } } })));
  assert.equal(e.name, 'ConditionalCheckFailedException');
  await h.client.send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, AttributeUpdates: { v: { Action: 'ADD', Value: { N: '5' } }, w: { Value: { S: 'x' } } } }));
  const got = await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, AttributesToGet: ['v', 'w'] }));
  assert.deepEqual(got.Item, { v: { N: '6' }, w: { S: 'x' } });
  const mixed = await errorOf(() => h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, AttributesToGet: ['v'], ProjectionExpression: 'w' })));
  assert.equal(mixed.message, 'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}');
});

test('secondary index keys are checked before the condition, with DynamoDB messages', async () => {
  const t = await createTable(h.client, undefined, {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  });
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' } } }));
  const e = await errorOf(() => h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, g: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk)' })));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG');
  const update = await errorOf(() => h.client.send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET g = :n', ExpressionAttributeValues: { ':n': { N: '1' } } })));
  assert.equal(update.message, 'One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG');
  assert.deepEqual((await h.client.send(new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } } }))).Item, { pk: { S: 'a' } });
  // A GSI sort-key value has the table's 1,024-byte sort-key limit (issue 26).
  const ranged = await createTable(h.client, undefined, {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'r', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byGR', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'r', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  });
  const big = await errorOf(() => h.client.send(new PutItemCommand({ TableName: ranged, Item: { pk: { S: 'a' }, g: { S: 'x' }, r: { S: 'y'.repeat(1025) } } })));
  assert.equal(big.message, 'One or more parameter values were invalid: Size limit exceeded for Index Key r Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: byGR');
  await h.client.send(new PutItemCommand({ TableName: ranged, Item: { pk: { S: 'a' }, g: { S: 'x' }, r: { S: 'y'.repeat(1024) } } }));
});

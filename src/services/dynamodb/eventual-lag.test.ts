// Eventual consistency with KUMO_DYNAMODB_EVENTUAL_LAG_MS and fake time: eventually consistent reads and GSI
// queries see writes only after the lag; strongly consistent reads and transactional reads see them at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { key, setupTable, TEST_CTX as ctx } from '../../../test/services/dynamodb/service-harness.js';

const LAG = 1000;

test('eventually consistent GetItem lags a write; a strongly consistent one does not', async () => {
  const { clock, store, p } = await setupTable(LAG);
  await p.putItem(ctx, { TableName: 'lagged', Item: { ...key, v: { S: 'one' } } });
  assert.equal((await p.getItem(ctx, { TableName: 'lagged', Key: key })).Item, undefined);
  assert.deepEqual((await p.getItem(ctx, { TableName: 'lagged', Key: key, ConsistentRead: true })).Item?.v, { S: 'one' });
  clock.advance(LAG + 1);
  await p.putItem(ctx, { TableName: 'lagged', Item: { ...key, v: { S: 'two' } } });
  assert.deepEqual((await p.getItem(ctx, { TableName: 'lagged', Key: key })).Item?.v, { S: 'one' });
  assert.deepEqual((await p.transactGetItems(ctx, { TransactItems: [{ Get: { TableName: 'lagged', Key: key } }] })).Responses?.[0]?.Item?.v, { S: 'two' });
  clock.advance(LAG + 1);
  assert.deepEqual((await p.getItem(ctx, { TableName: 'lagged', Key: key })).Item?.v, { S: 'two' });
  store.close();
});

test('Query, Scan and GSI queries see the table as it was one lag ago', async () => {
  const { clock, store, p } = await setupTable(LAG);
  await p.putItem(ctx, { TableName: 'lagged', Item: { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'old' } } });
  await p.putItem(ctx, { TableName: 'lagged', Item: { pk: { S: 'a' }, sk: { N: '2' }, g: { S: 'old' } } });
  clock.advance(LAG + 1);
  await p.updateItem(ctx, { TableName: 'lagged', Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET g = :n', ExpressionAttributeValues: { ':n': { S: 'new' } } });
  await p.deleteItem(ctx, { TableName: 'lagged', Key: { pk: { S: 'a' }, sk: { N: '2' } } });
  await p.putItem(ctx, { TableName: 'lagged', Item: { pk: { S: 'a' }, sk: { N: '3' }, g: { S: 'new' } } });
  const q = (consistent: boolean) => p.query(ctx, { TableName: 'lagged', KeyConditionExpression: 'pk = :a', ExpressionAttributeValues: { ':a': { S: 'a' } }, ConsistentRead: consistent });
  const sks = (items: Record<string, { N?: string }>[] | undefined) => (items ?? []).map((i) => i.sk?.N);
  assert.deepEqual(sks((await q(false)).Items), ['1', '2']);
  assert.deepEqual(sks((await q(true)).Items), ['1', '3']);
  assert.deepEqual((await q(false)).Items?.[0]?.g, { S: 'old' });
  const gsi = (g: string) => p.query(ctx, { TableName: 'lagged', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: g } } });
  assert.deepEqual(sks((await gsi('old')).Items).sort(), ['1', '2']);
  assert.equal((await gsi('new')).Count, 0);
  assert.equal((await p.scan(ctx, { TableName: 'lagged' })).Count, 2);
  clock.advance(LAG + 1);
  assert.deepEqual(sks((await gsi('new')).Items).sort(), ['1', '3']);
  assert.deepEqual(sks((await q(false)).Items), ['1', '3']);
  store.close();
});

// ClientRequestToken idempotency of TransactWriteItems on fake time: a retry within 10 minutes is acknowledged
// without applying again, a different request with the same token is refused, and the token expires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { key, setupTable, TEST_CTX as ctx } from '../../../test/services/dynamodb/service-harness.js';

test('a ClientRequestToken is honoured for 10 minutes and refused for a different request', async () => {
  const { clock, store, p } = await setupTable(0);
  const tx = (v: string) => ({
    ClientRequestToken: 'tok',
    TransactItems: [{ Update: { TableName: 'lagged', Key: key, UpdateExpression: 'ADD n :one SET v = :v', ExpressionAttributeValues: { ':one': { N: '1' }, ':v': { S: v } } } }],
  });
  await p.transactWriteItems(ctx, tx('a'));
  await p.transactWriteItems(ctx, tx('a'));
  assert.deepEqual((await p.getItem(ctx, { TableName: 'lagged', Key: key, ConsistentRead: true })).Item?.n, { N: '1' });
  await assert.rejects(p.transactWriteItems(ctx, tx('b')), { name: 'IdempotentParameterMismatchException' });
  clock.advance(10 * 60 * 1000 + 1);
  await p.transactWriteItems(ctx, tx('a'));
  assert.deepEqual((await p.getItem(ctx, { TableName: 'lagged', Key: key, ConsistentRead: true })).Item?.n, { N: '2' });
  store.close();
});

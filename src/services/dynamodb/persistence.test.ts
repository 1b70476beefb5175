// Durability: tables, items, index rows and counters written through the service are on disk when the call returns,
// so a service built afresh on the same data directory (a restart) sees all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../core/clock.js';
import { openStateStore } from '../../store/state-store.js';
import { dynamodbApi } from './testing.js';
import { TEST_CTX as ctx } from '../../../test/services/dynamodb/service-harness.js';

function open(dir: string) {
  const clock = new FakeClock();
  const store = openStateStore({ dataDir: dir });
  return { store, p: dynamodbApi({ store, clock }) };
}

test('a restarted service finds the tables, items and GSI rows written before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-ddb-'));
  try {
    const first = open(dir);
    await first.p.createTable(ctx, {
      TableName: 'durable', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    });
    await first.p.putItem(ctx, { TableName: 'durable', Item: { pk: { S: 'a' }, g: { S: 'x' }, b: { B: Buffer.from([1]) } } });
    first.store.close();

    const second = open(dir);
    assert.deepEqual((await second.p.getItem(ctx, { TableName: 'durable', Key: { pk: { S: 'a' } } })).Item, { pk: { S: 'a' }, g: { S: 'x' }, b: { B: Buffer.from([1]) } });
    const q = await second.p.query(ctx, { TableName: 'durable', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'x' } } });
    assert.equal(q.Count, 1);
    assert.equal((await second.p.describeTable(ctx, { TableName: 'durable' })).Table?.ItemCount, 1);
    second.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

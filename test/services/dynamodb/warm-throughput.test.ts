// WarmThroughput on tables and GSIs through SDK v3: stored and described, raised but never lowered, and never set
// below the on-demand defaults or a provisioned table's capacity (developer guide, "Understanding DynamoDB warm
// throughput").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

const h = useDynamo();

test('an on-demand table starts at 12,000/4,000 and a raised warm throughput shows UPDATING, then ACTIVE', async () => {
  const name = await createTable(h.client);
  const before = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.deepEqual(before.Table?.WarmThroughput, { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' });
  const updated = await h.client.send(new UpdateTableCommand({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 20000 } }));
  assert.deepEqual(updated.TableDescription?.WarmThroughput, { ReadUnitsPerSecond: 20000, WriteUnitsPerSecond: 4000, Status: 'UPDATING' });
  const after = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.deepEqual(after.Table?.WarmThroughput, { ReadUnitsPerSecond: 20000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' });
});

test('warm throughput below the on-demand defaults or below the current value is refused and changes nothing', async () => {
  const low = await errorOf(() => createTable(h.client, undefined, { WarmThroughput: { ReadUnitsPerSecond: 100, WriteUnitsPerSecond: 4000 } }));
  assert.equal(low.name, 'ValidationException');
  assert.match(low.message, /decreasing WarmThroughput is not supported/);
  const name = await createTable(h.client, undefined, { WarmThroughput: { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000 } });
  const down = await errorOf(() => h.client.send(new UpdateTableCommand({ TableName: name, WarmThroughput: { WriteUnitsPerSecond: 4500 } })));
  assert.equal(down.name, 'ValidationException');
  assert.match(down.message, /WriteUnitsPerSecond of 4500 for table is below its current warm throughput of 5000/);
  const zero = await errorOf(() => h.client.send(new UpdateTableCommand({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 0 } })));
  assert.equal(zero.name, 'ValidationException');
  const after = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.deepEqual(after.Table?.WarmThroughput, { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000, Status: 'ACTIVE' });
});

test('a provisioned table may be warmed above its capacity (the recorded 1000/1200 over 5/5) but not below it', async () => {
  const name = uniqueName();
  const base = {
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  };
  const created = await h.client.send(new CreateTableCommand({
    ...base, TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    WarmThroughput: { ReadUnitsPerSecond: 1000, WriteUnitsPerSecond: 1200 },
  }));
  assert.deepEqual(created.TableDescription?.WarmThroughput, { ReadUnitsPerSecond: 1000, WriteUnitsPerSecond: 1200, Status: 'UPDATING' });
  const e = await errorOf(() => h.client.send(new CreateTableCommand({
    ...base, TableName: uniqueName(), ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 },
    WarmThroughput: { ReadUnitsPerSecond: 10, WriteUnitsPerSecond: 50 },
  })));
  assert.equal(e.name, 'ValidationException');
  // Raising provisioned capacity past the warm value raises the warm value with it.
  await h.client.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 2000, WriteCapacityUnits: 5 } }));
  const after = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.deepEqual(after.Table?.WarmThroughput, { ReadUnitsPerSecond: 2000, WriteUnitsPerSecond: 1200, Status: 'ACTIVE' });
});

test('a GSI keeps its own warm throughput from CreateTable and UpdateTable, and an unknown index is not found', async () => {
  const name = await createTable(h.client, undefined, {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{
      IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' },
      WarmThroughput: { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 4000 },
    }],
  });
  await h.client.send(new UpdateTableCommand({
    TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byG', WarmThroughput: { WriteUnitsPerSecond: 6000 } } }],
  }));
  const d = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.deepEqual(d.Table?.GlobalSecondaryIndexes?.[0]?.WarmThroughput, { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 6000, Status: 'ACTIVE' });
  const missing = await errorOf(() => h.client.send(new UpdateTableCommand({
    TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'nope', WarmThroughput: { WriteUnitsPerSecond: 6000 } } }],
  })));
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.message, 'Requested resource not found: Index: nope not found');
});

// Table control plane through SDK v3 over a socket: create, describe, list with paging, update, delete, tags, TTL,
// continuous backups, with the codes and messages AWS answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeContributorInsightsCommand,
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

const h = useDynamo();

test('CreateTable answers CREATING and DescribeTable then shows the table ACTIVE with counts', async () => {
  const name = uniqueName();
  const created = await h.client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  }));
  assert.equal(created.TableDescription?.TableStatus, 'CREATING');
  assert.equal(created.TableDescription?.TableArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`);
  assert.deepEqual(created.TableDescription?.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
  await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: 'a' }, v: { S: 'xyz' } } }));
  const described = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(described.Table?.TableStatus, 'ACTIVE');
  assert.equal(described.Table?.ItemCount, 1);
  assert.equal(described.Table?.TableSizeBytes, 7);
  assert.ok(described.Table?.CreationDateTime instanceof Date);
});

test('CreateTable of an existing table fails with ResourceInUseException', async () => {
  const name = await createTable(h.client);
  const e = await errorOf(() => createTable(h.client, undefined, { TableName: name }));
  assert.equal(e.name, 'ResourceInUseException');
  assert.equal(e.message, `Table already exists: ${name}`);
});

test('CreateTable rejects throughput on a PAY_PER_REQUEST table', async () => {
  const e = await errorOf(() => createTable(h.client, undefined, { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
});

test('DeleteTable removes the table and a second delete fails with ResourceNotFoundException', async () => {
  const name = await createTable(h.client);
  const deleted = await h.client.send(new DeleteTableCommand({ TableName: name }));
  assert.equal(deleted.TableDescription?.TableStatus, 'DELETING');
  const e = await errorOf(() => h.client.send(new DeleteTableCommand({ TableName: name })));
  assert.equal(e.name, 'ResourceNotFoundException');
  assert.equal(e.message, `Requested resource not found: Table: ${name} not found`);
});

test('ListTables pages with Limit and ExclusiveStartTableName', async () => {
  const names = [await createTable(h.client), await createTable(h.client), await createTable(h.client)];
  const seen: string[] = [];
  let start: string | undefined;
  do {
    const page = await h.client.send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: start }));
    assert.ok((page.TableNames?.length ?? 0) <= 2);
    seen.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const n of names) assert.ok(seen.includes(n), n);
  assert.deepEqual(seen, [...seen].sort());
});

test('UpdateTable adds a GSI backfilled from existing items', async () => {
  const name = await createTable(h.client);
  await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: '1' }, g: { S: 'x' } } }));
  await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: '2' } } }));
  await h.client.send(new UpdateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
  }));
  const d = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(d.Table?.GlobalSecondaryIndexes?.[0]?.IndexName, 'byG');
  assert.equal(d.Table?.GlobalSecondaryIndexes?.[0]?.ItemCount, 1);
});

test('tags, TTL and continuous backups are stored and described', async () => {
  const name = await createTable(h.client);
  const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
  await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'test' }] }));
  assert.deepEqual((await h.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'env', Value: 'test' }]);
  await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
  const ttl = await h.client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  assert.deepEqual(ttl.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  const again = await errorOf(() => h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } })));
  assert.equal(again.message, 'TimeToLive is already enabled');
  const pitr = await h.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  assert.equal(pitr.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED');
  const backups = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
  assert.equal(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays, 35);
});

test('UpdateTable removes a GSI and switches billing mode', async () => {
  const name = await createTable(h.client, undefined, {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  });
  await h.client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] }));
  await h.client.send(new UpdateTableCommand({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } }));
  const d = await h.client.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(d.Table?.GlobalSecondaryIndexes, undefined);
  assert.deepEqual(d.Table?.AttributeDefinitions, [{ AttributeName: 'pk', AttributeType: 'S' }]);
  assert.deepEqual(d.Table?.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
  const gone = await errorOf(() => h.client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] })));
  assert.equal(gone.name, 'ResourceNotFoundException');
});

test('account-level answers: DescribeLimits, DescribeEndpoints, DescribeContributorInsights', async () => {
  const name = await createTable(h.client);
  const limits = await h.client.send(new DescribeLimitsCommand({}));
  assert.equal(limits.TableMaxReadCapacityUnits, 40000);
  const endpoints = await h.client.send(new DescribeEndpointsCommand({}));
  assert.equal(endpoints.Endpoints?.[0]?.Address, 'dynamodb.us-east-1.amazonaws.com');
  const insights = await h.client.send(new DescribeContributorInsightsCommand({ TableName: name }));
  assert.deepEqual({ TableName: insights.TableName, ContributorInsightsStatus: insights.ContributorInsightsStatus }, { TableName: name, ContributorInsightsStatus: 'DISABLED' });
});

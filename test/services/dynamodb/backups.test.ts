// Backups and point-in-time recovery through @aws-sdk/client-dynamodb: a backup is a consistent copy restored to a
// new table with its indexes; PITR restores the table as of any time in its window, on kumo's runtime clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBackupCommand,
  DeleteTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListBackupsCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

const h = useDynamo();

const put = (TableName: string, pk: string, v: number) => h.client.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, status: { S: v % 2 ? 'odd' : 'even' }, v: { N: String(v) } } }));

async function contents(TableName: string): Promise<Record<string, string>> {
  const { Items = [] } = await h.client.send(new ScanCommand({ TableName, ConsistentRead: true }));
  return Object.fromEntries(Items.map((i: Record<string, AttributeValue>) => [i['pk']!.S!, i['v']!.N!]));
}

const withIndex = {
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }, { AttributeName: 'status', AttributeType: 'S' as const }],
  GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const } }],
};

test('CreateBackup copies the table; later writes do not reach it; restore makes a new table with its index', async () => {
  const t = await createTable(h.client, undefined, withIndex);
  for (let v = 1; v <= 3; v++) await put(t, `k${v}`, v);
  const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: t, BackupName: 'nightly' }));
  assert.equal(BackupDetails?.BackupStatus, 'CREATING');
  assert.equal(BackupDetails?.BackupType, 'USER');
  assert.match(BackupDetails.BackupArn!, new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${t}/backup/\\d{14}-[0-9a-f]{8}$`));
  await put(t, 'k4', 4);
  await h.client.send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: 'k1' } } }));

  const described = await h.client.send(new DescribeBackupCommand({ BackupArn: BackupDetails.BackupArn }));
  assert.equal(described.BackupDescription?.BackupDetails?.BackupStatus, 'AVAILABLE');
  assert.equal(described.BackupDescription?.SourceTableDetails?.ItemCount, 3);
  assert.equal(described.BackupDescription?.SourceTableFeatureDetails?.GlobalSecondaryIndexes?.[0]?.IndexName, 'byStatus');

  const target = uniqueName('restored');
  const restored = await h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: target, BackupArn: BackupDetails.BackupArn }));
  assert.equal(restored.TableDescription?.TableStatus, 'CREATING');
  assert.equal(restored.TableDescription?.RestoreSummary?.RestoreInProgress, true);
  assert.equal(restored.TableDescription?.RestoreSummary?.SourceBackupArn, BackupDetails.BackupArn);
  const { Table } = await h.client.send(new DescribeTableCommand({ TableName: target }));
  assert.equal(Table?.TableStatus, 'ACTIVE');
  assert.equal(Table?.ItemCount, 3);
  assert.equal(Table?.RestoreSummary?.RestoreInProgress, false);
  assert.deepEqual(await contents(target), { k1: '1', k2: '2', k3: '3' });
  const odd = await h.client.send(new QueryCommand({
    TableName: target, IndexName: 'byStatus', KeyConditionExpression: '#s = :o', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':o': { S: 'odd' } },
  }));
  assert.deepEqual(odd.Items?.map((i) => i['pk']!.S).sort(), ['k1', 'k3']);

  const again = await errorOf(() => h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: target, BackupArn: BackupDetails.BackupArn })));
  assert.equal(again.name, 'TableAlreadyExistsException');
  assert.equal(again.message, `Table already exists: ${target}`);
});

test('ListBackups filters by table and pages; DeleteBackup answers DELETED and the backup is gone', async () => {
  const t = await createTable(h.client);
  const arns: string[] = [];
  for (const name of ['first', 'second', 'third']) {
    arns.push((await h.client.send(new CreateBackupCommand({ TableName: t, BackupName: name }))).BackupDetails!.BackupArn!);
    await h.kumo.advance(1);
  }
  const first = await h.client.send(new ListBackupsCommand({ TableName: t, Limit: 2 }));
  assert.deepEqual(first.BackupSummaries?.map((b) => b.BackupName), ['first', 'second']);
  assert.equal(first.LastEvaluatedBackupArn, arns[1]);
  const rest = await h.client.send(new ListBackupsCommand({ TableName: t, ExclusiveStartBackupArn: first.LastEvaluatedBackupArn }));
  assert.deepEqual(rest.BackupSummaries?.map((b) => b.BackupName), ['third']);
  assert.equal(rest.LastEvaluatedBackupArn, undefined);
  const deleted = await h.client.send(new DeleteBackupCommand({ BackupArn: arns[0]! }));
  assert.equal(deleted.BackupDescription?.BackupDetails?.BackupStatus, 'DELETED');
  const gone = await errorOf(() => h.client.send(new DescribeBackupCommand({ BackupArn: arns[0]! })));
  assert.equal(gone.name, 'BackupNotFoundException');
  const missingTable = await errorOf(() => h.client.send(new CreateBackupCommand({ TableName: 'no-such-table', BackupName: 'xyz' })));
  assert.equal(missingTable.name, 'TableNotFoundException');
});

test('RestoreTableToPointInTime restores the table as it was at each moment of the window', async () => {
  const t = await createTable(h.client, undefined, withIndex);
  await put(t, 'before', 0);
  const notEnabled = await errorOf(() => h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: uniqueName('x'), UseLatestRestorableTime: true })));
  assert.equal(notEnabled.name, 'PointInTimeRecoveryUnavailableException');

  const enabled = await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } }));
  assert.equal(enabled.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays, 7);
  const t0 = enabled.ContinuousBackupsDescription.PointInTimeRecoveryDescription.EarliestRestorableDateTime!;
  await h.kumo.advance(10);
  await put(t, 'a', 1);
  await h.kumo.advance(10);
  const { ContinuousBackupsDescription: d1 } = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: t }));
  const t1 = d1!.PointInTimeRecoveryDescription!.LatestRestorableDateTime!;
  await h.kumo.advance(10);
  await h.client.send(new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
  await h.client.send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: 'before' } } }));
  await h.kumo.advance(10);

  const atStart = uniqueName('pitr0');
  await h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: atStart, RestoreDateTime: t0 }));
  assert.deepEqual(await contents(atStart), { before: '0' });
  const atT1 = uniqueName('pitr1');
  const r1 = await h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: atT1, RestoreDateTime: t1 }));
  assert.equal(r1.TableDescription?.RestoreSummary?.SourceTableArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${t}`);
  assert.deepEqual(await contents(atT1), { before: '0', a: '1' });
  const latest = uniqueName('pitr2');
  await h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: latest, UseLatestRestorableTime: true }));
  assert.deepEqual(await contents(latest), { a: '2' });
  const { Table } = await h.client.send(new DescribeTableCommand({ TableName: latest }));
  assert.equal(Table?.GlobalSecondaryIndexes?.[0]?.IndexName, 'byStatus');

  const early = await errorOf(() => h.client.send(new RestoreTableToPointInTimeCommand({
    SourceTableName: t, TargetTableName: uniqueName('x'), RestoreDateTime: new Date(t0.getTime() - 60_000),
  })));
  assert.equal(early.name, 'InvalidRestoreTimeException');
});

test('the PITR window moves with the recovery period and old versions are trimmed without losing restorable state', async () => {
  const t = await createTable(h.client);
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 1 } }));
  await put(t, 'x', 1);
  await put(t, 'x', 2);
  await h.kumo.advance(2 * 86_400);
  const { ContinuousBackupsDescription: d } = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: t }));
  const window = d!.PointInTimeRecoveryDescription!;
  assert.equal(window.LatestRestorableDateTime!.getTime() - window.EarliestRestorableDateTime!.getTime(), 86_400_000);
  const target = uniqueName('trimmed');
  await h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: target, RestoreDateTime: window.EarliestRestorableDateTime }));
  assert.deepEqual(await contents(target), { x: '2' });
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
  const { ContinuousBackupsDescription: off } = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: t }));
  assert.equal(off?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'DISABLED');
});

test('deleting a PITR table leaves a SYSTEM backup and keeps it restorable by ARN to a time before the deletion', async () => {
  const t = await createTable(h.client);
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, v: { N: '1' } } }));
  await h.kumo.advance(60);
  const before = (await h.client.send(new DescribeContinuousBackupsCommand({ TableName: t }))).ContinuousBackupsDescription!
    .PointInTimeRecoveryDescription!.LatestRestorableDateTime!;
  await h.kumo.advance(60);
  await h.client.send(new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, v: { N: '2' } } }));
  const deleted = await h.client.send(new DeleteTableCommand({ TableName: t }));
  const arn = deleted.TableDescription!.TableArn!;

  const system = await h.client.send(new ListBackupsCommand({ TableName: t, BackupType: 'SYSTEM' }));
  assert.equal(system.BackupSummaries?.length, 1);
  const b = system.BackupSummaries[0]!;
  assert.equal(b.BackupName, `${t}$DeletedTableBackup`);
  assert.equal(b.BackupType, 'SYSTEM');
  assert.ok(b.BackupExpiryDateTime instanceof Date);
  assert.equal((await h.client.send(new ListBackupsCommand({ TableName: t }))).BackupSummaries?.length, 0, 'USER is the default filter');
  assert.equal((await h.client.send(new ListBackupsCommand({ TableName: t, BackupType: 'ALL' }))).BackupSummaries?.length, 1);

  const restored = uniqueName('pitr');
  await h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableArn: arn, TargetTableName: restored, RestoreDateTime: before }));
  const old = await h.client.send(new GetItemCommand({ TableName: restored, Key: { pk: { S: 'a' } } }));
  assert.deepEqual(old.Item, { pk: { S: 'a' }, v: { N: '1' } });
  const latest = uniqueName('pitr');
  await h.client.send(new RestoreTableFromBackupCommand({ BackupArn: b.BackupArn, TargetTableName: latest }));
  assert.deepEqual((await h.client.send(new GetItemCommand({ TableName: latest, Key: { pk: { S: 'a' } } }))).Item, { pk: { S: 'a' }, v: { N: '2' } });
  const byName = await errorOf(() => h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: uniqueName('pitr'), UseLatestRestorableTime: true })));
  assert.equal(byName.name, 'TableNotFoundException');

});

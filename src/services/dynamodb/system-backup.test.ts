// A deleted PITR table's SYSTEM backup with fake time: kept (and restorable by ARN) for 35 days, then removed by the
// PITR trim task together with the item history that made the table restorable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/clock.js';
import type { RequestContext } from '../../core/request-context.js';
import { openStateStore } from '../../store/state-store.js';
import { trimPointInTimeHistory } from './settings-operations.js';
import { dynamodbApi } from './testing.js';

const ctx: RequestContext = {
  requestId: 'r', service: 'dynamodb', operation: 'x', account: '000000000000', region: 'us-east-1',
  accessKeyId: undefined, host: '127.0.0.1', protocol: undefined, startedAt: 0,
};

test('a SYSTEM backup of a deleted PITR table expires after 35 days, and its table is no longer restorable', async () => {
  const clock = new FakeClock();
  const store = openStateStore({ inMemory: true });
  const p = dynamodbApi({ store, clock });
  try {
    await p.createTable(ctx, {
      TableName: 'gone', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    });
    await p.updateContinuousBackups(ctx, { TableName: 'gone', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    await p.putItem(ctx, { TableName: 'gone', Item: { pk: { S: 'a' } } });
    clock.advance(60_000);
    const arn = (await p.deleteTable(ctx, { TableName: 'gone' })).TableDescription!.TableArn!;
    clock.advance(34 * 86_400_000);
    trimPointInTimeHistory(p.context);
    assert.equal((await p.listBackups(ctx, { BackupType: 'SYSTEM' })).BackupSummaries?.length, 1);
    await p.restoreTableToPointInTime(ctx, { SourceTableArn: arn, TargetTableName: 'back', UseLatestRestorableTime: true });
    assert.equal((await p.scan(ctx, { TableName: 'back' })).Count, 1);
    clock.advance(2 * 86_400_000);
    trimPointInTimeHistory(p.context);
    assert.equal((await p.listBackups(ctx, { BackupType: 'SYSTEM' })).BackupSummaries?.length, 0);
    const history = store.db.prepare('SELECT COUNT(*) AS n FROM dynamodb_item_history').get() as { n: number };
    assert.equal(history.n, 0, 'the deleted table\'s item history went with its backup (the restored table has no PITR)');
    await assert.rejects(p.restoreTableToPointInTime(ctx, { SourceTableArn: arn, TargetTableName: 'again', UseLatestRestorableTime: true }), { name: 'TableNotFoundException' });
  } finally {
    store.close();
  }
});

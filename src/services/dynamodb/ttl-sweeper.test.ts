// TTL tests with fake time: the service's background sweep deletes items whose TTL attribute has passed, leaves
// others alone, and ignores values more than five years old, as DynamoDB documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/clock.js';
import type { RequestContext } from '../../core/request-context.js';
import { openStateStore } from '../../store/state-store.js';
import { TTL_SWEEP_INTERVAL_MS } from './index.js';
import { dynamodbApi } from './testing.js';
import { isExpired } from './ttl-sweeper.js';
import { startService } from '../../../test/services/dynamodb/service-harness.js';

const ctx: RequestContext = {
  requestId: 'r', service: 'dynamodb', operation: 'x', account: '000000000000', region: 'us-east-1',
  accessKeyId: undefined, host: '127.0.0.1', protocol: undefined, startedAt: 0,
};

test('isExpired follows the epoch-seconds rule and the five-year window', () => {
  const now = Date.UTC(2026, 0, 1);
  assert.equal(isExpired({ t: { N: String(now / 1000 - 1) } }, 't', now), true);
  assert.equal(isExpired({ t: { N: String(now / 1000 + 60) } }, 't', now), false);
  assert.equal(isExpired({ t: { N: String(now / 1000 - 6 * 365 * 24 * 3600) } }, 't', now), false);
  assert.equal(isExpired({ t: { S: '1' } }, 't', now), false);
});

test('the background sweep deletes expired items once their time passes', async () => {
  const clock = new FakeClock();
  const store = openStateStore({ inMemory: true });
  const p = dynamodbApi({ store, clock });
  const stopSweeper = p.startSweeper();
  try {
    await p.createTable(ctx, {
      TableName: 'ttl', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    });
    await p.updateTimeToLive(ctx, { TableName: 'ttl', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } });
    const nowS = clock.now() / 1000;
    await p.putItem(ctx, { TableName: 'ttl', Item: { pk: { S: 'soon' }, expires: { N: String(nowS + 30) } } });
    await p.putItem(ctx, { TableName: 'ttl', Item: { pk: { S: 'later' }, expires: { N: String(nowS + 3600) } } });
    await p.putItem(ctx, { TableName: 'ttl', Item: { pk: { S: 'never' } } });
    clock.advance(60_000 + TTL_SWEEP_INTERVAL_MS);
    const left = await p.scan(ctx, { TableName: 'ttl' });
    assert.deepEqual(left.Items?.map((i) => (i.pk as { S: string }).S).sort(), ['later', 'never']);
    assert.equal((await p.describeTable(ctx, { TableName: 'ttl' })).Table?.ItemCount, 2);
  } finally {
    stopSweeper();
    store.close();
  }
});

test('items written before TTL was enabled expire too, and a moved TTL value moves the expiry', async () => {
  const h = startService();
  try {
    const { p, clock } = h;
    await p.createTable(ctx, {
      TableName: 'ttl2', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    });
    const nowS = clock.now() / 1000;
    await p.putItem(ctx, { TableName: 'ttl2', Item: { pk: { S: 'early' }, exp: { N: String(nowS + 10) } } });
    await p.putItem(ctx, { TableName: 'ttl2', Item: { pk: { S: 'moved' }, exp: { N: String(nowS + 10) } } });
    await p.updateTimeToLive(ctx, { TableName: 'ttl2', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } });
    await p.updateItem(ctx, { TableName: 'ttl2', Key: { pk: { S: 'moved' } }, UpdateExpression: 'SET exp = :later', ExpressionAttributeValues: { ':later': { N: String(nowS + 7200) } } });
    clock.advance(60_000);
    const left = await p.scan(ctx, { TableName: 'ttl2' });
    assert.deepEqual(left.Items?.map((i) => (i.pk as { S: string }).S), ['moved']);
  } finally {
    await h.close();
  }
});

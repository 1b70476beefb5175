// Stream records under one integer key, (stream id << 40) + sequence number: migration v10 keeps every record written
// under the old (stream_id, seq) key, and a stream past the key's range refuses the write and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestContext } from '../../core/request-context.js';
import { RuntimeClock } from '../../runtime/clock.js';
import { openStateStore } from '../../store/state-store.js';
import { COMPONENT, MIGRATIONS } from './migrations.js';
import { dynamodbApi } from './testing.js';
import { LAST_SEQ, MAX_STREAM_SEQ, RECORDS_AFTER } from './stream-shards.js';

test('records written under the (stream_id, seq) key keep their stream, sequence number and texts after migration v10', () => {
  const store = openStateStore({ inMemory: true });
  store.migrate(COMPONENT, MIGRATIONS.slice(0, 9));
  const stream = store.db.prepare(`INSERT INTO dynamodb_streams (id, account, region, arn, table_name, table_id, label, view_type, key_schema, shard_id,
    created_at, first_seq, last_seq, trimmed_through) VALUES (?, 'a', 'r', ?, 't', 'id', 'l', 'KEYS_ONLY', '[]', 's', 0, 1, 0, 0)`);
  stream.run(1, 'arn:1');
  stream.run(2, 'arn:2');
  const record = store.db.prepare(`INSERT INTO dynamodb_stream_records (stream_id, seq, created_at, event_id, event_name, size, by_ttl, keys, new_image, old_image, wire)
    VALUES (?, ?, ?, 'e', 'INSERT', 1, 0, ?, NULL, NULL, ?)`);
  const rows = [[2, 1, 10, '', '{"two":1}'], [1, 1, 11, '', '{"one":1}'], [1, 2, 12, '{"pk":{"S":"x"}}', null], [1, 3, 13, '', '{"one":3}']] as const;
  for (const r of rows) record.run(...r);

  store.migrate(COMPONENT, MIGRATIONS);

  const migrated = store.db.prepare('SELECT stream_id, seq, created_at, keys, wire FROM dynamodb_stream_records ORDER BY id').raw().all();
  assert.deepEqual(migrated, [rows[1], rows[2], rows[3], rows[0]].map((r) => [...r]));
  assert.deepEqual(store.db.prepare(`SELECT seq FROM dynamodb_stream_records WHERE ${RECORDS_AFTER} ORDER BY id LIMIT +?`).pluck().all(1, 1, 1, 10), [2, 3]);
  assert.deepEqual(store.db.prepare(`SELECT ${LAST_SEQ} FROM dynamodb_streams s ORDER BY id`).pluck().all(), [3, 1]);
});

const CTX: RequestContext = {
  requestId: 't', service: 'dynamodb', operation: 't', account: '000000000000', region: 'us-east-1',
  accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'json', startedAt: 0,
};

test('a stream that has issued its last sequence number refuses the write with LimitExceededException, storing neither item nor record', async () => {
  const store = openStateStore({ inMemory: true });
  const p = dynamodbApi({ store, clock: new RuntimeClock() });
  await p.createTable(CTX, {
    TableName: 'orders', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
  });
  await p.putItem(CTX, { TableName: 'orders', Item: { pk: { S: 'a' } } });
  store.db.prepare('UPDATE dynamodb_streams SET last_seq = ?').run(MAX_STREAM_SEQ);
  await assert.rejects(p.putItem(CTX, { TableName: 'orders', Item: { pk: { S: 'b' } } }), (e: Error & { code?: string; status?: number }) =>
    e.code === 'LimitExceededException' && e.status === 400 && /disable and enable it/.test(e.message));
  assert.equal((await p.getItem(CTX, { TableName: 'orders', Key: { pk: { S: 'b' } } })).Item, undefined);
  assert.equal(store.db.prepare('SELECT COUNT(*) FROM dynamodb_stream_records').pluck().get(), 1);
  store.close();
});

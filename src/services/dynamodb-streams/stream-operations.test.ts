// Unit tests of GetRecords pages: records stored in today's wire form are written as read, and a page holding records
// from older stores (no awsRegion in the text, or no text at all) still answers every record whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestContext } from '../../core/request-context.js';
import { RawJson } from '../../protocol/shared/raw-json.js';
import { RuntimeClock } from '../../runtime/clock.js';
import { openStateStore } from '../../store/state-store.js';
import { encodeItem } from '../dynamodb/item-codec.js';
import { dynamodbApi } from '../dynamodb/testing.js';
import { describeStream, getRecords, getShardIterator, type StreamsContext } from './stream-operations.js';

const CTX: RequestContext = {
  requestId: 't', service: 'dynamodb', operation: 't', account: '000000000000', region: 'us-east-1',
  accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'json', startedAt: 0,
};

interface WireRecord { awsRegion: string; eventName: string; dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string } }

// Attributes that look like the record's own SequenceNumber key, which GetRecords reads from the rendered text.
const LOOKALIKES = { SequenceNumber: { S: '100000000000000000099' }, note: { S: '"SequenceNumber":"100000000000000000099"' } };

async function streamWithRecords(n: number) {
  const store = openStateStore({ inMemory: true });
  const clock = new RuntimeClock();
  const p = dynamodbApi({ store, clock });
  const created = await p.createTable(CTX, {
    TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  for (let i = 0; i < n; i++) await p.putItem(CTX, { TableName: 'orders', Item: { pk: { S: `k${i}` }, v: { S: 'é😀' }, ...LOOKALIKES } });
  const c: StreamsContext = { streams: p.context.streams, clock, of: (s) => store.of(s) };
  const arn = created.TableDescription!.LatestStreamArn!;
  const shard = describeStream(c, CTX, { StreamArn: arn }).StreamDescription!.Shards![0]!.ShardId!;
  const read = (limit?: number, from?: string) => {
    const it = from ?? getShardIterator(c, CTX, { StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator!;
    const out = getRecords(c, CTX, { ShardIterator: it, ...(limit ? { Limit: limit } : {}) });
    // The JSON text the codec writes, parsed as a client would.
    const records = JSON.parse(JSON.stringify(out.Records)) as WireRecord[];
    return { out, records };
  };
  return { store, read };
}

test('a page of records in wire form is one RawJson array of their texts, in sequence order', async () => {
  const { store, read } = await streamWithRecords(5);
  const { out, records } = read(3);
  assert.ok(out.Records instanceof RawJson);
  assert.deepEqual(records.map((r) => r.dynamodb.Keys.pk.S), ['k0', 'k1', 'k2']);
  assert.ok(records.every((r) => r.awsRegion === 'us-east-1' && r.eventName === 'INSERT'));
  // The next iterator continues after the page's last record (its sequence number read from the rendered text).
  const next = read(10, out.NextShardIterator);
  assert.deepEqual(next.records.map((r) => r.dynamodb.Keys.pk.S), ['k3', 'k4']);
  assert.equal(BigInt(next.records[0]!.dynamodb.SequenceNumber) - BigInt(records[2]!.dynamodb.SequenceNumber), 1n);
  store.close();
});

test('records stored without awsRegion or without wire text are still answered whole, in order', async () => {
  const { store, read } = await streamWithRecords(4);
  // The first pre-rendered form lacked awsRegion; rows before it have no wire text at all (migrations.ts v6).
  store.db.prepare(`UPDATE dynamodb_stream_records SET wire = substr(wire, length('{"awsRegion":"us-east-1",') + 1) WHERE seq = 2`).run();
  store.db.prepare('UPDATE dynamodb_stream_records SET wire = NULL, keys = ?, new_image = ? WHERE seq = 3')
    .run(encodeItem({ pk: { S: 'k2' } }), encodeItem({ pk: { S: 'k2' }, v: { S: 'é😀' }, ...LOOKALIKES }));
  const { records } = read();
  assert.deepEqual(records.map((r) => r.dynamodb.Keys.pk.S), ['k0', 'k1', 'k2', 'k3']);
  assert.ok(records.every((r) => r.awsRegion === 'us-east-1'));
  assert.equal((records[2] as unknown as { dynamodb: { NewImage: { v: { S: string } } } }).dynamodb.NewImage.v.S, 'é😀');
  store.close();
});

test('an empty page is an empty Records array with a next iterator', async () => {
  const { store, read } = await streamWithRecords(0);
  const { out, records } = read();
  assert.deepEqual(records, []);
  assert.ok(out.NextShardIterator);
  store.close();
});

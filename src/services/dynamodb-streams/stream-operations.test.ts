// Unit tests of GetRecords pages: records stored in today's wire form are written as read, and a page holding records
// from older stores (no awsRegion in the text, or no text at all) still answers every record whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestContext } from '../../core/request-context.js';
import { RawJson } from '../../protocol/shared/raw-json.js';
import { RuntimeClock } from '../../runtime/clock.js';
import { openStateStore } from '../../store/state-store.js';
import { encodeItem } from '../dynamodb/item-codec.js';
import { StreamStore } from '../dynamodb/stream-store.js';
import { dynamodbApi } from '../dynamodb/testing.js';
import { describeStream, getRecords, getShardIterator, type StreamsContext } from './stream-operations.js';

const CTX: RequestContext = {
  requestId: 't', service: 'dynamodb', operation: 't', account: '000000000000', region: 'us-east-1',
  accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'json', startedAt: 0,
};

interface WireRecord { awsRegion: string; eventName: string; dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string } }

// Attributes that look like the record's own SequenceNumber key, which GetRecords reads from the rendered text.
const LOOKALIKES = { SequenceNumber: { S: '100000000000000000099' }, note: { S: '"SequenceNumber":"100000000000000000099"' } };

async function streamWithRecords(n: number, value = 'é😀') {
  const store = openStateStore({ inMemory: true });
  const clock = new RuntimeClock();
  const p = dynamodbApi({ store, clock });
  const created = await p.createTable(CTX, {
    TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  for (let i = 0; i < n; i++) await p.putItem(CTX, { TableName: 'orders', Item: { pk: { S: `k${i}` }, v: { S: value }, ...LOOKALIKES } });
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
  return { store, read, c, p };
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
  store.db.prepare(`UPDATE dynamodb_stream_records SET wire = NULL, event_id = 'e3', event_name = 'INSERT', size = 10, by_ttl = 0, keys = ?, new_image = ?
    WHERE seq = 3`).run(encodeItem({ pk: { S: 'k2' } }), encodeItem({ pk: { S: 'k2' }, v: { S: 'é😀' }, ...LOOKALIKES }));
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

/** The records after `after` (at most `limit`) as readPage answers them, and as the record rows hold them. */
function bothWays(c: StreamsContext, after: number, limit: number): { paged: string; rows: string } {
  const page = c.streams.readPage(1, after, limit, c.streams.headById(1)!.last_seq);
  assert.ok(page, `readPage(${after}, ${limit})`);
  const paged = page.texts.join(',');
  const rows = c.streams.readRecords(1, after, limit).map((r) => ('wire' in r ? r.wire : ''));
  assert.equal(page.count, rows.length);
  assert.equal(page.last, after + rows.length);
  return { paged, rows: rows.join(',') };
}

test('the first read stores the pages of complete groups; GetRecords over them answers, from any position and Limit, exactly the records the rows hold', async () => {
  const { store, read, c } = await streamWithRecords(150);
  const pages = () => store.db.prepare('SELECT first_seq, last_seq FROM dynamodb_stream_pages ORDER BY last_seq').raw().all();
  // Writes store no page; a reader's first pass does, for the complete groups it reads (stream-pages.ts).
  assert.deepEqual(pages(), []);
  read(10);
  assert.deepEqual(pages(), [[1, 64]]);
  read(1000);
  // 150 records: two stored pages of 64, the last 22 as rows only.
  assert.deepEqual(pages(), [[1, 64], [65, 128]]);
  for (const after of [0, 1, 63, 64, 65, 100, 127, 128, 129, 149, 150]) {
    for (const limit of [1, 2, 64, 70, 1000]) {
      const { paged, rows } = bothWays(c, after, limit);
      assert.equal(paged, rows, `after ${after}, limit ${limit}`);
    }
  }
  // Through GetRecords and a next iterator, as a client reads them.
  const first = read(100);
  const rest = read(1000, first.out.NextShardIterator);
  assert.deepEqual([...first.records, ...rest.records].map((r) => r.dynamodb.Keys.pk.S), Array.from({ length: 150 }, (_, i) => `k${i}`));
  store.close();
});

test('pages of ASCII records, served from memory as bytes, are cut at any position and Limit to exactly the records the rows hold', async () => {
  const { store, read, c } = await streamWithRecords(150, 'plain ascii');
  read(1000);
  for (const after of [0, 1, 63, 64, 65, 100, 127, 128, 129, 149, 150]) {
    for (const limit of [1, 2, 64, 70, 1000]) {
      const { paged, rows } = bothWays(c, after, limit);
      assert.equal(paged, rows, `after ${after}, limit ${limit}`);
    }
  }
  store.close();
});

test('a stored page deleted underneath the page cache (POST /_kumo/reset, retention) is never served again', async () => {
  const { store, read } = await streamWithRecords(130, 'before');
  read(1000); // stores and caches the pages 1-64 and 65-128
  // The pages go, as a reset wipes them, and the records they were built from change: a page still held in memory
  // would answer the old text.
  store.db.prepare('DELETE FROM dynamodb_stream_pages').run();
  store.db.prepare("UPDATE dynamodb_stream_records SET wire = replace(wire, '\"before\"', '\"after\"')").run();
  const values = read(1000).records.map((r) => (r.dynamodb as unknown as { NewImage: { v: { S: string } } }).NewImage.v.S);
  assert.deepEqual([...new Set(values)], ['after']);
  assert.equal(values.length, 130);
  store.close();
});

test('a group of records too large to page is read from its rows, between pages', async () => {
  const { store, c } = await streamWithRecords(200);
  // 64 records of ~18 KB: over the 1 MB a page may hold (stream-pages.ts), so the group stays unpaged.
  store.db.prepare(`UPDATE dynamodb_stream_records SET wire = substr(wire, 1, length(wire) - 1) || ',"pad":"' || hex(zeroblob(9000)) || '"}' WHERE seq BETWEEN 65 AND 128`).run();
  for (const [after, limit] of [[0, 1000], [30, 100], [64, 64], [100, 90], [127, 3]] as const) {
    const { paged, rows } = bothWays(c, after, limit);
    assert.equal(paged, rows, `after ${after}, limit ${limit}`);
  }
  assert.deepEqual(store.db.prepare('SELECT last_seq FROM dynamodb_stream_pages ORDER BY last_seq').pluck().all(), [64, 192]);
  store.close();
});

test('retention drops a stored page once every record in it is trimmed', async () => {
  const { store, c, read } = await streamWithRecords(130);
  const pages = () => store.db.prepare('SELECT last_seq FROM dynamodb_stream_pages ORDER BY last_seq').pluck().all();
  read();
  assert.deepEqual(pages(), [64, 128]);
  store.db.prepare('UPDATE dynamodb_stream_records SET created_at = 0 WHERE seq <= 70').run();
  c.streams.trim();
  assert.deepEqual(pages(), [128]);
  // The page partly trimmed still serves the records after the trim horizon.
  const { paged, rows } = bothWays(c, 70, 1000);
  assert.equal(paged, rows);
  store.close();
});

test('sequence numbers go on from the last issued after a trim of every record and after a rolled-back write', async () => {
  const { store, c, p } = await streamWithRecords(3);
  const id = [...c.streams.list({ account: '000000000000', region: 'us-east-1' }, undefined, 0)][0]!.id;
  assert.equal(c.streams.headById(id)!.last_seq, 3);
  store.db.prepare('UPDATE dynamodb_stream_records SET created_at = 0').run();
  c.streams.trim();
  assert.equal(store.db.prepare('SELECT COUNT(*) FROM dynamodb_stream_records').pluck().get(), 0);
  assert.equal(c.streams.headById(id)!.last_seq, 3, 'the trimmed records still count');
  // A write whose transaction fails after its record was appended leaves no record and no gap.
  assert.throws(() => store.transaction(() => {
    void p.putItem(CTX, { TableName: 'orders', Item: { pk: { S: 'rolled-back' } } });
    throw new Error('abort');
  }));
  await p.putItem(CTX, { TableName: 'orders', Item: { pk: { S: 'kept' } } });
  assert.deepEqual(store.db.prepare('SELECT seq FROM dynamodb_stream_records').pluck().all(), [4]);
  assert.equal(c.streams.headById(id)!.last_seq, 4);
  store.close();
});

test('two stream stores on one database both forget a deleted page', async () => {
  const { store, read, c } = await streamWithRecords(70, 'before');
  const second = new StreamStore(store.db, c.clock);
  const viaSecond = (): string => second.readPage(1, 0, 64, second.headById(1)!.last_seq)!.texts.join(',');
  read(1000);
  assert.match(viaSecond(), /"before"/);
  store.db.prepare('DELETE FROM dynamodb_stream_pages').run();
  store.db.prepare("UPDATE dynamodb_stream_records SET wire = replace(wire, '\"before\"', '\"after\"')").run();
  assert.doesNotMatch(viaSecond(), /"before"/);
  assert.match(read(1000).records.map((r) => JSON.stringify(r)).join(','), /"after"/);
  store.close();
});

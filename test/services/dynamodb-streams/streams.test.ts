// DynamoDB Streams through @aws-sdk/client-dynamodb-streams and @aws-sdk/client-dynamodb against an in-memory kumo:
// records for every kind of write, iterators, retention and expiry on the runtime clock, and the seed's propagation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand,
  PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record, type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';

let kumo: TestKumo;
let ddb: DynamoDBClient;
let streams: DynamoDBStreamsClient;

before(async () => {
  // Only the services these tests call: advancing the clock by a day then runs no other service's periodic tasks.
  kumo = await startTestKumo({ services: ['dynamodb', 'dynamodb-streams'] });
  ddb = new DynamoDBClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  streams = new DynamoDBStreamsClient({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  ddb.destroy();
  streams.destroy();
  await kumo.stop();
});

type ViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

async function streamTable(viewType: ViewType, client = ddb): Promise<{ name: string; arn: string }> {
  const name = uniqueName('stream');
  const out = await client.send(new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
  }));
  return { name, arn: out.TableDescription!.LatestStreamArn! };
}

async function iterator(arn: string, type: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER', seq?: string, client = streams): Promise<string> {
  const d = await client.send(new DescribeStreamCommand({ StreamArn: arn }));
  const shard = d.StreamDescription!.Shards![0]!.ShardId!;
  const out = await client.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: type, SequenceNumber: seq }));
  return out.ShardIterator!;
}

async function readAll(arn: string): Promise<_Record[]> {
  const out = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, 'TRIM_HORIZON') }));
  return out.Records ?? [];
}

test('CreateTable with a stream names it in DescribeTable, DescribeStream and ListStreams', async () => {
  const { name, arn } = await streamTable('NEW_AND_OLD_IMAGES');
  const table = (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table!;
  assert.equal(table.LatestStreamArn, arn);
  assert.equal(arn, `${table.TableArn}/stream/${table.LatestStreamLabel}`);
  const d = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!;
  assert.equal(d.StreamStatus, 'ENABLED');
  assert.equal(d.StreamViewType, 'NEW_AND_OLD_IMAGES');
  assert.equal(d.TableName, name);
  assert.deepEqual(d.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  assert.equal(d.Shards!.length, 1);
  assert.match(d.Shards![0]!.SequenceNumberRange!.StartingSequenceNumber!, /^\d{21,}$/);
  assert.equal(d.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber, undefined);
  const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
  assert.deepEqual(listed.Streams, [{ StreamArn: arn, TableName: name, StreamLabel: table.LatestStreamLabel }]);
});

test('PutItem, UpdateItem and DeleteItem append INSERT, MODIFY and REMOVE with both images', async () => {
  const { name, arn } = await streamTable('NEW_AND_OLD_IMAGES');
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, v: { N: '1' } } }));
  await ddb.send(new UpdateItemCommand({ TableName: name, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
  // A put that changes nothing writes no record.
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, v: { N: '2' } } }));
  await ddb.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'a' } } }));
  const records = await readAll(arn);
  assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
  const [ins, mod, rem] = records as [_Record, _Record, _Record];
  assert.deepEqual(ins.dynamodb!.NewImage, { pk: { S: 'a' }, v: { N: '1' } });
  assert.equal(ins.dynamodb!.OldImage, undefined);
  assert.deepEqual(mod.dynamodb!.OldImage, { pk: { S: 'a' }, v: { N: '1' } });
  assert.deepEqual(mod.dynamodb!.NewImage, { pk: { S: 'a' }, v: { N: '2' } });
  assert.deepEqual(rem.dynamodb!.Keys, { pk: { S: 'a' } });
  assert.deepEqual(rem.dynamodb!.OldImage, { pk: { S: 'a' }, v: { N: '2' } });
  for (const r of records) {
    assert.equal(r.eventSource, 'aws:dynamodb');
    assert.equal(r.awsRegion, 'us-east-1');
    assert.match(r.eventID!, /^[0-9a-f]{32}$/);
    assert.match(r.dynamodb!.SequenceNumber!, /^\d{21,}$/);
    assert.ok(r.dynamodb!.SizeBytes! > 0);
    assert.ok(r.dynamodb!.ApproximateCreationDateTime instanceof Date);
  }
  const seqs = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
  assert.ok(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!, 'sequence numbers increase');
});

test('KEYS_ONLY, NEW_IMAGE and OLD_IMAGE carry only the images their view type names', async () => {
  for (const [view, hasNew, hasOld] of [['KEYS_ONLY', false, false], ['NEW_IMAGE', true, false], ['OLD_IMAGE', false, true]] as const) {
    const { name, arn } = await streamTable(view);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'k' }, v: { N: '1' } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'k' }, v: { N: '2' } } }));
    const mod = (await readAll(arn))[1]!;
    assert.equal(mod.eventName, 'MODIFY');
    assert.equal(mod.dynamodb!.StreamViewType, view);
    assert.deepEqual(mod.dynamodb!.Keys, { pk: { S: 'k' } });
    assert.equal(mod.dynamodb!.NewImage !== undefined, hasNew, `${view} NewImage`);
    assert.equal(mod.dynamodb!.OldImage !== undefined, hasOld, `${view} OldImage`);
  }
});

test('BatchWriteItem and TransactWriteItems append a record per item; a failed transaction appends none', async () => {
  const { name, arn } = await streamTable('NEW_IMAGE');
  await ddb.send(new BatchWriteItemCommand({ RequestItems: { [name]: ['b1', 'b2'].map((pk) => ({ PutRequest: { Item: { pk: { S: pk } } } })) } }));
  await ddb.send(new TransactWriteItemsCommand({ TransactItems: [
    { Put: { TableName: name, Item: { pk: { S: 't1' } } } },
    { Delete: { TableName: name, Key: { pk: { S: 'b1' } } } },
  ] }));
  await assertAwsError(ddb.send(new TransactWriteItemsCommand({ TransactItems: [
    { Put: { TableName: name, Item: { pk: { S: 't2' } } } },
    { ConditionCheck: { TableName: name, Key: { pk: { S: 'none' } }, ConditionExpression: 'attribute_exists(pk)' } },
  ] })), { code: 'TransactionCanceledException', status: 400 });
  const records = await readAll(arn);
  assert.deepEqual(records.map((r) => `${r.eventName}:${r.dynamodb!.Keys!['pk']!.S}`), ['INSERT:b1', 'INSERT:b2', 'INSERT:t1', 'REMOVE:b1']);
});

test('a GetRecords page larger than 64 KiB arrives whole with its Content-Length (not chunked), non-ASCII values and awsRegion intact', async () => {
  const { name, arn } = await streamTable('NEW_IMAGE');
  const text = 'Grüße, 東京 😀 '.repeat(1_500); // ~30 KB of UTF-8 per item: the body spans several chunks
  for (let i = 0; i < 6; i++) await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: `k${i}` }, t: { S: `${i}${text}` } } }));
  // The raw response headers of each GetRecords call, seen below the SDK's deserializer.
  const heads: Record<string, string>[] = [];
  const client = new DynamoDBStreamsClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  client.middlewareStack.add((next) => async (args) => {
    const out = await next(args);
    heads.push((out.response as { headers: Record<string, string> }).headers);
    return out;
  }, { step: 'deserialize', name: 'captureHeaders' });
  const records = (await client.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, 'TRIM_HORIZON') }))).Records ?? [];
  client.destroy();
  assert.equal(heads.length, 1);
  const first = heads[0]!;
  assert.equal(first['transfer-encoding'], undefined);
  assert.ok(Number(first['content-length']) > 6 * 30_000, `content-length ${first['content-length']}`);
  assert.equal(records.length, 6);
  records.forEach((r, i) => {
    assert.equal(r.awsRegion, 'us-east-1');
    assert.equal(r.dynamodb!.NewImage!['t']!.S, `${i}${text}`);
  });
});

test('GetShardIterator positions: LATEST, AT_ and AFTER_SEQUENCE_NUMBER; GetRecords pages with Limit', async () => {
  const { name, arn } = await streamTable('KEYS_ONLY');
  for (const pk of ['1', '2', '3']) await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
  const latest = await iterator(arn, 'LATEST');
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: '4' } } }));
  const afterLatest = await streams.send(new GetRecordsCommand({ ShardIterator: latest }));
  assert.deepEqual(afterLatest.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['4']);
  const all = await readAll(arn);
  const second = all[1]!.dynamodb!.SequenceNumber!;
  const at = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, 'AT_SEQUENCE_NUMBER', second), Limit: 2 }));
  assert.deepEqual(at.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['2', '3']);
  const next = await streams.send(new GetRecordsCommand({ ShardIterator: at.NextShardIterator! }));
  assert.deepEqual(next.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['4']);
  const afterSeq = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, 'AFTER_SEQUENCE_NUMBER', second) }));
  assert.deepEqual(afterSeq.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['3', '4']);
  // An open shard always hands out a next iterator, even with nothing new.
  const empty = await streams.send(new GetRecordsCommand({ ShardIterator: next.NextShardIterator! }));
  assert.deepEqual(empty.Records, []);
  assert.ok(empty.NextShardIterator);
});

test('an iterator expires after 15 minutes on the clock; a bad one is a ValidationException', async () => {
  const { arn } = await streamTable('KEYS_ONLY');
  const it = await iterator(arn, 'TRIM_HORIZON');
  await kumo.advance(15 * 60 + 1);
  await assertAwsError(streams.send(new GetRecordsCommand({ ShardIterator: it })), { code: 'ExpiredIteratorException', status: 400 });
  await assertAwsError(streams.send(new GetRecordsCommand({ ShardIterator: `${arn}|1|bm9wZQ` })), { code: 'ValidationException', status: 400 });
});

test('records older than 24 hours are trimmed; reading them is TrimmedDataAccessException', async () => {
  const { name, arn } = await streamTable('KEYS_ONLY');
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'old' } } }));
  const old = (await readAll(arn))[0]!.dynamodb!.SequenceNumber!;
  const early = await iterator(arn, 'TRIM_HORIZON');
  await kumo.advance(14 * 60);
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'new' } } }));
  await kumo.advance(24 * 3600 - 14 * 60 + 120);
  assert.deepEqual((await readAll(arn)).map((r) => r.dynamodb!.Keys!['pk']!.S), ['new']);
  // The iterator is younger than 15 minutes only if made now; the early one is both expired and trimmed.
  await assertAwsError(streams.send(new GetRecordsCommand({ ShardIterator: early })), { code: 'ExpiredIteratorException', status: 400 });
  const d = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  await assertAwsError(streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: d.StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: old,
  })), { code: 'TrimmedDataAccessException', status: 400 });
});

test('TTL deletions carry the DynamoDB service identity', async () => {
  const { name, arn } = await streamTable('OLD_IMAGE');
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } }));
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'gone' }, exp: { N: String(Math.floor(Date.now() / 1000) - 10) } } }));
  await kumo.advance(10);
  const rem = (await readAll(arn)).find((r) => r.eventName === 'REMOVE');
  assert.ok(rem, 'the TTL deletion has a record');
  assert.deepEqual(rem.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
});

test('disabling the stream closes its shard; enabling again gives a new ARN', async () => {
  const { name, arn } = await streamTable('KEYS_ONLY');
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' } } }));
  await ddb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'y' } } }));
  const d = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!;
  assert.equal(d.StreamStatus, 'DISABLED');
  const range = d.Shards![0]!.SequenceNumberRange!;
  assert.match(range.EndingSequenceNumber!, /^\d{21,}$/);
  const end = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, 'TRIM_HORIZON') }));
  assert.deepEqual(end.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['x']);
  assert.equal(end.NextShardIterator, undefined, 'a closed shard read to its end has no next iterator');
  await kumo.advance(1);
  const again = await ddb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
  assert.notEqual(again.TableDescription!.LatestStreamArn, arn);
  const listed = await streams.send(new ListStreamsCommand({ TableName: name, Limit: 1 }));
  assert.equal(listed.Streams!.length, 1);
  assert.equal(listed.LastEvaluatedStreamArn, arn);
  const rest = await streams.send(new ListStreamsCommand({ TableName: name, ExclusiveStartStreamArn: listed.LastEvaluatedStreamArn }));
  assert.deepEqual(rest.Streams!.map((s) => s.StreamArn), [again.TableDescription!.LatestStreamArn]);
  await ddb.send(new DeleteTableCommand({ TableName: name }));
  const closed = await streams.send(new DescribeStreamCommand({ StreamArn: again.TableDescription!.LatestStreamArn! }));
  assert.equal(closed.StreamDescription!.StreamStatus, 'DISABLED');
});

test('an unknown stream is ResourceNotFoundException', async () => {
  const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000';
  await assertAwsError(streams.send(new DescribeStreamCommand({ StreamArn: arn })), {
    code: 'ResourceNotFoundException', status: 400, message: `Requested resource not found: Stream: ${arn} not found`,
  });
});

test('a worker reading the stream reproduces the table in another region (the seed propagation pattern), across a shard roll', async () => {
  const west = new DynamoDBClient({ ...kumo.clientConfig('test', 'us-west-2'), maxAttempts: 1 });
  try {
    const { name, arn } = await streamTable('NEW_AND_OLD_IMAGES');
    await west.send(new CreateTableCommand({
      TableName: name, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }));
    // A worker as the Kinesis adapter runs one: a checkpoint (shard and last sequence number) that survives expired
    // iterators, and a closed shard read to its end hands over to its child (ParentShardId), so order is kept.
    let shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards![0]!.ShardId!;
    let checkpoint: string | undefined;
    const start = async (): Promise<string> => (await streams.send(new GetShardIteratorCommand({
      StreamArn: arn, ShardId: shardId, ShardIteratorType: checkpoint ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON', SequenceNumber: checkpoint,
    }))).ShardIterator!;
    const worker = async (): Promise<void> => {
      let position = await start();
      for (;;) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: position, Limit: 2 }));
        for (const r of out.Records!) {
          if (r.eventName === 'REMOVE') await west.send(new DeleteItemCommand({ TableName: name, Key: r.dynamodb!.Keys }));
          else await west.send(new PutItemCommand({ TableName: name, Item: r.dynamodb!.NewImage }));
          checkpoint = r.dynamodb!.SequenceNumber;
        }
        if (out.NextShardIterator === undefined) {
          const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!;
          const child = shards.find((x) => x.ParentShardId === shardId);
          if (!child) return;
          shardId = child.ShardId!;
          checkpoint = undefined;
          position = await start();
          continue;
        }
        position = out.NextShardIterator;
        if (out.Records!.length === 0) return;
      }
    };
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'u1' }, theme: { S: 'dark' } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'u2' }, theme: { S: 'light' } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'u3' }, theme: { S: 'blue' } } }));
    await worker();
    await ddb.send(new UpdateItemCommand({ TableName: name, Key: { pk: { S: 'u1' } }, UpdateExpression: 'SET theme = :t', ExpressionAttributeValues: { ':t': { S: 'solar' } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'u3' }, theme: { S: 'green' } } }));
    // Four hours on the clock: the shard holding the writes above closes and a child opens for the next ones.
    await kumo.advance(4 * 3600 + 60);
    await ddb.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'u2' } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'u3' }, theme: { S: 'red' } } }));
    const first = shardId;
    await worker();
    assert.notEqual(shardId, first, 'the worker moved to the child shard');
    const get = async (pk: string) => (await west.send(new GetItemCommand({ TableName: name, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
    assert.deepEqual(await get('u1'), { pk: { S: 'u1' }, theme: { S: 'solar' } });
    assert.equal(await get('u2'), undefined);
    assert.deepEqual(await get('u3'), { pk: { S: 'u3' }, theme: { S: 'red' } });
  } finally {
    west.destroy();
  }
});

test('every 4 hours the open shard closes and a child opens; the parent drains then ends; retention drops closed shards', async () => {
  const { name, arn } = await streamTable('KEYS_ONLY');
  const put = (pk: string) => ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
  await put('a1');
  await put('a2');
  await kumo.advance(4 * 3600 + 60);
  await put('b1');
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!;
  assert.equal(shards.length, 2);
  const [parent, child] = shards as [Shard, Shard];
  const seqs = (await readAll(arn)).map((r) => r.dynamodb!.SequenceNumber!);
  assert.equal(seqs.length, 2, 'the first shard holds the two writes before the roll');
  assert.deepEqual(parent.SequenceNumberRange, { StartingSequenceNumber: seqs[0], EndingSequenceNumber: seqs[1] });
  assert.equal(parent.ParentShardId, undefined);
  assert.equal(child.ParentShardId, parent.ShardId);
  assert.equal(child.SequenceNumberRange!.EndingSequenceNumber, undefined, 'the child is open');
  assert.equal(BigInt(child.SequenceNumberRange!.StartingSequenceNumber!), BigInt(seqs[1]!) + 1n);
  // The closed shard gives its records, then no next iterator; the child has the write after the roll.
  const at = async (shard: Shard, type: 'TRIM_HORIZON' | 'LATEST') => (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: type }))).ShardIterator!;
  const one = await streams.send(new GetRecordsCommand({ ShardIterator: await at(parent, 'TRIM_HORIZON'), Limit: 1 }));
  assert.deepEqual(one.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['a1']);
  const two = await streams.send(new GetRecordsCommand({ ShardIterator: one.NextShardIterator! }));
  assert.deepEqual(two.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['a2']);
  assert.equal(two.NextShardIterator, undefined);
  const latest = await streams.send(new GetRecordsCommand({ ShardIterator: await at(parent, 'LATEST') }));
  assert.deepEqual([latest.Records, latest.NextShardIterator], [[], undefined]);
  const fromChild = await streams.send(new GetRecordsCommand({ ShardIterator: await at(child, 'TRIM_HORIZON') }));
  assert.deepEqual(fromChild.Records!.map((r) => r.dynamodb!.Keys!['pk']!.S), ['b1']);
  assert.ok(fromChild.NextShardIterator);
  const children = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ShardFilter: { Type: 'CHILD_SHARDS', ShardId: parent.ShardId } }));
  assert.deepEqual(children.StreamDescription!.Shards!.map((x) => x.ShardId), [child.ShardId]);
  const paged = await streams.send(new DescribeStreamCommand({ StreamArn: arn, Limit: 1 }));
  assert.equal(paged.StreamDescription!.LastEvaluatedShardId, parent.ShardId);
  // A day later every record of the first shard is past retention: the shard is no longer listed or readable.
  // (Retention runs once a minute, so two more minutes than a day.)
  await kumo.advance(24 * 3600 + 120);
  const later = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!;
  assert.ok(!later.some((x) => x.ShardId === parent.ShardId));
  assert.equal(later[0]!.ShardId, child.ShardId, 'the child (closed since) is now the oldest shard');
  assert.ok(later[0]!.SequenceNumberRange!.EndingSequenceNumber);
  await assertAwsError(streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: parent.ShardId, ShardIteratorType: 'TRIM_HORIZON' })), {
    code: 'ResourceNotFoundException', status: 400,
  });
});

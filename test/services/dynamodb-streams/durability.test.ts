// DynamoDB Streams under kill -9: a `kumo start` child acknowledges writes to a table with a stream, is SIGKILLed,
// and after a restart on the same directory the stream holds exactly one record per acknowledged write; a
// propagation worker resumes from its last sequence number. Also `aws dynamodbstreams` against the restarted server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { awsCliFor } from '../../support/aws-cli.js';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const TABLE = 'settings';
const WRITES = 20;
let dataDir: string;
let server: SpawnedKumo | undefined;
let streamArn = '';
/** The sequence number a worker had read up to before the kill. */
let checkpoint = '';

function config(kumo: SpawnedKumo) {
  return { endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
}

async function shardOf(streams: DynamoDBStreamsClient): Promise<string> {
  return (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards![0]!.ShardId!;
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kumo-ddbs-durability-'));
  const first = await spawnKumo(['--data-dir', dataDir]);
  const ddb = new DynamoDBClient(config(first));
  const streams = new DynamoDBStreamsClient(config(first));
  try {
    const created = await ddb.send(new CreateTableCommand({
      TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'user', AttributeType: 'S' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }));
    streamArn = created.TableDescription!.LatestStreamArn!;
    for (let i = 0; i < WRITES; i++) {
      await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { user: { S: `u${i}` }, theme: { S: 'dark' } } }));
      if (i === 9) {
        const it = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: await shardOf(streams), ShardIteratorType: 'TRIM_HORIZON' }));
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator!, Limit: 10 }));
        checkpoint = page.Records!.at(-1)!.dynamodb!.SequenceNumber!;
      }
    }
  } finally {
    ddb.destroy();
    streams.destroy();
    assert.equal(await first.stop('SIGKILL'), 'SIGKILL');
  }
  server = await spawnKumo(['--data-dir', dataDir]);
});

after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('after kill -9 the stream has one record per acknowledged write, and a worker resumes after its checkpoint', async () => {
  const streams = new DynamoDBStreamsClient(config(server!));
  try {
    const shard = await shardOf(streams);
    const all = await streams.send(new GetRecordsCommand({
      ShardIterator: (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!,
    }));
    assert.deepEqual(all.Records!.map((r) => r.dynamodb!.Keys!['user']!.S), Array.from({ length: WRITES }, (_, i) => `u${i}`));
    const resumed = await streams.send(new GetRecordsCommand({
      ShardIterator: (await streams.send(new GetShardIteratorCommand({
        StreamArn: streamArn, ShardId: shard, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: checkpoint,
      }))).ShardIterator!,
    }));
    assert.deepEqual(resumed.Records!.map((r) => r.dynamodb!.Keys!['user']!.S), Array.from({ length: WRITES - 10 }, (_, i) => `u${i + 10}`));
    // A write after the restart continues the sequence.
    const ddb = new DynamoDBClient(config(server!));
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { user: { S: 'late' } } }));
    ddb.destroy();
    const next = await streams.send(new GetRecordsCommand({ ShardIterator: all.NextShardIterator! }));
    assert.deepEqual(next.Records!.map((r) => r.dynamodb!.Keys!['user']!.S), ['late']);
    assert.ok(BigInt(next.Records![0]!.dynamodb!.SequenceNumber!) > BigInt(all.Records!.at(-1)!.dynamodb!.SequenceNumber!));
  } finally {
    streams.destroy();
  }
});

test('aws dynamodbstreams list-streams, describe-stream, get-shard-iterator and get-records', () => {
  const { awsJson } = awsCliFor(() => server!.url);
  const listed = awsJson(['dynamodbstreams', 'list-streams', '--table-name', TABLE])['Streams'] as { StreamArn: string }[];
  assert.deepEqual(listed.map((s) => s.StreamArn), [streamArn]);
  const described = awsJson(['dynamodbstreams', 'describe-stream', '--stream-arn', streamArn])['StreamDescription'] as { Shards: { ShardId: string }[]; StreamStatus: string };
  assert.equal(described.StreamStatus, 'ENABLED');
  const it = awsJson(['dynamodbstreams', 'get-shard-iterator', '--stream-arn', streamArn, '--shard-id', described.Shards[0]!.ShardId, '--shard-iterator-type', 'TRIM_HORIZON'])['ShardIterator'] as string;
  const records = awsJson(['dynamodbstreams', 'get-records', '--shard-iterator', it, '--limit', '3'])['Records'] as { eventName: string; dynamodb: { Keys: unknown } }[];
  assert.deepEqual(records.map((r) => [r.eventName, r.dynamodb.Keys]), [0, 1, 2].map((i) => ['INSERT', { user: { S: `u${i}` } }]));
});

// DynamoDB under kill -9: a `kumo start` child on a data directory acknowledges table creation, puts, updates,
// deletes, a batch and a transaction, is SIGKILLed, and restarts on the same directory with all of it intact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const TABLE = 'durable-orders';
const PLAIN = 'durable-plain';
const CUSTOMERS = ['c0', 'c1', 'c2'];
const PER_CUSTOMER = 10;

type Item = Record<string, AttributeValue>;

let dataDir: string;
let server: SpawnedKumo | undefined;
let client: DynamoDBClient | undefined;
/** What the table must hold after the restart, keyed `${pk}/${sk}`. */
const expected = new Map<string, Item>();

function connect(kumo: SpawnedKumo): DynamoDBClient {
  return new DynamoDBClient({ endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

function order(pk: string, sk: number, status: string, amount: number): Item {
  return { pk: { S: pk }, sk: { N: String(sk) }, status: { S: status }, amount: { N: String(amount) }, placed: { S: `2026-01-${String(sk + 1).padStart(2, '0')}` } };
}

function id(item: Item): string {
  return `${item['pk']!.S!}/${item['sk']!.N!}`;
}

/** Every kind of write, each awaited (acknowledged) before the next, recording what must survive. */
async function workBeforeKill(ddb: DynamoDBClient): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'placed', AttributeType: 'S' },
      ],
      LocalSecondaryIndexes: [{ IndexName: 'byPlaced', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'placed', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      GlobalSecondaryIndexes: [
        { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['amount'] } },
      ],
    }),
  );
  await ddb.send(new CreateTableCommand({ TableName: PLAIN, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: PLAIN, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
  await ddb.send(new PutItemCommand({ TableName: PLAIN, Item: { id: { S: 'only' }, blob: { B: new Uint8Array([1, 2, 3]) }, set: { NS: ['1', '2'] } } }));

  for (const pk of CUSTOMERS) {
    for (let sk = 0; sk < PER_CUSTOMER; sk++) {
      const item = order(pk, sk, sk % 3 === 0 ? 'open' : 'shipped', sk * 10);
      await ddb.send(new PutItemCommand({ TableName: TABLE, Item: item }));
      expected.set(id(item), item);
    }
  }
  // Updates, one of which moves an item into the GSI partition 'open' and one out of it.
  const updated = await ddb.send(
    new UpdateItemCommand({
      TableName: TABLE, Key: { pk: { S: 'c0' }, sk: { N: '1' } }, UpdateExpression: 'SET #s = :o, amount = amount + :d',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':o': { S: 'open' }, ':d': { N: '5' } }, ReturnValues: 'ALL_NEW',
    }),
  );
  expected.set('c0/1', updated.Attributes!);
  const closed = await ddb.send(
    new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'c1' }, sk: { N: '0' } }, UpdateExpression: 'REMOVE #s', ExpressionAttributeNames: { '#s': 'status' }, ReturnValues: 'ALL_NEW' }),
  );
  expected.set('c1/0', closed.Attributes!);
  // Deletes: single and batched, plus a batched put.
  await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: 'c2' }, sk: { N: '9' } } }));
  expected.delete('c2/9');
  const batchPut = order('c3', 0, 'open', 1);
  await ddb.send(
    new BatchWriteItemCommand({
      RequestItems: { [TABLE]: [{ DeleteRequest: { Key: { pk: { S: 'c2' }, sk: { N: '8' } } } }, { PutRequest: { Item: batchPut } }] },
    }),
  );
  expected.delete('c2/8');
  expected.set(id(batchPut), batchPut);
  // A transaction touching three items.
  const txPut = order('c3', 1, 'open', 99);
  await ddb.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: txPut, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: TABLE, Key: { pk: { S: 'c0' }, sk: { N: '0' } }, UpdateExpression: 'SET amount = :t', ExpressionAttributeValues: { ':t': { N: '1234' } } } },
        { Delete: { TableName: TABLE, Key: { pk: { S: 'c1' }, sk: { N: '3' } } } },
      ],
    }),
  );
  expected.set(id(txPut), txPut);
  expected.set('c0/0', { ...expected.get('c0/0')!, amount: { N: '1234' } });
  expected.delete('c1/3');
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kumo-ddb-durability-'));
  const first = await spawnKumo(['--data-dir', dataDir]);
  const ddb = connect(first);
  try {
    await workBeforeKill(ddb);
  } finally {
    ddb.destroy();
    // Killed whether or not the work finished: a failed setup must not leave the child running.
    assert.equal(await first.stop('SIGKILL'), 'SIGKILL');
  }
  server = await spawnKumo(['--data-dir', dataDir]);
  client = connect(server);
});

after(async () => {
  client?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function scanAll(ddb: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

test('every acknowledged item write survives kill -9, and deleted items stay deleted', async () => {
  const items = await scanAll(client!, TABLE);
  const byId = new Map(items.map((i) => [id(i), i]));
  assert.deepEqual([...byId.keys()].sort(), [...expected.keys()].sort());
  for (const [key, item] of expected) assert.deepEqual(byId.get(key), item, key);
  const got = await client!.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'c0' }, sk: { N: '0' } }, ConsistentRead: true }));
  assert.equal(got.Item?.['amount']?.N, '1234', 'the transaction update is there');
  const plain = await client!.send(new GetItemCommand({ TableName: PLAIN, Key: { id: { S: 'only' } }, ConsistentRead: true }));
  assert.deepEqual(Array.from(plain.Item?.['blob']?.B ?? []), [1, 2, 3]);
  assert.deepEqual(plain.Item?.['set']?.NS, ['1', '2']);
});

test('GSI and LSI queries after the restart answer from the surviving items', async () => {
  const open = await client!.send(
    new QueryCommand({ TableName: TABLE, IndexName: 'byStatus', KeyConditionExpression: '#s = :o', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':o': { S: 'open' } } }),
  );
  const wantOpen = [...expected.values()].filter((i) => i['status']?.S === 'open');
  assert.equal(open.Count, wantOpen.length);
  const projected = (i: Item) => ({ pk: i['pk'], sk: i['sk'], status: i['status'], amount: i['amount'] });
  const sortKey = (i: Item) => `${i['sk']!.N!.padStart(4, '0')}/${i['pk']!.S!}`;
  const sorted = (list: Item[]) => [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  assert.deepEqual(sorted(open.Items ?? []), sorted(wantOpen).map(projected));

  const placed = await client!.send(
    new QueryCommand({ TableName: TABLE, IndexName: 'byPlaced', KeyConditionExpression: 'pk = :c AND placed >= :d', ExpressionAttributeValues: { ':c': { S: 'c1' }, ':d': { S: '2026-01-01' } }, ConsistentRead: true }),
  );
  const wantPlaced = [...expected.values()].filter((i) => i['pk']!.S === 'c1').sort((a, b) => (a['placed']!.S! < b['placed']!.S! ? -1 : 1));
  assert.deepEqual(placed.Items, wantPlaced.map((i) => ({ pk: i['pk'], sk: i['sk'], placed: i['placed'] })));
});

test('DescribeTable and DescribeTimeToLive after the restart report the indexes, item counts and TTL setting', async () => {
  const { Table } = await client!.send(new DescribeTableCommand({ TableName: TABLE }));
  assert.equal(Table?.TableStatus, 'ACTIVE');
  assert.equal(Table?.ItemCount, expected.size);
  assert.equal(Table?.LocalSecondaryIndexes?.[0]?.IndexName, 'byPlaced');
  assert.equal(Table?.LocalSecondaryIndexes?.[0]?.ItemCount, expected.size);
  const gsi = Table?.GlobalSecondaryIndexes?.[0];
  assert.equal(gsi?.IndexName, 'byStatus');
  assert.equal(gsi?.ItemCount, [...expected.values()].filter((i) => i['status'] !== undefined).length, 'the sparse GSI counts items with a status');
  const plain = await client!.send(new DescribeTableCommand({ TableName: PLAIN }));
  assert.equal(plain.Table?.ItemCount, 1);
  const ttl = await client!.send(new DescribeTimeToLiveCommand({ TableName: PLAIN }));
  assert.deepEqual(ttl.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
});

// DynamoDB isolation under concurrency over a real socket: transfers between accounts as TransactWriteItems race
// with TransactGetItems and strongly consistent Query/Scan readers; no reader ever sees half a transfer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import {
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createTable, useDynamo } from './dynamodb-support.js';
import { seededRandom } from '../../support/seeded-random.js';

const ACCOUNTS = 8;
const OPENING = 100;
const TOTAL = ACCOUNTS * OPENING;
const WRITERS = 8;
const TRANSFERS_PER_WRITER = 40;
const READERS = 4;

let client: DynamoDBClient;
let table: string;
const harness = useDynamo(async (h) => {
  // Many sockets, so writers and readers really are in flight at the server at the same time.
  client = new DynamoDBClient({ ...h.kumo.clientConfig(), maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }) });
  table = await createTable(h.client, 'S');
  for (let i = 0; i < ACCOUNTS; i++) {
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'bank' }, sk: { S: account(i) }, balance: { N: String(OPENING) } } }));
  }
});

function account(i: number): string {
  return `acct-${i}`;
}


function sum(items: (Record<string, AttributeValue> | undefined)[]): number {
  return items.reduce((n, item) => n + Number(item?.['balance']?.N ?? 'NaN'), 0);
}

interface Tally {
  committed: number;
  conditionFailed: number;
  conflicts: number;
  reads: number;
  broken: string[];
}

test('concurrent transfers keep the total constant for every transactional and strongly consistent reader', async () => {
  assert.ok(harness.kumo);
  const tally: Tally = { committed: 0, conditionFailed: 0, conflicts: 0, reads: 0, broken: [] };
  const expected = Array.from({ length: ACCOUNTS }, () => OPENING);
  let writing = true;

  const transfer = async (from: number, to: number, amount: number): Promise<void> => {
    const key = (i: number) => ({ pk: { S: 'bank' }, sk: { S: account(i) } });
    try {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: table, Key: key(from), UpdateExpression: 'SET balance = balance - :m', ConditionExpression: 'balance >= :m', ExpressionAttributeValues: { ':m': { N: String(amount) } } } },
            { Update: { TableName: table, Key: key(to), UpdateExpression: 'SET balance = balance + :m', ExpressionAttributeValues: { ':m': { N: String(amount) } } } },
          ],
        }),
      );
      tally.committed += 1;
      expected[from]! -= amount;
      expected[to]! += amount;
    } catch (e) {
      assert.ok(e instanceof TransactionCanceledException, `unexpected ${String(e)}`);
      const codes = (e.CancellationReasons ?? []).map((r) => r.Code);
      if (codes.includes('TransactionConflict')) tally.conflicts += 1;
      else {
        assert.deepEqual(codes, ['ConditionalCheckFailed', 'None']);
        tally.conditionFailed += 1;
      }
    }
  };

  const writer = async (w: number): Promise<void> => {
    const next = seededRandom(1000 + w);
    for (let i = 0; i < TRANSFERS_PER_WRITER; i++) {
      const from = Math.floor(next() * ACCOUNTS);
      const to = (from + 1 + Math.floor(next() * (ACCOUNTS - 1))) % ACCOUNTS;
      await transfer(from, to, 1 + Math.floor(next() * 80));
    }
  };

  const keys = Array.from({ length: ACCOUNTS }, (_, i) => ({ Get: { TableName: table, Key: { pk: { S: 'bank' }, sk: { S: account(i) } } } }));
  const check = (how: string, total: number): void => {
    tally.reads += 1;
    if (total !== TOTAL) tally.broken.push(`${how} saw ${total}`);
  };
  const reader = async (r: number): Promise<void> => {
    while (writing) {
      if (r % 3 === 0) {
        const { Responses = [] } = await client.send(new TransactGetItemsCommand({ TransactItems: keys }));
        check('TransactGetItems', sum(Responses.map((x) => x.Item)));
      } else if (r % 3 === 1) {
        const { Items = [] } = await client.send(
          new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :b', ExpressionAttributeValues: { ':b': { S: 'bank' } }, ConsistentRead: true }),
        );
        check('Query', sum(Items));
      } else {
        const { Items = [] } = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
        check('Scan', sum(Items));
      }
    }
  };

  try {
    const readers = Array.from({ length: READERS }, (_, r) => reader(r));
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    await Promise.all(readers);
  } finally {
    writing = false;
    client.destroy();
  }

  const attempts = WRITERS * TRANSFERS_PER_WRITER;
  assert.equal(tally.committed + tally.conditionFailed + tally.conflicts, attempts, 'every transfer either committed or was cancelled');
  assert.ok(tally.committed > attempts / 2, `most transfers commit (${tally.committed} of ${attempts})`);
  assert.ok(tally.reads >= READERS, `readers ran alongside the writers (${tally.reads} reads)`);
  assert.deepEqual(tally.broken, [], 'no reader saw half a transfer');

  const { Items = [] } = await harness.client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :b', ExpressionAttributeValues: { ':b': { S: 'bank' } }, ConsistentRead: true }),
  );
  assert.deepEqual(Items.map((i) => Number(i['balance']!.N)), expected, 'balances equal the committed transfers replayed: no lost update');
  assert.ok(Items.every((i) => Number(i['balance']!.N) >= 0), 'the condition kept every balance non-negative');
});

// DynamoDB scenarios: PutItem, GetItem, a 100-item Query and a 4-put TransactWriteItems on ~190-byte items (server CPU
// per op, next to the provider's own share in process), and a 1,000,000-item BatchWriteItem load with RSS and Query cost.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeClock } from '../../src/runtime/clock.js';
import type { RequestContext } from '../../src/core/request-context.js';
import { itemSize, type AttributeMap } from '../../src/services/dynamodb/attribute-value.js';
import { dynamodbApi, type DynamodbTestApi } from '../../src/services/dynamodb/testing.js';
import { openStateStore } from '../../src/store/state-store.js';
import { closedLoop, cpuMs, formatResult, rssMiB, startServer, type BenchServer } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';

export const TABLE = 'bench';
const WARM_UP = 3_000;
const QUERY_PAGE = 100;
const LOAD_ITEMS = 1_000_000;
const SMALL_ITEMS = 1_000;
const LOAD_WORKERS = 16;
const BATCH = 25;
/** The RSS ceiling the load must stay under (the requirement). */
const RSS_LIMIT_MIB = 150;

type Item = Record<string, AttributeValue>;

/** A ~190-byte order item by DynamoDB's size rules (names plus values): benchItem('p00001', 1) has sk 'o000001'. */
export function benchItem(partition: string, n: number): Item {
  return {
    pk: { S: partition },
    sk: { S: `o${String(n).padStart(6, '0')}` },
    status: { S: n % 3 === 0 ? 'SHIPPED' : 'PENDING' },
    amount: { N: String(1000 + (n % 9000)) },
    email: { S: `customer${n % 10_000}@example.com` },
    address: { S: `${n % 999} Long Street, Springfield 12345` },
    created: { S: '2026-11-30T17:00:00.000Z' },
    items: { N: String(1 + (n % 5)) },
    note: { S: 'please leave it by the front door, thank you.' },
  };
}

function partitionName(p: number): string {
  return `p${String(Math.abs(p)).padStart(5, '0')}`;
}

const CREATE_TABLE = {
  TableName: TABLE,
  BillingMode: 'PAY_PER_REQUEST' as const,
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }, { AttributeName: 'sk', AttributeType: 'S' as const }],
};

const QUERY_INPUT = (partition: string) => ({
  TableName: TABLE,
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': { S: partition } },
});

function transactInput(worker: number, i: number) {
  return { TransactItems: Array.from({ length: 4 }, (_, j) => ({ Put: { TableName: TABLE, Item: benchItem(`tx${worker}`, i * 4 + j) } })) };
}

export async function withDynamo<T>(run: (server: BenchServer, ddb: DynamoDBClient) => Promise<T>): Promise<T> {
  const server = await startServer();
  const ddb = new DynamoDBClient(sdkConfig(server.url));
  try {
    await ddb.send(new CreateTableCommand(CREATE_TABLE));
    return await run(server, ddb);
  } finally {
    ddb.destroy();
    await server.stop();
  }
}

/** Writes items [from, to) of the layout: 100 items per partition, in BatchWriteItem calls of 25 from `workers` loops. */
async function load(ddb: DynamoDBClient, from: number, to: number, workers: number, onBatch?: () => void): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let start = next; start < to; start = next) {
        next += BATCH;
        const requests: WriteRequest[] = [];
        for (let n = start; n < Math.min(start + BATCH, to); n++) requests.push({ PutRequest: { Item: benchItem(partitionName(Math.floor(n / QUERY_PAGE)), n) } });
        let pending: Record<string, WriteRequest[]> | undefined = { [TABLE]: requests };
        while (pending && Object.keys(pending).length > 0) {
          pending = (await ddb.send(new BatchWriteItemCommand({ RequestItems: pending }))).UnprocessedItems;
        }
        onBatch?.();
      }
    }),
  );
}

/**
 * DynamoDB's own share: the provider in this process on a file-backed store (no HTTP, no gateway, no codec), CPU ms
 * per call after a warm-up. Inputs are the objects the JSON codec would hand it.
 */
export async function providerCpuMs(ops: number, prepare: (p: DynamodbTestApi, ctx: RequestContext) => Promise<void>, call: (p: DynamodbTestApi, ctx: RequestContext, i: number) => Promise<unknown>): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-ddb-'));
  const store = openStateStore({ dataDir });
  try {
    const provider = dynamodbApi({ store, clock: new RuntimeClock() });
    const ctx: RequestContext = {
      requestId: 'bench', service: 'dynamodb', operation: 'bench', account: '000000000000', region: 'us-east-1',
      accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'json', startedAt: 0,
    };
    await provider.createTable(ctx, CREATE_TABLE);
    await prepare(provider, ctx);
    for (let i = 0; i < WARM_UP; i++) await call(provider, ctx, -1 - i);
    const before = process.cpuUsage();
    for (let i = 0; i < ops; i++) await call(provider, ctx, i);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / ops;
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function providerLine(label: string, ms: number): string {
  return `  ${label.padEnd(32)} CPU ${ms.toFixed(3)} ms/op (DynamodbTestApi in process on a file store, no HTTP)`;
}

async function fillPartition(p: DynamodbTestApi, ctx: RequestContext, partition: string): Promise<void> {
  for (let n = 0; n < QUERY_PAGE; n++) await p.putItem(ctx, { TableName: TABLE, Item: benchItem(partition, n) });
}

export const dynamodbPutItem: Scenario = {
  name: 'dynamodb-put',
  async run({ ops, workers }) {
    const size = itemSize(benchItem(partitionName(0), 0) as AttributeMap);
    const server = await withDynamo(async (srv, ddb) => {
      await closedLoop(srv, workers, WARM_UP, (w, i) => ddb.send(new PutItemCommand({ TableName: TABLE, Item: benchItem(`warm${w}`, -i) })));
      return closedLoop(srv, workers, ops, (w, i) => ddb.send(new PutItemCommand({ TableName: TABLE, Item: benchItem(`w${w}`, i) })));
    });
    const provider = await providerCpuMs(ops, async () => {}, (p, ctx, i) => p.putItem(ctx, { TableName: TABLE, Item: benchItem('p', i + WARM_UP) }));
    return [formatResult(`DynamoDB PutItem ${size} B`, server), providerLine('PutItem, provider alone', provider)];
  },
};

export const dynamodbGetItem: Scenario = {
  name: 'dynamodb-get',
  async run({ ops, workers }) {
    const key = (n: number) => ({ pk: { S: partitionName(0) }, sk: { S: `o${String(Math.abs(n) % QUERY_PAGE).padStart(6, '0')}` } });
    const server = await withDynamo(async (srv, ddb) => {
      await load(ddb, 0, QUERY_PAGE, 4);
      await closedLoop(srv, workers, WARM_UP, (_w, i) => ddb.send(new GetItemCommand({ TableName: TABLE, Key: key(-i) })));
      return closedLoop(srv, workers, ops, (_w, i) => ddb.send(new GetItemCommand({ TableName: TABLE, Key: key(i) })));
    });
    const provider = await providerCpuMs(ops, (p, ctx) => fillPartition(p, ctx, partitionName(0)), (p, ctx, i) => p.getItem(ctx, { TableName: TABLE, Key: key(i) }));
    return [formatResult('DynamoDB GetItem', server), providerLine('GetItem, provider alone', provider)];
  },
};

export const dynamodbQuery100: Scenario = {
  name: 'dynamodb-query-100',
  async run({ ops, workers }) {
    const server = await withDynamo(async (srv, ddb) => {
      await load(ddb, 0, QUERY_PAGE * 10, 4);
      const check = await ddb.send(new QueryCommand(QUERY_INPUT(partitionName(3))));
      if (check.Count !== QUERY_PAGE) throw new Error(`query returned ${check.Count} items, not ${QUERY_PAGE}`);
      await closedLoop(srv, workers, WARM_UP, (_w, i) => ddb.send(new QueryCommand(QUERY_INPUT(partitionName(i % 10)))));
      return closedLoop(srv, workers, ops, (_w, i) => ddb.send(new QueryCommand(QUERY_INPUT(partitionName(i % 10)))));
    });
    const provider = await providerCpuMs(ops, (p, ctx) => fillPartition(p, ctx, partitionName(0)), (p, ctx) => p.query(ctx, QUERY_INPUT(partitionName(0))));
    return [formatResult(`DynamoDB Query ${QUERY_PAGE} items`, server), providerLine(`Query ${QUERY_PAGE}, provider alone`, provider)];
  },
};

export const dynamodbTransactWrite4: Scenario = {
  name: 'dynamodb-transact-write-4',
  async run({ ops, workers }) {
    const server = await withDynamo(async (srv, ddb) => {
      await closedLoop(srv, workers, WARM_UP, (w, i) => ddb.send(new TransactWriteItemsCommand(transactInput(w + 100, -i))));
      return closedLoop(srv, workers, ops, (w, i) => ddb.send(new TransactWriteItemsCommand(transactInput(w, i))));
    });
    const provider = await providerCpuMs(ops, async () => {}, (p, ctx, i) => p.transactWriteItems(ctx, transactInput(0, i + WARM_UP)));
    return [formatResult('DynamoDB TransactWriteItems 4 puts', server), providerLine('TransactWrite 4, provider alone', provider)];
  },
};

/** Query 100 from the loaded partitions, spread over the key space so the page cache is not always hot. */
async function queryCost(server: BenchServer, ddb: DynamoDBClient, partitions: number, ops: number, workers: number) {
  return closedLoop(server, workers, ops, (_w, i) => ddb.send(new QueryCommand(QUERY_INPUT(partitionName((i * 7919) % partitions)))));
}

export const dynamodbLoad1m: Scenario = {
  name: 'dynamodb-load-1m',
  async run({ ops, workers }) {
    return withDynamo(async (server, ddb) => {
      await load(ddb, 0, SMALL_ITEMS, LOAD_WORKERS);
      await queryCost(server, ddb, SMALL_ITEMS / QUERY_PAGE, WARM_UP, workers);
      const small = await queryCost(server, ddb, SMALL_ITEMS / QUERY_PAGE, ops, workers);
      const baseRss = rssMiB(server.pid);
      let peak = 0;
      let batches = 0;
      const cpu0 = cpuMs(server.pid);
      const t0 = process.hrtime.bigint();
      await load(ddb, SMALL_ITEMS, LOAD_ITEMS, LOAD_WORKERS, () => {
        if (++batches % 200 === 0) peak = Math.max(peak, rssMiB(server.pid));
      });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const loadCpu = cpuMs(server.pid) - cpu0;
      peak = Math.max(peak, rssMiB(server.pid));
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: TABLE }));
      if (Table?.ItemCount !== LOAD_ITEMS) throw new Error(`ItemCount ${Table?.ItemCount} after loading ${LOAD_ITEMS}`);
      await queryCost(server, ddb, LOAD_ITEMS / QUERY_PAGE, WARM_UP, workers);
      // The same 10 partitions as at 1,000 items isolate the table's size; all 10,000 add a cold working set.
      const large = await queryCost(server, ddb, SMALL_ITEMS / QUERY_PAGE, ops, workers);
      const spread = await queryCost(server, ddb, LOAD_ITEMS / QUERY_PAGE, ops, workers);
      await new Promise((r) => setTimeout(r, 1000));
      const afterRss = rssMiB(server.pid);
      const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');
      return [
        `DynamoDB load ${LOAD_ITEMS.toLocaleString('en-US')} items (BatchWriteItem ×${BATCH}, ${LOAD_WORKERS} loops)  ${seconds.toFixed(1)} s  ${((LOAD_ITEMS - SMALL_ITEMS) / seconds).toFixed(0)} items/s  server CPU ${((loadCpu / (LOAD_ITEMS - SMALL_ITEMS)) * 1000).toFixed(1)} µs/item`,
        `  server RSS before ${baseRss.toFixed(1)} MiB, peak during load ${peak.toFixed(1)} MiB (${verdict(peak < RSS_LIMIT_MIB)}), after ${afterRss.toFixed(1)} MiB (${verdict(afterRss < RSS_LIMIT_MIB)}), limit ${RSS_LIMIT_MIB} MiB`,
        formatResult(`  Query ${QUERY_PAGE} at ${SMALL_ITEMS.toLocaleString('en-US')} items`, small),
        formatResult(`  Query ${QUERY_PAGE} at ${(LOAD_ITEMS / 1e6).toFixed(0)}M, same 10 parts`, large),
        formatResult(`  Query ${QUERY_PAGE} at ${(LOAD_ITEMS / 1e6).toFixed(0)}M, 10k partitions`, spread),
      ];
    });
  },
};

export const DYNAMODB_SCENARIOS: Scenario[] = [dynamodbPutItem, dynamodbGetItem, dynamodbQuery100, dynamodbTransactWrite4, dynamodbLoad1m];

// DynamoDB Streams scenarios: what a stream adds to a PutItem (server CPU per op, a table with a NEW_AND_OLD_IMAGES
// stream beside one without, over HTTP and in process) and the cost of a GetRecords call returning 1,000 records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { RequestContext } from '../../src/core/request-context.js';
import { RuntimeClock } from '../../src/runtime/clock.js';
import { getRecords, getShardIterator, describeStream, type StreamsContext } from '../../src/services/dynamodb-streams/stream-operations.js';
import { dynamodbApi, type DynamodbTestApi } from '../../src/services/dynamodb/testing.js';
import { openStateStore } from '../../src/store/state-store.js';
import { closedLoop, formatResult, startServer, type BenchServer, type LoopResult } from '../harness.js';
import { presign, replayLoop, replayWarm, WARM_REQUESTS } from '../support/replay-client.js';
import type { Scenario } from '../scenario.js';
import { sdkConfig } from './chassis.js';
import { benchItem } from './dynamodb.js';

const WARM_UP = 3_000;
const RECORDS = 1_000;
const SPEC = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const };

function createTable(name: string, stream: boolean) {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }, { AttributeName: 'sk', AttributeType: 'S' as const }],
    ...(stream ? { StreamSpecification: SPEC } : {}),
  };
}

const CTX: RequestContext = {
  requestId: 'bench', service: 'dynamodb', operation: 'bench', account: '000000000000', region: 'us-east-1',
  accessKeyId: 'test', host: '127.0.0.1:4566', protocol: 'json', startedAt: 0,
};

/** The provider on a file-backed store, no HTTP: CPU ms per call after a warm-up. */
async function inProcess(run: (p: DynamodbTestApi, streams: StreamsContext) => Promise<string[]>): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-ddbs-'));
  const store = openStateStore({ dataDir });
  try {
    const clock = new RuntimeClock();
    const p = dynamodbApi({ store, clock });
    return await run(p, { streams: p.context.streams, clock, of: (s) => store.of(s) });
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function cpuPerCall(ops: number, call: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) await call(-1 - i);
  const before = process.cpuUsage();
  for (let i = 0; i < ops; i++) await call(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ops;
}

export const dynamodbStreamPut: Scenario = {
  name: 'dynamodb-stream-put',
  async run({ ops, workers }) {
    const server = await startServer();
    const ddb = new DynamoDBClient(sdkConfig(server.url));
    const lines: string[] = [];
    try {
      await ddb.send(new CreateTableCommand(createTable('plain', false)));
      await ddb.send(new CreateTableCommand(createTable('streamed', true)));
      // Round 0 warms both up and is not counted. Then the two alternate, each going first in every other round, so
      // machine noise and the order (the second runs on a larger file, after the first's garbage) hit both alike; the
      // ratio is the median of the rounds' ratios (one pair of runs moved by ±0.05 between runs on these machines).
      const results: Record<string, LoopResult[]> = { plain: [], streamed: [] };
      const ratios: number[] = [];
      for (let round = 0; round <= 4; round++) {
        const order = round % 2 === 0 ? ['streamed', 'plain'] : ['plain', 'streamed'];
        const cpu: Record<string, number> = {};
        for (const table of order) {
          const r = await closedLoop(server, workers, ops, (w, i) => ddb.send(new PutItemCommand({ TableName: table, Item: benchItem(`r${round}w${w}`, i) })));
          cpu[table] = r.serverCpuMsPerOp;
          if (round > 0) results[table]!.push(r);
        }
        if (round > 0) ratios.push(cpu['streamed']! / cpu['plain']!);
      }
      // The upper of the two middle rounds (a round's line, not an average of two).
      const median = (rs: LoopResult[]): LoopResult => [...rs].sort((a, b) => a.serverCpuMsPerOp - b.serverCpuMsPerOp)[Math.floor(rs.length / 2)]!;
      lines.push(formatResult('PutItem, no stream (median of 4)', median(results['plain']!)));
      lines.push(formatResult('PutItem, NEW_AND_OLD stream', median(results['streamed']!)));
      ratios.sort((a, b) => a - b);
      const ratio = (ratios[1]! + ratios[2]!) / 2;
      lines.push(`  stream ÷ no stream, server CPU over HTTP: ×${ratio.toFixed(2)} median of 4 alternating rounds (${ratios.map((x) => x.toFixed(2)).join(' ')}; target ≤ 1.2)`);
    } finally {
      ddb.destroy();
      await server.stop();
    }
    const provider = await inProcess(async (p) => {
      await p.createTable(CTX, createTable('plain', false));
      await p.createTable(CTX, createTable('streamed', true));
      const plain = await cpuPerCall(ops, (i) => p.putItem(CTX, { TableName: 'plain', Item: benchItem('p', i + WARM_UP) }));
      const streamed = await cpuPerCall(ops, (i) => p.putItem(CTX, { TableName: 'streamed', Item: benchItem('p', i + WARM_UP) }));
      return [`  provider alone: PutItem ${plain.toFixed(3)} ms/op, with stream ${streamed.toFixed(3)} ms/op (×${(streamed / plain).toFixed(2)}; issue 26's ≤ 1.2 is the server-CPU ratio above, which counts the HTTP work a write costs either way)`];
    });
    return [...lines, ...provider];
  },
};

/** `pairs` GetShardIterator (TRIM_HORIZON) + GetRecords requests signed up front, for replayLoop: the iterators are
 *  fetched first, one per GetRecords request. */
export async function signedRecordPairs(server: BenchServer, streams: DynamoDBStreamsClient, arn: string, shard: string, pairs: number): Promise<Buffer[]> {
  const target = (op: string): Record<string, string> => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDBStreams_20120810.${op}` });
  const iteratorBody = JSON.stringify({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' });
  const requests: Buffer[] = [];
  for (let i = 0; i < pairs; i++) {
    const it = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
    requests.push(await presign(server, { service: 'dynamodb', headers: target('GetShardIterator'), body: iteratorBody }));
    requests.push(await presign(server, { service: 'dynamodb', headers: target('GetRecords'), body: JSON.stringify({ ShardIterator: it.ShardIterator }) }));
  }
  return requests;
}

/** A fresh server holding one streamed table of RECORDS records, with clients for it and the stream's only shard. */
async function streamedServer(): Promise<{ server: BenchServer; ddb: DynamoDBClient; streams: DynamoDBStreamsClient; arn: string; shard: string; stop: () => Promise<void> }> {
  const server = await startServer();
  const ddb = new DynamoDBClient(sdkConfig(server.url));
  const streams = new DynamoDBStreamsClient(sdkConfig(server.url));
  const stop = async (): Promise<void> => {
    ddb.destroy();
    streams.destroy();
    await server.stop();
  };
  try {
    const created = await ddb.send(new CreateTableCommand(createTable('streamed', true)));
    const arn = created.TableDescription!.LatestStreamArn!;
    for (let i = 0; i < RECORDS; i++) await ddb.send(new PutItemCommand({ TableName: 'streamed', Item: benchItem('p', i) }));
    const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards![0]!.ShardId!;
    return { server, ddb, streams, arn, shard, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** GetRecords of all RECORDS records with `iterator`, failing on a short answer. */
async function readAll(streams: DynamoDBStreamsClient, iterator: string): Promise<void> {
  const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
  if (out.Records!.length !== RECORDS) throw new Error(`GetRecords returned ${out.Records!.length} records`);
}

export const dynamodbStreamGetRecords: Scenario = {
  name: 'dynamodb-stream-get-records-1000',
  async run({ ops, workers }) {
    const calls = Math.max(50, Math.floor(ops / 20));
    let line: string;
    let replayLine: string;
    let warmLine: string;
    let warmSdkLine: string;
    let aloneLine: string;
    const first = await streamedServer();
    try {
      const { server, streams, arn, shard } = first;
      const pair = async (): Promise<void> => {
        const it = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
        await readAll(streams, it.ShardIterator!);
      };
      const r = await closedLoop(server, workers, calls, pair);
      line = formatResult(`GetShardIterator + GetRecords ${RECORDS}`, r);
      // The same pairs replayed pre-signed (bench/support/replay-client.ts): iterators are fetched first, each
      // GetRecords request carries one, and the pair's cost is two requests' CPU.
      const pairs = await signedRecordPairs(server, streams, arn, shard, calls);
      const perPair = (x: LoopResult): LoopResult => ({ ...x, ops: calls, opsPerSecond: x.opsPerSecond / 2, serverCpuMsPerOp: x.serverCpuMsPerOp * 2 });
      replayLine = formatResult('  same pairs, replayed', perPair(await replayLoop(server, pairs, workers)));
      warmLine = formatResult(`  replayed after ${WARM_REQUESTS.toLocaleString('en')} more requests`, perPair(await replayWarm(server, pairs, WARM_REQUESTS, workers)));
      // The SDK client once more on the warmed server (see cloudwatch-http).
      warmSdkLine = formatResult('  SDK client again, warmed server', await closedLoop(server, workers, calls, pair));
    } finally {
      await first.stop();
    }
    // GetRecords alone, the operation issue 26's target names, with the SDK client on a second fresh server so the line
    // is as cold as the first: a consumer calls GetShardIterator once and then follows NextShardIterator, and here one
    // TRIM_HORIZON iterator reads the same 1,000 records each call.
    const second = await streamedServer();
    try {
      const { server, streams, arn, shard } = second;
      const iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
      aloneLine = formatResult(`  GetRecords ${RECORDS} alone, SDK, cold server`, await closedLoop(server, workers, calls, () => readAll(streams, iterator)));
    } finally {
      await second.stop();
    }
    const provider = await inProcess(async (p, c) => {
      const created = await p.createTable(CTX, createTable('streamed', true));
      for (let i = 0; i < RECORDS; i++) await p.putItem(CTX, { TableName: 'streamed', Item: benchItem('p', i) });
      const arn = created.TableDescription!.LatestStreamArn!;
      const shard = describeStream(c, CTX, { StreamArn: arn }).StreamDescription!.Shards![0]!.ShardId!;
      const it = getShardIterator(c, CTX, { StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator!;
      // Records is a RawJson array of the stored texts (what the codec writes), so it is counted once, parsed, and
      // not inside the timed loop.
      const records = JSON.parse(JSON.stringify(getRecords(c, CTX, { ShardIterator: it }).Records)) as unknown[];
      if (records.length !== RECORDS) throw new Error('short read');
      const ms = await cpuPerCall(calls, () => getRecords(c, CTX, { ShardIterator: it }));
      return [`  provider alone: GetRecords of ${RECORDS} records ${ms.toFixed(3)} ms/call (target ≤ 2 ms)`];
    });
    return [line, replayLine, warmLine, warmSdkLine, aloneLine, ...provider];
  },
};

export const DYNAMODB_STREAMS_SCENARIOS: Scenario[] = [dynamodbStreamPut, dynamodbStreamGetRecords];

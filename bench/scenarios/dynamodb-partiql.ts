// DynamoDB PartiQL scenario: ExecuteStatement SELECT by the full key and INSERT, each measured beside the GetItem /
// PutItem doing the same work in the same run (alternating rounds over HTTP, then the provider alone in process).
import { DynamoDBClient, ExecuteStatementCommand, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RequestContext } from '../../src/core/request-context.js';
import type { DynamodbTestApi } from '../../src/services/dynamodb/testing.js';
import { closedLoop, formatResult, type BenchServer, type LoopResult } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { benchItem, providerCpuMs, withDynamo, TABLE } from './dynamodb.js';

const PARTITION = 'p00000';
const KEYS = 100;
const SELECT = `SELECT * FROM "${TABLE}" WHERE pk = ? AND sk = ?`;
const INSERT = `INSERT INTO "${TABLE}" VALUE {'pk': ?, 'sk': ?, 'status': ?, 'amount': ?, 'email': ?, 'address': ?, 'created': ?, 'items': ?, 'note': ?}`;
const ROUNDS = 2;

function sortKey(n: number): AttributeValue {
  return { S: `o${String(Math.abs(n) % KEYS).padStart(6, '0')}` };
}

/** The INSERT's parameters in the order of its VALUE tuple: the same nine attributes PutItem writes. */
function insertParameters(partition: string, n: number): AttributeValue[] {
  const item = benchItem(partition, n);
  return ['pk', 'sk', 'status', 'amount', 'email', 'address', 'created', 'items', 'note'].map((name) => item[name]!);
}

interface Pair {
  label: string;
  plain: (ddb: DynamoDBClient, w: number, i: number, round: number) => Promise<unknown>;
  partiql: (ddb: DynamoDBClient, w: number, i: number, round: number) => Promise<unknown>;
}

const READ: Pair = {
  label: 'by key',
  plain: (ddb, _w, i) => ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: PARTITION }, sk: sortKey(i) } })),
  partiql: async (ddb, _w, i) => {
    const out = await ddb.send(new ExecuteStatementCommand({ Statement: SELECT, Parameters: [{ S: PARTITION }, sortKey(i)] }));
    if (out.Items?.length !== 1) throw new Error(`SELECT by key returned ${out.Items?.length ?? 0} items`);
  },
};

// Every write goes to a new key (a fresh partition per worker and round), so INSERT never meets DuplicateItem and
// PutItem never replaces: both do one new item.
const WRITE: Pair = {
  label: 'new item',
  plain: (ddb, w, i, round) => ddb.send(new PutItemCommand({ TableName: TABLE, Item: benchItem(`put-r${round}w${w}`, i) })),
  partiql: (ddb, w, i, round) => ddb.send(new ExecuteStatementCommand({ Statement: INSERT, Parameters: insertParameters(`ins-r${round}w${w}`, i) })),
};

/** Alternates the plain call and its PartiQL twin for ROUNDS rounds (so machine noise hits both alike); keeps the last. */
async function alternate(server: BenchServer, ddb: DynamoDBClient, pair: Pair, ops: number, workers: number): Promise<[LoopResult, LoopResult]> {
  let plain: LoopResult | undefined;
  let partiql: LoopResult | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    plain = await closedLoop(server, workers, ops, (w, i) => pair.plain(ddb, w, i, round));
    partiql = await closedLoop(server, workers, ops, (w, i) => pair.partiql(ddb, w, i, round));
  }
  return [plain!, partiql!];
}

function ratioLine(what: string, plain: number, partiql: number, target?: string): string {
  return `  ${what}: PartiQL ×${(partiql / plain).toFixed(2)} of the plain call${target ? ` (target ${target})` : ''}`;
}

async function fill(p: DynamodbTestApi, ctx: RequestContext): Promise<void> {
  for (let n = 0; n < KEYS; n++) await p.putItem(ctx, { TableName: TABLE, Item: benchItem(PARTITION, n) });
}

export const dynamodbPartiql: Scenario = {
  name: 'dynamodb-partiql',
  async run({ ops, workers }) {
    const lines: string[] = [];
    await withDynamo(async (server, ddb) => {
      for (let n = 0; n < KEYS; n++) await ddb.send(new PutItemCommand({ TableName: TABLE, Item: benchItem(PARTITION, n) }));
      const [get, select] = await alternate(server, ddb, READ, ops, workers);
      const [put, insert] = await alternate(server, ddb, WRITE, ops, workers);
      lines.push(
        formatResult('GetItem', get),
        formatResult('ExecuteStatement SELECT by key', select),
        ratioLine('SELECT by key, server CPU', get.serverCpuMsPerOp, select.serverCpuMsPerOp, '≤ 1.3'),
        formatResult('PutItem', put),
        formatResult('ExecuteStatement INSERT', insert),
        ratioLine('INSERT, server CPU', put.serverCpuMsPerOp, insert.serverCpuMsPerOp),
      );
    });
    const getMs = await providerCpuMs(ops, fill, (p, ctx, i) => p.getItem(ctx, { TableName: TABLE, Key: { pk: { S: PARTITION }, sk: sortKey(i) } }));
    const selectMs = await providerCpuMs(ops, fill, (p, ctx, i) => p.executeStatement(ctx, { Statement: SELECT, Parameters: [{ S: PARTITION }, sortKey(i)] }));
    const putMs = await providerCpuMs(ops, fill, (p, ctx, i) => p.putItem(ctx, { TableName: TABLE, Item: benchItem('put', i + 1_000_000) }));
    const insertMs = await providerCpuMs(ops, fill, (p, ctx, i) => p.executeStatement(ctx, { Statement: INSERT, Parameters: insertParameters('ins', i + 1_000_000) }));
    lines.push(
      `  provider alone: GetItem ${getMs.toFixed(4)} ms, SELECT by key ${selectMs.toFixed(4)} ms (×${(selectMs / getMs).toFixed(2)})`,
      `  provider alone: PutItem ${putMs.toFixed(4)} ms, INSERT ${insertMs.toFixed(4)} ms (×${(insertMs / putMs).toFixed(2)})`,
    );
    return lines;
  },
};

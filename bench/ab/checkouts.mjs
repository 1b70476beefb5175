// What the alternating A/B scripts in bench/ab share: command-line options, starting a kumo built in another checkout
// (or any node script) on a temp data dir, a table with a 1,000-record stream, the median, and stopping everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';

/** The repository root these scripts run from. */
export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** The checkouts named on the command line (`dir` or `dir@--node-flag…`), and `--name=value` numbers. */
export const checkoutArgs = () => process.argv.slice(2).filter((a) => !a.startsWith('--'));
export const option = (name, fallback) => Number((process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split('=')[1]);

/** Starts `script` (AB_NODE_ARGS and `extra` as node flags) and resolves once it prints "listening on <url>". */
export function startScript(script, args = [], extra = [], env = {}) {
  const child = spawn(process.execPath, [...(process.env.AB_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...extra, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (c) => { out += c; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) res({ url: m[1], pid: child.pid, child }); });
    child.once('exit', (c) => rej(new Error('exit ' + c)));
  });
}

/** A kumo from checkout `spec` (`dir` or `dir@--node-flag…`) on a fresh data dir, named by `spec`. */
export async function startCheckout(spec) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-'));
  const [dir, ...extra] = spec.split('@');
  const s = await startScript(join(resolve(dir), 'dist/src/cli.js'), ['start', '--port', '0', '--data-dir', dataDir], extra);
  return Object.assign(s, { name: spec, dataDir });
}

/** Creates table `streamed` with a NEW_AND_OLD_IMAGES stream on server `s`, writes 1,000 bench items: { arn, shard }. */
export async function streamedTable(s) {
  const { CreateTableCommand, DynamoDBClient, PutItemCommand } = await import(ROOT + '/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js');
  const { DescribeStreamCommand, DynamoDBStreamsClient } = await import(ROOT + '/node_modules/@aws-sdk/client-dynamodb-streams/dist-cjs/index.js');
  const { sdkConfig } = await import(ROOT + '/dist/bench/scenarios/chassis.js');
  const { benchItem } = await import(ROOT + '/dist/bench/scenarios/dynamodb.js');
  const ddb = new DynamoDBClient(sdkConfig(s.url));
  const streams = new DynamoDBStreamsClient(sdkConfig(s.url));
  const t = await ddb.send(new CreateTableCommand({ TableName: 'streamed', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
  const arn = t.TableDescription.LatestStreamArn;
  for (let i = 0; i < 1000; i++) await ddb.send(new PutItemCommand({ TableName: 'streamed', Item: benchItem('p', i) }));
  const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription.Shards[0].ShardId;
  ddb.destroy();
  streams.destroy();
  return { arn, shard };
}

export const median = (a) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };

/** Stops every server and removes its data dir. */
export function stopAll(servers) {
  for (const s of servers) { s.child.kill('SIGTERM'); if (s.dataDir) setTimeout(() => rmSync(s.dataDir, { recursive: true, force: true }), 500); }
}

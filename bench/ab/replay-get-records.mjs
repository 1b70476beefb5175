// Alternating A/B of GetShardIterator + GetRecords(1,000) pairs replayed pre-signed (bench/support/replay-client.ts)
// against kumo servers built in several checkouts: server CPU per pair, rounds interleaved so load hits all alike.
// Usage (repo root, after npm run build in each checkout):
//   node bench/ab/replay-get-records.mjs /tmp/base . [dir@--node-flag ...] [--rounds=6] [--pairs=200] [--workers=4]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
const W = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { CreateTableCommand, DynamoDBClient, PutItemCommand } = await import(W + '/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js');
const { DescribeStreamCommand, DynamoDBStreamsClient, GetShardIteratorCommand } = await import(W + '/node_modules/@aws-sdk/client-dynamodb-streams/dist-cjs/index.js');
const { sdkConfig } = await import(W + '/dist/bench/scenarios/chassis.js');
const { benchItem } = await import(W + '/dist/bench/scenarios/dynamodb.js');
const { presign, replayLoop } = await import(W + '/dist/bench/support/replay-client.js');
const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const opt = (n, d) => Number((process.argv.find((a) => a.startsWith(`--${n}=`)) ?? `=${d}`).split('=')[1]);
const ROUNDS = opt('rounds', 6), PAIRS = opt('pairs', 200), WORKERS = opt('workers', 4);
function start(script, args, extra) {
  const child = spawn(process.execPath, [...(process.env.AB_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...extra, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => { let out = ''; child.stdout.on('data', (c) => { out += c; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) res({ url: m[1], pid: child.pid, child }); }); child.once('exit', (c) => rej(new Error('exit ' + c))); });
}
const target = (op) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDBStreams_20120810.${op}` });
const servers = [];
for (const d of dirs) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-replay-'));
  const [dir, ...extra] = d.split('@');
  const s = await start(join(resolve(dir), 'dist/src/cli.js'), ['start', '--port', '0', '--data-dir', dataDir], extra);
  s.name = d; s.dataDir = dataDir;
  const ddb = new DynamoDBClient(sdkConfig(s.url)); const streams = new DynamoDBStreamsClient(sdkConfig(s.url));
  const t = await ddb.send(new CreateTableCommand({ TableName: 'streamed', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
  const arn = t.TableDescription.LatestStreamArn;
  for (let i = 0; i < 1000; i++) await ddb.send(new PutItemCommand({ TableName: 'streamed', Item: benchItem('p', i) }));
  const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription.Shards[0].ShardId;
  const iteratorBody = JSON.stringify({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' });
  s.requests = [];
  for (let i = 0; i < PAIRS; i++) {
    const it = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
    s.requests.push(await presign(s, { service: 'dynamodb', headers: target('GetShardIterator'), body: iteratorBody }));
    s.requests.push(await presign(s, { service: 'dynamodb', headers: target('GetRecords'), body: JSON.stringify({ ShardIterator: it.ShardIterator }) }));
  }
  ddb.destroy(); streams.destroy();
  servers.push(s);
}
const res = new Map(servers.map((s) => [s.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const s of (r % 2 ? [...servers].reverse() : servers)) {
    const io0 = syscalls(s.pid);
    const out = await replayLoop(s, s.requests, WORKERS);
    const io1 = syscalls(s.pid);
    res.get(s.name).push(out.serverCpuMsPerOp * 2);
    (s.io ??= []).push(`${((io1.r - io0.r) / PAIRS / 1.5).toFixed(0)}r/${((io1.w - io0.w) / PAIRS / 1.5).toFixed(0)}w/${((io1.f - io0.f) / PAIRS / 1.5).toFixed(0)}flt`);
  }
}
// Read and write syscalls per pair (/proc/<pid>/io; the replay warm-up is in the count, hence / 1.5 for 200 of 400).
function syscalls(pid) {
  const t = readFileSync(`/proc/${pid}/io`, 'utf8');
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { r: Number(/syscr: (\d+)/.exec(t)[1]), w: Number(/syscw: (\d+)/.exec(t)[1]), f: Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[7]) };
}
const med = (a) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
const base = med(res.get(servers[0].name));
for (const [n, rs] of res) console.log(`${n.padEnd(28)} median ${med(rs).toFixed(3)} ms/pair (×${(med(rs) / base).toFixed(2)})  rounds ${rs.map((x) => x.toFixed(2)).join(' ')}  syscalls, faults/pair ${servers.find((s) => s.name === n).io.join(' ')}`);
for (const s of servers) { s.child.kill('SIGTERM'); setTimeout(() => rmSync(s.dataDir, { recursive: true, force: true }), 500); }

// Alternating A/B for GetShardIterator + GetRecords(1,000) over HTTP: kumo servers built in several checkouts (and,
// with --bare, a bare node:http server replaying kumo's own two answers), rounds interleaved, server CPU per pair.
// Usage (from the repo root, after npm run build in each checkout):
//   node bench/ab/get-records.mjs /tmp/base . [dir@--node-flag ...] [--bare] [--rounds=4] [--pairs=60] [--workers=4] [--warm=25]
// Server CPU is read from /proc (10 ms ticks): keep rounds × pairs large enough. AB_NODE_ARGS adds node flags to all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkoutArgs, median as med, option, ROOT as W, startCheckout, startScript, stopAll, streamedTable } from './checkouts.mjs';
const TMP = mkdtempSync(join(tmpdir(), 'ab-bodies-'));
const { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } = await import(W + '/node_modules/@aws-sdk/client-dynamodb-streams/dist-cjs/index.js');
const { sdkConfig } = await import(W + '/dist/bench/scenarios/chassis.js');
const CLK = 100;
const cpu = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return { u: Number(f[11]) * 1000 / CLK, s: Number(f[12]) * 1000 / CLK, minflt: Number(f[7]) }; };
const ROUNDS = option('rounds', 4), PAIRS = option('pairs', 60), WORKERS = option('workers', 4), WARM = option('warm', 25);
const servers = [];
for (const d of checkoutArgs()) {
  const s = await startCheckout(d);
  Object.assign(s, await streamedTable(s));
  s.streams = new DynamoDBStreamsClient(sdkConfig(s.url));
  servers.push(s);
}
if (process.argv.includes('--bare')) {
  // capture bodies from the first server via raw fetch-less SDK middleware: simplest is to issue the calls with curl-like http
  const s0 = servers[0];
  const it = await s0.streams.send(new GetShardIteratorCommand({ StreamArn: s0.arn, ShardId: s0.shard, ShardIteratorType: 'TRIM_HORIZON' }));
  const itBody = JSON.stringify({ ShardIterator: it.ShardIterator });
  const http = await import('node:http');
  const grBody = await new Promise((res) => { const r = http.request(s0.url + '/', { method: 'POST', headers: { 'x-amz-target': 'DynamoDBStreams_20120810.GetRecords', 'content-type': 'application/x-amz-json-1.0', 'x-amz-date': new Date().toISOString().replace(/[-:]/g,'').replace(/\.\d+/,''), authorization: `AWS4-HMAC-SHA256 Credential=test/${new Date().toISOString().slice(0,10).replace(/-/g,'')}/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x` } }, (resp) => { const b = []; resp.on('data', (c) => b.push(c)); resp.on('end', () => res(Buffer.concat(b))); }); r.end(JSON.stringify({ ShardIterator: it.ShardIterator })); });
  if (grBody.length < 100000) throw new Error('bad body ' + grBody.toString().slice(0, 300));
  writeFileSync(join(TMP, 'it.json'), itBody); writeFileSync(join(TMP, 'gr.json'), grBody);
  const b = await startScript(join(W, 'bench/ab/bare-get-records.mjs'), [TMP]);
  b.name = 'bare'; b.streams = new DynamoDBStreamsClient(sdkConfig(b.url)); b.arn = s0.arn; b.shard = s0.shard;
  servers.push(b);
}
const ONLY_IT = process.argv.includes('--only-it');
async function pair(s) {
  if (ONLY_IT) { for (let k = 0; k < 2; k++) await s.streams.send(new GetShardIteratorCommand({ StreamArn: s.arn, ShardId: s.shard, ShardIteratorType: 'TRIM_HORIZON' })); return; }
  const it = await s.streams.send(new GetShardIteratorCommand({ StreamArn: s.arn, ShardId: s.shard, ShardIteratorType: 'TRIM_HORIZON' }));
  const out = await s.streams.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  if (out.Records.length !== 1000) throw new Error('short ' + out.Records.length);
}
for (const s of servers) for (let i = 0; i < WARM; i++) await pair(s);
const res = new Map(servers.map((s) => [s.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const s of (r % 2 ? [...servers].reverse() : servers)) {
    const c0 = cpu(s.pid); let next = 0;
    await Promise.all(Array.from({ length: WORKERS }, async () => { while (next++ < PAIRS) await pair(s); }));
    const c1 = cpu(s.pid);
    res.get(s.name).push({ ms: (c1.u + c1.s - c0.u - c0.s) / PAIRS, u: (c1.u - c0.u) / PAIRS, s: (c1.s - c0.s) / PAIRS, flt: (c1.minflt - c0.minflt) / PAIRS });
  }
}
for (const [n, rs] of res) console.log(`${n.padEnd(24)} median ${med(rs.map((x) => x.ms)).toFixed(2)} ms/pair  rounds ${rs.map((x) => x.ms.toFixed(2)).join(' ')}  user ${med(rs.map((x) => x.u)).toFixed(2)} sys ${med(rs.map((x) => x.s)).toFixed(2)} faults ${med(rs.map((x) => x.flt)).toFixed(0)}`);
for (const s of servers) s.streams.destroy();
stopAll(servers);
setTimeout(() => rmSync(TMP, { recursive: true, force: true }), 500);

// Alternating A/B of the cloudwatch-http replayed lines: kumo servers built in several checkouts, each seeded with a
// day of one-minute datums, then rounds of pre-signed PutMetricData (20 datums) and GetMetricStatistics (1,440 points)
// replayed over raw keep-alive sockets (bench/support/replay-worker), rounds interleaved, server CPU per request.
// A third line, "noop", replays DynamoDB DescribeLimits (no state, no store): the gateway's own cost per request.
// "bare" as a checkout starts bench/bare-server.mjs (node:http answering a fixed 200) for the floor under all three.
// Usage (from the repo root, after npm run build in each checkout):
//   node bench/ab/cloudwatch-replay.mjs /tmp/base . [dir@--node-flag ...] [bare] [--rounds=6] [--puts=2000] [--reads=300]
// Server CPU is read from /proc (10 ms ticks): keep the counts large enough. AB_NODE_ARGS adds node flags to all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
const W = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { presign } = await import(W + '/dist/bench/support/replay-client.js');
const CLK = 100;
const cpu = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 1000 / CLK; };
const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const opt = (n, d) => Number((process.argv.find((a) => a.startsWith(`--${n}=`)) ?? `=${d}`).split('=')[1]);
const ROUNDS = opt('rounds', 6), PUTS = opt('puts', 2000), READS = opt('reads', 300), CONNECTIONS = opt('connections', 8);
const DAY = 1440;
/** --only=put,read (for profiles): the kinds measured in each round. */
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) ?? '--only=put,read,noop').slice(7).split(',');
function start(script, args, extra = []) {
  const child = spawn(process.execPath, [...(process.env.AB_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...extra, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => { let out = ''; child.stdout.on('data', (c) => { out += c; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) res({ url: m[1], pid: child.pid, child }); }); child.once('exit', (c) => rej(new Error('exit ' + c))); });
}
function replay(s, requests) {
  return new Promise((res, rej) => {
    const w = new Worker(W + '/dist/bench/support/replay-worker.js', { workerData: { port: Number(new URL(s.url).port), requests, connections: CONNECTIONS } });
    w.once('message', (o) => (o.failed ? rej(new Error(`${o.failed} failed: ${o.firstFailure.slice(0, 300)}`)) : res(o)));
    w.once('error', rej);
  });
}
const base = Date.now() - 23 * 3_600_000;
const putBody = (n) => { const Timestamp = (base + (n % DAY) * 60_000) / 1000; return JSON.stringify({ Namespace: 'Bench', MetricData: Array.from({ length: 20 }, (_, j) => ({ MetricName: `m${j}`, Dimensions: [{ Name: 'Host', Value: 'h1' }], Value: j, Timestamp })) }); };
const statsBody = () => JSON.stringify({ Namespace: 'Bench', MetricName: 'm0', Dimensions: [{ Name: 'Host', Value: 'h1' }], StartTime: base / 1000, EndTime: base / 1000 + DAY * 60, Period: 60, Statistics: ['Average', 'Maximum'] });
async function signed(s, count, body, operation) {
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `GraniteServiceVersion20100801.${operation}`, 'x-amzn-query-mode': 'true' };
  const out = [];
  for (let n = 0; n < count; n++) out.push(await presign(s, { service: 'monitoring', headers, body: body(n) }));
  return out;
}
const servers = [];
for (const d of dirs) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-cw-'));
  const [dir, ...extra] = d.split('@');
  const s = dir === 'bare' ? await start(join(W, 'bench/bare-server.mjs'), [], extra) : await start(join(resolve(dir), 'dist/src/cli.js'), ['start', '--port', '0', '--data-dir', dataDir], extra);
  s.name = `${servers.length}:${d}`; s.dataDir = dataDir;
  await replay(s, await signed(s, DAY, putBody, 'PutMetricData'));
  s.puts = await signed(s, PUTS, (n) => putBody(n + DAY), 'PutMetricData');
  s.reads = await signed(s, READS, statsBody, 'GetMetricStatistics');
  await replay(s, s.reads.slice(0, 100));
  s.noops = [];
  for (let n = 0; n < PUTS; n++) s.noops.push(await presign(s, { service: 'dynamodb', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.DescribeLimits' }, body: '{}' }));
  await replay(s, s.noops.slice(0, 200));
  servers.push(s);
}
const res = new Map(servers.map((s) => [s.name, { put: [], read: [], noop: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const s of (r % 2 ? [...servers].reverse() : servers)) {
    for (const [kind, requests] of [['put', s.puts], ['read', s.reads], ['noop', s.noops]]) {
      if (!ONLY.includes(kind)) continue;
      const c0 = cpu(s.pid);
      await replay(s, requests);
      res.get(s.name)[kind].push((cpu(s.pid) - c0) / requests.length);
    }
  }
}
const med = (a) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
for (const [n, r] of res) {
  const line = (k) => r[k].length === 0 ? '' : `${k} ${med(r[k]).toFixed(3)} (${r[k].map((x) => x.toFixed(3)).join(' ')})`;
  console.log(`${n.padEnd(20)} median ms: ${line('put')}  ${line('read')}  ${line('noop')}`);
}
for (const s of servers) { s.child.kill('SIGTERM'); setTimeout(() => rmSync(s.dataDir, { recursive: true, force: true }), 1000); }

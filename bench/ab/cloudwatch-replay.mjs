// Alternating A/B of the cloudwatch-http replayed lines: kumo servers built in several checkouts, each seeded with a
// day of one-minute datums, then rounds of pre-signed PutMetricData (20 datums) and GetMetricStatistics (1,440 points)
// replayed over raw keep-alive sockets (bench/support/replay-worker), rounds interleaved, server CPU per request.
// A third line, "noop", replays DynamoDB DescribeLimits (no state, no store): the gateway's own cost per request.
// "bare" as a checkout starts bench/bare-server.mjs (node:http answering a fixed 200) for the floor under all three.
// Usage (from the repo root, after npm run build in each checkout):
//   node bench/ab/cloudwatch-replay.mjs /tmp/base . [dir@--node-flag ...] [bare] [--rounds=6] [--puts=2000] [--reads=300]
// Server CPU is read from /proc (10 ms ticks): keep the counts large enough. AB_NODE_ARGS adds node flags to all.
import { join } from 'node:path';
import { checkoutArgs, median, option, ROOT, startCheckout, startScript, stopAll } from './checkouts.mjs';
const { cpuMs } = await import(ROOT + '/dist/bench/harness.js');
const { putBody: putAt, signedCloudWatch, statsBody: statsFrom } = await import(ROOT + '/dist/bench/scenarios/cloudwatch.js');
const { presign, replayOnce } = await import(ROOT + '/dist/bench/support/replay-client.js');
const ROUNDS = option('rounds', 6), PUTS = option('puts', 2000), READS = option('reads', 300), CONNECTIONS = option('connections', 8);
const DAY = 1440;
/** --only=put,read (for profiles): the kinds measured in each round. */
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) ?? '--only=put,read,noop').slice(7).split(',');
async function replay(s, requests) {
  const o = await replayOnce(Number(new URL(s.url).port), requests, CONNECTIONS);
  if (o.failed) throw new Error(`${o.failed} failed: ${o.firstFailure.slice(0, 300)}`);
}
const base = Date.now() - 23 * 3_600_000;
const putBody = (n) => putAt(base, n);
const statsBody = () => statsFrom(base);
const servers = [];
for (const d of checkoutArgs()) {
  const [dir, ...extra] = d.split('@');
  const s = dir === 'bare' ? await startScript(join(ROOT, 'bench/bare-server.mjs'), [], extra) : await startCheckout(d);
  s.name = `${servers.length}:${d}`;
  await replay(s, await signedCloudWatch(s, DAY, putBody, 'PutMetricData'));
  s.puts = await signedCloudWatch(s, PUTS, (n) => putBody(n + DAY), 'PutMetricData');
  s.reads = await signedCloudWatch(s, READS, statsBody, 'GetMetricStatistics');
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
      const c0 = cpuMs(s.pid);
      await replay(s, requests);
      res.get(s.name)[kind].push((cpuMs(s.pid) - c0) / requests.length);
    }
  }
}
for (const [n, r] of res) {
  const line = (k) => r[k].length === 0 ? '' : `${k} ${median(r[k]).toFixed(3)} (${r[k].map((x) => x.toFixed(3)).join(' ')})`;
  console.log(`${n.padEnd(20)} median ms: ${line('put')}  ${line('read')}  ${line('noop')}`);
}
stopAll(servers);

// Alternating A/B of GetShardIterator + GetRecords(1,000) pairs replayed pre-signed (bench/support/replay-client.ts)
// against kumo servers built in several checkouts: server CPU per pair, rounds interleaved so load hits all alike.
// Usage (repo root, after npm run build in each checkout):
//   node bench/ab/replay-get-records.mjs /tmp/base . [dir@--node-flag ...] [--rounds=6] [--pairs=200] [--workers=4]
import { readFileSync } from 'node:fs';
import { checkoutArgs, median, option, ROOT, startCheckout, stopAll, streamedTable } from './checkouts.mjs';
const { DynamoDBStreamsClient } = await import(ROOT + '/node_modules/@aws-sdk/client-dynamodb-streams/dist-cjs/index.js');
const { sdkConfig } = await import(ROOT + '/dist/bench/scenarios/chassis.js');
const { signedRecordPairs } = await import(ROOT + '/dist/bench/scenarios/dynamodb-streams.js');
const { replayLoop } = await import(ROOT + '/dist/bench/support/replay-client.js');
const ROUNDS = option('rounds', 6), PAIRS = option('pairs', 200), WORKERS = option('workers', 4);
const servers = [];
for (const d of checkoutArgs()) {
  const s = await startCheckout(d);
  const { arn, shard } = await streamedTable(s);
  const streams = new DynamoDBStreamsClient(sdkConfig(s.url));
  s.requests = await signedRecordPairs(s, streams, arn, shard, PAIRS);
  streams.destroy();
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
const base = median(res.get(servers[0].name));
for (const [n, rs] of res) console.log(`${n.padEnd(28)} median ${median(rs).toFixed(3)} ms/pair (×${(median(rs) / base).toFixed(2)})  rounds ${rs.map((x) => x.toFixed(2)).join(' ')}  syscalls, faults/pair ${servers.find((s) => s.name === n).io.join(' ')}`);
stopAll(servers);

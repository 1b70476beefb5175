// Route 53's DNS server beside Knot DNS in the same run: dnsperf (Debian) loads each server with the same zone and
// queries over UDP in alternating rounds; the figure is the server's CPU (utime+stime from /proc) per answer. kumo's
// server uses native/udp-batch when built (npm run build), as kumo itself does; a node:dgram line shows the fallback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { cpuMs } from '../harness.js';
import { startDnsServer } from './dns.js';
import { ensureDebianTools } from '../support/debian-tools.js';
import type { Scenario } from '../scenario.js';

const SECONDS = Number(process.env['KUMO_BENCH_DNS_SECONDS'] ?? 5);
/** Alternating measurement rounds over the four servers (KUMO_BENCH_DNS_ROUNDS). */
const ROUNDS = Number(process.env['KUMO_BENCH_DNS_ROUNDS'] ?? 3);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function zoneFile(records: number): string {
  const lines = ['$ORIGIN bench.test.', '$TTL 300', '@ SOA ns1.bench.test. hostmaster.bench.test. 1 7200 900 1209600 86400', '@ NS ns1.bench.test.', 'ns1 A 192.0.2.53'];
  for (let i = 0; i < records; i++) lines.push(`host${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  return lines.join('\n') + '\n';
}

async function startKnot(dir: string, records: number): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  writeFileSync(join(dir, 'bench.test.zone'), zoneFile(records));
  writeFileSync(
    join(dir, 'knot.conf'),
    [
      'server:',
      `  rundir: "${dir}"`,
      `  listen: 127.0.0.1@${port}`,
      '  udp-workers: 1',
      '  tcp-workers: 1',
      'database:',
      `  storage: "${dir}"`,
      'log:',
      '  - target: stderr',
      '    any: error',
      'zone:',
      '  - domain: bench.test',
      `    storage: "${dir}"`,
      '    file: bench.test.zone',
      '',
    ].join('\n'),
  );
  const child = spawn('knotd', ['-c', join(dir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Ready when it answers the SOA.
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('dig', ['+short', '+tries=1', '+time=1', '-p', String(port), '@127.0.0.1', 'bench.test', 'SOA'], { encoding: 'utf8' });
    if (r.stdout.includes('ns1.bench.test')) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  return { child, port };
}

/** Runs dnsperf for SECONDS against a server and returns answers/s and server CPU µs per answer. */
function measure(pid: number, port: number, queries: string): { qps: number; cpuUsPerAnswer: number; answers: number } {
  const before = cpuMs(pid);
  const r = spawnSync('dnsperf', ['-s', '127.0.0.1', '-p', String(port), '-d', queries, '-l', String(SECONDS), '-c', '4', '-q', '64'], { encoding: 'utf8' });
  const cpu = cpuMs(pid) - before;
  const completed = Number(/Queries completed:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  const qps = Number(/Queries per second:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? 0);
  return { qps, answers: completed, cpuUsPerAnswer: completed > 0 ? (cpu * 1000) / completed : Number.NaN };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const dnsBesideKnot: Scenario = {
  name: 'dns-knot',
  async run() {
    const missing = ensureDebianTools({ knotd: 'knot', dnsperf: 'dnsperf', dig: 'dnsutils' });
    if (missing.length > 0) return [`dns-knot skipped: ${missing.join(', ')} not installed and apt-get not possible`];
    const lines: string[] = [];
    // The floor in the same run: a node:dgram echo doing no DNS work, loaded by the same dnsperf.
    const floorDir = mkdtempSync(join(tmpdir(), 'kumo-bench-knot-'));
    try {
      const queries = join(floorDir, 'queries.txt');
      writeFileSync(queries, 'host0.bench.test A\n');
      const echo = await startDnsServer(0, true);
      try {
        measure(echo.pid, echo.port, queries);
        const e = measure(echo.pid, echo.port, queries);
        lines.push(`node:dgram echo (no DNS work)  ${e.qps.toFixed(0)} answers/s ${e.cpuUsPerAnswer.toFixed(1)} µs/answer`);
      } finally {
        await echo.stop();
      }
      // kumo's server on node:dgram (KUMO_DNS_UDP=dgram: the path used where native/udp-batch is not built).
      const viaDgram = await startDnsServer(10, false, { KUMO_DNS_UDP: 'dgram' });
      try {
        measure(viaDgram.pid, viaDgram.port, queries);
        const d = measure(viaDgram.pid, viaDgram.port, queries);
        lines.push(`kumo on node:dgram, 10 records  ${d.qps.toFixed(0)} answers/s ${d.cpuUsPerAnswer.toFixed(1)} µs/answer`);
      } finally {
        await viaDgram.stop();
      }
    } finally {
      rmSync(floorDir, { recursive: true, force: true });
    }
    // Both zone sizes on both servers run side by side and are measured in alternating rounds, so a change in the
    // machine's load (other sessions share the two cores) falls on every column alike instead of on one of them.
    const setups: Array<{ records: number; dir: string; queries: string; knot?: { child: ChildProcess; port: number }; kumo?: Awaited<ReturnType<typeof startDnsServer>> }> = [];
    const totals = new Map<string, { cpuUs: number; answers: number; seconds: number }>();
    const add = (key: string, m: { cpuUsPerAnswer: number; answers: number; qps: number }) => {
      const t = totals.get(key) ?? { cpuUs: 0, answers: 0, seconds: 0 };
      t.cpuUs += m.cpuUsPerAnswer * m.answers;
      t.answers += m.answers;
      t.seconds += m.qps > 0 ? m.answers / m.qps : 0;
      totals.set(key, t);
    };
    try {
      for (const records of [10, 100000]) {
        const dir = mkdtempSync(join(tmpdir(), 'kumo-bench-knot-'));
        const queries = join(dir, 'queries.txt');
        const names = Math.min(records, 10000);
        writeFileSync(queries, Array.from({ length: names }, (_, i) => `host${Math.floor((i * records) / names)}.bench.test A`).join('\n') + '\n');
        const setup: (typeof setups)[number] = { records, dir, queries };
        setups.push(setup);
        setup.knot = await startKnot(dir, records);
        setup.kumo = await startDnsServer(records);
        // Warm both (kumo encodes each record set on its first query).
        measure(setup.kumo.pid, setup.kumo.port, queries);
        measure(setup.knot.child.pid!, setup.knot.port, queries);
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const { records, queries, knot, kumo } of setups) {
          add(`knot ${records}`, measure(knot!.child.pid!, knot!.port, queries));
          add(`kumo ${records}`, measure(kumo!.pid, kumo!.port, queries));
        }
      }
    } finally {
      for (const { dir, knot, kumo } of setups) {
        if (kumo) await kumo.stop();
        if (knot) await stop(knot.child);
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const per = (key: string) => {
      const t = totals.get(key)!;
      return { us: t.cpuUs / t.answers, qps: t.seconds > 0 ? t.answers / t.seconds : 0 };
    };
    for (const records of [10, 100000]) {
      const k = per(`knot ${records}`);
      const m = per(`kumo ${records}`);
      lines.push(`DNS simple A (${records} records, ${ROUNDS} rounds)  knot ${k.qps.toFixed(0)} answers/s ${k.us.toFixed(1)} µs/answer | kumo ${m.qps.toFixed(0)} answers/s ${m.us.toFixed(1)} µs/answer (${(m.us / k.us).toFixed(1)}× knot)`);
    }
    const growth = (server: string) => {
      const g = (per(`${server} 100000`).us / per(`${server} 10`).us - 1) * 100;
      return `${g >= 0 ? '+' : ''}${g.toFixed(0)} %`;
    };
    lines.push(`100,000 records over 10: kumo ${growth('kumo')}, knot ${growth('knot')}`);
    return lines;
  },
};

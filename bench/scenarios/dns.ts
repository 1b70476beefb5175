// DNS answer scenarios: a separate server process answers UDP queries from a closed loop of workers here; the
// figure that matters is the server's CPU per answer (utime+stime from /proc), since the load shares the cores.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { packageRoot } from '../../src/core/package-root.js';
import { closedLoop, type BenchServer, type LoopResult } from '../harness.js';
import type { Scenario } from '../scenario.js';

/** Spawns the bench's DNS server process (dns-child.ts) with `records` simple names; also used by dns-anchor.ts. */
export async function startDnsServer(records: number, echo = false, env: Record<string, string> = {}): Promise<BenchServer & { port: number }> {
  const args = [join(packageRoot(), 'dist/bench/dns-child.js'), '--records', String(records), ...(echo ? ['--echo'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`dns bench server exited with ${code}`)));
  });
  return {
    url: `udp://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    dataDir: '',
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One UDP socket per worker; each query waits for its answer (ids are unique per worker). */
async function run(server: BenchServer & { port: number }, workers: number, ops: number, names: (i: number) => string): Promise<LoopResult> {
  const sockets = await Promise.all(
    Array.from({ length: workers }, async () => {
      const s = createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
      let waiting: (() => void) | undefined;
      s.on('message', () => waiting?.());
      return {
        s,
        ask: (name: string, id: number) =>
          new Promise<void>((resolve) => {
            waiting = resolve;
            s.send(dnsPacket.encode({ type: 'query', id: id & 0xffff, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: 'A' }] }), server.port, '127.0.0.1');
          }),
      };
    }),
  );
  try {
    return await closedLoop(server, workers, ops, (worker, i) => sockets[worker]!.ask(names(Math.abs(i)), i));
  } finally {
    for (const { s } of sockets) s.close();
  }
}

function line(name: string, r: LoopResult): string {
  return `${name.padEnd(34)} ${r.opsPerSecond.toFixed(0).padStart(7)} answers/s  p50 ${r.p50Ms.toFixed(3)} ms  server CPU ${(r.serverCpuMsPerOp * 1000).toFixed(1)} µs/answer  (${r.ops} answers)`;
}

export const dnsAnswers: Scenario = {
  name: 'dns',
  async run({ ops, workers }) {
    const n = Math.max(ops, 20000);
    const lines: string[] = [];
    const echo = await startDnsServer(0, true);
    try {
      lines.push(line('node:dgram echo (socket floor)', await run(echo, workers, n, (i) => `host${i}.bench.test`)));
    } finally {
      await echo.stop();
    }
    for (const records of [10, 100000]) {
      const server = await startDnsServer(records);
      try {
        // Each record set is encoded on its first query; one pass over every name first measures the steady state.
        if (records > n) await run(server, workers, records, (i) => `host${i % records}.bench.test`);
        lines.push(line(`DNS simple A (${records} records)`, await run(server, workers, n, (i) => `host${i % records}.bench.test`)));
        if (records === 10) {
          for (const kind of ['weighted', 'failover', 'latency', 'geo']) lines.push(line(`DNS ${kind} A`, await run(server, workers, n, () => `${kind}.bench.test`)));
          lines.push(line('DNS NXDOMAIN', await run(server, workers, n, (i) => `missing${i}.bench.test`)));
        }
      } finally {
        await server.stop();
      }
    }
    return lines;
  },
};

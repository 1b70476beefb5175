// Benchmark harness: spawns a real kumo (persistence on, in a temp data dir), drives it with a closed loop of
// workers, and reports ops/s, p50/p99 latency and the server's own CPU ms per operation read from /proc.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/core/package-root.js';

export interface BenchServer {
  url: string;
  pid: number;
  child: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

const CLK_TCK = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;

/** Server CPU time (user + system) in ms, from /proc/<pid>/stat fields 14 and 15. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/**
 * Waits until the server's boot work is over: after "Ready" kumo still loads the services with background work (module
 * loading, migrations: 0.3–1 s of CPU, spread over seconds on a loaded machine), and a scenario that starts measuring
 * at once charges that one-time work to its operations. Settled = two 1 s windows in a row under `idleMs` of CPU each
 * (an idle kumo uses ~1–4 ms/s); gives up after `maxMs`. KUMO_BENCH_NO_SETTLE=1 skips it (to compare with before).
 */
export async function waitUntilSettled(server: BenchServer, idleMs = 20, maxMs = 60_000): Promise<void> {
  if (process.env.KUMO_BENCH_NO_SETTLE === '1') return;
  const deadline = Date.now() + maxMs;
  let quiet = 0;
  let last = cpuMs(server.pid);
  while (quiet < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuMs(server.pid);
    quiet = now - last <= idleMs ? quiet + 1 : 0;
    last = now;
  }
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function startServer(extraArgs: string[] = [], env: Record<string, string> = {}, script = 'dist/src/cli.js'): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-bench-'));
  const args = script === 'dist/src/cli.js' ? ['start', '--port', '0', '--data-dir', dataDir, ...extraArgs] : extraArgs;
  // KUMO_BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server, which NODE_OPTIONS cannot.
  const nodeArgs = process.env.KUMO_BENCH_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(packageRoot(), script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kumo exited with ${code} before Ready`)));
  });
  return {
    url,
    pid: child.pid!,
    child,
    dataDir,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoopResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuMsPerOp: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** Runs `op` from `workers` concurrent loops until `totalOps` calls are done; a short warm-up is not measured. */
export async function closedLoop(server: BenchServer, workers: number, totalOps: number, op: (worker: number, i: number) => Promise<unknown>): Promise<LoopResult> {
  const warmup = Math.min(200, Math.ceil(totalOps / 10));
  for (let i = 0; i < warmup; i++) await op(0, -1 - i);
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuMs(server.pid);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = next++; i < totalOps; i = next++) {
        const t0 = process.hrtime.bigint();
        await op(worker, i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = cpuMs(server.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    ops: totalOps,
    seconds,
    opsPerSecond: totalOps / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMsPerOp: cpu / totalOps,
  };
}

export function formatResult(name: string, r: LoopResult): string {
  const latency = Number.isNaN(r.p50Ms) ? 'saturating replay        ' : `p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`;
  return `${name.padEnd(34)} ${r.opsPerSecond.toFixed(0).padStart(7)} ops/s  ${latency}  server CPU ${r.serverCpuMsPerOp.toFixed(3)} ms/op  (${r.ops} ops)`;
}

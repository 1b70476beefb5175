// The VPC world helper: runs inside its own user + network + mount namespace (`unshare -rnm`), so everything it
// builds (VPC, instance, NAT and "internet" namespaces, bridges, veths, nftables) is invisible to the host and
// vanishes with it. It executes steps that kumo plans (src/services/ec2/vpc/plan.ts), one JSON line per command.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { toolPath } from './tools.js';

/** One step: `ip` batch lines, an nftables script or a shell script, run in network namespace `ns` ('' = the world). */
export interface Step {
  ns: string;
  ip?: string[];
  nft?: string;
  sh?: string;
  /** Failures are expected (deleting what may be gone already) and not reported. */
  tolerant?: boolean;
}

/** `waves` run one after another; the steps of one wave run side by side, one sequence per namespace. */
export type HelperRequest = { id: number; op: 'apply'; waves: Step[][] } | { id: number; op: 'ping' } | { id: number; op: 'shutdown' };
export interface HelperReply {
  id: number;
  ok: boolean;
  errors?: string[];
  pid?: number;
  /** Wall time of each wave of an apply (ms), for health and bench/. */
  waveMs?: number[];
}

const IP = toolPath('ip');
const NFT = toolPath('nft');
const NSENTER = toolPath('nsenter');
/** Namespaces configured at once: enough to overlap process start-up with the kernel work of the others. */
const PARALLEL = 8;

function run(argv: string[], input: string | undefined): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ code: 127, stderr: e.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Runs argv inside network namespace `ns` (nsenter's setns, lighter than `ip netns exec`), or in the world one. */
function inNs(ns: string, argv: string[]): string[] {
  return ns === '' ? argv : [NSENTER, `--net=/run/netns/${ns}`, ...argv];
}

async function apply(waves: Step[][], waveMs: number[]): Promise<string[]> {
  const errors: string[] = [];
  for (const wave of waves) {
    const started = performance.now();
    const byNs = new Map<string, Step[]>();
    for (const step of wave) byNs.set(step.ns, [...(byNs.get(step.ns) ?? []), step]);
    const queue = [...byNs.values()];
    const worker = async () => {
      for (let seq = queue.shift(); seq; seq = queue.shift()) await runSteps(seq, errors);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    waveMs.push(Math.round(performance.now() - started));
  }
  return errors;
}

async function runSteps(steps: Step[], errors: string[]): Promise<void> {
  for (const step of steps) {
    let r: { code: number; stderr: string } | undefined;
    if (step.ip) r = await run([IP, '-force', ...(step.ns ? ['-n', step.ns] : []), '-batch', '-'], `${step.ip.join('\n')}\n`);
    else if (step.nft !== undefined) r = await run(inNs(step.ns, [NFT, '-f', '-']), step.nft);
    else if (step.sh !== undefined) r = await run(inNs(step.ns, ['/bin/sh', '-c', step.sh]), undefined);
    if (r && r.code !== 0 && !step.tolerant) errors.push(`${step.ns || 'world'}: ${r.stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
  }
}

/** Kills every process inside the world's namespaces (servers started by `kumo ec2 exec`), then removes them. */
function teardown(): void {
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    return;
  }
  for (const ns of names) {
    const pids = spawnSync(IP, ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split('\n').filter((p) => /^\d+$/.test(p))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone already
      }
    }
    spawnSync(IP, ['netns', 'del', ns]);
  }
}

function main(): void {
  // A private /run (this mount namespace only) holds /run/netns, where `ip netns` keeps its namespace handles.
  const mounted = spawnSync('mount', ['-t', 'tmpfs', 'kumo-vpc', '/run'], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    process.stdout.write(`${JSON.stringify({ id: 0, ok: false, errors: [`mount /run: ${mounted.stderr.trim()}`] })}\n`);
    process.exit(1);
  }
  mkdirSync('/run/netns', { recursive: true });
  spawnSync(IP, ['link', 'set', 'lo', 'up']);
  const send = (r: HelperReply) => process.stdout.write(`${JSON.stringify(r)}\n`);
  send({ id: 0, ok: true, pid: process.pid });
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let req: HelperRequest;
    try {
      req = JSON.parse(line) as HelperRequest;
    } catch {
      return;
    }
    queue = queue.then(async () => {
      if (req.op === 'ping') {
        send({ id: req.id, ok: true, pid: process.pid });
        return;
      }
      if (req.op === 'shutdown') {
        teardown();
        send({ id: req.id, ok: true });
        process.exit(0);
      }
      const waveMs: number[] = [];
      const errors = await apply(req.waves, waveMs);
      send({ id: req.id, ok: errors.length === 0, waveMs, ...(errors.length > 0 ? { errors } : {}) });
    });
  });
  // kumo went away (even by kill -9): everything goes with the helper.
  lines.on('close', () => {
    teardown();
    process.exit(0);
  });
}

if (process.argv[1]?.endsWith('world-helper.js')) main();

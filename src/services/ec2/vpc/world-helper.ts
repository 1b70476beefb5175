// The VPC world helper: runs inside its own user + network + mount namespace (`unshare -rnm`), so everything it
// builds (VPC, instance, NAT and "internet" namespaces, bridges, veths, nftables) is invisible to the host and
// vanishes with it. It executes steps that kumo plans (src/services/ec2/vpc/plan.ts), one JSON line per command.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { closeLine, dialPathOf, FORWARDER_SCRIPT, listenLine, type ServiceTag } from './forwarder.js';
import { encodeIpLines, RELAY_SCRIPT, setnsSyscall } from './netlink.js';
import { findTool, toolPath } from './tools.js';

/** One step: `ip` batch lines, an nftables script or a shell script, run in network namespace `ns` ('' = the world). */
export interface Step {
  ns: string;
  ip?: string[];
  nft?: string;
  sh?: string;
  /** Listeners of the instance-services forwarder: `<service> <address> <port>` each. */
  serve?: string[];
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
  /** Namespaces whose `ip` lines started an `ip` process in this apply (the relay took the others). */
  viaIp?: string[];
  /** The pid of a process resident in each namespace with a ruleset (its nft): /proc/<pid>/net/dev is that
   * namespace's interface counters, readable from kumo without asking the helper (EC2's network metrics). */
  nsPids?: Record<string, number>;
}

const IP = toolPath('ip');
const NFT = toolPath('nft');
const NSENTER = toolPath('nsenter');
/** Namespaces configured at once: enough to overlap one namespace's process start-up with another's kernel work. */
const PARALLEL = 4;
/** Scratch files in the helper's private /run: a failed step's stderr, and the rulesets nft includes. */
const ERR_DIR = '/run/kumo/err';
const NFT_DIR = '/run/kumo/nft';
const END = 'KUMO_END_OF_STEP';
const NAME = /^[\w.-]+$/;

/**
 * A resident /bin/sh that runs one step at a time from its stdin and echoes `@@ <id> <status>`: forking a small
 * shell costs far less than forking the (much larger) Node helper for every `ip` or `nsenter`, and it never exits.
 */
class Shell {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (status: number) => void>();
  private next = 1;
  /** The shell runs one step at a time, so one stderr file per shell serves (each redirect truncates it). */
  private readonly errFile: string;

  constructor(index: number) {
    this.errFile = `${ERR_DIR}/${index}`;
    this.child = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child.stdin!.on('error', () => undefined);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const m = /^@@ (\d+) (\d+)$/.exec(line);
      if (m) this.pending.get(Number(m[1]))?.(Number(m[2]));
    });
    this.child.once('exit', () => {
      for (const done of this.pending.values()) done(127);
    });
  }

  /** Runs `command` with `input` on its stdin; resolves with its exit status and its stderr when it failed. */
  run(command: string, input: string | undefined): Promise<{ code: number; stderr: string }> {
    const id = this.next++;
    const errFile = this.errFile;
    const stdin = input === undefined ? '</dev/null' : `<<'${END}'\n${input.endsWith('\n') ? input : `${input}\n`}${END}`;
    return new Promise((resolve) => {
      this.pending.set(id, (code) => {
        this.pending.delete(id);
        let stderr = '';
        if (code !== 0) {
          try {
            stderr = readFileSync(errFile, 'utf8');
          } catch {
            stderr = this.child.exitCode !== null ? 'the helper shell exited' : '';
          }
        }
        resolve({ code, stderr });
      });
      this.child.stdin!.write(`${command} >/dev/null 2>${errFile} ${stdin}\necho "@@ ${id} $?"\n`);
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * A resident `nft -i` inside one namespace: a ruleset change is a file written to the private /run and one
 * `include` line (one transaction), acknowledged by a marker command that always fails (`list table` of a table that
 * never exists): nft answers lines in order and its errors go unbuffered to stderr, so what precedes the marker's
 * error is the change's own error output, empty when it applied.
 */
class ResidentNft {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (stderr: string) => void>();
  private buffer = '';
  private next = 1;
  readonly exited: Promise<void>;

  constructor(readonly ns: string) {
    this.child = spawn(NSENTER, [`--net=/run/netns/${ns}`, NFT, '-i'], { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child.stdin!.on('error', () => undefined);
    this.child.stderr!.on('data', (d: Buffer) => {
      this.buffer += d.toString();
      for (let m = MARKER.exec(this.buffer); m; m = MARKER.exec(this.buffer)) {
        const before = this.buffer.slice(0, m.index).replace(/Error: No such file or directory\n$/, '');
        this.buffer = this.buffer.slice(m.index + m[0].length);
        this.pending.get(Number(m[1]))?.(before);
      }
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => {
      for (const done of this.pending.values()) done(`nft in ${ns} exited`);
      resolve();
    }));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  apply(ruleset: string): Promise<{ code: number; stderr: string }> {
    const id = this.next++;
    const file = `${NFT_DIR}/${this.ns}.nft`;
    writeFileSync(file, ruleset);
    return new Promise((resolve) => {
      this.pending.set(id, (stderr) => {
        this.pending.delete(id);
        resolve({ code: stderr.trim() === '' ? 0 : 1, stderr });
      });
      this.child.stdin!.write(`include "${file}"\nlist table inet kumo_ack_${id}\n`);
    });
  }

  async stop(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
const MARKER = /^list table inet kumo_ack_(\d+)\n.*\n/m;

/**
 * A resident perl script spoken to by lines: kumo writes `<id> …`, the script answers `<id> <answer>` (in any order).
 * The netlink relay and the instance-services forwarder are both this; when the script exits, every waiting question
 * gets `exitAnswer` and `onExit` drops the module's reference, so the next apply goes without it.
 */
class ResidentPerl {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (answer: string) => void>();
  private next = 1;

  constructor(perl: string, args: readonly string[], exitAnswer: string, onExit: () => void) {
    this.child = spawn(perl, ['-e', ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child.stdin!.on('error', () => undefined);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const space = line.indexOf(' ');
      this.pending.get(Number(line.slice(0, space)))?.(line.slice(space + 1));
    });
    this.child.once('exit', () => {
      onExit();
      for (const done of this.pending.values()) done(exitAnswer);
    });
  }

  /** Writes the line made for a fresh id and answers the script's answer to it. */
  protected ask(line: (id: number) => string): Promise<string> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, (a) => {
        this.pending.delete(id);
        resolve(a);
      });
      this.child.stdin!.write(`${line(id)}\n`);
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * The resident netlink relay (netlink.ts): applies an instance or NAT namespace's simple `ip` lines without starting a
 * process, so building N instances does not cost N process start-ups. Without perl, those lines go to `ip` instead.
 */
class Relay extends ResidentPerl {
  private seq = 1;

  constructor(perl: string, setns: number) {
    super(perl, [RELAY_SCRIPT, String(setns)], 'E relay: exited', () => (relay = undefined));
  }

  /** Applies the lines, or answers undefined when they are not all shapes the relay encodes (or it failed as such). */
  async run(ns: string, lines: readonly string[]): Promise<{ code: number; stderr: string } | undefined> {
    const batch = encodeIpLines(lines, this.seq);
    if (!batch) return undefined;
    this.seq = (this.seq + batch.count) % 0x7fffffff;
    const answer = await this.ask((id) => `${id} ${ns} ${batch.fixups.map(([dev, at]) => `${dev}@${at}`).join(',')} ${batch.bytes.toString('hex')}`);
    if (answer === 'OK') return { code: 0, stderr: '' };
    if (answer.startsWith('E relay:')) return undefined;
    return { code: 1, stderr: `${answer.slice(2)} (in: ${lines.join('; ')})` };
  }
}

/**
 * The resident instance-services forwarder (forwarder.ts): listeners for IMDS and the Amazon resolver inside the VPC
 * namespaces, relaying to kumo's unix socket. Without perl there is none, and the VPCs have no IMDS or resolver.
 */
class Forwarder extends ResidentPerl {
  constructor(perl: string, setns: number, socketPath: string) {
    super(perl, [FORWARDER_SCRIPT, String(setns), socketPath, dialPathOf(socketPath)], 'E forwarder exited', () => (forwarder = undefined));
  }

  async listen(ns: string, lines: readonly string[]): Promise<{ code: number; stderr: string }> {
    const errors: string[] = [];
    for (const l of lines) {
      const [tag, address, port] = l.split(' ') as [ServiceTag, string, string];
      const a = await this.ask((id) => listenLine(id, ns, tag, address, Number(port)));
      if (a !== 'OK') errors.push(a.replace(/^E /, ''));
    }
    return { code: errors.length > 0 ? 1 : 0, stderr: errors.join('; ') };
  }

  async close(ns: string): Promise<void> {
    await this.ask((id) => closeLine(id, ns));
  }
}

let forwarder: Forwarder | undefined;
let relay: Relay | undefined;
const shells: Shell[] = [];
const nfts = new Map<string, ResidentNft>();

function nftOf(ns: string): ResidentNft {
  let n = nfts.get(ns);
  if (!n?.alive) {
    n = new ResidentNft(ns);
    nfts.set(ns, n);
  }
  return n;
}

/** A namespace about to be deleted loses its resident nft first: a live process would keep the namespace alive. */
async function releaseDeleted(step: Step): Promise<void> {
  for (const line of step.ip ?? []) {
    const m = /^netns del (\S+)$/.exec(line);
    // The forwarder's listeners there hold the namespace too.
    if (m && forwarder) await forwarder.close(m[1]!);
    const n = m ? nfts.get(m[1]!) : undefined;
    if (n) {
      nfts.delete(n.ns);
      await n.stop();
    }
  }
}

async function apply(waves: Step[][], waveMs: number[], viaIp: Set<string>): Promise<string[]> {
  const errors: string[] = [];
  for (const wave of waves) {
    const started = performance.now();
    const byNs = new Map<string, Step[]>();
    for (const step of wave) byNs.set(step.ns, [...(byNs.get(step.ns) ?? []), step]);
    const queue = [...byNs.values()];
    const worker = async (shell: Shell) => {
      for (let seq = queue.shift(); seq; seq = queue.shift()) await runSteps(shell, seq, errors, viaIp);
    };
    await Promise.all(shells.slice(0, Math.min(PARALLEL, queue.length)).map(worker));
    waveMs.push(Math.round(performance.now() - started));
  }
  return errors;
}

async function runSteps(shell: Shell, steps: Step[], errors: string[], viaIp: Set<string>): Promise<void> {
  for (const step of steps) {
    let r: { code: number; stderr: string } | undefined;
    if (step.ns !== '' && !NAME.test(step.ns)) r = { code: 2, stderr: `bad namespace name ${JSON.stringify(step.ns)}` };
    else if (step.ip) {
      await releaseDeleted(step);
      // Lines starting `-6 ` need IPv6 as the command's family (ip rule takes it from there): a second batch.
      const four = step.ip.filter((l) => !l.startsWith('-6 '));
      const six = step.ip.filter((l) => l.startsWith('-6 ')).map((l) => l.slice(3));
      const ns = step.ns ? `-n ${step.ns} ` : '';
      if (four.length > 0) {
        if (step.ns !== '' && relay) r = await relay.run(step.ns, four);
        if (!r) viaIp.add(step.ns);
        r ??= await shell.run(`${IP} -force ${ns}-batch -`, four.join('\n'));
      }
      if (six.length > 0) {
        viaIp.add(step.ns);
        const r6 = await shell.run(`${IP} -6 -force ${ns}-batch -`, six.join('\n'));
        if (r6.code !== 0) r = { code: r6.code, stderr: `${r?.stderr ?? ''}${r6.stderr}` };
      }
    } else if (step.nft !== undefined) r = step.ns === '' ? { code: 2, stderr: 'nft needs a namespace' } : await nftOf(step.ns).apply(step.nft);
    else if (step.serve !== undefined) r = forwarder ? await forwarder.listen(step.ns, step.serve) : undefined;
    else if (step.sh !== undefined) r = await shell.run(step.ns ? `${NSENTER} --net=/run/netns/${step.ns} /bin/sh -s` : '/bin/sh -s', step.sh);
    if (r && r.code !== 0 && !step.tolerant) errors.push(`${step.ns || 'world'}: ${r.stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
  }
}

/** Kills every process inside the world's namespaces (servers started by `kumo ec2 exec`), then removes them. */
function teardown(): void {
  for (const n of nfts.values()) n.stop().catch(() => undefined);
  for (const s of shells) s.stop();
  relay?.stop();
  forwarder?.stop();
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
  for (const dir of ['/run/netns', ERR_DIR, NFT_DIR]) mkdirSync(dir, { recursive: true });
  for (let i = 0; i < PARALLEL; i++) shells.push(new Shell(i));
  const perl = findTool('perl');
  const setns = setnsSyscall(process.arch);
  if (perl && setns !== undefined && process.env['KUMO_VPC_RELAY'] !== 'off') relay = new Relay(perl, setns);
  // kumo's unix socket for IMDS and DNS inside the VPCs (instance-services.ts), when it gave one.
  const servicesPath = process.argv[2];
  if (perl && setns !== undefined && servicesPath) forwarder = new Forwarder(perl, setns, servicesPath);
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
      const viaIp = new Set<string>();
      const errors = await apply(req.waves, waveMs, viaIp);
      const nsPids: Record<string, number> = {};
      for (const [ns, n] of nfts) if (n.alive && n.pid !== undefined) nsPids[ns] = n.pid;
      send({ id: req.id, ok: errors.length === 0, waveMs, viaIp: [...viaIp], nsPids, ...(errors.length > 0 ? { errors } : {}) });
    });
  });
  // kumo went away (even by kill -9): everything goes with the helper.
  lines.on('close', () => {
    teardown();
    process.exit(0);
  });
}

if (process.argv[1]?.endsWith('world-helper.js')) main();

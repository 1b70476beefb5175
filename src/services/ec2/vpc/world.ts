// The VPC world as a runtime component: probes for unprivileged namespaces and the tools, starts the helper in its
// own user + network namespace, and after each EC2 call applies the planned difference before the call answers.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Scheduler } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { Component, ComponentHealth } from '../../../runtime/component.js';
import type { Ec2Context } from '../context.js';
import { designOf, nextClockChange, scopesWithVpcs } from './design.js';
import { diffFacts } from './diff.js';
import { type Fact, INTERNET_NS, planWorld, vethName, type WorldDesign } from './plan.js';
import { type InstanceServiceHandlers, InstanceServiceSocket } from './instance-services.js';
import { findTool } from './tools.js';
import { dialPathOf } from './forwarder.js';
import { exposuresOf } from './expose.js';
import { HostExposure } from './expose-host.js';
import type { HelperReply, HelperRequest, Step } from './world-helper.js';

export type DataPlaneMode = 'namespaces' | 'loopback';

const HELPER = fileURLToPath(new URL('./world-helper.js', import.meta.url));
/** Wall time the helper gets to come up (unshare, mount) and to answer one command; process plumbing, not AWS. */
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

export class VpcWorld {
  mode: DataPlaneMode = 'loopback';
  reason = 'not started';
  private helper: ChildProcess | undefined;
  private helperPid: number | undefined;
  private applied = new Map<string, Fact>();
  private queue: Promise<void> = Promise.resolve();
  private waiting = new Map<number, (r: HelperReply) => void>();
  private nextId = 1;
  private lastErrors: string[] = [];
  /** Kernel changes applied so far, and the wall time the last one took (for bench/ and health). */
  applies = 0;
  lastApplyMs = 0;
  /** Wall time of the last sync's planning in kumo (store read, plan, diff), before any kernel work. */
  lastPlanMs = 0;
  /** The last apply's waves: [ms, steps] each (undo inside, undo world, add world, add inside; empty ones left out). */
  lastWaves: [number, number][] = [];
  /** Namespaces whose `ip` lines went to an `ip` process rather than the netlink relay, since the world started. */
  readonly viaIp = new Set<string>();
  /** A process resident in each namespace with a ruleset (from the helper), for reading its interface counters. */
  private nsPids: Record<string, number> = {};
  /** Instance-side veth (VPC namespace end) → instance id, as last planned. */
  private veths = new Map<string, string>();

  /** The clock timer armed for the next change that time alone makes (a NAT gateway turning available). */
  private timer: { at: number; cancel: () => void } | undefined;

  /** kumo's end of IMDS and the Amazon resolver inside the VPCs (the helper's forwarder connects to it). */
  private services: InstanceServiceSocket | undefined;
  /** Public IPs on host loopback addresses (expose.ts): the host's way into the VPCs, as the internet's. */
  readonly exposure: HostExposure;

  constructor(private readonly ec2: Ec2Context, private readonly logger: Logger, private readonly wanted: 'auto' | 'loopback', private readonly scheduler?: Scheduler, private readonly handlers?: InstanceServiceHandlers, private readonly expose = true, portFor: (port: number) => number = (p) => p) {
    this.exposure = new HostExposure(() => this.command('internet'), logger, portFor);
  }

  component(): Component {
    return {
      name: 'ec2-vpc-world',
      start: () => this.start(),
      stop: () => this.stop(),
      health: () => {
        const exposed = this.exposure.exposed().flatMap((e) => e.ports.map((p, i) => `tcp ${e.hostAddress}:${e.hostPorts?.[i] ?? p} -> ${e.publicIp}:${p} (${e.instanceId})`));
        const h: Partial<ComponentHealth> & { vpc_data_plane: DataPlaneMode } = { vpc_data_plane: this.mode, ...(exposed.length > 0 ? { endpoints: exposed } : {}), detail: this.mode === 'namespaces' ? `helper pid ${this.helperPid}; ${this.applied.size} kernel facts; ${this.applies} applies, last ${this.lastApplyMs.toFixed(1)} ms after ${this.lastPlanMs.toFixed(1)} ms planning (waves ${this.lastWaves.map(([ms, n]) => `${ms} ms/${n} steps`).join(', ')}); ${this.services ? `IMDS ${this.services.served.imds}, DNS ${this.services.served.dns} and API ${this.services.served.api} served inside the VPCs` : 'no IMDS or DNS inside the VPCs'}${this.lastErrors.length ? `; last errors: ${this.lastErrors.join('; ')}` : ''}${this.exposure.errors.length ? `; host exposure: ${this.exposure.errors.join('; ')}` : ''}` : this.reason };
        return h;
      },
    };
  }

  /** Why namespaces cannot be used here, or undefined when they may. */
  static unavailable(wanted: 'auto' | 'loopback'): string | undefined {
    if (wanted === 'loopback') return 'KUMO_VPC_DATA_PLANE=loopback';
    if (process.platform !== 'linux') return `namespaces need Linux (this is ${process.platform})`;
    const missing = ['unshare', 'nsenter', 'ip', 'nft', 'mount'].filter((t) => findTool(t) === undefined);
    if (missing.length > 0) return `missing tools: ${missing.join(', ')} (Debian: apt-get install iproute2 nftables util-linux)`;
    return undefined;
  }

  async start(): Promise<void> {
    const why = VpcWorld.unavailable(this.wanted);
    if (why) return this.fallBack(why);
    let socketPath: string | undefined;
    if (this.handlers) {
      this.services = new InstanceServiceSocket(this.handlers);
      socketPath = await this.services.start().catch((e: Error) => {
        this.logger.error('ec2: no IMDS or DNS inside the VPCs: unix socket', e);
        this.services = undefined;
        return undefined;
      });
    }
    const child = spawn(findTool('unshare')!, ['-rnm', '--propagation', 'private', process.execPath, HELPER, ...(socketPath ? [socketPath] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const ready = new Promise<HelperReply | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), START_TIMEOUT_MS);
      child.once('exit', () => resolve(undefined));
      child.once('error', () => resolve(undefined));
      createInterface({ input: child.stdout }).on('line', (line) => {
        let r: HelperReply;
        try {
          r = JSON.parse(line) as HelperReply;
        } catch {
          return;
        }
        if (r.id === 0) {
          clearTimeout(timer);
          resolve(r);
        } else this.waiting.get(r.id)?.(r);
      });
    });
    const hello = await ready;
    if (!hello?.ok || hello.pid === undefined) {
      child.kill('SIGKILL');
      await this.services?.stop();
      this.services = undefined;
      return this.fallBack(`unprivileged namespaces unavailable: ${(hello?.errors?.join('; ') ?? stderr.trim()) || 'the helper did not start'}`);
    }
    this.helper = child;
    this.helperPid = hello.pid;
    child.once('exit', () => {
      if (this.helper !== child) return;
      this.helper = undefined;
      this.fallBack('the VPC world helper exited');
    });
    this.mode = 'namespaces';
    this.reason = '';
    await this.sync();
  }

  private fallBack(reason: string): void {
    void this.exposure.stop();
    this.mode = 'loopback';
    this.reason = reason;
    this.applied.clear();
    this.logger.info(`ec2: VPC data plane on loopback: ${reason}`);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.exposure.stop();
    const child = this.helper;
    this.helper = undefined;
    await this.services?.stop();
    this.services = undefined;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void this.request({ id: this.nextId++, op: 'shutdown' }, child);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, STOP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    child.kill('SIGKILL');
    this.applied.clear();
    this.mode = 'loopback';
    this.reason = 'stopped';
  }

  private request(req: HelperRequest, child = this.helper): Promise<HelperReply> {
    if (!child) return Promise.resolve({ id: req.id, ok: false, errors: ['no helper'] });
    return new Promise((resolve) => {
      this.waiting.set(req.id, (r) => {
        this.waiting.delete(req.id);
        resolve(r);
      });
      child.stdin!.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Brings the kernel to the store's design; calls are serialised, each applies only the difference. */
  sync(): Promise<void> {
    const run = this.queue.then(() => this.syncNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async syncNow(): Promise<void> {
    if (this.mode !== 'namespaces' || !this.helper) return;
    const started = performance.now();
    const scopes = scopesWithVpcs(this.ec2);
    const designs = scopes.map((s) => designOf(this.ec2, s));
    const planned = planWorld(designs);
    this.veths = vethsOf(designs);
    this.arm(nextClockChange(this.ec2, scopes));
    const { waves, next } = diffFacts(this.applied, planned);
    this.lastPlanMs = performance.now() - started;
    if (waves.length > 0) {
      await this.apply(waves);
      this.applied = next;
    }
    // After the kernel: a listener opens once its path exists, and one whose address went closes before the answer.
    await this.exposure.sync(this.expose ? exposuresOf(designs) : []);
  }

  /** Syncs again when the runtime clock reaches `at` (reads no longer sync, so time's changes need their own turn). */
  private arm(at: number | undefined): void {
    if (!this.scheduler || at === this.timer?.at) return;
    this.timer?.cancel();
    this.timer = undefined;
    if (at === undefined) return;
    const cancel = this.scheduler.after(at - this.ec2.clock.now(), () => {
      this.timer = undefined;
      void this.sync();
    });
    this.timer = { at, cancel };
  }

  private async apply(waves: Step[][]): Promise<void> {
    const started = performance.now();
    if (process.env['KUMO_VPC_TRACE']) appendFileSync(process.env['KUMO_VPC_TRACE'], `${JSON.stringify(waves.map((w) => w.map((s) => ({ ns: s.ns, ip: s.ip, nft: s.nft !== undefined, sh: s.sh !== undefined }))))}\n`);
    const reply = await this.request({ id: this.nextId++, op: 'apply', waves });
    this.lastApplyMs = performance.now() - started;
    this.lastWaves = waves.map((w, i) => [reply.waveMs?.[i] ?? NaN, w.length]);
    this.applies++;
    this.lastErrors = reply.errors ?? [];
    for (const ns of reply.viaIp ?? []) this.viaIp.add(ns);
    if (reply.nsPids) this.nsPids = reply.nsPids;
    if (!reply.ok) this.logger.error(`ec2: VPC world: ${this.lastErrors.join('; ')}`);
  }

  /**
   * Each instance's traffic so far, summed over its interfaces, from the kernel counters of the VPC namespace ends of
   * its veths (`/proc/<pid>/net/dev` of a process resident there): what that end receives the instance sent.
   * Counters start at 0 when the veth is made (the instance starts).
   */
  networkCounters(): Map<string, NetworkCounters> {
    const out = new Map<string, NetworkCounters>();
    if (this.mode !== 'namespaces') return out;
    for (const [ns, pid] of Object.entries(this.nsPids)) {
      if (!ns.startsWith('vpc-')) continue;
      let text: string;
      try {
        text = readFileSync(`/proc/${pid}/net/dev`, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(2)) {
        const colon = line.indexOf(':');
        const instanceId = this.veths.get(line.slice(0, colon).trim());
        if (colon < 0 || instanceId === undefined) continue;
        // Receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets ...
        const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
        const c = out.get(instanceId) ?? { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
        c.bytesOut += f[0]!;
        c.packetsOut += f[1]!;
        c.bytesIn += f[8]!;
        c.packetsIn += f[9]!;
        out.set(instanceId, c);
      }
    }
    return out;
  }

  /** The forwarder's socket for host → instance connections (vpc/instance-ports.ts), while the world is up. */
  get dialPath(): string | undefined {
    return this.mode === 'namespaces' && this.services ? dialPathOf(this.services.path) : undefined;
  }

  /** argv prefix that runs a command inside an instance's (or the internet's) namespace, or undefined. */
  command(target: string): string[] | undefined {
    if (this.mode !== 'namespaces' || this.helperPid === undefined) return undefined;
    const name = target === 'internet' ? INTERNET_NS : target;
    if (![...this.applied.values()].some((f) => f.ip === `netns add ${name}`)) return undefined;
    return [findTool('nsenter')!, '-t', String(this.helperPid), '-U', '-m', '--preserve-credentials', findTool('ip')!, 'netns', 'exec', name];
  }
}

/** An instance's traffic as counted on its veths (IPv4, IPv6 and ARP frames alike). */
export interface NetworkCounters {
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

function vethsOf(designs: readonly WorldDesign[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of designs) for (const i of d.instances) for (const x of i.interfaces) out.set(vethName(i.id, x.deviceIndex), i.id);
  return out;
}

// kumo's side of host exposure: makes the listening sockets on host loopback (127.b.c.d per public IP), hands each to
// the relay in the internet namespace over IPC and closes its own copy; follows the store's exposures by difference.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../core/logger.js';
import { type Exposure, HOST_SOURCE } from './expose.js';
import type { RelayReply, RelayRequest } from './expose-relay.js';

const RELAY = fileURLToPath(new URL('./expose-relay.js', import.meta.url));
/** Wall time the relay gets to start (a Node process entering the world's namespaces) and to answer; plumbing. */
const RELAY_TIMEOUT_MS = 15_000;

interface Open {
  instanceId: string;
  publicIp: string;
  hostAddress: string;
  port: number;
  hostPort: number;
}

export class HostExposure {
  private relay: ChildProcess | undefined;
  private readonly open = new Map<string, Open>();
  private readonly waiting = new Map<number, (r: RelayReply) => void>();
  private nextId = 1;
  /** Listeners that could not be made in the last sync (an address in use), for health. */
  errors: string[] = [];

  /** `prefix()`: the argv prefix that enters the internet namespace (undefined while there is none). */
  constructor(private readonly prefix: () => string[] | undefined, private readonly logger: Logger, private readonly portFor: (port: number) => number = (p) => p) {}

  /** What is exposed now, one entry per public address (ports sorted). */
  exposed(): Exposure[] {
    const out = new Map<string, Exposure>();
    for (const o of this.open.values()) {
      const e = out.get(o.hostAddress) ?? { instanceId: o.instanceId, publicIp: o.publicIp, hostAddress: o.hostAddress, ports: [], hostPorts: [] };
      e.ports.push(o.port);
      out.set(o.hostAddress, e);
    }
    for (const e of out.values()) {
      e.ports.sort((a, b) => a - b);
      e.hostPorts = e.ports.map((p) => this.portFor(p));
    }
    return [...out.values()];
  }

  /** Brings the host listeners to `wanted`: closes what went (before adding, so a moved address is free), then adds. */
  async sync(wanted: readonly Exposure[]): Promise<void> {
    const want = new Map<string, Open>();
    for (const e of wanted) for (const port of e.ports) want.set(`${e.hostAddress}:${port}`, { instanceId: e.instanceId, publicIp: e.publicIp, hostAddress: e.hostAddress, port, hostPort: this.portFor(port) });
    for (const [key, o] of this.open) {
      const w = want.get(key);
      if (w && w.publicIp === o.publicIp && w.instanceId === o.instanceId) continue;
      this.open.delete(key);
      await this.request({ id: this.nextId++, op: 'close', key });
    }
    const adds = [...want].filter(([key]) => !this.open.has(key));
    if (adds.length === 0) return;
    if (!(await this.ensureRelay())) {
      this.errors = ['no relay in the internet namespace'];
      return;
    }
    this.errors = [];
    for (const [key, o] of adds) {
      const server = await listenOn(o.hostAddress, o.hostPort).catch((e: Error) => {
        this.errors.push(`${key}: ${e.message}`);
        return undefined;
      });
      if (!server) continue;
      const r = await this.request({ id: this.nextId++, op: 'listen', key, publicIp: o.publicIp, port: o.port, source: HOST_SOURCE }, server);
      // The relay holds its own copy of the socket now; kumo's goes (it never accepts on it).
      server.close();
      if (r.ok) this.open.set(key, o);
      else this.errors.push(`${key}: ${r.error ?? 'refused'}`);
    }
    if (this.errors.length > 0) this.logger.error(`ec2: host exposure: ${this.errors.join('; ')}`);
  }

  /** Closes every host listener (the relay exits with its IPC channel, and its sockets with it). */
  async stop(): Promise<void> {
    const child = this.relay;
    this.relay = undefined;
    this.open.clear();
    if (!child) return;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    if (child.connected) child.disconnect();
    child.kill('SIGKILL');
    await exited;
  }

  private async ensureRelay(): Promise<boolean> {
    if (this.relay?.connected) return true;
    const prefix = this.prefix();
    if (!prefix) return false;
    // The 'ipc' entry is an inherited socket pair plus NODE_CHANNEL_FD: both cross nsenter and `ip netns exec`.
    const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, RELAY], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-1000)));
    child.on('message', (r: RelayReply) => this.waiting.get(r.id)?.(r));
    const hello = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), RELAY_TIMEOUT_MS);
      this.waiting.set(0, () => {
        clearTimeout(timer);
        resolve(true);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
      child.once('error', () => resolve(false));
    });
    this.waiting.delete(0);
    if (!hello) {
      child.kill('SIGKILL');
      this.logger.error(`ec2: host exposure relay did not start: ${stderr.trim() || 'no answer'}`);
      return false;
    }
    child.once('exit', () => {
      if (this.relay !== child) return;
      // Its sockets went with it: the next sync makes them again.
      this.relay = undefined;
      this.open.clear();
      for (const done of this.waiting.values()) done({ id: -1, ok: false, error: 'the relay exited' });
    });
    this.relay = child;
    return true;
  }

  private request(req: RelayRequest, server?: Server): Promise<RelayReply> {
    const child = this.relay;
    if (!child?.connected) return Promise.resolve({ id: req.id, ok: false, error: 'no relay' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ id: req.id, ok: false, error: 'the relay did not answer' }), RELAY_TIMEOUT_MS);
      const finish = (r: RelayReply) => {
        clearTimeout(timer);
        this.waiting.delete(req.id);
        resolve(r);
      };
      this.waiting.set(req.id, finish);
      child.send(req, server, (e) => e && finish({ id: req.id, ok: false, error: e.message }));
    });
  }
}

/** A listening socket on host loopback; it never accepts here (a connection in the instant before the hand-over is reset). */
function listenOn(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((s) => s.resetAndDestroy());
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

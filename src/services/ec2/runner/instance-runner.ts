// Instances that run (--run-instances): each instance a process group with its own loopback address and metadata
// service; states follow the process (spawned → running, exit → stopped/terminated per shutdown behaviour, crash →
// impaired), Stop/Terminate signal the group (SIGKILL 30 s later on the runtime clock), kumo restarts bring them back.
// With the VPC world up, the process runs inside the instance's namespace (a placement, src/services/ec2/vpc/).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as api from '../../../generated/ec2/api.js';
import type { Logger } from '../../../core/logger.js';
import type { Component } from '../../../runtime/component.js';
import type { Endpoints } from '../../../runtime/endpoints.js';
import type { TaskHandle, Tasks } from '../../../runtime/tasks.js';
import type { Ec2Context, InstanceLifecycle } from '../context.js';
import { INSTANCE_SHUTDOWN, stopRecord, terminateRecord } from '../instance-operations.js';
import { state } from '../instance-state.js';
import type { InstanceRecord } from '../records.js';
import type { Scope, UnitOfWork } from '../resource-store.js';
import { MetadataServer, type RoleCredentials } from './imds.js';
import { groupCpuSeconds, type Exit, ProcessGroup } from './process-group.js';

/** Stop and reboot wait this long on the runtime clock before SIGKILL (EC2 waits for the OS, then forces). */
export const STOP_GRACE_MS = 30_000;
/** At kumo's own shutdown, wall time a group gets to exit after SIGTERM before SIGKILL. */
const SHUTDOWN_GRACE_MS = 3_000;

export interface RunnerOptions {
  ec2: Ec2Context;
  endpoints: Endpoints;
  tasks: Tasks;
  logger: Logger;
  /** Working directories live under here, one per instance id. */
  baseDir: string;
  /** The IMDS port on each instance address (0: any free port, where all instances share 127.0.0.1). */
  imdsPort: number;
  /** Removes `baseDir` once every instance has stopped (a temporary one, with --in-memory). */
  removeBaseDirOnStop?: boolean;
  /** kumo's own endpoint, given to instances as AWS_ENDPOINT_URL when known. */
  kumoUrl: string | undefined;
  credentials(scope: Scope, instance: InstanceRecord): Promise<{ role: string; credentials: RoleCredentials } | undefined>;
}

/** Where processes run other than on their loopback address: the instance's VPC namespace (vpc/instance-placement.ts). */
export interface InstancePlacement {
  /** True while processes run inside their namespaces: the loopback IMDS then takes any free port (none uses it). */
  readonly inNamespaces: boolean;
  /** The argv prefix entering the instance's namespace (working directory `dir`) and the env there, once it exists; undefined: loopback. */
  enter(scope: Scope, id: string, dir: string): Promise<{ prefix: string[]; env: Record<string, string> } | undefined>;
  /** The process runs inside (group `pid`): its listening ports are mirrored on `bindAddress` until ended. */
  started(scope: Scope, id: string, pid: number, bindAddress: string): void;
  ended(id: string): void;
  /** Looks for new listening ports now (a console read: one who saw "listening" connects next). */
  refresh(id: string): void;
  stop(): void;
}

interface Running {
  scope: Scope;
  id: string;
  dir: string;
  logPath: string;
  address: string;
  imds?: MetadataServer | undefined;
  group?: ProcessGroup | undefined;
  intent?: 'stop' | 'terminate' | 'reboot' | 'shutdown' | undefined;
  kill?: TaskHandle | undefined;
  startedAt?: number | undefined;
  /** The process runs inside the instance's VPC namespace (not on `address`). */
  inside?: boolean | undefined;
  /** A spawn is waiting for the namespace. */
  spawning?: boolean | undefined;
}

export interface ProcessInfo {
  instanceId: string;
  account: string;
  region: string;
  state: string | undefined;
  pid: number | undefined;
  bindAddress: string;
  metadataEndpoint: string | undefined;
  logPath: string;
  workDir: string;
}

export class InstanceRunner implements InstanceLifecycle {
  private readonly running = new Map<string, Running>();
  private stopping = false;
  /** Told after the runner itself changed an instance's state (the VPC world follows: src/services/ec2/vpc/world.ts). */
  onStateChange: (() => void) | undefined;
  /** Set by EC2 when the VPC world exists; processes then run inside their instance namespaces. */
  placement: InstancePlacement | undefined;

  constructor(private readonly o: RunnerOptions) {}

  /** The runtime component: restores instances at boot, stops every group at shutdown. */
  component(): Component {
    return {
      name: 'ec2-instances',
      start: () => this.restore(),
      stop: () => this.shutdown(),
      health: () => ({ endpoints: [...this.running.values()].filter((r) => r.imds).map((r) => `imds http://${r.address}:${r.imds!.port} (${r.id})`) }),
    };
  }

  launch(scope: Scope, ids: readonly string[]): void {
    for (const id of ids) void this.start(scope, id);
  }

  changed(scope: Scope, changes: readonly api.InstanceStateChange[]): void {
    for (const c of changes) {
      if (c.PreviousState?.Name === c.CurrentState?.Name) continue;
      const id = c.InstanceId!;
      if (c.CurrentState?.Name === 'pending') void this.start(scope, id);
      else if (c.CurrentState?.Name === 'stopping') this.halt(scope, id, 'stop');
      else if (c.CurrentState?.Name === 'shutting-down') this.halt(scope, id, 'terminate');
    }
  }

  reboot(scope: Scope, ids: readonly string[]): void {
    for (const id of ids) {
      const r = this.running.get(id);
      if (r?.group?.alive) {
        r.intent = 'reboot';
        r.group.signal('SIGTERM');
        r.kill = this.o.tasks.after(`ec2 reboot ${id}`, STOP_GRACE_MS, () => r.group?.signal('SIGKILL'));
      } else if (this.record(scope, id)?.State?.Name === 'running') {
        void this.start(scope, id);
      }
    }
  }

  consoleLog(id: string): Buffer | undefined {
    const path = this.running.get(id)?.logPath ?? join(this.o.baseDir, id, 'console.log');
    let log: Buffer | undefined;
    try {
      log = readFileSync(path);
    } catch {
      log = undefined;
    }
    // The log is read first: a server that printed "listening" before this read was listening already, so the
    // mirror made now covers what the caller saw (a refresh before the read could miss a listen made in between).
    if (this.running.get(id)?.inside) this.placement?.refresh(id);
    return log;
  }

  /** The process table behind GET /_kumo/ec2/instances and `kumo ec2 ps`. */
  processes(): ProcessInfo[] {
    return [...this.running.values()].map((r) => ({
      instanceId: r.id, account: r.scope.account, region: r.scope.region, state: this.record(r.scope, r.id)?.State?.Name,
      pid: r.group?.alive ? r.group.pid : undefined, bindAddress: r.address,
      metadataEndpoint: r.imds ? `http://${r.address}:${r.imds.port}/` : undefined, logPath: r.logPath, workDir: r.dir,
    }));
  }

  process(id: string): { pid: number | undefined; alive: boolean; bindAddress: string; startedAt: number | undefined; inNamespace: boolean } | undefined {
    const r = this.running.get(id);
    return r ? { pid: r.group?.pid, alive: r.group?.alive ?? false, bindAddress: r.address, startedAt: r.startedAt, inNamespace: r.inside === true } : undefined;
  }

  /** Where the instance's metadata service listens (its loopback address), while it has one. */
  metadataAddress(id: string): { host: string; port: number } | undefined {
    const r = this.running.get(id);
    return r?.imds ? { host: r.address, port: r.imds.port } : undefined;
  }

  cpuSeconds(id: string): number | undefined {
    const g = this.running.get(id)?.group;
    return g?.alive ? groupCpuSeconds(g.pid) : undefined;
  }

  /** POST /_kumo/reset: every group killed, directories removed. */
  killAll(): void {
    for (const r of this.running.values()) {
      r.intent = 'shutdown';
      r.kill?.cancel();
      r.group?.signal('SIGKILL');
      void r.imds?.close();
      rmSync(r.dir, { recursive: true, force: true });
    }
    this.placement?.stop();
    this.running.clear();
  }

  private record(scope: Scope, id: string): InstanceRecord | undefined {
    return this.o.ec2.store.get<InstanceRecord>(scope, 'instance', id);
  }

  private write(scope: Scope, id: string, update: (i: InstanceRecord, now: number, uow: UnitOfWork) => InstanceRecord | undefined): void {
    if (this.stopping) return;
    const now = this.o.ec2.clock.now();
    let changed = false;
    this.o.ec2.store.write((uow) => {
      const i = uow.get<InstanceRecord>(scope, 'instance', id);
      const next = i ? update(i, now, uow) : undefined;
      if (next) uow.put(scope, 'instance', id, next);
      changed = next !== undefined;
    });
    if (changed) this.onStateChange?.();
  }

  private setState(scope: Scope, id: string, name: api.InstanceStateName, from?: api.InstanceStateName): void {
    this.write(scope, id, (i, now) => (from !== undefined && i.State?.Name !== from ? undefined : { ...i, State: state(name), _changedAt: now }));
  }

  private entry(scope: Scope, id: string): Running {
    let r = this.running.get(id);
    if (!r) {
      const dir = join(this.o.baseDir, id);
      r = { scope, id, dir, logPath: join(dir, 'console.log'), address: this.o.endpoints.address('instances', id) };
      this.running.set(id, r);
    }
    return r;
  }

  /** Boots the instance: its metadata service, then its user data; pending → running once the process exists. */
  private async start(scope: Scope, id: string): Promise<void> {
    const r = this.entry(scope, id);
    r.intent = undefined;
    mkdirSync(r.dir, { recursive: true, mode: 0o700 });
    if (!r.imds) {
      const imds = new MetadataServer({
        instance: () => this.record(scope, id), region: scope.region, now: () => this.o.ec2.clock.now(),
        credentials: () => {
          const i = this.record(scope, id);
          return i ? this.o.credentials(scope, i) : Promise.resolve(undefined);
        },
      });
      try {
        // Inside a namespace the process asks 169.254.169.254, so the loopback IMDS leaves the fixed port (80 + the
        // offset) free for the process's own port 80, mirrored on the same loopback address.
        await imds.listen(r.address, this.placement?.inNamespaces ? 0 : this.o.imdsPort);
        r.imds = imds;
      } catch (e) {
        this.o.logger.error(`ec2: no metadata service for ${id} on ${r.address}:${this.o.imdsPort}`, e);
      }
    }
    if (this.stopping || this.running.get(id) !== r) return;
    // Stopped or terminated while its metadata service was binding: nothing to boot.
    const current = this.record(scope, id)?.State?.Name;
    if (current !== 'pending' && current !== 'running') return;
    await this.spawn(r);
    if (this.stopping || this.running.get(id) !== r) return;
    this.write(scope, id, (i, now) => {
      const { _impaired: _x, ...rest } = i;
      return i.State?.Name === 'pending' ? { ...rest, State: state('running'), _changedAt: now } : i._impaired !== undefined ? rest : undefined;
    });
  }

  private async spawn(r: Running): Promise<void> {
    const i = this.record(r.scope, r.id);
    if (!i?._userData || r.spawning) return; // no user data: an idle instance, running without a process
    let inside: { prefix: string[]; env: Record<string, string> } | undefined;
    if (this.placement) {
      r.spawning = true;
      try {
        inside = await this.placement.enter(r.scope, r.id, r.dir);
      } finally {
        r.spawning = false;
      }
      // Stopped, terminated or shut down while its namespace was being made: nothing to run.
      const now = this.record(r.scope, r.id)?.State?.Name;
      if (this.stopping || this.running.get(r.id) !== r || r.group?.alive || r.intent !== undefined || (now !== 'pending' && now !== 'running')) return;
    }
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      // The host's credentials and kumo's settings stay out: the SDK inside finds its role through IMDS.
      if (!k.startsWith('AWS_') && !k.startsWith('KUMO_') && k !== 'NODE_TEST_CONTEXT') env[k] = v;
    }
    Object.assign(env, {
      // Its own home, so no shared ~/.aws files stand in front of the instance's role credentials.
      HOME: r.dir,
      KUMO_INSTANCE_ID: r.id,
      KUMO_INSTANCE_ADDRESS: r.address,
      AWS_REGION: r.scope.region,
      AWS_DEFAULT_REGION: r.scope.region,
      ...(r.imds ? { AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://${r.address}:${r.imds.port}/` } : {}),
      ...(this.o.kumoUrl ? { AWS_ENDPOINT_URL: this.o.kumoUrl } : {}),
      ...inside?.env,
    });
    const group = ProcessGroup.start(r.dir, Buffer.from(i._userData, 'base64'), env, r.logPath, inside?.prefix);
    r.group = group;
    r.inside = inside !== undefined;
    r.startedAt = this.o.ec2.clock.now();
    if (inside && group.pid > 0) this.placement?.started(r.scope, r.id, group.pid, r.address);
    void group.exited.then((exit) => this.exited(r, group, exit));
  }

  private halt(scope: Scope, id: string, intent: 'stop' | 'terminate'): void {
    const r = this.running.get(id);
    if (!r?.group?.alive) {
      if (intent === 'stop') this.stopped(r ?? this.entry(scope, id));
      else this.terminated(r ?? this.entry(scope, id));
      return;
    }
    r.intent = intent;
    if (intent === 'terminate') {
      r.group.signal('SIGKILL');
      return;
    }
    r.group.signal('SIGTERM');
    r.kill = this.o.tasks.after(`ec2 stop ${id}`, STOP_GRACE_MS, () => r.group?.signal('SIGKILL'));
  }

  private exited(r: Running, group: ProcessGroup, exit: Exit): void {
    if (r.group !== group || this.running.get(r.id) !== r) return;
    r.group = undefined;
    if (r.inside) this.placement?.ended(r.id);
    r.kill?.cancel();
    r.kill = undefined;
    const intent = r.intent;
    r.intent = undefined;
    if (intent === 'shutdown') return;
    if (intent === 'reboot') return void this.spawn(r);
    if (intent === 'stop') return this.stopped(r);
    if (intent === 'terminate') return this.terminated(r);
    if (exit.code === 0) {
      // The process ended by itself: an OS shutdown, which follows InstanceInitiatedShutdownBehavior.
      const behaviour = this.record(r.scope, r.id)?._shutdownBehavior ?? 'stop';
      this.write(r.scope, r.id, (i, now, uow) => (behaviour === 'terminate' ? terminateRecord : stopRecord)(uow, r.scope, i, now, INSTANCE_SHUTDOWN, ''));
      return behaviour === 'terminate' ? this.terminated(r) : this.stopped(r);
    }
    // A crash: the instance keeps running with a failed status check, for health checks to act on.
    this.write(r.scope, r.id, (i, now) => (i.State?.Name === 'running' ? { ...i, _impaired: now } : undefined));
    this.o.logger.info(`ec2: ${r.id} process exited (${exit.signal ?? `code ${String(exit.code)}`}): status impaired`);
  }

  private stopped(r: Running): void {
    this.setState(r.scope, r.id, 'stopped');
    void r.imds?.close();
    r.imds = undefined;
  }

  private terminated(r: Running): void {
    this.setState(r.scope, r.id, 'terminated');
    void r.imds?.close();
    rmSync(r.dir, { recursive: true, force: true });
    this.o.endpoints.release('instances', r.id);
    this.running.delete(r.id);
  }

  private async restore(): Promise<void> {
    for (const { scope, id } of this.o.ec2.store.locate('instance')) {
      const i = this.record(scope, id);
      if (!i?._managed) continue;
      const name = i.State?.Name;
      if (name === 'pending' || name === 'running') void this.start(scope, id);
      else if (name === 'stopping') this.setState(scope, id, 'stopped');
      else if (name === 'shutting-down') this.terminated(this.entry(scope, id));
    }
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    const waits: Promise<unknown>[] = [];
    for (const r of this.running.values()) {
      r.intent = 'shutdown';
      r.kill?.cancel();
      const g = r.group;
      if (g?.alive) {
        g.signal('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        // Process plumbing, not AWS behaviour: a group that ignores SIGTERM is killed after a short wall-clock grace.
        const grace = new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
        waits.push(Promise.race([g.exited, grace]).then(() => {
          clearTimeout(timer);
          g.signal('SIGKILL');
        }));
      }
      if (r.imds) waits.push(r.imds.close());
    }
    await Promise.all(waits);
    this.placement?.stop();
    this.running.clear();
    if (this.o.removeBaseDirOnStop) rmSync(this.o.baseDir, { recursive: true, force: true });
  }
}

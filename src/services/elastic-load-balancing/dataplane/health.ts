// CLB health checks on the runtime clock: one checker per load balancer (AWS checks from every node; documented),
// each instance probed every Interval at the Target (HTTP/HTTPS: only 200 passes; TCP/SSL: a connection), states
// and descriptions as the InstanceState reference words them. A new instance needs HealthyThreshold passes.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { InstanceState } from '../../../generated/elastic-load-balancing/api.js';
import { parseHealthTarget } from '../names.js';
import type { ClbRecord, InstanceEntry } from '../records.js';
import { lbKey } from '../state.js';
import { backendKeys, peerKeyAllowed } from '../backend-auth.js';

interface Entry {
  state: 'initial' | 'healthy' | 'unhealthy';
  checked: boolean;
  passes: number;
  fails: number;
  nextAt: number;
}

export interface InstanceLocator {
  /** The instance's EC2 state and loopback address (undefined without a process: --run-instances). */
  locate(rec: ClbRecord, id: string): { state: string; host: string | undefined } | undefined;
  portFor(port: number): number;
}

const STATE_WORDS: Readonly<Record<string, string>> = { pending: 'pending', stopping: 'stopped', stopped: 'stopped', 'shutting-down': 'terminated', terminated: 'terminated' };

export class ClbHealth {
  private readonly entries = new Map<string, Map<string, Entry>>();
  onTransition: () => void = () => {};

  constructor(
    private readonly now: () => number,
    private readonly locator: InstanceLocator,
  ) {}

  private entry(rec: ClbRecord, id: string): Entry {
    const k = lbKey(rec, rec.name);
    let m = this.entries.get(k);
    if (!m) this.entries.set(k, (m = new Map()));
    let e = m.get(id);
    if (!e) m.set(id, (e = { state: 'initial', checked: false, passes: 0, fails: 0, nextAt: this.now() }));
    return e;
  }

  registered(rec: ClbRecord, id: string): void {
    this.forget(rec, id);
    this.entry(rec, id);
  }

  forget(rec: ClbRecord, id: string): void {
    this.entries.get(lbKey(rec, rec.name))?.delete(id);
  }

  /** A new check configuration: every instance is checked at the next tick. */
  reschedule(rec: ClbRecord): void {
    for (const e of this.entries.get(lbKey(rec, rec.name))?.values() ?? []) e.nextAt = this.now();
  }

  isInService(rec: ClbRecord, id: string): boolean {
    return this.entries.get(lbKey(rec, rec.name))?.get(id)?.state === 'healthy';
  }

  async describe(rec: ClbRecord, i: InstanceEntry, _scope: unknown): Promise<Omit<InstanceState, 'InstanceId'>> {
    const where = this.locator.locate(rec, i.id);
    if (where && where.state !== 'running') {
      return { State: 'OutOfService', ReasonCode: 'Instance', Description: `Instance is in ${STATE_WORDS[where.state] ?? where.state} state.` };
    }
    if (!rec.zones.includes(i.zone)) {
      return { State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is in the EC2 Availability Zone for which LoadBalancer is not configured to route traffic to.' };
    }
    const e = this.entry(rec, i.id);
    if (e.state === 'healthy') return { State: 'InService', ReasonCode: 'N/A', Description: 'N/A' };
    if (e.state === 'unhealthy') return { State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' };
    if (!e.checked) return { State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.' };
    return { State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has not passed the configured HealthyThreshold number of health checks consecutively.' };
  }

  /** Runs every due check and waits for them (a clock task: advance() awaits it). */
  async tick(lbs: Iterable<ClbRecord>): Promise<void> {
    const now = this.now();
    const runs: Array<Promise<void>> = [];
    for (const rec of lbs) {
      for (const i of rec.instances) {
        if (!rec.zones.includes(i.zone)) continue;
        const e = this.entry(rec, i.id);
        if (e.nextAt > now) continue;
        e.nextAt = now + rec.healthCheck.Interval * 1000;
        const where = this.locator.locate(rec, i.id);
        const host = where?.state === 'running' ? where.host : undefined;
        runs.push(probe(rec, host, this.locator).then((ok) => this.record(rec, e, ok)));
      }
    }
    await Promise.all(runs);
  }

  private record(rec: ClbRecord, e: Entry, ok: boolean): void {
    const before = e.state;
    e.checked = true;
    if (ok) {
      e.passes++;
      e.fails = 0;
      if (e.passes >= rec.healthCheck.HealthyThreshold) e.state = 'healthy';
    } else {
      e.fails++;
      e.passes = 0;
      if (e.fails >= rec.healthCheck.UnhealthyThreshold) e.state = 'unhealthy';
    }
    if (e.state !== before) this.onTransition();
  }
}

/** One check. An instance without a process (no --run-instances) has nothing to answer and fails. */
function probe(rec: ClbRecord, host: string | undefined, locator: InstanceLocator): Promise<boolean> {
  if (!host) return Promise.resolve(false);
  const target = parseHealthTarget(rec.healthCheck.Target);
  const port = locator.portFor(target.port);
  const timeout = rec.healthCheck.Timeout * 1000;
  const keys = target.protocol === 'HTTPS' || target.protocol === 'SSL' ? backendKeys(rec, target.port) : undefined;
  return new Promise((resolve) => {
    if (target.path !== undefined) {
      const mod = target.protocol === 'HTTPS' ? https : http;
      const req = mod.request({ host, port, path: target.path, method: 'GET', agent: false, timeout, rejectUnauthorized: false, headers: { 'user-agent': 'ELB-HealthChecker/1.0', connection: 'close' } }, (res) => {
        // A backend authentication policy on the port: a server with another key fails its check too.
        if (keys && !peerKeyAllowed(res.socket as tls.TLSSocket, keys)) {
          res.destroy();
          resolve(false);
          return;
        }
        res.resume();
        resolve(res.statusCode === 200); // only 200 is healthy (CLB guide, "Health check configuration")
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
      return;
    }
    const socket = target.protocol === 'SSL' ? tls.connect({ host, port, rejectUnauthorized: false, timeout }) : net.connect({ host, port, timeout });
    socket.once(target.protocol === 'SSL' ? 'secureConnect' : 'connect', () => {
      socket.destroy();
      resolve(!keys || peerKeyAllowed(socket as tls.TLSSocket, keys));
    });
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

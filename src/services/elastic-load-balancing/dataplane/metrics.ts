// Traffic counters for CloudWatch's AWS/ELB metrics, one set per load balancer node (load balancer + AZ): plain number
// fields bumped on the data plane, read and reset once a minute by snapshot() with each node's host counts.
import type { ClbRecord } from '../records.js';
import { lbKey } from '../state.js';

export class ClbNodeCounters {
  requests = 0;
  /** Instance answers by class: 2XX, 3XX, 4XX, 5XX (HTTPCode_Backend_*). */
  readonly backend = [0, 0, 0, 0];
  elb4xx = 0;
  elb5xx = 0;
  backendConnectionErrors = 0;
  latencySum = 0;
  latencyCount = 0;
  latencyMin = Infinity;
  latencyMax = 0;

  reset(): void {
    this.requests = this.elb4xx = this.elb5xx = this.backendConnectionErrors = 0;
    this.backend.fill(0);
    this.latencySum = this.latencyCount = this.latencyMax = 0;
    this.latencyMin = Infinity;
  }

  latency(seconds: number): void {
    this.latencySum += seconds;
    this.latencyCount++;
    if (seconds < this.latencyMin) this.latencyMin = seconds;
    if (seconds > this.latencyMax) this.latencyMax = seconds;
  }

  /** An answer the load balancer made itself (400 for a malformed request, 503 with no InService instance). */
  answered(status: number): void {
    if (status >= 500) this.elb5xx++;
    else if (status >= 400) this.elb4xx++;
  }

  /** A routed HTTP request ended: the instance's status, or the node's 502/504 when the instance failed. */
  forwarded(status: number, failure: string | undefined, seconds: number): void {
    this.requests++;
    if (failure !== undefined) {
      if (failure === 'connect') this.backendConnectionErrors++;
      this.answered(status);
      return;
    }
    const cls = Math.floor(status / 100) - 2;
    if (cls >= 0 && cls <= 3) this.backend[cls]!++;
    this.latency(seconds);
  }
}

export interface ClbNodeSnapshot {
  zone: string;
  requests: number;
  backend: number[];
  elb4xx: number;
  elb5xx: number;
  backendConnectionErrors: number;
  latency: { sum: number; count: number; min: number; max: number };
  /** Instances this node routes to that are InService / OutOfService (its own AZ, or every enabled AZ cross-zone). */
  healthy: number;
  unhealthy: number;
  /** The same counts for the node's own AZ only (the AvailabilityZone dimension). */
  zoneHealthy: number;
  zoneUnhealthy: number;
}

export interface ClbSnapshot {
  account: string;
  region: string;
  name: string;
  /** Whether any instance is registered (HealthyHostCount's reporting criterion). */
  registered: boolean;
  nodes: ClbNodeSnapshot[];
}

export class ClbCounters {
  private readonly nodes = new Map<string, ClbNodeCounters>();

  node(key: string, zone: string): ClbNodeCounters {
    const k = `${key}#${zone}`;
    let c = this.nodes.get(k);
    if (!c) this.nodes.set(k, (c = new ClbNodeCounters()));
    return c;
  }

  /** Each load balancer's nodes since the last snapshot (then zeroed), with host counts from `inService`. */
  snapshot(lbs: Iterable<ClbRecord>, inService: (rec: ClbRecord, id: string) => boolean): ClbSnapshot[] {
    const out: ClbSnapshot[] = [];
    const live = new Set<string>();
    for (const rec of lbs) {
      const key = lbKey(rec, rec.name);
      const byZone = new Map<string, { healthy: number; unhealthy: number }>();
      for (const i of rec.instances) {
        if (!rec.zones.includes(i.zone)) continue;
        let z = byZone.get(i.zone);
        if (!z) byZone.set(i.zone, (z = { healthy: 0, unhealthy: 0 }));
        if (inService(rec, i.id)) z.healthy++;
        else z.unhealthy++;
      }
      let allHealthy = 0;
      let allUnhealthy = 0;
      for (const z of byZone.values()) {
        allHealthy += z.healthy;
        allUnhealthy += z.unhealthy;
      }
      const nodes: ClbNodeSnapshot[] = rec.zones.map((zone) => {
        live.add(`${key}#${zone}`);
        const c = this.node(key, zone);
        const own = byZone.get(zone) ?? { healthy: 0, unhealthy: 0 };
        const s: ClbNodeSnapshot = {
          zone, requests: c.requests, backend: [...c.backend], elb4xx: c.elb4xx, elb5xx: c.elb5xx, backendConnectionErrors: c.backendConnectionErrors,
          latency: { sum: c.latencySum, count: c.latencyCount, min: c.latencyMin, max: c.latencyMax },
          healthy: rec.attributes.crossZone ? allHealthy : own.healthy, unhealthy: rec.attributes.crossZone ? allUnhealthy : own.unhealthy,
          zoneHealthy: own.healthy, zoneUnhealthy: own.unhealthy,
        };
        c.reset();
        return s;
      });
      out.push({ account: rec.account, region: rec.region, name: rec.name, registered: rec.instances.length > 0, nodes });
    }
    for (const k of this.nodes.keys()) if (!live.has(k)) this.nodes.delete(k);
    return out;
  }
}

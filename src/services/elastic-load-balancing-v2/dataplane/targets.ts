// Which target gets a request or connection: the group by weight, then the node's pool (its AZ's targets unless
// cross-zone is on), healthy targets only, all of them when none is healthy (fail open), none while draining.
import type { Action } from '../../../generated/elastic-load-balancing-v2/api.js';
import type { ClientInfo } from '../../../net/proxy/index.js';
import type { Elbv2State } from '../state.js';
import { dialPort } from '../records.js';
import type { HealthMonitor } from './health.js';

export interface PickedTarget {
  tgArn: string;
  host: string;
  port: number;
  /** Marks a request in flight; the returned function ends it. */
  begin(): () => void;
}

interface Pool {
  targets: PickedTarget[];
  next: number;
}

const noop = (): void => {};

export class TargetPicker {
  private pools = new Map<string, Pool>();

  constructor(
    private readonly state: Elbv2State,
    private readonly health: HealthMonitor,
    /** Whether a node of `lbArn` sends across zones for this group (LB attribute, group override). */
    private readonly crossZone: (tgArn: string) => boolean,
  ) {}

  invalidate(): void {
    this.pools.clear();
  }

  pool(tgArn: string, zone: string): PickedTarget[] {
    const k = `${tgArn}|${zone}`;
    let p = this.pools.get(k);
    if (!p) {
      p = { targets: this.build(tgArn, zone), next: 0 };
      this.pools.set(k, p);
    }
    return p.targets;
  }

  private build(tgArn: string, zone: string): PickedTarget[] {
    const rec = this.state.tgs.get(tgArn);
    if (!rec) return [];
    const cross = this.crossZone(tgArn);
    const live = rec.targets.filter((t) => t.drainUntil === undefined && t.host !== '' && (cross || t.zone === zone || t.zone === 'all'));
    const healthy = live.filter((t) => this.health.isHealthy(tgArn, t));
    // All unhealthy: every target gets traffic (fail open; ALB guide, "Health checks").
    const chosen = healthy.length > 0 ? healthy : live;
    return chosen.map((t) => ({ tgArn, host: t.host, port: dialPort(t, t.port), begin: () => noop }));
  }

  /** Round robin within the group the weights select. */
  pick(action: Action, zone: string, _client: ClientInfo): PickedTarget | undefined {
    const groups = action.ForwardConfig?.TargetGroups ?? (action.TargetGroupArn ? [{ TargetGroupArn: action.TargetGroupArn, Weight: 1 }] : []);
    let tgArn = groups[0]?.TargetGroupArn;
    if (groups.length > 1) {
      const total = groups.reduce((a, g) => a + (g.Weight ?? 1), 0);
      let r = Math.random() * total;
      for (const g of groups) {
        r -= g.Weight ?? 1;
        if (r < 0) {
          tgArn = g.TargetGroupArn;
          break;
        }
      }
    }
    if (!tgArn) return undefined;
    this.pool(tgArn, zone);
    const p = this.pools.get(`${tgArn}|${zone}`)!;
    if (p.targets.length === 0) return undefined;
    const t = p.targets[p.next % p.targets.length]!;
    p.next = (p.next + 1) % p.targets.length;
    return t;
  }

  /** The target at host:port when it is in the node's pool for the group (healthy, or fail-open), for stickiness. */
  find(tgArn: string, zone: string, host: string, port: number): PickedTarget | undefined {
    return this.pool(tgArn, zone).find((t) => t.port === port && t.host === host);
  }

  attributesOf(tgArn: string): Record<string, string> {
    return this.state.tgs.get(tgArn)?.attributes ?? {};
  }

  /** A 5-tuple hash pins a connection to one target (NLB). */
  pickByFlow(tgArn: string, zone: string, flow: string): PickedTarget | undefined {
    const targets = this.pool(tgArn, zone);
    if (targets.length === 0) return undefined;
    let h = 2166136261;
    for (let i = 0; i < flow.length; i++) h = Math.imul(h ^ flow.charCodeAt(i), 16777619);
    return targets[(h >>> 0) % targets.length];
  }
}

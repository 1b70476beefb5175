// Traffic counters for CloudWatch's AWS/ApplicationELB and AWS/NetworkELB metrics: plain number fields bumped once
// per request or connection on the data plane, read and reset once a minute by snapshot(). Counting stays here (not
// in the proxy core) and costs a few additions per request.
import type { Elbv2 } from '../context.js';
import type { LoadBalancerRecord } from '../records.js';
import { lbArnsUsing } from '../tg-operations.js';

export class TimeStats {
  sum = 0;
  count = 0;
  min = Infinity;
  max = 0;

  reset(): void {
    this.sum = 0;
    this.count = 0;
    this.min = Infinity;
    this.max = 0;
  }

  add(seconds: number): void {
    this.sum += seconds;
    this.count++;
    if (seconds < this.min) this.min = seconds;
    if (seconds > this.max) this.max = seconds;
  }
}

export class TgCounters {
  requests = 0;
  /** Target answers by class: 2XX, 3XX, 4XX, 5XX. */
  readonly codes = [0, 0, 0, 0];
  readonly responseTime = new TimeStats();

  reset(): void {
    this.requests = 0;
    this.codes.fill(0);
    this.responseTime.reset();
  }
}

export class LbCounters {
  requests = 0;
  elb4xx = 0;
  elb5xx = 0;
  elb502 = 0;
  elb503 = 0;
  elb504 = 0;
  fixed = 0;
  redirects = 0;
  readonly codes = [0, 0, 0, 0];
  readonly responseTime = new TimeStats();
  newFlows = 0;
  activeFlows = 0;
  peakFlows = 0;
  processedBytes = 0;
  readonly tgs = new Map<string, TgCounters>();

  /** Zeroes the counts in place (routes and open flows keep references to these objects). */
  reset(): void {
    this.requests = this.elb4xx = this.elb5xx = this.elb502 = this.elb503 = this.elb504 = this.fixed = this.redirects = 0;
    this.newFlows = this.processedBytes = 0;
    // Active flows carry over to the next minute.
    this.peakFlows = this.activeFlows;
    this.codes.fill(0);
    this.responseTime.reset();
    for (const t of this.tgs.values()) t.reset();
  }

  tg(tgArn: string): TgCounters {
    let c = this.tgs.get(tgArn);
    if (!c) this.tgs.set(tgArn, (c = new TgCounters()));
    return c;
  }

  /** A request the load balancer answered itself (fixed response, redirect, no target, error page). */
  answered(status: number, kind: 'fixed' | 'redirect' | 'elb'): void {
    this.requests++;
    if (kind === 'fixed') this.fixed++;
    else if (kind === 'redirect') this.redirects++;
    else this.elbCode(status);
  }

  private elbCode(status: number): void {
    if (status >= 500) {
      this.elb5xx++;
      if (status === 502) this.elb502++;
      else if (status === 503) this.elb503++;
      else if (status === 504) this.elb504++;
    } else if (status >= 400) this.elb4xx++;
  }

  /** A forwarded request ended: the target's status, or the load balancer's 502/504 when the target failed. */
  forwarded(tg: TgCounters, status: number, failed: boolean, seconds: number): void {
    this.requests++;
    tg.requests++;
    if (failed) {
      this.elbCode(status);
      return;
    }
    const cls = Math.floor(status / 100) - 2;
    if (cls >= 0 && cls <= 3) {
      this.codes[cls]!++;
      tg.codes[cls]!++;
    }
    this.responseTime.add(seconds);
    tg.responseTime.add(seconds);
  }

  flowOpened(): void {
    this.newFlows++;
    this.activeFlows++;
    if (this.activeFlows > this.peakFlows) this.peakFlows = this.activeFlows;
  }

  flowClosed(bytes: number): void {
    this.activeFlows--;
    this.processedBytes += bytes;
  }
}

export interface TgSnapshot {
  /** `targetgroup/<name>/<id>`: the TargetGroup dimension. */
  dimension: string;
  requests: number;
  codes: number[];
  responseTime: { sum: number; count: number; min: number; max: number };
  healthy: number;
  unhealthy: number;
}

export interface LbSnapshot {
  account: string;
  region: string;
  type: 'application' | 'network';
  /** `app/<name>/<id>` or `net/<name>/<id>`: the LoadBalancer dimension. */
  dimension: string;
  requests: number;
  elb4xx: number;
  elb5xx: number;
  elb502: number;
  elb503: number;
  elb504: number;
  fixed: number;
  redirects: number;
  codes: number[];
  responseTime: { sum: number; count: number; min: number; max: number };
  newFlows: number;
  activeFlows: number;
  processedBytes: number;
  targetGroups: TgSnapshot[];
}

/** The part of an ARN after `loadbalancer/` or the `targetgroup/...` resource: CloudWatch's dimension values. */
export function dimensionOf(arn: string): string {
  const at = arn.indexOf(':loadbalancer/');
  if (at >= 0) return arn.slice(at + ':loadbalancer/'.length);
  return arn.slice(arn.lastIndexOf(':') + 1);
}

export class TrafficMetrics {
  private readonly lbs = new Map<string, LbCounters>();

  lb(lbArn: string): LbCounters {
    let c = this.lbs.get(lbArn);
    if (!c) this.lbs.set(lbArn, (c = new LbCounters()));
    return c;
  }

  /** Every load balancer's counts since the last snapshot (then reset), with its target groups' host counts. */
  snapshot(s: Elbv2): LbSnapshot[] {
    const out: LbSnapshot[] = [];
    const time = (t: TimeStats): LbSnapshot['responseTime'] => ({ sum: t.sum, count: t.count, min: t.count > 0 ? t.min : 0, max: t.max });
    for (const rec of s.state.lbs.values()) {
      const arn = rec.lb.LoadBalancerArn;
      const c = this.lb(arn);
      const targetGroups: TgSnapshot[] = [];
      for (const tg of s.state.tgs.values()) {
        if (!lbArnsUsing(s, tg.tg.TargetGroupArn).includes(arn)) continue;
        let healthy = 0;
        let unhealthy = 0;
        for (const t of tg.targets) {
          if (t.drainUntil !== undefined) continue;
          const h = s.health.describe(tg, t, true).State;
          if (h === 'healthy') healthy++;
          else if (h === 'unhealthy') unhealthy++;
        }
        const tc = c.tgs.get(tg.tg.TargetGroupArn) ?? new TgCounters();
        targetGroups.push({ dimension: dimensionOf(tg.tg.TargetGroupArn), requests: tc.requests, codes: [...tc.codes], responseTime: time(tc.responseTime), healthy, unhealthy });
      }
      out.push(lbSnapshot(rec, c, targetGroups, time(c.responseTime)));
      c.reset();
    }
    for (const arn of this.lbs.keys()) if (!s.state.lbs.has(arn)) this.lbs.delete(arn);
    return out;
  }
}

function lbSnapshot(rec: LoadBalancerRecord, c: LbCounters, targetGroups: TgSnapshot[], responseTime: LbSnapshot['responseTime']): LbSnapshot {
  return {
    account: rec.account, region: rec.region, type: rec.lb.Type, dimension: dimensionOf(rec.lb.LoadBalancerArn),
    requests: c.requests, elb4xx: c.elb4xx, elb5xx: c.elb5xx, elb502: c.elb502, elb503: c.elb503, elb504: c.elb504, fixed: c.fixed, redirects: c.redirects,
    codes: [...c.codes], responseTime, newFlows: c.newFlows, activeFlows: c.peakFlows, processedBytes: c.processedBytes, targetGroups,
  };
}

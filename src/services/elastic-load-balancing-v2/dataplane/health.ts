// Target health: one checker per target group (AWS checks from every node; documented) on the runtime clock. States
// and reason codes are the DescribeTargetHealth reference's; on an ALB one passed check makes a new target healthy
// (ALB guide, "Health checks"), recovery from unhealthy needs HealthyThresholdCount passes.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type * as Api from '../../../generated/elastic-load-balancing-v2/api.js';
import { isNetworkProtocol } from '../attributes.js';
import { dialPort, type TargetGroupRecord, type TargetRecord } from '../records.js';

interface Entry {
  state: 'initial' | 'healthy' | 'unhealthy';
  reason?: string;
  description?: string;
  passes: number;
  fails: number;
  nextAt: number;
}

/** A check's result; `status` is the HTTP code received and `log` the health check log's reason code (ALB guide,
 *  "Health check logs": TimedOut, ConnectionReset, ResponseCodeMismatch, TargetError for 5xx). */
export type Outcome = ({ ok: true } | { ok: false; reason: string; description: string; log: string }) & { status?: number };

function key(t: TargetRecord): string {
  return `${t.id}:${t.port}`;
}

export class HealthMonitor {
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Called when a target changes state (the data plane rebuilds pools; NLB resets connections). */
  onTransition: (tgArn: string, target: TargetRecord, state: Entry['state']) => void = () => {};
  /** Every check's result, for health check logs (undefined while no load balancer logs them). */
  onResult: ((rec: TargetGroupRecord, target: TargetRecord, outcome: Outcome, startedAt: number, latencyMs: number) => void) | undefined;

  constructor(
    private readonly now: () => number,
    /** KUMO_ELB_TIME_SCALE: intervals are multiplied by it (tests shorten them). */
    private readonly timeScale = 1,
  ) {}

  private entry(tgArn: string, t: TargetRecord): Entry {
    let m = this.entries.get(tgArn);
    if (!m) this.entries.set(tgArn, (m = new Map()));
    let e = m.get(key(t));
    if (!e) m.set(key(t), (e = { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress', passes: 0, fails: 0, nextAt: this.now() }));
    return e;
  }

  registered(tgArn: string, t: TargetRecord): void {
    this.entries.get(tgArn)?.delete(key(t));
    this.entry(tgArn, t);
  }

  forget(tgArn: string, t: TargetRecord): void {
    this.entries.get(tgArn)?.delete(key(t));
  }

  /** Healthy for routing: `healthy`, or any target when none in the set is healthy (fail open) is the caller's. */
  isHealthy(tgArn: string, t: TargetRecord): boolean {
    return this.entries.get(tgArn)?.get(key(t))?.state === 'healthy';
  }

  describe(rec: TargetGroupRecord, t: TargetRecord, inUse: boolean): Api.TargetHealth {
    if (t.drainUntil !== undefined) return { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' };
    if (!inUse) return { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' };
    if (rec.tg.HealthCheckEnabled === false) return { State: 'unavailable', Reason: 'Target.HealthCheckDisabled', Description: 'Health checks are disabled' };
    const e = this.entry(rec.tg.TargetGroupArn, t);
    if (e.state === 'healthy') return { State: 'healthy' };
    return { State: e.state, ...(e.reason ? { Reason: e.reason as Api.TargetHealthReasonEnum } : {}), ...(e.description ? { Description: e.description } : {}) };
  }

  /** Runs every due check of the in-use groups and waits for them (a clock task; advance() awaits it). */
  async tick(groups: Iterable<TargetGroupRecord>): Promise<void> {
    const now = this.now();
    const runs: Array<Promise<void>> = [];
    for (const rec of groups) {
      if (rec.tg.HealthCheckEnabled === false) continue;
      for (const t of rec.targets) {
        if (t.drainUntil !== undefined) continue;
        const e = this.entry(rec.tg.TargetGroupArn, t);
        if (e.nextAt > now) continue;
        e.nextAt = nextCheckAt(e.nextAt, now, Math.max(1000, (rec.tg.HealthCheckIntervalSeconds ?? 30) * 1000 * this.timeScale));
        const started = performance.now();
        runs.push(
          check(rec, t).then((o) => {
            this.onResult?.(rec, t, o, now, performance.now() - started);
            this.record(rec, t, e, o);
          }),
        );
      }
    }
    await Promise.all(runs);
  }

  private record(rec: TargetGroupRecord, t: TargetRecord, e: Entry, o: Outcome): void {
    const before = e.state;
    const network = isNetworkProtocol(rec.tg.Protocol ?? '');
    if (o.ok) {
      e.passes++;
      e.fails = 0;
      const need = e.state === 'initial' && !network ? 1 : (rec.tg.HealthyThresholdCount ?? 5);
      if (e.state !== 'healthy' && e.passes >= need) {
        e.state = 'healthy';
        delete e.reason;
        delete e.description;
      } else if (e.state === 'initial') {
        e.reason = 'Elb.InitialHealthChecking';
        e.description = 'Initial health checks in progress';
      }
    } else {
      e.fails++;
      e.passes = 0;
      if (e.state === 'initial') {
        e.reason = 'Elb.InitialHealthChecking';
        e.description = 'Initial health checks in progress';
      }
      if (e.fails >= (rec.tg.UnhealthyThresholdCount ?? 2)) {
        e.state = 'unhealthy';
        // NLB reports only Target.FailedHealthChecks (DescribeTargetHealth reference).
        e.reason = network ? 'Target.FailedHealthChecks' : o.reason;
        e.description = network ? 'Health checks failed' : o.description;
      }
    }
    if (e.state !== before) this.onTransition(rec.tg.TargetGroupArn, t, e.state);
  }
}

/**
 * The next check time keeps the schedule's phase (due + interval, whole intervals skipped when far behind) instead of
 * `now + interval`: a tick fired by wall time reads a clock a few ms past its due time, and `now + interval` would then
 * fall just after the tick an advance of one interval reaches, so that check would slip a whole tick.
 */
export function nextCheckAt(due: number, now: number, intervalMs: number): number {
  const next = due + intervalMs;
  return next > now ? next : next + Math.ceil((now - next + 1) / intervalMs) * intervalMs;
}

/** HTTP matcher: "200", "200,202", "200-299" (Matcher reference). */
export function matches(matcher: string, status: number): boolean {
  return matcher.split(',').some((part) => {
    const [lo, hi] = part.trim().split('-').map(Number);
    return hi === undefined ? status === lo : status >= lo! && status <= hi;
  });
}

function check(rec: TargetGroupRecord, t: TargetRecord): Promise<Outcome> {
  const timeoutMs = (rec.tg.HealthCheckTimeoutSeconds ?? 5) * 1000;
  const port = dialPort(t, rec.tg.HealthCheckPort === 'traffic-port' || !rec.tg.HealthCheckPort ? t.port : Number(rec.tg.HealthCheckPort));
  const timedOut: Outcome = { ok: false, reason: 'Target.Timeout', description: 'Request timed out', log: 'TimedOut' };
  const reset: Outcome = { ok: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed', log: 'ConnectionReset' };
  // A VPC address without a process behind it is never dialled (VPC addresses are data, not destinations).
  if (!t.host) return Promise.resolve(timedOut);
  return new Promise((resolve) => {
    if (rec.tg.HealthCheckProtocol === 'HTTP' || rec.tg.HealthCheckProtocol === 'HTTPS') {
      // HTTPS checks do not verify the target's certificate (ALB guide: targets may use self-signed certificates).
      const request = rec.tg.HealthCheckProtocol === 'HTTPS' ? (o: https.RequestOptions, cb: (res: http.IncomingMessage) => void) => https.request({ ...o, rejectUnauthorized: false }, cb) : http.request;
      const req = request({ host: t.host, port, path: rec.tg.HealthCheckPath ?? '/', method: 'GET', agent: false, timeout: timeoutMs, headers: { 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' } }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(matches(rec.tg.Matcher?.HttpCode ?? '200', status) ? { ok: true, status } : { ok: false, status, reason: 'Target.ResponseCodeMismatch', description: `Health checks failed with these codes: [${status}]`, log: status >= 500 ? 'TargetError' : 'ResponseCodeMismatch' });
      });
      req.on('timeout', () => {
        req.destroy();
        resolve(timedOut);
      });
      req.on('error', () => resolve(reset));
      req.end();
      return;
    }
    const s = net.connect({ host: t.host, port, timeout: timeoutMs });
    s.on('connect', () => {
      s.destroy();
      resolve({ ok: true });
    });
    s.on('timeout', () => {
      s.destroy();
      resolve(timedOut);
    });
    s.on('error', () => resolve(reset));
  });
}

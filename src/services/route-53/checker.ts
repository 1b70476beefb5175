// The health checker: one clock task per health check probes its endpoint every RequestInterval, turns results
// into a status through FailureThreshold, Inverted and Disabled, re-evaluates CALCULATED parents, and publishes
// every status change to the DNS server so answers change without a restart.
import type { Clock } from '../../core/clock.js';
import type { TaskHandle, Tasks } from '../../runtime/tasks.js';
import { probe, type ProbeResult, type ProbeTarget } from './health-probe.js';
import { calculatedHealthy, INITIAL_PROBE_STATE, nextProbeState, reportedStatus, type HealthCheckConfigLike, type ProbeState } from './health-status.js';

export type HealthCheckConfig = HealthCheckConfigLike & ProbeTarget & { RequestInterval?: number; AlarmIdentifier?: { Region: string; Name: string } };

/** A CloudWatch alarm's state (DescribeAlarms StateValue), or undefined when the alarm (or CloudWatch) is missing. */
export type AlarmLookup = (account: string, region: string, name: string) => Promise<string | undefined>;

/** How often a CLOUDWATCH_METRIC check reads its alarm's state (runtime clock). */
export const ALARM_POLL_MS = 10_000;

interface Entry {
  config: HealthCheckConfig;
  state: ProbeState;
  status: boolean;
  last?: { report: string; at: number };
  lastFailure?: { report: string; at: number };
  task?: TaskHandle;
  /** CLOUDWATCH_METRIC: what the alarm last said (undefined before the first read). */
  metricHealthy?: boolean;
}

export interface CheckerOptions {
  tasks: Tasks;
  clock: Clock;
  publish: (status: Record<string, boolean>) => Promise<void>;
  probeAnyAddress: boolean;
  /** Probe a check at once when it is created, as Route 53 starts checking right away. */
  probeOnCreate?: boolean;
  /** Where each check's probe state is kept across restarts (the state store). */
  memory?: ProbeMemory;
  /** Reads CloudWatch alarm states for CLOUDWATCH_METRIC checks; without it they follow InsufficientDataHealthStatus. */
  alarmState?: AlarmLookup;
}

/** A health check's probe history as persisted: its threshold state and the last (failed) probe reports. */
export interface SavedProbe {
  state: ProbeState;
  last?: { report: string; at: number };
  lastFailure?: { report: string; at: number };
}

export interface ProbeMemory {
  load(id: string): SavedProbe | undefined;
  save(id: string, saved: SavedProbe): void;
}

const ENDPOINT_TYPES = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

export class HealthChecker {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: CheckerOptions) {}

  /** Adds or replaces a health check (UpdateHealthCheck keeps its probe history). */
  upsert(id: string, config: HealthCheckConfig, account?: string): void {
    const old = this.entries.get(id) ?? this.options.memory?.load(id);
    (old as Entry | undefined)?.task?.cancel();
    const entry: Entry = { config, state: old?.state ?? INITIAL_PROBE_STATE, status: true };
    if (old?.last) entry.last = old.last;
    if (old?.lastFailure) entry.lastFailure = old.lastFailure;
    entry.status = this.statusOf(entry);
    this.entries.set(id, entry);
    if (ENDPOINT_TYPES.has(config.Type) && !config.Disabled) {
      const interval = (config.RequestInterval ?? 30) * 1000;
      entry.task = this.options.tasks.every(`route-53.health-check.${id}`, interval, () => this.probeNow(id));
    }
    const lookup = this.options.alarmState;
    if (config.Type === 'CLOUDWATCH_METRIC' && config.AlarmIdentifier && lookup && account !== undefined) {
      const alarm = config.AlarmIdentifier;
      const read = () => this.readAlarm(id, entry, () => lookup(account, alarm.Region, alarm.Name));
      entry.task = this.options.tasks.every(`route-53.health-check.${id}`, ALARM_POLL_MS, read);
      void read();
    }
    void this.settle([id]);
  }

  remove(id: string): void {
    this.entries.get(id)?.task?.cancel();
    this.entries.delete(id);
    void this.settle([]);
  }

  clear(): void {
    for (const e of this.entries.values()) e.task?.cancel();
    this.entries.clear();
  }

  status(id: string): boolean | undefined {
    return this.entries.get(id)?.status;
  }

  statuses(): Record<string, boolean> {
    return Object.fromEntries([...this.entries].map(([id, e]) => [id, e.status]));
  }

  last(id: string): { report: string; at: number } | undefined {
    return this.entries.get(id)?.last;
  }

  lastFailure(id: string): { report: string; at: number } | undefined {
    return this.entries.get(id)?.lastFailure;
  }

  /** Probes one endpoint check now and publishes what changed. */
  async probeNow(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    const result: ProbeResult = await probe(entry.config, { allowNonLoopback: this.options.probeAnyAddress });
    if (this.entries.get(id) !== entry) return; // replaced or deleted while probing
    const at = this.options.clock.now();
    entry.last = { report: result.report, at };
    if (!result.healthy) entry.lastFailure = { report: result.report, at };
    entry.state = nextProbeState(entry.state, result.healthy, entry.config.FailureThreshold ?? 3);
    const saved: SavedProbe = { state: entry.state, last: entry.last };
    if (entry.lastFailure) saved.lastFailure = entry.lastFailure;
    this.options.memory?.save(id, saved);
    await this.settle([id]);
  }

  /**
   * CLOUDWATCH_METRIC: OK is healthy and ALARM unhealthy; INSUFFICIENT_DATA (or an alarm that does not exist) follows
   * InsufficientDataHealthStatus: Healthy, Unhealthy, or LastKnownStatus (the status before; healthy at first).
   */
  private async readAlarm(id: string, entry: Entry, read: () => Promise<string | undefined>): Promise<void> {
    const state = await read().catch(() => undefined);
    if (this.entries.get(id) !== entry) return;
    const insufficient = entry.config.InsufficientDataHealthStatus ?? 'LastKnownStatus';
    const healthy = state === 'OK' ? true : state === 'ALARM' ? false : insufficient === 'Healthy' ? true : insufficient === 'Unhealthy' ? false : (entry.metricHealthy ?? true);
    const at = this.options.clock.now();
    entry.last = { report: `CloudWatch alarm ${entry.config.AlarmIdentifier?.Name ?? ''} is ${state ?? 'missing'}: ${healthy ? 'Healthy' : 'Unhealthy'}`, at };
    if (!healthy) entry.lastFailure = entry.last;
    entry.metricHealthy = healthy;
    await this.settle([id]);
  }

  private statusOf(entry: Entry): boolean {
    const c = entry.config;
    if (c.Type === 'CALCULATED') return reportedStatus(c, calculatedHealthy(c, (child) => this.entries.get(child)?.status));
    // Before its alarm is first read, a metric check follows InsufficientDataHealthStatus (LastKnownStatus: healthy).
    if (c.Type === 'CLOUDWATCH_METRIC') return reportedStatus(c, entry.metricHealthy ?? c.InsufficientDataHealthStatus !== 'Unhealthy');
    return reportedStatus(c, entry.state.endpointHealthy);
  }

  /** Recomputes statuses (CALCULATED ones until stable) and publishes the ones that changed. */
  private async settle(touched: string[]): Promise<void> {
    const changed: Record<string, boolean> = {};
    for (const id of touched) {
      const e = this.entries.get(id);
      if (!e) continue;
      const s = this.statusOf(e);
      if (s !== e.status || !(id in changed)) changed[id] = s;
      e.status = s;
    }
    for (let round = 0; round < 8; round++) {
      let again = false;
      for (const [id, e] of this.entries) {
        if (e.config.Type !== 'CALCULATED') continue;
        const s = this.statusOf(e);
        if (s !== e.status) {
          e.status = s;
          changed[id] = s;
          again = true;
        }
      }
      if (!again) break;
    }
    if (Object.keys(changed).length > 0) await this.options.publish(changed);
  }
}

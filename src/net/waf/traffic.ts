// What the evaluator remembers between requests: rate counters per rate-based rule, sampled requests per web ACL
// and metric name (GetSampledRequests: the last 3 hours, at most 5,000 per window), and per-minute counts.
import type { Action } from './types.js';
import { RateRule } from './rate.js';

export interface Sample {
  at: number;
  clientIp: string;
  country?: string | undefined;
  uri: string;
  method: string;
  httpVersion: string;
  headers: { Name: string; Value: string }[];
  action: Action;
  ruleWithinGroup?: string | undefined;
  labels: string[];
  insertedHeaders: { Name: string; Value: string }[];
  responseCode?: number | undefined;
}

export const SAMPLE_RETENTION_MS = 3 * 3600_000;
const MAX_SAMPLES_PER_METRIC = 5000;

export class TrafficState {
  private readonly rates = new Map<string, RateRule>();
  private readonly samples = new Map<string, Sample[]>();
  /** Samples recorded since the last takePending(), for the write-behind store (wafv2/sample-store.ts). */
  private pending: { aclArn: string; metric: string; sample: Sample }[] = [];
  /** `${aclArn}|${metric}|${action}|${minute}` → count, for per-minute metrics. */
  readonly minuteCounts = new Map<string, number>();

  constructor(readonly rateCheckMs: number) {}

  rateRule(aclArn: string, ruleKey: string, limit: number, windowMs: number): RateRule {
    const id = `${aclArn}|${ruleKey}`;
    let r = this.rates.get(id);
    if (!r || r.limit !== limit || r.windowMs !== windowMs) {
      r = new RateRule(limit, windowMs, this.rateCheckMs);
      this.rates.set(id, r);
    }
    return r;
  }

  existingRateRule(aclArn: string, ruleKey: string): RateRule | undefined {
    return this.rates.get(`${aclArn}|${ruleKey}`);
  }

  addSample(aclArn: string, metric: string, s: Sample): void {
    this.restoreSample(aclArn, metric, s);
    // Bounded between flushes: only the newest MAX_SAMPLES_PER_METRIC per metric can be kept anyway.
    if (this.pending.length >= 4 * MAX_SAMPLES_PER_METRIC) this.pending = this.pending.slice(MAX_SAMPLES_PER_METRIC);
    this.pending.push({ aclArn, metric, sample: s });
  }

  /** A sample read back from the store at start: kept in memory without being written again. */
  restoreSample(aclArn: string, metric: string, s: Sample): void {
    const id = `${aclArn}|${metric}`;
    let list = this.samples.get(id);
    if (!list) {
      list = [];
      this.samples.set(id, list);
    }
    while (list.length > 0 && list[0]!.at < s.at - SAMPLE_RETENTION_MS) list.shift();
    if (list.length >= MAX_SAMPLES_PER_METRIC) list.shift();
    list.push(s);
  }

  takePending(): { aclArn: string; metric: string; sample: Sample }[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  samplesIn(aclArn: string, metric: string, from: number, to: number): Sample[] {
    return (this.samples.get(`${aclArn}|${metric}`) ?? []).filter((s) => s.at >= from && s.at <= to);
  }

  count(aclArn: string, metric: string, action: Action, now: number): void {
    const key = `${aclArn}|${metric}|${action}|${Math.floor(now / 60_000)}`;
    this.minuteCounts.set(key, (this.minuteCounts.get(key) ?? 0) + 1);
  }

  /** Removes and returns the counts of minutes before `minute` (closed minutes, ready to publish). */
  drainMinutesBefore(minute: number): { aclArn: string; metric: string; action: Action; minute: number; count: number }[] {
    const out: { aclArn: string; metric: string; action: Action; minute: number; count: number }[] = [];
    for (const [key, count] of this.minuteCounts) {
      const parts = key.split('|');
      const m = Number(parts[3]);
      if (m >= minute) continue;
      this.minuteCounts.delete(key);
      out.push({ aclArn: parts[0]!, metric: parts[1]!, action: parts[2] as Action, minute: m, count });
    }
    return out;
  }

  reset(): void {
    this.rates.clear();
    this.samples.clear();
    this.pending = [];
    this.minuteCounts.clear();
  }
}

// Rate-based rule counters ("Rate-based rule high-level settings"): per aggregation key, the times of the last
// Limit+1 requests, so the Limit+1-th request inside EvaluationWindowSec is limited exactly on the runtime clock.
// AWS decides about every 10 s; with KUMO_WAF_RATE_CHECK_MS the decision is only refreshed at that interval.

/** Above this limit a key keeps per-second buckets instead of one timestamp per request (bounded memory). */
const EXACT_LIMIT = 10_000;

class KeyCounter {
  private times: number[] = [];
  private head = 0;
  /** Per-second buckets (oldest first) and their running total, for limits of EXACT_LIMIT and more. */
  private buckets?: { secs: number[]; counts: number[]; total: number };
  limited = false;

  constructor(private readonly limit: number) {
    if (limit >= EXACT_LIMIT) this.buckets = { secs: [], counts: [], total: 0 };
  }

  add(t: number): void {
    const b = this.buckets;
    if (b) {
      const s = Math.floor(t / 1000);
      const last = b.secs.length - 1;
      if (b.secs[last] === s) b.counts[last] = b.counts[last]! + 1;
      else {
        b.secs.push(s);
        b.counts.push(1);
      }
      b.total++;
      return;
    }
    if (this.times.length <= this.limit) this.times.push(t);
    else {
      this.times[this.head] = t;
      this.head = (this.head + 1) % this.times.length;
    }
  }

  /** More than Limit requests in (now - window, now]. */
  over(now: number, windowMs: number): boolean {
    const b = this.buckets;
    if (b) {
      const from = Math.floor((now - windowMs) / 1000);
      while (b.secs.length > 0 && b.secs[0]! <= from) {
        b.secs.shift();
        b.total -= b.counts.shift()!;
      }
      return b.total > this.limit;
    }
    if (this.times.length <= this.limit) return false;
    return this.times[this.head]! > now - windowMs;
  }

  /** The newest request is older than the window: the key can be forgotten. */
  idle(now: number, windowMs: number): boolean {
    if (this.buckets) return this.buckets.secs.length === 0 || this.buckets.secs[this.buckets.secs.length - 1]! * 1000 <= now - windowMs;
    const newest = this.times[(this.head + this.times.length - 1) % this.times.length];
    return newest === undefined || newest <= now - windowMs;
  }
}

export class RateRule {
  private readonly keys = new Map<string, KeyCounter>();
  private lastCheck = -Infinity;
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** 0 = decide on every request; else refresh decisions at this interval, as AWS does. */
    readonly checkMs: number,
  ) {}

  /** Counts one request for `key` at `now` and answers whether the key is rate limited. */
  hit(key: string, now: number): boolean {
    let k = this.keys.get(key);
    if (!k) {
      k = new KeyCounter(this.limit);
      this.keys.set(key, k);
    }
    k.add(now);
    if (now - this.lastSweep > this.windowMs) this.sweep(now);
    if (this.checkMs <= 0) return k.over(now, this.windowMs);
    if (now >= this.lastCheck + this.checkMs) {
      this.lastCheck = now;
      for (const c of this.keys.values()) c.limited = c.over(now, this.windowMs);
    }
    return k.limited;
  }

  /** Keys limited now (GetRateBasedStatementManagedKeys). */
  limitedKeys(now: number): string[] {
    const out: string[] = [];
    for (const [key, c] of this.keys) if (this.checkMs > 0 ? c.limited : c.over(now, this.windowMs)) out.push(key);
    return out;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, c] of this.keys) if (c.idle(now, this.windowMs)) this.keys.delete(key);
  }
}

// The runtime clock: kumo's one notion of "now" for everything AWS times (visibility timeouts, TTLs, health checks,
// alarm periods). It runs at KUMO_CLOCK_RATE × wall time, can be advanced by tests (POST /_kumo/clock/advance), never
// goes backwards, and fires timers scheduled on it in time order. SigV4 skew checks use wall time, not this clock.
import type { Clock, Scheduler, TimerCallback } from '../core/clock.js';

interface Timer {
  at: number;
  every: number | undefined;
  fn: TimerCallback;
  cancelled: boolean;
  seq: number;
}

export interface RuntimeClockOptions {
  /** Clock time at construction; default the wall time (plus any persisted offset). */
  start?: number;
  /** Clock ms per wall ms; 0 freezes the clock so only advance() moves it (tests). */
  rate?: number;
  /** Wall time source, injectable for unit tests. */
  wall?: () => number;
}

export class RuntimeClock implements Clock, Scheduler {
  readonly rate: number;
  private readonly wall: () => number;
  private anchorWall: number;
  private anchorClock: number;
  private timers: Timer[] = [];
  private seq = 0;
  private armed: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private firing = false;
  /** advance() and wall-clock firing take turns: neither starts a timer while the other awaits one. */
  private turn: Promise<void> = Promise.resolve();
  private closed = false;
  /** Called when advance() moves the clock, so the runtime can persist the new offset. */
  onAdvance: ((now: number) => void) | undefined;

  constructor(options: RuntimeClockOptions = {}) {
    this.rate = options.rate ?? 1;
    this.wall = options.wall ?? Date.now;
    this.anchorWall = this.wall();
    this.anchorClock = options.start ?? this.anchorWall;
  }

  now(): number {
    return Math.floor(this.anchorClock + (this.wall() - this.anchorWall) * this.rate);
  }

  /** How far the clock is ahead of wall time (what the runtime persists). */
  offset(): number {
    return this.now() - this.wall();
  }

  after(ms: number, fn: TimerCallback): () => void {
    return this.add({ at: this.now() + Math.max(0, ms), every: undefined, fn, cancelled: false, seq: this.seq++ });
  }

  every(ms: number, fn: TimerCallback): () => void {
    const period = Math.max(1, ms);
    return this.add({ at: this.now() + period, every: period, fn, cancelled: false, seq: this.seq++ });
  }

  /**
   * Moves the clock forward by `ms`, running every timer that falls due in time order (the clock reads each timer's
   * due time while it runs) and awaiting the ones that return promises, before resolving. Calls are serialized,
   * and wait for a wall-clock firing in flight, so a periodic task's run in flight never makes an advanced tick skip.
   */
  advance(ms: number): Promise<void> {
    return this.exclusive(() => this.advanceNow(Math.max(0, ms)));
  }

  /** Stops firing timers (shutdown); pending ones are dropped. */
  close(): void {
    this.closed = true;
    this.timers = [];
    this.disarm();
  }

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private async advanceNow(ms: number): Promise<void> {
    const end = this.now() + ms;
    for (;;) {
      const due = this.nextDue(end);
      if (!due) break;
      if (due.at > this.now()) this.jumpTo(due.at);
      await this.fire(due);
    }
    if (end > this.now()) this.jumpTo(end);
    this.onAdvance?.(this.now());
    this.arm();
  }

  private jumpTo(time: number): void {
    this.anchorClock = time;
    this.anchorWall = this.wall();
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private async fire(timer: Timer): Promise<void> {
    if (timer.every !== undefined) timer.at += timer.every;
    else timer.cancelled = true;
    this.timers = this.timers.filter((t) => !t.cancelled);
    try {
      await timer.fn();
    } catch (error) {
      // Timer callbacks own their error handling (Tasks logs and counts); a stray throw must not stop the clock.
      process.stderr.write(`kumo: timer callback failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }

  private add(timer: Timer): () => void {
    if (this.closed) return () => {};
    this.timers.push(timer);
    if (timer.at < this.armedFor) this.arm();
    return () => {
      timer.cancelled = true;
    };
  }

  /** One real timeout for the earliest timer, converted from clock ms to wall ms; none when frozen. */
  private arm(): void {
    this.disarm();
    if (this.closed || this.rate <= 0 || this.firing) return;
    let earliest = Infinity;
    for (const t of this.timers) if (!t.cancelled && t.at < earliest) earliest = t.at;
    if (earliest === Infinity) return;
    const delay = Math.min(Math.max(0, (earliest - this.now()) / this.rate), 2_147_483_000);
    this.armedFor = earliest;
    this.armed = setTimeout(() => void this.onWallTimer(), Math.ceil(delay));
    this.armed.unref();
  }

  private disarm(): void {
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
    this.armedFor = Infinity;
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private onWallTimer(): Promise<void> {
    this.armed = undefined;
    this.armedFor = Infinity;
    return this.exclusive(() => this.fireWallDue());
  }

  private async fireWallDue(): Promise<void> {
    this.firing = true;
    try {
      for (;;) {
        const due = this.nextDue(this.now());
        if (!due || this.closed) break;
        await this.fire(due);
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }
}

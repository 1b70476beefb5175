// Clock and scheduler abstractions, injected into providers so tests can run with fake time.
// The server runs on src/runtime/clock.ts (RuntimeClock); FakeClock is the synchronous stand-in for unit tests.

export interface Clock {
  now(): number;
}

/** A timer callback; a returned promise is awaited by clocks that run timers in order (RuntimeClock.advance). */
export type TimerCallback = () => void | Promise<void>;

export interface Scheduler {
  /** Runs fn after ms; returns a cancel function. */
  after(ms: number, fn: TimerCallback): () => void;
  /** Runs fn every ms; returns a cancel function. */
  every(ms: number, fn: TimerCallback): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

interface FakeTimer {
  at: number;
  every: number | undefined;
  fn: TimerCallback;
  cancelled: boolean;
}

/** Deterministic time for tests: `advance(ms)` moves the clock and fires timers in due order. */
export class FakeClock implements Clock, Scheduler {
  private current: number;
  private timers: FakeTimer[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: TimerCallback): () => void {
    return this.add({ at: this.current + ms, every: undefined, fn, cancelled: false });
  }

  every(ms: number, fn: TimerCallback): () => void {
    return this.add({ at: this.current + ms, every: ms, fn, cancelled: false });
  }

  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.current = due.at;
      if (due.every !== undefined) due.at += due.every;
      else due.cancelled = true;
      void due.fn(); // synchronous by contract here: unit tests of pure modules advance without awaiting
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    this.current = end;
  }

  private add(timer: FakeTimer): () => void {
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
}

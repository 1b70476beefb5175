// Clock and scheduler abstractions, injected into providers so tests can run with fake time.
// SystemClock uses Date.now; FakeClock advances only when a test tells it to and fires due timers.

export interface Clock {
  now(): number;
}

export interface Scheduler {
  /** Runs fn after ms; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  /** Runs fn every ms; returns a cancel function. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Background work must never take the server down: a failing task is reported and the timer lives on. */
function guarded(fn: () => void): () => void {
  return () => {
    try {
      fn();
    } catch (error) {
      process.stderr.write(`kumo: background task failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  };
}

export const systemScheduler: Scheduler = {
  after(ms, fn) {
    const t = setTimeout(guarded(fn), ms);
    t.unref();
    return () => clearTimeout(t);
  },
  every(ms, fn) {
    const t = setInterval(guarded(fn), ms);
    t.unref();
    return () => clearInterval(t);
  },
};

interface FakeTimer {
  at: number;
  every: number | undefined;
  fn: () => void;
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

  after(ms: number, fn: () => void): () => void {
    return this.add({ at: this.current + ms, every: undefined, fn, cancelled: false });
  }

  every(ms: number, fn: () => void): () => void {
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
      due.fn();
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

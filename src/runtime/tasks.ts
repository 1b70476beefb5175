// Background work on the runtime clock: named periodic and one-off tasks that never overlap themselves, whose
// failures (sync throws or rejections) are logged and counted instead of escaping, and that stop cleanly.
import type { Scheduler } from '../core/clock.js';

export type TaskRun = () => void | Promise<void>;

export interface TaskHandle {
  cancel(): void;
}

export interface Tasks {
  /** Runs `run` every `intervalMs` of clock time; a run still going when the next falls due makes that one skip. */
  every(name: string, intervalMs: number, run: TaskRun, options?: { firstDelayMs?: number }): TaskHandle;
  /** Runs `run` once after `delayMs` of clock time. */
  after(name: string, delayMs: number, run: TaskRun): TaskHandle;
}

export interface TaskStats {
  runs: number;
  failures: number;
  skipped: number;
  running: boolean;
  lastError?: string;
}

type Log = (message: string) => void;

export class TaskRunner implements Tasks {
  private readonly stats = new Map<string, TaskStats>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cancels = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly log: Log = (m) => process.stderr.write(`${m}\n`),
  ) {}

  every(name: string, intervalMs: number, run: TaskRun, options: { firstDelayMs?: number } = {}): TaskHandle {
    const stat = this.statOf(name);
    let cancelPeriodic: (() => void) | undefined;
    const tick = (): Promise<void> | undefined => {
      if (this.stopped) return undefined;
      if (stat.running) {
        stat.skipped++;
        return undefined;
      }
      return this.execute(name, stat, run);
    };
    const startPeriodic = (): void => {
      cancelPeriodic = this.scheduler.every(intervalMs, tick);
    };
    let cancelFirst: (() => void) | undefined;
    if (options.firstDelayMs !== undefined) {
      cancelFirst = this.scheduler.after(options.firstDelayMs, () => {
        startPeriodic();
        return tick();
      });
    } else startPeriodic();
    return this.handle(() => {
      cancelFirst?.();
      cancelPeriodic?.();
    });
  }

  after(name: string, delayMs: number, run: TaskRun): TaskHandle {
    const stat = this.statOf(name);
    return this.handle(this.scheduler.after(delayMs, () => (this.stopped ? undefined : this.execute(name, stat, run))));
  }

  /** Per-task counters for /_kumo/health. */
  report(): Record<string, TaskStats> {
    return Object.fromEntries([...this.stats].map(([name, s]) => [name, { ...s }]));
  }

  /** Cancels every task and waits for runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private handle(cancel: () => void): TaskHandle {
    this.cancels.add(cancel);
    return {
      cancel: () => {
        cancel();
        this.cancels.delete(cancel);
      },
    };
  }

  private statOf(name: string): TaskStats {
    let stat = this.stats.get(name);
    if (!stat) {
      stat = { runs: 0, failures: 0, skipped: 0, running: false };
      this.stats.set(name, stat);
    }
    return stat;
  }

  private execute(name: string, stat: TaskStats, run: TaskRun): Promise<void> | undefined {
    stat.running = true;
    stat.runs++;
    const fail = (error: unknown): void => {
      stat.failures++;
      stat.lastError = error instanceof Error ? error.message : String(error);
      this.log(`kumo: task ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    };
    let result: void | Promise<void>;
    try {
      result = run();
    } catch (error) {
      fail(error);
      result = undefined;
    }
    // A synchronous run is over already: the next tick may start at once (fake clocks fire ticks back to back).
    if (!(result instanceof Promise)) {
      stat.running = false;
      return undefined;
    }
    const tracked: Promise<void> = result.catch(fail).finally(() => {
      stat.running = false;
      this.inFlight.delete(tracked);
    });
    this.inFlight.add(tracked);
    return tracked;
  }
}

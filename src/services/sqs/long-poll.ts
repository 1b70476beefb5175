// Long polling: receivers wait in process for a queue, woken as soon as a send (or a visibility change) may have made
// a message available, or when their time is up. Timers go through the injected scheduler, so tests use fake time.
import type { Scheduler } from '../../core/clock.js';

export class QueueWaiters {
  private readonly waiting = new Map<number, Set<() => void>>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Resolves when notify(queueId) is called or after `ms`, whichever comes first. */
  wait(queueId: number, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(queueId);
      if (!set) {
        set = new Set();
        this.waiting.set(queueId, set);
      }
      const waiters = set;
      const done = (): void => {
        cancel();
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(queueId) === waiters) this.waiting.delete(queueId);
        resolve();
      };
      const cancel = this.scheduler.after(Math.max(0, ms), done);
      waiters.add(done);
    });
  }

  notify(queueId: number): void {
    const set = this.waiting.get(queueId);
    if (!set) return;
    for (const wake of [...set]) wake();
  }

  /** Wakes everyone (shutdown), so no request hangs on a stopped service. */
  wakeAll(): void {
    for (const id of [...this.waiting.keys()]) this.notify(id);
  }

  count(queueId: number): number {
    return this.waiting.get(queueId)?.size ?? 0;
  }
}

// SQS for unit tests and benchmarks without the runtime: the context over the given store and clock and the
// operation table, callable by the generated SqsApi's method names; start/stop run what the runtime would.
import type { Clock, Scheduler } from '../../core/clock.js';
import type { SqsApi } from '../../generated/sqs/api.js';
import type { StateStore } from '../../store/state-store.js';
import { apiOf } from '../service-harness.js';
import type { SqsContext } from './context.js';
import { createSqsContext } from './context-factory.js';
import { SQS_SWEEP_INTERVAL_MS } from './index.js';
import { SQS_OPERATIONS } from './operations.js';

export type SqsTestApi = SqsApi & { context: SqsContext; start(): void; stop(): void };

export function sqsApi(deps: { store: StateStore; clock: Clock & Scheduler; config?: { awsDelays: boolean } }): SqsTestApi {
  const context = createSqsContext(deps);
  let cancelSweep: (() => void) | undefined;
  return apiOf<SqsApi, { context: SqsContext; start(): void; stop(): void }>({ context, operations: SQS_OPERATIONS }, 'sqs', {
    context,
    start: () => {
      context.stopped = false;
      cancelSweep = deps.clock.every(SQS_SWEEP_INTERVAL_MS, () => void context.messages.sweep(deps.clock.now()));
      context.moveTasks.resume();
    },
    stop: () => {
      cancelSweep?.();
      context.moveTasks.stop();
      context.stopped = true;
      context.waiters.wakeAll();
    },
  });
}

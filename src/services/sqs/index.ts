// The SQS service descriptor: queues and messages in the state store; at boot a sweeper (retention, dedup windows)
// starts on the runtime clock and move tasks left running resume; at shutdown pending long polls answer at once.
import { defineService } from '../service-definition.js';
import type { SqsContext } from './context.js';

/** How often expired messages and deduplication entries are swept. */
export const SQS_SWEEP_INTERVAL_MS = 10_000;

export const sqsService = defineService<SqsContext>({
  id: 'sqs',
  scope: 'regional',
  validation: 'missing-parameter',
  // Retention, dedup windows and move tasks keep running after a restart without waiting for a request.
  eager: true,
  async load(deps) {
    const { createSqsContext } = await import('./context-factory.js');
    const { SQS_OPERATIONS } = await import('./operations.js');
    const sqs = createSqsContext(deps);
    deps.tasks.every('sqs.sweep', SQS_SWEEP_INTERVAL_MS, () => void sqs.messages.sweep(sqs.clock.now()));
    // Pending long polls answer at once (empty) instead of holding shutdown for their wait time.
    const release = (): void => {
      sqs.stopped = true;
      sqs.waiters.wakeAll();
    };
    return {
      context: sqs,
      operations: SQS_OPERATIONS,
      drain: release,
      // For CloudWatch's AWS/SQS metrics: each queue's depth as GetQueueAttributes computes it.
      internal: {
        depths: (): Array<{ account: string; region: string; name: string; visible: number; notVisible: number; delayed: number; sent: number; received: number; deleted: number; emptyReceives: number }> => {
          const now = sqs.clock.now();
          // Calls since the last read count toward this minute's NumberOfMessages* metrics.
          const activity = sqs.messages.takeActivity();
          const none = { sent: 0, received: 0, deleted: 0, emptyReceives: 0 };
          return sqs.queues.everyQueue().map((q) => ({ account: q.account, region: q.region, name: q.name, ...sqs.messages.counts(q, now), ...(activity.get(q.arn) ?? none) }));
        },
      },
      components: [
        {
          name: 'sqs.move-tasks',
          start: async () => {
            sqs.stopped = false;
            sqs.moveTasks.resume();
          },
          stop: async () => {
            sqs.moveTasks.stop();
            release();
          },
        },
      ],
    };
  },
});

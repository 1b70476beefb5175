// The Firehose service descriptor: delivery streams and their buffered records in the state store; at boot the
// delivery component starts on the runtime clock, so buffers left by a previous run are still delivered.
import { defineService } from '../service-definition.js';
import type { FirehoseContext } from './context.js';

/** How often (clock time) buffers are checked against their interval hint and failed deliveries retried. */
export const FIREHOSE_DELIVERY_TICK_MS = 1000;

export const firehoseService = defineService<FirehoseContext>({
  id: 'firehose',
  scope: 'regional',
  validation: 'coral',
  // Buffered records must reach S3 after a restart without waiting for a request.
  eager: true,
  dependsOn: ['s3'],
  async load(deps) {
    const { createFirehoseContext } = await import('./context-factory.js');
    const { FIREHOSE_OPERATIONS } = await import('./operations.js');
    const { firehose, engine } = createFirehoseContext(deps);
    let tick: { cancel(): void } | undefined;
    return {
      context: firehose,
      operations: FIREHOSE_OPERATIONS,
      components: [
        {
          name: 'firehose.delivery',
          start: async () => {
            engine.scheduleAll();
            // An idle tick returns synchronously: clock advances over days run this every second.
            tick = deps.tasks.every('firehose.delivery', FIREHOSE_DELIVERY_TICK_MS, () => engine.tick()?.then(() => undefined));
          },
          stop: async () => {
            tick?.cancel();
          },
        },
      ],
    };
  },
});

// SQS wiring: a regional service whose provider keeps queues and messages in the state store, with a sweeper and
// move-task runner on the injected scheduler. Register in src/services/registry.ts as `sqs`.
import { defineService } from '../service-definition.js';
import { SqsProvider } from './provider.js';

export const sqsService = defineService({
  id: 'sqs',
  scope: 'regional',
  create: (deps) => {
    const provider = new SqsProvider({ store: deps.store, clock: deps.clock, scheduler: deps.scheduler });
    return { provider, start: () => provider.start(), stop: () => provider.stop() };
  },
});

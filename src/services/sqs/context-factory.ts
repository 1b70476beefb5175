// Builds SQS's shared context from the runtime's dependencies: migrates SQS's tables, registers them for reset,
// and creates the repositories, the long-poll waiters and the move-task runner.
import type { Clock, Scheduler } from '../../core/clock.js';
import type { StateStore } from '../../store/state-store.js';
import type { SqsContext } from './context.js';
import { QueueWaiters } from './long-poll.js';
import { MessageStore } from './message-store.js';
import { SQS_COMPONENT, SQS_MIGRATIONS, SQS_TABLES } from './migrations.js';
import { MoveTasks } from './move-tasks.js';
import { QueueStore } from './queue-store.js';

export function createSqsContext(deps: { store: StateStore; clock: Clock & Scheduler; config?: { awsDelays: boolean } }): SqsContext {
  deps.store.migrate(SQS_COMPONENT, SQS_MIGRATIONS);
  deps.store.registerTables(SQS_COMPONENT, SQS_TABLES);
  const sqs: SqsContext = {
    store: deps.store,
    queues: new QueueStore(deps.store),
    messages: new MessageStore(deps.store),
    clock: deps.clock,
    scheduler: deps.clock,
    waiters: new QueueWaiters(deps.clock),
    attempts: new Map(),
    stopped: false,
    awsDelays: deps.config?.awsDelays ?? false,
    moveTasks: undefined as unknown as MoveTasks,
  };
  sqs.moveTasks = new MoveTasks(sqs);
  return sqs;
}

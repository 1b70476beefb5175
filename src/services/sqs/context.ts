// What every SQS operation module shares: the repositories, clock, scheduler and waiters, plus resolving a QueueUrl
// to a queue in the account the URL names (region from the request) or failing with QueueDoesNotExist.
import type { Clock, Scheduler } from '../../core/clock.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sqs/api.js';
import type { StateStore } from '../../store/state-store.js';
import { missingParameter, queueDoesNotExist } from './errors.js';
import type { QueueWaiters } from './long-poll.js';
import type { MessageStore } from './message-store.js';
import type { MoveTasks } from './move-tasks.js';
import type { Queue, QueueStore, Scope } from './queue-store.js';
import { parseQueueArn, parseQueueUrl } from './queue-url.js';

export interface SqsContext {
  store: StateStore;
  queues: QueueStore;
  messages: MessageStore;
  clock: Clock;
  scheduler: Scheduler;
  waiters: QueueWaiters;
  /** FIFO ReceiveRequestAttemptId → the answer given, replayed while its messages stay hidden (in memory only). */
  attempts: Map<string, { until: number; messages: api.Message[] }>;
  /** Set at shutdown: long polls answer at once instead of waiting again. */
  stopped: boolean;
  /** KUMO_AWS_DELAYS: AWS's deliberate waits (QueueDeletedRecently, PurgeQueueInProgress) are enforced. */
  awsDelays: boolean;
  moveTasks: MoveTasks;
}

export function scopeOf(sqs: SqsContext, ctx: RequestContext, account = ctx.account): Scope {
  return sqs.store.of({ account, region: ctx.region });
}

/** The queue a QueueUrl (or a bare queue name) names; throws QueueDoesNotExist (with the query protocol's wording for query clients). */
export function requireQueue(sqs: SqsContext, ctx: RequestContext, url: string | undefined): Queue {
  if (url === undefined || url === '') throw missingParameter('QueueUrl');
  const ref = parseQueueUrl(url, ctx.account);
  const queue = sqs.queues.get(scopeOf(sqs, ctx, ref.account), ref.name);
  if (!queue) throw queueDoesNotExist(ctx.protocol === 'query');
  return queue;
}

/** The queue an ARN names, or undefined. */
export function queueByArn(sqs: SqsContext, arn: string): Queue | undefined {
  const ref = parseQueueArn(arn);
  if (!ref) return undefined;
  return sqs.queues.get(sqs.store.of({ account: ref.account, region: ref.region }), ref.name);
}

// SqsProvider: the typed adapter the gateway dispatches to. Each method hands its input to an operation module;
// the rules live in the pure modules and the repositories, never here.
import type { Clock, Scheduler } from '../../core/clock.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sqs/api.js';
import type { StateStore } from '../../store/state-store.js';
import type { SqsContext } from './context.js';
import { QueueWaiters } from './long-poll.js';
import { MessageStore } from './message-store.js';
import { SQS_COMPONENT, SQS_MIGRATIONS, SQS_TABLES } from './migrations.js';
import { MoveTasks } from './move-tasks.js';
import * as queues from './queue-operations.js';
import { QueueStore } from './queue-store.js';
import * as receive from './receive-operations.js';
import * as send from './send-operations.js';

export interface SqsProviderDeps {
  store: StateStore;
  clock: Clock;
  scheduler: Scheduler;
}

const SWEEP_INTERVAL_MS = 10_000;

export class SqsProvider implements api.SqsApi {
  private readonly sqs: SqsContext;
  private readonly tasks: MoveTasks;
  private stopSweeper: (() => void) | undefined;

  constructor(deps: SqsProviderDeps) {
    deps.store.migrate(SQS_COMPONENT, SQS_MIGRATIONS);
    deps.store.registerTables(SQS_COMPONENT, SQS_TABLES);
    this.sqs = {
      store: deps.store,
      queues: new QueueStore(deps.store),
      messages: new MessageStore(deps.store),
      clock: deps.clock,
      scheduler: deps.scheduler,
      waiters: new QueueWaiters(deps.scheduler),
      attempts: new Map(),
      stopped: false,
    };
    this.tasks = new MoveTasks(this.sqs);
  }

  /** Starts the retention/dedup sweeper and resumes move tasks left running. */
  start(): void {
    this.sqs.stopped = false;
    this.stopSweeper = this.sqs.scheduler.every(SWEEP_INTERVAL_MS, () => this.sqs.messages.sweep(this.sqs.clock.now()));
    this.tasks.resume();
  }

  stop(): void {
    this.stopSweeper?.();
    this.stopSweeper = undefined;
    this.tasks.stop();
    this.sqs.stopped = true;
    this.sqs.waiters.wakeAll();
  }

  async createQueue(ctx: RequestContext, input: api.CreateQueueRequest): Promise<api.CreateQueueResult> {
    return queues.createQueue(this.sqs, ctx, input);
  }
  async deleteQueue(ctx: RequestContext, input: api.DeleteQueueRequest): Promise<Record<string, never>> {
    return queues.deleteQueue(this.sqs, ctx, input);
  }
  async getQueueUrl(ctx: RequestContext, input: api.GetQueueUrlRequest): Promise<api.GetQueueUrlResult> {
    return queues.getQueueUrl(this.sqs, ctx, input);
  }
  async listQueues(ctx: RequestContext, input: api.ListQueuesRequest): Promise<api.ListQueuesResult> {
    return queues.listQueues(this.sqs, ctx, input);
  }
  async getQueueAttributes(ctx: RequestContext, input: api.GetQueueAttributesRequest): Promise<api.GetQueueAttributesResult> {
    return queues.getQueueAttributes(this.sqs, ctx, input);
  }
  async setQueueAttributes(ctx: RequestContext, input: api.SetQueueAttributesRequest): Promise<Record<string, never>> {
    return queues.setQueueAttributes(this.sqs, ctx, input);
  }
  async purgeQueue(ctx: RequestContext, input: api.PurgeQueueRequest): Promise<Record<string, never>> {
    return queues.purgeQueue(this.sqs, ctx, input);
  }
  async tagQueue(ctx: RequestContext, input: api.TagQueueRequest): Promise<Record<string, never>> {
    return queues.tagQueue(this.sqs, ctx, input);
  }
  async untagQueue(ctx: RequestContext, input: api.UntagQueueRequest): Promise<Record<string, never>> {
    return queues.untagQueue(this.sqs, ctx, input);
  }
  async listQueueTags(ctx: RequestContext, input: api.ListQueueTagsRequest): Promise<api.ListQueueTagsResult> {
    return queues.listQueueTags(this.sqs, ctx, input);
  }
  async addPermission(ctx: RequestContext, input: api.AddPermissionRequest): Promise<Record<string, never>> {
    return queues.addQueuePermission(this.sqs, ctx, input);
  }
  async removePermission(ctx: RequestContext, input: api.RemovePermissionRequest): Promise<Record<string, never>> {
    return queues.removeQueuePermission(this.sqs, ctx, input);
  }
  async listDeadLetterSourceQueues(ctx: RequestContext, input: api.ListDeadLetterSourceQueuesRequest): Promise<api.ListDeadLetterSourceQueuesResult> {
    return queues.listDeadLetterSourceQueues(this.sqs, ctx, input);
  }
  async sendMessage(ctx: RequestContext, input: api.SendMessageRequest): Promise<api.SendMessageResult> {
    return send.sendMessage(this.sqs, ctx, input);
  }
  async sendMessageBatch(ctx: RequestContext, input: api.SendMessageBatchRequest): Promise<api.SendMessageBatchResult> {
    return send.sendMessageBatch(this.sqs, ctx, input);
  }
  async receiveMessage(ctx: RequestContext, input: api.ReceiveMessageRequest): Promise<api.ReceiveMessageResult> {
    return receive.receiveMessage(this.sqs, ctx, input);
  }
  async deleteMessage(ctx: RequestContext, input: api.DeleteMessageRequest): Promise<Record<string, never>> {
    return receive.deleteMessage(this.sqs, ctx, input);
  }
  async deleteMessageBatch(ctx: RequestContext, input: api.DeleteMessageBatchRequest): Promise<api.DeleteMessageBatchResult> {
    return receive.deleteMessageBatch(this.sqs, ctx, input);
  }
  async changeMessageVisibility(ctx: RequestContext, input: api.ChangeMessageVisibilityRequest): Promise<Record<string, never>> {
    return receive.changeMessageVisibility(this.sqs, ctx, input);
  }
  async changeMessageVisibilityBatch(
    ctx: RequestContext,
    input: api.ChangeMessageVisibilityBatchRequest,
  ): Promise<api.ChangeMessageVisibilityBatchResult> {
    return receive.changeMessageVisibilityBatch(this.sqs, ctx, input);
  }
  async startMessageMoveTask(ctx: RequestContext, input: api.StartMessageMoveTaskRequest): Promise<api.StartMessageMoveTaskResult> {
    return this.tasks.startTask(ctx, input);
  }
  async cancelMessageMoveTask(ctx: RequestContext, input: api.CancelMessageMoveTaskRequest): Promise<api.CancelMessageMoveTaskResult> {
    return this.tasks.cancelTask(ctx, input);
  }
  async listMessageMoveTasks(ctx: RequestContext, input: api.ListMessageMoveTasksRequest): Promise<api.ListMessageMoveTasksResult> {
    return this.tasks.listTasks(ctx, input);
  }
}

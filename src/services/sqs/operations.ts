// SQS's operation table: each AWS operation mapped to the operation module that implements it, over the shared
// SqsContext. The rules live in the pure modules and the repositories, never here.
import type * as api from '../../generated/sqs/api.js';
import { operationTable } from '../service-definition.js';
import type { SqsContext } from './context.js';
import * as queues from './queue-operations.js';
import * as receive from './receive-operations.js';
import * as send from './send-operations.js';

export const SQS_OPERATIONS = operationTable<api.SqsApi, SqsContext>()({
  CreateQueue: queues.createQueue,
  DeleteQueue: queues.deleteQueue,
  GetQueueUrl: queues.getQueueUrl,
  ListQueues: queues.listQueues,
  GetQueueAttributes: queues.getQueueAttributes,
  SetQueueAttributes: queues.setQueueAttributes,
  PurgeQueue: queues.purgeQueue,
  TagQueue: queues.tagQueue,
  UntagQueue: queues.untagQueue,
  ListQueueTags: queues.listQueueTags,
  AddPermission: queues.addQueuePermission,
  RemovePermission: queues.removeQueuePermission,
  ListDeadLetterSourceQueues: queues.listDeadLetterSourceQueues,
  SendMessage: send.sendMessage,
  SendMessageBatch: send.sendMessageBatch,
  ReceiveMessage: receive.receiveMessage,
  DeleteMessage: receive.deleteMessage,
  DeleteMessageBatch: receive.deleteMessageBatch,
  ChangeMessageVisibility: receive.changeMessageVisibility,
  ChangeMessageVisibilityBatch: receive.changeMessageVisibilityBatch,
  StartMessageMoveTask: (sqs, ctx, input) => sqs.moveTasks.startTask(ctx, input),
  CancelMessageMoveTask: (sqs, ctx, input) => sqs.moveTasks.cancelTask(ctx, input),
  ListMessageMoveTasks: (sqs, ctx, input) => sqs.moveTasks.listTasks(ctx, input),
});

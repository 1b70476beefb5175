// AWS/SQS, published once a minute for every queue through publish(), by QueueName (SQS Developer Guide, "Available
// CloudWatch metrics for Amazon SQS"): the depth (ApproximateNumberOfMessagesVisible, NotVisible, Delayed) and the
// calls of the minute (NumberOfMessagesSent, NumberOfMessagesReceived, NumberOfMessagesDeleted, NumberOfEmptyReceives).
import type { Publish } from '../publish.js';

export interface QueueDepth {
  account: string;
  region: string;
  name: string;
  visible: number;
  notVisible: number;
  delayed: number;
  sent?: number;
  received?: number;
  deleted?: number;
  emptyReceives?: number;
}

export const EMIT_INTERVAL_MS = 60_000;

export function emitQueueDepths(depths: readonly QueueDepth[], publish: Publish, now: number): void {
  for (const q of depths) {
    const Dimensions = [{ Name: 'QueueName', Value: q.name }];
    publish({ account: q.account, region: q.region }, 'AWS/SQS', [
      { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions, Value: q.visible, Unit: 'Count', Timestamp: now },
      { MetricName: 'ApproximateNumberOfMessagesNotVisible', Dimensions, Value: q.notVisible, Unit: 'Count', Timestamp: now },
      { MetricName: 'ApproximateNumberOfMessagesDelayed', Dimensions, Value: q.delayed, Unit: 'Count', Timestamp: now },
      { MetricName: 'NumberOfMessagesSent', Dimensions, Value: q.sent ?? 0, Unit: 'Count', Timestamp: now },
      { MetricName: 'NumberOfMessagesReceived', Dimensions, Value: q.received ?? 0, Unit: 'Count', Timestamp: now },
      { MetricName: 'NumberOfMessagesDeleted', Dimensions, Value: q.deleted ?? 0, Unit: 'Count', Timestamp: now },
      { MetricName: 'NumberOfEmptyReceives', Dimensions, Value: q.emptyReceives ?? 0, Unit: 'Count', Timestamp: now },
    ]);
  }
}

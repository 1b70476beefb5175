// AWS/SQS queue depth, published once a minute for every queue through publish(): ApproximateNumberOfMessagesVisible,
// ApproximateNumberOfMessagesNotVisible and ApproximateNumberOfMessagesDelayed by QueueName (SQS Developer Guide,
// "Available CloudWatch metrics for Amazon SQS"). The Sent/Received/Deleted counters need SQS to count and are not
// emitted yet.
import type { Publish } from '../publish.js';

export interface QueueDepth {
  account: string;
  region: string;
  name: string;
  visible: number;
  notVisible: number;
  delayed: number;
}

export const EMIT_INTERVAL_MS = 60_000;

export function emitQueueDepths(depths: readonly QueueDepth[], publish: Publish, now: number): void {
  for (const q of depths) {
    const Dimensions = [{ Name: 'QueueName', Value: q.name }];
    publish({ account: q.account, region: q.region }, 'AWS/SQS', [
      { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions, Value: q.visible, Unit: 'Count', Timestamp: now },
      { MetricName: 'ApproximateNumberOfMessagesNotVisible', Dimensions, Value: q.notVisible, Unit: 'Count', Timestamp: now },
      { MetricName: 'ApproximateNumberOfMessagesDelayed', Dimensions, Value: q.delayed, Unit: 'Count', Timestamp: now },
    ]);
  }
}

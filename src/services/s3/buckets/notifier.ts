// Delivers S3 event notifications to SQS queues through SQS in process (InternalServices.invoke, never HTTP):
// a test event when a configuration is saved, and one record per matching configuration after each committed change.
import { AwsError } from '../../../core/aws-error.js';
import type { RequestContext } from '../../../core/request-context.js';
import type { NotificationConfiguration } from '../../../generated/s3/api.js';
import type { InternalServices } from '../../service-definition.js';
import { eventMatches, eventRecord, keyMatches, testEvent, type EmittedEvent, type EventObject } from './notification-rules.js';
import type { BucketRow } from './bucket-store.js';
import { canonicalUserId } from '../owner.js';

const QUEUE_ARN = /^arn:[^:]+:sqs:([^:]+):(\d{12}):(.+)$/;

export class S3Notifier {
  private sequence = 0;

  constructor(private readonly internal: InternalServices | undefined, private readonly now: () => number) {}

  /** The queue's scope (its own account and region) and the QueueUrl an ARN names. */
  private target(ctx: RequestContext, arn: string): { scope: { account: string; region: string }; url: string; name: string; account: string } | undefined {
    const m = QUEUE_ARN.exec(arn);
    if (!m) return undefined;
    const [, region = '', account = '', name = ''] = m;
    return { scope: { account, region }, url: `http://${ctx.host}/${account}/${name}`, name, account };
  }

  /**
   * Checks every destination queue exists and sends each the s3:TestEvent, as S3 does on
   * PutBucketNotificationConfiguration (unless SkipDestinationValidation).
   */
  async validateAndTest(ctx: RequestContext, bucket: string, config: NotificationConfiguration, skip: boolean): Promise<void> {
    const sqs = this.internal;
    const tested = new Set<string>();
    for (const q of config.QueueConfigurations ?? []) {
      const t = this.target(ctx, q.QueueArn);
      // A string that is no SQS ARN at all is refused before any lookup (S3: "The ARN is not well formed").
      if (t === undefined) throw new AwsError('InvalidArgument', 'The ARN is not well formed', { status: 400 });
      let ok = t !== undefined && sqs !== undefined;
      if (ok && t && sqs && !skip) {
        try {
          await sqs.invoke('sqs', 'GetQueueUrl', t.scope, { QueueName: t.name, QueueOwnerAWSAccountId: t.account });
        } catch {
          ok = false;
        }
      }
      if (!ok && !skip) {
        throw new AwsError('InvalidArgument', 'Unable to validate the following destination configurations', {
          status: 400, fields: { ArgumentName: q.QueueArn, ArgumentValue: 'Error: The destination queue does not exist or is not reachable' },
        });
      }
      // One s3:TestEvent per queue, however many configurations name it.
      if (t && sqs && !skip && !tested.has(q.QueueArn)) {
        tested.add(q.QueueArn);
        await sqs.invoke('sqs', 'SendMessage', t.scope, { QueueUrl: t.url, MessageBody: JSON.stringify(testEvent(bucket, ctx.requestId, this.now())) });
      }
    }
  }

  /** Fire-and-forget delivery after a committed change; a failing queue never fails the S3 request. */
  emit(ctx: RequestContext, bucket: BucketRow, config: NotificationConfiguration | undefined, event: EmittedEvent, obj: EventObject): void {
    if (!config?.QueueConfigurations?.length) return;
    const sqs = this.internal;
    if (!sqs) return;
    this.sequence += 1;
    for (const q of config.QueueConfigurations) {
      if (!q.Events.some((e) => eventMatches(e, event)) || !keyMatches(q, obj.key)) continue;
      const t = this.target(ctx, q.QueueArn);
      if (!t) continue;
      const record = eventRecord(event, obj, {
        region: bucket.region, time: this.now(), requestId: ctx.requestId, principal: canonicalUserId(ctx.account),
        bucket: bucket.name, bucketOwner: canonicalUserId(bucket.account), configurationId: q.Id ?? 'kumo-notification',
        sequencer: this.now().toString(16).toUpperCase().padStart(16, '0') + this.sequence.toString(16).toUpperCase().padStart(8, '0'),
      });
      void sqs.invoke('sqs', 'SendMessage', t.scope, { QueueUrl: t.url, MessageBody: JSON.stringify({ Records: [record] }) }).catch(() => undefined);
    }
  }
}

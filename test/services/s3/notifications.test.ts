// SDK v3 test for S3 event notifications delivered to SQS in process: the configuration's test event, then
// ObjectCreated and ObjectRemoved records for keys matching the prefix filter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand,
  PutObjectCommand, S3ServiceException,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startS3, uniqueBucket, type S3Harness } from './s3-support.js';

let h: S3Harness;
let sqs: SQSClient;

before(async () => {
  h = await startS3();
  sqs = new SQSClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  sqs.destroy();
  await h.close();
});

async function drain(url: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 5; i++) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!r.Messages?.length) break;
    for (const m of r.Messages) out.push(JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
  }
  return out;
}

// The service router currently resolves PUT/GET ?notification to the deprecated PutBucketNotification/GetBucketNotification.

test('object changes under the filter prefix arrive in the queue as S3 event records', async () => {
  const bucket = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${bucket}-events` }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const QueueArn = attrs.Attributes?.['QueueArn'] ?? '';
  await h.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: { QueueConfigurations: [{
    Id: 'uploads', QueueArn, Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }] } },
  }] } }));
  const saved = await h.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  assert.equal(saved.QueueConfigurations?.[0]?.QueueArn, QueueArn);
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a.txt', Body: 'abc' }));
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'out/b.txt', Body: 'abc' }));
  await h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'in/a.txt' }));
  const messages = await drain(QueueUrl ?? '');
  assert.equal(messages[0]?.['Event'], 's3:TestEvent');
  const records = messages.slice(1).flatMap((m) => m['Records'] as Array<{ eventName: string; s3: { object: { key: string; size?: number } } }>);
  assert.deepEqual(records.map((r) => [r.eventName, r.s3.object.key]), [['ObjectCreated:Put', 'in/a.txt'], ['ObjectRemoved:Delete', 'in/a.txt']]);
  assert.equal(records[0]?.s3.object.size, 3);
});

test('a destination queue that does not exist is InvalidArgument', async () => {
  const bucket = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await assert.rejects(h.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: {
    QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:no-such-queue', Events: ['s3:ObjectCreated:*'] }],
  } })), (e: unknown) => e instanceof S3ServiceException && e.name === 'InvalidArgument');
});

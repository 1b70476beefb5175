// Provider-level test of event notifications with a stand-in SQS provider: destination validation, the test event,
// and records for matching creates and deletes only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { AwsError } from '../../../core/aws-error.js';
import { FakeClock } from '../../../core/clock.js';
import type { RequestContext } from '../../../core/request-context.js';
import { MemoryBlobStore } from '../../../store/blob-store.js';
import { openStateStore } from '../../../store/state-store.js';
import { s3Api, type S3TestApi } from '../testing.js';
import { harnessInternal } from '../../service-harness.js';
import type { ServiceInstance } from '../../service-definition.js';

const ctx: RequestContext = {
  requestId: 'req-1', service: 's3', operation: 'X', account: '000000000000', region: 'us-east-1', accessKeyId: 'test',
  host: '127.0.0.1:4566', protocol: 'rest-xml', startedAt: 0,
};

function setup(): { p: S3TestApi; sent: Array<{ url: string; body: Record<string, unknown>; account: string }> } {
  const sent: Array<{ url: string; body: Record<string, unknown>; account: string }> = [];
  // A stand-in SQS: the two operations S3 calls in process, recording what was sent.
  const sqs: ServiceInstance<undefined> = {
    context: undefined,
    operations: {
      GetQueueUrl: ((_s: undefined, c: RequestContext, input: { QueueName: string }) => {
        if (input.QueueName !== 'events') throw new AwsError('QueueDoesNotExist', 'no', { status: 400 });
        return { QueueUrl: `http://${c.host}/${c.account}/events` };
      }),
      SendMessage: ((_s: undefined, c: RequestContext, input: { QueueUrl: string; MessageBody: string }) => {
        sent.push({ url: input.QueueUrl, body: JSON.parse(input.MessageBody) as Record<string, unknown>, account: c.account });
        return {};
      }),
    },
  };
  const blobs = new MemoryBlobStore();
  const p = s3Api({ store: openStateStore({ inMemory: true, blobs }), blobs, clock: new FakeClock(),
    internal: harnessInternal({ sqs: sqs }) });
  return { p, sent };
}

const ARN = 'arn:aws:sqs:us-east-1:000000000000:events';

test('saving a configuration validates the queue and sends the test event; matching changes send records', async () => {
  const { p, sent } = setup();
  await p.createBucket(ctx, { Bucket: 'notify' });
  await assert.rejects(p.putBucketNotificationConfiguration(ctx, { Bucket: 'notify', NotificationConfiguration: {
    QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:missing', Events: ['s3:ObjectCreated:*'] }] } }),
  (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument');
  await p.putBucketNotificationConfiguration(ctx, { Bucket: 'notify', NotificationConfiguration: { QueueConfigurations: [{
    Id: 'cfg', QueueArn: ARN, Events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.txt' }] } },
  }] } });
  assert.equal(sent[0]?.body['Event'], 's3:TestEvent');
  assert.equal(sent[0]?.url, 'http://127.0.0.1:4566/000000000000/events');
  await p.putObject(ctx, { Bucket: 'notify', Key: 'a.txt', Body: Readable.from([Buffer.from('hi')]) });
  await p.putObject(ctx, { Bucket: 'notify', Key: 'b.bin', Body: Readable.from([Buffer.from('hi')]) });
  await p.copyObject(ctx, { Bucket: 'notify', Key: 'c.txt', CopySource: 'notify/a.txt' });
  await p.deleteObjects(ctx, { Bucket: 'notify', Delete: { Objects: [{ Key: 'a.txt' }, { Key: 'absent.txt' }] } });
  await new Promise((r) => setImmediate(r));
  const records = sent.slice(1).map((m) => (m.body['Records'] as Array<{ eventName: string; s3: { object: { key: string }; configurationId: string } }>)[0]!);
  assert.deepEqual(records.map((r) => [r.eventName, r.s3.object.key]), [['ObjectCreated:Put', 'a.txt'], ['ObjectRemoved:Delete', 'a.txt']]);
  assert.equal(records[0]?.s3.configurationId, 'cfg');
});

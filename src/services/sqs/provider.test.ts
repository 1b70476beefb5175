// Provider tests on an in-memory store with fake time: long polling, the 60-second recreate and purge windows (only
// with KUMO_AWS_DELAYS), FIFO handle expiry, the retention sweeper and message move tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { FakeClock } from '../../core/clock.js';
import type { RequestContext } from '../../core/request-context.js';
import { openStateStore } from '../../store/state-store.js';
import { sqsApi, type SqsTestApi } from './testing.js';

const ctx: RequestContext = {
  requestId: 'req',
  service: 'sqs',
  operation: 'Test',
  account: '000000000000',
  region: 'us-east-1',
  accessKeyId: 'test',
  host: 'localhost:4566',
  protocol: 'json',
  startedAt: 0,
};

function setup(awsDelays = false): { sqs: SqsTestApi; clock: FakeClock } {
  const clock = new FakeClock();
  const sqs = sqsApi({ store: openStateStore({ inMemory: true }), clock, config: { awsDelays } });
  sqs.start();
  return { sqs, clock };
}

function code(expected: string): (e: unknown) => boolean {
  return (e) => isAwsError(e) && e.code === expected;
}

/** Lets pending promise callbacks run (fake time never advances by itself). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('a long poll returns a message sent while it waits, without time passing', async () => {
  const { sqs } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'lp' });
  let settled = false;
  const waiting = sqs.receiveMessage(ctx, { QueueUrl: QueueUrl!, WaitTimeSeconds: 20 }).finally(() => (settled = true));
  await flush();
  assert.equal(settled, false);
  await sqs.sendMessage(ctx, { QueueUrl: QueueUrl!, MessageBody: 'now' });
  const got = await waiting;
  assert.equal(got.Messages?.[0]?.Body, 'now');
});

test('a long poll on an empty queue answers empty exactly at WaitTimeSeconds', async () => {
  const { sqs, clock } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'lp-empty', Attributes: { ReceiveMessageWaitTimeSeconds: '5' } });
  let settled = false;
  const waiting = sqs.receiveMessage(ctx, { QueueUrl: QueueUrl! }).finally(() => (settled = true));
  await flush();
  clock.advance(4999);
  await flush();
  assert.equal(settled, false);
  clock.advance(1);
  assert.deepEqual(await waiting, {});
});

test('a long poll wakes when a delayed message becomes visible', async () => {
  const { sqs, clock } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'lp-delay' });
  await sqs.sendMessage(ctx, { QueueUrl: QueueUrl!, MessageBody: 'later', DelaySeconds: 3 });
  const waiting = sqs.receiveMessage(ctx, { QueueUrl: QueueUrl!, WaitTimeSeconds: 10 });
  await flush();
  clock.advance(3000);
  assert.equal((await waiting).Messages?.[0]?.Body, 'later');
});

test('with KUMO_AWS_DELAYS a queue name can be reused 60 seconds after DeleteQueue', async () => {
  const { sqs, clock } = setup(true);
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'again' });
  await sqs.deleteQueue(ctx, { QueueUrl: QueueUrl! });
  await assert.rejects(sqs.createQueue(ctx, { QueueName: 'again' }), code('QueueDeletedRecently'));
  clock.advance(60_000);
  assert.equal((await sqs.createQueue(ctx, { QueueName: 'again' })).QueueUrl, QueueUrl);
});

test('with KUMO_AWS_DELAYS PurgeQueue is allowed again after 60 seconds', async () => {
  const { sqs, clock } = setup(true);
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'purge' });
  await sqs.purgeQueue(ctx, { QueueUrl: QueueUrl! });
  clock.advance(59_999);
  await assert.rejects(sqs.purgeQueue(ctx, { QueueUrl: QueueUrl! }), code('PurgeQueueInProgress'));
  clock.advance(1);
  await sqs.purgeQueue(ctx, { QueueUrl: QueueUrl! });
});

test('without KUMO_AWS_DELAYS a deleted name is reusable and PurgeQueue repeatable at once', async () => {
  const { sqs } = setup();
  const first = await sqs.createQueue(ctx, { QueueName: 'again' });
  await sqs.deleteQueue(ctx, { QueueUrl: first.QueueUrl! });
  const second = await sqs.createQueue(ctx, { QueueName: 'again' });
  assert.equal(second.QueueUrl, first.QueueUrl);
  await sqs.purgeQueue(ctx, { QueueUrl: second.QueueUrl! });
  await sqs.purgeQueue(ctx, { QueueUrl: second.QueueUrl! });
});

test('deleting a FIFO message after its visibility timeout fails with "The receipt handle has expired."', async () => {
  const { sqs, clock } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'exp.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } });
  await sqs.sendMessage(ctx, { QueueUrl: QueueUrl!, MessageBody: 'm', MessageGroupId: 'g' });
  const got = await sqs.receiveMessage(ctx, { QueueUrl: QueueUrl!, VisibilityTimeout: 1 });
  clock.advance(1000);
  const handle = got.Messages![0]!.ReceiptHandle!;
  await assert.rejects(
    sqs.deleteMessage(ctx, { QueueUrl: QueueUrl!, ReceiptHandle: handle }),
    (e: unknown) =>
      isAwsError(e) && e.queryCode === 'InvalidParameterValue' && e.message === `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
  );
});

test('the sweeper drops messages past their retention period', async () => {
  const { sqs, clock } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'retention', Attributes: { MessageRetentionPeriod: '60' } });
  await sqs.sendMessage(ctx, { QueueUrl: QueueUrl!, MessageBody: 'old' });
  clock.advance(70_000);
  const attrs = await sqs.getQueueAttributes(ctx, { QueueUrl: QueueUrl!, AttributeNames: ['ApproximateNumberOfMessages'] });
  assert.deepEqual(attrs.Attributes, { ApproximateNumberOfMessages: '0' });
  assert.deepEqual(await sqs.receiveMessage(ctx, { QueueUrl: QueueUrl! }), {});
});

test('a message move task returns dead-lettered messages to their source at the requested rate', async () => {
  const { sqs, clock } = setup();
  const dlq = (await sqs.createQueue(ctx, { QueueName: 'move-dlq' })).QueueUrl!;
  const dlqArn = (await sqs.getQueueAttributes(ctx, { QueueUrl: dlq, AttributeNames: ['QueueArn'] })).Attributes!['QueueArn']!;
  const src = (
    await sqs.createQueue(ctx, { QueueName: 'move-src', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } })
  ).QueueUrl!;
  const srcArn = (await sqs.getQueueAttributes(ctx, { QueueUrl: src, AttributeNames: ['QueueArn'] })).Attributes!['QueueArn']!;
  for (let i = 0; i < 3; i++) await sqs.sendMessage(ctx, { QueueUrl: src, MessageBody: `m${i}` });
  await sqs.receiveMessage(ctx, { QueueUrl: src, MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
  await sqs.receiveMessage(ctx, { QueueUrl: src, MaxNumberOfMessages: 10 });
  await assert.rejects(sqs.startMessageMoveTask(ctx, { SourceArn: srcArn }), code('InvalidParameterValueException'));
  const { TaskHandle } = await sqs.startMessageMoveTask(ctx, { SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 });
  await assert.rejects(sqs.startMessageMoveTask(ctx, { SourceArn: dlqArn }), code('InvalidParameterValueException'));
  clock.advance(0);
  const running = await sqs.listMessageMoveTasks(ctx, { SourceArn: dlqArn });
  assert.equal(running.Results?.[0]?.Status, 'RUNNING');
  assert.equal(running.Results?.[0]?.ApproximateNumberOfMessagesMoved, 1);
  assert.equal(running.Results?.[0]?.TaskHandle, TaskHandle);
  clock.advance(2000);
  const done = await sqs.listMessageMoveTasks(ctx, { SourceArn: dlqArn });
  assert.equal(done.Results?.[0]?.Status, 'COMPLETED');
  assert.equal(done.Results?.[0]?.ApproximateNumberOfMessagesMoved, 3);
  const back = await sqs.receiveMessage(ctx, { QueueUrl: src, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] });
  assert.deepEqual(back.Messages?.map((m) => m.Body).sort(), ['m0', 'm1', 'm2']);
  assert.equal(back.Messages?.[0]?.Attributes?.['ApproximateReceiveCount'], '1');
  await assert.rejects(sqs.cancelMessageMoveTask(ctx, { TaskHandle: TaskHandle! }), code('ResourceNotFoundException'));
  await assert.rejects(sqs.cancelMessageMoveTask(ctx, { TaskHandle: 'not-a-handle' }), code('InvalidParameterValueException'));
});

test('stop() wakes long polls so shutdown never hangs', async () => {
  const { sqs } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'shutdown' });
  const waiting = sqs.receiveMessage(ctx, { QueueUrl: QueueUrl!, WaitTimeSeconds: 20 });
  await flush();
  sqs.stop();
  assert.deepEqual(await waiting, {});
});

test('query-protocol clients get the legacy "for this wsdl version" wording for a missing queue', async () => {
  const { sqs } = setup();
  await assert.rejects(
    sqs.getQueueUrl({ ...ctx, protocol: 'query' }, { QueueName: 'absent' }),
    (e: unknown) => isAwsError(e) && e.message === 'The specified queue does not exist for this wsdl version.',
  );
  await assert.rejects(sqs.getQueueUrl(ctx, { QueueName: 'absent' }), (e: unknown) => isAwsError(e) && e.message === 'The specified queue does not exist.');
});

test('a RedrivePolicy must name an existing queue of the same type by a valid ARN', async () => {
  const { sqs } = setup();
  const redrive = (arn: string): Record<string, string> => ({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 3 }) });
  await assert.rejects(sqs.createQueue(ctx, { QueueName: 'r1', Attributes: redrive('not-an-arn') }), code('InvalidParameterValueException'));
  await assert.rejects(
    sqs.createQueue(ctx, { QueueName: 'r2', Attributes: redrive('arn:aws:sqs:us-east-1:000000000000:missing') }),
    code('InvalidParameterValueException'),
  );
  await sqs.createQueue(ctx, { QueueName: 'dl.fifo', Attributes: { FifoQueue: 'true' } });
  await assert.rejects(
    sqs.createQueue(ctx, { QueueName: 'r3', Attributes: redrive('arn:aws:sqs:us-east-1:000000000000:dl.fifo') }),
    code('InvalidParameterValueException'),
  );
});

test('ChangeMessageVisibility cannot extend a message beyond 12 hours from its receive', async () => {
  const { sqs, clock } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'cap' });
  await sqs.sendMessage(ctx, { QueueUrl: QueueUrl!, MessageBody: 'm' });
  const handle = (await sqs.receiveMessage(ctx, { QueueUrl: QueueUrl!, VisibilityTimeout: 43200 })).Messages![0]!.ReceiptHandle!;
  await sqs.changeMessageVisibility(ctx, { QueueUrl: QueueUrl!, ReceiptHandle: handle, VisibilityTimeout: 43200 });
  clock.advance(1000);
  await assert.rejects(
    sqs.changeMessageVisibility(ctx, { QueueUrl: QueueUrl!, ReceiptHandle: handle, VisibilityTimeout: 43200 }),
    (e: unknown) => isAwsError(e) && e.queryCode === 'InvalidParameterValue' && e.message.includes('Total VisibilityTimeout for the message is beyond the limit [43200 seconds]'),
  );
});

test('a dead-letter queue\'s RedriveAllowPolicy decides which sources may target it', async () => {
  const { sqs } = setup();
  const allowed = 'arn:aws:sqs:us-east-1:000000000000:ok-source';
  await sqs.createQueue(ctx, {
    QueueName: 'guarded-dlq',
    Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [allowed] }) },
  });
  const redrive = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:guarded-dlq', maxReceiveCount: 2 }) };
  await sqs.createQueue(ctx, { QueueName: 'ok-source', Attributes: redrive });
  await assert.rejects(sqs.createQueue(ctx, { QueueName: 'other-source', Attributes: redrive }), code('InvalidParameterValueException'));
  await assert.rejects(
    sqs.createQueue(ctx, { QueueName: 'bad-allow', Attributes: { RedriveAllowPolicy: '{"redrivePermission":"byQueue"}' } }),
    code('InvalidAttributeValue'),
  );
});

test('ChangeMessageVisibility through a handle whose visibility ran out is MessageNotInflight and hides nothing', async () => {
  const { sqs, clock } = setup();
  const { QueueUrl } = await sqs.createQueue(ctx, { QueueName: 'stale-handle' });
  await sqs.sendMessage(ctx, { QueueUrl: QueueUrl!, MessageBody: 'm' });
  const received = await sqs.receiveMessage(ctx, { QueueUrl: QueueUrl!, VisibilityTimeout: 1 });
  const handle = received.Messages?.[0]?.ReceiptHandle;
  assert.ok(handle);
  clock.advance(1_500);
  await assert.rejects(sqs.changeMessageVisibility(ctx, { QueueUrl: QueueUrl!, ReceiptHandle: handle, VisibilityTimeout: 10 }), code('MessageNotInflight'));
  const again = await sqs.receiveMessage(ctx, { QueueUrl: QueueUrl! });
  assert.equal(again.Messages?.length, 1);
});

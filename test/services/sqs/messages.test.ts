// SDK v3 tests of SQS messaging through a real socket: send/receive/delete with checksums the SDK verifies,
// attributes, visibility, batches, long polling, dead-letter moves and FIFO ordering and deduplication.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startSqs, uniqueName, type SqsHarness } from './sqs-support.js';

let h: SqsHarness;
before(async () => {
  h = await startSqs();
});
after(async () => {
  await h.close();
});

async function createQueue(prefix: string, attributes: Record<string, string> = {}, fifo = false): Promise<string> {
  const all = fifo ? { FifoQueue: 'true', ...attributes } : attributes;
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix, fifo), Attributes: all }));
  return QueueUrl!;
}

async function expectError(promise: Promise<unknown>, name: string, message?: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    const err = e as { name?: string; message?: string };
    assert.equal(err.name, name, String(err.message));
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

test('SendMessage and ReceiveMessage round-trip body, attributes and AWS checksums', async () => {
  const QueueUrl = await createQueue('roundtrip');
  const sent = await h.sqs.send(
    new SendMessageCommand({
      QueueUrl,
      MessageBody: 'message-1',
      MessageAttributes: {
        MyAttribute: { DataType: 'String', StringValue: 'foobar' },
        Bin: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2, 3) },
      },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } },
    }),
  );
  assert.equal(sent.MD5OfMessageBody, '3d6b824fd8c1520e9a047d21fee6fb1f');
  assert.ok(sent.MD5OfMessageAttributes);
  assert.ok(sent.MD5OfMessageSystemAttributes);
  const got = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
  const m = got.Messages?.[0];
  assert.equal(m?.Body, 'message-1');
  assert.equal(m?.MessageId, sent.MessageId);
  assert.equal(m?.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  assert.deepEqual(m?.MessageAttributes?.['Bin']?.BinaryValue, Uint8Array.of(1, 2, 3));
  assert.equal(m?.Attributes?.['ApproximateReceiveCount'], '1');
  assert.equal(m?.Attributes?.['AWSTraceHeader'], 'Root=1-5759e988-bd862e3fe1be46a994272793');
  await h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
  const attrs = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  assert.equal(attrs.Attributes?.['ApproximateNumberOfMessages'], '0');
  assert.equal(attrs.Attributes?.['ApproximateNumberOfMessagesNotVisible'], '0');
});

test('ReceiveMessage hides a message for VisibilityTimeout and ChangeMessageVisibility 0 releases it', async () => {
  const QueueUrl = await createQueue('visibility');
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
  const first = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 300 }));
  assert.equal(first.Messages?.length, 1);
  assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
  const counts = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
  assert.equal(counts.Attributes?.['ApproximateNumberOfMessagesNotVisible'], '1');
  await h.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: first.Messages[0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
  const again = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  assert.equal(again.Messages?.[0]?.Attributes?.['ApproximateReceiveCount'], '2');
});

test('invalid parameters fail with the codes and messages AWS returns', async () => {
  const QueueUrl = await createQueue('invalid', { MaximumMessageSize: '1024' });
  await expectError(
    h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })),
    'InvalidParameterValue',
    'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
  );
  await expectError(
    h.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 })),
    'InvalidParameterValue',
    'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
  );
  await expectError(
    h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1025) })),
    'InvalidParameterValue',
    'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
  );
  await expectError(h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage' })), 'ReceiptHandleIsInvalid');
});

test('SendMessageBatch reports per-entry failures and rejects bad batches as a whole', async () => {
  const QueueUrl = await createQueue('batch', { MaximumMessageSize: '1024' });
  const result = await h.sqs.send(
    new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'ok', MessageBody: 'fine' }, { Id: 'big', MessageBody: 'x'.repeat(1025) }] }),
  );
  assert.deepEqual(result.Successful?.map((s) => s.Id), ['ok']);
  assert.deepEqual(result.Failed, [
    { Id: 'big', SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.' },
  ]);
  const twenty = Array.from({ length: 20 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
  await expectError(
    h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: twenty })),
    'TooManyEntriesInBatchRequest',
    'Maximum number of entries per request are 10. You have sent 20.',
  );
  await expectError(h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a:b', MessageBody: 'x' }] })), 'InvalidBatchEntryId');
  await expectError(
    h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }] })),
    'BatchEntryIdsNotDistinct',
  );
});

test('DeleteMessageBatch deletes what it can and reports invalid handles', async () => {
  const QueueUrl = await createQueue('delbatch');
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
  const got = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  const result = await h.sqs.send(
    new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'good', ReceiptHandle: got.Messages![0]!.ReceiptHandle! }, { Id: 'bad', ReceiptHandle: 'nope' }] }),
  );
  assert.deepEqual(result.Successful, [{ Id: 'good' }]);
  assert.equal(result.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
});

test('a long poll returns as soon as a message is sent', async () => {
  const QueueUrl = await createQueue('longpoll');
  const waiting = h.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  await new Promise((resolve) => setImmediate(resolve));
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake up' }));
  const got = await waiting;
  assert.equal(got.Messages?.[0]?.Body, 'wake up');
});

test('a message received more than maxReceiveCount times moves to the dead-letter queue', async () => {
  const dlqUrl = await createQueue('dlq');
  const dlqArn = (await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
  const srcUrl = await createQueue('src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
  const srcArn = (await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: srcUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
  await h.sqs.send(new SendMessageCommand({ QueueUrl: srcUrl, MessageBody: 'poison' }));
  assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, VisibilityTimeout: 0 }))).Messages?.length, 1);
  assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl }))).Messages, undefined);
  const moved = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['All'] }));
  assert.equal(moved.Messages?.[0]?.Body, 'poison');
  assert.equal(moved.Messages?.[0]?.Attributes?.['ApproximateReceiveCount'], '2');
  assert.equal(moved.Messages?.[0]?.Attributes?.['DeadLetterQueueSourceArn'], srcArn);
});

test('FIFO requires MessageGroupId, deduplicates, and rejects per-message DelaySeconds', async () => {
  const QueueUrl = await createQueue('fifo', { ContentBasedDeduplication: 'true' }, true);
  await expectError(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })), 'MissingParameter', 'The request must contain the parameter MessageGroupId.');
  await expectError(
    h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 2 })),
    'InvalidParameterValue',
    'Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
  );
  const a = await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }));
  const b = await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'same', MessageGroupId: 'g' }));
  assert.equal(b.MessageId, a.MessageId);
  assert.match(a.SequenceNumber ?? '', /^\d{20}$/);
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second', MessageGroupId: 'g' }));
  const got = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
  assert.deepEqual(got.Messages?.map((m) => m.Body), ['same', 'second']);
  assert.equal(got.Messages?.[0]?.Attributes?.['MessageGroupId'], 'g');
  assert.equal((await h.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
});

test('FIFO without content-based deduplication needs an explicit MessageDeduplicationId', async () => {
  const QueueUrl = await createQueue('fifo-dedup', {}, true);
  await expectError(
    h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' })),
    'InvalidParameterValue',
    'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
  );
});

test('FIFO ReceiveRequestAttemptId replays the same messages and receipt handles', async () => {
  const QueueUrl = await createQueue('attempt', { ContentBasedDeduplication: 'true' }, true);
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'once', MessageGroupId: 'g' }));
  const first = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, ReceiveRequestAttemptId: 'try-1' }));
  const retry = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, ReceiveRequestAttemptId: 'try-1' }));
  assert.equal(first.Messages?.length, 1);
  assert.deepEqual(retry.Messages, first.Messages);
});

test('a Standard queue accepts MessageGroupId and a valid MessageDeduplicationId but checks their syntax', async () => {
  const QueueUrl = await createQueue('fair');
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm', MessageGroupId: 'tenant-1', MessageDeduplicationId: 'd-1' }));
  const got = await h.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['MessageGroupId'] }));
  assert.equal(got.Messages?.[0]?.Attributes?.['MessageGroupId'], 'tenant-1');
  await expectError(
    h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm', MessageGroupId: 'group 123' })),
    'InvalidParameterValue',
    'Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
  );
  await expectError(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm', MessageDeduplicationId: '' })), 'InvalidParameterValue');
});

// SDK v3 tests of SQS queue operations through a real socket: create/get/list/delete, attributes, tags, permissions,
// and AWS's error codes in the JSON protocol (with the query codes the SDK reads from x-amzn-query-error).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  RemovePermissionCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { startSqs, uniqueName, type SqsHarness } from './sqs-support.js';

let h: SqsHarness;
before(async () => {
  h = await startSqs();
});
after(async () => {
  await h.close();
});

async function expectError(promise: Promise<unknown>, name: string, message?: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(err.name, name, String(err.message));
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

test('CreateQueue returns a URL on the host the client used and GetQueueUrl finds it', async () => {
  const name = uniqueName('create');
  const created = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
  assert.equal(created.QueueUrl, `${h.kumo.url}/000000000000/${name}`);
  const found = await h.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  assert.equal(found.QueueUrl, created.QueueUrl);
});

test('CreateQueue is idempotent with equal attributes and fails with QueueAlreadyExists when they differ', async () => {
  const name = uniqueName('idem');
  await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '1' } }));
  await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '1' } }));
  await expectError(
    h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '2' } })),
    'QueueNameExists',
    'A queue already exists with the same name and a different value for attribute DelaySeconds',
  );
});

test('a missing queue answers QueueDoesNotExist', async () => {
  await expectError(h.sqs.send(new GetQueueUrlCommand({ QueueName: uniqueName('missing') })), 'QueueDoesNotExist', 'The specified queue does not exist.');
  await expectError(
    h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${h.kumo.url}/000000000000/${uniqueName('nope')}`, AttributeNames: ['All'] })),
    'QueueDoesNotExist',
  );
});


test('GetQueueAttributes returns AWS defaults and SetQueueAttributes changes them', async () => {
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('attrs') }));
  const before = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  assert.equal(before.Attributes?.['VisibilityTimeout'], '30');
  assert.equal(before.Attributes?.['MaximumMessageSize'], '1048576');
  assert.equal(before.Attributes?.['MessageRetentionPeriod'], '345600');
  assert.equal(before.Attributes?.['ApproximateNumberOfMessages'], '0');
  assert.match(before.Attributes?.['QueueArn'] ?? '', /^arn:aws:sqs:us-east-1:000000000000:attrs-/);
  await h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '69', DelaySeconds: '420' } }));
  const after = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout', 'DelaySeconds'] }));
  assert.deepEqual(after.Attributes, { DelaySeconds: '420', VisibilityTimeout: '69' });
  await expectError(h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '43201' } })), 'InvalidAttributeValue');
  // test_sqs.snapshot.json test_set_unsupported_attribute_standard[sqs]: FifoQueue is unknown on a standard queue.
  await expectError(
    h.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { FifoQueue: 'true' } })),
    'InvalidAttributeName',
    'Unknown Attribute FifoQueue.',
  );
});

test('ListQueues filters by prefix and pages with NextToken', async () => {
  const prefix = uniqueName('list');
  for (let i = 0; i < 5; i++) await h.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${i}` }));
  const all = await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
  assert.equal(all.QueueUrls?.length, 5);
  const first = await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
  assert.equal(first.QueueUrls?.length, 2);
  assert.ok(first.NextToken);
  const rest = await h.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 10, NextToken: first.NextToken }));
  assert.deepEqual([...(first.QueueUrls ?? []), ...(rest.QueueUrls ?? [])], all.QueueUrls);
  assert.equal(rest.NextToken, undefined);
});

test('tags are added, listed and removed', async () => {
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('tags'), tags: { tag1: 'value1' } }));
  await h.sqs.send(new TagQueueCommand({ QueueUrl, Tags: { tag2: 'value2', tag3: '' } }));
  assert.deepEqual((await h.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { tag1: 'value1', tag2: 'value2', tag3: '' });
  await h.sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['tag1', 'tag2', 'tag3'] }));
  assert.equal((await h.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, undefined);
});

test('AddPermission writes a policy statement per label and RemovePermission deletes it', async () => {
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('perm') }));
  await h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'crossaccount', AWSAccountIds: ['111111111111'], Actions: ['ReceiveMessage'] }));
  const attrs = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
  const policy = JSON.parse(attrs.Attributes?.['Policy'] ?? '{}') as { Statement: { Sid: string; Action: string }[] };
  assert.equal(policy.Statement[0]?.Sid, 'crossaccount');
  assert.equal(policy.Statement[0]?.Action, 'SQS:ReceiveMessage');
  await expectError(
    h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'crossaccount', AWSAccountIds: ['2'], Actions: ['SendMessage'] })),
    'InvalidParameterValue',
    'Value crossaccount for parameter Label is invalid. Reason: Already exists.',
  );
  await h.sqs.send(new RemovePermissionCommand({ QueueUrl, Label: 'crossaccount' }));
  const after = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
  assert.equal(after.Attributes, undefined);
});


test('ListDeadLetterSourceQueues lists queues whose RedrivePolicy targets the queue', async () => {
  const dlq = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }));
  const arn = (await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
  const src = await h.sqs.send(
    new CreateQueueCommand({ QueueName: uniqueName('src'), Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 2 }) } }),
  );
  const listed = await h.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.QueueUrl }));
  assert.deepEqual(listed.queueUrls, [src.QueueUrl]);
});

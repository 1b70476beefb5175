// SQS answering as SQS does, through SDK v3: AWS's artificial waits only with KUMO_AWS_DELAYS, JSON errors naming
// the qualified shape id, a bare queue name as QueueUrl, tag/permission/FIFO batch validation, modeled statuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  RemovePermissionCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  TagQueueCommand,
  SQSClient,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { Readable } from 'node:stream';
import { assertAwsError } from '../../support/aws-error.js';
import { startSqs, uniqueName, type SqsHarness } from './sqs-support.js';

let h: SqsHarness;
let delayed: SqsHarness;
before(async () => {
  h = await startSqs();
  delayed = await startSqs({ awsDelays: true });
});
after(async () => {
  await h.close();
  await delayed.close();
});

test('by default a deleted queue name can be created again at once', async () => {
  const name = uniqueName('reuse');
  const first = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
  await h.sqs.send(new DeleteQueueCommand({ QueueUrl: first.QueueUrl }));
  const second = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
  assert.equal(second.QueueUrl, first.QueueUrl);
});

test('by default PurgeQueue can be called twice in a row', async () => {
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('purge') }));
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
  await h.sqs.send(new PurgeQueueCommand({ QueueUrl }));
  await h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
  await h.sqs.send(new PurgeQueueCommand({ QueueUrl }));
  const attrs = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  assert.equal(attrs.Attributes?.['ApproximateNumberOfMessages'], '0');
});

test('with KUMO_AWS_DELAYS a deleted name is refused with QueueDeletedRecently until 60 seconds pass', async () => {
  const name = uniqueName('deleted');
  const { QueueUrl } = await delayed.sqs.send(new CreateQueueCommand({ QueueName: name }));
  await delayed.sqs.send(new DeleteQueueCommand({ QueueUrl }));
  await assertAwsError(delayed.sqs.send(new CreateQueueCommand({ QueueName: name })), {
    code: 'AWS.SimpleQueueService.QueueDeletedRecently',
    status: 400,
    message: 'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  });
  await delayed.kumo.advance(60);
  assert.equal((await delayed.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl, QueueUrl);
});

test('with KUMO_AWS_DELAYS a second PurgeQueue within 60 seconds is PurgeQueueInProgress (403)', async () => {
  const name = uniqueName('purge');
  const { QueueUrl } = await delayed.sqs.send(new CreateQueueCommand({ QueueName: name }));
  await delayed.sqs.send(new PurgeQueueCommand({ QueueUrl }));
  await assertAwsError(delayed.sqs.send(new PurgeQueueCommand({ QueueUrl })), {
    code: 'AWS.SimpleQueueService.PurgeQueueInProgress',
    status: 403,
    message: `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
  });
});

test('a JSON error carries com.amazonaws.sqs#<shape> in __type and x-amzn-ErrorType, the query code in x-amzn-query-error', async () => {
  const raw = new SQSClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  let captured: { status: number; headers: Record<string, string>; body: string } | undefined;
  // Innermost in the deserialize step: it sees the wire response before the SDK turns it into an exception, and
  // hands the SDK a fresh stream of the same bytes.
  raw.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const response = out.response as { statusCode: number; headers: Record<string, string>; body: Readable };
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
      const bytes = Buffer.concat(chunks);
      captured = { status: response.statusCode, headers: response.headers, body: bytes.toString('utf8') };
      response.body = Readable.from([bytes]);
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'captureRawResponse' },
  );
  await assert.rejects(raw.send(new GetQueueUrlCommand({ QueueName: uniqueName('missing') })), { name: 'QueueDoesNotExist' });
  raw.destroy();
  assert.ok(captured);
  assert.equal(captured.status, 400);
  assert.equal(captured.headers['x-amzn-errortype'], 'com.amazonaws.sqs#QueueDoesNotExist');
  assert.equal(captured.headers['x-amzn-query-error'], 'AWS.SimpleQueueService.NonExistentQueue;Sender');
  assert.deepEqual(JSON.parse(captured.body), { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
});

test('SDK v3 reads the qualified error: name QueueDoesNotExist, Code the query code', async () => {
  const url = `${h.kumo.url}/000000000000/${uniqueName('gone')}`;
  const e = await assertAwsError(h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url })), {
    code: 'AWS.SimpleQueueService.NonExistentQueue',
    status: 400,
    message: 'The specified queue does not exist.',
  });
  assert.equal(e.name, 'QueueDoesNotExist');
});

test('a bare queue name is accepted as QueueUrl', async () => {
  const name = uniqueName('bare');
  await h.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '45' } }));
  await h.sqs.send(new SendMessageCommand({ QueueUrl: name, MessageBody: 'by name' }));
  const attrs = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: name, AttributeNames: ['VisibilityTimeout', 'ApproximateNumberOfMessages'] }));
  assert.deepEqual(attrs.Attributes, { ApproximateNumberOfMessages: '1', VisibilityTimeout: '45' });
  await assertAwsError(h.sqs.send(new GetQueueAttributesCommand({ QueueUrl: uniqueName('nobody') })), {
    code: 'AWS.SimpleQueueService.NonExistentQueue',
    status: 400,
  });
});

test('TagQueue refuses an empty tag map and more than 50 tags; UntagQueue refuses no keys', async () => {
  const name = uniqueName('tagcheck');
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
  await assertAwsError(h.sqs.send(new TagQueueCommand({ QueueUrl, Tags: {} })), {
    code: 'MissingParameter',
    status: 400,
    message: 'The request must contain the parameter Tags.',
  });
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  await assertAwsError(h.sqs.send(new TagQueueCommand({ QueueUrl, Tags: many })), {
    code: 'InvalidParameterValue',
    status: 400,
    message: `Too many tags added for queue ${name}.`,
  });
  await assertAwsError(h.sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: [] })), {
    code: 'InvalidParameterValue',
    status: 400,
    message: 'Tag keys must be between 1 and 128 characters in length.',
  });
});

test('AddPermission refuses owner-only actions and empty AWSAccountIds or Actions; RemovePermission an unknown label', async () => {
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('permcheck') }));
  await assertAwsError(h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'l1', AWSAccountIds: ['111111111111'], Actions: ['SetQueueAttributes'] })), {
    code: 'InvalidParameterValue',
    status: 400,
    message: 'Value SQS:SetQueueAttributes for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.',
  });
  await assertAwsError(h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'l1', AWSAccountIds: [], Actions: ['SendMessage'] })), {
    code: 'MissingParameter',
    status: 400,
    message: 'The request must contain the parameter AWSAccountIds.',
  });
  await assertAwsError(h.sqs.send(new AddPermissionCommand({ QueueUrl, Label: 'l1', AWSAccountIds: ['111111111111'], Actions: [] })), {
    code: 'MissingParameter',
    status: 400,
    message: 'The request must contain the parameter Actions.',
  });
  const policy = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
  assert.equal(policy.Attributes, undefined, 'no refused call left a policy behind');
  // test_sqs.snapshot.json test_sqs_permission_lifecycle[sqs] "get-queue-policy-attribute-delete-non-existent-label".
  await assertAwsError(h.sqs.send(new RemovePermissionCommand({ QueueUrl, Label: 'nolabel' })), {
    code: 'InvalidParameterValue',
    status: 400,
    message: "Value nolabel for parameter Label is invalid. Reason: can't find label.",
  });
});

test('a FIFO SendMessageBatch entry without MessageGroupId fails the whole request and sends nothing', async () => {
  const { QueueUrl } = await h.sqs.send(
    new CreateQueueCommand({ QueueName: uniqueName('batch', true), Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }),
  );
  // test_sqs.snapshot.json test_send_batch_missing_message_group_id_for_fifo_queue[sqs]: InvalidParameterValue, 400.
  await assertAwsError(
    h.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }, { Id: 'b', MessageBody: 'y' }] })),
    { code: 'InvalidParameterValue', status: 400, message: 'The request must contain the parameter MessageGroupId.' },
  );
  // SendMessage without it is MissingParameter (test_posting_to_fifo_requires_deduplicationid_group_id "missing-parameter").
  await assertAwsError(h.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'z' })), {
    code: 'MissingParameter',
    status: 400,
    message: 'The request must contain the parameter MessageGroupId.',
  });
  const attrs = await h.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  assert.equal(attrs.Attributes?.['ApproximateNumberOfMessages'], '0');
});

test('DeleteMessage with a receipt handle kumo never issued is ReceiptHandleIsInvalid with the modeled 404', async () => {
  const { QueueUrl } = await h.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('handle') }));
  await assertAwsError(h.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage' })), {
    code: 'ReceiptHandleIsInvalid',
    status: 404,
    message: 'The input receipt handle "garbage" is not a valid receipt handle.',
  });
});

// SQS across the server's lifecycle over a real socket: messages and their in-flight state survive a restart on the
// same data directory, and POST /_kumo/reset forgets every queue (names are free again at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startSqs, uniqueName } from './sqs-support.js';

test('acknowledged messages and their receive counts survive a restart on the same data directory', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-sqs-restart-'));
  try {
    const name = uniqueName('durable', true);
    const first = await startSqs({ inMemory: false, dataDir });
    const { QueueUrl } = await first.sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }),
    );
    const sent = await first.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'kept', MessageGroupId: 'g' }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second', MessageGroupId: 'g' }));
    await first.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
    await first.close();

    const second = await startSqs({ inMemory: false, dataDir });
    try {
      const url = (await second.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
      const got = await second.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
      assert.deepEqual(got.Messages?.map((m) => m.Body), ['kept', 'second']);
      assert.equal(got.Messages?.[0]?.MessageId, sent.MessageId);
      assert.equal(got.Messages?.[0]?.Attributes?.['ApproximateReceiveCount'], '2');
      const dup = await second.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept', MessageGroupId: 'g' }));
      assert.equal(dup.MessageId, sent.MessageId, 'the dedup window survives the restart');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('POST /_kumo/reset removes every queue and frees their names at once', async () => {
  const h = await startSqs();
  try {
    const name = uniqueName('reset');
    await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const response = await fetch(`${h.kumo.url}/_kumo/reset`, { method: 'POST' });
    assert.equal(response.status, 200);
    await assert.rejects(h.sqs.send(new GetQueueUrlCommand({ QueueName: name })), (e: unknown) => (e as { name?: string }).name === 'QueueDoesNotExist');
    const again = await h.sqs.send(new CreateQueueCommand({ QueueName: name }));
    assert.equal(again.QueueUrl, `${h.kumo.url}/000000000000/${name}`);
  } finally {
    await h.close();
  }
});

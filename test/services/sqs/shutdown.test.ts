// Shutdown releases long polls: a ReceiveMessage waiting its 20 seconds is answered at once (empty) when kumo stops,
// instead of holding the shutdown until the grace period cuts its connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startTestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';

test('stopping kumo answers a pending long poll with no messages instead of cutting its connection', async () => {
  const kumo = await startTestKumo();
  const sqs = new SQSClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('shutdown') }));
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  await new Promise((r) => setTimeout(r, 100)); // let the poll reach the server and start waiting
  const stopping = kumo.stop();
  const answer = await polling;
  assert.equal(answer.$metadata.httpStatusCode, 200);
  assert.equal(answer.Messages, undefined);
  await stopping;
  sqs.destroy();
});

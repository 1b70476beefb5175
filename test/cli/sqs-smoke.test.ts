// Smoke tests of SQS with the installed aws-cli and boto3 against a started server: queue and message commands,
// FIFO groups and a missing queue's error answer as on AWS, with botocore checking every MD5 it is given.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor, CLI_ENV } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
});
after(async () => {
  await kumo.stop();
});

const RUN = `smoke${process.pid}`;
const { aws, awsJson } = awsCliFor(() => kumo.url);

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

interface CliMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, { StringValue?: string; DataType: string }>;
}

test('aws sqs create-queue, send-message, receive-message, delete-message, get-queue-attributes and list-queues', () => {
  const name = `${RUN}-standard`;
  const url = awsJson(['sqs', 'create-queue', '--queue-name', name, '--attributes', 'VisibilityTimeout=60'])['QueueUrl'];
  assert.equal(url, `${kumo.url}/000000000000/${name}`);

  const body = 'hello from aws-cli';
  const sent = awsJson([
    'sqs', 'send-message', '--queue-url', String(url), '--message-body', body,
    '--message-attributes', JSON.stringify({ colour: { DataType: 'String', StringValue: 'blue' } }),
  ]);
  assert.equal(sent['MD5OfMessageBody'], md5(body));
  assert.match(String(sent['MD5OfMessageAttributes']), /^[0-9a-f]{32}$/);

  const received = awsJson([
    'sqs', 'receive-message', '--queue-url', String(url), '--max-number-of-messages', '10',
    '--attribute-names', 'All', '--message-attribute-names', 'All',
  ])['Messages'] as CliMessage[];
  assert.equal(received.length, 1);
  const [message] = received;
  assert.equal(message!.MessageId, sent['MessageId']);
  assert.equal(message!.Body, body);
  assert.equal(message!.MD5OfBody, md5(body));
  assert.equal(message!.Attributes?.['ApproximateReceiveCount'], '1');
  assert.deepEqual(message!.MessageAttributes, { colour: { DataType: 'String', StringValue: 'blue' } });

  awsJson(['sqs', 'delete-message', '--queue-url', String(url), '--receipt-handle', message!.ReceiptHandle]);
  const attributes = awsJson(['sqs', 'get-queue-attributes', '--queue-url', String(url), '--attribute-names', 'All'])['Attributes'] as Record<string, string>;
  assert.equal(attributes['VisibilityTimeout'], '60');
  assert.equal(attributes['ApproximateNumberOfMessages'], '0');
  assert.equal(attributes['ApproximateNumberOfMessagesNotVisible'], '0');
  assert.equal(attributes['QueueArn'], `arn:aws:sqs:us-east-1:000000000000:${name}`);

  assert.deepEqual(awsJson(['sqs', 'list-queues', '--queue-name-prefix', name])['QueueUrls'], [url]);
});

test('aws sqs delivers a FIFO group in order with sequence numbers, and delete-queue removes the queue', () => {
  const name = `${RUN}-order.fifo`;
  const url = String(awsJson(['sqs', 'create-queue', '--queue-name', name, '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true'])['QueueUrl']);
  const sequence: string[] = [];
  for (const body of ['first', 'second', 'third']) {
    const sent = awsJson(['sqs', 'send-message', '--queue-url', url, '--message-body', body, '--message-group-id', 'group-1']);
    assert.match(String(sent['SequenceNumber']), /^\d+$/);
    sequence.push(String(sent['SequenceNumber']));
  }
  assert.deepEqual([...sequence].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)), sequence, 'sequence numbers grow');
  const received = awsJson(['sqs', 'receive-message', '--queue-url', url, '--max-number-of-messages', '10', '--attribute-names', 'MessageGroupId'])['Messages'] as CliMessage[];
  assert.deepEqual(received.map((m) => m.Body), ['first', 'second', 'third']);
  assert.ok(received.every((m) => m.Attributes?.['MessageGroupId'] === 'group-1' && m.MD5OfBody === md5(m.Body)));

  awsJson(['sqs', 'delete-queue', '--queue-url', url]);
  const gone = aws(['sqs', 'get-queue-url', '--queue-name', name]);
  assert.notEqual(gone.status, 0);
  assert.match(gone.stderr, /AWS\.SimpleQueueService\.NonExistentQueue/);
});

test('aws sqs get-queue-url of a missing queue prints AWS.SimpleQueueService.NonExistentQueue in the error line', () => {
  const result = aws(['sqs', 'get-queue-url', '--queue-name', `${RUN}-missing`]);
  assert.notEqual(result.status, 0);
  assert.match(
    result.stderr,
    /An error occurred \(AWS\.SimpleQueueService\.NonExistentQueue\) when calling the GetQueueUrl operation: The specified queue does not exist/,
  );
  assert.doesNotMatch(result.stderr, /Traceback/);
});

const BOTO3_SCRIPT = `
import json, sys
import boto3
from botocore.exceptions import ClientError
prefix = sys.argv[1]
sqs = boto3.resource('sqs')
out = {}
queue = sqs.create_queue(QueueName=prefix + '-res', Attributes={'VisibilityTimeout': '30'})
out['url'] = queue.url
sent = queue.send_message(MessageBody='from boto3', MessageAttributes={'n': {'DataType': 'Number', 'StringValue': '7'}})
out['sent_md5'] = sent['MD5OfMessageBody']
messages = queue.receive_messages(MaxNumberOfMessages=10, AttributeNames=['All'], MessageAttributeNames=['All'])
out['bodies'] = [m.body for m in messages]
out['md5'] = messages[0].md5_of_body
out['attribute'] = messages[0].message_attributes['n']['StringValue']
out['receive_count'] = messages[0].attributes['ApproximateReceiveCount']
messages[0].delete()
queue.reload()
out['left'] = queue.attributes['ApproximateNumberOfMessages']
fifo = sqs.create_queue(QueueName=prefix + '-res.fifo', Attributes={'FifoQueue': 'true', 'ContentBasedDeduplication': 'true'})
for i in range(3):
    fifo.send_message(MessageBody='m%d' % i, MessageGroupId='g')
fifo.send_message(MessageBody='m0', MessageGroupId='g')
out['fifo'] = [m.body for m in fifo.receive_messages(MaxNumberOfMessages=10)]
out['listed'] = sorted(q.url for q in sqs.queues.filter(QueueNamePrefix=prefix + '-res'))
try:
    sqs.get_queue_by_name(QueueName=prefix + '-nope')
except ClientError as e:
    out['error'] = e.response['Error']['Code']
queue.delete()
fifo.delete()
out['after_delete'] = [q.url for q in sqs.queues.filter(QueueNamePrefix=prefix + '-res')]
print(json.dumps(out))
`;

test('boto3 resource API creates queues, sends, receives and deletes messages, and reports a missing queue', () => {
  const result = spawnSync('python3', ['-c', BOTO3_SCRIPT, `${RUN}-boto3`], {
    encoding: 'utf8',
    env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: kumo.url },
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout) as Record<string, unknown>;
  const base = `${kumo.url}/000000000000/${RUN}-boto3-res`;
  assert.equal(out['url'], base);
  assert.equal(out['sent_md5'], md5('from boto3'));
  assert.deepEqual(out['bodies'], ['from boto3']);
  assert.equal(out['md5'], md5('from boto3'));
  assert.equal(out['attribute'], '7');
  assert.equal(out['receive_count'], '1');
  assert.equal(out['left'], '0');
  assert.deepEqual(out['fifo'], ['m0', 'm1', 'm2'], 'in order, the content-deduplicated resend dropped');
  assert.deepEqual(out['listed'], [base, `${base}.fifo`]);
  assert.equal(out['error'], 'AWS.SimpleQueueService.NonExistentQueue');
  assert.deepEqual(out['after_delete'], []);
});

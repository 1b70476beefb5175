// SQS's legacy query form (old SDKs, curl scripts) against the patched model: every operation's form parses into the
// same input as its JSON form, and query responses carry the legacy flattened element names and read back intact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shapeOf, type ServiceModel } from '../../src/core/model.js';
import { loadModel } from '../../src/gateway/model-loader.js';
import type { Output, WireRequest } from '../../src/protocol/codec.js';
import { jsonCodec } from '../../src/protocol/json.js';
import { queryCodec } from '../../src/protocol/query.js';
import { childElements, firstChild, parseXml, type XmlElement } from '../../src/protocol/shared/xml.js';
import { readStructure } from '../../src/protocol/shared/xml-shapes.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';

const sqs = loadModel('sqs');
const botocoreSqs = loadBotocoreModel('sqs'); // the vendored model without kumo's patches
const ctx = { requestId: 'req-sqs-1' };
const URL_Q = 'http://sqs.us-east-1.localhost:4566/000000000000/q1';
const NS = 'http://queue.amazonaws.com/doc/2012-11-05/';

function queryRequest(action: string, params: [string, string][]): WireRequest {
  const body = new URLSearchParams([['Action', action], ['Version', '2012-11-05'], ...params]).toString();
  return { method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: Buffer.from(body) };
}

function jsonRequest(action: string, body: Record<string, unknown>): WireRequest {
  return {
    method: 'POST', path: '/', query: '',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function operation(model: ServiceModel, name: string): NonNullable<ServiceModel['operations'][string]> {
  const op = model.operations[name];
  assert.ok(op, `no operation ${name}`);
  return op;
}

const B64 = Buffer.from([0, 1, 2, 250, 255]).toString('base64');

/** Each operation as an old SDK sent it (names from aws-sdk 2.1490.0's query model) and as its JSON body. */
const CASES: { op: string; query: [string, string][]; json: Record<string, unknown> }[] = [
  {
    op: 'AddPermission',
    query: [['QueueUrl', URL_Q], ['Label', 'perm1'], ['AWSAccountId.1', '111122223333'], ['AWSAccountId.2', '444455556666'], ['ActionName.1', 'SendMessage'], ['ActionName.2', 'ReceiveMessage']],
    json: { QueueUrl: URL_Q, Label: 'perm1', AWSAccountIds: ['111122223333', '444455556666'], Actions: ['SendMessage', 'ReceiveMessage'] },
  },
  { op: 'CancelMessageMoveTask', query: [['TaskHandle', 'th-1']], json: { TaskHandle: 'th-1' } },
  {
    op: 'ChangeMessageVisibility',
    query: [['QueueUrl', URL_Q], ['ReceiptHandle', 'rh+1/='], ['VisibilityTimeout', '60']],
    json: { QueueUrl: URL_Q, ReceiptHandle: 'rh+1/=', VisibilityTimeout: 60 },
  },
  {
    op: 'ChangeMessageVisibilityBatch',
    query: [
      ['QueueUrl', URL_Q],
      ['ChangeMessageVisibilityBatchRequestEntry.1.Id', 'a'], ['ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle', 'rh-a'], ['ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout', '10'],
      ['ChangeMessageVisibilityBatchRequestEntry.2.Id', 'b'], ['ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle', 'rh-b'],
    ],
    json: { QueueUrl: URL_Q, Entries: [{ Id: 'a', ReceiptHandle: 'rh-a', VisibilityTimeout: 10 }, { Id: 'b', ReceiptHandle: 'rh-b' }] },
  },
  {
    op: 'CreateQueue',
    query: [
      ['QueueName', 'q1.fifo'],
      ['Attribute.1.Name', 'VisibilityTimeout'], ['Attribute.1.Value', '30'], ['Attribute.2.Name', 'FifoQueue'], ['Attribute.2.Value', 'true'],
      ['Tag.1.Key', 'team'], ['Tag.1.Value', 'a b&c'], ['Tag.2.Key', 'env'], ['Tag.2.Value', ''],
    ],
    json: { QueueName: 'q1.fifo', Attributes: { VisibilityTimeout: '30', FifoQueue: 'true' }, tags: { team: 'a b&c', env: '' } },
  },
  { op: 'DeleteMessage', query: [['QueueUrl', URL_Q], ['ReceiptHandle', 'rh-1']], json: { QueueUrl: URL_Q, ReceiptHandle: 'rh-1' } },
  {
    op: 'DeleteMessageBatch',
    query: [['QueueUrl', URL_Q], ['DeleteMessageBatchRequestEntry.1.Id', 'a'], ['DeleteMessageBatchRequestEntry.1.ReceiptHandle', 'rh-a'], ['DeleteMessageBatchRequestEntry.2.Id', 'b'], ['DeleteMessageBatchRequestEntry.2.ReceiptHandle', 'rh-b']],
    json: { QueueUrl: URL_Q, Entries: [{ Id: 'a', ReceiptHandle: 'rh-a' }, { Id: 'b', ReceiptHandle: 'rh-b' }] },
  },
  { op: 'DeleteQueue', query: [['QueueUrl', URL_Q]], json: { QueueUrl: URL_Q } },
  {
    op: 'GetQueueAttributes',
    query: [['QueueUrl', URL_Q], ['AttributeName.1', 'VisibilityTimeout'], ['AttributeName.2', 'QueueArn']],
    json: { QueueUrl: URL_Q, AttributeNames: ['VisibilityTimeout', 'QueueArn'] },
  },
  { op: 'GetQueueUrl', query: [['QueueName', 'q1'], ['QueueOwnerAWSAccountId', '000000000000']], json: { QueueName: 'q1', QueueOwnerAWSAccountId: '000000000000' } },
  {
    op: 'ListDeadLetterSourceQueues',
    query: [['QueueUrl', URL_Q], ['NextToken', 'nt'], ['MaxResults', '5']],
    json: { QueueUrl: URL_Q, NextToken: 'nt', MaxResults: 5 },
  },
  {
    op: 'ListMessageMoveTasks',
    query: [['SourceArn', 'arn:aws:sqs:us-east-1:000000000000:dlq'], ['MaxResults', '3']],
    json: { SourceArn: 'arn:aws:sqs:us-east-1:000000000000:dlq', MaxResults: 3 },
  },
  { op: 'ListQueueTags', query: [['QueueUrl', URL_Q]], json: { QueueUrl: URL_Q } },
  {
    op: 'ListQueues',
    query: [['QueueNamePrefix', 'q'], ['NextToken', 'nt'], ['MaxResults', '1000']],
    json: { QueueNamePrefix: 'q', NextToken: 'nt', MaxResults: 1000 },
  },
  { op: 'PurgeQueue', query: [['QueueUrl', URL_Q]], json: { QueueUrl: URL_Q } },
  {
    op: 'ReceiveMessage',
    query: [
      ['QueueUrl', URL_Q], ['AttributeName.1', 'All'], ['MessageAttributeName.1', 'color'], ['MessageAttributeName.2', 'size.*'],
      ['MaxNumberOfMessages', '10'], ['VisibilityTimeout', '15'], ['WaitTimeSeconds', '20'], ['ReceiveRequestAttemptId', 'att-1'],
    ],
    // Smithy gives AttributeNames and its successor MessageSystemAttributeNames the same query name (AttributeName.N),
    // so a legacy AttributeName.1 fills both, as a JSON client naming both would.
    json: {
      QueueUrl: URL_Q, AttributeNames: ['All'], MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['color', 'size.*'],
      MaxNumberOfMessages: 10, VisibilityTimeout: 15, WaitTimeSeconds: 20, ReceiveRequestAttemptId: 'att-1',
    },
  },
  { op: 'RemovePermission', query: [['QueueUrl', URL_Q], ['Label', 'perm1']], json: { QueueUrl: URL_Q, Label: 'perm1' } },
  {
    op: 'SendMessage',
    query: [
      ['QueueUrl', URL_Q], ['MessageBody', 'hello <world> & "you"'], ['DelaySeconds', '5'],
      ['MessageAttribute.1.Name', 'color'], ['MessageAttribute.1.Value.StringValue', 'blue'], ['MessageAttribute.1.Value.DataType', 'String'],
      ['MessageAttribute.2.Name', 'blob'], ['MessageAttribute.2.Value.BinaryValue', B64], ['MessageAttribute.2.Value.DataType', 'Binary'],
      ['MessageAttribute.3.Name', 'list'], ['MessageAttribute.3.Value.StringListValue.1', 'x'], ['MessageAttribute.3.Value.StringListValue.2', 'y'],
      ['MessageAttribute.3.Value.BinaryListValue.1', B64], ['MessageAttribute.3.Value.DataType', 'String.list'],
      ['MessageSystemAttribute.1.Name', 'AWSTraceHeader'], ['MessageSystemAttribute.1.Value.StringValue', 'Root=1-5759e988-bd862e3fe1be46a994272793'],
      ['MessageSystemAttribute.1.Value.DataType', 'String'],
      ['MessageDeduplicationId', 'dedup-1'], ['MessageGroupId', 'g1'],
    ],
    json: {
      QueueUrl: URL_Q, MessageBody: 'hello <world> & "you"', DelaySeconds: 5,
      MessageAttributes: {
        color: { StringValue: 'blue', DataType: 'String' },
        blob: { BinaryValue: B64, DataType: 'Binary' },
        list: { StringListValues: ['x', 'y'], BinaryListValues: [B64], DataType: 'String.list' },
      },
      MessageSystemAttributes: { AWSTraceHeader: { StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793', DataType: 'String' } },
      MessageDeduplicationId: 'dedup-1', MessageGroupId: 'g1',
    },
  },
  {
    op: 'SendMessageBatch',
    query: [
      ['QueueUrl', URL_Q],
      ['SendMessageBatchRequestEntry.1.Id', 'm1'], ['SendMessageBatchRequestEntry.1.MessageBody', 'one'], ['SendMessageBatchRequestEntry.1.DelaySeconds', '0'],
      ['SendMessageBatchRequestEntry.1.MessageAttribute.1.Name', 'n'], ['SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue', '42'],
      ['SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType', 'Number'],
      ['SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Name', 'AWSTraceHeader'],
      ['SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.StringValue', 'Root=1-abc'],
      ['SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.DataType', 'String'],
      ['SendMessageBatchRequestEntry.2.Id', 'm2'], ['SendMessageBatchRequestEntry.2.MessageBody', 'two'],
      ['SendMessageBatchRequestEntry.2.MessageDeduplicationId', 'd2'], ['SendMessageBatchRequestEntry.2.MessageGroupId', 'g'],
    ],
    json: {
      QueueUrl: URL_Q,
      Entries: [
        {
          Id: 'm1', MessageBody: 'one', DelaySeconds: 0, MessageAttributes: { n: { StringValue: '42', DataType: 'Number' } },
          MessageSystemAttributes: { AWSTraceHeader: { StringValue: 'Root=1-abc', DataType: 'String' } },
        },
        { Id: 'm2', MessageBody: 'two', MessageDeduplicationId: 'd2', MessageGroupId: 'g' },
      ],
    },
  },
  {
    op: 'SetQueueAttributes',
    query: [['QueueUrl', URL_Q], ['Attribute.1.Name', 'Policy'], ['Attribute.1.Value', '{"Version":"2012-10-17"}'], ['Attribute.2.Name', 'DelaySeconds'], ['Attribute.2.Value', '3']],
    json: { QueueUrl: URL_Q, Attributes: { Policy: '{"Version":"2012-10-17"}', DelaySeconds: '3' } },
  },
  {
    op: 'StartMessageMoveTask',
    query: [['SourceArn', 'arn:aws:sqs:us-east-1:000000000000:dlq'], ['DestinationArn', 'arn:aws:sqs:us-east-1:000000000000:q1'], ['MaxNumberOfMessagesPerSecond', '50']],
    json: { SourceArn: 'arn:aws:sqs:us-east-1:000000000000:dlq', DestinationArn: 'arn:aws:sqs:us-east-1:000000000000:q1', MaxNumberOfMessagesPerSecond: 50 },
  },
  {
    op: 'TagQueue',
    query: [['QueueUrl', URL_Q], ['Tag.1.Key', 'team'], ['Tag.1.Value', 'core'], ['Tag.2.Key', 'cost'], ['Tag.2.Value', '12']],
    json: { QueueUrl: URL_Q, Tags: { team: 'core', cost: '12' } },
  },
  { op: 'UntagQueue', query: [['QueueUrl', URL_Q], ['TagKey.1', 'team'], ['TagKey.2', 'cost']], json: { QueueUrl: URL_Q, TagKeys: ['team', 'cost'] } },
];

test('the legacy-form cases cover every SQS operation in the model', () => {
  assert.deepEqual(CASES.map((c) => c.op).sort(), Object.keys(sqs.operations).sort());
});

for (const c of CASES) {
  test(`${c.op} in the legacy query form parses into the same input as its JSON form`, () => {
    const op = operation(sqs, c.op);
    const req = queryRequest(c.op, c.query);
    assert.equal(queryCodec.resolveOperation(sqs, req), c.op);
    const fromQuery = queryCodec.parseInput(sqs, op, req);
    const fromJson = jsonCodec.parseInput(sqs, op, jsonRequest(c.op, c.json));
    assert.deepEqual(fromQuery, fromJson);
    // Every parameter sent landed somewhere: no input member is empty or missing.
    assert.deepEqual(Object.keys(fromQuery).sort(), Object.keys(c.json).sort());
  });

  test(`${c.op}'s JSON form parses the same with the patched model as with botocore's own`, () => {
    const req = jsonRequest(c.op, c.json);
    assert.deepEqual(jsonCodec.parseInput(sqs, operation(sqs, c.op), req), jsonCodec.parseInput(botocoreSqs, operation(botocoreSqs, c.op), req));
  });
}

test('a legacy SendMessage binary attribute arrives as the bytes the client base64-encoded', () => {
  const op = operation(sqs, 'SendMessage');
  const input = queryCodec.parseInput(sqs, op, queryRequest('SendMessage', [
    ['QueueUrl', URL_Q], ['MessageBody', 'b'],
    ['MessageAttribute.1.Name', 'blob'], ['MessageAttribute.1.Value.BinaryValue', B64], ['MessageAttribute.1.Value.DataType', 'Binary'],
  ]));
  assert.deepEqual(input['MessageAttributes'], { blob: { BinaryValue: Buffer.from([0, 1, 2, 250, 255]), DataType: 'Binary' } });
});

/** Serializes `output` in query form and returns the <OpResult> element after checking the envelope. */
function serializeQuery(opName: string, output: Output): XmlElement {
  const res = queryCodec.serializeOutput(sqs, operation(sqs, opName), output, ctx);
  assert.equal(res.status, 200);
  assert.ok(Buffer.isBuffer(res.body));
  const root = parseXml(res.body);
  assert.equal(root.localName, `${opName}Response`);
  assert.equal(root.attributes['xmlns'], NS);
  assert.equal(firstChild(firstChild(root, 'ResponseMetadata') ?? root, 'RequestId')?.text, ctx.requestId);
  const result = firstChild(root, `${opName}Result`);
  assert.ok(result, `no <${opName}Result>`);
  return result;
}

function readBack(opName: string, result: XmlElement): Record<string, unknown> {
  const shapeName = operation(sqs, opName).output?.shape;
  assert.ok(shapeName);
  return readStructure(sqs, shapeOf(sqs, shapeName), result);
}

function names(el: XmlElement): string[] {
  return childElements(el).map((c) => c.localName);
}

test('ReceiveMessage answers flattened <Message> elements with <Attribute> and <MessageAttribute> entries', () => {
  const output = {
    Messages: [
      {
        MessageId: 'm-1', ReceiptHandle: 'rh-1', MD5OfBody: 'd41d8cd98f00b204e9800998ecf8427e', Body: 'hi & <bye>',
        Attributes: { SenderId: 'AIDAEXAMPLE', SentTimestamp: '1764460800000', ApproximateReceiveCount: '1' },
        MD5OfMessageAttributes: '3ae8f24a165a8cedc005670c81a27295',
        MessageAttributes: {
          color: { StringValue: 'blue', DataType: 'String' },
          blob: { BinaryValue: Buffer.from([0, 1, 2, 250, 255]), DataType: 'Binary' },
        },
      },
      { MessageId: 'm-2', ReceiptHandle: 'rh-2', MD5OfBody: 'x', Body: 'two' },
    ],
  };
  const result = serializeQuery('ReceiveMessage', output);
  assert.deepEqual(names(result), ['Message', 'Message']);
  const first = childElements(result, 'Message')[0];
  assert.ok(first);
  assert.deepEqual(names(first), ['MessageId', 'ReceiptHandle', 'MD5OfBody', 'Body', 'Attribute', 'Attribute', 'Attribute', 'MD5OfMessageAttributes', 'MessageAttribute', 'MessageAttribute']);
  const attr = childElements(first, 'Attribute')[0];
  assert.ok(attr);
  assert.deepEqual(names(attr), ['Name', 'Value']);
  assert.equal(firstChild(attr, 'Name')?.text, 'SenderId');
  const blob = childElements(first, 'MessageAttribute')[1];
  assert.ok(blob);
  assert.equal(firstChild(blob, 'Name')?.text, 'blob');
  const value = firstChild(blob, 'Value');
  assert.ok(value);
  assert.deepEqual(names(value), ['BinaryValue', 'DataType']);
  assert.equal(firstChild(value, 'BinaryValue')?.text, B64);
  assert.deepEqual(readBack('ReceiveMessage', result), output);
});

test('GetQueueAttributes answers flattened <Attribute><Name/><Value/></Attribute> entries', () => {
  const output = { Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q1', VisibilityTimeout: '30', Policy: '{"a":"<b>"}' } };
  const result = serializeQuery('GetQueueAttributes', output);
  assert.deepEqual(names(result), ['Attribute', 'Attribute', 'Attribute']);
  assert.deepEqual(childElements(result, 'Attribute').map((a) => [firstChild(a, 'Name')?.text, firstChild(a, 'Value')?.text]), Object.entries(output.Attributes));
  assert.deepEqual(readBack('GetQueueAttributes', result), output);
});

test('ListQueues answers one flattened <QueueUrl> per queue', () => {
  const output = { QueueUrls: [URL_Q, `${URL_Q}2`], NextToken: 'nt-2' };
  const result = serializeQuery('ListQueues', output);
  assert.deepEqual(names(result), ['QueueUrl', 'QueueUrl', 'NextToken']);
  assert.deepEqual(readBack('ListQueues', result), output);
});

test('SendMessageBatch answers <SendMessageBatchResultEntry> and <BatchResultErrorEntry> for a failure', () => {
  const output = {
    Successful: [{ Id: 'm1', MessageId: 'id-1', MD5OfMessageBody: 'md5-1', MD5OfMessageAttributes: 'md5-a', SequenceNumber: '10000000000000000001' }],
    Failed: [{ Id: 'm2', SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters are invalid.' }],
  };
  const result = serializeQuery('SendMessageBatch', output);
  assert.deepEqual(names(result), ['SendMessageBatchResultEntry', 'BatchResultErrorEntry']);
  const failed = firstChild(result, 'BatchResultErrorEntry');
  assert.ok(failed);
  assert.equal(firstChild(failed, 'SenderFault')?.text, 'true');
  assert.deepEqual(readBack('SendMessageBatch', result), output);
});

test('ListQueueTags answers flattened <Tag><Key/><Value/></Tag> entries', () => {
  const output = { Tags: { team: 'core', empty: '' } };
  const result = serializeQuery('ListQueueTags', output);
  assert.deepEqual(names(result), ['Tag', 'Tag']);
  assert.deepEqual(childElements(result, 'Tag').map(names), [['Key', 'Value'], ['Key', 'Value']]);
  assert.deepEqual(readBack('ListQueueTags', result), output);
});

test('the other list results use their legacy entry names', () => {
  const entries: [string, Output, string[]][] = [
    ['DeleteMessageBatch', { Successful: [{ Id: 'a' }], Failed: [{ Id: 'b', SenderFault: false, Code: 'InternalError' }] }, ['DeleteMessageBatchResultEntry', 'BatchResultErrorEntry']],
    ['ChangeMessageVisibilityBatch', { Successful: [{ Id: 'a' }, { Id: 'c' }], Failed: [] }, ['ChangeMessageVisibilityBatchResultEntry', 'ChangeMessageVisibilityBatchResultEntry']],
    ['ListDeadLetterSourceQueues', { queueUrls: [URL_Q] }, ['QueueUrl']],
    ['ListMessageMoveTasks', { Results: [{ TaskHandle: 'th', Status: 'RUNNING', SourceArn: 'arn:aws:sqs:us-east-1:000000000000:dlq', ApproximateNumberOfMessagesMoved: 3 }] }, ['ListMessageMoveTasksResultEntry']],
    ['CreateQueue', { QueueUrl: URL_Q }, ['QueueUrl']],
  ];
  for (const [op, output, expected] of entries) {
    const result = serializeQuery(op, output);
    assert.deepEqual(names(result), expected, op);
    const back = readBack(op, result);
    const want = Object.fromEntries(Object.entries(output).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
    assert.deepEqual(back, want, op);
  }
});

test('JSON responses are unchanged by the legacy names', () => {
  const outputs: [string, Output][] = [
    ['ReceiveMessage', { Messages: [{ MessageId: 'm', Attributes: { SenderId: 's' }, MessageAttributes: { c: { StringValue: 'v', StringListValues: ['x'], DataType: 'String' } } }] }],
    ['GetQueueAttributes', { Attributes: { VisibilityTimeout: '30' } }],
    ['ListQueues', { QueueUrls: [URL_Q] }],
    ['SendMessageBatch', { Successful: [{ Id: 'a', MessageId: 'm', MD5OfMessageBody: 'x' }], Failed: [{ Id: 'b', SenderFault: true, Code: 'C' }] }],
    ['ListQueueTags', { Tags: { k: 'v' } }],
  ];
  for (const [op, output] of outputs) {
    const patched = jsonCodec.serializeOutput(sqs, operation(sqs, op), output, ctx).body;
    const plain = jsonCodec.serializeOutput(botocoreSqs, operation(botocoreSqs, op), output, ctx).body;
    assert.ok(Buffer.isBuffer(patched) && Buffer.isBuffer(plain));
    assert.equal(patched.toString('utf8'), plain.toString('utf8'), op);
    assert.ok(!patched.toString('utf8').includes('"Attribute"') && !patched.toString('utf8').includes('"QueueUrl"'), op);
  }
});

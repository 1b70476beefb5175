// Real SDK v3 clients against the json and rpc-v2-cbor codecs with AWS's own models: the request the SDK builds
// parses into the input it was given, our output parses back into the same values, errors become SDK exceptions.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CloudWatchClient, GetMetricDataCommand, InvalidParameterValueException, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { GetQueueUrlCommand, QueueDoesNotExist, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateWebACLCommand, WAFDuplicateItemException, WAFV2Client } from '@aws-sdk/client-wafv2';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { AwsError } from '../../src/core/aws-error.js';
import { jsonCodec } from '../../src/protocol/json.js';
import { queryCodec } from '../../src/protocol/query.js';
import { rpcV2CborCodec } from '../../src/protocol/rpc-v2-cbor.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';
import { buffersOf, CLIENT_CONFIG, codecHandler, withoutMetadata } from './rpc-sdk-support.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

test('SQS SendMessageBatch and ReceiveMessage carry binary message attributes both ways over JSON', async () => {
  const binary = new Uint8Array([0, 1, 2, 250, 255]);
  const received = {
    Messages: [{
      MessageId: 'm-1', ReceiptHandle: 'rh-1', Body: 'hello', MD5OfBody: md5('hello'),
      Attributes: { SentTimestamp: '1700000000000' },
      MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Buffer.from(binary) }, str: { DataType: 'String', StringValue: 'v' } },
    }],
  };
  const { handler, exchange } = codecHandler(loadBotocoreModel('sqs'), jsonCodec, (op) =>
    op === 'SendMessageBatch' ? { Successful: [{ Id: 'a', MessageId: 'm-1', MD5OfMessageBody: md5('hello') }], Failed: [] } : received);
  const sqs = new SQSClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const entries = [{ Id: 'a', MessageBody: 'hello', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: binary } } }];
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'http://127.0.0.1:4566/000000000000/q', Entries: entries }));
  assert.equal(exchange.wire?.headers['x-amz-target'], 'AmazonSQS.SendMessageBatch');
  assert.deepEqual(exchange.input, buffersOf({ QueueUrl: 'http://127.0.0.1:4566/000000000000/q', Entries: entries }));
  assert.deepEqual(withoutMetadata(sent), { Successful: [{ Id: 'a', MessageId: 'm-1', MD5OfMessageBody: md5('hello') }], Failed: [] });
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: 'q', MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
  assert.deepEqual(exchange.input, { QueueUrl: 'q', MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] });
  assert.deepEqual(buffersOf(withoutMetadata(got)), received);
});

test('SQS answers a missing queue as QueueDoesNotExist with the query-compatible code', async () => {
  const { handler, exchange } = codecHandler(loadBotocoreModel('sqs'), jsonCodec, () => {
    throw new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' });
  });
  const sqs = new SQSClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const err = await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof QueueDoesNotExist, `got ${String(err)}`);
  assert.equal(err.message, 'The specified queue does not exist.');
  assert.equal((err as unknown as { Code?: string }).Code, 'AWS.SimpleQueueService.NonExistentQueue');
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.deepEqual(exchange.input, { QueueName: 'nope' });
});

test('DynamoDB PutItem and Query keep nested maps, lists and sets, and a failed condition is ConditionalCheckFailedException', async () => {
  const item = {
    pk: { S: 'user#1' },
    n: { N: '42.5' },
    doc: { M: { tags: { L: [{ S: 'a' }, { N: '1' }, { B: new Uint8Array([9, 8]) }, { NULL: true }] }, inner: { M: { ok: { BOOL: true } } } } },
    ss: { SS: ['x', 'y'] },
    ns: { NS: ['1', '2'] },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
  };
  let calls = 0;
  const { handler, exchange } = codecHandler(loadBotocoreModel('dynamodb'), jsonCodec, (op, input) => {
    if (op === 'Query') return { Items: [input['ExclusiveStartKey'] ?? item, item], Count: 2, ScannedCount: 2, LastEvaluatedKey: { pk: { S: 'user#1' } } };
    if (++calls > 1) throw new AwsError('ConditionalCheckFailedException', 'The conditional request failed', { fields: { Item: item } });
    return { ConsumedCapacity: { TableName: 't', CapacityUnits: 1 } };
  });
  const ddb = new DynamoDBClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const put = { TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)', ReturnConsumedCapacity: 'TOTAL' as const };
  const out = await ddb.send(new PutItemCommand(put));
  assert.equal(exchange.wire?.headers['content-type'], 'application/x-amz-json-1.0');
  assert.deepEqual(exchange.input, buffersOf(put));
  assert.deepEqual(withoutMetadata(out), { ConsumedCapacity: { TableName: 't', CapacityUnits: 1 } });
  const err = await ddb.send(new PutItemCommand({ ...put, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ConditionalCheckFailedException, `got ${String(err)}`);
  assert.equal(err.message, 'The conditional request failed');
  assert.deepEqual(buffersOf(err.Item), buffersOf(item));
  const q = { TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'user#1' } }, ExclusiveStartKey: { pk: { S: 'k' } } };
  const res = await ddb.send(new QueryCommand(q));
  assert.deepEqual(exchange.input, q);
  assert.deepEqual(buffersOf(withoutMetadata(res)), buffersOf({ Items: [{ pk: { S: 'k' } }, item], Count: 2, ScannedCount: 2, LastEvaluatedKey: { pk: { S: 'user#1' } } }));
});

test('Firehose PutRecordBatch sends blobs as base64 over JSON 1.1', async () => {
  const records = [{ Data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) }, { Data: Buffer.from('{"a":1}\n') }];
  const output = { FailedPutCount: 0, Encrypted: false, RequestResponses: [{ RecordId: 'r1' }, { RecordId: 'r2' }] };
  const { handler, exchange } = codecHandler(loadBotocoreModel('firehose'), jsonCodec, () => output);
  const firehose = new FirehoseClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const res = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 's', Records: records }));
  assert.equal(exchange.wire?.headers['content-type'], 'application/x-amz-json-1.1');
  assert.match(exchange.wire?.body.toString('utf8') ?? '', /"3q2\+7w=="/);
  assert.deepEqual(exchange.input, buffersOf({ DeliveryStreamName: 's', Records: records }));
  assert.deepEqual(withoutMetadata(res), output);
});

test('WAFv2 CreateWebACL keeps deeply nested statements, and a duplicate is WAFDuplicateItemException', async () => {
  const byteMatch = {
    SearchString: new Uint8Array(Buffer.from('/admin')),
    FieldToMatch: { SingleHeader: { Name: 'x-path' } },
    TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' as const }],
    PositionalConstraint: 'STARTS_WITH' as const,
  };
  const input = {
    Name: 'acl', Scope: 'REGIONAL' as const, DefaultAction: { Allow: {} },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: false, MetricName: 'acl' },
    Rules: [{
      Name: 'r1', Priority: 1, Action: { Block: { CustomResponse: { ResponseCode: 403 } } },
      VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'r1' },
      Statement: {
        AndStatement: { Statements: [
          { ByteMatchStatement: byteMatch },
          { NotStatement: { Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' as const, ScopeDownStatement: { GeoMatchStatement: { CountryCodes: ['DE' as const] } } } } } },
        ] },
      },
    }],
    Tags: [{ Key: 'k', Value: 'v' }],
  };
  const summary = { Name: 'acl', Id: 'id-1', ARN: 'arn:aws:wafv2:us-east-1:000000000000:regional/webacl/acl/id-1', LockToken: 'lt' };
  let calls = 0;
  const { handler, exchange } = codecHandler(loadBotocoreModel('wafv2'), jsonCodec, () => {
    if (++calls > 1) throw new AwsError('WAFDuplicateItemException', 'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.');
    return { Summary: summary };
  });
  const waf = new WAFV2Client({ ...CLIENT_CONFIG, requestHandler: handler });
  const res = await waf.send(new CreateWebACLCommand(input));
  assert.deepEqual(exchange.input, buffersOf(input));
  assert.deepEqual(withoutMetadata(res), { Summary: summary });
  const err = await waf.send(new CreateWebACLCommand(input)).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof WAFDuplicateItemException, `got ${String(err)}`);
  assert.match(err.message, /duplicate of an existing one/);
});

const metricData = [{
  MetricName: 'Latency', Dimensions: [{ Name: 'Svc', Value: 'api' }], Timestamp: new Date('2026-11-30T12:00:00.500Z'),
  Value: 12.5, Unit: 'Milliseconds' as const, StorageResolution: 1,
}, {
  MetricName: 'Hits', StatisticValues: { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 }, Values: [1, 2], Counts: [1, 2],
}];
const metricQuery = {
  MetricDataQueries: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'Svc', Value: 'api' }] }, Period: 60, Stat: 'Average' }, ReturnData: true }],
  StartTime: new Date('2026-11-30T11:00:00Z'), EndTime: new Date('2026-11-30T13:00:00Z'), MaxDatapoints: 100,
};
const metricResult = {
  MetricDataResults: [{ Id: 'm1', Label: 'Latency', Timestamps: [new Date('2026-11-30T12:00:00Z'), new Date('2026-11-30T12:01:00.250Z')], Values: [12.5, 0.1], StatusCode: 'Complete' as const }],
  Messages: [],
};

// CloudWatch's model lists smithy-rpc-v2-cbor, json and query; SDK v3 sends JSON 1.0 by default and can be switched
// to the other two, which is how the Go/Ruby/Swift SDKs (CBOR) and older clients (query) talk to it.
const CLOUDWATCH_PROTOCOLS = [
  ['JSON 1.0 (the SDK default)', jsonCodec, undefined],
  ['RPC v2 CBOR', rpcV2CborCodec, AwsSmithyRpcV2CborProtocol],
  ['query', queryCodec, AwsQueryProtocol],
] as const;

for (const [label, codec, protocol] of CLOUDWATCH_PROTOCOLS) {
  test(`CloudWatch PutMetricData and GetMetricData round-trip over ${label}`, async () => {
    const { handler, exchange } = codecHandler(loadBotocoreModel('cloudwatch'), codec, (op) => (op === 'GetMetricData' ? metricResult : {}));
    const cw = new CloudWatchClient({ ...CLIENT_CONFIG, requestHandler: handler, ...(protocol ? { protocol } : {}) });
    await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: metricData }));
    if (codec === rpcV2CborCodec) {
      assert.equal(exchange.wire?.path, '/service/GraniteServiceVersion20100801/operation/PutMetricData');
      assert.equal(exchange.wire?.headers['smithy-protocol'], 'rpc-v2-cbor');
    } else if (codec === queryCodec) {
      assert.match(exchange.wire?.body.toString('utf8') ?? '', /^Action=PutMetricData&Version=2010-08-01&/);
    } else {
      assert.equal(exchange.wire?.headers['x-amz-target'], 'GraniteServiceVersion20100801.PutMetricData');
    }
    assert.deepEqual(exchange.input, { Namespace: 'App', MetricData: metricData });
    const res = await cw.send(new GetMetricDataCommand(metricQuery));
    assert.deepEqual(exchange.input, metricQuery);
    assert.deepEqual(withoutMetadata(res), metricResult);
  });

  test(`CloudWatch errors over ${label} surface the modeled exception and its query code`, async () => {
    const { handler } = codecHandler(loadBotocoreModel('cloudwatch'), codec, () => {
      throw new AwsError('InvalidParameterValueException', 'The value -1 for parameter Period is invalid.');
    });
    const cw = new CloudWatchClient({ ...CLIENT_CONFIG, requestHandler: handler, ...(protocol ? { protocol } : {}) });
    const err = await cw.send(new GetMetricDataCommand(metricQuery)).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof InvalidParameterValueException, `got ${String(err)}`);
    assert.equal(err.message, 'The value -1 for parameter Period is invalid.');
    assert.equal((err as unknown as { Code?: string }).Code, 'InvalidParameterValue');
  });
}

// awsJson request handling beyond the vectors, against AWS's own models: routing by X-Amz-Target, malformed and
// mistyped bodies (DynamoDB's SerializationException), gzip bodies, and query-compatible error headers (SQS).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { AwsError } from '../../src/core/aws-error.js';
import type { WireRequest } from '../../src/protocol/codec.js';
import { jsonCodec } from '../../src/protocol/json.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';

const dynamodb = loadBotocoreModel('dynamodb');
const sqs = loadBotocoreModel('sqs');
const ctx = { requestId: 'req-9' };

function request(target: string, body: string | Buffer, headers: Record<string, string> = {}): WireRequest {
  return {
    method: 'POST', path: '/', query: '',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0', ...headers },
    body: typeof body === 'string' ? Buffer.from(body) : body,
  };
}

function isSerializationException(e: unknown): boolean {
  return e instanceof AwsError && e.code === 'SerializationException' && e.status === 400;
}

test('X-Amz-Target resolves only this service prefix and a modeled operation', () => {
  assert.equal(jsonCodec.resolveOperation(dynamodb, request('DynamoDB_20120810.GetItem', '{}')), 'GetItem');
  assert.equal(jsonCodec.resolveOperation(dynamodb, request('DynamoDB_20120810.Nope', '{}')), undefined);
  assert.equal(jsonCodec.resolveOperation(dynamodb, request('AmazonSQS.GetItem', '{}')), undefined);
  assert.equal(jsonCodec.resolveOperation(dynamodb, request('GetItem', '{}')), undefined);
});

test('malformed JSON, a non-object body and a mistyped member are SerializationException', () => {
  const op = dynamodb.operations['GetItem'];
  assert.ok(op);
  assert.throws(() => jsonCodec.parseInput(dynamodb, op, request('DynamoDB_20120810.GetItem', '{"TableName":')), isSerializationException);
  assert.throws(() => jsonCodec.parseInput(dynamodb, op, request('DynamoDB_20120810.GetItem', '[1]')), isSerializationException);
  assert.throws(() => jsonCodec.parseInput(dynamodb, op, request('DynamoDB_20120810.GetItem', '{"TableName":5}')), (e: unknown) =>
    isSerializationException(e) && e instanceof Error && e.message.startsWith('VALUE_NUMBER cannot be converted to String'));
});

test('an empty body is an empty input and unknown members are ignored', () => {
  const op = dynamodb.operations['ListTables'];
  assert.ok(op);
  assert.deepEqual(jsonCodec.parseInput(dynamodb, op, request('DynamoDB_20120810.ListTables', '')), {});
  assert.deepEqual(jsonCodec.parseInput(dynamodb, op, request('DynamoDB_20120810.ListTables', '{"Limit":3,"Bogus":1}')), { Limit: 3 });
});

test('a gzip-encoded body is decompressed before parsing', () => {
  const op = dynamodb.operations['ListTables'];
  assert.ok(op);
  const req = request('DynamoDB_20120810.ListTables', gzipSync('{"Limit":7}'), { 'content-encoding': 'gzip' });
  assert.deepEqual(jsonCodec.parseInput(dynamodb, op, req), { Limit: 7 });
});

test('SQS errors carry the qualified shape id in __type and x-amzn-ErrorType, and x-amzn-query-error with Sender or Receiver', () => {
  const op = sqs.operations['GetQueueUrl'];
  const missing = new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' });
  const res = jsonCodec.serializeError(sqs, op, missing, ctx);
  assert.equal(res.status, 400);
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.0');
  assert.equal(res.headers['x-amzn-errortype'], 'com.amazonaws.sqs#QueueDoesNotExist');
  assert.equal(res.headers['x-amzn-query-error'], 'AWS.SimpleQueueService.NonExistentQueue;Sender');
  assert.deepEqual(JSON.parse(String(res.body)), { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
  const fault = jsonCodec.serializeError(sqs, undefined, new AwsError('InternalFailure', 'boom', { status: 500 }), ctx);
  assert.equal(fault.headers['x-amzn-query-error'], 'InternalFailure;Receiver');
  const plain = jsonCodec.serializeError(dynamodb, undefined, new AwsError('ResourceNotFoundException', 'Requested resource not found'), ctx);
  assert.equal(plain.headers['x-amzn-query-error'], undefined);
  assert.equal(plain.headers['x-amzn-errortype'], 'ResourceNotFoundException', 'DynamoDB keeps the bare shape name');
});

test('null and undefined output members are omitted and timestamps are epoch seconds', () => {
  const op = dynamodb.operations['DescribeTable'];
  assert.ok(op);
  const res = jsonCodec.serializeOutput(dynamodb, op, { Table: { TableName: 't', TableStatus: undefined, ItemCount: null, CreationDateTime: new Date(1500000000250) } }, ctx);
  assert.deepEqual(JSON.parse(String(res.body)), { Table: { TableName: 't', CreationDateTime: 1500000000.25 } });
});

// awsQuery and ec2 request handling beyond the vectors, against AWS's own models: GET query strings, malformed
// values, lenient list forms, SQS's JSON model answering the legacy query form, and error documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../src/core/aws-error.js';
import type { WireRequest } from '../../src/protocol/codec.js';
import { ec2Codec } from '../../src/protocol/ec2.js';
import { queryCodec } from '../../src/protocol/query.js';
import { firstChild, parseXml } from '../../src/protocol/shared/xml.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';

const iam = loadBotocoreModel('iam');
const ctx = { requestId: 'req-7' };

function post(body: string): WireRequest {
  return { method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: Buffer.from(body) };
}

test('a GET query-string request resolves and parses like a form body', () => {
  const req: WireRequest = { method: 'GET', path: '/', query: 'Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fdev%2F&MaxItems=2', headers: {}, body: Buffer.alloc(0) };
  assert.equal(queryCodec.resolveOperation(iam, req), 'ListUsers');
  const op = iam.operations['ListUsers'];
  assert.ok(op);
  assert.deepEqual(queryCodec.parseInput(iam, op, req), { PathPrefix: '/dev/', MaxItems: 2 });
});

test('a malformed integer is rejected as MalformedInput naming the parameter', () => {
  const op = iam.operations['ListUsers'];
  assert.ok(op);
  assert.throws(() => queryCodec.parseInput(iam, op, post('Action=ListUsers&Version=2010-05-08&MaxItems=lots')), (e: unknown) =>
    e instanceof AwsError && e.code === 'MalformedInput' && e.message.includes('MaxItems'));
});

test('a list sent flattened (Tags.1.Key) is still read, and form values decode + and percent escapes', () => {
  const op = iam.operations['CreateUser'];
  assert.ok(op);
  const input = queryCodec.parseInput(iam, op, post('Action=CreateUser&Version=2010-05-08&UserName=a+b%2Bc&Tags.1.Key=k&Tags.1.Value=v%26w'));
  assert.deepEqual(input, { UserName: 'a b+c', Tags: [{ Key: 'k', Value: 'v&w' }] });
});

test('query errors are ErrorResponse documents with the modeled query code and status', () => {
  const res = queryCodec.serializeError(iam, iam.operations['GetUser'], new AwsError('NoSuchEntityException', 'The user with name x cannot be found.', { status: 404 }), ctx);
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'text/xml');
  const root = parseXml(Buffer.isBuffer(res.body) ? res.body : '');
  assert.equal(root.name, 'ErrorResponse');
  assert.equal(root.attributes['xmlns'], 'https://iam.amazonaws.com/doc/2010-05-08/');
  const error = firstChild(root, 'Error');
  assert.ok(error);
  assert.deepEqual([firstChild(error, 'Type')?.text, firstChild(error, 'Code')?.text, firstChild(error, 'Message')?.text], ['Sender', 'NoSuchEntity', 'The user with name x cannot be found.']);
  assert.equal(firstChild(root, 'RequestId')?.text, 'req-7');
});

test('SQS (a JSON model) answers its legacy query form wrapped in <OpResult>', () => {
  const sqs = loadBotocoreModel('sqs');
  const req = post('Action=GetQueueUrl&Version=2012-11-05&QueueName=q1');
  assert.equal(queryCodec.resolveOperation(sqs, req), 'GetQueueUrl');
  const op = sqs.operations['GetQueueUrl'];
  assert.ok(op);
  assert.deepEqual(queryCodec.parseInput(sqs, op, req), { QueueName: 'q1' });
  const res = queryCodec.serializeOutput(sqs, op, { QueueUrl: 'http://127.0.0.1:4566/000000000000/q1' }, ctx);
  const root = parseXml(Buffer.isBuffer(res.body) ? res.body : '');
  assert.equal(root.name, 'GetQueueUrlResponse');
  assert.equal(firstChild(firstChild(root, 'GetQueueUrlResult') ?? root, 'QueueUrl')?.text, 'http://127.0.0.1:4566/000000000000/q1');
});

test('ec2 errors are Response/Errors/Error documents with RequestID', () => {
  const ec2 = loadBotocoreModel('ec2');
  const res = ec2Codec.serializeError(ec2, undefined, new AwsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist"), ctx);
  assert.equal(res.status, 400);
  const root = parseXml(Buffer.isBuffer(res.body) ? res.body : '');
  assert.equal(root.name, 'Response');
  const error = firstChild(firstChild(root, 'Errors') ?? root, 'Error');
  assert.equal(error && firstChild(error, 'Code')?.text, 'InvalidVpcID.NotFound');
  assert.equal(firstChild(root, 'RequestID')?.text, 'req-7');
});

test('ec2 output has requestId and members directly under the response, in the EC2 namespace', () => {
  const ec2 = loadBotocoreModel('ec2');
  const op = ec2.operations['CreateVpc'];
  assert.ok(op);
  const res = ec2Codec.serializeOutput(ec2, op, { Vpc: { VpcId: 'vpc-1', Tags: [{ Key: 'a', Value: 'b' }] } }, ctx);
  const root = parseXml(Buffer.isBuffer(res.body) ? res.body : '');
  assert.equal(root.attributes['xmlns'], 'http://ec2.amazonaws.com/doc/2016-11-15/');
  assert.equal(firstChild(root, 'requestId')?.text, 'req-7');
  const vpc = firstChild(root, 'vpc');
  assert.equal(vpc && firstChild(vpc, 'vpcId')?.text, 'vpc-1');
  const tagItem = vpc && firstChild(firstChild(vpc, 'tagSet') ?? vpc, 'item');
  assert.equal(tagItem && firstChild(tagItem, 'key')?.text, 'a');
});

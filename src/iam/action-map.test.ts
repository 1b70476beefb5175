// Operations resolve to the action and resource ARN the Service Authorization Reference gives them, filled from
// the request's input and scope; services declare only the names that differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillArnTemplate, resolveAuthorization, type ServiceAuthorization } from './action-map.js';

const scope = { region: 'us-east-1', account: '111111111111' };

test('Firehose PutRecord is firehose:PutRecord on the delivery stream', async () => {
  const r = await resolveAuthorization({ prefix: 'firehose' }, 'PutRecord', { DeliveryStreamName: 'orders', Record: {} }, scope);
  assert.equal(r.action, 'firehose:PutRecord');
  assert.equal(r.resource, 'arn:aws:firehose:us-east-1:111111111111:deliverystream/orders');
});

test('an S3 operation uses its declared action and the object ARN from Bucket and Key', async () => {
  const s3: ServiceAuthorization = {
    prefix: 's3',
    actions: { HeadObject: 'GetObject', ListObjectsV2: 'ListBucket' },
    resourceVariables: (_op, input) => ({ BucketName: input.Bucket as string, ObjectName: input.Key as string | undefined }),
  };
  const head = await resolveAuthorization(s3, 'HeadObject', { Bucket: 'b', Key: 'a/b.txt' }, scope);
  assert.deepEqual([head.action, head.resource], ['s3:GetObject', 'arn:aws:s3:::b/a/b.txt']);
  const list = await resolveAuthorization(s3, 'ListObjectsV2', { Bucket: 'b' }, scope);
  assert.deepEqual([list.action, list.resource], ['s3:ListBucket', 'arn:aws:s3:::b']);
  assert.ok(list.conditionKeys.includes('s3:prefix'));
});

test('an action without a resource type is authorized on *', async () => {
  const r = await resolveAuthorization({ prefix: 'sts' }, 'GetCallerIdentity', {}, scope);
  assert.deepEqual([r.action, r.resource], ['sts:GetCallerIdentity', '*']);
});

test('DynamoDB GetItem is on the table ARN', async () => {
  const r = await resolveAuthorization({ prefix: 'dynamodb' }, 'GetItem', { TableName: 'T' }, scope);
  assert.equal(r.resource, 'arn:aws:dynamodb:us-east-1:111111111111:table/T');
});

test('an unknown action is a declaration error, not a silent allow', async () => {
  await assert.rejects(resolveAuthorization({ prefix: 'firehose' }, 'NoSuchOperation', {}, scope), /has no action firehose:NoSuchOperation/);
});

test('a template with a missing variable does not fill', () => {
  assert.equal(fillArnTemplate('arn:${Partition}:sqs:${Region}:${Account}:${QueueName}', { Partition: 'aws', Region: 'r', Account: 'a' }), undefined);
  assert.equal(fillArnTemplate('arn:${Partition}:sqs:${Region}:${Account}:${QueueName}', { Partition: 'aws', Region: 'r', Account: 'a', QueueName: 'q' }), 'arn:aws:sqs:r:a:q');
});

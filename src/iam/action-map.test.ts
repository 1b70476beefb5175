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

test('EC2 RunInstances is authorized on each resource type it names, the new instance as instance/*', async () => {
  const { EC2_AUTHORIZATION } = await import('./services/ec2.js');
  const r = await resolveAuthorization(EC2_AUTHORIZATION, 'RunInstances', { ImageId: 'ami-1', SubnetId: 'subnet-1', SecurityGroupIds: ['sg-1', 'sg-2'], MinCount: 1 }, scope);
  assert.deepEqual([...r.resources].sort(), [
    'arn:aws:ec2:us-east-1:111111111111:instance/*',
    'arn:aws:ec2:us-east-1:111111111111:network-interface/*',
    'arn:aws:ec2:us-east-1:111111111111:security-group/sg-1',
    'arn:aws:ec2:us-east-1:111111111111:security-group/sg-2',
    'arn:aws:ec2:us-east-1:111111111111:subnet/subnet-1',
    'arn:aws:ec2:us-east-1::image/ami-1',
  ]);
  assert.deepEqual(r.conditionValues, { 'ec2:Region': 'us-east-1' });
});

test('EC2 CreateTags names each tagged resource by its id prefix', async () => {
  const { EC2_AUTHORIZATION } = await import('./services/ec2.js');
  const r = await resolveAuthorization(EC2_AUTHORIZATION, 'CreateTags', { Resources: ['vpc-1', 'i-2'], Tags: [] }, scope);
  assert.deepEqual([...r.resources].sort(), ['arn:aws:ec2:us-east-1:111111111111:instance/i-2', 'arn:aws:ec2:us-east-1:111111111111:vpc/vpc-1']);
});

test('Route 53 tag operations use the type ResourceType names; zone ids lose their /hostedzone/ prefix', async () => {
  const { ROUTE53_AUTHORIZATION } = await import('./services/route53.js');
  const tags = await resolveAuthorization(ROUTE53_AUTHORIZATION, 'ListTagsForResource', { ResourceType: 'hostedzone', ResourceId: 'Z1' }, scope);
  assert.deepEqual(tags.resources, ['arn:aws:route53:::hostedzone/Z1']);
  const get = await resolveAuthorization(ROUTE53_AUTHORIZATION, 'GetHostedZone', { Id: '/hostedzone/Z2' }, scope);
  assert.equal(get.resource, 'arn:aws:route53:::hostedzone/Z2');
  const change = await resolveAuthorization(
    ROUTE53_AUTHORIZATION,
    'ChangeResourceRecordSets',
    { HostedZoneId: 'Z2', ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'WWW.Example.com.', Type: 'A' } }] } },
    scope,
  );
  assert.deepEqual(change.conditionValues, {
    'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
    'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
    'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['www.example.com'],
  });
});

test('DynamoDB Streams GetRecords is on the stream its shard iterator names', async () => {
  const { DYNAMODB_STREAMS_AUTHORIZATION } = await import('./services/dynamodb-streams.js');
  const arn = 'arn:aws:dynamodb:us-east-1:111111111111:table/T/stream/2026-12-06T00:00:00.000';
  const r = await resolveAuthorization(DYNAMODB_STREAMS_AUTHORIZATION, 'GetRecords', { ShardIterator: `${arn}|1|abc` }, scope);
  assert.deepEqual([r.action, r.resource], ['dynamodb:GetRecords', arn]);
});

test('MFT, which no reference covers, resolves from its own declaration', async () => {
  const { MFT_AUTHORIZATION } = await import('./services/mft.js');
  const r = await resolveAuthorization(MFT_AUTHORIZATION, 'GetDefinition', { Node: 'n1', Kind: 'hst', Id: 'h1' }, scope);
  assert.deepEqual([r.action, r.resource], ['mft:GetDefinition', 'arn:aws:mft::111111111111:node/n1/definition/hst/h1']);
  assert.deepEqual(r.conditionValues, { 'mft:DefinitionKind': 'hst' });
});

// IAM enforcement of Route 53, EC2, MFT, DynamoDB transactions and PartiQL, DynamoDB Streams and S3's condition keys (--enforce-iam) over real sockets with SDK v3 clients:
// each is allowed by a policy naming its action and resource, and denied in its own error shape otherwise; EC2's
// refusal carries an encoded authorization failure message that STS decodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DynamoDBClient, ExecuteStatementCommand, PutItemCommand, TransactGetItemsCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateVpcCommand, CreateSubnetCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DecodeAuthorizationMessageCommand, STSClient } from '@aws-sdk/client-sts';
import { assertAwsError } from '../../support/aws-error.js';
import { enforcedKumo } from './enforcement-support.js';
import { mftCall } from '../mft/mft-support.js';

const ACCOUNT = '000000000000';
const env = enforcedKumo();
const { track, as, user } = env;

test('Route 53: a zone-scoped policy allows its zone; another zone is AccessDenied; record types are condition keys', async () => {
  const root = track(new Route53Client(env.kumo.clientConfig()));
  const mine = (await root.send(new CreateHostedZoneCommand({ Name: 'mine.example.', CallerReference: 'a' }))).HostedZone!.Id!;
  const other = (await root.send(new CreateHostedZoneCommand({ Name: 'other.example.', CallerReference: 'b' }))).HostedZone!.Id!;
  const zoneId = mine.replace('/hostedzone/', '');
  const creds = await user(
    'dns',
    { Effect: 'Allow', Action: ['route53:GetHostedZone'], Resource: `arn:aws:route53:::hostedzone/${zoneId}` },
    { Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } } },
  );
  const r53 = track(new Route53Client(as(creds)));
  assert.equal((await r53.send(new GetHostedZoneCommand({ Id: mine }))).HostedZone?.Name, 'mine.example.');
  const otherId = other.replace('/hostedzone/', '');
  await assertAwsError(r53.send(new GetHostedZoneCommand({ Id: other })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${ACCOUNT}:user/dns is not authorized to perform: route53:GetHostedZone on resource: arn:aws:route53:::hostedzone/${otherId} because no identity-based policy allows the route53:GetHostedZone action`,
  });
  const change = (Type: 'TXT' | 'A', Value: string) =>
    new ChangeResourceRecordSetsCommand({ HostedZoneId: mine, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: `x.mine.example.`, Type, TTL: 60, ResourceRecords: [{ Value }] } }] } });
  await r53.send(change('TXT', '"ok"'));
  await assertAwsError(r53.send(change('A', '192.0.2.1')), { code: 'AccessDenied', status: 403, message: /route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone\// });
});

test('EC2: Describe needs only its action; a create is authorized on every resource type it names, with an encoded message STS decodes', async () => {
  const root = track(new EC2Client(env.kumo.clientConfig()));
  const vpc = (await root.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const creds = await user(
    'netops',
    { Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:CreateVpc'], Resource: '*' },
    { Effect: 'Allow', Action: 'ec2:CreateSubnet', Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/*` },
    { Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' },
  );
  const ec2 = track(new EC2Client(as(creds)));
  assert.ok((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.some((v) => v.VpcId === vpc));
  assert.match((await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc?.VpcId ?? '', /^vpc-/);
  // CreateSubnet needs subnet/* and the VPC itself; the policy grants only the first.
  const err = await assertAwsError(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.1.0/24' })), { code: 'UnauthorizedOperation', status: 403 });
  const prefix = `You are not authorized to perform this operation. User: arn:aws:iam::${ACCOUNT}:user/netops is not authorized to perform: ec2:CreateSubnet on resource: arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/${vpc} because no identity-based policy allows the ec2:CreateSubnet action. Encoded authorization failure message: `;
  assert.ok(err.message.startsWith(prefix), err.message);
  const decoded = await track(new STSClient(as(creds))).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: err.message.slice(prefix.length) }));
  const message = JSON.parse(decoded.DecodedMessage!) as { allowed: boolean; explicitDeny: boolean; context: { action: string; resource: string; principal: { arn: string }; conditions: { items: Array<{ key: string }> } } };
  assert.equal(message.allowed, false);
  assert.equal(message.explicitDeny, false);
  assert.equal(message.context.action, 'ec2:CreateSubnet');
  assert.equal(message.context.resource, `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/${vpc}`);
  assert.equal(message.context.principal.arn, `arn:aws:iam::${ACCOUNT}:user/netops`);
  assert.ok(message.context.conditions.items.some((i) => i.key === 'ec2:Region'));

  const stranger = await user('no-ec2');
  await assertAwsError(track(new EC2Client(as(stranger))).send(new DescribeVpcsCommand({})), {
    code: 'UnauthorizedOperation',
    status: 403,
    message: `You are not authorized to perform this operation. User: arn:aws:iam::${ACCOUNT}:user/no-ec2 is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action`,
  });
});

test('MFT: node-scoped actions under the mft prefix; another node is AccessDeniedException (403)', async () => {
  assert.equal((await mftCall(env.kumo.url, 'POST', '/mft/nodes', { Name: 'iamnode', Address: '127.0.14.41' })).status, 200);
  const creds = await user('mft-user', { Effect: 'Allow', Action: ['mft:ListNodes', 'mft:ListDefinitions'], Resource: '*' }, { Effect: 'Deny', Action: 'mft:DeleteNode', Resource: `arn:aws:mft::${ACCOUNT}:node/iamnode` });
  const list = await mftCall(env.kumo.url, 'GET', '/mft/nodes', undefined, {}, creds);
  assert.equal(list.status, 200, JSON.stringify(list.json));
  const del = await mftCall(env.kumo.url, 'DELETE', '/mft/nodes/iamnode', undefined, {}, creds);
  assert.equal(del.status, 403);
  assert.equal(
    String(del.json.message ?? del.json.Message),
    `User: arn:aws:iam::${ACCOUNT}:user/mft-user is not authorized to perform: mft:DeleteNode on resource: arn:aws:mft::${ACCOUNT}:node/iamnode with an explicit deny in an identity-based policy`,
  );
  assert.equal((await mftCall(env.kumo.url, 'DELETE', '/mft/nodes/iamnode')).status, 200);
});

test('DynamoDB Streams: authorized as dynamodb:* on the stream ARN, for GetRecords from its shard iterator', async () => {
  const ddb = track(new DynamoDBClient(env.kumo.clientConfig()));
  const table = await ddb.send(
    new CreateTableCommand({ TableName: 'streamed', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
  );
  const streamArn = table.TableDescription!.LatestStreamArn!;
  const creds = await user('stream-reader', { Effect: 'Allow', Action: ['dynamodb:ListStreams', 'dynamodb:DescribeStream', 'dynamodb:GetShardIterator'], Resource: '*' });
  const streams = track(new DynamoDBStreamsClient(as(creds)));
  assert.ok((await streams.send(new ListStreamsCommand({}))).Streams?.some((s) => s.StreamArn === streamArn));
  const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards![0]!.ShardId!;
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
  await assertAwsError(streams.send(new GetRecordsCommand({ ShardIterator })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/stream-reader is not authorized to perform: dynamodb:GetRecords on resource: ${streamArn} because no identity-based policy allows the dynamodb:GetRecords action`,
  });
});

test('S3 condition keys: s3:prefix with ${aws:username} and s3:max-keys limit ListBucket; s3:x-amz-acl limits PutObject', async () => {
  const root = track(new S3Client({ ...env.kumo.clientConfig(), forcePathStyle: true }));
  await root.send(new CreateBucketCommand({ Bucket: 'homes' }));
  const creds = await user(
    'alice',
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::homes', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' }, NumericLessThanEquals: { 's3:max-keys': '10' } } },
    { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::homes/*', Condition: { StringEqualsIfExists: { 's3:x-amz-acl': 'private' } } },
  );
  const s3 = track(new S3Client({ ...as(creds), forcePathStyle: true }));
  assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'homes', Prefix: 'home/alice/', MaxKeys: 10 }))).KeyCount, 0);
  const denied = `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::homes" because no identity-based policy allows the s3:ListBucket action`;
  await assertAwsError(s3.send(new ListObjectsV2Command({ Bucket: 'homes', Prefix: 'home/bob/', MaxKeys: 10 })), { code: 'AccessDenied', status: 403, message: denied });
  await assertAwsError(s3.send(new ListObjectsV2Command({ Bucket: 'homes', Prefix: 'home/alice/', MaxKeys: 1000 })), { code: 'AccessDenied', status: 403, message: denied });
  // Without a prefix the key is absent, and StringLike on an absent key does not match.
  await assertAwsError(s3.send(new ListObjectsV2Command({ Bucket: 'homes', MaxKeys: 10 })), { code: 'AccessDenied', status: 403 });
  await s3.send(new PutObjectCommand({ Bucket: 'homes', Key: 'home/alice/a.txt', Body: 'a' }));
  await s3.send(new PutObjectCommand({ Bucket: 'homes', Key: 'home/alice/b.txt', Body: 'b', ACL: 'private' }));
  await assertAwsError(s3.send(new PutObjectCommand({ Bucket: 'homes', Key: 'home/alice/c.txt', Body: 'c', ACL: 'public-read' })), { code: 'AccessDenied', status: 403 });
});

test('DynamoDB transactions and PartiQL: each item needs its own action on its table; dynamodb:EnclosingOperation names the transaction', async () => {
  const root = track(new DynamoDBClient(env.kumo.clientConfig()));
  for (const TableName of ['tx-orders', 'tx-audit']) {
    await root.send(new CreateTableCommand({ TableName, AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  }
  const table = (name: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;
  const creds = await user(
    'txuser',
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect'], Resource: [table('tx-orders'), table('tx-audit')] },
    // PutItem only inside a transaction (DynamoDB developer guide, "Using IAM with DynamoDB transactions", example 2).
    { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: table('tx-orders'), Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] } } },
  );
  const ddb = track(new DynamoDBClient(as(creds)));
  await ddb.send(new TransactWriteItemsCommand({ TransactItems: [
    { Put: { TableName: 'tx-orders', Item: { k: { S: 'o1' } } } },
    { ConditionCheck: { TableName: 'tx-audit', Key: { k: { S: 'none' } }, ConditionExpression: 'attribute_not_exists(k)' } },
  ] }));
  const got = await ddb.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'tx-orders', Key: { k: { S: 'o1' } } } }] }));
  assert.equal(got.Responses?.[0]?.Item?.k?.S, 'o1');
  await assertAwsError(ddb.send(new TransactWriteItemsCommand({ TransactItems: [
    { Put: { TableName: 'tx-orders', Item: { k: { S: 'o2' } } } },
    { Put: { TableName: 'tx-audit', Item: { k: { S: 'a2' } } } },
  ] })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/txuser is not authorized to perform: dynamodb:PutItem on resource: ${table('tx-audit')} because no identity-based policy allows the dynamodb:PutItem action`,
  });
  // Refused as a whole: the allowed first item was not written either.
  assert.equal((await root.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'tx-orders', Key: { k: { S: 'o2' } } } }] }))).Responses?.[0]?.Item, undefined);
  // Outside a transaction the same PutItem is not allowed.
  await assertAwsError(ddb.send(new PutItemCommand({ TableName: 'tx-orders', Item: { k: { S: 'o3' } } })), { code: 'AccessDeniedException', status: 400, message: /dynamodb:PutItem on resource: .*table\/tx-orders because no identity-based policy allows/ });
  const selected = await ddb.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "tx-orders" WHERE k = 'o1'` }));
  assert.equal(selected.Items?.[0]?.k?.S, 'o1');
  await assertAwsError(ddb.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "tx-orders" WHERE k = 'o1'` })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/txuser is not authorized to perform: dynamodb:PartiQLDelete on resource: ${table('tx-orders')} because no identity-based policy allows the dynamodb:PartiQLDelete action`,
  });
});

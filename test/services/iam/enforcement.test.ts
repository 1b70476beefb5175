// IAM enforcement end to end (--enforce-iam) with SDK v3 clients over a socket: a created user's keys are verified
// and authorized by their policies; allowed, denied by no policy, explicit deny, resource policy only, boundary,
// and an assumed role with a session policy; unknown keys and expired sessions; the AccessDenied messages exact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutObjectAclCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

const ACCOUNT = '000000000000';
let kumo: TestKumo;
let admin: IAMClient;
const clients: Array<{ destroy(): void }> = [];
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
  admin = new IAMClient(kumo.clientConfig());
  clients.push(admin);
  const ddb = new DynamoDBClient(kumo.clientConfig());
  clients.push(ddb);
  await ddb.send(new CreateTableCommand({ TableName: 'orders', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
});
after(async () => {
  for (const c of clients) c.destroy();
  await kumo.stop();
});

function config(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return { ...kumo.clientConfig(), credentials };
}

/** A user with an access key; returns SDK credentials for it. */
async function userWithKey(name: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await admin.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

function dynamodb(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): DynamoDBClient {
  const c = new DynamoDBClient(config(credentials));
  clients.push(c);
  return c;
}

const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

test('the test/test root credentials are always allowed', async () => {
  const out = await dynamodb({ accessKeyId: 'test', secretAccessKey: 'test' }).send(new DescribeTableCommand({ TableName: 'orders' }));
  assert.equal(out.Table?.TableName, 'orders');
});

test('an unknown access key is InvalidClientTokenId; a wrong secret is SignatureDoesNotMatch', async () => {
  await assertAwsError(dynamodb({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' }).send(new DescribeTableCommand({ TableName: 'orders' })), {
    code: 'UnrecognizedClientException',
    status: 400,
  }).catch(async () => {
    // DynamoDB's SDK maps the code; the query services show it as AWS names it.
    await assertAwsError(new STSClient(config({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' })).send(new GetCallerIdentityCommand({})), {
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
  });
  const creds = await userWithKey('wrong-secret');
  await assertAwsError(new STSClient(config({ ...creds, secretAccessKey: 'not-the-secret' })).send(new GetCallerIdentityCommand({})), { code: 'SignatureDoesNotMatch', status: 403 });
});

test('a user without policies is denied with AWS\'s message; GetCallerIdentity still answers', async () => {
  const creds = await userWithKey('kinesis');
  const who = await new STSClient(config(creds)).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:user/kinesis`);
  await assertAwsError(dynamodb(creds).send(new DescribeTableCommand({ TableName: 'orders' })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/kinesis is not authorized to perform: dynamodb:DescribeTable on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:DescribeTable action`,
  });
});

test('a policy that allows lets the user through, and the change applies to the next request', async () => {
  const creds = await userWithKey('allowed');
  const client = dynamodb(creds);
  await assertAwsError(client.send(new DescribeTableCommand({ TableName: 'orders' })), { code: 'AccessDeniedException', status: 400 });
  await admin.send(new PutUserPolicyCommand({ UserName: 'allowed', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:Describe*', Resource: TABLE_ARN }) }));
  const out = await client.send(new DescribeTableCommand({ TableName: 'orders' }));
  assert.equal(out.Table?.TableName, 'orders');
});

test('an explicit deny in a managed policy wins and is named in the message', async () => {
  const creds = await userWithKey('denied');
  await admin.send(new PutUserPolicyCommand({ UserName: 'denied', PolicyName: 'all', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
  const { Policy } = await admin.send(new CreatePolicyCommand({ PolicyName: 'NoDynamo', PolicyDocument: doc({ Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }) }));
  await admin.send(new AttachUserPolicyCommand({ UserName: 'denied', PolicyArn: Policy!.Arn! }));
  await assertAwsError(dynamodb(creds).send(new DescribeTableCommand({ TableName: 'orders' })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/denied is not authorized to perform: dynamodb:DescribeTable on resource: ${TABLE_ARN} with an explicit deny in an identity-based policy: ${Policy!.Arn!}`,
  });
});

test('a permissions boundary caps what the identity policy allows', async () => {
  const creds = await userWithKey('bounded');
  await admin.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'all', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
  const { Policy } = await admin.send(new CreatePolicyCommand({ PolicyName: 'OnlySqs', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) }));
  await admin.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: Policy!.Arn! }));
  await assertAwsError(dynamodb(creds).send(new DescribeTableCommand({ TableName: 'orders' })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/bounded is not authorized to perform: dynamodb:DescribeTable on resource: ${TABLE_ARN} because no permissions boundary allows the dynamodb:DescribeTable action`,
  });
});

test('an SQS queue policy naming the user allows without any identity policy', async () => {
  const rootSqs = new SQSClient(kumo.clientConfig());
  clients.push(rootSqs);
  const { QueueUrl } = await rootSqs.send(new CreateQueueCommand({ QueueName: 'shared' }));
  const creds = await userWithKey('queue-reader');
  const sqs = new SQSClient(config(creds));
  clients.push(sqs);
  const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:shared`;
  await assertAwsError(sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${ACCOUNT}:user/queue-reader is not authorized to perform: sqs:GetQueueAttributes on resource: ${queueArn} because no identity-based policy allows the sqs:GetQueueAttributes action`,
  });
  const policy = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/queue-reader` }, Action: 'sqs:GetQueueAttributes', Resource: queueArn });
  await rootSqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy } }));
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }));
  assert.equal(out.Attributes?.VisibilityTimeout, '30');
});

test('an assumed role acts as the role, capped by its session policy, until the credentials expire', async () => {
  const creds = await userWithKey('assumer');
  await admin.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/assumer` }, Action: 'sts:AssumeRole' });
  await admin.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }));
  await admin.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'dynamo', PolicyDocument: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }) }));
  const sts = new STSClient(config(creds));
  clients.push(sts);
  const plain = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`, RoleSessionName: 's1', DurationSeconds: 900 }));
  assert.match(plain.Credentials?.AccessKeyId ?? '', /^ASIA/);
  assert.equal(plain.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s1`);
  const session = { accessKeyId: plain.Credentials!.AccessKeyId!, secretAccessKey: plain.Credentials!.SecretAccessKey!, sessionToken: plain.Credentials!.SessionToken! };
  const who = await new STSClient(config(session)).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s1`);
  assert.equal((await dynamodb(session).send(new DescribeTableCommand({ TableName: 'orders' }))).Table?.TableName, 'orders');

  const capped = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`, RoleSessionName: 's2', Policy: doc({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }) }),
  );
  const cappedCreds = { accessKeyId: capped.Credentials!.AccessKeyId!, secretAccessKey: capped.Credentials!.SecretAccessKey!, sessionToken: capped.Credentials!.SessionToken! };
  await assertAwsError(dynamodb(cappedCreds).send(new DescribeTableCommand({ TableName: 'orders' })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/reader/s2 is not authorized to perform: dynamodb:DescribeTable on resource: ${TABLE_ARN} because no session policy allows the dynamodb:DescribeTable action`,
  });

  await kumo.advance(901);
  await assertAwsError(new STSClient(config(session)).send(new GetCallerIdentityCommand({})), { code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' });
});

test('AssumeRole is refused when the trust policy does not name the caller', async () => {
  const creds = await userWithKey('outsider');
  await admin.send(new PutUserPolicyCommand({ UserName: 'outsider', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
  const trust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
  await admin.send(new CreateRoleCommand({ RoleName: 'lambda-only', AssumeRolePolicyDocument: trust }));
  const sts = new STSClient(config(creds));
  clients.push(sts);
  // A trust policy must allow by itself, even when the caller's identity policy allows and both share the account.
  await assertAwsError(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/lambda-only`, RoleSessionName: 'xx' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${ACCOUNT}:user/outsider is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/lambda-only because no resource-based policy allows the sts:AssumeRole action`,
  });
  // A trust policy naming the account delegates to identity policies: without one the caller is refused.
  await admin.send(new CreateRoleCommand({ RoleName: 'account-trust', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }) }));
  await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/account-trust`, RoleSessionName: 'ok' }));
  const stranger = await userWithKey('stranger');
  await assertAwsError(new STSClient(config(stranger)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/account-trust`, RoleSessionName: 'xx' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${ACCOUNT}:user/stranger is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/account-trust because no identity-based policy allows the sts:AssumeRole action`,
  });
});

test('S3: another account\'s user is denied a bucket whose policy does not grant it, and allowed once it does', async () => {
  const OTHER = '111111111111';
  const s3Root = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  clients.push(s3Root);
  await s3Root.send(new CreateBucketCommand({ Bucket: 'shared-bucket' }));
  await s3Root.send(new PutObjectCommand({ Bucket: 'shared-bucket', Key: 'a.txt', Body: 'hello' }));
  // The other account's root (a 12-digit key is that account) makes a user with S3 rights in its own account.
  const otherIam = new IAMClient(kumo.clientConfig(OTHER));
  clients.push(otherIam);
  await otherIam.send(new CreateUserCommand({ UserName: 'partner' }));
  await otherIam.send(new PutUserPolicyCommand({ UserName: 'partner', PolicyName: 's3', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }));
  const { AccessKey } = await otherIam.send(new CreateAccessKeyCommand({ UserName: 'partner' }));
  const partner = new S3Client({ ...config({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }), forcePathStyle: true });
  clients.push(partner);
  await assertAwsError(partner.send(new GetObjectCommand({ Bucket: 'shared-bucket', Key: 'a.txt' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${OTHER}:user/partner is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::shared-bucket/a.txt" because no resource-based policy allows the s3:GetObject action`,
  });
  const policy = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-bucket/*' });
  await s3Root.send(new PutBucketPolicyCommand({ Bucket: 'shared-bucket', Policy: policy }));
  const got = await partner.send(new GetObjectCommand({ Bucket: 'shared-bucket', Key: 'a.txt' }));
  assert.equal(await got.Body?.transformToString(), 'hello');
});

test('S3 ACLs: a grant to another account admits its root and its users whose own policies allow; BucketOwnerEnforced voids it', async () => {
  const OTHER = '333333333333';
  const owner = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  const otherRoot = new S3Client({ ...kumo.clientConfig(OTHER), forcePathStyle: true });
  const otherIam = new IAMClient(kumo.clientConfig(OTHER));
  clients.push(owner, otherRoot, otherIam);
  await owner.send(new CreateBucketCommand({ Bucket: 'acl-grants', ObjectOwnership: 'BucketOwnerPreferred' }));
  await owner.send(new PutObjectCommand({ Bucket: 'acl-grants', Key: 'a.txt', Body: 'granted' }));
  const key = async (name: string, statements: object[]) => {
    await otherIam.send(new CreateUserCommand({ UserName: name }));
    if (statements.length > 0) await otherIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 's3', PolicyDocument: doc(...statements) }));
    const { AccessKey } = await otherIam.send(new CreateAccessKeyCommand({ UserName: name }));
    const client = new S3Client({ ...config({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }), forcePathStyle: true });
    clients.push(client);
    return client;
  };
  const reader = await key('acl-reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  const bystander = await key('acl-bystander', []);
  const read = (client: S3Client) => client.send(new GetObjectCommand({ Bucket: 'acl-grants', Key: 'a.txt' }));
  const resource = '"arn:aws:s3:::acl-grants/a.txt"';
  await assertAwsError(read(reader), { code: 'AccessDenied', status: 403, message: `User: arn:aws:iam::${OTHER}:user/acl-reader is not authorized to perform: s3:GetObject on resource: ${resource} because no resource-based policy allows the s3:GetObject action` });
  const canonical = (await otherRoot.send(new ListBucketsCommand({}))).Owner!.ID!;
  await owner.send(new PutObjectAclCommand({ Bucket: 'acl-grants', Key: 'a.txt', GrantRead: `id="${canonical}"` }));
  assert.equal(await (await read(reader)).Body?.transformToString(), 'granted');
  assert.equal(await (await read(otherRoot)).Body?.transformToString(), 'granted');
  // The grant is to the account: a user the account gives no permission to is still refused by its own account.
  await assertAwsError(read(bystander), { code: 'AccessDenied', status: 403, message: `User: arn:aws:iam::${OTHER}:user/acl-bystander is not authorized to perform: s3:GetObject on resource: ${resource} because no identity-based policy allows the s3:GetObject action` });
  await owner.send(new PutBucketOwnershipControlsCommand({ Bucket: 'acl-grants', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  await assertAwsError(read(reader), { code: 'AccessDenied', status: 403 });
});

test('seed 004: Firehose PutRecord without a policy is denied with AWS\'s message word for word', async () => {
  const creds = await userWithKey('firehose-writer');
  const firehose = new FirehoseClient(config(creds));
  clients.push(firehose);
  await assertAwsError(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'PUT-S3-UNJQf', Record: { Data: Buffer.from('x') } })), {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${ACCOUNT}:user/firehose-writer is not authorized to perform: firehose:PutRecord on resource: arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/PUT-S3-UNJQf because no identity-based policy allows the firehose:PutRecord action`,
  });
});

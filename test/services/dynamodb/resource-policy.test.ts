// Resource-based policies through @aws-sdk/client-dynamodb: stored per table and per stream ARN with revision ids,
// ExpectedRevisionId checks, and the ARN refusals captured from AWS (ack-api-quirks DDB-TABLE-212).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteResourcePolicyCommand, GetResourcePolicyCommand, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { createTable, errorOf, uniqueName, useDynamo } from './dynamodb-support.js';

const h = useDynamo();
const ACCOUNT = '000000000000';
const policyFor = (arn: string, action = 'dynamodb:GetItem'): string => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: action, Resource: arn }],
});

test('Put/Get/DeleteResourcePolicy on a table keep revision ids and honour ExpectedRevisionId', async () => {
  const t = await createTable(h.client);
  const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t}`;
  const none = await errorOf(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn })));
  assert.equal(none.name, 'PolicyNotFoundException');
  assert.equal(none.message, `Resource-based policy not found for the provided ResourceArn: ${arn}`);
  const first = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policyFor(arn), ExpectedRevisionId: 'NO_POLICY' }));
  const got = await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
  assert.equal(got.RevisionId, first.RevisionId);
  assert.equal(got.Policy, policyFor(arn));
  const second = await h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policyFor(arn, 'dynamodb:*'), ExpectedRevisionId: first.RevisionId }));
  assert.ok(Number(second.RevisionId) > Number(first.RevisionId));
  const stale = await errorOf(() => h.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: policyFor(arn), ExpectedRevisionId: first.RevisionId })));
  assert.equal(stale.name, 'PolicyNotFoundException');
  const deleted = await h.client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }));
  assert.equal(deleted.RevisionId, second.RevisionId);
  assert.equal((await errorOf(() => h.client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn })))).name, 'PolicyNotFoundException');
});

test('a stream ARN is its own policy slot; CreateTable ResourcePolicy is stored', async () => {
  const name = uniqueName('rp');
  const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;
  const created = await h.client.send(new CreateTableCommand({
    TableName: name, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    ResourcePolicy: policyFor(arn),
  }));
  assert.equal((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, policyFor(arn));
  const streamArn = created.TableDescription!.LatestStreamArn!;
  assert.equal((await errorOf(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: streamArn })))).name, 'PolicyNotFoundException');
  await h.client.send(new PutResourcePolicyCommand({ ResourceArn: streamArn, Policy: policyFor(streamArn, 'dynamodb:GetRecords') }));
  assert.equal((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).Policy, policyFor(arn));
  const bogus = await errorOf(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: `${arn}/stream/2000-01-01T00:00:00.000` })));
  assert.equal(bogus.message, `Requested resource not found: Stream: 2000-01-01T00:00:00.000 not found for Table: ${name}`);
});

test('ResourceArn forms AWS refuses answer its ValidationException or ResourceNotFoundException', async () => {
  const t = await createTable(h.client);
  const get = (ResourceArn: string) => errorOf(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn })));
  assert.equal((await get(t)).message, `One or more parameter values were invalid: ARNs must start with 'arn:': ${t}`);
  assert.equal((await get(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t}-missing`)).message, `Requested resource not found: Table: ${t}-missing not found`);
  assert.equal((await get(`arn:aws:dynamodb:us-east-1:111111111111:table/${t}`)).message, 'This action is only supported by accounts that match the resource owner’s account.');
  assert.equal((await get(`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${t}`)).message, `One or more parameter values were invalid: Invalid resource Arn: arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${t}`);
  const index = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t}/index/byX`;
  assert.equal((await get(index)).message, `One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${index}`);
  const bad = await errorOf(() => h.client.send(new PutResourcePolicyCommand({ ResourceArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t}`, Policy: 'not json' })));
  assert.equal(bad.name, 'ValidationException');
});

// The instance metadata service of running instances: IMDSv2 tokens with a TTL on the runtime clock, IMDSv1 refused
// when HttpTokens is required, metadata and tags, and an instance profile's role credentials that the SDK inside the
// instance finds by itself (its default provider chain calling STS GetCallerIdentity as the assumed role).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import * as iam from '@aws-sdk/client-iam';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { until } from '../../support/until.js';

let kumo: TestKumo;
let client: ec2.EC2Client;
const AMI = 'ami-0aa7d40eeae50c9a9';

before(async () => {
  kumo = await startTestKumo({ runInstances: true, imdsPort: 0 });
  client = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await kumo.stop();
});

async function endpointOf(id: string): Promise<string> {
  return until('the metadata service', async () => {
    const body = (await (await fetch(`${kumo.url}/_kumo/ec2/instances`)).json()) as { instances: { instanceId: string; metadataEndpoint?: string }[] };
    return body.instances.find((p) => p.instanceId === id)?.metadataEndpoint;
  });
}

test('IMDSv2: a token from PUT with a TTL reads metadata and tags; without a token 401; the token expires with the clock', async () => {
  const r = await client.send(new ec2.RunInstancesCommand({
    ImageId: AMI, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro',
    MetadataOptions: { HttpTokens: 'required', InstanceMetadataTags: 'enabled' },
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'meta' }] }],
  }));
  const i = r.Instances![0]!;
  const base = await endpointOf(i.InstanceId!);
  assert.equal((await fetch(`${base}latest/meta-data/instance-id`)).status, 401, 'IMDSv1 refused when tokens are required');
  assert.equal((await fetch(`${base}latest/api/token`, { method: 'PUT' })).status, 400, 'a TTL is required');
  assert.equal((await fetch(`${base}latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21601' } })).status, 400);
  const tokenRes = await fetch(`${base}latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } });
  assert.equal(tokenRes.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '60');
  const token = await tokenRes.text();
  const get = async (path: string) => {
    const res = await fetch(`${base}latest/${path}`, { headers: { 'x-aws-ec2-metadata-token': token } });
    return { status: res.status, text: await res.text() };
  };
  assert.deepEqual(await get('meta-data/instance-id'), { status: 200, text: i.InstanceId });
  assert.equal((await get('meta-data/ami-id')).text, AMI);
  assert.equal((await get('meta-data/instance-type')).text, 't3.micro');
  assert.equal((await get('meta-data/local-ipv4')).text, i.PrivateIpAddress, 'the VPC address, not the loopback one');
  assert.equal((await get('meta-data/placement/availability-zone')).text, i.Placement!.AvailabilityZone);
  assert.equal((await get('meta-data/tags/instance/Name')).text, 'meta');
  assert.equal((await get('meta-data/iam/security-credentials/')).status, 404, 'no instance profile');
  assert.equal((await get('user-data')).status, 404);
  const doc = JSON.parse((await get('dynamic/instance-identity/document')).text) as { instanceId: string; region: string };
  assert.deepEqual([doc.instanceId, doc.region], [i.InstanceId, 'us-east-1']);
  assert.equal((await fetch(`${base}latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60', 'x-forwarded-for': '10.0.0.1' } })).status, 403);
  await kumo.advance(61);
  assert.equal((await get('meta-data/instance-id')).status, 401, 'expired on the runtime clock');
});

test('IMDSv1 answers when HttpTokens is optional', async () => {
  const r = await client.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, MetadataOptions: { HttpTokens: 'optional' } }));
  const base = await endpointOf(r.Instances![0]!.InstanceId!);
  const res = await fetch(`${base}latest/meta-data/instance-id`);
  assert.equal(await res.text(), r.Instances![0]!.InstanceId);
  assert.equal((await fetch(`${base}latest/meta-data/tags/instance/Name`)).status, 404, 'tags only when InstanceMetadataTags is enabled');
});

test('an instance profile gives the SDK inside the instance its role credentials through IMDS', async () => {
  const iamClient = new iam.IAMClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  await iamClient.send(new iam.CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: trust }));
  const profile = await iamClient.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
  await iamClient.send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web-role' }));
  iamClient.destroy();

  const sts = resolve('node_modules/@aws-sdk/client-sts');
  const script = `#!/usr/bin/env node
const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(sts)});
// AWS_ENDPOINT_URL: kumo's API as the instance reaches it (inside its VPC namespace, or kumo's URL when kumo has a
// fixed port); a test kumo on loopback with a random port sets none, so its URL is given.
new STSClient(process.env.AWS_ENDPOINT_URL ? {} : { endpoint: ${JSON.stringify(kumo.url)} }).send(new GetCallerIdentityCommand({}))
  .then((r) => console.log('ARN ' + r.Arn), (e) => console.log('ERROR ' + e.name + ' ' + e.message))
  .finally(() => setInterval(() => {}, 1000));
`;
  const r = await client.send(new ec2.RunInstancesCommand({
    ImageId: AMI, MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'web-profile' }, UserData: Buffer.from(script).toString('base64'),
  }));
  const i = r.Instances![0]!;
  assert.equal(i.IamInstanceProfile!.Arn, profile.InstanceProfile!.Arn);
  const text = await until('the SDK inside to answer', async () => {
    const out = await client.send(new ec2.GetConsoleOutputCommand({ InstanceId: i.InstanceId! }));
    const t = out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
    return /ARN|ERROR/.test(t) ? t : undefined;
  });
  assert.match(text, new RegExp(`ARN arn:aws:sts::000000000000:assumed-role/web-role/${i.InstanceId}`));

  const base = await endpointOf(i.InstanceId!);
  const token = await (await fetch(`${base}latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '300' } })).text();
  const creds = JSON.parse(await (await fetch(`${base}latest/meta-data/iam/security-credentials/web-role`, { headers: { 'x-aws-ec2-metadata-token': token } })).text()) as Record<string, string>;
  assert.equal(creds['Code'], 'Success');
  assert.equal(creds['Type'], 'AWS-HMAC');
  assert.match(creds['AccessKeyId']!, /^ASIA/);
  await client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
});

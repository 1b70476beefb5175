// Operations without a provider answer 501 NotImplemented naming the service and operation, in the protocol
// of the service the client called, and the server keeps serving afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTransitGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListTrafficPoliciesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { DescribeAnomalyDetectorsCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestKumo, type TestKumo } from '../support/kumo.js';

let kumo: TestKumo;
before(async () => {
  kumo = await startTestKumo();
});
after(async () => {
  await kumo.stop();
});

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

test('EC2 DescribeTransitGateways (not emulated) answers NotImplemented 501 naming EC2 and DescribeTransitGateways', async () => {
  const ec2 = new EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const error = await rejection(ec2.send(new DescribeTransitGatewaysCommand({})));
  assert.equal(error.name, 'NotImplemented');
  assert.equal(error.status, 501);
  assert.match(error.message, /EC2 DescribeTransitGateways/);
});

test('Route 53 (rest-xml) and CloudWatch (CBOR or JSON) answer NotImplemented in their own protocols', async () => {
  const r53 = new Route53Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const zones = await rejection(r53.send(new ListTrafficPoliciesCommand({})));
  assert.equal(zones.name, 'NotImplemented');
  assert.equal(zones.status, 501);
  assert.match(zones.message, /Route 53 ListTrafficPolicies/);
  const cw = new CloudWatchClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  // CloudWatch itself is implemented; anomaly detectors are not.
  const detectors = await rejection(cw.send(new DescribeAnomalyDetectorsCommand({})));
  assert.equal(detectors.name, 'NotImplemented');
  assert.match(detectors.message, /CloudWatch DescribeAnomalyDetectors/);
});

test('the server keeps answering after a NotImplemented', async () => {
  const ec2 = new EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  await rejection(ec2.send(new DescribeTransitGatewaysCommand({})));
  const sts = new STSClient(kumo.clientConfig());
  assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
});

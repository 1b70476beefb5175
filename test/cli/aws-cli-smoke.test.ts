// Smoke tests with the installed aws-cli and boto3 against a started server: the commands from the README's
// quick start answer as documented, and an unimplemented call is a clean CLI error, not a stack trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor, CLI_ENV } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
});
after(async () => {
  await kumo.stop();
});

const { aws } = awsCliFor(() => kumo.url);

test('aws sts get-caller-identity answers the default account', () => {
  const result = aws(['sts', 'get-caller-identity']);
  assert.equal(result.status, 0, result.stderr);
  const identity = JSON.parse(result.stdout) as Record<string, string>;
  assert.equal(identity['Account'], '000000000000');
  assert.equal(identity['Arn'], 'arn:aws:iam::000000000000:root');
});

test('aws sts get-caller-identity with a 12-digit access key answers that account', () => {
  const result = aws(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: '111122223333' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as Record<string, string>)['Account'], '111122223333');
});

test('aws ec2 describe-transit-gateways (not emulated) is a clean NotImplemented error and the server keeps running', async () => {
  const result = aws(['ec2', 'describe-transit-gateways']);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /An error occurred \(NotImplemented\) when calling the DescribeTransitGateways operation: .*EC2 DescribeTransitGateways/);
  assert.doesNotMatch(result.stderr, /Traceback/);
  assert.equal((await fetch(`${kumo.url}/_kumo/health`)).status, 200);
});

test('boto3 get_caller_identity works through AWS_ENDPOINT_URL', () => {
  const script = "import boto3; print(boto3.client('sts').get_caller_identity()['Account'])";
  const result = spawnSync('python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: kumo.url }, timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), '000000000000');
});

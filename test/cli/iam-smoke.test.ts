// aws-cli (v1) against a kumo started with --enforce-iam: the root key creates a user, a policy and an access key;
// the user's own keys are then verified and authorized (allowed, then denied with AWS's message), and an assume-role
// profile (role_arn + source_profile) works end to end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
let dir: string;
before(async () => {
  kumo = await spawnKumo(['--in-memory', '--enforce-iam']);
  dir = mkdtempSync(join(tmpdir(), 'kumo-iam-cli-'));
});
after(async () => {
  await kumo.stop();
  rmSync(dir, { recursive: true, force: true });
});

const { aws, awsJson } = awsCliFor(() => kumo.url);
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:CreateQueue', 'sqs:ListQueues', 'sts:AssumeRole'], Resource: '*' }] });

test('a created user\'s keys work with aws-cli under enforcement, and are denied what no policy allows', () => {
  awsJson(['iam', 'create-user', '--user-name', 'cli-user']);
  awsJson(['iam', 'put-user-policy', '--user-name', 'cli-user', '--policy-name', 'sqs', '--policy-document', policy]);
  const key = awsJson(['iam', 'create-access-key', '--user-name', 'cli-user'])['AccessKey'] as Record<string, string>;
  const env = { AWS_ACCESS_KEY_ID: key['AccessKeyId']!, AWS_SECRET_ACCESS_KEY: key['SecretAccessKey']! };

  const who = aws(['sts', 'get-caller-identity'], env);
  assert.equal(who.status, 0, who.stderr);
  assert.equal((JSON.parse(who.stdout) as Record<string, string>)['Arn'], 'arn:aws:iam::000000000000:user/cli-user');

  const created = aws(['sqs', 'create-queue', '--queue-name', 'cli-q'], env);
  assert.equal(created.status, 0, created.stderr);

  const denied = aws(['sqs', 'delete-queue', '--queue-url', (JSON.parse(created.stdout) as Record<string, string>)['QueueUrl']!], env);
  assert.notEqual(denied.status, 0);
  assert.match(
    denied.stderr,
    /\(AccessDenied\) when calling the DeleteQueue operation: User: arn:aws:iam::000000000000:user\/cli-user is not authorized to perform: sqs:DeleteQueue on resource: arn:aws:sqs:us-east-1:000000000000:cli-q because no identity-based policy allows the sqs:DeleteQueue action/,
  );

  const unknown = aws(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: 'AKIANOTAREALKEY00000', AWS_SECRET_ACCESS_KEY: 'x' });
  assert.match(unknown.stderr, /InvalidClientTokenId/);
});

test('an aws-cli profile with role_arn and source_profile assumes the role', () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/cli-user' }, Action: 'sts:AssumeRole' }] });
  awsJson(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', trust]);
  const key = awsJson(['iam', 'create-access-key', '--user-name', 'cli-user'])['AccessKey'] as Record<string, string>;
  const config = join(dir, 'config');
  writeFileSync(join(dir, 'credentials'), `[base]\naws_access_key_id = ${key['AccessKeyId']}\naws_secret_access_key = ${key['SecretAccessKey']}\n`);
  writeFileSync(config, `[profile dev]\nrole_arn = arn:aws:iam::000000000000:role/cli-role\nsource_profile = base\nregion = us-east-1\n`);
  const result = aws(['--profile', 'dev', 'sts', 'get-caller-identity'], {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    // The CLI's assume-role provider makes its own STS client: it reads the endpoint from here, not --endpoint-url.
    AWS_ENDPOINT_URL: kumo.url,
    // aws-cli caches assumed-role credentials in ~/.aws/cli/cache under a key made from the role ARN alone
    // (awscli/customizations/assumerole.py, botocore AssumeRoleCredentialFetcher): a second run within the hour reused
    // the first run's session, which the new in-memory kumo never issued, hence InvalidClientTokenId. A private HOME
    // gives each run its own cache.
    HOME: dir,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match((JSON.parse(result.stdout) as Record<string, string>)['Arn']!, /^arn:aws:sts::000000000000:assumed-role\/cli-role\/botocore-session-\d+$/);
});

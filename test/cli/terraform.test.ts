// Terraform as a tested client: init from a local provider mirror, apply S3 / SQS / DynamoDB resources against a
// started kumo, plan shows no changes, an in-place update of each, no changes again, destroy. Skipped, saying why,
// where terraform or the AWS provider mirror is missing. The configuration is test/fixtures/terraform/main.tf.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetBucketVersioningCommand, GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { packageRoot } from '../../src/core/package-root.js';
import { assertAwsError } from '../support/aws-error.js';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';

/** Endpoint names of the provider's `endpoints {}` block for every service kumo routes (README "Terraform"). */
const TERRAFORM_ENDPOINTS = [
  'autoscaling', 'cloudfront', 'cloudwatch', 'dynamodb', 'ec2', 'elb', 'elbv2', 'firehose', 'iam', 'route53', 's3', 'sqs', 'sts', 'wafv2',
];

/** Where a filesystem mirror of hashicorp/aws may live: this machine's mirror, then Terraform's implied local mirrors. */
const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

interface Mirror {
  path: string;
  version: string;
}

function platform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return `${process.platform}_${arch}`;
}

/** The first mirror holding an unpacked hashicorp/aws 5.x build for this platform (highest version). */
function findMirror(): Mirror | undefined {
  for (const path of MIRROR_CANDIDATES) {
    const providerDir = join(path, 'registry.terraform.io', 'hashicorp', 'aws');
    if (!existsSync(providerDir)) continue;
    const versions = readdirSync(providerDir)
      .filter((v) => /^5\.\d+\.\d+$/.test(v))
      .filter((v) => {
        const dir = join(providerDir, v, platform());
        return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('terraform-provider-aws'));
      })
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const version = versions.at(-1);
    if (version !== undefined) return { path, version };
  }
  return undefined;
}

function skipReason(): string | false {
  const version = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) return 'terraform is not on PATH';
  if (!findMirror()) return `no filesystem mirror of registry.terraform.io/hashicorp/aws 5.x for ${platform()} in ${MIRROR_CANDIDATES.join(', ')}`;
  return false;
}

const SKIP = skipReason();
if (SKIP) console.log(`# terraform test skipped: ${SKIP}`);

const SUFFIX = `t${process.pid}`;
let kumo: SpawnedKumo;
let dir: string;
let env: NodeJS.ProcessEnv;

function providerBlock(url: string, version: string): string {
  const endpoints = TERRAFORM_ENDPOINTS.map((name) => `    ${name.padEnd(11)} = "${url}"`).join('\n');
  return `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "${version}" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
${endpoints}
  }
}
`;
}

before(async () => {
  if (SKIP) return;
  const mirror = findMirror()!;
  kumo = await spawnKumo(['--in-memory']);
  dir = mkdtempSync(join(tmpdir(), 'kumo-terraform-'));
  copyFileSync(join(packageRoot(), 'test', 'fixtures', 'terraform', 'main.tf'), join(dir, 'main.tf'));
  writeFileSync(join(dir, 'provider.tf'), providerBlock(kumo.url, mirror.version));
  // Only the mirror: no registry, no checkpoint calls (loopback-only network).
  writeFileSync(
    join(dir, 'cli.tfrc'),
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror.path}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
  );
  env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
});

after(async () => {
  if (SKIP) return;
  await kumo?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  out: string;
}

function terraform(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('terraform', [...args, '-no-color'], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, out: `${stdout}\n${stderr}` });
    });
  });
}

function vars(stage: string): string[] {
  return ['-var', `suffix=${SUFFIX}`, '-var', `stage=${stage}`];
}

async function apply(stage: string): Promise<void> {
  const run = await terraform(['apply', '-auto-approve', '-input=false', ...vars(stage)]);
  assert.equal(run.code, 0, run.out);
}

async function planShowsNoChanges(stage: string): Promise<void> {
  const run = await terraform(['plan', '-detailed-exitcode', '-input=false', ...vars(stage)]);
  assert.equal(run.code, 0, `plan found differences (exit 2) or failed:\n${run.out}`);
  assert.match(run.out, /No changes\. Your infrastructure matches the configuration\./);
}

function clients(): { s3: S3Client; sqs: SQSClient; ddb: DynamoDBClient } {
  const config = { endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return { s3: new S3Client({ ...config, forcePathStyle: true }), sqs: new SQSClient(config), ddb: new DynamoDBClient(config) };
}

const names = {
  bucket: `tf-site-${SUFFIX}`,
  dlq: `tf-dlq-${SUFFIX}.fifo`,
  jobs: `tf-jobs-${SUFFIX}.fifo`,
  table: `tf-items-${SUFFIX}`,
};

async function jobsAttributes(sqs: SQSClient): Promise<Record<string, string>> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: names.jobs }));
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
}

const options = { skip: SKIP, timeout: 600_000 };

test('terraform init installs hashicorp/aws from the filesystem mirror', options, async () => {
  const run = await terraform(['init', '-input=false']);
  assert.equal(run.code, 0, run.out);
  assert.match(run.out, /Installing hashicorp\/aws v5\.\d+\.\d+/);
});

test('terraform apply creates a versioned bucket with an object, a FIFO queue with a DLQ and a table with a GSI and TTL', options, async () => {
  await apply('one');
  const { s3, sqs, ddb } = clients();
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: names.bucket }))).Status, 'Enabled');
  const object = await s3.send(new GetObjectCommand({ Bucket: names.bucket, Key: 'index.html' }));
  assert.equal(await object.Body?.transformToString(), '<h1>one</h1>');
  assert.equal(object.ContentType, 'text/html');
  const jobs = await jobsAttributes(sqs);
  assert.equal(jobs['FifoQueue'], 'true');
  assert.equal(jobs['ContentBasedDeduplication'], 'true');
  assert.deepEqual(JSON.parse(jobs['RedrivePolicy'] ?? '{}'), { deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${names.dlq}`, maxReceiveCount: 3 });
  const table = (await ddb.send(new DescribeTableCommand({ TableName: names.table }))).Table;
  assert.deepEqual(table?.GlobalSecondaryIndexes?.map((g) => g.IndexName), ['by-gsi']);
  assert.deepEqual((await ddb.send(new DescribeTimeToLiveCommand({ TableName: names.table }))).TimeToLiveDescription, {
    AttributeName: 'expires_at',
    TimeToLiveStatus: 'ENABLED',
  });
});

test('terraform plan after apply shows no changes', options, async () => {
  await planShowsNoChanges('one');
});

test('terraform apply changes every resource in place, and plan then shows no changes', options, async () => {
  await apply('two');
  const { s3, sqs, ddb } = clients();
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: names.bucket }))).Status, 'Suspended');
  const object = await s3.send(new GetObjectCommand({ Bucket: names.bucket, Key: 'index.html' }));
  assert.equal(await object.Body?.transformToString(), '<h1>two</h1>');
  assert.equal((await jobsAttributes(sqs))['VisibilityTimeout'], '60');
  const { QueueUrl: dlqUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: names.dlq }));
  assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: dlqUrl }))).Tags, { stage: 'two' });
  const backups = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: names.table }));
  assert.equal(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED');
  await planShowsNoChanges('two');
});

test('terraform destroy removes every resource', options, async () => {
  // No refresh: the plan just before read every resource back.
  const run = await terraform(['destroy', '-auto-approve', '-input=false', '-refresh=false', ...vars('two')]);
  assert.equal(run.code, 0, run.out);
  const { s3, sqs, ddb } = clients();
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  assert.ok(!buckets.some((b) => b.Name === names.bucket));
  await assertAwsError(sqs.send(new GetQueueUrlCommand({ QueueName: names.jobs })), { code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 });
  await assertAwsError(sqs.send(new GetQueueUrlCommand({ QueueName: names.dlq })), { code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 });
  assert.ok(!((await ddb.send(new ListTablesCommand({}))).TableNames ?? []).includes(names.table));
});

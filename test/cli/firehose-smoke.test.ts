// Firehose smoke tests against a `kumo start` child: seed 004's boto3 put_record script lands its JSON line in S3
// the way Firehose writes it, and the installed aws-cli drives the control plane and PutRecord.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/package-root.js';
import { awsCliFor, CLI_ENV } from '../support/aws-cli.js';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';

let server: SpawnedKumo;
const { awsJson, awsOk } = awsCliFor(() => server.url);

before(async () => {
  server = await spawnKumo(['--in-memory']);
});

after(async () => {
  await server.stop();
});

async function advance(seconds: number): Promise<void> {
  const res = await fetch(`${server.url}/_kumo/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  assert.equal(res.status, 200, await res.text());
}

test("seed 004's boto3 put_record lands the JSON line in S3 under Firehose's key layout", async () => {
  const script = join(packageRoot(), 'test', 'fixtures', 'firehose', 'seed-004-put-record.py');
  const run = spawnSync('python3', [script], { encoding: 'utf8', env: { ...process.env, ...CLI_ENV, KUMO_URL: server.url }, timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const put = JSON.parse(run.stdout.trim()) as { RecordId: string; Encrypted: boolean };
  assert.ok(put.RecordId.length > 0);
  await advance(300);
  const listed = awsJson(['s3api', 'list-objects-v2', '--bucket', 'seed-004-landing', '--region', 'ap-northeast-1']);
  const contents = listed['Contents'] as { Key: string }[];
  assert.equal(contents.length, 1);
  assert.match(contents[0]!.Key, /^\d{4}\/\d\d\/\d\d\/\d\d\/PUT-S3-UNJQf-1-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9a-f-]{36}$/);
  // A signed read: an unsigned GET is anonymous, and the landing bucket is private.
  const body = awsOk(['s3', 'cp', `s3://seed-004-landing/${contents[0]!.Key}`, '-', '--region', 'ap-northeast-1']);
  assert.equal(body, '{"musicID": "xxxxxxxxxx", "userId": 1, "artistId": 1}\n');
});

test('aws-cli creates, lists, describes a stream and puts a record that reaches S3', async () => {
  awsJson(['s3api', 'create-bucket', '--bucket', 'cli-landing']);
  const created = awsJson([
    'firehose', 'create-delivery-stream', '--delivery-stream-name', 'cli-stream',
    '--extended-s3-destination-configuration',
    'RoleARN=arn:aws:iam::000000000000:role/firehose,BucketARN=arn:aws:s3:::cli-landing,Prefix=cli/,BufferingHints={SizeInMBs=1,IntervalInSeconds=60}',
  ]);
  assert.equal(created['DeliveryStreamARN'], 'arn:aws:firehose:us-east-1:000000000000:deliverystream/cli-stream');
  const listed = awsJson(['firehose', 'list-delivery-streams']);
  assert.ok((listed['DeliveryStreamNames'] as string[]).includes('cli-stream'));
  const described = awsJson(['firehose', 'describe-delivery-stream', '--delivery-stream-name', 'cli-stream']);
  const description = described['DeliveryStreamDescription'] as { VersionId: string; Destinations: { ExtendedS3DestinationDescription: { Prefix: string } }[] };
  assert.equal(description.VersionId, '1');
  assert.equal(description.Destinations[0]!.ExtendedS3DestinationDescription.Prefix, 'cli/');
  const put = awsJson(['firehose', 'put-record', '--delivery-stream-name', 'cli-stream', '--record', 'Data=hello-from-cli']);
  assert.ok(typeof put['RecordId'] === 'string');
  await advance(60);
  const objects = awsJson(['s3api', 'list-objects-v2', '--bucket', 'cli-landing'])['Contents'] as { Key: string }[];
  assert.equal(objects.length, 1);
  assert.match(objects[0]!.Key, /^cli\/\d{4}\/\d\d\/\d\d\/\d\d\/cli-stream-1-/);
});

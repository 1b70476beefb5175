// Firehose under kill -9: a `kumo start` child on a data directory is SIGKILLed with acknowledged records still
// buffered, or with an object planned whose write failed; after the restart each record reaches S3 exactly once.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-firehose-durable-'));
let server: SpawnedKumo | undefined;

after(async () => {
  await server?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function clients(url: string): { firehose: FirehoseClient; s3: S3Client } {
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return { firehose: new FirehoseClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

async function advance(url: string, seconds: number): Promise<void> {
  const res = await fetch(`${url}/_kumo/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  assert.equal(res.status, 200, await res.text());
}

test('records acknowledged before kill -9 are delivered exactly once after the restart', async () => {
  server = await spawnKumo(['--data-dir', dataDir]);
  const first = clients(server.url);
  await first.s3.send(new CreateBucketCommand({ Bucket: 'durable-landing' }));
  await first.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'durable',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::000000000000:role/firehose',
        BucketARN: 'arn:aws:s3:::durable-landing',
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 5 },
      },
    }),
  );
  const expected: string[] = [];
  const batch = Array.from({ length: 100 }, (_v, i) => `{"i":${i}}\n`);
  const out = await first.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'durable', Records: batch.map((b) => ({ Data: Buffer.from(b) })) }));
  assert.equal(out.FailedPutCount, 0);
  expected.push(...batch);
  await first.firehose.send(new PutRecordCommand({ DeliveryStreamName: 'durable', Record: { Data: Buffer.from('{"last":true}\n') } }));
  expected.push('{"last":true}\n');
  first.firehose.destroy();
  first.s3.destroy();
  await server.stop('SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const second = clients(server.url);
  // Eager services load just after the listener opens: a first Firehose call makes sure it is running (and its
  // delivery component started) before the clock moves.
  await second.firehose.send(new ListDeliveryStreamsCommand({}));
  await advance(server.url, 300);
  const list = async () => ((await second.s3.send(new ListObjectsV2Command({ Bucket: 'durable-landing' }))).Contents ?? []).map((o) => o.Key!);
  const keys = await list();
  assert.equal(keys.length, 1, `one object: ${keys.join(', ')}`);
  const got = await second.s3.send(new GetObjectCommand({ Bucket: 'durable-landing', Key: keys[0]! }));
  assert.equal(await got.Body!.transformToString(), expected.join(''));
  await advance(server.url, 600);
  assert.deepEqual(await list(), keys, 'nothing is delivered twice');
  second.firehose.destroy();
  second.s3.destroy();
});

test('a delivery planned and failing when kill -9 lands completes once after the restart, when its bucket appears', async () => {
  await server?.stop('SIGKILL');
  server = await spawnKumo(['--data-dir', dataDir]);
  const first = clients(server.url);
  await first.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'inflight',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::000000000000:role/firehose',
        BucketARN: 'arn:aws:s3:::late-durable',
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 1 },
      },
    }),
  );
  await first.firehose.send(new PutRecordCommand({ DeliveryStreamName: 'inflight', Record: { Data: Buffer.from('planned before the kill\n') } }));
  // The interval passes: the object is planned (records and key committed) and its write fails on the missing bucket.
  await advance(server.url, 120);
  first.firehose.destroy();
  first.s3.destroy();
  await server.stop('SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const second = clients(server.url);
  await second.firehose.send(new ListDeliveryStreamsCommand({}));
  await second.s3.send(new CreateBucketCommand({ Bucket: 'late-durable' }));
  await advance(server.url, 120);
  const list = async () => ((await second.s3.send(new ListObjectsV2Command({ Bucket: 'late-durable' }))).Contents ?? []).map((o) => o.Key!);
  const keys = await list();
  assert.equal(keys.length, 1, `one object: ${keys.join(', ')}`);
  const got = await second.s3.send(new GetObjectCommand({ Bucket: 'late-durable', Key: keys[0]! }));
  assert.equal(await got.Body!.transformToString(), 'planned before the kill\n');
  await advance(server.url, 600);
  assert.deepEqual(await list(), keys);
  second.firehose.destroy();
  second.s3.destroy();
});

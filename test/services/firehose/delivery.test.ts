// Firehose delivery through the real SDK clients over loopback, driven by the runtime clock: records land in S3 as
// Firehose writes them when IntervalInSeconds passes or SizeInMBs fills, compressed, and survive a missing bucket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordBatchCommand,
  PutRecordCommand,
  UpdateDestinationCommand,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

const ROLE = 'arn:aws:iam::000000000000:role/firehose';

let kumo: TestKumo;
let firehose: FirehoseClient;
let s3: S3Client;

before(async () => {
  kumo = await startTestKumo();
  firehose = new FirehoseClient(kumo.clientConfig());
  s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
});

after(async () => {
  firehose.destroy();
  s3.destroy();
  await kumo.stop();
});

async function keys(bucket: string): Promise<string[]> {
  return ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!);
}

/**
 * The bucket's keys once at least `count` objects are there. A delivery a timer started just before the test moved
 * the clock may still be writing: each further clock second runs a delivery tick, which waits for it.
 */
async function delivered(bucket: string, count = 1): Promise<string[]> {
  for (let i = 0; i < 10; i++) {
    const found = await keys(bucket);
    if (found.length >= count) return found;
    await kumo.advance(1);
  }
  return keys(bucket);
}

async function body(bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

function utcParts(d: Date): string[] {
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours()].map((n) => String(n).padStart(2, '0'));
}

test('records are delivered as one object under YYYY/MM/DD/HH/ once IntervalInSeconds has passed', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'interval-landing' }));
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'interval',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::interval-landing', BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 5 } },
    }),
  );
  const ids = [];
  for (const n of [1, 2, 3]) ids.push((await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'interval', Record: { Data: Buffer.from(`{"n":${n}}\n`) } }))).RecordId);
  assert.equal(new Set(ids).size, 3);
  await kumo.advance(30);
  assert.deepEqual(await keys('interval-landing'), []);
  await kumo.advance(30);
  const [key, ...more] = await delivered('interval-landing');
  assert.deepEqual(more, []);
  const [y, m, d, h] = utcParts(new Date(Date.parse(kumo.clockNow().now) - 60_000));
  assert.match(key!, new RegExp(`^${y}/${m}/${d}/${h}/interval-1-${y}-${m}-${d}-${h}-\\d\\d-\\d\\d-[0-9a-f-]{36}$`));
  assert.equal((await body('interval-landing', key!)).toString(), '{"n":1}\n{"n":2}\n{"n":3}\n');
});

test('a full SizeInMBs buffer is delivered without waiting for the interval', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'size-landing' }));
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'size',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::size-landing', BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 1 } },
    }),
  );
  const record = { Data: Buffer.alloc(2048, 'z') };
  for (let i = 0; i < 2; i++) {
    const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'size', Records: Array.from({ length: 256 }, () => record) }));
    assert.equal(out.FailedPutCount, 0);
    assert.equal(out.RequestResponses?.length, 256);
  }
  // The full buffer was handed to the delivery component at once, without waiting for the 900 s interval.
  const [key] = await delivered('size-landing');
  assert.ok(key, 'the full buffer was delivered');
  assert.equal((await body('size-landing', key)).length, 1024 * 1024);
});

test('GZIP objects carry .gz, FileExtension and CustomTimeZone shape the key, and a custom prefix is evaluated', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'gzip-landing' }));
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'gzip',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE,
        BucketARN: 'arn:aws:s3:::gzip-landing',
        BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 },
        CompressionFormat: 'GZIP',
        Prefix: "events/!{timestamp:'year='yyyy}/",
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
        FileExtension: '.json.gz',
        CustomTimeZone: 'Asia/Tokyo',
      },
    }),
  );
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'gzip', Record: { Data: Buffer.from('{"zipped":true}\n') } }));
  const [key] = await delivered('gzip-landing');
  assert.match(key!, /^events\/year=\d{4}\/gzip-1-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9a-f-]{36}\.json\.gz$/);
  assert.equal(gunzipSync(await body('gzip-landing', key!)).toString(), '{"zipped":true}\n');
});

test('a missing bucket keeps the records, reports the failure after 24 hours, and delivers once the bucket exists', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'nobucket',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::late-landing', BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 1 } },
    }),
  );
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'nobucket', Record: { Data: Buffer.from('kept\n') } }));
  await kumo.advance(120);
  const describe = async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nobucket' }))).DeliveryStreamDescription!;
  assert.equal((await describe()).FailureDescription, undefined, 'still within the retry window');
  await kumo.advance(24 * 3600);
  const failed = await describe();
  assert.equal(failed.FailureDescription?.Type, 'UNKNOWN_ERROR');
  assert.match(failed.FailureDescription?.Details ?? '', /late-landing.*S3\.NoSuchBucket/);
  await s3.send(new CreateBucketCommand({ Bucket: 'late-landing' }));
  await kumo.advance(60);
  const [key] = await delivered('late-landing');
  assert.equal((await body('late-landing', key!)).toString(), 'kept\n');
  assert.equal((await describe()).FailureDescription, undefined);
});

test('after UpdateDestination the next object carries the new version, prefix and compression', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'update-landing' }));
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'updated',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::update-landing', BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 1 } },
    }),
  );
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'updated', Record: { Data: Buffer.from('v1\n') } }));
  await kumo.advance(60);
  await firehose.send(
    new UpdateDestinationCommand({
      DeliveryStreamName: 'updated',
      CurrentDeliveryStreamVersionId: '1',
      DestinationId: 'destinationId-000000000001',
      ExtendedS3DestinationUpdate: { Prefix: 'v2/', CompressionFormat: 'GZIP' },
    }),
  );
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'updated', Record: { Data: Buffer.from('v2\n') } }));
  await kumo.advance(60);
  const all = await delivered('update-landing', 2);
  assert.equal(all.length, 2);
  const first = all.find((k) => !k.startsWith('v2/'))!;
  const second = all.find((k) => k.startsWith('v2/'))!;
  assert.match(first, /\/updated-1-/);
  assert.match(second, /^v2\/\d{4}\/\d\d\/\d\d\/\d\d\/updated-2-.*\.gz$/);
  assert.equal((await body('update-landing', first)).toString(), 'v1\n');
  assert.equal(gunzipSync(await body('update-landing', second)).toString(), 'v2\n');
});

// Firehose's control plane through the real @aws-sdk/client-firehose over loopback: create (CREATING → ACTIVE),
// describe, list, update with its version check, tags, encryption, delete, and AWS's errors with their statuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  UpdateDestinationCommand,
} from '@aws-sdk/client-firehose';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

const S3 = { RoleARN: 'arn:aws:iam::000000000000:role/firehose', BucketARN: 'arn:aws:s3:::landing' };

let kumo: TestKumo;
let firehose: FirehoseClient;

before(async () => {
  kumo = await startTestKumo();
  firehose = new FirehoseClient(kumo.clientConfig());
});

after(async () => {
  firehose.destroy();
  await kumo.stop();
});

test('CreateDeliveryStream answers the ARN; the stream is CREATING and then ACTIVE with AWS defaults', async () => {
  const out = await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-create', ExtendedS3DestinationConfiguration: S3 }));
  assert.equal(out.DeliveryStreamARN, 'arn:aws:firehose:us-east-1:000000000000:deliverystream/cp-create');
  const first = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-create' }))).DeliveryStreamDescription!;
  assert.equal(first.DeliveryStreamStatus, 'CREATING');
  await kumo.advance(1);
  const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-create' }))).DeliveryStreamDescription!;
  assert.equal(d.DeliveryStreamStatus, 'ACTIVE');
  assert.equal(d.DeliveryStreamType, 'DirectPut');
  assert.equal(d.VersionId, '1');
  assert.equal(d.HasMoreDestinations, false);
  assert.ok(d.CreateTimestamp instanceof Date);
  const dest = d.Destinations![0]!;
  assert.equal(dest.DestinationId, 'destinationId-000000000001');
  assert.deepEqual(dest.ExtendedS3DestinationDescription?.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 300 });
  assert.equal(dest.ExtendedS3DestinationDescription?.CompressionFormat, 'UNCOMPRESSED');
  assert.deepEqual(dest.S3DestinationDescription?.EncryptionConfiguration, { NoEncryptionConfig: 'NoEncryption' });
});

test('a taken name answers ResourceInUseException and a missing stream ResourceNotFoundException', async () => {
  await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-taken', S3DestinationConfiguration: S3 }));
  await assertAwsError(firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-taken', S3DestinationConfiguration: S3 })), {
    code: 'ResourceInUseException',
    status: 400,
    message: 'Firehose cp-taken under accountId 000000000000 already exists',
  });
  await assertAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-missing' })), {
    code: 'ResourceNotFoundException',
    status: 400,
    message: 'Firehose cp-missing under account 000000000000 not found.',
  });
});

test('model constraints answer ValidationException: names, buffering ranges, batch size', async () => {
  await assertAwsError(firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad name', S3DestinationConfiguration: S3 })), {
    code: 'ValidationException',
    status: 400,
    message: /Value 'bad name' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  });
  await assertAwsError(
    firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-hints', ExtendedS3DestinationConfiguration: { ...S3, BufferingHints: { SizeInMBs: 129 } } })),
    { code: 'ValidationException', status: 400, message: /Member must have value less than or equal to 128/ },
  );
  await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-batch', S3DestinationConfiguration: S3 }));
  const records = Array.from({ length: 501 }, () => ({ Data: new Uint8Array([1]) }));
  await assertAwsError(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'cp-batch', Records: records })), {
    code: 'ValidationException',
    status: 400,
    message: /Member must have length less than or equal to 500/,
  });
});

test('prefix rules answer InvalidArgumentException and unsupported features NotImplemented (501)', async () => {
  await assertAwsError(
    firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-prefix', ExtendedS3DestinationConfiguration: { ...S3, Prefix: 'a/!{timestamp:yyyy}/' } })),
    { code: 'InvalidArgumentException', status: 400, message: /ErrorOutputPrefix cannot be null or empty/ },
  );
  await assertAwsError(
    firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-kinesis', DeliveryStreamType: 'KinesisStreamAsSource', ExtendedS3DestinationConfiguration: S3 })),
    { code: 'NotImplemented', status: 501, message: /Kinesis Data Streams as source/ },
  );
  await assertAwsError(
    firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'cp-lambda',
        ExtendedS3DestinationConfiguration: { ...S3, ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' }] } },
      }),
    ),
    { code: 'NotImplemented', status: 501, message: /Lambda/ },
  );
});

test('ListDeliveryStreams pages in name order and filters by type', async () => {
  for (const n of ['ls-c', 'ls-a', 'ls-b']) await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: n, S3DestinationConfiguration: S3 }));
  const page = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 2, ExclusiveStartDeliveryStreamName: 'ls' }));
  assert.deepEqual(page.DeliveryStreamNames, ['ls-a', 'ls-b']);
  assert.equal(page.HasMoreDeliveryStreams, true);
  const rest = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 2, ExclusiveStartDeliveryStreamName: 'ls-b' }));
  assert.deepEqual(rest.DeliveryStreamNames, ['ls-c']);
  const none = await firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }));
  assert.deepEqual(none.DeliveryStreamNames, []);
});

test('UpdateDestination requires the current version id and bumps it', async () => {
  await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-update', ExtendedS3DestinationConfiguration: S3 }));
  const base = { DeliveryStreamName: 'cp-update', DestinationId: 'destinationId-000000000001' };
  await assertAwsError(
    firehose.send(new UpdateDestinationCommand({ ...base, CurrentDeliveryStreamVersionId: '7', ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP' } })),
    { code: 'ConcurrentModificationException', status: 400 },
  );
  await firehose.send(new UpdateDestinationCommand({ ...base, CurrentDeliveryStreamVersionId: '1', ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP', BufferingHints: { IntervalInSeconds: 0 } } }));
  const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-update' }))).DeliveryStreamDescription!;
  assert.equal(d.VersionId, '2');
  assert.equal(d.Destinations![0]!.ExtendedS3DestinationDescription?.CompressionFormat, 'GZIP');
  assert.deepEqual(d.Destinations![0]!.ExtendedS3DestinationDescription?.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 0 });
  assert.ok(d.LastUpdateTimestamp instanceof Date);
});

test('tags, as recorded by AWS: list, remove, add, list', async () => {
  // aws-recordings/firehose test_firehose.snapshot.json test_resource_tagging.
  await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-tags', S3DestinationConfiguration: S3, Tags: [{ Key: 'subject', Value: 'taboo' }] }));
  const list = () => firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'cp-tags' }));
  const one = await list();
  assert.deepEqual([one.Tags, one.HasMoreTags], [[{ Key: 'subject', Value: 'taboo' }], false]);
  await firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 'cp-tags', TagKeys: ['subject'] }));
  const two = await list();
  assert.deepEqual([two.Tags, two.HasMoreTags], [[], false]);
  await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'cp-tags', Tags: [{ Key: 'feeling', Value: 'uncomfortable' }] }));
  const three = await list();
  assert.deepEqual([three.Tags, three.HasMoreTags], [[{ Key: 'feeling', Value: 'uncomfortable' }], false]);
});

test('server-side encryption settings are stored and shown; delete removes the stream', async () => {
  await firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'cp-sse', S3DestinationConfiguration: S3 }));
  await firehose.send(
    new StartDeliveryStreamEncryptionCommand({
      DeliveryStreamName: 'cp-sse',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: 'arn:aws:kms:us-east-1:000000000000:key/k1' },
    }),
  );
  const on = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-sse' }))).DeliveryStreamDescription!;
  assert.deepEqual(on.DeliveryStreamEncryptionConfiguration, { KeyARN: 'arn:aws:kms:us-east-1:000000000000:key/k1', KeyType: 'CUSTOMER_MANAGED_CMK', Status: 'ENABLED' });
  await firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'cp-sse' }));
  const off = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-sse' }))).DeliveryStreamDescription!;
  assert.equal(off.DeliveryStreamEncryptionConfiguration?.Status, 'DISABLED');
  await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'cp-sse' }));
  await assertAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'cp-sse' })), { code: 'ResourceNotFoundException', status: 400 });
});

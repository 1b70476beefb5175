// Unit tests for S3 destination configurations: defaults as Firehose describes them, updates, refusals and the
// features kumo answers NotImplemented for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { bucketFromArn, describeExtendedS3, describeS3, newS3Destination, updateS3Destination } from './destination.js';

const BASE = { RoleARN: 'arn:aws:iam::000000000000:role/firehose', BucketARN: 'arn:aws:s3:::my-bucket' };

test('a minimal destination gets the defaults DescribeDeliveryStream shows', () => {
  const d = newS3Destination(BASE);
  assert.deepEqual(describeExtendedS3(d), {
    ...BASE,
    BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
    CompressionFormat: 'UNCOMPRESSED',
    EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
    CloudWatchLoggingOptions: { Enabled: false },
    S3BackupMode: 'Disabled',
  });
  assert.equal(describeS3(d).BucketARN, BASE.BucketARN);
  assert.equal(bucketFromArn(BASE.BucketARN), 'my-bucket');
});

test('an update replaces the members it names and keeps the rest', () => {
  const d = newS3Destination({ ...BASE, Prefix: 'a/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } });
  const u = updateS3Destination(d, { CompressionFormat: 'GZIP', BufferingHints: { IntervalInSeconds: 0 }, CustomTimeZone: 'Asia/Tokyo' });
  assert.equal(u.Prefix, 'a/');
  assert.equal(u.CompressionFormat, 'GZIP');
  assert.deepEqual(u.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 0 });
  assert.equal(u.CustomTimeZone, 'Asia/Tokyo');
});

test('prefix rules and unknown time zones are refused with InvalidArgumentException', () => {
  const invalid = (e: unknown): boolean => isAwsError(e) && e.code === 'InvalidArgumentException';
  assert.throws(() => newS3Destination({ ...BASE, Prefix: '!{timestamp:yyyy}/' }), invalid);
  assert.throws(() => newS3Destination({ ...BASE, CustomTimeZone: 'Mars/Olympus_Mons' }), invalid);
});

test('Lambda processing, format conversion, dynamic partitioning, backup and KMS answer NotImplemented naming the feature', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' }] } }, 'Lambda'],
    [{ DataFormatConversionConfiguration: { Enabled: true } }, 'record format conversion'],
    [{ DynamicPartitioningConfiguration: { Enabled: true } }, 'dynamic partitioning'],
    [{ S3BackupMode: 'Enabled' }, 'backup'],
    [{ EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: 'arn:aws:kms:us-east-1:000000000000:key/x' } } }, 'KMS'],
  ];
  for (const [extra, feature] of cases) {
    assert.throws(
      () => newS3Destination({ ...BASE, ...extra }),
      (e: unknown) => isAwsError(e) && e.status === 501 && e.message.includes(feature),
    );
  }
  assert.doesNotThrow(() => newS3Destination({ ...BASE, DataFormatConversionConfiguration: { Enabled: false } }));
});

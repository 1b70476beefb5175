// SDK v3 tests for lifecycle transitions: Transitions and NoncurrentVersionTransitions are stored, refused as S3 refuses
// them, and applied by the lifecycle runner on the runtime clock (the storage class moves down, never back up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, GetBucketLifecycleConfigurationCommand, GetObjectCommand, HeadObjectCommand, PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand, PutObjectCommand, type LifecycleRule,
} from '@aws-sdk/client-s3';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3();
const DAY = 24 * 3600;


async function bucketWith(rules: LifecycleRule[], versioned = false): Promise<string> {
  const bucket = uniqueBucket('transition');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (versioned) await h.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await h.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules } }));
  return bucket;
}

async function classOf(bucket: string, key: string, versionId?: string): Promise<string> {
  return (await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }))).StorageClass ?? 'STANDARD';
}

test('a current version moves to GLACIER at its transition day, then GET needs a restore', async () => {
  const rules: LifecycleRule[] = [{
    ID: 'tiering', Status: 'Enabled', Filter: { Prefix: 'logs/' },
    Transitions: [{ Days: 1, StorageClass: 'GLACIER' }],
  }];
  const bucket = await bucketWith(rules);
  const stored = await h.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
  assert.deepEqual(stored.Rules?.[0]?.Transitions, rules[0]!.Transitions);
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/a', Body: 'a' }));
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/b', Body: 'b' }));
  assert.equal(await classOf(bucket, 'logs/a'), 'STANDARD');
  await h.kumo.advance(2 * DAY);
  assert.equal(await classOf(bucket, 'logs/a'), 'GLACIER');
  assert.equal(await classOf(bucket, 'keep/b'), 'STANDARD');
  await assertAwsError(h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'logs/a' })), { code: 'InvalidObjectState', status: 403 });
});

test('noncurrent versions transition NoncurrentDays after they were replaced; an object already colder is left alone', async () => {
  const bucket = await bucketWith([{ ID: 'old', Status: 'Enabled', Filter: {}, NoncurrentVersionTransitions: [{ NoncurrentDays: 1, StorageClass: 'GLACIER_IR' }] }], true);
  const v1 = (await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one' }))).VersionId!;
  const v2 = (await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two' }))).VersionId!;
  const deep = (await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'deep', Body: 'x', StorageClass: 'DEEP_ARCHIVE' }))).VersionId!;
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'deep', Body: 'y' }));
  await h.kumo.advance(2 * DAY);
  assert.equal(await classOf(bucket, 'k', v1), 'GLACIER_IR');
  assert.equal(await classOf(bucket, 'k', v2), 'STANDARD');
  assert.equal(await classOf(bucket, 'deep', deep), 'DEEP_ARCHIVE');
});

test('transitions S3 refuses: unknown class, Days with Date, IA before 30 days, Prefix and Tag outside And', async () => {
  const bucket = uniqueBucket('transition');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const put = (rule: Partial<LifecycleRule>): Promise<unknown> => h.s3.send(new PutBucketLifecycleConfigurationCommand({
    Bucket: bucket, LifecycleConfiguration: { Rules: [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: '' }, ...rule }] },
  }));
  await assertAwsError(put({ Transitions: [{ Days: 10, StorageClass: 'STANDARD' as 'GLACIER' }] }), { code: 'MalformedXML', status: 400 });
  await assertAwsError(put({ Transitions: [{ Days: 10, Date: new Date('2030-01-01T00:00:00Z'), StorageClass: 'GLACIER' }] }), { code: 'MalformedXML', status: 400 });
  await assertAwsError(put({ Transitions: [{ Days: 10, StorageClass: 'STANDARD_IA' }] }), {
    code: 'InvalidArgument', status: 400, message: "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'",
  });
  await assertAwsError(put({ Transitions: [{ Days: 60, StorageClass: 'GLACIER' }], Expiration: { Days: 30 } }), { code: 'InvalidArgument', status: 400 });
  await assertAwsError(put({ Filter: { Prefix: 'a/', Tag: { Key: 'k', Value: 'v' } } }), { code: 'MalformedXML', status: 400 });
  await assertAwsError(h.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })), { code: 'NoSuchLifecycleConfiguration', status: 404 });
});

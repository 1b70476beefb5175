// SDK v3 tests for S3 Object Lock: lock-enabled buckets, default retention, retention and legal hold per version, and
// their enforcement on deletes, with expiry driven by the runtime clock. Codes from test_s3*.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetBucketVersioningCommand,
  GetObjectLegalHoldCommand, GetObjectLockConfigurationCommand, GetObjectRetentionCommand, HeadObjectCommand, PutObjectCommand,
  PutObjectLegalHoldCommand, PutObjectLockConfigurationCommand, PutObjectRetentionCommand, DeleteObjectsCommand,
  AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3();
const HOUR = 3_600_000;
const PROTECTED = { code: 'AccessDenied', status: 403, message: 'Access Denied because object protected by object lock.' };


/** A whole-second date `ms` from now (S3 dates on the wire carry seconds). */
function future(ms: number): Date {
  return new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
}

async function lockedBucket(): Promise<string> {
  const bucket = uniqueBucket('lock');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  return bucket;
}

async function put(bucket: string, key: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}): Promise<string> {
  const out = await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'data', ...extra }));
  assert.ok(out.VersionId);
  return out.VersionId;
}

test('CreateBucket with object lock enabled turns versioning on and answers the lock configuration', async () => {
  const bucket = await lockedBucket();
  assert.equal((await h.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled');
  assert.deepEqual((await h.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))).ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled' });
});

test('PutObjectLockConfiguration stores a default retention that new versions get, in Days or Years', async () => {
  const bucket = await lockedBucket();
  await h.s3.send(new PutObjectLockConfigurationCommand({
    Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
  }));
  const got = await h.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
  assert.deepEqual(got.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } });
  const v = await put(bucket, 'k');
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v }));
  assert.equal(head.ObjectLockMode, 'GOVERNANCE');
  const until = head.ObjectLockRetainUntilDate?.getTime() ?? 0;
  assert.ok(until > Date.now() + 23 * HOUR && until < Date.now() + 25 * HOUR + 60_000, `retain until ${head.ObjectLockRetainUntilDate?.toISOString()}`);

  await h.s3.send(new PutObjectLockConfigurationCommand({
    Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } },
  }));
  const v2 = await put(bucket, 'k2');
  const r = await h.s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: 'k2', VersionId: v2 }));
  assert.equal(r.Retention?.Mode, 'COMPLIANCE');
  assert.ok((r.Retention?.RetainUntilDate?.getTime() ?? 0) > Date.now() + 364 * 24 * HOUR);
});

test('PutObjectLockConfiguration refuses bad documents, missing bodies and buckets without versioning', async () => {
  const bucket = await lockedBucket();
  const malformed = { code: 'MalformedXML', status: 400 };
  await assertAwsError(h.s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: {} })), malformed);
  await assertAwsError(h.s3.send(new PutObjectLockConfigurationCommand({
    Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1, Years: 1 } } },
  })), malformed);
  await assertAwsError(h.s3.send(new PutObjectLockConfigurationCommand({
    Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE' } } },
  })), malformed);
  await assertAwsError(h.s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket })),
    { code: 'MissingRequestBodyError', status: 400, message: 'Request Body is empty' });
  const plain = uniqueBucket('plain');
  await h.s3.send(new CreateBucketCommand({ Bucket: plain }));
  await assertAwsError(h.s3.send(new PutObjectLockConfigurationCommand({ Bucket: plain, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })),
    { code: 'InvalidBucketState', status: 409, message: "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration" });
  await assertAwsError(put(plain, 'k', { ObjectLockLegalHoldStatus: 'ON' }),
    { code: 'InvalidRequest', status: 400, message: 'Bucket is missing Object Lock Configuration' });
  await assertAwsError(h.s3.send(new DeleteObjectCommand({ Bucket: plain, Key: 'k', BypassGovernanceRetention: true })),
    { code: 'InvalidArgument', status: 400, message: 'x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.' });
});

test('PutObject lock headers: mode and date together, a known mode, and the lock shows on HEAD', async () => {
  const bucket = await lockedBucket();
  const until = future(HOUR);
  await assertAwsError(put(bucket, 'k', { ObjectLockMode: 'GOVERNANCE' }),
    { code: 'InvalidArgument', status: 400, message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied' });
  await assertAwsError(put(bucket, 'k', { ObjectLockMode: 'BAD-VALUE' as 'GOVERNANCE', ObjectLockRetainUntilDate: until }),
    { code: 'InvalidArgument', status: 400, message: 'Unknown wormMode directive.' });
  await assertAwsError(h.s3.send(new CreateMultipartUploadCommand({
    Bucket: bucket, Key: 'mpu', ObjectLockMode: 'BAD-VALUE' as 'GOVERNANCE', ObjectLockRetainUntilDate: until,
  })), { code: 'InvalidArgument', status: 400, message: 'Unknown wormMode directive.' });
  const v = await put(bucket, 'k', { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until, ObjectLockLegalHoldStatus: 'ON' });
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v }));
  assert.equal(head.ObjectLockMode, 'GOVERNANCE');
  assert.equal(head.ObjectLockRetainUntilDate?.getTime(), until.getTime());
  assert.equal(head.ObjectLockLegalHoldStatus, 'ON');
  const mpu = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mpu', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until }));
  await h.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'mpu', UploadId: mpu.UploadId }));
  // A copy carries its own lock, not the source's (test_s3_copy_object_retention_lock head-dest-key).
  const copy = await h.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/k?versionId=${v}` }));
  const copied = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy', VersionId: copy.VersionId }));
  assert.equal(copied.ObjectLockMode, undefined);
  assert.equal(copied.ObjectLockLegalHoldStatus, undefined);
});

test('GOVERNANCE retention blocks deleting a version until bypassed; a delete marker is still allowed', async () => {
  const bucket = await lockedBucket();
  const v = await put(bucket, 'k', { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: future(HOUR) });
  await assertAwsError(h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v })), PROTECTED);
  const marker = await h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
  assert.equal(marker.DeleteMarker, true);
  const batch = await h.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'k', VersionId: v }] } }));
  assert.equal(batch.Errors?.[0]?.Code, 'AccessDenied');
  const out = await h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v, BypassGovernanceRetention: true }));
  assert.equal(out.VersionId, v);
});

test('GOVERNANCE retention: extending is free, shortening needs the bypass header, an empty retention removes it', async () => {
  const bucket = await lockedBucket();
  const v = await put(bucket, 'k');
  await assertAwsError(h.s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v })),
    { code: 'NoSuchObjectLockConfiguration', status: 404, message: 'The specified object does not have a ObjectLock configuration' });
  const later = future(2 * HOUR);
  await h.s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: future(HOUR) } }));
  await h.s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: later } }));
  const got = await h.s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v }));
  assert.deepEqual(got.Retention, { Mode: 'GOVERNANCE', RetainUntilDate: later });
  await assertAwsError(h.s3.send(new PutObjectRetentionCommand({
    Bucket: bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: future(HOUR) },
  })), PROTECTED);
  await assertAwsError(h.s3.send(new PutObjectRetentionCommand({
    Bucket: bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.UTC(2019, 11, 31)) },
  })), { code: 'InvalidArgument', status: 400, message: 'The retain until date must be in the future!' });
  await assertAwsError(h.s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE' } })),
    { code: 'MalformedXML', status: 400 });
  await h.s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v, Retention: {}, BypassGovernanceRetention: true }));
  await h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v }));
});

test('COMPLIANCE retention cannot be shortened or bypassed, and lapses on the runtime clock', async () => {
  const bucket = await lockedBucket();
  const v = await put(bucket, 'k');
  await h.s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: 'k', VersionId: v, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: future(2 * HOUR) } }));
  await assertAwsError(h.s3.send(new PutObjectRetentionCommand({
    Bucket: bucket, Key: 'k', VersionId: v, BypassGovernanceRetention: true, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: future(HOUR) },
  })), PROTECTED);
  await assertAwsError(h.s3.send(new PutObjectRetentionCommand({
    Bucket: bucket, Key: 'k', VersionId: v, BypassGovernanceRetention: true, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: future(3 * HOUR) },
  })), PROTECTED);
  await assertAwsError(h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v, BypassGovernanceRetention: true })), PROTECTED);
  await h.kumo.advance(3 * 3600);
  assert.equal((await h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v }))).VersionId, v);
});

test('A legal hold blocks deleting a version, even with the bypass header, until it is removed', async () => {
  const bucket = await lockedBucket();
  const v = await put(bucket, 'k');
  await assertAwsError(h.s3.send(new GetObjectLegalHoldCommand({ Bucket: bucket, Key: 'k', VersionId: v })),
    { code: 'NoSuchObjectLockConfiguration', status: 404 });
  await assertAwsError(h.s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: 'k', VersionId: v, LegalHold: {} })), { code: 'MalformedXML', status: 400 });
  await h.s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: 'k', VersionId: v, LegalHold: { Status: 'ON' } }));
  assert.equal((await h.s3.send(new GetObjectLegalHoldCommand({ Bucket: bucket, Key: 'k', VersionId: v }))).LegalHold?.Status, 'ON');
  await assertAwsError(h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v, BypassGovernanceRetention: true })), PROTECTED);
  await h.s3.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: 'k', VersionId: v, LegalHold: { Status: 'OFF' } }));
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v }))).ObjectLockLegalHoldStatus, 'OFF');
  await h.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v }));
  const plain = uniqueBucket('plain');
  await h.s3.send(new CreateBucketCommand({ Bucket: plain }));
  await assertAwsError(h.s3.send(new GetObjectLegalHoldCommand({ Bucket: plain, Key: 'k' })),
    { code: 'InvalidRequest', status: 400, message: 'Bucket is missing Object Lock Configuration' });
});

// SDK v3 tests for S3 archive restore: GLACIER / DEEP_ARCHIVE objects refuse GET and copy until RestoreObject's copy is
// ready (KUMO_S3_RESTORE_SECONDS on the runtime clock), x-amz-restore reports progress and expiry, and the copy expires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, RestoreObjectCommand,
} from '@aws-sdk/client-s3';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueBucket, useS3 } from './s3-support.js';
import { restoreExpiry, restoreHeader } from '../../../src/services/s3/objects/restore.js';

const RESTORE_SECONDS = 4 * 3600;
const h = useS3({ config: { s3RestoreSeconds: RESTORE_SECONDS } });

test('an archived object refuses GET and copy, restores after KUMO_S3_RESTORE_SECONDS, and expires Days later', async () => {
  const bucket = uniqueBucket('archive');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cold', Body: 'frozen bytes', StorageClass: 'DEEP_ARCHIVE' }));
  await assertAwsError(h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' })),
    { code: 'InvalidObjectState', status: 403, message: "The operation is not valid for the object's storage class" });
  await assertAwsError(h.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/cold` })),
    { code: 'ObjectNotInActiveTierError', status: 403 });
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cold' }))).Restore, undefined);

  const started = await h.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Bulk' } } }));
  assert.equal(started.$metadata.httpStatusCode, 202);
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cold' }))).Restore, 'ongoing-request="true"');
  await assertAwsError(h.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 2 } })),
    { code: 'RestoreAlreadyInProgress', status: 409, message: 'Object restore is already in progress' });
  await assertAwsError(h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' })), { code: 'InvalidObjectState', status: 403 });

  await h.kumo.advance(RESTORE_SECONDS);
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cold' }));
  assert.match(head.Restore ?? '', /^ongoing-request="false", expiry-date="\w{3}, \d{2} \w{3} \d{4} 00:00:00 GMT"$/);
  assert.equal(head.StorageClass, 'DEEP_ARCHIVE');
  const got = await h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' }));
  assert.equal(await got.Body?.transformToString(), 'frozen bytes');
  assert.equal(got.Restore, head.Restore);
  // A copy of the restored object is a STANDARD object of its own.
  await h.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'warm', CopySource: `${bucket}/cold` }));
  const warm = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'warm' }));
  assert.equal(warm.StorageClass, undefined);
  assert.equal(warm.Restore, undefined);
  // Restoring a restored copy again moves its expiry: 200, not 202.
  const extended = await h.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: { Days: 5 } }));
  assert.equal(extended.$metadata.httpStatusCode, 200);

  await h.kumo.advance(6 * 24 * 3600);
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cold' }))).Restore, undefined);
  await assertAwsError(h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold' })), { code: 'InvalidObjectState', status: 403 });
});

test('RestoreObject on an object that is not archived is InvalidObjectState; Days is required', async () => {
  const bucket = uniqueBucket('archive');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hot', Body: 'x' }));
  await assertAwsError(h.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'hot', RestoreRequest: { Days: 1 } })),
    { code: 'InvalidObjectState', status: 403, message: "Restore is not allowed for the object's current storage class" });
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cold', Body: 'x', StorageClass: 'GLACIER' }));
  await assertAwsError(h.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'cold', RestoreRequest: {} })), { code: 'MalformedXML', status: 400 });
  await assertAwsError(h.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: 'missing', RestoreRequest: { Days: 1 } })), { code: 'NoSuchKey', status: 404 });
});

test('restore expiry is Days after completion rounded up to midnight UTC; the header follows the state', () => {
  const ready = Date.UTC(2026, 0, 10, 15, 30);
  assert.equal(new Date(restoreExpiry(ready, 1)).toISOString(), '2026-01-12T00:00:00.000Z');
  const meta = { restore: { readyAt: ready, expiresAt: restoreExpiry(ready, 1) } };
  assert.equal(restoreHeader(meta, ready - 1), 'ongoing-request="true"');
  assert.equal(restoreHeader(meta, ready), 'ongoing-request="false", expiry-date="Mon, 12 Jan 2026 00:00:00 GMT"');
  assert.equal(restoreHeader(meta, restoreExpiry(ready, 1)), undefined);
});

// SDK v3 tests for S3 answers that must match AWS's exactly (issue 25, "Answers that differ"): stored Content-Encoding,
// idempotent CompleteMultipartUpload, ListParts argument checks, tag rules, in-place version copies, SSE-KMS echo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, GetBucketReplicationCommand, PutBucketReplicationCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetBucketTaggingCommand,
  GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListPartsCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand,
  PutObjectTaggingCommand, UploadPartCommand, PutBucketNotificationConfigurationCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { gzipSync } from 'node:zlib';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3({ bucket: 'answers' });

test('Content-Encoding: gzip is kept as metadata, returned on GET and HEAD, and the body is not decoded', async () => {
  const gz = gzipSync(Buffer.from('hello gzip'));
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'gz', Body: gz, ContentEncoding: 'gzip' }));
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'gz' }))).ContentEncoding, 'gzip');
  const got = await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'gz' }));
  assert.equal(got.ContentEncoding, 'gzip');
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), gz);
});

test('CompleteMultipartUpload repeated after completion answers the same ETag, with an absolute Location', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'mp/one' }));
  const part = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'mp/one', UploadId, PartNumber: 1, Body: 'part one' }));
  const complete = () => h.s3.send(new CompleteMultipartUploadCommand({
    Bucket: h.bucket, Key: 'mp/one', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
  }));
  const first = await complete();
  assert.match(first.Location ?? '', new RegExp(`^http://[^/]+/${h.bucket}/mp%2Fone$`));
  const again = await complete();
  assert.equal(again.ETag, first.ETag);
  assert.equal(again.Location, first.Location);
  await assertAwsError(h.s3.send(new CompleteMultipartUploadCommand({
    Bucket: h.bucket, Key: 'mp/one', UploadId: 'not-an-upload', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
  })), { code: 'NoSuchUpload', status: 404 });
});

test('ListParts rejects negative or over-int32 max-parts and part-number-marker', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'mp/two' }));
  const invalid = { code: 'InvalidArgument', status: 400 };
  await assertAwsError(h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp/two', UploadId, MaxParts: -1 })),
    { ...invalid, message: 'Argument max-parts must be an integer between 0 and 2147483647' });
  await assertAwsError(h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp/two', UploadId, MaxParts: 2147483648 })), invalid);
  await assertAwsError(h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp/two', UploadId, PartNumberMarker: '-1' })),
    { ...invalid, message: 'Argument part-number-marker must be an integer between 0 and 2147483647' });
  await assertAwsError(h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp/two', UploadId, PartNumberMarker: '2147483648' })), invalid);
  const ok = await h.s3.send(new ListPartsCommand({ Bucket: h.bucket, Key: 'mp/two', UploadId, MaxParts: 0 }));
  assert.equal(ok.Parts, undefined);
});

test('Tag keys prefixed with aws: are refused; an empty TagSet removes the bucket tags', async () => {
  await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'tagged', Body: 'x' }));
  await assertAwsError(h.s3.send(new PutObjectTaggingCommand({ Bucket: h.bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'aws:prefixed', Value: 'v' }] } })),
    { code: 'InvalidTag', status: 400, message: 'Your TagKey cannot be prefixed with aws:' });
  const put = await h.s3.send(new PutBucketTaggingCommand({ Bucket: h.bucket, Tagging: { TagSet: [{ Key: 'team', Value: 'a' }] } }));
  assert.equal(put.$metadata.httpStatusCode, 204);
  assert.equal((await h.s3.send(new GetBucketTaggingCommand({ Bucket: h.bucket }))).TagSet?.length, 1);
  await h.s3.send(new PutBucketTaggingCommand({ Bucket: h.bucket, Tagging: { TagSet: [] } }));
  await assertAwsError(h.s3.send(new GetBucketTaggingCommand({ Bucket: h.bucket })), { code: 'NoSuchTagSet', status: 404 });
});

test('CopyObject onto itself is legal with a source VersionId; a copy is STANDARD unless a storage class is given', async () => {
  const versioned = uniqueBucket('copyself');
  await h.s3.send(new CreateBucketCommand({ Bucket: versioned }));
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }));
  const v1 = await h.s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'one', StorageClass: 'STANDARD_IA' }));
  await h.s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'k', Body: 'two' }));
  await assertAwsError(h.s3.send(new CopyObjectCommand({ Bucket: versioned, Key: 'k', CopySource: `${versioned}/k` })), { code: 'InvalidRequest', status: 400 });
  await h.s3.send(new CopyObjectCommand({ Bucket: versioned, Key: 'k', CopySource: `${versioned}/k?versionId=${v1.VersionId}` }));
  const got = await h.s3.send(new GetObjectCommand({ Bucket: versioned, Key: 'k' }));
  assert.equal(await got.Body!.transformToString(), 'one');
  assert.equal(got.StorageClass, undefined);
  await h.s3.send(new CopyObjectCommand({ Bucket: versioned, Key: 'ia', CopySource: `${versioned}/k`, StorageClass: 'STANDARD_IA' }));
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: versioned, Key: 'ia' }))).StorageClass, 'STANDARD_IA');
});

test('SSE-KMS: the key is echoed as an ARN on PutObject, GET, HEAD and through a multipart upload', async () => {
  const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
  const arn = `arn:aws:kms:us-east-1:000000000000:key/${keyId}`;
  const put = await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'kms', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId }));
  assert.equal(put.ServerSideEncryption, 'aws:kms');
  assert.equal(put.SSEKMSKeyId, arn);
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'kms' }))).SSEKMSKeyId, arn);
  assert.equal((await h.s3.send(new GetObjectCommand({ Bucket: h.bucket, Key: 'kms' }))).SSEKMSKeyId, arn);
  const mpu = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'kms-mp', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: arn }));
  assert.equal(mpu.ServerSideEncryption, 'aws:kms');
  assert.equal(mpu.SSEKMSKeyId, arn);
  const part = await h.s3.send(new UploadPartCommand({ Bucket: h.bucket, Key: 'kms-mp', UploadId: mpu.UploadId, PartNumber: 1, Body: 'p' }));
  assert.equal(part.SSEKMSKeyId, arn);
  const done = await h.s3.send(new CompleteMultipartUploadCommand({
    Bucket: h.bucket, Key: 'kms-mp', UploadId: mpu.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
  }));
  assert.equal(done.ServerSideEncryption, 'aws:kms');
  assert.equal(done.SSEKMSKeyId, arn);
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'kms-mp' }))).SSEKMSKeyId, arn);
});

test('HeadBucket answers Content-Type: application/xml', async () => {
  const client = h.client('us-east-1');
  let headers: Record<string, string> = {};
  client.middlewareStack.add((next) => async (args) => {
    const result = await next(args);
    headers = (result.response as { headers: Record<string, string> }).headers;
    return result;
  }, { step: 'deserialize' });
  await client.send(new HeadBucketCommand({ Bucket: h.bucket }));
  assert.equal(headers['content-type'], 'application/xml');
});

test('CompleteMultipartUpload without a document is MalformedXML; If-Match matches an ETag missing a quote', async () => {
  const { UploadId } = await h.s3.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: 'mp/three' }));
  await assertAwsError(h.s3.send(new CompleteMultipartUploadCommand({ Bucket: h.bucket, Key: 'mp/three', UploadId })),
    { code: 'MalformedXML', status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema' });
  const put = await h.s3.send(new PutObjectCommand({ Bucket: h.bucket, Key: 'etag', Body: 'x' }));
  const bare = put.ETag!.replace(/"/g, '');
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'etag', IfMatch: `"${bare}` }))).ETag, put.ETag);
  assert.equal((await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: 'etag', IfMatch: `${bare}"` }))).ETag, put.ETag);
});

test('GetBucketReplication fills in ID, Priority, Filter and DeleteMarkerReplication; the destination must be versioned', async () => {
  const source = uniqueBucket('repl-src');
  const dest = uniqueBucket('repl-dst');
  for (const b of [source, dest]) await h.s3.send(new CreateBucketCommand({ Bucket: b }));
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: source, VersioningConfiguration: { Status: 'Enabled' } }));
  const config = { Role: 'arn:aws:iam::000000000000:role/replication', Rules: [{ Status: 'Enabled' as const, Destination: { Bucket: `arn:aws:s3:::${dest}` } }] };
  await assertAwsError(h.s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config })),
    { code: 'InvalidRequest', status: 400, message: 'Destination bucket must have versioning enabled.' });
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: dest, VersioningConfiguration: { Status: 'Enabled' } }));
  await h.s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config }));
  const rule = (await h.s3.send(new GetBucketReplicationCommand({ Bucket: source }))).ReplicationConfiguration?.Rules?.[0];
  assert.ok(rule?.ID !== undefined && rule.ID.length > 0);
  assert.equal(rule.Priority, 0);
  assert.deepEqual(rule.Filter, {});
  assert.deepEqual(rule.DeleteMarkerReplication, { Status: 'Disabled' });
});

test('Notification configurations: a malformed ARN is refused, and two configurations for one queue send one s3:TestEvent', async () => {
  const sqs = new SQSClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const target = uniqueBucket('notify');
    await h.s3.send(new CreateBucketCommand({ Bucket: target }));
    await assertAwsError(h.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: target, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: 'not-an-arn', Events: ['s3:ObjectCreated:*'] }] },
    })), { code: 'InvalidArgument', status: 400, message: 'The ARN is not well formed' });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `answers-${process.pid}` }));
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
    assert.ok(arn);
    await h.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: target, NotificationConfiguration: { QueueConfigurations: [
        { QueueArn: arn, Events: ['s3:ObjectCreated:*'] }, { QueueArn: arn, Events: ['s3:ObjectRemoved:*'] },
      ] },
    }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    assert.equal(got.Messages?.filter((m) => m.Body?.includes('s3:TestEvent')).length, 1);
  } finally {
    sqs.destroy();
  }
});

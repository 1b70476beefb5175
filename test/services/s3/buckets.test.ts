// SDK v3 tests for S3 bucket operations over a loopback socket: create/head/list/location/delete, global names,
// LocationConstraint rules, versioning and bucket configuration documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteBucketTaggingCommand, GetBucketAccelerateConfigurationCommand,
  GetBucketLocationCommand, GetBucketPolicyCommand, GetBucketTaggingCommand, GetBucketVersioningCommand,
  GetPublicAccessBlockCommand, HeadBucketCommand, ListBucketsCommand, PutBucketAccelerateConfigurationCommand,
  PutBucketPolicyCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand, S3ServiceException,
  GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand, GetBucketWebsiteCommand, PutBucketWebsiteCommand, PutBucketLoggingCommand, GetObjectLockConfigurationCommand,
  PutObjectLockConfigurationCommand, GetBucketRequestPaymentCommand,
} from '@aws-sdk/client-s3';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3();

async function failure(p: Promise<unknown>): Promise<{ status: number | undefined; code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return { status: e.$metadata.httpStatusCode, code: e.name, message: e.message };
    throw e;
  }
  assert.fail('expected an S3 error');
}

test('CreateBucket, HeadBucket, GetBucketLocation and ListBuckets see the new bucket', async () => {
  const name = uniqueBucket();
  const created = await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  assert.equal(created.Location, `/${name}`);
  const head = await h.s3.send(new HeadBucketCommand({ Bucket: name }));
  assert.equal(head.BucketRegion, 'us-east-1');
  const loc = await h.s3.send(new GetBucketLocationCommand({ Bucket: name }));
  assert.equal(loc.LocationConstraint, undefined);
  const list = await h.s3.send(new ListBucketsCommand({}));
  assert.ok(list.Buckets?.some((b) => b.Name === name));
});

test('a bucket in another region needs a matching LocationConstraint', async () => {
  const eu = h.client('eu-west-1');
  const name = uniqueBucket();
  const e = await failure(eu.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'us-west-1' } })));
  assert.equal(e.code, 'IllegalLocationConstraintException');
  assert.equal(e.message, 'The us-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.');
  // SDK v3 fills in LocationConstraint from the client region when the request names none.
  await eu.send(new CreateBucketCommand({ Bucket: name }));
  assert.equal((await eu.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint, 'eu-west-1');
  const again = await failure(eu.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
  assert.equal(again.code, 'BucketAlreadyOwnedByYou');
});

test('bucket names are global: another account gets BucketAlreadyExists', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  const other = h.client('us-east-1', '111111111111');
  const e = await failure(other.send(new CreateBucketCommand({ Bucket: name })));
  assert.equal(e.status, 409);
  assert.equal(e.code, 'BucketAlreadyExists');
});

test('an invalid name is InvalidBucketName', async () => {
  const e = await failure(h.s3.send(new CreateBucketCommand({ Bucket: 'Invalid_Name' })));
  assert.equal(e.code, 'InvalidBucketName');
  assert.equal(e.message, 'The specified bucket is not valid.');
});

test('DeleteBucket refuses a bucket with objects and removes an empty one', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  await h.s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'v' }));
  const e = await failure(h.s3.send(new DeleteBucketCommand({ Bucket: name })));
  assert.equal(e.code, 'BucketNotEmpty');
  const empty = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: empty }));
  await h.s3.send(new DeleteBucketCommand({ Bucket: empty }));
  assert.equal((await failure(h.s3.send(new HeadBucketCommand({ Bucket: empty })))).status, 404);
});

test('versioning status round-trips', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  assert.equal((await h.s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status, undefined);
  await h.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  assert.equal((await h.s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status, 'Enabled');
});

test('bucket tagging, policy, public access block and acceleration configurations round-trip', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  assert.equal((await failure(h.s3.send(new GetBucketTaggingCommand({ Bucket: name })))).code, 'NoSuchTagSet');
  await h.s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: [{ Key: 'team', Value: 'kumo' }] } }));
  assert.deepEqual((await h.s3.send(new GetBucketTaggingCommand({ Bucket: name }))).TagSet, [{ Key: 'team', Value: 'kumo' }]);
  await h.s3.send(new DeleteBucketTaggingCommand({ Bucket: name }));
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
  await h.s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: policy }));
  assert.equal((await h.s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy, policy);
  const pab = await h.s3.send(new GetPublicAccessBlockCommand({ Bucket: name }));
  assert.equal(pab.PublicAccessBlockConfiguration?.BlockPublicAcls, true);
  await h.s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: name, AccelerateConfiguration: { Status: 'Enabled' } }));
  assert.equal((await h.s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: name }))).Status, 'Enabled');
  const dotted = `${uniqueBucket()}.dots`;
  await h.s3.send(new CreateBucketCommand({ Bucket: dotted }));
  const e = await failure(h.s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: dotted, AccelerateConfiguration: { Status: 'Enabled' } })));
  assert.equal(e.code, 'InvalidRequest');
});

test('website, logging, request payment and object lock configurations follow S3 defaults and errors', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  assert.equal((await failure(h.s3.send(new GetBucketWebsiteCommand({ Bucket: name })))).code, 'NoSuchWebsiteConfiguration');
  await h.s3.send(new PutBucketWebsiteCommand({ Bucket: name, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
  assert.equal((await h.s3.send(new GetBucketWebsiteCommand({ Bucket: name }))).IndexDocument?.Suffix, 'index.html');
  const logging = await failure(h.s3.send(new PutBucketLoggingCommand({ Bucket: name,
    BucketLoggingStatus: { LoggingEnabled: { TargetBucket: uniqueBucket('absent'), TargetPrefix: 'logs/' } } })));
  assert.equal(logging.code, 'InvalidTargetBucketForLogging');
  assert.equal((await h.s3.send(new GetBucketRequestPaymentCommand({ Bucket: name }))).Payer, 'BucketOwner');
  assert.equal((await failure(h.s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })))).code, 'ObjectLockConfigurationNotFoundError');
  const lock = await failure(h.s3.send(new PutObjectLockConfigurationCommand({ Bucket: name, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })));
  assert.equal(lock.code, 'InvalidBucketState');
  const locked = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true }));
  assert.equal((await h.s3.send(new GetObjectLockConfigurationCommand({ Bucket: locked }))).ObjectLockConfiguration?.ObjectLockEnabled, 'Enabled');
  assert.equal((await h.s3.send(new GetBucketVersioningCommand({ Bucket: locked }))).Status, 'Enabled');
});

// The service router currently resolves ?lifecycle to the deprecated PutBucketLifecycle/GetBucketLifecycle.
test('lifecycle configuration round-trips', async () => {
  const name = uniqueBucket();
  await h.s3.send(new CreateBucketCommand({ Bucket: name }));
  await h.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: name, LifecycleConfiguration: { Rules: [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }] } }));
  const got = await h.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name }));
  assert.equal(got.Rules?.[0]?.ID, 'expire');
});

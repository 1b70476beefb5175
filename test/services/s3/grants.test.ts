// SDK v3 tests for x-amz-grant-* headers and object ACLs: grants on CreateBucket, PutBucketAcl, PutObject and PutObjectAcl
// become the ACL that Get*Acl returns, and are refused where ACLs are disabled (BucketOwnerEnforced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, GetBucketAclCommand, GetObjectAclCommand, PutBucketAclCommand, PutObjectAclCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueBucket, useS3 } from './s3-support.js';

const h = useS3();

const OTHER = 'b'.repeat(64);
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

test('grant headers on CreateBucket, PutBucketAcl and PutObject become the ACLs S3 returns', async () => {
  const bucket = uniqueBucket('grants');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter', GrantRead: `uri="${ALL_USERS}"`, GrantFullControl: `id="${OTHER}"` }));
  const created = await h.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
  assert.deepEqual(created.Grants, [
    { Grantee: { Type: 'CanonicalUser', ID: OTHER }, Permission: 'FULL_CONTROL' },
    { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
  ]);
  await h.s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantWrite: `id="${OTHER}"` }));
  assert.deepEqual((await h.s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants, [{ Grantee: { Type: 'CanonicalUser', ID: OTHER }, Permission: 'WRITE' }]);

  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'shared', Body: 'x', GrantRead: `uri="${ALL_USERS}"` }));
  assert.deepEqual((await h.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'shared' }))).Grants, [{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }]);
  await h.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'shared', ACL: 'public-read' }));
  const publicRead = await h.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'shared' }));
  assert.deepEqual(publicRead.Grants?.map((g) => g.Permission), ['FULL_CONTROL', 'READ']);
  await h.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'shared', ACL: 'private' }));
  assert.deepEqual((await h.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'shared' }))).Grants?.map((g) => g.Permission), ['FULL_CONTROL']);
  await assertAwsError(h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'x', GrantRead: 'id="not-an-id"' })), { code: 'InvalidArgument', status: 400 });
  await assertAwsError(h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'both', Body: 'x', ACL: 'public-read', GrantRead: `id="${OTHER}"` })),
    { code: 'InvalidRequest', status: 400, message: 'Specifying both Canned ACLs and Header Grants is not allowed' });
});

test('where ACLs are disabled (BucketOwnerEnforced, the default) grants are refused and nothing is created', async () => {
  const bucket = uniqueBucket('enforced');
  await assertAwsError(h.s3.send(new CreateBucketCommand({ Bucket: bucket, GrantRead: `uri="${ALL_USERS}"` })), {
    code: 'InvalidBucketAclWithObjectOwnership', status: 400, message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
  });
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await assertAwsError(h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', GrantRead: `uri="${ALL_USERS}"` })),
    { code: 'AccessControlListNotSupported', status: 400 });
  await assertAwsError(h.s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: `uri="${ALL_USERS}"` })), { code: 'AccessControlListNotSupported', status: 400 });
});

test('GetBucketPolicyStatus says whether the bucket policy is public; without a policy it is NoSuchBucketPolicy', async () => {
  const { GetBucketPolicyStatusCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand } = await import('@aws-sdk/client-s3');
  const bucket = uniqueBucket('status');
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await assertAwsError(h.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })), { code: 'NoSuchBucketPolicy', status: 404 });
  await h.s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicPolicy: false } }));
  await h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }) }));
  assert.equal((await h.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic, true);
  await h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }) }));
  assert.equal((await h.s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic, false);
});

// Unsigned S3 requests under --enforce-iam: the anonymous caller is judged by the bucket policy (Principal "*"), ACL
// grants to AllUsers and Block Public Access (BlockPublicPolicy, BlockPublicAcls, IgnorePublicAcls,
// RestrictPublicBuckets); without enforcement unsigned requests keep today's trust.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, PutBucketAclCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutObjectAclCommand,
  PutObjectCommand, PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { startS3, uniqueBucket, type S3Harness } from './s3-support.js';
import { xmlText } from './s3-http.js';

let enforced: S3Harness;
let open: S3Harness;

before(async () => {
  enforced = await startS3({ enforceIam: true });
  open = await startS3();
});
after(async () => {
  await enforced.close();
  await open.close();
});

async function bucketWithObject(h: S3Harness, prefix: string, acls = false): Promise<string> {
  const bucket = uniqueBucket(prefix);
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  // New buckets disable ACLs (BucketOwnerEnforced); ObjectWriter turns them back on.
  if (acls) await h.s3.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }));
  await h.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'obj.txt', Body: 'secret' }));
  return bucket;
}

async function unsigned(h: S3Harness, method: string, path: string, body?: string): Promise<{ status: number; code: string | undefined; message: string | undefined; text: string }> {
  const res = await fetch(`${h.kumo.url}${path}`, body === undefined ? { method } : { method, body });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, code: xmlText(buf, 'Code'), message: xmlText(buf, 'Message'), text: buf.toString() };
}

const publicRead = (bucket: string): string => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

test('an unsigned GET of a private object is 403 AccessDenied "Access Denied" under --enforce-iam, and served without it', async () => {
  const bucket = await bucketWithObject(enforced, 'anon-private');
  const denied = await unsigned(enforced, 'GET', `/${bucket}/obj.txt`);
  assert.equal(denied.status, 403);
  assert.equal(denied.code, 'AccessDenied');
  assert.equal(denied.message, 'Access Denied');
  const listed = await unsigned(enforced, 'GET', `/${bucket}`);
  assert.equal(listed.status, 403);

  const trusting = await bucketWithObject(open, 'anon-open');
  assert.equal((await unsigned(open, 'GET', `/${trusting}/obj.txt`)).text, 'secret');
});

test('BlockPublicPolicy (on for new buckets) refuses a public policy; once removed, Principal "*" lets anyone read', async () => {
  const bucket = await bucketWithObject(enforced, 'anon-policy');
  await assert.rejects(enforced.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) })), { name: 'AccessDenied' });
  await enforced.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  await enforced.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) }));
  const read = await unsigned(enforced, 'GET', `/${bucket}/obj.txt`);
  assert.equal(read.status, 200);
  assert.equal(read.text, 'secret');
  // The policy allows reads only: an anonymous write is still refused.
  assert.equal((await unsigned(enforced, 'PUT', `/${bucket}/new.txt`, 'x')).status, 403);
});

test('RestrictPublicBuckets shuts anonymous callers out of a bucket with a public policy; the owner still reads', async () => {
  const bucket = await bucketWithObject(enforced, 'anon-restrict');
  await enforced.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  await enforced.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) }));
  await enforced.s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
  const denied = await unsigned(enforced, 'GET', `/${bucket}/obj.txt`);
  assert.equal(denied.status, 403);
  assert.equal(denied.code, 'AccessDenied');
  const own = await enforced.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'obj.txt' }));
  assert.equal(await own.Body!.transformToString(), 'secret');
});

test('BlockPublicAcls refuses a public-read ACL; once allowed, AllUsers READ serves anonymous reads until IgnorePublicAcls', async () => {
  const bucket = await bucketWithObject(enforced, 'anon-acl', true);
  await assert.rejects(enforced.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'obj.txt', ACL: 'public-read' })), { name: 'AccessDenied' });
  await enforced.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  await enforced.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'obj.txt', ACL: 'public-read' }));
  assert.equal((await unsigned(enforced, 'GET', `/${bucket}/obj.txt`)).text, 'secret');
  await enforced.s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }));
  assert.equal((await unsigned(enforced, 'GET', `/${bucket}/obj.txt`)).status, 403);
});

test('a public-read-write bucket ACL lets anonymous callers list and write, but not read a private object', async () => {
  const bucket = await bucketWithObject(enforced, 'anon-bucket-acl', true);
  await enforced.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  await enforced.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read-write' }));
  const listed = await unsigned(enforced, 'GET', `/${bucket}?list-type=2`);
  assert.equal(listed.status, 200);
  assert.match(listed.text, /<Key>obj\.txt<\/Key>/);
  assert.equal((await unsigned(enforced, 'PUT', `/${bucket}/anon.txt`, 'from anyone')).status, 200);
  assert.equal((await unsigned(enforced, 'GET', `/${bucket}/obj.txt`)).status, 403);
});

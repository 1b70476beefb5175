// Unsigned S3 requests, with and without --enforce-iam: the anonymous caller is judged by the bucket policy
// (Principal "*"), ACL grants to AllUsers and Block Public Access (BlockPublicPolicy, BlockPublicAcls,
// IgnorePublicAcls, RestrictPublicBuckets); without enforcement signed requests keep kumo's trust. The same holds
// when KUMO_SERVICES leaves out iam: bucket policies still compile, so anonymous callers are still judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, PutBucketAclCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutObjectAclCommand,
  PutObjectCommand, PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { uniqueBucket, useS3, type S3Harness } from './s3-support.js';
import { xmlText } from './s3-http.js';

const enforced = useS3({ config: { enforceIam: true } });
const open = useS3();
const withoutIam = useS3({ config: { services: ['s3'] } });

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

test('an unsigned GET of a private object is 403 AccessDenied "Access Denied" with or without --enforce-iam, and without the IAM service', async () => {
  for (const h of [enforced, open, withoutIam]) {
    const bucket = await bucketWithObject(h, 'anon-private');
    const denied = await unsigned(h, 'GET', `/${bucket}/obj.txt`);
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'AccessDenied');
    assert.equal(denied.message, 'Access Denied');
    assert.equal((await unsigned(h, 'GET', `/${bucket}`)).status, 403);
    assert.equal((await unsigned(h, 'PUT', `/${bucket}/new.txt`, 'x')).status, 403);
    assert.equal((await unsigned(h, 'DELETE', `/${bucket}/obj.txt`)).status, 403);
  }
});

test('without --enforce-iam a signed request keeps its trust, even with a key IAM does not know', async () => {
  const bucket = await bucketWithObject(open, 'anon-signed');
  const stranger = open.client('us-east-1', 'AKIAUNKNOWNKEY000000');
  const got = await stranger.send(new GetObjectCommand({ Bucket: bucket, Key: 'obj.txt' }));
  assert.equal(await got.Body!.transformToString(), 'secret');
});

// Bucket policies, ACLs and Block Public Access judge anonymous callers the same way in both modes.
for (const [mode, harness] of [['--enforce-iam', () => enforced], ['default', () => open], ['KUMO_SERVICES=s3, no IAM service', () => withoutIam]] as const) {
  test(`BlockPublicPolicy (on for new buckets) refuses a public policy; once removed, Principal "*" lets anyone read (${mode})`, async () => {
    const h = harness();
    const bucket = await bucketWithObject(h, 'anon-policy');
    // Refusing the owner's own write is enforcement's job; without it signed writes keep their trust.
    if (mode === '--enforce-iam') await assert.rejects(h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) })), { name: 'AccessDenied' });
    await h.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) }));
    const read = await unsigned(h, 'GET', `/${bucket}/obj.txt`);
    assert.equal(read.status, 200);
    assert.equal(read.text, 'secret');
    // The policy allows reads only: an anonymous write is still refused.
    assert.equal((await unsigned(h, 'PUT', `/${bucket}/new.txt`, 'x')).status, 403);
  });

  test(`a missing key is 403 AccessDenied to a caller without s3:ListBucket and 404 NoSuchKey once the policy grants it (${mode})`, async () => {
    const h = harness();
    const bucket = await bucketWithObject(h, 'anon-missing');
    await h.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) }));
    // S3 API reference, GetObject and HeadObject "Permissions": without s3:ListBucket a missing object is a 403.
    const hidden = await unsigned(h, 'GET', `/${bucket}/absent.txt`);
    assert.deepEqual([hidden.status, hidden.code, hidden.message], [403, 'AccessDenied', 'Access Denied']);
    assert.equal((await unsigned(h, 'HEAD', `/${bucket}/absent.txt`)).status, 403);
    assert.equal((await unsigned(h, 'GET', `/${bucket}/obj.txt`)).status, 200, 'an existing key is still served');
    const listable = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
        { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
      ],
    });
    await h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: listable }));
    const missing = await unsigned(h, 'GET', `/${bucket}/absent.txt`);
    assert.deepEqual([missing.status, missing.code], [404, 'NoSuchKey']);
    assert.equal((await unsigned(h, 'HEAD', `/${bucket}/absent.txt`)).status, 404);
  });

  test(`RestrictPublicBuckets shuts anonymous callers out of a bucket with a public policy; the owner still reads (${mode})`, async () => {
    const h = harness();
    const bucket = await bucketWithObject(h, 'anon-restrict');
    await h.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await h.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket) }));
    await h.s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    const denied = await unsigned(h, 'GET', `/${bucket}/obj.txt`);
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'AccessDenied');
    const own = await h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'obj.txt' }));
    assert.equal(await own.Body!.transformToString(), 'secret');
  });

  test(`BlockPublicAcls refuses a public-read ACL; once allowed, AllUsers READ serves anonymous reads until IgnorePublicAcls (${mode})`, async () => {
    const h = harness();
    const bucket = await bucketWithObject(h, 'anon-acl', true);
    // Refusing the owner's own write is enforcement's job; without it signed writes keep their trust.
    if (mode === '--enforce-iam') await assert.rejects(h.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'obj.txt', ACL: 'public-read' })), { name: 'AccessDenied' });
    await h.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await h.s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'obj.txt', ACL: 'public-read' }));
    assert.equal((await unsigned(h, 'GET', `/${bucket}/obj.txt`)).text, 'secret');
    await h.s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }));
    assert.equal((await unsigned(h, 'GET', `/${bucket}/obj.txt`)).status, 403);
  });

  test(`a public-read-write bucket ACL lets anonymous callers list and write, but not read a private object (${mode})`, async () => {
    const h = harness();
    const bucket = await bucketWithObject(h, 'anon-bucket-acl', true);
    await h.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await h.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read-write' }));
    const listed = await unsigned(h, 'GET', `/${bucket}?list-type=2`);
    assert.equal(listed.status, 200);
    assert.match(listed.text, /<Key>obj\.txt<\/Key>/);
    assert.equal((await unsigned(h, 'PUT', `/${bucket}/anon.txt`, 'from anyone')).status, 200);
    assert.equal((await unsigned(h, 'GET', `/${bucket}/obj.txt`)).status, 403);
  });
}

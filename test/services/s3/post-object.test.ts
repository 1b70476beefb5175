// POST Object (browser form uploads) through @aws-sdk/s3-presigned-post and fetch's multipart/form-data over a real
// loopback socket: policy conditions, success_action_* answers, sizes, expiry on the runtime clock, and, under
// --enforce-iam, the form's SigV4 signature; anonymous uploads judged by the bucket policy in both modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { uniqueBucket, useS3, type S3Harness } from './s3-support.js';
import { xmlText } from './s3-http.js';

const h = useS3();
const enforced = useS3({ config: { enforceIam: true } });


async function presign(harness: S3Harness, options: PresignedPostOptions, accessKeyId = 'test'): Promise<{ url: string; fields: Record<string, string> }> {
  const client = accessKeyId === 'test' ? harness.s3 : harness.client('us-east-1', accessKeyId);
  return createPresignedPost(client, options);
}

async function post(url: string, fields: Record<string, string>, file: Blob | string | undefined, filename = 'upload.txt'): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file !== undefined) form.append('file', typeof file === 'string' ? new Blob([file]) : file, filename);
  return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
}

async function newBucket(harness: S3Harness, prefix: string): Promise<string> {
  const bucket = uniqueBucket(prefix);
  await harness.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

async function bodyOf(harness: S3Harness, bucket: string, key: string): Promise<string> {
  return (await harness.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
}

async function errorOf(res: Response): Promise<{ status: number; code: string | undefined; message: string | undefined; body: Buffer }> {
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, code: xmlText(body, 'Code'), message: xmlText(body, 'Message'), body };
}

test('createPresignedPost form uploads the file under ${filename} with its metadata and answers 204 with ETag and Location', async () => {
  const bucket = await newBucket(h, 'post');
  const { url, fields } = await presign(h, {
    Bucket: bucket, Key: 'uploads/${filename}',
    Fields: { 'Content-Type': 'text/plain', 'x-amz-meta-origin': 'browser' },
    Conditions: [['starts-with', '$key', 'uploads/'], ['content-length-range', 1, 100], { 'Content-Type': 'text/plain' }, { 'x-amz-meta-origin': 'browser' }],
  });
  const res = await post(url, fields, 'hello from a form', 'notes.txt');
  assert.equal(res.status, 204);
  assert.match(res.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
  assert.match(res.headers.get('location') ?? '', new RegExp(`/${bucket}/uploads/notes\\.txt$`));
  assert.equal(await bodyOf(h, bucket, 'uploads/notes.txt'), 'hello from a form');
  const head = await h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'uploads/notes.txt' }));
  assert.equal(head.ContentType, 'text/plain');
  assert.deepEqual(head.Metadata, { origin: 'browser' });
  assert.equal(`"${head.ETag?.replaceAll('"', '')}"`, res.headers.get('etag'));
});

test('success_action_status 201 answers a PostResponse document naming bucket, key and ETag', async () => {
  const bucket = await newBucket(h, 'post201');
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'doc.txt', Fields: { success_action_status: '201' }, Conditions: [{ success_action_status: '201' }] });
  const res = await post(url, fields, 'abc');
  assert.equal(res.status, 201);
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(xmlText(body, 'Bucket'), bucket);
  assert.equal(xmlText(body, 'Key'), 'doc.txt');
  assert.equal(xmlText(body, 'ETag'), '"900150983cd24fb0d6963f7d28e17f72"');
  assert.match(xmlText(body, 'Location') ?? '', new RegExp(`/${bucket}/doc\\.txt$`));
});

test('success_action_redirect answers 303 to the redirect with bucket, key and etag in its query', async () => {
  const bucket = await newBucket(h, 'postredir');
  const redirect = 'http://example.test/done?from=form';
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'r.txt', Fields: { success_action_redirect: redirect }, Conditions: [['eq', '$success_action_redirect', redirect]] });
  const res = await post(url, fields, 'abc');
  assert.equal(res.status, 303);
  const location = new URL(res.headers.get('location')!);
  assert.equal(location.origin + location.pathname, 'http://example.test/done');
  assert.equal(location.searchParams.get('from'), 'form');
  assert.equal(location.searchParams.get('bucket'), bucket);
  assert.equal(location.searchParams.get('key'), 'r.txt');
  assert.equal(location.searchParams.get('etag'), '"900150983cd24fb0d6963f7d28e17f72"');
});

test('content-length-range refuses a larger file with EntityTooLarge and a smaller one with EntityTooSmall, storing nothing', async () => {
  const bucket = await newBucket(h, 'postsize');
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'sized', Conditions: [['content-length-range', 5, 10]] });
  const big = await errorOf(await post(url, fields, 'aaaaaaaaaaaa'));
  assert.equal(big.status, 400);
  assert.equal(big.code, 'EntityTooLarge');
  assert.equal(xmlText(big.body, 'MaxSizeAllowed'), '10');
  assert.equal(xmlText(big.body, 'ProposedSize'), '12');
  const small = await errorOf(await post(url, fields, 'a'));
  assert.equal(small.code, 'EntityTooSmall');
  assert.equal(xmlText(small.body, 'MinSizeAllowed'), '5');
  await assert.rejects(h.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'sized' })), { name: 'NotFound' });
  assert.equal((await post(url, fields, 'aaaaaaaaaa')).status, 204);
});

test('a field that fails its condition, or has none, is AccessDenied "Invalid according to Policy"', async () => {
  const bucket = await newBucket(h, 'postcond');
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'user/${filename}', Conditions: [['starts-with', '$key', 'user/']] });
  const wrongKey = await errorOf(await post(url, { ...fields, key: 'admin/x' }, 'abc'));
  assert.equal(wrongKey.status, 403);
  assert.equal(wrongKey.code, 'AccessDenied');
  assert.equal(wrongKey.message, 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]');
  const extra = await errorOf(await post(url, { ...fields, 'x-amz-meta-extra': '1' }, 'abc'));
  assert.equal(extra.message, 'Invalid according to Policy: Extra input fields: x-amz-meta-extra');
  const ignored = await post(url, { ...fields, 'x-ignore-note': 'anything' }, 'abc');
  assert.equal(ignored.status, 204);
});

test('a policy past its expiration on the runtime clock is AccessDenied "Policy expired."', async () => {
  const bucket = await newBucket(h, 'postexp');
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'late', Expires: 60 });
  await h.kumo.advance(120);
  const res = await errorOf(await post(url, fields, 'abc'));
  assert.equal(res.status, 403);
  assert.equal(res.message, 'Invalid according to Policy: Policy expired.');
});

test('the form tagging field (Tagging XML) tags the object; a body that is not a form is PreconditionFailed', async () => {
  const bucket = await newBucket(h, 'posttag');
  const tagging = '<Tagging><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>';
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'tagged', Fields: { tagging }, Conditions: [{ tagging }] });
  assert.equal((await post(url, fields, 'abc')).status, 204);
  const tags = await h.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }));
  assert.deepEqual(tags.TagSet, [{ Key: 'team', Value: 'web' }]);
  const notForm = await errorOf(await fetch(url, { method: 'POST', body: 'key=a', headers: { 'content-type': 'text/plain' } }));
  assert.equal(notForm.status, 412);
  assert.equal(notForm.code, 'PreconditionFailed');
  assert.equal(xmlText(notForm.body, 'Condition'), 'Bucket POST must be of the enclosure-type multipart/form-data');
});

test('a form without key, file or X-Amz-Signature is InvalidArgument naming the field', async () => {
  const bucket = await newBucket(h, 'postmissing');
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'k' });
  const { key: _key, ...noKey } = fields;
  const missingKey = await errorOf(await post(url, noKey, 'abc'));
  assert.equal(missingKey.code, 'InvalidArgument');
  assert.equal(xmlText(missingKey.body, 'ArgumentName'), 'key');
  const noFile = await errorOf(await post(url, fields, undefined));
  assert.equal(noFile.message, 'POST requires exactly one file upload per request.');
  const { 'X-Amz-Signature': _sig, ...unsigned } = fields;
  const noSig = await errorOf(await post(url, unsigned, 'abc'));
  assert.equal(noSig.message, "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.");
});

test('a 3 MiB file streams through the form intact', async () => {
  const bucket = await newBucket(h, 'postbig');
  const { url, fields } = await presign(h, { Bucket: bucket, Key: 'big.bin', Conditions: [['content-length-range', 0, 10 * 1024 * 1024]] });
  const data = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
  assert.equal((await post(url, fields, new Blob([data]), 'big.bin')).status, 204);
  const got = Buffer.from(await (await h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }))).Body!.transformToByteArray());
  assert.ok(got.equals(data));
});

test('under --enforce-iam the form signature is verified: a wrong secret is SignatureDoesNotMatch, the right one stores', async () => {
  const bucket = await newBucket(enforced, 'postsig');
  const good = await presign(enforced, { Bucket: bucket, Key: 'signed' });
  const wrongClient = new S3Client({ ...enforced.kumo.clientConfig(), credentials: { accessKeyId: 'test', secretAccessKey: 'not-the-secret' }, forcePathStyle: true });
  const forged = await createPresignedPost(wrongClient, { Bucket: bucket, Key: 'signed' });
  wrongClient.destroy();
  const refused = await errorOf(await post(forged.url, forged.fields, 'abc'));
  assert.equal(refused.status, 403);
  assert.equal(refused.code, 'SignatureDoesNotMatch');
  assert.equal((await post(good.url, good.fields, 'abc')).status, 204);
  assert.equal(await bodyOf(enforced, bucket, 'signed'), 'abc');
});

for (const [mode, harness] of [['--enforce-iam', () => enforced], ['default', () => h]] as const) {
  test(`an unsigned form (no policy) is AccessDenied until the bucket policy lets everyone put (${mode})`, async () => {
    const target = harness();
    const bucket = await newBucket(target, 'postanon');
    const url = `${target.kumo.url}/${bucket}`;
    const denied = await errorOf(await post(url, { key: 'anon.txt' }, 'abc'));
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'AccessDenied');
    // New buckets block public policies; this one is meant to be public.
    await target.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await target.s3.send(new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }] }),
    }));
    assert.equal((await post(url, { key: 'anon.txt' }, 'abc')).status, 204);
    assert.equal(await bodyOf(target, bucket, 'anon.txt'), 'abc');
  });
}

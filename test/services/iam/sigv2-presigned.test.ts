// S3's legacy Signature Version 2 under --enforce-iam: URLs boto3 presigns with signature_version 's3' (aws-cli v1
// and boto3's long-time default) are verified (HMAC-SHA1 of S3's string to sign) and then authorized as their user;
// a tampered or expired URL is refused as S3 refuses it, and a header-signed SigV2 request is checked the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

let kumo: TestKumo;
let creds: { id: string; secret: string };
const BUCKET = 'sigv2-bucket';

before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
  const iam = new IAMClient(kumo.clientConfig());
  const s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'hello.txt', Body: 'hello v2' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'secret.txt', Body: 'nope' }));
  await iam.send(new CreateUserCommand({ UserName: 'v2reader' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/hello.txt` }] };
  await iam.send(new PutUserPolicyCommand({ UserName: 'v2reader', PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'v2reader' }));
  creds = { id: AccessKey!.AccessKeyId!, secret: AccessKey!.SecretAccessKey! };
  iam.destroy();
  s3.destroy();
});
after(() => kumo.stop());

/** A SigV2 presigned GET URL made by boto3 itself (signature_version='s3', path-style). */
function boto3Presign(key: string, expires = 300): string {
  const script = `
import boto3, sys
from botocore.config import Config
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],
                 config=Config(signature_version='s3', s3={'addressing_style': 'path'}))
print(c.generate_presigned_url('get_object', Params={'Bucket': sys.argv[4], 'Key': sys.argv[5]}, ExpiresIn=int(sys.argv[6])))
`;
  return execFileSync('python3', ['-c', script, kumo.url, creds.id, creds.secret, BUCKET, key, String(expires)], { encoding: 'utf8' }).trim();
}

test('A boto3 SigV2 presigned URL is verified and authorized as its user', async () => {
  const url = boto3Presign('hello.txt');
  assert.match(url, /AWSAccessKeyId=.*Signature=.*Expires=/);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'hello v2');
});

test('A SigV2 URL for an object the user may not read is AccessDenied after the signature checks out', async () => {
  const res = await fetch(boto3Presign('secret.txt'));
  assert.equal(res.status, 403);
  assert.match(await res.text(), /<Code>AccessDenied<\/Code>/);
});

test('A tampered SigV2 signature is SignatureDoesNotMatch, with the string S3 signed', async () => {
  const url = new URL(boto3Presign('hello.txt'));
  url.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 1));
  const res = await fetch(url);
  assert.equal(res.status, 403);
  const body = await res.text();
  assert.match(body, /<Code>SignatureDoesNotMatch<\/Code>/);
  assert.match(body, /<StringToSign>GET\n\n\n\d+\n\/sigv2-bucket\/hello.txt<\/StringToSign>/);
});

test('An expired SigV2 URL is AccessDenied "Request has expired"', async () => {
  const url = new URL(boto3Presign('hello.txt'));
  const expires = String(Math.floor(Date.now() / 1000) - 60);
  url.searchParams.set('Expires', expires);
  url.searchParams.set('Signature', createHmac('sha1', creds.secret).update(`GET\n\n\n${expires}\n/${BUCKET}/hello.txt`).digest('base64'));
  const res = await fetch(url);
  assert.equal(res.status, 403);
  assert.match(await res.text(), /<Message>Request has expired<\/Message>/);
});

test('A header-signed SigV2 request (Authorization: AWS id:sig) is verified with its Date', async () => {
  const date = new Date().toUTCString();
  const signature = createHmac('sha1', creds.secret).update(`GET\n\n\n${date}\n/${BUCKET}/hello.txt`).digest('base64');
  const ok = await fetch(`${kumo.url}/${BUCKET}/hello.txt`, { headers: { authorization: `AWS ${creds.id}:${signature}`, date } });
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'hello v2');
  const bad = await fetch(`${kumo.url}/${BUCKET}/hello.txt`, { headers: { authorization: `AWS ${creds.id}:${signature.slice(1)}A`, date } });
  assert.equal(bad.status, 403);
});

// Smoke tests of S3 with the installed aws-cli, boto3 and curl against a started server: high-level `aws s3`
// commands (a 20 MiB multipart cp, sync, ls, rm, rb), s3api versioning and acceleration, boto3's resource API and presigned URLs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor, CLI_ENV } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
let dir: string;
let s3: S3Client;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
  dir = mkdtempSync(join(tmpdir(), 'kumo-s3-smoke-'));
  s3 = new S3Client({ endpoint: kumo.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});
after(async () => {
  s3.destroy();
  await kumo.stop();
  rmSync(dir, { recursive: true, force: true });
});

const RUN = `smoke${process.pid}`;
const { aws, awsOk, awsJson } = awsCliFor(() => kumo.url);

function curl(args: string[]): { status: number; body: string } {
  const result = spawnSync('curl', ['-sS', '-w', '\n%{http_code}', ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  const cut = result.stdout.lastIndexOf('\n');
  return { status: Number(result.stdout.slice(cut + 1)), body: result.stdout.slice(0, cut) };
}

test('aws s3 mb, cp of a 20 MiB file in parts up and down, ls, rm and rb --force', () => {
  const bucket = `${RUN}-cp`;
  assert.match(awsOk(['s3', 'mb', `s3://${bucket}`]), new RegExp(`make_bucket: ${bucket}`));
  const big = randomBytes(20 * 1024 * 1024);
  writeFileSync(join(dir, 'big.bin'), big);
  writeFileSync(join(dir, 'small.txt'), 'small file\n');
  awsOk(['s3', 'cp', join(dir, 'big.bin'), `s3://${bucket}/data/big.bin`]);
  awsOk(['s3', 'cp', join(dir, 'small.txt'), `s3://${bucket}/data/small.txt`]);
  const head = awsJson(['s3api', 'head-object', '--bucket', bucket, '--key', 'data/big.bin']);
  assert.equal(head['ContentLength'], big.length);
  assert.match(String(head['ETag']), /^"[0-9a-f]{32}-\d+"$/, 'uploaded in parts');

  awsOk(['s3', 'cp', `s3://${bucket}/data/big.bin`, join(dir, 'big.down')]);
  assert.ok(readFileSync(join(dir, 'big.down')).equals(big));

  const listing = awsOk(['s3', 'ls', `s3://${bucket}/data/`]);
  assert.match(listing, new RegExp(`\\s${big.length} big\\.bin`));
  assert.match(listing, /\s11 small\.txt/);
  assert.match(awsOk(['s3', 'ls']), new RegExp(bucket));

  assert.match(awsOk(['s3', 'rm', `s3://${bucket}/data/small.txt`]), /delete: s3:\/\/.*small\.txt/);
  assert.doesNotMatch(awsOk(['s3', 'ls', `s3://${bucket}/data/`]), /small\.txt/);
  assert.equal(aws(['s3', 'rb', `s3://${bucket}`]).status === 0, false, 'rb without --force refuses a non-empty bucket');
  assert.match(awsOk(['s3', 'rb', `s3://${bucket}`, '--force']), new RegExp(`remove_bucket: ${bucket}`));
  assert.doesNotMatch(awsOk(['s3', 'ls']), new RegExp(`${bucket}\\b`));
});

test('aws s3 sync uploads new and changed files only, and syncs back down byte for byte', () => {
  const bucket = `${RUN}-sync`;
  awsOk(['s3', 'mb', `s3://${bucket}`]);
  const src = join(dir, 'sync-src');
  mkdirSync(join(src, 'nested'), { recursive: true });
  writeFileSync(join(src, 'a.txt'), 'alpha');
  writeFileSync(join(src, 'nested', 'b.json'), '{"b":1}');
  // S3 lists LastModified to the second, and the CLI re-uploads a file whose mtime is newer: files written in the same
  // second as their upload would look changed (as on AWS), so they are dated a minute back.
  const past = new Date(Date.now() - 60_000);
  for (const file of [join(src, 'a.txt'), join(src, 'nested', 'b.json')]) utimesSync(file, past, past);
  const first = awsOk(['s3', 'sync', src, `s3://${bucket}/site`]);
  assert.equal((first.match(/upload:/g) ?? []).length, 2);
  assert.equal(awsOk(['s3', 'sync', src, `s3://${bucket}/site`]).trim(), '', 'nothing changed, nothing uploaded');
  writeFileSync(join(src, 'a.txt'), 'alpha, longer now');
  assert.match(awsOk(['s3', 'sync', src, `s3://${bucket}/site`]), /upload: .*a\.txt/);

  const down = join(dir, 'sync-down');
  awsOk(['s3', 'sync', `s3://${bucket}/site`, down]);
  assert.equal(readFileSync(join(down, 'a.txt'), 'utf8'), 'alpha, longer now');
  assert.equal(readFileSync(join(down, 'nested', 'b.json'), 'utf8'), '{"b":1}');
  assert.match(awsOk(['s3', 'rm', `s3://${bucket}/site`, '--recursive']), /delete: /);
  assert.equal(awsOk(['s3', 'ls', `s3://${bucket}/`, '--recursive']).trim(), '');
});

test('aws s3api put-bucket-versioning keeps every version, listed by list-object-versions', () => {
  const bucket = `${RUN}-versions`;
  awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  awsOk(['s3api', 'put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Enabled']);
  assert.equal(awsJson(['s3api', 'get-bucket-versioning', '--bucket', bucket])['Status'], 'Enabled');
  writeFileSync(join(dir, 'v.txt'), 'one');
  const v1 = awsJson(['s3api', 'put-object', '--bucket', bucket, '--key', 'doc', '--body', join(dir, 'v.txt')])['VersionId'];
  writeFileSync(join(dir, 'v.txt'), 'two!');
  const v2 = awsJson(['s3api', 'put-object', '--bucket', bucket, '--key', 'doc', '--body', join(dir, 'v.txt')])['VersionId'];
  awsOk(['s3api', 'delete-object', '--bucket', bucket, '--key', 'doc']);
  const listed = awsJson(['s3api', 'list-object-versions', '--bucket', bucket]);
  const versions = listed['Versions'] as Array<{ VersionId: string; Size: number; IsLatest: boolean }>;
  assert.deepEqual(versions.map((v) => [v.VersionId, v.Size, v.IsLatest]), [[v2, 4, false], [v1, 3, false]]);
  const markers = listed['DeleteMarkers'] as Array<{ IsLatest: boolean }>;
  assert.equal(markers.length, 1);
  assert.equal(markers[0]!.IsLatest, true);
  awsOk(['s3api', 'get-object', '--bucket', bucket, '--key', 'doc', '--version-id', String(v1), join(dir, 'v1.out')]);
  assert.equal(readFileSync(join(dir, 'v1.out'), 'utf8'), 'one');
});

test('aws s3api put-bucket-accelerate-configuration and get-bucket-accelerate-configuration round-trip', () => {
  const bucket = `${RUN}-accel`;
  awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  assert.deepEqual(awsJson(['s3api', 'get-bucket-accelerate-configuration', '--bucket', bucket]), {});
  awsOk(['s3api', 'put-bucket-accelerate-configuration', '--bucket', bucket, '--accelerate-configuration', 'Status=Enabled']);
  assert.equal(awsJson(['s3api', 'get-bucket-accelerate-configuration', '--bucket', bucket])['Status'], 'Enabled');
  awsOk(['s3api', 'put-bucket-accelerate-configuration', '--bucket', bucket, '--accelerate-configuration', 'Status=Suspended']);
  assert.equal(awsJson(['s3api', 'get-bucket-accelerate-configuration', '--bucket', bucket])['Status'], 'Suspended');
});

test('boto3 resource API: Bucket.put_object, objects.filter and presigned GET and PUT URLs', () => {
  const bucket = `${RUN}-boto3`;
  const script = `
import boto3, json, os, urllib.request
s3 = boto3.resource('s3')
b = s3.Bucket(os.environ['BUCKET'])
b.create()
b.put_object(Key='docs/a.txt', Body=b'alpha')
b.put_object(Key='docs/b.txt', Body=b'beta', ContentType='text/plain')
b.put_object(Key='other.txt', Body=b'x')
keys = [o.key for o in b.objects.filter(Prefix='docs/')]
client = s3.meta.client
get_url = client.generate_presigned_url('get_object', Params={'Bucket': b.name, 'Key': 'docs/a.txt'}, ExpiresIn=300)
fetched = urllib.request.urlopen(get_url).read().decode()
put_url = client.generate_presigned_url('put_object', Params={'Bucket': b.name, 'Key': 'uploaded.txt'}, ExpiresIn=300)
urllib.request.urlopen(urllib.request.Request(put_url, data=b'via presigned put', method='PUT')).read()
uploaded = b.Object('uploaded.txt').get()['Body'].read().decode()
print(json.dumps({'keys': keys, 'fetched': fetched, 'uploaded': uploaded, 'type': b.Object('docs/b.txt').content_type}))
`;
  const result = spawnSync('python3', ['-c', script], {
    encoding: 'utf8', env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: kumo.url, BUCKET: bucket }, timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout) as unknown, { keys: ['docs/a.txt', 'docs/b.txt'], fetched: 'alpha', uploaded: 'via presigned put', type: 'text/plain' });
});

test('boto3 generate_presigned_post and a curl multipart/form-data POST store the file; success_action_status 201 answers PostResponse', () => {
  const bucket = `${RUN}-post`;
  const script = `
import boto3, json, os
c = boto3.client('s3')
c.create_bucket(Bucket=os.environ['BUCKET'])
post = c.generate_presigned_post(os.environ['BUCKET'], 'forms/\${filename}', Fields={'success_action_status': '201'},
    Conditions=[{'success_action_status': '201'}, ['content-length-range', 1, 1000000], ['starts-with', '$key', 'forms/']], ExpiresIn=300)
print(json.dumps(post))
`;
  const made = spawnSync('python3', ['-c', script], {
    encoding: 'utf8', env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: kumo.url, BUCKET: bucket }, timeout: 60_000,
  });
  assert.equal(made.status, 0, made.stderr);
  const post = JSON.parse(made.stdout) as { url: string; fields: Record<string, string> };
  const file = join(dir, 'form-upload.txt');
  writeFileSync(file, 'posted by curl');
  const args = ['-sS', '-w', '\n%{http_code}'];
  for (const [name, value] of Object.entries(post.fields)) args.push('--form-string', `${name}=${value}`);
  args.push('-F', `file=@${file}`, post.url);
  const res = spawnSync('curl', args, { encoding: 'utf8', timeout: 60_000 });
  const lines = res.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), '201', res.stdout + res.stderr);
  assert.match(res.stdout, /<Key>forms\/form-upload\.txt<\/Key>/);
  assert.equal(awsOk(['s3', 'cp', `s3://${bucket}/forms/form-upload.txt`, '-']), 'posted by curl');
});

test('curl PUT and GET on SDK v3 presigned URLs; an expired presigned URL is 403 Request has expired', async () => {
  const bucket = `${RUN}-presigned`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const file = join(dir, 'curl-up.bin');
  const bytes = randomBytes(100_000);
  writeFileSync(file, bytes);
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'curl/obj.bin' }), { expiresIn: 300 });
  const put = curl(['-X', 'PUT', '--upload-file', file, putUrl]);
  assert.equal(put.status, 200, put.body);

  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'curl/obj.bin' }), { expiresIn: 300 });
  const out = join(dir, 'curl-down.bin');
  const get = spawnSync('curl', ['-sS', '-o', out, '-w', '%{http_code}', getUrl], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(get.stdout, '200', get.stderr);
  assert.ok(readFileSync(out).equals(bytes));

  const expiredUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'curl/obj.bin' }), {
    expiresIn: 60, signingDate: new Date(Date.now() - 3_600_000),
  });
  const expired = curl([expiredUrl]);
  assert.equal(expired.status, 403);
  assert.match(expired.body, /<Code>AccessDenied<\/Code>/);
  assert.match(expired.body, /<Message>Request has expired<\/Message>/);
  assert.match(expired.body, /<X-Amz-Expires>60<\/X-Amz-Expires>/);
});

test('aws s3api restore-object on a GLACIER object, lifecycle transitions, inventory configuration and grant headers', () => {
  const bucket = `${RUN}-round2`;
  awsOk(['s3api', 'create-bucket', '--bucket', bucket, '--object-ownership', 'ObjectWriter']);
  writeFileSync(join(dir, 'cold.txt'), 'cold');
  awsOk(['s3api', 'put-object', '--bucket', bucket, '--key', 'cold', '--body', join(dir, 'cold.txt'), '--storage-class', 'GLACIER',
    '--grant-read', 'uri="http://acs.amazonaws.com/groups/global/AllUsers"']);
  const refused = aws(['s3api', 'get-object', '--bucket', bucket, '--key', 'cold', join(dir, 'cold.out')]);
  assert.match(refused.stderr, /InvalidObjectState/);
  awsOk(['s3api', 'restore-object', '--bucket', bucket, '--key', 'cold', '--restore-request', 'Days=1,GlacierJobParameters={Tier=Standard}']);
  assert.match(String(awsJson(['s3api', 'head-object', '--bucket', bucket, '--key', 'cold'])['Restore']), /ongoing-request="false"/);
  awsOk(['s3api', 'get-object', '--bucket', bucket, '--key', 'cold', join(dir, 'cold.out')]);
  assert.equal(readFileSync(join(dir, 'cold.out'), 'utf8'), 'cold');
  const acl = awsJson(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'cold']);
  assert.match(JSON.stringify(acl['Grants']), /AllUsers/);
  awsOk(['s3api', 'put-bucket-lifecycle-configuration', '--bucket', bucket, '--lifecycle-configuration',
    JSON.stringify({ Rules: [{ ID: 'ia', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }] }] })]);
  const lifecycle = awsJson(['s3api', 'get-bucket-lifecycle-configuration', '--bucket', bucket]);
  assert.match(JSON.stringify(lifecycle), /STANDARD_IA/);
  awsOk(['s3api', 'put-bucket-inventory-configuration', '--bucket', bucket, '--id', 'daily', '--inventory-configuration', JSON.stringify({
    Id: 'daily', IsEnabled: true, IncludedObjectVersions: 'Current', Schedule: { Frequency: 'Daily' },
    Destination: { S3BucketDestination: { Bucket: `arn:aws:s3:::${bucket}`, Format: 'CSV' } },
  })]);
  const listed = awsJson(['s3api', 'list-bucket-inventory-configurations', '--bucket', bucket]);
  assert.deepEqual((listed['InventoryConfigurationList'] as Array<{ Id: string }>).map((c) => c.Id), ['daily']);
});

test('aws s3 website configures a site that curl --resolve reads from the website endpoint: index document, then the error document with 404', () => {
  const bucket = `${RUN}-website`;
  awsOk(['s3', 'mb', `s3://${bucket}`]);
  awsOk(['s3api', 'delete-public-access-block', '--bucket', bucket]);
  // s3:ListBucket too, so a missing key is a 404 (without it S3 answers 403).
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
      { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
    ],
  };
  awsOk(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', JSON.stringify(policy)]);
  awsOk(['s3', 'website', `s3://${bucket}`, '--index-document', 'index.html', '--error-document', 'error.html']);
  writeFileSync(join(dir, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(dir, 'error.html'), '<h1>not here</h1>');
  awsOk(['s3', 'cp', join(dir, 'index.html'), `s3://${bucket}/index.html`]);
  awsOk(['s3', 'cp', join(dir, 'error.html'), `s3://${bucket}/error.html`]);
  const port = new URL(kumo.url).port;
  const site = `${bucket}.s3-website-us-east-1.amazonaws.com`;
  const resolve = ['--resolve', `${site}:${port}:127.0.0.1`];
  assert.deepEqual(curl([...resolve, `http://${site}:${port}/`]), { status: 200, body: '<h1>home</h1>' });
  assert.deepEqual(curl([...resolve, `http://${site}:${port}/missing`]), { status: 404, body: '<h1>not here</h1>' });
});

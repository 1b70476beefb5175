// S3 behind CloudFront: the edge reads objects through the gateway as the origin's OAC (service principal
// cloudfront.amazonaws.com with aws:SourceArn), and S3 allows it only when the bucket policy grants that principal
// for this distribution; geo restriction by the viewer's source address on 127/8.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFrontClient, CreateDistributionCommand, CreateOriginAccessControlCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Edge } from '../../../src/net/edge/edge.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';
import { CACHING_OPTIMIZED } from './cloudfront-support.js';
import { edgePorts, viewerGet } from './edge-support.js';

const dir = mkdtempSync(join(tmpdir(), 'kumo-geo-'));
const geoTable = join(dir, 'geo.csv');
writeFileSync(geoTable, '127.0.2.0/24,JP\n');
let kumo: TestKumo;
let cf: CloudFrontClient;
let s3: S3Client;
let ports: { http: number; https: number };

before(async () => {
  kumo = await startTestKumo({ geoTable });
  cf = new CloudFrontClient(kumo.clientConfig());
  s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  ports = edgePorts(kumo);
});
after(async () => {
  cf.destroy();
  s3.destroy();
  await kumo.stop();
  rmSync(dir, { recursive: true, force: true });
});

function s3Config(bucket: string, oacId: string, extra: Partial<DistributionConfig> = {}): DistributionConfig {
  return {
    CallerReference: uniqueName('ref'),
    Comment: 's3 origin',
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: 's3', DomainName: `${bucket}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: oacId }] },
    DefaultCacheBehavior: { TargetOriginId: 's3', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_OPTIMIZED },
    ...extra,
  };
}

test('an OAC reads the bucket only when its policy grants cloudfront.amazonaws.com for this distribution', async () => {
  const bucket = uniqueName('cf-origin').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'index.html', Body: '<h1>hello</h1>', ContentType: 'text/html' }));
  const oac = await cf.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: { Name: uniqueName('oac'), SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' } }));
  const allowed = await cf.send(new CreateDistributionCommand({ DistributionConfig: s3Config(bucket, oac.OriginAccessControl!.Id!, { DefaultRootObject: 'index.html' }) }));
  const other = await cf.send(new CreateDistributionCommand({ DistributionConfig: s3Config(bucket, oac.OriginAccessControl!.Id!) }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 'AWS:SourceArn': allowed.Distribution!.ARN } } }],
      }),
    }),
  );
  const ok = await viewerGet(ports.http, allowed.Distribution!.DomainName!, '/');
  assert.equal(ok.status, 200);
  assert.equal(ok.body, '<h1>hello</h1>');
  assert.equal(ok.headers['content-type'], 'text/html');
  assert.equal(ok.headers['x-cache'], 'Miss from cloudfront');
  assert.equal((await viewerGet(ports.http, allowed.Distribution!.DomainName!, '/index.html')).headers['x-cache'], 'Hit from cloudfront');
  const denied = await viewerGet(ports.http, other.Distribution!.DomainName!, '/index.html');
  assert.equal(denied.status, 403);
  assert.match(denied.body, /AccessDenied/);
});

test('geo restriction: a viewer from 127.0.2.0/24 (JP in KUMO_GEO_TABLE) is refused by a US-only whitelist', async () => {
  const bucket = uniqueName('cf-geo').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const oac = await cf.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: { Name: uniqueName('oac'), SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' } }));
  const d = await cf.send(
    new CreateDistributionCommand({ DistributionConfig: s3Config(bucket, oac.OriginAccessControl!.Id!, { Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 1, Items: ['US'] } } }) }),
  );
  const fromJapan = await viewerGet(ports.http, d.Distribution!.DomainName!, '/x', { localAddress: '127.0.2.1' });
  assert.equal(fromJapan.status, 403);
  assert.match(fromJapan.body, /block access from your country/);
  const fromUs = await viewerGet(ports.http, d.Distribution!.DomainName!, '/x');
  assert.notEqual(fromUs.headers['x-cache'], undefined);
  assert.notEqual(fromUs.body.includes('block access from your country'), true);
});

test('a big S3 object read through the OAC is cached in a file and answers a Range hit from it', async () => {
  const bucket = uniqueName('cf-big').toLowerCase();
  const body = Buffer.alloc(2 * 1024 * 1024 + 7);
  for (let i = 0; i < body.length; i++) body[i] = i % 251;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: body, ContentType: 'application/octet-stream' }));
  const oac = await cf.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: { Name: uniqueName('oac'), SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' } }));
  const d = await cf.send(new CreateDistributionCommand({ DistributionConfig: s3Config(bucket, oac.OriginAccessControl!.Id!) }));
  const statement = { Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 'AWS:SourceArn': d.Distribution!.ARN } } };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }));
  const edge = ((await kumo.serviceInternal('cloudfront')) as { edge: Edge }).edge;
  const filesBefore = edge.cache.usedFileBytes;
  const miss = await viewerGet(ports.http, d.Distribution!.DomainName!, '/big.bin');
  assert.equal(miss.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(miss.headers['content-length'], String(body.length));
  // The miss streams to the viewer while the fill is stored; the file counts once its last byte is written.
  await until('the fill to be stored', async () => edge.cache.usedFileBytes - filesBefore >= body.length);
  assert.equal(edge.cache.usedFileBytes - filesBefore, body.length);
  const part = await viewerGet(ports.http, d.Distribution!.DomainName!, '/big.bin', { headers: { range: 'bytes=2097150-2097155' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(part.headers['content-range'], `bytes 2097150-2097155/${body.length}`);
  assert.deepEqual(Buffer.from(part.body, 'latin1'), body.subarray(2097150, 2097156));
});

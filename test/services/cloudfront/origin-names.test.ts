// Custom origins naming hosts kumo serves: a name in a Route 53 public hosted zone reaches the address kumo's DNS
// answers (engine asked in process, no system DNS), on the cached path and on the pass-through path, and follows a
// record change once its TTL passes on the runtime clock; an S3 website endpoint named as the origin is served by
// kumo's S3. Every socket is on 127.0.0.0/8.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { publicWebsite } from '../../support/s3-website.js';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CACHING_DISABLED, customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { edgePorts, viewerGet } from './edge-support.js';

const ZONE = 'origin-names.example';
let h: CloudFrontHarness;
let r53: Route53Client;
let s3: S3Client;
let edgePort: number;
let zoneId: string;
/** Two origins on their own loopback addresses, each answering with its name. */
const servers: http.Server[] = [];
const seenHosts: string[] = [];

async function originOn(address: string, name: string): Promise<number> {
  const server = http.createServer((req, res) => {
    seenHosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
    res.end(`${name} ${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, address, r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

async function upsertA(name: string, address: string, ttl = 60): Promise<void> {
  await r53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: zoneId,
    ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: name, Type: 'A', TTL: ttl, ResourceRecords: [{ Value: address }] } }] },
  }));
}

let port: number;

before(async () => {
  h = await startCloudFront();
  r53 = new Route53Client(h.kumo.clientConfig());
  s3 = new S3Client({ ...h.kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
  edgePort = edgePorts(h.kumo).http;
  // Both origins on one port number, so only the address kumo's DNS answers tells them apart.
  port = await originOn('127.0.41.1', 'first');
  const second = http.createServer((req, res) => {
    seenHosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
    res.end(`second ${req.url}`);
  });
  await new Promise<void>((r) => second.listen(port, '127.0.41.2', r));
  servers.push(second);
  const zone = await r53.send(new CreateHostedZoneCommand({ Name: ZONE, CallerReference: `origin-names-${Date.now()}` }));
  zoneId = zone.HostedZone!.Id!;
  await upsertA(`app.${ZONE}`, '127.0.41.1', 30);
});

after(async () => {
  r53.destroy();
  s3.destroy();
  await h.close();
  for (const s of servers) await new Promise((r) => s.close(r));
});

test('a custom origin named in a Route 53 hosted zone is reached at the address kumo\'s DNS answers, with its name as Host', async () => {
  const out = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig(`app.${ZONE}`, port) }));
  const got = await viewerGet(edgePort, out.Distribution!.DomainName!, '/cached');
  assert.equal(got.status, 200);
  assert.equal(got.body, 'first /cached');
  assert.equal(seenHosts.at(-1), `app.${ZONE}`);
});

test('the pass-through path uses the same answer, and a changed record is followed once its TTL has passed', async () => {
  const out = await h.cf.send(new CreateDistributionCommand({
    DistributionConfig: customOriginConfig(`app.${ZONE}`, port, { DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED } }),
  }));
  const domain = out.Distribution!.DomainName!;
  assert.equal((await viewerGet(edgePort, domain, '/pass')).body, 'first /pass');
  assert.equal((await viewerGet(edgePort, domain, '/pass')).body, 'first /pass', 'the name\'s answer is cached: the forward path reaches it too');
  await upsertA(`app.${ZONE}`, '127.0.41.2', 30);
  assert.equal((await viewerGet(edgePort, domain, '/pass')).body, 'first /pass', 'within the TTL the cached answer holds');
  await h.kumo.advance(31);
  assert.equal((await viewerGet(edgePort, domain, '/pass')).body, 'second /pass', 'the expired name is asked again');
  assert.equal((await viewerGet(edgePort, domain, '/pass')).body, 'second /pass');
});

test('an S3 website endpoint named as a custom origin is served by kumo\'s S3 website', async () => {
  const bucket = 'edge-origin-site';
  await publicWebsite(s3, bucket, { 'docs/index.html': 'website docs' });
  const out = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig(`${bucket}.s3-website-us-east-1.amazonaws.com`, 80) }));
  const domain = out.Distribution!.DomainName!;
  const page = await viewerGet(edgePort, domain, '/docs/');
  assert.equal(page.status, 200);
  assert.equal(page.body, 'website docs');
  assert.equal(page.headers['x-cache'], 'Miss from cloudfront');
  const folder = await viewerGet(edgePort, domain, '/docs');
  assert.equal(folder.status, 302, 'the website endpoint\'s index-document redirect');
  assert.equal(folder.headers['location'], '/docs/');
});

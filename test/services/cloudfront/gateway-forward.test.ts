// Reaching the edge through port 4566: a request whose Host is a distribution's DomainName (or LocalStack's
// `<id>.cloudfront.localhost.localstack.cloud`) or one of its aliases is answered by the edge, Miss then Hit, with the
// 4566 client's address as the viewer's (geo restriction, X-Forwarded-For); a forged viewer-address header is ignored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { startOrigin, viewerGet, type TestOrigin } from './edge-support.js';

let h: CloudFrontHarness;
let origin: TestOrigin;
const dir = mkdtempSync(join(tmpdir(), 'kumo-geo-'));
const geoTable = join(dir, 'geo.csv');
writeFileSync(geoTable, '127.0.2.0/24,JP\n');

before(async () => {
  h = await startCloudFront({ geoTable });
  origin = await startOrigin({
    '/who': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end(String(req.headers['x-forwarded-for']));
    },
    '/hello': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
      res.end('hello');
    },
  });
});
after(async () => {
  await origin.close();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

test('port 4566 passes requests for a distribution domain name, or its localstack name, to the edge', async () => {
  const d = (await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', origin.port) }))).Distribution!;
  const apiPort = Number(new URL(h.kumo.url).port);
  const first = await viewerGet(apiPort, d.DomainName!, '/hello');
  assert.equal(first.status, 200, first.body);
  assert.equal(first.body, 'hello');
  assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
  const second = await viewerGet(apiPort, `${d.Id!.toLowerCase()}.cloudfront.localhost.localstack.cloud:${apiPort}`, '/hello');
  assert.equal(second.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(origin.count('/hello'), 1);
});

test('an alias Host on port 4566 reaches its distribution; the 4566 client is the viewer for geo restriction', async () => {
  const d = (await h.cf.send(new CreateDistributionCommand({
    DistributionConfig: customOriginConfig('127.0.0.1', origin.port, {
      Aliases: { Quantity: 1, Items: ['cdn.forward.example'] },
      ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/forward', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
      Restrictions: { GeoRestriction: { RestrictionType: 'blacklist', Quantity: 1, Items: ['JP'] } },
    }),
  }))).Distribution!;
  assert.ok(d.Id);
  const apiPort = Number(new URL(h.kumo.url).port);
  const fromUs = await viewerGet(apiPort, 'cdn.forward.example', '/who', { localAddress: '127.0.0.1' });
  assert.equal(fromUs.status, 200, fromUs.body);
  assert.equal(fromUs.body, '127.0.0.1');
  // A viewer cannot claim another address: the header is honoured only with the forwarder's token.
  const forged = await viewerGet(apiPort, 'cdn.forward.example', '/who', { localAddress: '127.0.0.1', headers: { 'x-kumo-viewer-address': '127.0.2.5' } });
  assert.equal(forged.status, 200);
  const fromJapan = await viewerGet(apiPort, 'cdn.forward.example:4566', '/who', { localAddress: '127.0.2.1' });
  assert.equal(fromJapan.status, 403);
  assert.match(fromJapan.body, /block access from your country/);
  assert.equal(fromJapan.headers['x-cache'], 'Error from cloudfront');
});

// Reaching the edge through port 4566: a request whose Host is a distribution's DomainName (or LocalStack's
// `<id>.cloudfront.localhost.localstack.cloud`) is answered by the edge, Miss then Hit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { startOrigin, viewerGet, type TestOrigin } from './edge-support.js';

let h: CloudFrontHarness;
let origin: TestOrigin;

before(async () => {
  h = await startCloudFront();
  origin = await startOrigin({
    '/hello': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
      res.end('hello');
    },
  });
});
after(async () => {
  await origin.close();
  await h.close();
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

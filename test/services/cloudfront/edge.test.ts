// The CloudFront edge seen by viewers on real sockets: Miss then Hit with Age, TTLs on the runtime clock,
// revalidation (RefreshHit), invalidation purging before CreateInvalidation answers, coalesced misses,
// viewer protocol policy, unknown hosts, origin failures, and HTTPS with kumo's CA.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDistributionCommand, CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { CACHING_DISABLED, customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { edgePorts, startOrigin, viewerGet, type TestOrigin } from './edge-support.js';

let h: CloudFrontHarness;
let origin: TestOrigin;
let ports: { http: number; https: number };

before(async () => {
  h = await startCloudFront();
  ports = edgePorts(h.kumo);
  origin = await startOrigin({
    '/page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
      res.end('page body');
    },
    '/etag': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=10' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'cache-control': 'max-age=10' });
      res.end('versioned');
    },
    '/slow': (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'cache-control': 'max-age=60' });
        res.end('slow body');
      }, 100);
    },
    '/private': (_req, res) => {
      res.writeHead(200, { 'cache-control': 'private' });
      res.end('mine');
    },
    '/echo': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, headers: req.headers }));
    },
  });
});
after(async () => {
  await origin.close();
  await h.close();
});

async function distribution(overrides: Parameters<typeof customOriginConfig>[2] = {}): Promise<{ id: string; domain: string }> {
  const out = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', origin.port, overrides) }));
  return { id: out.Distribution!.Id!, domain: out.Distribution!.DomainName! };
}

test('a first request is a Miss, the next a Hit with Age from the runtime clock, and the origin is asked once', async () => {
  const { domain } = await distribution();
  const first = await viewerGet(ports.http, domain, '/page');
  assert.equal(first.status, 200);
  assert.equal(first.body, 'page body');
  assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
  assert.match(String(first.headers['via']), /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  assert.ok(first.headers['x-amz-cf-pop']);
  assert.ok(first.headers['x-amz-cf-id']);
  await h.kumo.advance(5);
  const second = await viewerGet(ports.http, domain, '/page');
  assert.equal(second.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(second.headers['age'], '5');
  assert.equal(second.body, 'page body');
  assert.equal(origin.count('/page'), 1);
});

test('an expired object is fetched again; one with a validator is revalidated as RefreshHit', async () => {
  const { domain } = await distribution();
  const before = origin.count('/etag');
  assert.equal((await viewerGet(ports.http, domain, '/etag')).headers['x-cache'], 'Miss from cloudfront');
  assert.equal((await viewerGet(ports.http, domain, '/etag')).headers['x-cache'], 'Hit from cloudfront');
  await h.kumo.advance(11);
  const refreshed = await viewerGet(ports.http, domain, '/etag');
  assert.equal(refreshed.headers['x-cache'], 'RefreshHit from cloudfront');
  assert.equal(refreshed.body, 'versioned');
  assert.equal(origin.lastHeaders('/etag')?.['if-none-match'], '"v1"');
  assert.equal(origin.count('/etag') - before, 2);
  assert.equal((await viewerGet(ports.http, domain, '/etag')).headers['x-cache'], 'Hit from cloudfront');
});

test('Cache-Control private is not cached when MinTTL is 0', async () => {
  const { domain } = await distribution({ DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } }, MinTTL: 0 } });
  const before = origin.count('/private');
  await viewerGet(ports.http, domain, '/private');
  const again = await viewerGet(ports.http, domain, '/private');
  assert.equal(again.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(origin.count('/private') - before, 2);
});

test('an invalidation purges the cache before CreateInvalidation answers', async () => {
  const { id, domain } = await distribution();
  await viewerGet(ports.http, domain, '/page');
  assert.equal((await viewerGet(ports.http, domain, '/page')).headers['x-cache'], 'Hit from cloudfront');
  const inv = await h.cf.send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: 'inv-1', Paths: { Quantity: 1, Items: ['/pa*'] } } }));
  assert.equal(inv.Invalidation!.Status, 'InProgress');
  assert.equal((await viewerGet(ports.http, domain, '/page')).headers['x-cache'], 'Miss from cloudfront');
  const got = await h.cf.send(new GetInvalidationCommand({ DistributionId: id, Id: inv.Invalidation!.Id! }));
  assert.equal(got.Invalidation!.Status, 'Completed');
});

test('concurrent misses on one object make one origin request', async () => {
  const { domain } = await distribution();
  const before = origin.count('/slow');
  const answers = await Promise.all(Array.from({ length: 5 }, () => viewerGet(ports.http, domain, '/slow')));
  assert.ok(answers.every((a) => a.status === 200 && a.body === 'slow body'));
  assert.equal(origin.count('/slow') - before, 1);
});

test('CachingDisabled forwards every request, with X-Forwarded-For and without the viewer protocol in the key', async () => {
  const { domain } = await distribution({ DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED } });
  const before = origin.count('/echo');
  const a = await viewerGet(ports.http, domain, '/echo');
  await viewerGet(ports.http, domain, '/echo');
  assert.equal(origin.count('/echo') - before, 2);
  assert.equal(a.headers['x-cache'], 'Miss from cloudfront');
  const seen = JSON.parse(a.body) as { headers: Record<string, string> };
  assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
  assert.equal(seen.headers['host'], '127.0.0.1');
  assert.equal(seen.headers['user-agent'], 'Amazon CloudFront');
});

test('redirect-to-https answers 301 to the edge\'s HTTPS port, https-only 403', async () => {
  const redirect = await distribution({ DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHING_DISABLED } });
  const r = await viewerGet(ports.http, redirect.domain, '/page?x=1');
  assert.equal(r.status, 301);
  assert.equal(r.headers['location'], `https://${redirect.domain}:${ports.https}/page?x=1`);
  assert.equal(r.headers['x-cache'], 'Redirect from cloudfront');
  const only = await distribution({ DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'https-only', CachePolicyId: CACHING_DISABLED } });
  assert.equal((await viewerGet(ports.http, only.domain, '/page')).status, 403);
});

test('HTTPS viewers trusting /_kumo/ca.pem reach the distribution by its domain name; the object is shared with HTTP', async () => {
  const ca = await (await fetch(`${h.kumo.url}/_kumo/ca.pem`)).text();
  const { domain } = await distribution();
  const viaHttp = await viewerGet(ports.http, domain, '/page');
  assert.equal(viaHttp.headers['x-cache'], 'Miss from cloudfront');
  const viaHttps = await viewerGet(ports.https, domain, '/page', { tls: { ca } });
  assert.equal(viaHttps.status, 200);
  assert.equal(viaHttps.headers['x-cache'], 'Hit from cloudfront');
});

test('an unknown Host, a disabled distribution and a dead origin get CloudFront\'s error pages', async () => {
  const unknown = await viewerGet(ports.http, 'dnothere000000.cloudfront.net', '/');
  assert.equal(unknown.status, 403);
  assert.equal(unknown.headers['x-cache'], 'Error from cloudfront');
  assert.match(unknown.body, /The request could not be satisfied/);
  const off = await distribution({ Enabled: false });
  assert.equal((await viewerGet(ports.http, off.domain, '/page')).status, 403);
  const closed = await startOrigin({});
  const port = closed.port;
  await closed.close();
  const dead = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', port, { DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED } }) }));
  const bad = await viewerGet(ports.http, dead.Distribution!.DomainName!, '/x');
  assert.equal(bad.status, 502);
  assert.equal(bad.headers['x-cache'], 'Error from cloudfront');
});

test('404s from the origin are cached for ErrorCachingMinTTL (10 s)', async () => {
  const { domain } = await distribution();
  const before = origin.count('/missing');
  const a = await viewerGet(ports.http, domain, '/missing');
  assert.equal(a.status, 404);
  assert.equal(a.headers['x-cache'], 'Error from cloudfront');
  await viewerGet(ports.http, domain, '/missing');
  assert.equal(origin.count('/missing') - before, 1);
  await h.kumo.advance(11);
  await viewerGet(ports.http, domain, '/missing');
  assert.equal(origin.count('/missing') - before, 2);
});

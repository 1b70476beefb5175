// Edge behaviour that follows the distribution config: cache behaviors by path pattern, custom error pages,
// origin groups failing over, aliases over HTTPS with a certificate for the alias, the LocalStack host form, and
// viewer garbage answered with CloudFront's 400 page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CACHING_DISABLED, customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { edgePorts, startOrigin, viewerGet, type Route, type TestOrigin } from './edge-support.js';

let h: CloudFrontHarness;
let a: TestOrigin;
let b: TestOrigin;
let ports: { http: number; https: number };

before(async () => {
  h = await startCloudFront();
  ports = edgePorts(h.kumo);
  const text = (body: string, status = 200): Route => (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
    res.end(body);
  };
  a = await startOrigin({ '/api/x': text('from a'), '/index.html': text('a index'), '/oops.html': text('custom oops page'), '/down': text('a is down', 503) });
  b = await startOrigin({ '/api/x': text('from b'), '/static/s.css': text('css from b'), '/down': text('b answers') });
});
after(async () => {
  await a.close();
  await b.close();
  await h.close();
});

const origin = (id: string, port: number) => ({ Id: id, DomainName: '127.0.0.1', CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' as const } });

test('cache behaviors route by path pattern to their origins, the default behavior last', async () => {
  const out = await h.cf.send(
    new CreateDistributionCommand({
      DistributionConfig: customOriginConfig('127.0.0.1', a.port, {
        Origins: { Quantity: 2, Items: [origin('origin-1', a.port), origin('b', b.port)] },
        CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/static/*', TargetOriginId: 'b', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED }] },
      }),
    }),
  );
  const domain = out.Distribution!.DomainName!;
  assert.equal((await viewerGet(ports.http, domain, '/static/s.css')).body, 'css from b');
  assert.equal((await viewerGet(ports.http, domain, '/api/x')).body, 'from a');
  assert.equal((await viewerGet(ports.http, domain, '/STATIC/s.css')).status, 404, 'patterns are case-sensitive');
});

test('a custom error response answers the page at ResponsePagePath with ResponseCode', async () => {
  const out = await h.cf.send(
    new CreateDistributionCommand({
      DistributionConfig: customOriginConfig('127.0.0.1', a.port, { CustomErrorResponses: { Quantity: 1, Items: [{ ErrorCode: 404, ResponsePagePath: '/oops.html', ResponseCode: '200', ErrorCachingMinTTL: 30 }] } }),
    }),
  );
  const r = await viewerGet(ports.http, out.Distribution!.DomainName!, '/nothing-here');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'custom oops page');
});

test('an origin group fails over to its second member on a listed status', async () => {
  const out = await h.cf.send(
    new CreateDistributionCommand({
      DistributionConfig: customOriginConfig('127.0.0.1', a.port, {
        Origins: { Quantity: 2, Items: [origin('origin-1', a.port), origin('b', b.port)] },
        OriginGroups: { Quantity: 1, Items: [{ Id: 'group', FailoverCriteria: { StatusCodes: { Quantity: 1, Items: [503] } }, Members: { Quantity: 2, Items: [{ OriginId: 'origin-1' }, { OriginId: 'b' }] } }] },
        DefaultCacheBehavior: { TargetOriginId: 'group', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED },
      }),
    }),
  );
  const r = await viewerGet(ports.http, out.Distribution!.DomainName!, '/down');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'b answers');
});

test('an alias is served over HTTPS with a certificate for it, and the LocalStack host form reaches the distribution', async () => {
  const ca = await (await fetch(`${h.kumo.url}/_kumo/ca.pem`)).text();
  const out = await h.cf.send(
    new CreateDistributionCommand({
      DistributionConfig: customOriginConfig('127.0.0.1', a.port, {
        Aliases: { Quantity: 1, Items: ['cdn.edge-config.example'] },
        ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/edge', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
        DefaultRootObject: 'index.html',
      }),
    }),
  );
  const viaAlias = await viewerGet(ports.https, 'cdn.edge-config.example', '/', { tls: { ca } });
  assert.equal(viaAlias.status, 200);
  assert.equal(viaAlias.body, 'a index');
  const id = out.Distribution!.Id!.toLowerCase();
  assert.equal((await viewerGet(ports.http, `${id}.cloudfront.localhost.localstack.cloud`, '/')).body, 'a index');
});

test('a malformed request gets CloudFront\'s 400 page and the connection closes', async () => {
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(ports.http, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
    let data = '';
    socket.on('data', (c) => (data += String(c)));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /X-Cache: Error from cloudfront/);
});

// The edge with a web ACL: WAF judges after geo restriction and before behaviors; BLOCK answers CloudFront's 403
// page (or the custom response), ALLOW forwards with x-amzn-waf-* headers. WAFv2 itself is helper "waf"'s
// (src/services/wafv2/internal.ts); here a verdict table stands for it at the port the edge calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileDistribution } from './compiled.js';
import { Edge } from './edge.js';
import { OriginClient } from './origin-fetch.js';
import { GeoTable } from '../geo/geo-table.js';
import type { EdgeWaf, EdgeWafRequest, EdgeWafVerdict } from './waf-port.js';
import type { ViewerAnswer, ViewerRequest } from './viewer.js';

const ACL = 'arn:aws:wafv2:us-east-1:000000000000:global/webacl/acl/1111';

function request(path: string): ViewerRequest {
  return { method: 'GET', target: path, path, query: '', version: '1.1', headers: { host: 'd0000000000000.cloudfront.net' }, body: Buffer.alloc(0), chunked: false, remoteAddress: '127.0.0.1', tls: false, servername: undefined, localPort: 0 };
}

const text = (a: ViewerAnswer) => (a.forward ? a.forward.head : Buffer.concat(Buffer.isBuffer(a.bytes) ? [a.bytes] : [...a.bytes]).toString('latin1'));

test('WAF verdicts: BLOCK gets the 403 page, a custom response is sent as given, ALLOW inserts x-amzn-waf-* headers', async () => {
  let seen: http.IncomingHttpHeaders | undefined;
  const origin = http.createServer((req, res) => {
    seen = req.headers;
    res.writeHead(200, { 'cache-control': 'no-store' });
    res.end('ok');
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const judged: EdgeWafRequest[] = [];
  const waf: EdgeWaf = {
    webAclForResource: () => ({}),
    evaluate(arn, req): EdgeWafVerdict {
      assert.equal(arn, ACL);
      judged.push(req);
      if (req.path === '/blocked') return { action: 'BLOCK', insertHeaders: [] };
      if (req.path === '/custom') return { action: 'BLOCK', insertHeaders: [], response: { status: 429, headers: [{ Name: 'x-reason', Value: 'slow down' }], body: 'too many', contentType: 'text/plain' } };
      return { action: 'ALLOW', insertHeaders: [{ Name: 'x-amzn-waf-Checked', Value: 'yes' }] };
    },
  };
  const origins = new OriginClient(undefined);
  const edge = new Edge({ clock: { now: () => 0 }, cacheBytes: 1 << 20, geo: new GeoTable([]), trustViewerAddress: false, origins, s3: undefined, httpsPort: () => 443, waf: () => waf, trustedKey: () => undefined });
  const port = (origin.address() as AddressInfo).port;
  edge.set(compileDistribution({
    id: 'E0000000000000', account: '000000000000', arn: 'arn:aws:cloudfront::000000000000:distribution/E0000000000000', domainName: 'd0000000000000.cloudfront.net',
    config: {
      CallerReference: 'r', Comment: '', Enabled: true, WebACLId: ACL,
      Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: '127.0.0.1', CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }] },
      DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all', ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } }, MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 },
    },
  }, { cache: () => undefined, originRequest: () => undefined, oac: () => undefined }));
  try {
    const blocked = text(await edge.handle(request('/blocked')));
    assert.match(blocked, /^HTTP\/1\.1 403 /);
    assert.match(blocked, /X-Cache: Error from cloudfront/);
    const custom = text(await edge.handle(request('/custom')));
    assert.match(custom, /^HTTP\/1\.1 429 /);
    assert.match(custom, /x-reason: slow down/);
    assert.match(custom, /too many$/);
    assert.equal(seen, undefined, 'blocked requests never reach the origin');
    // An allowed pass-through is forwarded on the proxy core: the origin request's head carries the inserted header.
    const allowed = text(await edge.handle(request('/fine')));
    assert.match(allowed, /^GET \/fine HTTP\/1\.1\r\n/);
    assert.match(allowed, /\r\nx-amzn-waf-checked: yes\r\n/);
    assert.equal(judged[0]?.clientIp, '127.0.0.1');
  } finally {
    origins.close();
    origin.close();
  }
});

// Edge compression with Compress on: Brotli over Gzip per the viewer's Accept-Encoding, one cache entry per
// encoding, and only listed content types of 1,000 bytes to 10 MB that the origin did not encode itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { customOriginConfig, startCloudFront, type CloudFrontHarness, CACHING_OPTIMIZED } from './cloudfront-support.js';
import { edgePorts, startOrigin, type TestOrigin } from './edge-support.js';

let h: CloudFrontHarness;
let origin: TestOrigin;
let port = 0;
const PAGE = '<html>' + 'kumo edge compression '.repeat(200) + '</html>';

before(async () => {
  h = await startCloudFront();
  port = edgePorts(h.kumo).http;
  const send = (type: string, body: string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'max-age=60' });
    res.end(body);
  };
  origin = await startOrigin({ '/page.html': send('text/html; charset=utf-8', PAGE), '/small.txt': send('text/plain', 'tiny'), '/pic.png': send('image/png', 'x'.repeat(5000)) });
});
after(async () => {
  await origin.close();
  await h.close();
});

function raw(host: string, path: string, acceptEncoding?: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('Compress on: br for viewers that accept it, gzip for the others, identity without Accept-Encoding, each cached apart', async () => {
  const config = customOriginConfig('127.0.0.1', origin.port, { DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_OPTIMIZED, Compress: true } });
  const host = (await h.cf.send(new CreateDistributionCommand({ DistributionConfig: config }))).Distribution!.DomainName!;
  const br = await raw(host, '/page.html', 'gzip, deflate, br');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(brotliDecompressSync(br.body).toString(), PAGE);
  assert.ok(br.body.length < PAGE.length / 4);
  const gz = await raw(host, '/page.html', 'gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.body).toString(), PAGE);
  const plain = await raw(host, '/page.html');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), PAGE);
  assert.equal((await raw(host, '/page.html', 'br, gzip')).headers['x-cache'], 'Hit from cloudfront', 'normalized to br,gzip like the first');
  assert.equal(origin.count('/page.html'), 3, 'one origin request per encoding');
  assert.equal((await raw(host, '/small.txt', 'gzip')).headers['content-encoding'], undefined, 'under 1,000 bytes');
  assert.equal((await raw(host, '/pic.png', 'gzip')).headers['content-encoding'], undefined, 'not a listed type');
});

test('Compress off: the origin answer passes as it is', async () => {
  const config = customOriginConfig('127.0.0.1', origin.port, { DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_OPTIMIZED, Compress: false } });
  const host = (await h.cf.send(new CreateDistributionCommand({ DistributionConfig: config }))).Distribution!.DomainName!;
  const r = await raw(host, '/page.html', 'gzip, br');
  assert.equal(r.headers['content-encoding'], undefined);
  assert.equal(r.body.toString(), PAGE);
});

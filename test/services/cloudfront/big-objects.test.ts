// Big cached objects on the edge: bodies over 1 MiB are kept in files (the memory cache holds only their heads),
// served whole or by Range from the file, dropped with their files on invalidation, and answered once without
// being kept when their status is not cached. Small objects answer Range requests from memory the same way. The
// miss streams while the file is written, so the entry is stored just after the viewer's last byte (polled).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { CreateDistributionCommand, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { Edge } from '../../../src/net/edge/edge.js';
import { customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { edgePorts, startOrigin, type TestOrigin } from './edge-support.js';
import { until } from '../../support/until.js';

const BIG = randomBytes(2 * 1024 * 1024 + 123);
const SMALL = Buffer.from('0123456789abcdefghij');

let h: CloudFrontHarness;
let origin: TestOrigin;
let port: number;
let edge: Edge;
let domain: string;
let id: string;

before(async () => {
  h = await startCloudFront();
  port = edgePorts(h.kumo).http;
  edge = ((await h.kumo.serviceInternal('cloudfront')) as { edge: Edge }).edge;
  origin = await startOrigin({
    '/big.bin': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG.length, etag: '"big"', 'cache-control': 'max-age=60' });
      res.end(BIG);
    },
    '/chunked.bin': (_req, res) => {
      // No Content-Length: the edge learns the size only while reading.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=60' });
      for (let at = 0; at < BIG.length; at += 256 * 1024) res.write(BIG.subarray(at, at + 256 * 1024));
      res.end();
    },
    '/accepted.bin': (_req, res) => {
      // 202 is not among the statuses CloudFront caches.
      res.writeHead(202, { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=60' });
      res.end(BIG);
    },
    '/small.txt': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
      res.end(SMALL);
    },
  });
  const out = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', origin.port) }));
  domain = out.Distribution!.DomainName!;
  id = out.Distribution!.Id!;
});
after(async () => {
  await origin.close();
  await h.close();
});

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { host: domain, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('a big object is cached in a file, not memory, and the Hit streams the same bytes', async () => {
  const memoryBefore = edge.cache.usedBytes;
  const miss = await get('/big.bin');
  assert.equal(miss.status, 200);
  assert.equal(miss.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(miss.headers['content-length'], String(BIG.length));
  assert.equal(sha(miss.body), sha(BIG));
  await until('the fill to be stored', async () => edge.cache.usedFileBytes >= BIG.length);
  assert.ok(edge.cache.usedBytes - memoryBefore < 64 * 1024, `memory bytes grew by ${edge.cache.usedBytes - memoryBefore}`);
  const hit = await get('/big.bin');
  assert.equal(hit.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(hit.headers['etag'], '"big"');
  assert.equal(sha(hit.body), sha(BIG));
  assert.equal(origin.count('/big.bin'), 1);
});

test('a big body without Content-Length streams chunked on the miss, is spilled to a file, and hits carry its length', async () => {
  const miss = await get('/chunked.bin');
  assert.equal(miss.headers['transfer-encoding'], 'chunked');
  assert.equal(sha(miss.body), sha(BIG));
  const hit = await until('the fill to be stored', async () => {
    const got = await get('/chunked.bin');
    return got.headers['content-length'] === String(BIG.length) && got;
  });
  assert.equal(hit.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(sha(hit.body), sha(BIG));
  assert.equal(origin.count('/chunked.bin'), 1);
});

test('a Range request on a cached file answers 206 with Content-Range and only those bytes', async () => {
  await get('/big.bin');
  const part = await get('/big.bin', { range: 'bytes=1048570-1048589' });
  assert.equal(part.status, 206);
  assert.equal(part.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(part.headers['content-range'], `bytes 1048570-1048589/${BIG.length}`);
  assert.equal(part.headers['content-length'], '20');
  assert.deepEqual(part.body, BIG.subarray(1048570, 1048590));
  const suffix = await get('/big.bin', { range: 'bytes=-10' });
  assert.equal(suffix.status, 206);
  assert.deepEqual(suffix.body, BIG.subarray(BIG.length - 10));
  const open = await get('/big.bin', { range: `bytes=${BIG.length - 5}-` });
  assert.deepEqual(open.body, BIG.subarray(BIG.length - 5));
  const past = await get('/big.bin', { range: `bytes=${BIG.length}-` });
  assert.equal(past.status, 416);
  assert.equal(past.headers['content-range'], `bytes */${BIG.length}`);
  assert.equal(past.body.length, 0);
  const stale = await get('/big.bin', { range: 'bytes=0-9', 'if-range': '"other"' });
  assert.equal(stale.status, 200, 'an If-Range that does not match gets the whole object');
  assert.equal(stale.body.length, BIG.length);
  const head = await get('/big.bin', {}, 'HEAD');
  assert.equal(head.headers['content-length'], String(BIG.length));
  assert.equal(head.body.length, 0);
  assert.equal(origin.count('/big.bin'), 1);
});

test('a small cached object answers Range requests from memory', async () => {
  await get('/small.txt');
  const part = await get('/small.txt', { range: 'bytes=2-5' });
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], `bytes 2-5/${SMALL.length}`);
  assert.equal(part.body.toString(), '2345');
  const many = await get('/small.txt', { range: 'bytes=0-1,4-5' });
  assert.equal(many.status, 200, 'several ranges get the whole object');
  assert.equal(many.body.toString(), SMALL.toString());
});

test('a big answer of a status the edge does not cache is answered whole and its file is not kept', async () => {
  const filesBefore = edge.cache.usedFileBytes;
  const first = await get('/accepted.bin');
  assert.equal(first.status, 202);
  assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(sha(first.body), sha(BIG));
  assert.equal(edge.cache.usedFileBytes, filesBefore);
  const second = await get('/accepted.bin');
  assert.equal(sha(second.body), sha(BIG));
  assert.equal(origin.count('/accepted.bin'), 2);
});

test('invalidating a big object drops its file', async () => {
  await get('/big.bin');
  await until('the fill to be stored', async () => edge.cache.usedFileBytes > 0);
  await h.cf.send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: 'big-1', Paths: { Quantity: 1, Items: ['/*'] } } }));
  assert.equal(edge.cache.usedFileBytes, 0);
  const again = await get('/big.bin');
  assert.equal(again.headers['x-cache'], 'Miss from cloudfront');
  assert.equal(sha(again.body), sha(BIG));
});

test('a viewer that goes away in the middle of a file-backed hit leaves the edge serving the next one whole', async () => {
  await get('/big.bin');
  await new Promise<void>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/big.bin', headers: { host: domain }, agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
    req.end();
  });
  const next = await get('/big.bin');
  assert.equal(next.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(sha(next.body), sha(BIG));
});

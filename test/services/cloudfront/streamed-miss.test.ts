// A miss streams: the viewer gets the origin's first bytes while the origin still holds the rest back (a gated
// origin on loopback), viewers arriving during the fill join it (one origin request, Hit), a viewer leaving does not
// stop a cacheable fill, an origin failing mid-body caches nothing and ends the viewer's connection, and an
// uncacheable fill is abandoned when its only viewer leaves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import type { Edge } from '../../../src/net/edge/edge.js';
import { customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { edgePorts, startOrigin, type TestOrigin } from './edge-support.js';
import { until } from '../../support/until.js';

/** Past the 1 MiB spill size, so the first part already goes to a file. */
const BIG = randomBytes(1536 * 1024 + 77);
const FIRST = 1280 * 1024;
const SMALL = Buffer.from('the first part|and the rest of a small object');

let h: CloudFrontHarness;
let origin: TestOrigin;
let port: number;
let edge: Edge;
let domain: string;
let legacyDomain: string;
/** Opens the gate of each held-back path: the origin sends the rest of the body. */
const gates = new Map<string, () => void>();
/** Paths whose origin response saw its connection close before the body was sent. */
const abandoned = new Set<string>();

function gate(path: string): Promise<void> {
  return new Promise((resolve) => gates.set(path, resolve));
}

/** An origin answer sending `first`, then the rest when the test opens the path's gate (or failing instead). */
function heldBack(body: Buffer, first: number, headers: Record<string, string | number>, fail = false): Parameters<typeof startOrigin>[0][string] {
  return (req, res) => {
    res.writeHead(200, headers);
    res.write(body.subarray(0, first));
    res.on('close', () => {
      if (!res.writableFinished) abandoned.add(req.url ?? '');
    });
    void gate(req.url ?? '').then(() => {
      if (fail) res.socket?.destroy();
      else res.end(body.subarray(first));
    });
  };
}

before(async () => {
  h = await startCloudFront();
  port = edgePorts(h.kumo).http;
  edge = ((await h.kumo.serviceInternal('cloudfront')) as { edge: Edge }).edge;
  const cached = { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=60' };
  origin = await startOrigin({
    '/big.bin': heldBack(BIG, FIRST, { ...cached, 'content-length': BIG.length }),
    '/small.txt': heldBack(SMALL, 14, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' }),
    '/joined.bin': heldBack(BIG, FIRST, { ...cached, 'content-length': BIG.length }),
    '/left.bin': heldBack(BIG, FIRST, { ...cached, 'content-length': BIG.length }),
    '/broken.bin': heldBack(BIG, FIRST, { ...cached, 'content-length': BIG.length }, true),
    '/private.bin': heldBack(BIG, FIRST, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', 'content-length': BIG.length }),
  });
  const out = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', origin.port) }));
  domain = out.Distribution!.DomainName!;
  // Legacy settings with MinTTL 0: a no-store answer is not cached.
  const legacy = await h.cf.send(
    new CreateDistributionCommand({
      DistributionConfig: customOriginConfig('127.0.0.1', origin.port, {
        DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } }, MinTTL: 0 },
      }),
    }),
  );
  legacyDomain = legacy.Distribution!.DomainName!;
});
after(async () => {
  for (const open of gates.values()) open();
  await origin.close();
  await h.close();
});

interface Viewer {
  headers: Promise<http.IncomingHttpHeaders>;
  /** Resolves once at least `n` body bytes arrived. */
  received(n: number): Promise<Buffer>;
  /** The whole body, or a rejection when the connection ends early. */
  body: Promise<Buffer>;
  leave(): void;
}

function view(path: string, host = domain): Viewer {
  const chunks: Buffer[] = [];
  let got = 0;
  const waiters: Array<{ n: number; resolve: (b: Buffer) => void }> = [];
  let resolveHeaders!: (h: http.IncomingHttpHeaders) => void;
  const headers = new Promise<http.IncomingHttpHeaders>((r) => (resolveHeaders = r));
  let req!: http.ClientRequest;
  const body = new Promise<Buffer>((resolve, reject) => {
    req = http.get({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      resolveHeaders(res.headers);
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        got += c.length;
        for (const w of waiters.filter((x) => got >= x.n)) w.resolve(Buffer.concat(chunks));
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('aborted', () => reject(new Error(`connection ended after ${got} bytes`)));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  body.catch(() => undefined);
  return {
    headers,
    received: (n) => (got >= n ? Promise.resolve(Buffer.concat(chunks)) : new Promise((resolve) => waiters.push({ n, resolve }))),
    body,
    leave: () => req.destroy(),
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('a miss streams the first bytes to the viewer while the origin holds the rest back, then caches the whole object', async () => {
  const viewer = view('/big.bin');
  assert.equal((await viewer.headers)['x-cache'], 'Miss from cloudfront');
  assert.equal((await viewer.headers)['content-length'], String(BIG.length));
  // The origin sends the rest only when the gate opens below.
  const early = await viewer.received(FIRST);
  assert.deepEqual(early.subarray(0, FIRST), BIG.subarray(0, FIRST));
  gates.get('/big.bin')!();
  assert.equal(sha(await viewer.body), sha(BIG));
  await until('the fill to be stored', async () => edge.cache.usedFileBytes >= BIG.length);
  const hit = view('/big.bin');
  assert.equal((await hit.headers)['x-cache'], 'Hit from cloudfront');
  assert.equal(sha(await hit.body), sha(BIG));
  assert.equal(origin.count('/big.bin'), 1);
});

test('a small miss without Content-Length streams chunked and is cached in memory', async () => {
  const viewer = view('/small.txt');
  assert.equal((await viewer.headers)['transfer-encoding'], 'chunked');
  assert.equal((await viewer.received(14)).toString(), 'the first part');
  gates.get('/small.txt')!();
  assert.equal((await viewer.body).toString(), SMALL.toString());
  const hit = await until('the fill to be stored', async () => {
    const v = view('/small.txt');
    return (await v.headers)['content-length'] === String(SMALL.length) && v;
  });
  assert.equal((await hit.body).toString(), SMALL.toString());
  assert.equal(origin.count('/small.txt'), 1);
});

test('viewers arriving during a fill join it from the first byte: one origin request, answered as Hit', async () => {
  const first = view('/joined.bin');
  await first.received(1);
  const second = view('/joined.bin');
  assert.equal((await second.headers)['x-cache'], 'Hit from cloudfront');
  assert.deepEqual((await second.received(FIRST)).subarray(0, FIRST), BIG.subarray(0, FIRST), 'the joiner gets what arrived so far before the origin sends more');
  gates.get('/joined.bin')!();
  assert.equal(sha(await first.body), sha(BIG));
  assert.equal(sha(await second.body), sha(BIG));
  assert.equal(origin.count('/joined.bin'), 1);
});

test('a viewer leaving mid-fill does not stop a cacheable fill: the next viewer gets a Hit', async () => {
  const viewer = view('/left.bin');
  await viewer.received(1);
  viewer.leave();
  await assert.rejects(viewer.body);
  gates.get('/left.bin')!();
  const hit = await until('the fill to be stored', async () => {
    const v = view('/left.bin');
    return (await v.headers)['content-length'] === String(BIG.length) && (await v.headers)['x-cache'] === 'Hit from cloudfront' && v;
  });
  assert.equal(sha(await hit.body), sha(BIG));
  assert.equal(origin.count('/left.bin'), 1);
});

test('an origin failing mid-body ends the viewer\'s connection and leaves nothing cached, not even a file', async () => {
  const files = edge.cacheFiles!;
  const bodiesBefore = files.count().bodies;
  const viewer = view('/broken.bin');
  await viewer.received(1);
  gates.get('/broken.bin')!();
  await assert.rejects(viewer.body, /connection ended|aborted|socket hang up/);
  await until('the temp file to go', async () => files.count().temps === 0);
  assert.equal(files.count().bodies, bodiesBefore);
  const again = view('/broken.bin');
  assert.equal((await again.headers)['x-cache'], 'Miss from cloudfront', 'nothing partial was cached');
  assert.equal(origin.count('/broken.bin'), 2);
  again.leave();
  gates.get('/broken.bin')!();
  await until('the second fill\'s temp file to go', async () => files.count().temps === 0);
});

test('an uncacheable fill is abandoned when its only viewer leaves: the origin connection closes', async () => {
  const viewer = view('/private.bin', legacyDomain);
  assert.equal((await viewer.headers)['x-cache'], 'Miss from cloudfront');
  await viewer.received(1);
  viewer.leave();
  await until('the origin to see its answer abandoned', async () => abandoned.has('/private.bin'));
  await until('the temp file to go', async () => edge.cacheFiles!.count().temps === 0);
});

// The proxy core over real loopback sockets: requests reach an upstream node:http server with edited heads, bodies
// stream both ways unchanged (Content-Length and chunked), upstream connections are reused, direct answers and
// upstream failures are written whole, and malformed bytes close only their own connection.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildRequestHead, completeResponse, createHttpProxyServer, headerValue, UpstreamPool, type ProxyPlan } from '../../../src/net/proxy/index.js';

let upstreamConnections = 0;
const upstream = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.url === '/chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('part1-');
      res.end('part2');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': '1' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, length: body.length, sum: body.reduce((a, b) => (a + b) % 65521, 0) }));
  });
});
upstream.on('connection', () => upstreamConnections++);

const pool = new UpstreamPool();
const done: number[] = [];
let upstreamPort = 0;
const proxy = createHttpProxyServer({
  pool,
  badRequest: () => completeResponse({ status: 400, headers: [['Server', 'test']], close: true }),
  handler(req, client): ProxyPlan {
    if (req.target.startsWith('/fixed')) return { kind: 'respond', response: completeResponse({ status: 418, reason: 'Teapot', body: 'fixed' }) };
    const port = req.target.startsWith('/dead') ? 1 : upstreamPort;
    return {
      kind: 'forward',
      target: { host: '127.0.0.1', port },
      head: buildRequestHead(req, { append: ['X-Forwarded-For', client.remoteAddress, 'X-Seen-Host', headerValue(req, 'host') ?? ''] }),
      responseEdits: { append: ['X-Proxy', 'yes'] },
      onFailure: (kind) => completeResponse({ status: 502, headers: [['X-Failure', kind]] }),
      onDone: (status) => done.push(status),
    };
  },
});
let proxyPort = 0;

before(async () => {
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamPort = (upstream.address() as AddressInfo).port;
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyPort = (proxy.address() as AddressInfo).port;
});
after(async () => {
  agent.destroy();
  pool.close();
  await new Promise<void>((r) => proxy.close(() => r()));
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(path: string, opts: { method?: string; body?: Buffer; chunked?: boolean } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.body && !opts.chunked) headers['content-length'] = String(opts.body.length);
    const r = http.request({ host: '127.0.0.1', port: proxyPort, path, method: opts.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    r.on('error', reject);
    if (opts.body && opts.chunked) {
      for (let i = 0; i < opts.body.length; i += 65_536) r.write(opts.body.subarray(i, i + 65_536));
    }
    r.end(opts.body && !opts.chunked ? opts.body : undefined);
  });
}

function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(proxyPort, '127.0.0.1', () => s.end(bytes));
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}

test('a request is forwarded with the edited head and the response carries the appended fields', async () => {
  const res = await request('/hello?x=1');
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-proxy'], 'yes');
  assert.equal(res.headers['x-upstream'], '1');
  const seen = JSON.parse(res.body);
  assert.equal(seen.url, '/hello?x=1');
  assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
  assert.equal(seen.headers['x-seen-host'], `127.0.0.1:${proxyPort}`);
  assert.equal(seen.headers.connection, undefined);
});

test('upstream connections are kept alive and reused across requests', async () => {
  await request('/warm');
  const before = upstreamConnections;
  for (let i = 0; i < 20; i++) assert.equal((await request(`/n${i}`)).status, 200);
  assert.equal(upstreamConnections, before);
});

test('bodies stream unchanged in both directions, with Content-Length and chunked framing', async () => {
  const body = Buffer.alloc(1_500_000);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 255;
  const sum = body.reduce((a, b) => (a + b) % 65521, 0);
  const fixed = JSON.parse((await request('/upload', { method: 'POST', body })).body);
  assert.deepEqual([fixed.length, fixed.sum], [body.length, sum]);
  const chunked = JSON.parse((await request('/upload', { method: 'PUT', body, chunked: true })).body);
  assert.deepEqual([chunked.length, chunked.sum, chunked.headers['transfer-encoding']], [body.length, sum, 'chunked']);
  const res = await request('/chunked');
  assert.equal(res.body, 'part1-part2');
  assert.equal(res.headers['transfer-encoding'], 'chunked');
});

test('a direct answer is written whole and the discarded request body does not end the connection', async () => {
  const out = await rawExchange('POST /fixed HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcdGET /fixed2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(out.split('HTTP/1.1 418 Teapot').length, 3);
});

test('pipelined requests are answered in order over one connection', async () => {
  const out = await rawExchange('GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nGET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const urls = [...out.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(urls, ['/one', '/two', '/three']);
  assert.match(out, /Connection: close\r\n/);
});

test('an upstream that refuses the connection gets the plan failure response', async () => {
  const res = await request('/dead');
  assert.equal(res.status, 502);
  assert.equal(res.headers['x-failure'], 'connect');
  assert.ok(done.includes(502));
});

test('malformed bytes get the bad-request answer and close only that connection', async () => {
  const out = await rawExchange('GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n');
  assert.match(out, /^HTTP\/1\.1 400 Bad Request\r\nServer: test\r\n/);
  const broken = await rawExchange('POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n');
  assert.match(broken, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.equal((await request('/still-fine')).status, 200);
});

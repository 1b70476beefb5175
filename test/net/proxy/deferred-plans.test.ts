// The proxy core's two deferred plans over loopback sockets: inspect-body (decide after the first bytes of a body,
// then forward them and the rest, or answer and discard the rest) and pending (answer after I/O, pipelined requests
// still answered in order).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildRequestHead, completeResponse, createHttpProxyServer, UpstreamPool } from '../../../src/net/proxy/index.js';

const upstream = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (c: Buffer) => (n += c.length));
  req.on('end', () => res.end(`got ${n}`));
});
const pool = new UpstreamPool();
const seen: string[] = [];
let upstreamPort = 0;
const proxy = createHttpProxyServer({
  pool,
  handler(req) {
    if (req.target === '/slow') return { kind: 'pending', plan: new Promise((r) => setTimeout(() => r({ kind: 'respond', response: completeResponse({ status: 200, body: 'slow' }) }), 30)) };
    if (req.target === '/fast') return { kind: 'respond', response: completeResponse({ status: 200, body: 'fast' }), parts: [] };
    return {
      kind: 'inspect-body',
      limit: 16,
      decide: (body, complete) => {
        seen.push(`${body.toString()}|${complete}`);
        if (body.toString().startsWith('deny')) return { kind: 'respond', response: completeResponse({ status: 403, body: 'no' }) };
        return { kind: 'forward', target: { host: '127.0.0.1', port: upstreamPort }, head: buildRequestHead(req), onFailure: () => completeResponse({ status: 502 }) };
      },
    };
  },
});
let port = 0;

before(async () => {
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamPort = (upstream.address() as AddressInfo).port;
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  port = (proxy.address() as AddressInfo).port;
});
after(async () => {
  pool.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
  await new Promise<void>((r) => upstream.close(() => r()));
});

/** Writes raw bytes on one connection and reads until `count` responses ended (by their Content-Length). */
function exchange(bytes: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    const bodies: string[] = [];
    s.setEncoding('latin1');
    s.on('data', (c: string) => {
      buf += c;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + len) break;
        bodies.push(`${buf.slice(9, 12)} ${buf.slice(end + 4, end + 4 + len)}`);
        buf = buf.slice(end + 4 + len);
      }
      if (bodies.length >= count) {
        s.destroy();
        resolve(bodies);
      }
    });
    s.on('error', reject);
    s.write(bytes);
  });
}

test('a pending plan answers after its promise settles, and pipelined requests behind it keep their order', async () => {
  const out = await exchange('GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\n', 2);
  assert.deepEqual(out, ['200 slow', '200 fast']);
});

test('inspect-body decides on the first bytes: forwarded whole when allowed, answered and discarded when not', async () => {
  const long = 'x'.repeat(100);
  const out = await exchange(
    `POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n${long}` +
      'POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 30\r\n\r\ndeny-this-body-and-its-tail-xx' +
      'POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
      'GET /up HTTP/1.1\r\nHost: a\r\n\r\n',
    4,
  );
  assert.deepEqual(out, ['200 got 100', '403 no', '200 got 3', '200 got 0']);
  assert.deepEqual(seen, [`${'x'.repeat(16)}|false`, 'deny-this-body-a|false', '3\r\nabc\r\n0\r\n\r\n|true', '|true']);
});

// Probes against loopback servers started here: HTTP status classes, ResourcePath, string match within the
// first 5,120 bytes, HTTPS with a self-signed certificate, TCP, and the loopback-only guard.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';
import { probe } from './health-probe.js';

const servers: { close(): void }[] = [];
after(() => servers.forEach((s) => s.close()));

async function http(handler: RequestListener): Promise<number> {
  const server: Server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

test('HTTP 2xx and 3xx are healthy, 4xx and 5xx are not, at the ResourcePath asked for', async () => {
  const seen: string[] = [];
  const port = await http((req, res) => {
    seen.push(req.url ?? '');
    res.statusCode = req.url === '/ok' ? 200 : req.url === '/moved' ? 301 : 503;
    res.end();
  });
  assert.equal((await probe({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/ok' })).healthy, true);
  assert.equal((await probe({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: 'moved' })).healthy, true);
  const down = await probe({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/down' });
  assert.equal(down.healthy, false);
  assert.match(down.report, /status code of 503/);
  assert.deepEqual(seen, ['/ok', '/moved', '/down']);
});

test('HTTP_STR_MATCH looks for the string only in the first 5,120 bytes', async () => {
  const port = await http((req, res) => {
    res.end(req.url === '/early' ? 'xx ALIVE xx' : 'x'.repeat(6000) + 'ALIVE');
  });
  assert.equal((await probe({ Type: 'HTTP_STR_MATCH', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/early', SearchString: 'ALIVE' })).healthy, true);
  const late = await probe({ Type: 'HTTP_STR_MATCH', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/late', SearchString: 'ALIVE' });
  assert.equal(late.healthy, false);
  assert.match(late.report, /Search string not found/);
});

test('TCP is healthy when a connection is accepted and unhealthy when refused', async () => {
  const server = createTcpServer((s) => s.end());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  assert.equal((await probe({ Type: 'TCP', IPAddress: '127.0.0.1', Port: port })).healthy, true);
  server.close();
  const refused = await probe({ Type: 'TCP', IPAddress: '127.0.0.1', Port: port });
  assert.equal(refused.healthy, false);
  assert.match(refused.report, /refused/);
});

test('Endpoints off the loopback network are not probed', async () => {
  const r = await probe({ Type: 'HTTP', IPAddress: '192.0.2.1', Port: 80 });
  assert.equal(r.healthy, false);
  assert.match(r.report, /loopback endpoints only/);
});

test('HTTPS_STR_MATCH accepts a self-signed certificate, as Route 53 does', async () => {
  const tls = join(packageRoot(), 'test', 'fixtures', 'tls');
  const server = createHttpsServer({ cert: readFileSync(join(tls, 'self-signed-cert.pem')), key: readFileSync(join(tls, 'self-signed-key.pem')) }, (_req, res) => res.end('secure ALIVE'));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const r = await probe({ Type: 'HTTPS_STR_MATCH', IPAddress: '127.0.0.1', Port: port, SearchString: 'ALIVE' });
  assert.equal(r.healthy, true, r.report);
});

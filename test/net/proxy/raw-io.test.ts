// Raw socket I/O of the HTTP proxy core over real loopback sockets: reads arrive as Buffers of their own, a peer's
// FIN still ends the socket ('end', then 'close'), pieces leave in order in one write, and a write the kernel cannot
// take at once reports backpressure and emits 'drain' when done, with every byte delivered in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { pauseReads, readRaw, readsPaused, resumeReads, writeOut } from '../../../src/net/proxy/raw-io.js';

async function pair(): Promise<{ server: net.Server; a: net.Socket; b: net.Socket }> {
  const server = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const b = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((r) => b.once('connect', r));
  return { server, a: await accepted, b };
}

test('raw reads deliver the bytes, and a FIN still ends and closes the socket', async () => {
  const { server, a, b } = await pair();
  const got: Buffer[] = [];
  assert.equal(readRaw(a, (c) => got.push(c)), true);
  const ended = new Promise((r) => a.once('end', r));
  const closed = new Promise((r) => a.once('close', r));
  b.end('hello raw');
  await ended;
  assert.equal(Buffer.concat(got).toString(), 'hello raw');
  a.end();
  await closed;
  server.close();
});

test('pieces written together arrive in order; paused reads wait until resumed', async () => {
  const { server, a, b } = await pair();
  const got: Buffer[] = [];
  readRaw(a, (c) => got.push(c));
  pauseReads(a);
  assert.equal(readsPaused(a), true);
  assert.equal(writeOut(b, ['HTTP/1.1 200 OK\r\n\r\n', Buffer.from('body')]), true);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(got.length, 0);
  resumeReads(a);
  while (Buffer.concat(got).length < 23) await new Promise((r) => setTimeout(r, 5));
  assert.equal(Buffer.concat(got).toString(), 'HTTP/1.1 200 OK\r\n\r\nbody');
  a.destroy();
  b.destroy();
  server.close();
});

test('a write larger than the kernel takes reports backpressure, drains, and arrives whole', async () => {
  const { server, a, b } = await pair();
  readRaw(b, () => undefined);
  const big = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
  const received: Buffer[] = [];
  let length = 0;
  a.on('data', (c: Buffer) => {
    received.push(c);
    length += c.length;
  });
  a.pause(); // the reader does not read yet: the writer's kernel buffers fill
  const drained = new Promise((r) => b.once('drain', r));
  assert.equal(writeOut(b, [big]), false);
  a.resume();
  await drained;
  while (length < big.length) await new Promise((r) => setTimeout(r, 5));
  assert.ok(Buffer.concat(received).equals(big));
  a.destroy();
  b.destroy();
  server.close();
});

// The DNS server's UDP socket, batched (native/udp-batch) and node:dgram: both hand every datagram of a burst to the
// handler with the client's address and port, and send each reply back to that client, over real loopback sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { bindDnsUdp, nativeUdp, type DatagramHandler } from './udp-batch.js';

const KINDS: Array<'batch' | 'dgram'> = ['batch', 'dgram'];

async function client(family: 4 | 6 = 4): Promise<Socket> {
  const s = createSocket(family === 6 ? 'udp6' : 'udp4');
  await new Promise<void>((r) => s.bind(0, family === 6 ? '::1' : '127.0.0.1', () => r()));
  return s;
}

/** Sends every payload at once, then waits (polling, no fixed sleep) until `count` replies came or 10 s passed. */
async function burst(s: Socket, port: number, host: string, payloads: Buffer[], count = payloads.length): Promise<Buffer[]> {
  const replies: Buffer[] = [];
  s.on('message', (m) => replies.push(m));
  for (const p of payloads) s.send(p, port, host);
  for (let i = 0; i < 1000 && replies.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return replies;
}

for (const kind of KINDS) {
  const skip = kind === 'batch' && !nativeUdp() ? 'native/udp-batch is not built here (no C compiler or Node headers)' : false;

  test(`${kind}: a burst from several clients is answered, each reply going back to its own client's address and port`, { skip }, async () => {
    const seen = new Set<string>();
    const handler: DatagramHandler = (msg, address, port) => {
      seen.add(`${address}:${port}`);
      return Buffer.concat([Buffer.from('re:'), msg]);
    };
    const server = await bindDnsUdp('127.0.0.1', 0, handler, kind === 'dgram' ? 'dgram' : undefined);
    assert.equal(server.kind, kind);
    // 3 × 16 datagrams in flight: well within a loopback socket's default receive buffer (about 90 small datagrams),
    // so none is lost while the server is busy.
    const clients = await Promise.all([1, 2, 3].map(() => client()));
    try {
      const results = await Promise.all(clients.map((c, n) => burst(c, server.port, '127.0.0.1', Array.from({ length: 16 }, (_, i) => Buffer.from(`c${n}-${i}`)))));
      results.forEach((replies, n) => {
        assert.equal(replies.length, 16);
        assert.deepEqual(new Set(replies.map((r) => r.toString())), new Set(Array.from({ length: 16 }, (_, i) => `re:c${n}-${i}`)));
      });
      assert.deepEqual(seen, new Set(clients.map((c) => `127.0.0.1:${c.address().port}`)));
    } finally {
      for (const c of clients) c.close();
      await server.close();
    }
  });

  test(`${kind}: a reply sent later (a forwarded query) reaches the client; no reply sends nothing; a 1,400-byte datagram is read whole`, { skip }, async () => {
    const handler: DatagramHandler = (msg, _address, _port, send) => {
      if (msg.toString() === 'later') {
        setImmediate(() => send(Buffer.from('late answer')));
        return undefined;
      }
      if (msg.toString() === 'drop') return undefined;
      return Buffer.from(String(msg.length));
    };
    const server = await bindDnsUdp('127.0.0.1', 0, handler, kind === 'dgram' ? 'dgram' : undefined);
    const c = await client();
    try {
      const replies = await burst(c, server.port, '127.0.0.1', [Buffer.from('drop'), Buffer.from('later'), Buffer.alloc(1400, 1)], 2);
      assert.deepEqual(replies.map((r) => r.toString()).sort(), ['1400', 'late answer']);
    } finally {
      c.close();
      await server.close();
    }
  });

  test(`${kind}: over IPv6 the handler sees the client as ::1; the port is free again once closed`, { skip }, async () => {
    let from = '';
    const server = await bindDnsUdp('::1', 0, (msg, address) => {
      from = address;
      return msg;
    }, kind === 'dgram' ? 'dgram' : undefined);
    const c = await client(6);
    const port = server.port;
    try {
      assert.deepEqual((await burst(c, port, '::1', [Buffer.from('six')])).map(String), ['six']);
      assert.equal(from, '::1');
    } finally {
      c.close();
      await server.close();
    }
    // Closed: the same port can be bound again (the batched socket closes once libuv lets go of it).
    let again: Awaited<ReturnType<typeof bindDnsUdp>> | undefined;
    for (let i = 0; i < 100 && !again; i++) {
      again = await bindDnsUdp('::1', port, (m) => m, kind === 'dgram' ? 'dgram' : undefined).catch(async () => {
        await new Promise((r) => setTimeout(r, 10));
        return undefined;
      });
    }
    assert.ok(again, 'the port was not released');
    await again.close();
  });
}

// KUMO_DNS_UPSTREAM: names outside kumo's hosted zones are forwarded to the configured resolver (a test server on
// loopback here) and its answer relayed over UDP and TCP; names inside kumo's zones never leave kumo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import dnsPacket from 'dns-packet';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let upstreamUdp: Socket;
let upstreamTcp: Server;
let upstreamPort = 0;
const asked: string[] = [];

function reply(msg: Buffer): Buffer {
  const q = dnsPacket.decode(msg);
  const name = q.questions?.[0]?.name ?? '';
  asked.push(name);
  return dnsPacket.encode({ id: q.id, type: 'response', flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [{ name, type: 'A', ttl: 30, data: '198.51.100.7' }] });
}

let h: Route53Harness;
before(async () => {
  upstreamTcp = createServer((conn) => {
    conn.on('data', (d: Buffer) => {
      const r = reply(d.subarray(2, 2 + d.readUInt16BE(0)));
      const framed = Buffer.alloc(2 + r.length);
      framed.writeUInt16BE(r.length, 0);
      r.copy(framed, 2);
      conn.write(framed);
    });
  });
  await new Promise<void>((r) => upstreamTcp.listen(0, '127.0.0.1', () => r()));
  upstreamPort = (upstreamTcp.address() as { port: number }).port;
  upstreamUdp = createSocket('udp4');
  upstreamUdp.on('message', (msg, rinfo) => upstreamUdp.send(reply(msg), rinfo.port, rinfo.address));
  await new Promise<void>((r) => upstreamUdp.bind(upstreamPort, '127.0.0.1', () => r()));
  h = await startRoute53({ dnsUpstream: `127.0.0.1:${upstreamPort}` });
});
after(async () => {
  await h.close();
  upstreamUdp.close();
  upstreamTcp.close();
});

test('A name outside every hosted zone is answered by the upstream resolver', async () => {
  assert.deepEqual(await h.resolver().resolve4('elsewhere.example.org'), ['198.51.100.7']);
  assert.ok(asked.includes('elsewhere.example.org'));
});

test('Names in kumo zones are answered by kumo and never forwarded', async () => {
  const zone = await h.zone('local.example.com');
  await h.change(zone, a('www.local.example.com', ['192.0.2.5']));
  const before = asked.length;
  assert.deepEqual(await h.resolver().resolve4('www.local.example.com'), ['192.0.2.5']);
  assert.equal(asked.length, before);
});

test('Forwarding works over TCP as well', async () => {
  const answer = await new Promise<Buffer>((resolve, reject) => {
    const query = dnsPacket.encode({ id: 4242, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: 'tcp.example.org', type: 'A', class: 'IN' }] });
    const framed = Buffer.alloc(2 + query.length);
    framed.writeUInt16BE(query.length, 0);
    query.copy(framed, 2);
    import('node:net').then(({ connect }) => {
      const c = connect({ host: '127.0.0.1', port: h.dnsPort }, () => c.write(framed));
      let buf = Buffer.alloc(0);
      c.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          c.destroy();
          resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        }
      });
      c.on('error', reject);
    }, reject);
  });
  const decoded = dnsPacket.decode(answer);
  assert.equal(decoded.id, 4242);
  assert.deepEqual(decoded.answers?.map((r) => (r as { data: string }).data), ['198.51.100.7']);
});

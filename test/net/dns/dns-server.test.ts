// The DNS server over real loopback sockets, queried by node's own resolver (c-ares): UDP answers, NXDOMAIN and
// REFUSED as resolver errors, truncation with the resolver's retry over TCP, and the source address as location.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { DnsEngine } from '../../../src/net/dns/engine.js';
import { DnsIndex } from '../../../src/net/dns/zone-index.js';
import { DnsServer } from '../../../src/net/dns/server.js';
import { ClientLocator, parseLocationRules } from '../../../src/net/dns/locator.js';
import { testZone } from '../../support/dns-zones.js';

const index = new DnsIndex();
const server = new DnsServer(new DnsEngine(index, { locator: new ClientLocator(parseLocationRules('127.0.0.2=region:eu-west-1')) }), { port: 0 });

function resolver(localAddress?: string): Resolver {
  const r = new Resolver({ timeout: 2000, tries: 2 });
  r.setServers([`127.0.0.1:${server.port}`]);
  if (localAddress) r.setLocalAddress(localAddress);
  return r;
}

before(async () => {
  index.setZone(
    testZone('example.test', [
      { name: 'www.example.test', type: 'A', ttl: 300, values: ['192.0.2.10'] },
      { name: 'example.test', type: 'MX', ttl: 300, values: ['10 mail.example.test'] },
      { name: 'example.test', type: 'TXT', ttl: 300, values: ['"hello world"'] },
      { name: 'big.example.test', type: 'A', ttl: 60, values: Array.from({ length: 200 }, (_, i) => `198.51.${i >> 8}.${i & 255}`) },
      { name: 'lat.example.test', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'use1', region: 'us-east-1' },
      { name: 'lat.example.test', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 'euw1', region: 'eu-west-1' },
    ]),
  );
  await server.start();
});

after(async () => {
  await server.stop();
});

test('node resolver gets A, MX and TXT answers over UDP', async () => {
  const r = resolver();
  assert.deepEqual(await r.resolve4('www.example.test'), ['192.0.2.10']);
  assert.deepEqual(await r.resolveMx('example.test'), [{ exchange: 'mail.example.test', priority: 10 }]);
  assert.deepEqual(await r.resolveTxt('example.test'), [['hello world']]);
  assert.deepEqual(await r.resolve4('WWW.EXAMPLE.TEST'), ['192.0.2.10']);
});

test('a missing name is ENOTFOUND (NXDOMAIN) and a foreign name is EREFUSED', async () => {
  const r = resolver();
  await assert.rejects(r.resolve4('missing.example.test'), { code: 'ENOTFOUND' });
  await assert.rejects(r.resolve4('example.org'), { code: 'EREFUSED' });
});

test('an answer too large for UDP is truncated and the resolver retries over TCP', async () => {
  const addresses = await resolver().resolve4('big.example.test');
  assert.equal(addresses.length, 200);
});

test('the source address places the client: 127.0.0.2 is mapped to eu-west-1 for latency records', async () => {
  assert.deepEqual(await resolver().resolve4('lat.example.test'), ['192.0.2.1']);
  assert.deepEqual(await resolver('127.0.0.2').resolve4('lat.example.test'), ['192.0.2.2']);
});

test('TCP carries several length-framed queries on one connection', async () => {
  const socket = connect(server.port, '127.0.0.1');
  const frames = [1, 2, 3].map((id) => {
    const q = dnsPacket.encode({ type: 'query', id, questions: [{ name: 'www.example.test', type: 'A' }] });
    const f = Buffer.alloc(q.length + 2);
    f.writeUInt16BE(q.length, 0);
    q.copy(f, 2);
    return f;
  });
  socket.write(Buffer.concat(frames));
  const ids: number[] = [];
  let buf = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const p = dnsPacket.decode(buf.subarray(2, 2 + len));
        ids.push(p.id ?? -1);
        buf = buf.subarray(2 + len);
      }
      if (ids.length === 3) resolve();
    });
  });
  socket.destroy();
  assert.deepEqual(ids, [1, 2, 3]);
});

test('a change to the index reaches the next answer', async () => {
  index.setZone(testZone('example.test', [{ name: 'www.example.test', type: 'A', ttl: 300, values: ['192.0.2.11'] }]));
  assert.deepEqual(await resolver().resolve4('www.example.test'), ['192.0.2.11']);
});

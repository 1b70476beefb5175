// The hot-path query reader: question name lower-cased in ASCII, OPT found among other additional records, DO,
// version, and Client Subnet for both families beside other options (dig sends a COOKIE first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { parseQuery, type Query } from './wire.js';

function parsed(packet: Parameters<typeof dnsPacket.encode>[0]): Query {
  const q = parseQuery(dnsPacket.encode(packet));
  assert.ok(q && q.ok, 'a query');
  return q;
}

test('parseQuery lower-cases the name in ASCII only and reads type, class and where the question ends', () => {
  const q = parsed({ id: 3, type: 'query', questions: [{ name: 'WwW.Example.COM', type: 'AAAA', class: 'IN' }] });
  assert.deepEqual([q.id, q.name, q.qtype, q.qclass, q.questionEnd, q.udpSize], [3, 'www.example.com', 28, 1, 12 + 17 + 4, 0]);
  assert.equal(parsed({ type: 'query', questions: [{ name: '.', type: 'NS' }] }).name, '');
});

test('parseQuery reads OPT after another additional record, with DO, a cookie and an IPv6 Client Subnet', () => {
  const q = parsed({
    type: 'query',
    questions: [{ name: 'example.com', type: 'A' }],
    additionals: [
      { name: 'x.example.com', type: 'A', ttl: 1, data: '192.0.2.1' },
      {
        name: '.',
        type: 'OPT',
        udpPayloadSize: 1232,
        flags: dnsPacket.DNSSEC_OK,
        options: [
          { code: 10, data: Buffer.alloc(8, 7) },
          { code: 'CLIENT_SUBNET', ip: '2001:db8:1::', sourcePrefixLength: 48 },
        ],
      } as never,
    ],
  });
  assert.deepEqual([q.udpSize, q.dnssecOk, q.ednsVersion], [1232, true, 0]);
  assert.deepEqual(q.clientSubnet, { family: 2, sourcePrefix: 48, address: '2001:db8:1:0:0:0:0:0' });
});

test('parseQuery raises a small UDP size to 512 and reads an IPv4 Client Subnet; a cut-off OPT is ignored', () => {
  const packet = dnsPacket.encode({
    type: 'query',
    questions: [{ name: 'example.com', type: 'A' }],
    additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 100, options: [{ code: 'CLIENT_SUBNET', ip: '198.51.100.0', sourcePrefixLength: 24 }] } as never],
  });
  const q = parseQuery(packet) as Query;
  assert.deepEqual([q.udpSize, q.clientSubnet], [512, { family: 1, sourcePrefix: 24, address: '198.51.100.0' }]);
  const cut = parseQuery(packet.subarray(0, packet.length - 3)) as Query;
  assert.deepEqual([cut.ok, cut.udpSize, cut.clientSubnet], [true, 0, undefined]);
});

// The engine's flat answer table: a repeated question gets the bytes the first answer had (only the ID and the
// question's case differ), every kept answer is dropped by the next change or service-name update, and the table
// finds each of thousands of entries after growing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { DnsEngine } from './engine.js';
import { DnsIndex } from './zone-index.js';
import { ServiceTable } from './service-table.js';
import type { DnsRecordSet } from './records.js';
import { testZone } from '../../../test/support/dns-zones.js';

function query(name: string, o: { id?: number; type?: string; cls?: string; edns?: boolean } = {}): Buffer {
  return dnsPacket.encode({
    id: o.id ?? 1,
    type: 'query',
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: (o.type ?? 'A') as 'A', class: (o.cls ?? 'IN') as 'IN' }],
    additionals: o.edns ? [{ name: '.', type: 'OPT', udpPayloadSize: 1232 } as never] : [],
  });
}

function engineWith(records: DnsRecordSet[], services?: ServiceTable) {
  const index = new DnsIndex();
  index.setZone(testZone('example.com', records));
  return { index, engine: new DnsEngine(index, services ? { services } : {}) };
}

const addresses = (reply: Buffer | undefined) => (dnsPacket.decode(reply!).answers ?? []).map((a) => (a as { data: unknown }).data);
const rcodeOf = (reply: Buffer | undefined) => (dnsPacket.decode(reply!) as unknown as { rcode: string }).rcode;

test('a repeated question is answered from the table with the first answer\'s bytes, its own ID and the question as sent', () => {
  const { engine } = engineWith([{ name: 'www.example.com', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] }]);
  for (const edns of [false, true]) {
    const first = engine.answer(query('www.example.com', { id: 7, edns }), '127.0.0.1', 'udp')!;
    const again = engine.answer(query('WwW.Example.COM', { id: 9, edns }), '127.0.0.1', 'udp')!;
    assert.equal(again.readUInt16BE(0), 9);
    assert.equal(dnsPacket.decode(again).questions![0]!.name, 'WwW.Example.COM', '0x20 case is echoed');
    // Same length, and the same bytes once the ID and the question's case are set aside.
    assert.equal(again.length, first.length);
    assert.deepEqual(Buffer.from(again.subarray(2)).toString('latin1').toLowerCase(), Buffer.from(first.subarray(2)).toString('latin1').toLowerCase());
  }
  // NODATA for another type at the same name is kept apart from the A answer.
  assert.deepEqual(addresses(engine.answer(query('www.example.com', { type: 'AAAA' }), '127.0.0.1', 'udp')), []);
  assert.deepEqual(addresses(engine.answer(query('www.example.com'), '127.0.0.1', 'udp')), ['192.0.2.1', '192.0.2.2']);
  // Another class is refused, never answered from the IN entry.
  assert.equal(rcodeOf(engine.answer(query('www.example.com', { cls: 'CH' }), '127.0.0.1', 'udp')), 'REFUSED');
});

test('a change batch or a new service name replaces a kept answer at the next query', () => {
  const www = { name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] };
  const services = new ServiceTable();
  const { index, engine } = engineWith([www], services);
  assert.deepEqual(addresses(engine.answer(query('www.example.com'), '127.0.0.1', 'udp')), ['192.0.2.1']);
  index.patchZone('ZEXAMPLECOM', [www], [{ ...www, values: ['192.0.2.2'] }]);
  assert.deepEqual(addresses(engine.answer(query('www.example.com'), '127.0.0.1', 'udp')), ['192.0.2.2']);
  services.set('elb', [{ name: 'www.example.com', addresses: ['127.0.0.9'], ttl: 60, healthy: true, hostedZoneId: 'Z35SXDOTRQ7X7K' }]);
  assert.deepEqual(addresses(engine.answer(query('www.example.com'), '127.0.0.1', 'udp')), ['127.0.0.9']);
});

test('after growing past thousands of entries the table still answers every name with its own record', () => {
  const records: DnsRecordSet[] = [];
  for (let i = 0; i < 5000; i++) records.push({ name: `host${i}.example.com`, type: 'A', ttl: 60, values: [`10.0.${i >> 8}.${i & 255}`] });
  const { engine } = engineWith(records);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < 5000; i += 7) assert.deepEqual(addresses(engine.answer(query(`host${i}.example.com`), '127.0.0.1', 'udp')), [`10.0.${i >> 8}.${i & 255}`]);
  }
});

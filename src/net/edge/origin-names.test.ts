// Origin names through kumo's DNS: the A records of an answer (through a CNAME chain it carries), a name kumo does
// not answer left to the system resolver, and answers kept for their TTL on the given clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { addressesOf, OriginNames } from './origin-names.js';

function reply(rcode: string, answers: Array<{ name: string; type: 'A' | 'CNAME'; ttl: number; data: string }>): Buffer {
  return dnsPacket.encode({ id: 1, type: 'response', flags: dnsPacket.AUTHORITATIVE_ANSWER | (rcode === 'REFUSED' ? 5 : 0), questions: [{ name: 'x', type: 'A' }], answers: answers.map((a) => ({ ...a, class: 'IN' as const })) });
}

test('addressesOf follows a CNAME chain within the answer and keeps the smallest TTL', () => {
  const r = reply('NOERROR', [
    { name: 'www.example.com', type: 'CNAME', ttl: 300, data: 'lb.example.com' },
    { name: 'lb.example.com', type: 'A', ttl: 60, data: '127.77.0.1' },
    { name: 'lb.example.com', type: 'A', ttl: 60, data: '127.77.0.2' },
  ]);
  assert.deepEqual(addressesOf(r, 'www.example.com'), { addresses: ['127.77.0.1', '127.77.0.2'], ttl: 60 });
  assert.equal(addressesOf(reply('REFUSED', []), 'www.example.com'), undefined);
  assert.equal(addressesOf(reply('NOERROR', [{ name: 'www.example.com', type: 'CNAME', ttl: 300, data: 'elsewhere.net' }]), 'www.example.com'), undefined);
});

test('OriginNames answers kumo\'s names round robin until their TTL, leaves others and IP literals to the system', async () => {
  let now = 0;
  let asked = 0;
  const names = new OriginNames({
    now: () => now,
    query: async () => async (message) => {
      asked++;
      const q = dnsPacket.decode(message).questions![0]!.name;
      return q === 'lb.kumo.example' ? reply('NOERROR', [{ name: q, type: 'A', ttl: 10, data: '127.77.0.1' }, { name: q, type: 'A', ttl: 10, data: '127.77.0.2' }]) : reply('REFUSED', []);
    },
  });
  assert.deepEqual(names.peek('127.0.0.9'), { kumo: false });
  assert.equal(names.peek('lb.kumo.example'), undefined, 'not asked yet');
  assert.deepEqual(await names.resolve('LB.kumo.example'), { kumo: true, address: '127.77.0.1' });
  assert.deepEqual(names.peek('lb.kumo.example'), { kumo: true, address: '127.77.0.2' });
  assert.deepEqual(await names.resolve('elsewhere.example'), { kumo: false });
  assert.equal(asked, 2);
  now += 10_000;
  assert.equal(names.peek('lb.kumo.example'), undefined, 'expired after its TTL');
  await names.resolve('lb.kumo.example');
  assert.equal(asked, 3);
});

// The DNS answer path without sockets: DnsEngine.answer over a 10-record and a 100,000-record zone in this process,
// so the zone-size cost of lookup and assembly is measured apart from Node's per-datagram cost (dns-anchor.ts).
import dnsPacket from 'dns-packet';
import { DnsEngine } from '../../src/net/dns/engine.js';
import { DnsIndex } from '../../src/net/dns/zone-index.js';
import type { DnsRecordSet } from '../../src/net/dns/records.js';
import { testZone } from '../../test/support/dns-zones.js';
import type { Scenario } from '../scenario.js';

const ANSWERS = 1_000_000;

function measure(records: number): number {
  const sets: DnsRecordSet[] = [];
  for (let i = 0; i < records; i++) sets.push({ name: `host${i}.bench.test`, type: 'A', ttl: 300, values: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`] });
  const index = new DnsIndex();
  index.setZone(testZone('bench.test', sets));
  const engine = new DnsEngine(index);
  // The same query mix as dns-knot: up to 10,000 names spread over the zone.
  const names = Math.min(records, 10000);
  const queries = Array.from({ length: names }, (_, i) => dnsPacket.encode({ id: i, type: 'query', questions: [{ name: `host${Math.floor((i * records) / names)}.bench.test`, type: 'A' }] }));
  for (let pass = 0; pass < 3; pass++) for (const q of queries) engine.answer(q, '127.0.0.1', 'udp');
  const start = process.cpuUsage();
  for (let i = 0; i < ANSWERS; i++) engine.answer(queries[i % names]!, '127.0.0.1', 'udp');
  const used = process.cpuUsage(start);
  return (used.user + used.system) / ANSWERS;
}

export const dnsEngine: Scenario = {
  name: 'dns-engine',
  async run() {
    const small = measure(10);
    const large = measure(100000);
    return [
      `DNS engine, in process (10 records)      ${small.toFixed(2)} µs/answer`,
      `DNS engine, in process (100000 records)  ${large.toFixed(2)} µs/answer (+${(large - small).toFixed(2)} µs)`,
    ];
  },
};

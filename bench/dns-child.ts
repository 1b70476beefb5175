// A DNS server process for the dns bench scenarios: one zone with `--records N` simple names plus weighted,
// failover, latency and geolocation groups, served on a free loopback port that it prints on stdout.
import { parseArgs } from 'node:util';
import { DnsEngine } from '../src/net/dns/engine.js';
import { DnsIndex } from '../src/net/dns/zone-index.js';
import { DnsServer } from '../src/net/dns/server.js';
import type { DnsRecordSet } from '../src/net/dns/records.js';
import { testZone } from '../test/support/dns-zones.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '10' }, echo: { type: 'boolean', default: false } } });
if (values.echo) {
  // The floor: a bare node:dgram echo (no DNS work), to show what the socket layer alone costs per answer.
  const { createSocket } = await import('node:dgram');
  const socket = createSocket({ type: 'udp4', lookup: (address, _options, callback) => callback(null, address, 4) }); // as server.ts
  socket.on('message', (m, r) => {
    m[2]! |= 0x80;
    socket.send(m, r.port, r.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  console.log(`listening on ${socket.address().port}`);
  process.on('SIGTERM', () => process.exit(0));
} else {
  await serveZone();
}

async function serveZone(): Promise<void> {
const count = Number(values.records);
const records: DnsRecordSet[] = [];
for (let i = 0; i < count; i++) records.push({ name: `host${i}.bench.test`, type: 'A', ttl: 300, values: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`] });
for (const [id, weight] of [['a', 1], ['b', 3]] as const) records.push({ name: 'weighted.bench.test', type: 'A', ttl: 60, values: [`192.0.2.${weight}`], setIdentifier: id, weight, healthCheckId: `hc-${id}` });
records.push({ name: 'failover.bench.test', type: 'A', ttl: 60, values: ['192.0.2.10'], setIdentifier: 'p', failover: 'PRIMARY', healthCheckId: 'hc-p' });
records.push({ name: 'failover.bench.test', type: 'A', ttl: 60, values: ['192.0.2.11'], setIdentifier: 's', failover: 'SECONDARY' });
for (const region of ['us-east-1', 'eu-west-1', 'ap-northeast-1']) records.push({ name: 'latency.bench.test', type: 'A', ttl: 60, values: ['192.0.2.20'], setIdentifier: region, region });
for (const country of ['US', 'FR', '*']) records.push({ name: 'geo.bench.test', type: 'A', ttl: 60, values: ['192.0.2.30'], setIdentifier: country, geo: { country } });

const index = new DnsIndex();
index.setZone(testZone('bench.test', records));
const server = new DnsServer(new DnsEngine(index, { health: { isHealthy: (id) => id !== 'hc-a' } }), { port: 0 });
await server.start();
console.log(`listening on ${server.port}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

// The DNS engine's answers, decoded with dns-packet: sections, flags, negative answers, wildcards, chains, EDNS0,
// truncation and every routing policy with health, driven in process (the server's socket tests are in test/net/dns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { DnsEngine, type HealthView } from './engine.js';
import { DnsIndex } from './zone-index.js';
import { ClientLocator, parseLocationRules } from './locator.js';
import type { DnsRecordSet } from './records.js';
import { testZone } from '../../../test/support/dns-zones.js';

/** dns-packet's decoded shape, loosely typed for assertions. */
interface Rec {
  name: string;
  type: string;
  ttl: number;
  data: unknown;
  options?: unknown;
}
interface Packet {
  id: number;
  rcode: string;
  flag_aa: boolean;
  flag_tc: boolean;
  flag_rd: boolean;
  flag_ra: boolean;
  questions: { name: string }[];
  answers: Rec[];
  authorities: Rec[];
  additionals: Rec[];
  raw: Buffer;
}

function decode(reply: Buffer): Packet {
  return Object.assign(dnsPacket.decode(reply) as unknown as Packet, { raw: reply });
}

interface Ask {
  type?: string;
  id?: number;
  edns?: number;
  address?: string;
  subnet?: string;
  transport?: 'udp' | 'tcp';
}

function ask(engine: DnsEngine, name: string, o: Ask = {}): Packet {
  const query = dnsPacket.encode({
    id: o.id ?? 4242,
    type: 'query',
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: (o.type ?? 'A') as 'A', class: 'IN' }],
    additionals:
      o.edns === undefined
        ? []
        : [{ name: '.', type: 'OPT', udpPayloadSize: o.edns, options: o.subnet ? [{ code: 'CLIENT_SUBNET', ip: o.subnet, sourcePrefixLength: 24 }] : [] } as never],
  });
  const reply = engine.answer(query, o.address ?? '127.0.0.1', o.transport ?? 'udp');
  assert.ok(reply, 'an answer');
  return decode(reply);
}

function engineFor(records: DnsRecordSet[], options: { health?: HealthView; locations?: string; random?: () => number } = {}) {
  const index = new DnsIndex();
  index.setZone(testZone('example.com', records));
  const engine = new DnsEngine(index, {
    ...(options.health ? { health: options.health } : {}),
    ...(options.random ? { random: options.random } : {}),
    locator: new ClientLocator(options.locations ? parseLocationRules(options.locations) : []),
  });
  return { index, engine };
}

const values = (p: Packet) => p.answers.map((a) => (typeof a.data === 'string' ? a.data : JSON.stringify(a.data)));

test('A query for a simple record answers authoritatively with the record and the query ID', () => {
  const { engine } = engineFor([{ name: 'www.example.com', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] }]);
  const p = ask(engine, 'www.example.com', { id: 777 });
  assert.equal(p.id, 777);
  assert.equal(p.rcode, 'NOERROR');
  assert.equal(p.flag_aa, true);
  assert.equal(p.flag_rd, true, 'RD is copied from the query');
  assert.equal(p.flag_ra, false, 'an authoritative server offers no recursion');
  assert.deepEqual(values(p), ['192.0.2.1', '192.0.2.2']);
  assert.equal(p.answers[0]!.ttl, 300);
  assert.equal(p.answers[0]!.name, 'www.example.com');
  assert.equal(p.authorities?.length ?? 0, 0);
});

test('Names match case-insensitively and the question is echoed in the case it was sent', () => {
  const { engine } = engineFor([{ name: 'WWW.Example.com.', type: 'A', ttl: 60, values: ['192.0.2.9'] }]);
  const p = ask(engine, 'wWw.EXAMPLE.cOm');
  assert.deepEqual(values(p), ['192.0.2.9']);
  assert.equal(p.questions[0]!.name, 'wWw.EXAMPLE.cOm');
});

test('A precompiled answer changes only its ID between queries', () => {
  const { engine } = engineFor([{ name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.9'] }]);
  const a = ask(engine, 'www.example.com', { id: 1 }).raw;
  const b = ask(engine, 'www.example.com', { id: 2 }).raw;
  assert.deepEqual(a.subarray(2), b.subarray(2));
  assert.notDeepEqual(a.subarray(0, 2), b.subarray(0, 2));
});

test('NXDOMAIN carries the zone SOA in authority with the negative-caching TTL', () => {
  const { engine } = engineFor([]);
  const p = ask(engine, 'nope.example.com');
  assert.equal(p.rcode, 'NXDOMAIN');
  assert.equal(p.flag_aa, true);
  assert.equal(p.answers.length, 0);
  assert.equal(p.authorities.length, 1);
  const soa = p.authorities[0]!;
  assert.equal(soa.type, 'SOA');
  assert.equal(soa.name, 'example.com');
  assert.equal(soa.ttl, 900, 'min(SOA TTL 900, MINIMUM 86400)');
});

test('NODATA (name exists, type does not) answers NOERROR with the SOA; so does an empty non-terminal', () => {
  const { engine } = engineFor([{ name: 'a.b.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] }]);
  const p = ask(engine, 'a.b.example.com', { type: 'AAAA' });
  assert.equal(p.rcode, 'NOERROR');
  assert.equal(p.answers.length, 0);
  assert.equal(p.authorities[0]!.type, 'SOA');
  const ent = ask(engine, 'b.example.com');
  assert.equal(ent.rcode, 'NOERROR');
  assert.equal(ent.authorities[0]!.type, 'SOA');
});

test('Names outside every hosted zone are REFUSED without the AA flag', () => {
  const { engine } = engineFor([]);
  const p = ask(engine, 'example.org');
  assert.equal(p.rcode, 'REFUSED');
  assert.equal(p.flag_aa, false);
});

test('The apex answers the NS and SOA records Route 53 created', () => {
  const { engine } = engineFor([]);
  assert.deepEqual(values(ask(engine, 'example.com', { type: 'NS' })), ['ns-2048.awsdns-64.com', 'ns-2049.awsdns-00.net']);
  const soa = ask(engine, 'example.com', { type: 'SOA' }).answers[0]!;
  assert.equal((soa.data as { rname: string }).rname, 'awsdns-hostmaster.amazon.com');
});

test('A wildcard answers names below it with the queried name as owner, but not names that exist', () => {
  const { engine } = engineFor([
    { name: '*.example.com', type: 'A', ttl: 60, values: ['192.0.2.50'] },
    { name: 'exists.example.com', type: 'TXT', ttl: 60, values: ['"x"'] },
  ]);
  const p = ask(engine, 'anything.example.com');
  assert.deepEqual(values(p), ['192.0.2.50']);
  assert.equal(p.answers[0]!.name, 'anything.example.com');
  assert.deepEqual(values(ask(engine, 'deep.er.example.com')), ['192.0.2.50']);
  const existing = ask(engine, 'exists.example.com');
  assert.equal(existing.answers.length, 0, 'an existing name is not covered by the wildcard');
  assert.equal(existing.rcode, 'NOERROR');
});

test('A CNAME chain inside the zone is followed; a target outside it ends the answer', () => {
  const { engine } = engineFor([
    { name: 'a.example.com', type: 'CNAME', ttl: 60, values: ['b.example.com'] },
    { name: 'b.example.com', type: 'CNAME', ttl: 60, values: ['c.example.com'] },
    { name: 'c.example.com', type: 'A', ttl: 30, values: ['192.0.2.3'] },
    { name: 'out.example.com', type: 'CNAME', ttl: 60, values: ['elsewhere.example.org'] },
    { name: 'dangling.example.com', type: 'CNAME', ttl: 60, values: ['missing.example.com'] },
  ]);
  const p = ask(engine, 'a.example.com');
  assert.deepEqual(
    p.answers.map((a) => [a.name, a.type, a.data]),
    [
      ['a.example.com', 'CNAME', 'b.example.com'],
      ['b.example.com', 'CNAME', 'c.example.com'],
      ['c.example.com', 'A', '192.0.2.3'],
    ],
  );
  const out = ask(engine, 'out.example.com');
  assert.deepEqual(values(out), ['elsewhere.example.org']);
  assert.equal(out.rcode, 'NOERROR');
  const dangling = ask(engine, 'dangling.example.com');
  assert.equal(dangling.rcode, 'NXDOMAIN', 'RFC 6604: the last name decides');
  assert.equal(dangling.answers.length, 1);
  assert.equal(ask(engine, 'a.example.com', { type: 'CNAME' }).answers.length, 1, 'a CNAME query is not chased');
});

test('A CNAME loop ends after the chain limit instead of spinning', () => {
  const { engine } = engineFor([
    { name: 'x.example.com', type: 'CNAME', ttl: 60, values: ['y.example.com'] },
    { name: 'y.example.com', type: 'CNAME', ttl: 60, values: ['x.example.com'] },
  ]);
  assert.equal(ask(engine, 'x.example.com').answers.length, 8);
});

test('Record types are encoded from Route 53 value strings', () => {
  const { engine } = engineFor([
    { name: 'example.com', type: 'MX', ttl: 60, values: ['10 mail.example.com'] },
    { name: 'example.com', type: 'TXT', ttl: 60, values: ['"v=spf1 -all" "second"'] },
    { name: '_sip._tcp.example.com', type: 'SRV', ttl: 60, values: ['1 10 5060 sip.example.com'] },
    { name: 'example.com', type: 'CAA', ttl: 60, values: ['0 issue "amazon.com"'] },
    { name: 'v6.example.com', type: 'AAAA', ttl: 60, values: ['2001:db8::1'] },
  ]);
  assert.deepEqual(ask(engine, 'example.com', { type: 'MX' }).answers[0]!.data, { preference: 10, exchange: 'mail.example.com' });
  assert.deepEqual((ask(engine, 'example.com', { type: 'TXT' }).answers[0]!.data as Buffer[]).map(String), ['v=spf1 -all', 'second']);
  assert.deepEqual(ask(engine, '_sip._tcp.example.com', { type: 'SRV' }).answers[0]!.data, { priority: 1, weight: 10, port: 5060, target: 'sip.example.com' });
  const caa = ask(engine, 'example.com', { type: 'CAA' }).answers[0]!.data as { tag: string; value: string };
  assert.equal(caa.tag, 'issue');
  assert.equal(caa.value, 'amazon.com');
  assert.deepEqual(values(ask(engine, 'v6.example.com', { type: 'AAAA' })), ['2001:db8::1']);
});

test('ANY answers every record set at the name', () => {
  const { engine } = engineFor([
    { name: 'm.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] },
    { name: 'm.example.com', type: 'TXT', ttl: 60, values: ['"t"'] },
  ]);
  assert.deepEqual(ask(engine, 'm.example.com', { type: 'ANY' }).answers.map((a) => a.type).sort(), ['A', 'TXT']);
});

test('A delegation below the apex answers a referral without AA', () => {
  const { engine } = engineFor([{ name: 'sub.example.com', type: 'NS', ttl: 300, values: ['ns1.other.net'] }]);
  const p = ask(engine, 'host.sub.example.com');
  assert.equal(p.flag_aa, false);
  assert.equal(p.answers.length, 0);
  assert.deepEqual(p.authorities.map((a) => [a.name, a.type, a.data]), [['sub.example.com', 'NS', 'ns1.other.net']]);
});

test('EDNS0 queries get an OPT record back; a large answer is truncated over UDP and whole over TCP', () => {
  const many = Array.from({ length: 60 }, (_, i) => `192.0.2.${i + 1}`);
  const { engine } = engineFor([{ name: 'big.example.com', type: 'A', ttl: 60, values: many }]);
  const plain = ask(engine, 'big.example.com');
  assert.equal(plain.flag_tc, true, '60 A records exceed 512 bytes');
  assert.equal(plain.answers.length, 0);
  const edns = ask(engine, 'big.example.com', { edns: 4096 });
  assert.equal(edns.flag_tc, false);
  assert.equal(edns.answers.length, 60);
  assert.equal(edns.additionals.filter((a) => a.type === 'OPT').length, 1);
  const tcp = ask(engine, 'big.example.com', { transport: 'tcp' });
  assert.equal(tcp.flag_tc, false);
  assert.equal(tcp.answers.length, 60);
});

test('EDNS Client Subnet is echoed with a scope when the answer depended on location', () => {
  const { engine } = engineFor(
    [
      { name: 'lat.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'use1', region: 'us-east-1' },
      { name: 'lat.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 'euw1', region: 'eu-west-1' },
    ],
    { locations: '198.51.100.0/24=region:eu-west-2' },
  );
  const p = ask(engine, 'lat.example.com', { edns: 1232, subnet: '198.51.100.0' });
  assert.deepEqual(values(p), ['192.0.2.2'], 'the subnet, not the loopback source, places the client in Europe');
  const opt = p.additionals.find((a) => a.type === 'OPT') as { options: { code: number; scopePrefixLength: number }[] };
  assert.equal(opt.options[0]!.scopePrefixLength, 24);
});

function statusMap(initial: Record<string, boolean>) {
  const status = new Map(Object.entries(initial));
  return { status, health: { isHealthy: (id: string) => status.get(id) ?? true } };
}

test('Failover answers the PRIMARY while healthy, the SECONDARY when not, and the PRIMARY when both fail', () => {
  const { status, health } = statusMap({ hp: true, hs: true });
  const { engine } = engineFor(
    [
      { name: 'app.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'p', failover: 'PRIMARY', healthCheckId: 'hp' },
      { name: 'app.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 's', failover: 'SECONDARY', healthCheckId: 'hs' },
    ],
    { health },
  );
  assert.deepEqual(values(ask(engine, 'app.example.com')), ['192.0.2.1']);
  status.set('hp', false);
  assert.deepEqual(values(ask(engine, 'app.example.com')), ['192.0.2.2']);
  status.set('hs', false);
  assert.deepEqual(values(ask(engine, 'app.example.com')), ['192.0.2.1']);
});

test('Weighted answers follow the weights, skip weight 0 while a non-zero record is healthy', () => {
  const { status, health } = statusMap({ a: true, b: true, z: true });
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
  const { engine } = engineFor(
    [
      { name: 'w.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'a', weight: 1, healthCheckId: 'a' },
      { name: 'w.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 'b', weight: 3, healthCheckId: 'b' },
      { name: 'w.example.com', type: 'A', ttl: 60, values: ['192.0.2.3'], setIdentifier: 'z', weight: 0, healthCheckId: 'z' },
    ],
    { health, random },
  );
  const counts = new Map<string, number>();
  for (let i = 0; i < 4000; i++) {
    const v = values(ask(engine, 'w.example.com'))[0]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  assert.equal(counts.get('192.0.2.3') ?? 0, 0);
  const share = (counts.get('192.0.2.2') ?? 0) / 4000;
  assert.ok(share > 0.7 && share < 0.8, `weight 3 of 4 got ${share}`);
  status.set('a', false);
  status.set('b', false);
  assert.deepEqual(values(ask(engine, 'w.example.com')), ['192.0.2.3'], 'zero-weight record answers when the others are unhealthy');
});

test('Multivalue answers up to eight healthy records, and up to eight of all when none is healthy', () => {
  const { status, health } = statusMap({});
  const records: DnsRecordSet[] = Array.from({ length: 10 }, (_, i) => ({
    name: 'mv.example.com',
    type: 'A',
    ttl: 60,
    values: [`192.0.2.${i + 1}`],
    setIdentifier: `r${i}`,
    multiValueAnswer: true,
    healthCheckId: `h${i}`,
  }));
  const { engine } = engineFor(records, { health });
  assert.equal(ask(engine, 'mv.example.com').answers.length, 8);
  for (let i = 0; i < 7; i++) status.set(`h${i}`, false);
  assert.deepEqual(values(ask(engine, 'mv.example.com')).sort(), ['192.0.2.10', '192.0.2.8', '192.0.2.9']);
  for (let i = 0; i < 10; i++) status.set(`h${i}`, false);
  assert.equal(ask(engine, 'mv.example.com').answers.length, 8);
});

test('Geolocation answers the most specific location covering the client, else the default record', () => {
  const { engine } = engineFor(
    [
      { name: 'g.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'us', geo: { country: 'US' } },
      { name: 'g.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 'eu', geo: { continent: 'EU' } },
      { name: 'g.example.com', type: 'A', ttl: 60, values: ['192.0.2.3'], setIdentifier: 'def', geo: { country: '*' } },
      { name: 'g.example.com', type: 'A', ttl: 60, values: ['192.0.2.4'], setIdentifier: 'wa', geo: { country: 'US', subdivision: 'WA' } },
    ],
    { locations: '127.0.0.2=country:FR;127.0.0.3=country:JP;127.0.0.4=region:us-west-2,subdivision:WA' },
  );
  assert.deepEqual(values(ask(engine, 'g.example.com')), ['192.0.2.1'], 'loopback defaults to the United States');
  assert.deepEqual(values(ask(engine, 'g.example.com', { address: '127.0.0.2' })), ['192.0.2.2']);
  assert.deepEqual(values(ask(engine, 'g.example.com', { address: '127.0.0.3' })), ['192.0.2.3']);
  assert.deepEqual(values(ask(engine, 'g.example.com', { address: '127.0.0.4' })), ['192.0.2.4']);
});

test('Latency answers the record in the region nearest the client', () => {
  const { engine } = engineFor(
    [
      { name: 'l.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'a', region: 'us-east-1' },
      { name: 'l.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 'b', region: 'ap-northeast-1' },
    ],
    { locations: '127.0.0.5=region:ap-northeast-2' },
  );
  assert.deepEqual(values(ask(engine, 'l.example.com')), ['192.0.2.1']);
  assert.deepEqual(values(ask(engine, 'l.example.com', { address: '127.0.0.5' })), ['192.0.2.2']);
});

test('An alias answers the target record set of the same zone under the alias name', () => {
  const { status, health } = statusMap({ h: true });
  const { engine } = engineFor(
    [
      { name: 'example.com', type: 'A', ttl: 0, values: [], alias: { name: 'www.example.com', evaluateTargetHealth: true } },
      { name: 'www.example.com', type: 'A', ttl: 120, values: ['192.0.2.77'], setIdentifier: 'p', failover: 'PRIMARY', healthCheckId: 'h' },
      { name: 'www.example.com', type: 'A', ttl: 120, values: ['192.0.2.78'], setIdentifier: 's', failover: 'SECONDARY' },
    ],
    { health },
  );
  const p = ask(engine, 'example.com');
  assert.deepEqual(values(p), ['192.0.2.77']);
  assert.equal(p.answers[0]!.name, 'example.com');
  assert.equal(p.answers[0]!.ttl, 120, "an alias answers with the target's TTL");
  status.set('h', false);
  assert.deepEqual(values(ask(engine, 'example.com')), ['192.0.2.78']);
});

test('A private zone answers only clients placed in its VPC, before a public zone of the same name', () => {
  const index = new DnsIndex();
  index.setZone(testZone('corp.example', [{ name: 'db.corp.example', type: 'A', ttl: 60, values: ['10.0.0.5'] }], { id: 'ZPRIV', privateVpcs: ['vpc-1'] }));
  index.setZone(testZone('corp.example', [{ name: 'db.corp.example', type: 'A', ttl: 60, values: ['203.0.113.5'] }], { id: 'ZPUB', order: 1 }));
  const engine = new DnsEngine(index, { locator: new ClientLocator(parseLocationRules('127.0.1.0/24=vpc:vpc-1')) });
  assert.deepEqual(values(ask(engine, 'db.corp.example', { address: '127.0.1.9' })), ['10.0.0.5']);
  assert.deepEqual(values(ask(engine, 'db.corp.example')), ['203.0.113.5']);
  index.removeZone('ZPUB');
  assert.equal(ask(engine, 'db.corp.example').rcode, 'REFUSED');
});

test('Replacing a zone takes effect on the next query (memoised answers are dropped)', () => {
  const { index, engine } = engineFor([{ name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] }]);
  assert.deepEqual(values(ask(engine, 'www.example.com')), ['192.0.2.1']);
  index.setZone(testZone('example.com', [{ name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.2'] }]));
  assert.deepEqual(values(ask(engine, 'www.example.com')), ['192.0.2.2']);
});

test('A response, a non-query opcode and a two-question packet are dropped, NOTIMP and FORMERR', () => {
  const { engine } = engineFor([]);
  const response = dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'example.com', type: 'A' }] });
  assert.equal(engine.answer(response, '127.0.0.1', 'udp'), undefined);
  const notify = dnsPacket.encode({ type: 'query', id: 2, questions: [{ name: 'example.com', type: 'SOA' }] });
  notify.writeUInt16BE(4 << 11, 2); // opcode 4, NOTIFY
  assert.equal(decode(engine.answer(notify, '127.0.0.1', 'udp')!).rcode, 'NOTIMP');
  const two = dnsPacket.encode({ type: 'query', id: 3, questions: [{ name: 'a.example.com', type: 'A' }, { name: 'b.example.com', type: 'A' }] });
  assert.equal(decode(engine.answer(two, '127.0.0.1', 'udp')!).rcode, 'FORMERR');
});

test('Patching a zone changes only the affected names and keeps wildcards, chains and empty non-terminals right', () => {
  const www = { name: 'www.example.com', type: 'A', ttl: 60, values: ['192.0.2.1'] };
  const deep = { name: 'a.b.example.com', type: 'A', ttl: 60, values: ['192.0.2.5'] };
  const { index, engine } = engineFor([www, deep, { name: '*.example.com', type: 'A', ttl: 60, values: ['192.0.2.99'] }]);
  assert.deepEqual(values(ask(engine, 'www.example.com')), ['192.0.2.1']);
  assert.equal(ask(engine, 'b.example.com').answers.length, 0, 'an empty non-terminal is not covered by the wildcard');
  index.patchZone('ZEXAMPLECOM', [www, deep], [{ ...www, values: ['192.0.2.2'] }]);
  assert.deepEqual(values(ask(engine, 'www.example.com')), ['192.0.2.2'], 'the memoised answer is stale after the patch');
  assert.deepEqual(values(ask(engine, 'b.example.com')), ['192.0.2.99'], 'b.example.com no longer exists, so the wildcard answers');
});

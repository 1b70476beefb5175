// The EC2 names of a VPC's Amazon resolver: ip- names of the VPC's interfaces (per region's domain), their PTRs, and
// what it leaves to Route 53, checked on the wire bytes with dns-packet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { ec2NameAnswer, ipName, publicNameAnswer, publicNameIp, refused } from './vpc-dns.js';

const query = (name: string, type: dnsPacket.RecordType = 'A') => dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
const known = (ip: string) => ip === '10.0.1.15';
/** dns-packet decodes the RCODE as text but its types leave it out. */
const rcode = (b: Buffer) => (dnsPacket.decode(b) as unknown as { rcode: string }).rcode;

test('ip-10-0-1-15.ec2.internal in us-east-1 and ip-10-0-1-15.eu-west-1.compute.internal elsewhere answer the interface address', () => {
  const bytes = ec2NameAnswer(query('ip-10-0-1-15.ec2.internal'), 'us-east-1', known, 'udp')!;
  const a = dnsPacket.decode(bytes);
  assert.equal(a.id, 7);
  assert.equal(rcode(bytes), 'NOERROR');
  assert.deepEqual(a.answers!.map((r) => [r.name, r.type, (r as { data: string }).data]), [['ip-10-0-1-15.ec2.internal', 'A', '10.0.1.15']]);
  const b = dnsPacket.decode(ec2NameAnswer(query('ip-10-0-1-15.eu-west-1.compute.internal'), 'eu-west-1', known, 'tcp')!);
  assert.equal((b.answers![0] as { data: string }).data, '10.0.1.15');
  assert.equal(ipName('10.0.1.15', 'eu-west-1'), 'ip-10-0-1-15.eu-west-1.compute.internal');
});

test('an address outside the VPC is NXDOMAIN, AAAA is an empty answer, PTR names the interface, and other names go to Route 53', () => {
  assert.equal(rcode(ec2NameAnswer(query('ip-10-0-9-9.ec2.internal'), 'us-east-1', known, 'udp')!), 'NXDOMAIN');
  const aaaaBytes = ec2NameAnswer(query('ip-10-0-1-15.ec2.internal', 'AAAA'), 'us-east-1', known, 'udp')!;
  const aaaa = dnsPacket.decode(aaaaBytes);
  assert.equal(rcode(aaaaBytes), 'NOERROR');
  assert.equal(aaaa.answers!.length, 0);
  const ptr = dnsPacket.decode(ec2NameAnswer(query('15.1.0.10.in-addr.arpa', 'PTR'), 'us-east-1', known, 'udp')!);
  assert.deepEqual(ptr.answers!.map((r) => (r as { data: string }).data), ['ip-10-0-1-15.ec2.internal']);
  assert.equal(ec2NameAnswer(query('ip-10-0-1-15.ec2.internal'), 'eu-west-1', known, 'udp'), undefined, 'another region\'s domain is not this resolver\'s');
  assert.equal(ec2NameAnswer(query('db.corp.internal'), 'us-east-1', known, 'udp'), undefined);
  assert.equal(ec2NameAnswer(query('9.9.0.10.in-addr.arpa', 'PTR'), 'us-east-1', known, 'udp'), undefined);
  assert.equal(rcode(refused(query('example.com'), 'udp')!), 'REFUSED');
});

test('a public ec2- hostname (compute-1 in us-east-1, <region>.compute elsewhere) answers what the caller resolves it to; an unknown address goes to Route 53', () => {
  assert.equal(publicNameIp('ec2-203-0-113-25.compute-1.amazonaws.com', 'us-east-1'), '203.0.113.25');
  assert.equal(publicNameIp('ec2-203-0-113-25.eu-west-1.compute.amazonaws.com', 'eu-west-1'), '203.0.113.25');
  assert.equal(publicNameIp('ec2-203-0-113-25.eu-west-1.compute.amazonaws.com', 'us-east-1'), undefined);
  assert.equal(publicNameIp('ip-10-0-1-15.ec2.internal', 'us-east-1'), undefined);
  const toPrivate = (p: string) => (p === '203.0.113.25' ? '10.0.1.15' : undefined);
  const a = dnsPacket.decode(publicNameAnswer(query('ec2-203-0-113-25.compute-1.amazonaws.com'), 'us-east-1', toPrivate, 'udp')!);
  assert.deepEqual(a.answers!.map((r) => [r.name, r.type, (r as { data: string }).data]), [['ec2-203-0-113-25.compute-1.amazonaws.com', 'A', '10.0.1.15']]);
  assert.equal(publicNameAnswer(query('ec2-198-51-100-9.compute-1.amazonaws.com'), 'us-east-1', toPrivate, 'udp'), undefined);
  assert.equal(dnsPacket.decode(publicNameAnswer(query('ec2-203-0-113-25.compute-1.amazonaws.com', 'AAAA'), 'us-east-1', toPrivate, 'udp')!).answers!.length, 0);
});

// Unit tests for CIDR arithmetic: parsing as EC2 accepts it, containment and overlap, and the five reserved addresses.
// Figures checked against the VPC User Guide ("Subnet CIDR blocks": a /28 leaves 11 usable addresses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsCidr, firstFreeAddress, formatIpv4, overlaps, parseCidr, parseIpv4, reservedAddresses, rfc1918Range, subBlock, usableAddressCount } from './cidr.js';

const c = (text: string) => parseCidr(text)!;

test('parseIpv4 accepts dotted quads and refuses out-of-range octets and leading zeros', () => {
  assert.equal(parseIpv4('10.0.0.1'), 0x0a000001);
  assert.equal(parseIpv4('255.255.255.255'), 0xffffffff);
  for (const bad of ['256.0.0.1', '10.0.0', '10.0.0.01', 'a.b.c.d', '', '1.2.3.4.5']) assert.equal(parseIpv4(bad), undefined, bad);
});

test('parseCidr normalises host bits unless strict, and refuses prefixes above 32', () => {
  assert.equal(parseCidr('10.0.0.7/16')!.text, '10.0.0.0/16');
  assert.equal(parseCidr('10.0.0.7/16', true), undefined);
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('10.0.0.0'), undefined);
  assert.equal(parseCidr('0.0.0.0/0')!.base, 0);
});

test('containment and overlap', () => {
  const cases: [string, string, boolean, boolean][] = [
    // outer, inner, contains, overlaps
    ['10.0.0.0/16', '10.0.1.0/24', true, true],
    ['10.0.0.0/16', '10.1.0.0/24', false, false],
    ['10.0.0.0/24', '10.0.0.0/16', false, true],
    ['0.0.0.0/0', '192.168.1.0/24', true, true],
    ['10.0.0.0/25', '10.0.0.128/25', false, false],
  ];
  for (const [a, b, contains, overlap] of cases) {
    assert.equal(containsCidr(c(a), c(b)), contains, `${a} ⊇ ${b}`);
    assert.equal(overlaps(c(a), c(b)), overlap, `${a} ∩ ${b}`);
  }
});

test('RFC 1918 ranges are recognised', () => {
  assert.equal(rfc1918Range(c('10.1.0.0/16'))!.text, '10.0.0.0/8');
  assert.equal(rfc1918Range(c('172.31.0.0/16'))!.text, '172.16.0.0/12');
  assert.equal(rfc1918Range(c('192.168.10.0/24'))!.text, '192.168.0.0/16');
  assert.equal(rfc1918Range(c('172.32.0.0/16')), undefined);
  assert.equal(rfc1918Range(c('100.64.0.0/16')), undefined);
});

test('every subnet loses five addresses: network, router, DNS, future use and the last', () => {
  assert.deepEqual(reservedAddresses(c('10.0.0.0/24')).map(formatIpv4), ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.255']);
  assert.equal(usableAddressCount(c('10.0.0.0/28')), 11);
  assert.equal(usableAddressCount(c('10.0.0.0/24')), 251);
  assert.equal(usableAddressCount(c('172.31.0.0/20')), 4091);
  assert.equal(usableAddressCount(c('10.0.0.0/16')), 65531);
});

test('firstFreeAddress skips the reserved addresses and taken ones, and reports a full subnet', () => {
  const s = c('10.0.0.0/28');
  assert.equal(formatIpv4(firstFreeAddress(s, new Set())!), '10.0.0.4');
  assert.equal(formatIpv4(firstFreeAddress(s, new Set([parseIpv4('10.0.0.4')!]))!), '10.0.0.5');
  const all = new Set<number>();
  for (let a = s.base + 4; a < s.base + 15; a++) all.add(a);
  assert.equal(firstFreeAddress(s, all), undefined);
});

test('subBlock carves the default VPC into /20 subnets', () => {
  const vpc = c('172.31.0.0/16');
  assert.deepEqual([0, 1, 2, 5].map((i) => subBlock(vpc, 20, i).text), ['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20', '172.31.80.0/20']);
});

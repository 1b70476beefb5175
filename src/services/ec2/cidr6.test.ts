// Unit tests of IPv6 CIDR arithmetic: parsing and RFC 5952 formatting, strict host bits, containment, Amazon /56s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amazonProvidedBlock, containsCidr6, formatIpv6, overlaps6, parseCidr6, parseIpv6, randomAddressIn } from './cidr6.js';

test('addresses parse and format in RFC 5952 compressed form', () => {
  assert.equal(formatIpv6(parseIpv6('2600:1F18:0000:0000:0000:0000:0000:0001')!), '2600:1f18::1');
  assert.equal(formatIpv6(parseIpv6('2001:db8:0:1:0:0:0:0')!), '2001:db8:0:1::');
  assert.equal(formatIpv6(parseIpv6('::')!), '::');
  assert.equal(formatIpv6(parseIpv6('1:0:2:0:0:3:0:4')!), '1:0:2::3:0:4');
  assert.equal(parseIpv6('10.0.0.1'), undefined);
  assert.equal(parseIpv6('2001:db8::g'), undefined);
});

test('CIDRs: strict parsing refuses host bits; containment and overlap by prefix', () => {
  assert.equal(parseCidr6('2600:1f18:7cb4:2e00::/56', true)?.text, '2600:1f18:7cb4:2e00::/56');
  assert.equal(parseCidr6('2600:1f18:7cb4:2e01::/56', true), undefined);
  const vpc = parseCidr6('2600:1f18:7cb4:2e00::/56')!;
  assert.ok(containsCidr6(vpc, parseCidr6('2600:1f18:7cb4:2eff::/64')!));
  assert.ok(!containsCidr6(vpc, parseCidr6('2600:1f18:7cb4:2f00::/64')!));
  assert.ok(overlaps6(parseCidr6('2600:1f18:7cb4:2e00::/60')!, parseCidr6('2600:1f18:7cb4:2e01::/64')!));
});

test('an Amazon-provided block is a /56 in 2600:1f18::/32 and addresses in a /64 stay inside it', () => {
  const block = amazonProvidedBlock();
  assert.equal(block.prefix, 56);
  assert.ok(containsCidr6(parseCidr6('2600:1f18::/32')!, block));
  const subnet = parseCidr6(`${formatIpv6(block.base)}/64`)!;
  const address = randomAddressIn(subnet, new Set());
  assert.ok(containsCidr6(subnet, parseCidr6(`${address}/128`)!));
});

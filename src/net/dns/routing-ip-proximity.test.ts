// IP-based (CIDR) and geoproximity routing as pure choices: longest-prefix locations with the `*` default, health
// fallbacks, and the Developer Guide's bias formulas moving the border between two resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { biasedDistance, chooseCidr, chooseGeoproximity, policyOf } from './routing.js';
import { CidrTable } from './cidr-table.js';
import { REGIONS } from './geography.js';
import type { DnsRecordSet } from './records.js';

const set = (extra: Partial<DnsRecordSet>): DnsRecordSet => ({ name: 'x', type: 'A', ttl: 60, values: ['192.0.2.1'], ...extra });
const cidrSet = (location: string) => set({ cidr: { collection: 'c1', location } });

test('policyOf names IP-based and geoproximity record sets', () => {
  assert.equal(policyOf(cidrSet('*')), 'cidr');
  assert.equal(policyOf(set({ proximity: { lat: 0, lon: 0, bias: 0 } })), 'geoproximity');
});

test('CidrTable matches the longest prefix containing the address', () => {
  const t = new CidrTable();
  t.set('c1', { wide: ['127.0.0.0/8'], narrow: ['127.0.2.0/24'], v6: ['2001:db8::/32'] });
  assert.equal(t.locate('c1', '127.0.2.9'), 'narrow');
  assert.equal(t.locate('c1', '127.0.3.9'), 'wide');
  assert.equal(t.locate('c1', '192.0.2.1'), undefined);
  assert.equal(t.locate('c1', '2001:db8:0:1234::1'), 'v6');
  assert.equal(t.locate('other', '127.0.2.9'), undefined);
});

test('An EDNS client subnet shorter than a block does not match it', () => {
  const t = new CidrTable();
  t.set('c1', { site: ['2001:db8:0:1234::/48'], wide: ['2001:db8::/32'] });
  assert.equal(t.locate('c1', '2001:db8:0:1234::', 56), 'site');
  assert.equal(t.locate('c1', '2001:db8::', 32), 'wide');
});

test('Setting a collection to no locations removes it', () => {
  const t = new CidrTable();
  t.set('c1', { a: ['10.0.0.0/8'] });
  t.set('c1', {});
  assert.equal(t.locate('c1', '10.1.1.1'), undefined);
});

test('chooseCidr answers the matching location, else the default record, else nothing', () => {
  const sets = [cidrSet('tokyo'), cidrSet('*')];
  assert.equal(chooseCidr(sets, [true, true], () => 'tokyo'), 0);
  assert.equal(chooseCidr(sets, [true, true], () => undefined), 1);
  assert.equal(chooseCidr([cidrSet('tokyo')], [true], () => undefined), -1);
});

test('chooseCidr falls back to the default record when the matching one is unhealthy, and to the match when all are', () => {
  const sets = [cidrSet('tokyo'), cidrSet('*')];
  assert.equal(chooseCidr(sets, [false, true], () => 'tokyo'), 1);
  assert.equal(chooseCidr(sets, [false, false], () => 'tokyo'), 0);
});

test('biasedDistance follows the Developer Guide: positive bias shrinks, negative stretches', () => {
  assert.equal(biasedDistance(1000, 0), 1000);
  assert.equal(biasedDistance(1000, 50), 500);
  assert.equal(biasedDistance(1000, -50), 2000);
});

test('chooseGeoproximity picks the nearest resource, and a bias moves the border', () => {
  const east = set({ proximity: { ...REGIONS['us-east-1']!, bias: 0 } });
  const west = set({ proximity: { ...REGIONS['us-west-2']!, bias: 0 } });
  const chicago = { lat: 41.9, lon: -87.6 };
  assert.equal(chooseGeoproximity([east, west], [true, true], chicago), 0);
  const westBiased = set({ proximity: { ...REGIONS['us-west-2']!, bias: 80 } });
  assert.equal(chooseGeoproximity([east, westBiased], [true, true], chicago), 1);
  assert.equal(chooseGeoproximity([east, west], [false, true], chicago), 1);
  assert.equal(chooseGeoproximity([east, west], [false, false], chicago), 0);
});

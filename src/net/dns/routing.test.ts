// Route 53's routing rules as pure choices: weights incl. zero and all-zero, failover order, the "all unhealthy
// means all healthy" rule, geolocation specificity, latency distance and multivalue's eight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseFailover, chooseGeolocation, chooseLatency, chooseMultivalue, chooseWeighted, policyOf } from './routing.js';
import { DEFAULT_LOCATION } from './locator.js';
import type { DnsRecordSet } from './records.js';

const set = (extra: Partial<DnsRecordSet>): DnsRecordSet => ({ name: 'x', type: 'A', ttl: 60, values: ['192.0.2.1'], ...extra });

test('policyOf names the routing policy from the fields a record set carries', () => {
  assert.equal(policyOf(set({})), 'simple');
  assert.equal(policyOf(set({ weight: 0 })), 'weighted');
  assert.equal(policyOf(set({ failover: 'PRIMARY' })), 'failover');
  assert.equal(policyOf(set({ region: 'us-east-1' })), 'latency');
  assert.equal(policyOf(set({ geo: { country: '*' } })), 'geolocation');
  assert.equal(policyOf(set({ multiValueAnswer: true })), 'multivalue');
});

test('chooseWeighted maps the random draw onto cumulative weights', () => {
  const sets = [set({ weight: 1 }), set({ weight: 3 })];
  assert.equal(chooseWeighted(sets, [true, true], () => 0.2), 0);
  assert.equal(chooseWeighted(sets, [true, true], () => 0.3), 1);
});

test('chooseWeighted splits an all-zero group evenly', () => {
  const sets = [set({ weight: 0 }), set({ weight: 0 })];
  assert.equal(chooseWeighted(sets, [true, true], () => 0.1), 0);
  assert.equal(chooseWeighted(sets, [true, true], () => 0.9), 1);
});

test('chooseWeighted considers zero-weight records only when every non-zero one is unhealthy, and all when none is healthy', () => {
  const sets = [set({ weight: 5 }), set({ weight: 0 })];
  assert.equal(chooseWeighted(sets, [true, true], () => 0.99), 0);
  assert.equal(chooseWeighted(sets, [false, true], () => 0.0), 1);
  assert.equal(chooseWeighted(sets, [false, false], () => 0.99), 0, 'all unhealthy: weights apply to all');
});

test('chooseFailover prefers a healthy PRIMARY, then a healthy SECONDARY, then the PRIMARY', () => {
  const sets = [set({ failover: 'SECONDARY' }), set({ failover: 'PRIMARY' })];
  assert.equal(chooseFailover(sets, [true, true]), 1);
  assert.equal(chooseFailover(sets, [true, false]), 0);
  assert.equal(chooseFailover(sets, [false, false]), 1);
});

test('chooseLatency picks the nearest healthy region', () => {
  const sets = [set({ region: 'eu-west-1' }), set({ region: 'us-east-2' }), set({ region: 'ap-southeast-2' })];
  assert.equal(chooseLatency(sets, [true, true, true], DEFAULT_LOCATION), 1);
  assert.equal(chooseLatency(sets, [true, false, true], DEFAULT_LOCATION), 0);
});

test('chooseGeolocation falls back from subdivision to country, continent and default; none covering → -1', () => {
  const sets = [set({ geo: { country: 'US', subdivision: 'NY' } }), set({ geo: { country: 'US' } }), set({ geo: { continent: 'NA' } }), set({ geo: { country: '*' } })];
  const ny = { ...DEFAULT_LOCATION, subdivision: 'NY' };
  assert.equal(chooseGeolocation(sets, [true, true, true, true], ny), 0);
  assert.equal(chooseGeolocation(sets, [false, true, true, true], ny), 1);
  assert.equal(chooseGeolocation(sets, [false, false, true, true], ny), 2);
  assert.equal(chooseGeolocation(sets, [false, false, false, false], ny), 0);
  assert.equal(chooseGeolocation([set({ geo: { country: 'FR' } })], [true], DEFAULT_LOCATION), -1);
});

test('chooseMultivalue returns every healthy record up to eight, distinct', () => {
  assert.deepEqual(chooseMultivalue(3, [true, false, true], Math.random), [0, 2]);
  const twelve = chooseMultivalue(12, Array<boolean>(12).fill(true), Math.random);
  assert.equal(twelve.length, 8);
  assert.equal(new Set(twelve).size, 8);
  assert.equal(chooseMultivalue(12, Array<boolean>(12).fill(false), Math.random).length, 8);
});

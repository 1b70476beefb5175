// Unit tests for the load balancer name rules: zonal DNS failover with fail-open, IPv4-mapped AAAA addresses, and
// the republish hook wiring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mappedIpv6, republishAfter, withMappedIpv6, zonalAddresses } from './zonal-names.js';

const nodes = [
  { zone: 'us-east-1a', address: '127.77.0.1' },
  { zone: 'us-east-1b', address: '127.77.0.2' },
];

test('zonalAddresses leaves out unhealthy zones and answers every node when no zone is healthy', () => {
  assert.deepEqual(zonalAddresses(nodes, () => true), ['127.77.0.1', '127.77.0.2']);
  assert.deepEqual(zonalAddresses(nodes, (z) => z === 'us-east-1b'), ['127.77.0.2']);
  assert.deepEqual(zonalAddresses(nodes, () => false), ['127.77.0.1', '127.77.0.2']);
  assert.deepEqual(zonalAddresses([], () => true), []);
});

test('AAAA addresses are the IPv4-mapped forms of the node addresses', () => {
  assert.equal(mappedIpv6('127.77.0.1'), '::ffff:127.77.0.1');
  assert.equal(mappedIpv6('::1'), undefined);
  assert.deepEqual(withMappedIpv6(['127.77.0.1']), ['127.77.0.1', '::ffff:127.77.0.1']);
});

test('republishAfter keeps what a hook did and then republishes', () => {
  const calls: string[] = [];
  const target = { onChange: (x: string) => void calls.push(`change ${x}`) };
  republishAfter({ changed: () => void calls.push('republish'), unregister: () => undefined }, target, 'onChange');
  target.onChange('a');
  assert.deepEqual(calls, ['change a', 'republish']);
});

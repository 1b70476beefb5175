// The CIDR blocks Route 53 accepts in a collection, and the upstream resolver setting's syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCidr } from './cidr-operations.js';
import { parseUpstream } from '../../net/dns/upstream.js';
import { proximityPoint } from './record-sets.js';

test('canonicalCidr accepts IPv4 /1–/24 and IPv6 /1–/48 network addresses', () => {
  assert.equal(canonicalCidr('127.0.2.0/24'), '127.0.2.0/24');
  assert.equal(canonicalCidr('10.0.0.0/8'), '10.0.0.0/8');
  assert.equal(canonicalCidr('2001:DB8::/32'), '2001:db8::/32');
});

test('canonicalCidr refuses longer prefixes, host bits and garbage', () => {
  assert.equal(canonicalCidr('127.0.2.1/32'), undefined);
  assert.equal(canonicalCidr('127.0.2.1/24'), undefined);
  assert.equal(canonicalCidr('0.0.0.0/0'), undefined);
  assert.equal(canonicalCidr('2001:db8::/64'), undefined);
  assert.equal(canonicalCidr('not-a-cidr'), undefined);
});

test('parseUpstream reads ip, ip:port and [v6]:port', () => {
  assert.deepEqual(parseUpstream('127.0.0.53'), { host: '127.0.0.53', port: 53 });
  assert.deepEqual(parseUpstream('127.0.0.1:5300'), { host: '127.0.0.1', port: 5300 });
  assert.deepEqual(parseUpstream('[::1]:5300'), { host: '::1', port: 5300 });
  assert.deepEqual(parseUpstream('::1'), { host: '::1', port: 53 });
  assert.throws(() => parseUpstream('resolver.example:53'));
});

test('proximityPoint places a region, a Local Zone group or coordinates', () => {
  assert.ok(proximityPoint({ AWSRegion: 'eu-west-1' }));
  assert.deepEqual(proximityPoint({ LocalZoneGroup: 'us-west-2-lax-1' }), proximityPoint({ AWSRegion: 'us-west-2' }));
  assert.deepEqual(proximityPoint({ Coordinates: { Latitude: '35.68', Longitude: '139.69' } }), { lat: 35.68, lon: 139.69 });
  assert.equal(proximityPoint({ AWSRegion: 'mars-east-1' }), undefined);
});

// The geo table: loopback maps to the default country, a more specific row wins, IPv6 and mapped IPv4 work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GeoTable, parseGeoCsv } from './geo-table.js';

test('the longest matching prefix names the country', () => {
  const geo = new GeoTable([['127.0.0.0/8', 'US'], ['::1/128', 'US'], ...parseGeoCsv('# test table\n127.0.2.0/24,jp\n2001:db8::/32,DE\n')]);
  assert.equal(geo.countryOf('127.0.0.1'), 'US');
  assert.equal(geo.countryOf('127.0.2.9'), 'JP');
  assert.equal(geo.countryOf('::ffff:127.0.2.9'), 'JP');
  assert.equal(geo.countryOf('::1'), 'US');
  assert.equal(geo.countryOf('2001:db8::5'), 'DE');
  assert.equal(geo.countryOf('10.0.0.1'), undefined);
});

test('malformed rows are refused', () => {
  assert.throws(() => new GeoTable([['127.0.0.0/33', 'US']]));
  assert.throws(() => new GeoTable([['nonsense', 'US']]));
  assert.throws(() => new GeoTable([['127.0.0.0/8', 'USA']]));
});

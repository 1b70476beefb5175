// The documented client placement: rules parsed from KUMO_DNS_CLIENT_LOCATIONS, most specific CIDR wins,
// loopback and unknown addresses default to us-east-1 / US / NA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientLocator, DEFAULT_LOCATION, parseLocationRules } from './locator.js';

test('a region alone implies its country and continent; a country alone keeps the default region', () => {
  const [eu, jp] = parseLocationRules('127.0.0.2/32=region:eu-west-1; 127.0.0.3=country:jp');
  assert.deepEqual(eu!.location, { region: 'eu-west-1', country: 'IE', continent: 'EU' });
  assert.deepEqual(jp!.location, { region: 'us-east-1', country: 'JP', continent: 'AS' });
});

test('the most specific rule wins and loopback falls back to the default location', () => {
  const locator = new ClientLocator(parseLocationRules('127.0.1.0/24=vpc:vpc-1;127.0.1.7=region:sa-east-1,vpc:vpc-2;::1=country:DE'));
  assert.equal(locator.locate('127.0.1.7').vpc, 'vpc-2');
  assert.equal(locator.locate('127.0.1.8').vpc, 'vpc-1');
  assert.equal(locator.locate('::1').country, 'DE');
  assert.deepEqual(locator.locate('127.0.0.1'), DEFAULT_LOCATION);
});

test('malformed rules are rejected with the rule named', () => {
  assert.throws(() => parseLocationRules('127.0.0.1'), /no '='/);
  assert.throws(() => parseLocationRules('127.0.0.1=planet:mars'), /bad field/);
  assert.throws(() => parseLocationRules('300.0.0.1=country:US'), /not an IP address/);
  assert.throws(() => parseLocationRules('127.0.0.0/40=country:US'), /prefix length/);
});

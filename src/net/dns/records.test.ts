// Route 53 value strings → dns-packet record data, names made canonical, and the negative-caching TTL rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalName, negativeTtl, recordData, splitFields } from './records.js';

test('canonicalName lower-cases, drops the trailing dot and reads \\052 as the wildcard label', () => {
  assert.equal(canonicalName('WWW.Example.COM.'), 'www.example.com');
  assert.equal(canonicalName('\\052.example.com.'), '*.example.com');
  assert.equal(canonicalName('.'), '');
});

test('splitFields keeps quoted strings whole and reads their escapes', () => {
  assert.deepEqual(
    splitFields('0 issue "a b\\"c\\065"').map((f) => f.text),
    ['0', 'issue', 'a b"cA'],
  );
});

test('recordData reads the value formats Route 53 documents per type', () => {
  assert.deepEqual(recordData('MX', '10 mail.example.com.'), { preference: 10, exchange: 'mail.example.com' });
  assert.deepEqual(recordData('SRV', '1 10 5269 xmpp.example.com'), { priority: 1, weight: 10, port: 5269, target: 'xmpp.example.com' });
  assert.deepEqual(recordData('NAPTR', '100 100 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .'), {
    order: 100,
    preference: 100,
    flags: 'u',
    services: 'E2U+sip',
    regexp: '!^.*$!sip:info@example.com!',
    replacement: '.',
  });
  assert.equal(recordData('CNAME', 'Target.Example.com.'), 'target.example.com');
  assert.throws(() => recordData('MX', 'ten mail'), /MX preference/);
  assert.throws(() => recordData('HTTPS', '1 . alpn'), /needs a value/);
  assert.deepEqual(recordData('SVCB', '1 .'), Buffer.from([0, 1, 0]));
});

test('negativeTtl is the lesser of the SOA TTL and its MINIMUM field (RFC 2308)', () => {
  const soa = 'ns-1.awsdns-1.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400';
  assert.equal(negativeTtl(900, soa), 900);
  assert.equal(negativeTtl(172800, soa), 86400);
});

// SSL negotiation policies to TLS settings: predefined by reference, custom by attributes, refusals named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiationOf, tlsSettings } from './ssl-negotiation.js';

test('a Reference-Security-Policy takes the predefined policy; an unknown one is refused', () => {
  const n = negotiationOf([{ AttributeName: 'Reference-Security-Policy', AttributeValue: 'ELBSecurityPolicy-TLS-1-2-2017-01' }]);
  assert.ok(typeof n === 'object');
  assert.deepEqual(n.protocols, ['TLSv1.2']);
  assert.equal(n.ciphers.includes('AES128-SHA'), false);
  assert.match(String(negotiationOf([{ AttributeName: 'Reference-Security-Policy', AttributeValue: 'nope' }])), /not a predefined/);
});

test('custom attributes give the enabled protocols\' range and ciphers; none enabled is refused', () => {
  const n = negotiationOf([{ AttributeName: 'Protocol-TLSv1.1', AttributeValue: 'true' }, { AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' }, { AttributeName: 'AES128-SHA', AttributeValue: 'true' }, { AttributeName: 'AES256-SHA', AttributeValue: 'false' }]);
  assert.ok(typeof n === 'object');
  assert.deepEqual(tlsSettings(n), { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA:@SECLEVEL=0', honorCipherOrder: false });
  assert.match(String(negotiationOf([{ AttributeName: 'AES128-SHA', AttributeValue: 'true' }])), /at least one protocol/);
  assert.match(String(negotiationOf([{ AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' }])), /at least one cipher/);
});

// ID tokens for AssumeRoleWithWebIdentity: shape, algorithm, issuer, subject, audience and expiry checked offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebIdentityToken } from './web-identity-token.js';

const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (payload: object, header: object = { alg: 'RS256', kid: 'k1' }, sig = 'c2ln') => `${enc(header)}.${enc(payload)}.${sig}`;
const NOW = Date.UTC(2026, 11, 6, 12);
const claims = { iss: 'https://token.example.com', sub: 'repo:org/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp: NOW / 1000 + 600, iat: NOW / 1000 };

test('a well-formed token yields its claims', () => {
  const r = checkWebIdentityToken(token(claims), NOW);
  assert.ok(r.ok);
  assert.equal(r.claims.iss, 'https://token.example.com');
  assert.deepEqual(r.claims.audiences, ['sts.amazonaws.com']);
});

test('an audience list is accepted; its first entry is the Audience', () => {
  const r = checkWebIdentityToken(token({ ...claims, aud: ['a', 'b'] }), NOW);
  assert.ok(r.ok && r.claims.aud === 'a');
});

test('malformed, unsigned, claimless and expired tokens are refused with STS codes', () => {
  const cases: Array<[string, string]> = [
    ['not-a-jwt', 'InvalidIdentityToken'],
    [token(claims, { alg: 'none' }), 'InvalidIdentityToken'],
    [token(claims, { alg: 'RS256' }, ''), 'InvalidIdentityToken'],
    [token({ ...claims, iss: undefined }), 'InvalidIdentityToken'],
    [token({ ...claims, aud: [] }), 'InvalidIdentityToken'],
    [token({ ...claims, exp: NOW / 1000 - 1 }), 'ExpiredTokenException'],
    [token({ ...claims, iat: NOW / 1000 + 3600 }), 'InvalidIdentityToken'],
  ];
  for (const [t, code] of cases) {
    const r = checkWebIdentityToken(t, NOW);
    assert.ok(!r.ok && r.code === code, t);
  }
});

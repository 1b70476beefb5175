// Signed URLs and cookies checked against URLs and cookies made by @aws-sdk/cloudfront-signer with a real RSA key:
// canned and custom policies, SHA-1 and SHA-256, and each failure CloudFront names (MissingKey, InvalidKey, …).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { checkSigned, splitSigningParams, type SignedRequest } from './signed.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const KEY_ID = 'K2JCJMDEHXQW5F';
const keys = (id: string): KeyObject | undefined => (id === KEY_ID ? publicKey : undefined);
const NOW = 1_800_000_000;

/** The request a viewer sends for a signed URL (the URL's host becomes the Host header). */
function requestFor(url: string, extra: Partial<SignedRequest> = {}): SignedRequest {
  const u = new URL(url);
  return { scheme: u.protocol.slice(0, -1), host: u.host, path: u.pathname, query: u.search.slice(1), cookie: undefined, viewerIp: '127.0.0.1', nowSeconds: NOW, ...extra };
}

test('a canned-policy URL signed with SHA-1 passes until Expires, and the query loses only the signing parameters', () => {
  const url = getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/images/a.jpg?color=red&size=medium', keyPairId: KEY_ID, privateKey: pem, dateLessThan: new Date((NOW + 60) * 1000) });
  const ok = checkSigned(requestFor(url), keys);
  assert.deepEqual(ok, { ok: true, query: 'color=red&size=medium' });
  const late = checkSigned(requestFor(url, { nowSeconds: NOW + 60 }), keys);
  assert.deepEqual(late, { ok: false, failure: { code: 'AccessDenied', message: 'Access denied' } });
});

test('a SHA-256 URL (Hash-Algorithm=SHA256) verifies, and a URL signed for the real port 80 works on kumo\'s port', () => {
  const url = getSignedUrl({ url: 'http://d111111abcdef8.cloudfront.net/a.txt', keyPairId: KEY_ID, privateKey: pem, dateLessThan: new Date((NOW + 60) * 1000), algorithm: 'SHA256' });
  assert.match(url, /Hash-Algorithm=SHA256/);
  const req = requestFor(url, { host: 'd111111abcdef8.cloudfront.net:10080' });
  assert.equal(checkSigned(req, keys).ok, true);
});

test('a changed path, query or scheme no longer matches the canned policy', () => {
  const url = getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/a.txt?v=1', keyPairId: KEY_ID, privateKey: pem, dateLessThan: new Date((NOW + 60) * 1000) });
  for (const bad of [url.replace('/a.txt', '/b.txt'), url.replace('v=1', 'v=2'), url.replace('https:', 'http:')]) {
    const v = checkSigned(requestFor(bad), keys);
    assert.equal(v.ok ? 'ok' : v.failure.code, 'AccessDenied', bad);
  }
});

test('custom policies check the wildcard Resource, DateGreaterThan and the viewer address', () => {
  const policy = JSON.stringify({ Statement: [{ Resource: 'http*://d111111abcdef8.cloudfront.net/videos/*', Condition: { DateLessThan: { 'AWS:EpochTime': NOW + 60 }, DateGreaterThan: { 'AWS:EpochTime': NOW - 10 }, IpAddress: { 'AWS:SourceIp': '127.0.2.0/24' } } }] });
  const url = getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/videos/one.mp4', keyPairId: KEY_ID, privateKey: pem, policy });
  assert.match(url, /Policy=/);
  assert.equal(checkSigned(requestFor(url, { viewerIp: '127.0.2.9' }), keys).ok, true);
  const elsewhere = requestFor(url.replace('/videos/one.mp4', '/other/one.mp4'), { viewerIp: '127.0.2.9' });
  const code = (r: SignedRequest) => {
    const v = checkSigned(r, keys);
    return v.ok ? 'ok' : v.failure.code;
  };
  assert.equal(code(elsewhere), 'AccessDenied');
  assert.equal(code(requestFor(url, { viewerIp: '127.0.0.1' })), 'AccessDenied');
  assert.equal(code(requestFor(url, { viewerIp: '127.0.2.9', nowSeconds: NOW - 20 })), 'AccessDenied');
  assert.equal(code(requestFor(url, { viewerIp: '127.0.2.9', nowSeconds: NOW + 61 })), 'AccessDenied');
});

test('signed cookies (canned and custom) grant access when the URL carries no signature', () => {
  const url = 'https://d111111abcdef8.cloudfront.net/private/doc.pdf';
  const canned = getSignedCookies({ url, keyPairId: KEY_ID, privateKey: pem, dateLessThan: new Date((NOW + 60) * 1000) });
  const cookie = Object.entries(canned).map(([k, v]) => `${k}=${String(v)}`).join('; ');
  assert.equal(checkSigned(requestFor(url, { cookie: `session=abc; ${cookie}` }), keys).ok, true);
  const policy = JSON.stringify({ Statement: [{ Resource: 'https://d111111abcdef8.cloudfront.net/private/*', Condition: { DateLessThan: { 'AWS:EpochTime': NOW + 60 } } }] });
  const custom = getSignedCookies({ keyPairId: KEY_ID, privateKey: pem, policy, algorithm: 'SHA256' });
  const customCookie = Object.entries(custom).map(([k, v]) => `${k}=${String(v)}`).join('; ');
  assert.equal(checkSigned(requestFor(url.replace('doc.pdf', 'other.pdf'), { cookie: customCookie }), keys).ok, true);
});

test('failures name CloudFront\'s codes: MissingKey, InvalidKey, AccessDenied for a wrong key, MalformedPolicy', () => {
  const code = (r: SignedRequest) => {
    const v = checkSigned(r, keys);
    return v.ok ? 'ok' : `${v.failure.code}: ${v.failure.message}`;
  };
  assert.equal(code(requestFor('https://d1.cloudfront.net/a')), 'MissingKey: Missing Key-Pair-Id query parameter or cookie value');
  const unknown = getSignedUrl({ url: 'https://d1.cloudfront.net/a', keyPairId: 'KUNKNOWN', privateKey: pem, dateLessThan: new Date((NOW + 60) * 1000) });
  assert.equal(code(requestFor(unknown)), 'InvalidKey: Unknown Key');
  const forged = getSignedUrl({ url: 'https://d1.cloudfront.net/a', keyPairId: KEY_ID, privateKey: other, dateLessThan: new Date((NOW + 60) * 1000) });
  assert.equal(code(requestFor(forged)), 'AccessDenied: Access denied');
  const malformed = `https://d1.cloudfront.net/a?Policy=${Buffer.from('{not json').toString('base64')}&Signature=abc&Key-Pair-Id=${KEY_ID}`;
  assert.equal(code(requestFor(malformed)), 'MalformedPolicy: Malformed Policy');
});

test('splitSigningParams keeps the viewer\'s parameters in order, still encoded', () => {
  const { rest, params } = splitSigningParams('b=2&Expires=5&a=%20x&Signature=s~_-&Key-Pair-Id=K1');
  assert.equal(rest, 'b=2&a=%20x');
  assert.equal(params.get('Signature'), 's~_-');
  assert.equal(params.get('Expires'), '5');
});

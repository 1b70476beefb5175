// The edge's pure rules: behavior selection, TTLs from origin headers and the policy, Accept-Encoding keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePathPattern, freshnessSeconds, normalizeAcceptEncoding, pathPatternMatches, selectBehavior } from './rules.js';

test('path patterns: * and ?, case-sensitive, the leading slash optional, first match wins', () => {
  assert.equal(pathPatternMatches('/images/*.jpg', '/images/a/b.jpg'), true);
  assert.equal(pathPatternMatches('images/*.jpg', '/images/b.jpg'), true);
  assert.equal(pathPatternMatches('/images/*.jpg', '/Images/b.jpg'), false);
  assert.equal(pathPatternMatches('/a?c', '/abc'), true);
  assert.equal(pathPatternMatches('/a?c', '/abbc'), false);
  assert.equal(pathPatternMatches('/a.c', '/abc'), false, 'a dot is literal');
  const patterns = ['/api/*', '/*.css'].map(compilePathPattern);
  assert.equal(selectBehavior(patterns, '/api/x.css'), 0);
  assert.equal(selectBehavior(patterns, '/site.css'), 1);
  assert.equal(selectBehavior(patterns, '/index.html'), -1);
});

const ttl = { minTtl: 0, defaultTtl: 86400, maxTtl: 31536000 };

test('s-maxage over max-age over Expires, clamped to the policy, DefaultTTL when none', () => {
  const now = Date.UTC(2026, 0, 1);
  assert.equal(freshnessSeconds({ cacheControl: 'max-age=60, s-maxage=30' }, ttl, now), 30);
  assert.equal(freshnessSeconds({ cacheControl: 'public, max-age=60' }, ttl, now), 60);
  assert.equal(freshnessSeconds({ expires: new Date(now + 120_000).toUTCString() }, ttl, now), 120);
  assert.equal(freshnessSeconds({}, ttl, now), 86400);
  assert.equal(freshnessSeconds({ cacheControl: 'max-age=5' }, { minTtl: 10, defaultTtl: 20, maxTtl: 30 }, now), 10);
  assert.equal(freshnessSeconds({ cacheControl: 'max-age=500' }, { minTtl: 10, defaultTtl: 20, maxTtl: 30 }, now), 30);
});

test('no-cache, no-store and private are not cached when MinTTL is 0, else kept MinTTL', () => {
  for (const cc of ['no-cache', 'no-store', 'private, max-age=60']) {
    assert.equal(freshnessSeconds({ cacheControl: cc }, ttl, 0), 0);
    assert.equal(freshnessSeconds({ cacheControl: cc }, { ...ttl, minTtl: 15 }, 0), 15);
  }
});

test('Accept-Encoding normalizes to the codings the policy enables', () => {
  assert.equal(normalizeAcceptEncoding('gzip, deflate, br', true, true), 'br,gzip');
  assert.equal(normalizeAcceptEncoding('gzip, deflate, br', true, false), 'gzip');
  assert.equal(normalizeAcceptEncoding('gzip;q=0, br', true, true), 'br');
  assert.equal(normalizeAcceptEncoding('identity', true, true), '');
  assert.equal(normalizeAcceptEncoding('gzip', false, false), '');
});

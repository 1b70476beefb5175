// Rule conditions and target choice as pure rules: wildcards, case rules per field, query strings, source CIDRs,
// the health matcher's forms, the Proxy Protocol v2 header layout and AWS's cross-zone example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRule, type RequestFacts } from './rules.js';
import { matches, nextCheckAt } from './health.js';
import { proxyV2Header } from './proxy-protocol.js';

function facts(over: Partial<RequestFacts>): RequestFacts {
  return { method: 'GET', host: 'www.example.com', path: '/', query: '', header: () => undefined, sourceIp: '127.0.0.1', ...over };
}

test('host-header is case-insensitive with wildcards; path-pattern is case-sensitive and ignores the query', () => {
  const host = compileRule([{ Field: 'host-header', Values: ['*.example.com'] }]);
  assert.equal(host(facts({ host: 'API.Example.com' })), true);
  assert.equal(host(facts({ host: 'example.org' })), false);
  const path = compileRule([{ Field: 'path-pattern', Values: ['/img/*.png', '/a?c'] }]);
  assert.equal(path(facts({ path: '/img/x/y.png' })), true);
  assert.equal(path(facts({ path: '/IMG/y.png' })), false);
  assert.equal(path(facts({ path: '/abc' })), true);
});

test('conditions are AND-ed, values OR-ed; headers, methods, query strings and source IPs match', () => {
  const rule = compileRule([
    { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST', 'PUT'] } },
    { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'User-Agent', Values: ['*mobile*'] } },
  ]);
  const ua = (v: string) => (n: string) => (n === 'user-agent' ? v : undefined);
  assert.equal(rule(facts({ method: 'POST', header: ua('Some MOBILE agent') })), true);
  assert.equal(rule(facts({ method: 'GET', header: ua('mobile') })), false);
  const q = compileRule([{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v1*' }, { Value: '*example*' }] } }]);
  assert.equal(q(facts({ query: 'a=1&version=V1.2' })), true);
  assert.equal(q(facts({ query: 'x=an%20example' })), true);
  assert.equal(q(facts({ query: 'version=v2' })), false);
  const src = compileRule([{ Field: 'source-ip', SourceIpConfig: { Values: ['127.0.0.0/8'] } }]);
  assert.equal(src(facts({ sourceIp: '::ffff:127.0.0.9' })), true);
  assert.equal(src(facts({ sourceIp: '10.0.0.1' })), false);
});

test('health matchers take single codes, lists and ranges', () => {
  assert.equal(matches('200', 200), true);
  assert.equal(matches('200,202', 202), true);
  assert.equal(matches('200-399', 302), true);
  assert.equal(matches('200-399', 404), false);
});

test('the next health check keeps the schedule phase when the tick ran late, and skips whole missed intervals', () => {
  // Due at 1000, run by a wall-clock tick that read 1003: next at 31000, not 31003 (one interval's advance reaches it).
  assert.equal(nextCheckAt(1_000, 1_003, 30_000), 31_000);
  assert.equal(nextCheckAt(1_000, 95_000, 30_000), 121_000);
});

test('the Proxy Protocol v2 header carries client and node addresses; LOCAL has none', () => {
  const h = proxyV2Header({ sourceAddress: '127.0.0.1', sourcePort: 40000, destAddress: '127.77.0.1', destPort: 80 });
  assert.equal(h.length, 28);
  assert.deepEqual([h[12], h[13], h.readUInt16BE(14), h.readUInt16BE(24), h.readUInt16BE(26)], [0x21, 0x11, 12, 40000, 80]);
  const local = proxyV2Header(undefined);
  assert.deepEqual([local.length, local[12], local[13]], [16, 0x20, 0x00]);
});

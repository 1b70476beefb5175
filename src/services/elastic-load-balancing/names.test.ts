// CLB input rules: the health check Target grammar (PROTOCOL:PORT, with a path for HTTP/HTTPS only), listener
// protocol layers and load balancer names (HealthCheck, Listener and CreateLoadBalancer API references).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkName, layer, normalizeProtocol, parseHealthTarget } from './names.js';

test('parseHealthTarget reads HTTP:80/index.html, TCP:5000 and SSL:443, upper-casing the protocol', () => {
  assert.deepEqual(parseHealthTarget('HTTP:80/index.html'), { protocol: 'HTTP', port: 80, path: '/index.html' });
  assert.deepEqual(parseHealthTarget('https:443/'), { protocol: 'HTTPS', port: 443, path: '/' });
  assert.deepEqual(parseHealthTarget('TCP:5000'), { protocol: 'TCP', port: 5000 });
  assert.deepEqual(parseHealthTarget('SSL:443'), { protocol: 'SSL', port: 443 });
});

test('parseHealthTarget refuses HTTP without a path, TCP with one, bad ports and unknown protocols', () => {
  for (const bad of ['HTTP:80', 'TCP:80/x', 'TCP:0', 'TCP:65536', 'UDP:53', 'HTTP80/', '']) {
    assert.throws(() => parseHealthTarget(bad), { code: 'ValidationError' }, bad);
  }
});

test('listener protocols: HTTP and HTTPS are layer 7, TCP and SSL layer 4; others are UnsupportedProtocol', () => {
  assert.equal(layer(normalizeProtocol('https')), 7);
  assert.equal(layer(normalizeProtocol('ssl')), 4);
  assert.throws(() => normalizeProtocol('UDP'), { code: 'UnsupportedProtocol' });
});

test('checkName allows 32 alphanumerics or hyphens and refuses edge hyphens, internal- and other characters', () => {
  checkName('a'.repeat(32));
  checkName('my-lb-1');
  for (const bad of ['a'.repeat(33), '-lb', 'lb-', 'internal-lb', 'my_lb', '']) assert.throws(() => checkName(bad), { code: 'ValidationError' }, bad);
});

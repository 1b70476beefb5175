// Proxy Protocol v1 lines as the CLB guide shows them: TCP4 with client then node address, client port then
// listener port; IPv4-mapped IPv6 addresses are written as IPv4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyV1Header } from './proxy-v1.js';

test('proxyV1Header writes the TCP4 line with client, node, client port and listener port', () => {
  assert.equal(proxyV1Header('::ffff:127.0.0.1', 53201, '127.77.0.3', 80), 'PROXY TCP4 127.0.0.1 127.77.0.3 53201 80\r\n');
});

test('proxyV1Header uses TCP6 for IPv6 clients', () => {
  assert.equal(proxyV1Header('::1', 4000, '::1', 443), 'PROXY TCP6 ::1 ::1 4000 443\r\n');
});

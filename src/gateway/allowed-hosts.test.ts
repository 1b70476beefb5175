// The Host allow-list: loopback names and addresses always, kumo's own names, the --host, KUMO_ALLOWED_HOSTS with
// wildcards, service rules checked against the rest of the name; the machine's names by default on a wide bind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { AllowedHosts, hostName, isLoopbackAddress } from './allowed-hosts.js';

test('Host headers are reduced to their lower-case name without port or brackets', () => {
  assert.equal(hostName('LocalHost:4566'), 'localhost');
  assert.equal(hostName('[::1]:4566'), '::1');
  assert.equal(hostName('127.0.0.1'), '127.0.0.1');
});

test('loopback addresses are 127/8 and ::1, nothing else', () => {
  assert.ok(isLoopbackAddress('127.3.4.5'));
  assert.ok(isLoopbackAddress('::1'));
  assert.ok(!isLoopbackAddress('10.0.0.1'));
  assert.ok(!isLoopbackAddress('127.0.0.1.attacker.example'));
});

test('a loopback bind accepts loopback, kumo names and AWS names, and refuses other names', () => {
  const hosts = new AllowedHosts('127.0.0.1', undefined);
  for (const h of ['127.0.0.1:4566', 'localhost', 'x.localhost', 'bucket.s3.localhost.localstack.cloud', 'sqs.eu-west-1.amazonaws.com', undefined]) {
    assert.ok(hosts.allows(h), String(h));
  }
  for (const h of ['attacker.example', 'localhost.attacker.example', 'amazonaws.com.attacker.example', hostname() === 'localhost' ? 'x.example' : hostname()]) {
    assert.ok(!hosts.allows(h), h);
  }
});

test('service rules see the rest of the name and the allow check', () => {
  const hosts = new AllowedHosts('127.0.0.1', ['kumo']);
  hosts.addRule((name, allowed) => name.startsWith('b.s3.') && allowed(name.slice(5)));
  assert.ok(hosts.allows('b.s3.kumo:4566'));
  assert.ok(!hosts.allows('b.s3.attacker.example'));
});

test('a wide bind accepts the machine name by default, KUMO_ALLOWED_HOSTS replaces that list, * accepts all', () => {
  assert.ok(new AllowedHosts('0.0.0.0', undefined).allows(`${hostname()}:4566`));
  const listed = new AllowedHosts('0.0.0.0', ['kumo', '*.corp.example']);
  assert.ok(listed.allows('kumo:4566') && listed.allows('a.corp.example') && !listed.allows('corp.example.attacker'));
  assert.ok(new AllowedHosts('0.0.0.0', ['*']).allows('anything.example'));
  assert.ok(new AllowedHosts('192.0.2.10', []).allows('192.0.2.10:4566'), 'the --host itself');
});

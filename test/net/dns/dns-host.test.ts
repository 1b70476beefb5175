// The DNS server in its worker thread: zones and health statuses published from this thread are answered as soon
// as the publish resolves; a port already taken is a coded startup error.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { DnsHost } from '../../../src/net/dns/dns-host.js';
import { isKumoError } from '../../../src/core/kumo-error.js';
import { testZone } from '../../support/dns-zones.js';

const host = new DnsHost({ port: 0 });

function resolver(): Resolver {
  const r = new Resolver({ timeout: 2000, tries: 2 });
  r.setServers([`127.0.0.1:${host.port}`]);
  return r;
}

before(() => host.start());
after(() => host.stop());

test('a published zone is answered once setZone resolves, and a removed one is refused', async () => {
  await host.setZone(testZone('worker.test', [{ name: 'a.worker.test', type: 'A', ttl: 60, values: ['192.0.2.1'] }], { id: 'ZW' }));
  assert.deepEqual(await resolver().resolve4('a.worker.test'), ['192.0.2.1']);
  await host.setZone(testZone('worker.test', [{ name: 'a.worker.test', type: 'A', ttl: 60, values: ['192.0.2.2'] }], { id: 'ZW' }));
  assert.deepEqual(await resolver().resolve4('a.worker.test'), ['192.0.2.2']);
  await host.removeZone('ZW');
  await assert.rejects(resolver().resolve4('a.worker.test'), { code: 'EREFUSED' });
  assert.ok((await host.answered()) >= 3);
});

test('a health status published to the worker flips a failover answer', async () => {
  await host.setZone(
    testZone('fo.test', [
      { name: 'app.fo.test', type: 'A', ttl: 60, values: ['192.0.2.1'], setIdentifier: 'p', failover: 'PRIMARY', healthCheckId: 'hc1' },
      { name: 'app.fo.test', type: 'A', ttl: 60, values: ['192.0.2.2'], setIdentifier: 's', failover: 'SECONDARY' },
    ]),
  );
  assert.deepEqual(await resolver().resolve4('app.fo.test'), ['192.0.2.1']);
  await host.setHealth({ hc1: false });
  assert.deepEqual(await resolver().resolve4('app.fo.test'), ['192.0.2.2']);
  await host.setHealth({ hc1: true });
  assert.deepEqual(await resolver().resolve4('app.fo.test'), ['192.0.2.1']);
});

test('a DNS port already in use fails start with KUMO_ERR_ENDPOINT_IN_USE', async () => {
  const second = new DnsHost({ port: host.port });
  await assert.rejects(second.start(), (e: unknown) => isKumoError(e, 'KUMO_ERR_ENDPOINT_IN_USE'));
});

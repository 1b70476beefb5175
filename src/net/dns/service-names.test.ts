// Services' names in the DNS engine (load balancer and CloudFront names answered directly, and as Route 53 alias
// targets with EvaluateTargetHealth) and the registry's checks and coalesced publishing, driven in process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { DnsEngine } from './engine.js';
import { DnsIndex } from './zone-index.js';
import { ServiceTable } from './service-table.js';
import { ServiceNameRegistry, type NameSource, type ServiceName } from './service-names.js';
import type { DnsRecordSet } from './records.js';
import { testZone } from '../../../test/support/dns-zones.js';

interface Packet {
  rcode: string;
  flag_aa: boolean;
  answers: { name: string; type: string; ttl: number; data: unknown }[];
  authorities: unknown[];
}

function ask(engine: DnsEngine, name: string, type = 'A'): Packet {
  const query = dnsPacket.encode({ id: 7, type: 'query', questions: [{ name, type: type as 'A', class: 'IN' }] });
  return dnsPacket.decode(engine.answer(query, '127.0.0.1', 'udp')!) as unknown as Packet;
}

const lb = (healthy: boolean, addresses = ['127.77.0.1', '127.77.0.2']): ServiceName => ({ name: 'web-1.us-east-1.elb.amazonaws.com', addresses, ttl: 60, healthy, hostedZoneId: 'Z35SXDOTRQ7X7K' });

function setup(records: DnsRecordSet[]) {
  const index = new DnsIndex();
  index.setZone(testZone('example.com', records));
  const services = new ServiceTable();
  return { services, engine: new DnsEngine(index, { services }) };
}

test("A service's name answers its addresses authoritatively; other types are NODATA, unknown names still REFUSED", () => {
  const { services, engine } = setup([]);
  services.set('elbv2', [lb(true)]);
  const p = ask(engine, 'WEB-1.us-east-1.elb.amazonaws.com');
  assert.equal(p.rcode, 'NOERROR');
  assert.equal(p.flag_aa, true);
  assert.deepEqual(p.answers.map((a) => [a.name, a.data, a.ttl]), [
    ['WEB-1.us-east-1.elb.amazonaws.com', '127.77.0.1', 60],
    ['WEB-1.us-east-1.elb.amazonaws.com', '127.77.0.2', 60],
  ]);
  const aaaa = ask(engine, 'web-1.us-east-1.elb.amazonaws.com', 'AAAA');
  assert.deepEqual([aaaa.rcode, aaaa.answers.length], ['NOERROR', 0]);
  assert.equal(ask(engine, 'web-2.us-east-1.elb.amazonaws.com').rcode, 'REFUSED');
  services.set('elbv2', []);
  assert.equal(ask(engine, 'web-1.us-east-1.elb.amazonaws.com').rcode, 'REFUSED', 'a deleted load balancer stops resolving');
});

test("An alias to a load balancer answers the load balancer's addresses under the alias name with its TTL", () => {
  const { services, engine } = setup([{ name: 'example.com', type: 'A', ttl: 0, values: [], alias: { name: 'dualstack.web-1.us-east-1.elb.amazonaws.com.', evaluateTargetHealth: false } }]);
  services.set('elbv2', [{ ...lb(true), name: 'dualstack.web-1.us-east-1.elb.amazonaws.com' }]);
  const p = ask(engine, 'example.com');
  assert.deepEqual(p.answers.map((a) => [a.name, a.data, a.ttl]), [
    ['example.com', '127.77.0.1', 60],
    ['example.com', '127.77.0.2', 60],
  ]);
  services.set('elbv2', [{ ...lb(true, ['127.77.0.9']), name: 'dualstack.web-1.us-east-1.elb.amazonaws.com' }]);
  assert.deepEqual(ask(engine, 'example.com').answers.map((a) => a.data), ['127.77.0.9'], 'a change of nodes reaches the alias at once');
});

test('Failover between two load balancer aliases follows EvaluateTargetHealth', () => {
  const primary = 'web-1.us-east-1.elb.amazonaws.com';
  const secondary = 'web-2.elb.eu-west-1.amazonaws.com';
  const { services, engine } = setup([
    { name: 'app.example.com', type: 'A', ttl: 0, values: [], setIdentifier: 'p', failover: 'PRIMARY', alias: { name: primary, evaluateTargetHealth: true } },
    { name: 'app.example.com', type: 'A', ttl: 0, values: [], setIdentifier: 's', failover: 'SECONDARY', alias: { name: secondary, evaluateTargetHealth: true } },
  ]);
  const both = (p: boolean, s: boolean) => services.set('elbv2', [lb(p, ['127.77.0.1']), { ...lb(s, ['127.77.0.5']), name: secondary, hostedZoneId: 'Z2IFOLAFXWLO4F' }]);
  both(true, true);
  assert.deepEqual(ask(engine, 'app.example.com').answers.map((a) => a.data), ['127.77.0.1']);
  both(false, true);
  assert.deepEqual(ask(engine, 'app.example.com').answers.map((a) => a.data), ['127.77.0.5']);
  both(false, false);
  assert.deepEqual(ask(engine, 'app.example.com').answers.map((a) => a.data), ['127.77.0.1'], 'all unhealthy: the primary again');
  services.set('elbv2', [{ ...lb(true, ['127.77.0.5']), name: secondary }]);
  assert.deepEqual(ask(engine, 'app.example.com').answers.map((a) => a.data), ['127.77.0.5'], 'an alias to a missing load balancer is unhealthy');
});

function source(list: ServiceName[]): NameSource & { list: ServiceName[] } {
  return {
    id: 'elbv2',
    list,
    names() {
      return this.list;
    },
    ownsZone: (id) => (id === 'Z35SXDOTRQ7X7K' ? { suffix: 'us-east-1.elb.amazonaws.com' } : undefined),
  };
}

test('The registry checks alias targets against the zones sources own, and publishes each change once', async () => {
  const sent: Array<[string, string[]]> = [];
  const registry = new ServiceNameRegistry(async (id, names) => {
    sent.push([id, names.map((n) => n.name)]);
  });
  const src = source([lb(true)]);
  const handle = registry.register(src);
  assert.equal(registry.check('Z35SXDOTRQ7X7K', 'web-1.us-east-1.elb.amazonaws.com'), 'ok');
  assert.equal(registry.check('Z35SXDOTRQ7X7K', 'web-9.us-east-1.elb.amazonaws.com'), 'missing');
  assert.equal(registry.check('Z35SXDOTRQ7X7K', 'web-1.elb.us-east-1.amazonaws.com'), 'outside');
  assert.equal(registry.check('Z3AQBSTGFYJSTF', 'bucket.s3-website-us-east-1.amazonaws.com'), undefined, 'zones no source owns are not checked');
  await registry.flush();
  src.list = [lb(true), { ...lb(true), name: 'web-2.us-east-1.elb.amazonaws.com' }];
  handle.changed();
  handle.changed();
  handle.changed();
  await registry.flush();
  handle.changed();
  await registry.flush();
  assert.deepEqual(sent, [
    ['elbv2', ['web-1.us-east-1.elb.amazonaws.com']],
    ['elbv2', ['web-1.us-east-1.elb.amazonaws.com', 'web-2.us-east-1.elb.amazonaws.com']],
  ]);
  handle.unregister();
  assert.equal(registry.check('Z35SXDOTRQ7X7K', 'web-1.us-east-1.elb.amazonaws.com'), undefined);
});

test('a wildcard service name answers every name below it with the queried owner; siblings and the tail alone do not', () => {
  const { services, engine } = setup([]);
  services.set('s3-website', [{ name: 's3-website-us-east-1.amazonaws.com', addresses: ['127.0.0.1'], ttl: 60, healthy: true, hostedZoneId: 'Z3AQBSTGFYJSTF', wildcard: true }]);
  for (const name of ['site.s3-website-us-east-1.amazonaws.com', 'www.example.com.s3-website-us-east-1.amazonaws.com', 's3-website-us-east-1.amazonaws.com']) {
    const p = ask(engine, name);
    assert.equal(p.rcode, 'NOERROR');
    assert.deepEqual(p.answers.map((a) => [a.name, a.data]), [[name, '127.0.0.1']]);
  }
  assert.equal(ask(engine, 'site.s3-website-us-west-2.amazonaws.com').rcode, 'REFUSED');
  assert.equal(ask(engine, 'amazonaws.com').rcode, 'REFUSED');
});

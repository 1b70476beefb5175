// Which public addresses and ports the host sees, without sockets: the 127.b.c.d mapping, the ports a group admits
// from the host's internet address (wide ranges narrowed to common ports, a cap), and one owner per host address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkModel } from '../reachability.js';
import type { SgRule } from '../rule-match.js';
import { COMMON_PORTS, exposedPorts, exposuresOf, hostAddressOf, MAX_PORTS } from './expose.js';
import type { WorldDesign } from './plan.js';

const rule = (protocol: string, cidr: string, fromPort?: number, toPort?: number): SgRule => ({ ruleId: 'r', protocol, cidr, fromPort, toPort });

test('a public address maps to 127 and its last three octets; one that would land in 127.0.0.0/16 has none', () => {
  assert.equal(hostAddressOf('3.80.0.10'), '127.80.0.10');
  assert.equal(hostAddressOf('3.95.255.254'), '127.95.255.254');
  assert.equal(hostAddressOf('3.0.0.1'), undefined, 'never 127.0.0.1, where kumo itself listens');
  assert.equal(hostAddressOf('not-an-ip'), undefined);
});

test('the exposed ports are the TCP ports whose rule admits the host\'s internet address 198.51.100.100', () => {
  assert.deepEqual(exposedPorts([rule('tcp', '0.0.0.0/0', 80, 80), rule('6', '198.51.100.100/32', 443, 443)]), [80, 443]);
  assert.deepEqual(exposedPorts([rule('tcp', '10.0.0.0/8', 22, 22), rule('tcp', '203.0.113.0/24', 80, 80)]), [], 'ranges that do not hold the host\'s address');
  assert.deepEqual(exposedPorts([rule('udp', '0.0.0.0/0', 53, 53), rule('icmp', '0.0.0.0/0', -1, -1)]), [], 'TCP only');
  assert.deepEqual(exposedPorts([{ ruleId: 'g', protocol: 'tcp', fromPort: 80, toPort: 80, groupId: 'sg-1' }]), [], 'a group reference admits no internet address');
  assert.deepEqual(exposedPorts([rule('tcp', '0.0.0.0/0', 8000, 8003)]), [8000, 8001, 8002, 8003], 'a narrow range is exposed whole');
});

test('all traffic, or a range wider than 32 ports, is exposed only on the common ports inside it, at most 64 ports in all', () => {
  assert.deepEqual(exposedPorts([rule('-1', '0.0.0.0/0')]), [...COMMON_PORTS]);
  assert.deepEqual(exposedPorts([rule('tcp', '0.0.0.0/0', 0, 65535)]), [...COMMON_PORTS]);
  assert.deepEqual(exposedPorts([rule('tcp', '0.0.0.0/0', 1024, 65535)]), COMMON_PORTS.filter((p) => p >= 1024));
  const many = Array.from({ length: 5 }, (_, i) => rule('tcp', '0.0.0.0/0', 10_000 + i * 100, 10_000 + i * 100 + 31));
  const ports = exposedPorts(many);
  assert.equal(ports.length, MAX_PORTS);
  assert.deepEqual([ports[0], ports.at(-1)], [10_000, 10_131], 'the lowest ports are kept');
});

function design(publicIps: (string | undefined)[]): WorldDesign {
  const model = {
    securityGroups: new Map([['sg-1', { id: 'sg-1', vpcId: 'vpc-1', ingress: [rule('tcp', '0.0.0.0/0', 80, 80)], egress: [] }]]),
    interfaces: new Map(publicIps.map((p, n) => [`eni-${n}`, { id: `eni-${n}`, subnetId: 'subnet-1', privateIp: `10.0.1.${10 + n}`, publicIp: p, groupIds: ['sg-1'] }])),
  } as unknown as NetworkModel;
  return { model, vpcCidrs: new Map(), subnetCidrs: new Map(), instances: publicIps.map((_, n) => ({ id: `i-${n}`, interfaces: [{ interfaceId: `eni-${n}`, deviceIndex: 0, privateIps: [`10.0.1.${10 + n}`] }] })) };
}

test('each up instance with a public address is exposed once; one without is not; a host address taken in another scope keeps its first owner', () => {
  assert.deepEqual(exposuresOf([design(['3.80.0.10', undefined])]), [{ instanceId: 'i-0', publicIp: '3.80.0.10', hostAddress: '127.80.0.10', ports: [80] }]);
  const [first, second] = [design(['3.80.0.10']), design(['3.80.0.10'])];
  assert.deepEqual(exposuresOf([first, second]).map((e) => e.instanceId), ['i-0']);
});

// The VPC world's planner and differ, without a kernel: what a small design becomes (namespaces, bridges, routes,
// rulesets), and that a change turns into only the commands it implies, in a safe order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkModel } from '../reachability.js';
import { diffFacts } from './diff.js';
import { bridgeName, planWorld, tableOf, vethName, type WorldDesign } from './plan.js';

function design(overrides: Partial<NetworkModel> = {}): WorldDesign {
  const model: NetworkModel = {
    vpcs: new Map([['vpc-aaaaaaaaaaaaaaaa1', { id: 'vpc-aaaaaaaaaaaaaaaa1', internetGatewayId: 'igw-1' }]]),
    subnets: new Map([['subnet-00000000000000001', { id: 'subnet-00000000000000001', vpcId: 'vpc-aaaaaaaaaaaaaaaa1', networkAclId: 'acl-1', routeTableId: 'rtb-1' }]]),
    securityGroups: new Map([['sg-1', { id: 'sg-1', vpcId: 'vpc-aaaaaaaaaaaaaaaa1', ingress: [{ ruleId: 'r1', protocol: 'tcp', fromPort: 80, toPort: 80, cidr: '0.0.0.0/0' }], egress: [{ ruleId: 'r2', protocol: '-1', cidr: '0.0.0.0/0' }] }]]),
    networkAcls: new Map([['acl-1', { id: 'acl-1', entries: [{ ruleNumber: 100, egress: false, protocol: '6', action: 'allow', cidr: '0.0.0.0/0', fromPort: 80, toPort: 80 }, { ruleNumber: 90, egress: false, protocol: '-1', action: 'deny', cidr: '192.0.2.0/24' }] }]]),
    routeTables: new Map([['rtb-1', { id: 'rtb-1', routes: [{ destination: '10.0.0.0/16', targetType: 'local', targetId: 'local', state: 'active' }, { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' }, { destination: '10.9.0.0/16', targetType: 'pcx', targetId: 'pcx-gone', state: 'blackhole' }] }]]),
    peerings: new Map(),
    natGateways: new Map(),
    interfaces: new Map([['eni-1', { id: 'eni-1', subnetId: 'subnet-00000000000000001', privateIp: '10.0.1.10', publicIp: '203.0.113.10', groupIds: ['sg-1'] }]]),
    ...overrides,
  };
  return {
    model, vpcCidrs: new Map([['vpc-aaaaaaaaaaaaaaaa1', ['10.0.0.0/16']]]), subnetCidrs: new Map([['subnet-00000000000000001', '10.0.1.0/24']]),
    instances: [{ id: 'i-0123456789abcdef0', interfaces: [{ interfaceId: 'eni-1', deviceIndex: 0, privateIps: ['10.0.1.10'] }] }],
  };
}

const lines = (facts: ReturnType<typeof planWorld>) => facts.map((f) => `${f.ns || 'world'}: ${f.ip ?? (f.nft !== undefined ? 'nft' : 'sh')}`);

test('a subnet becomes a bridge holding the router address .1, an instance a namespace with its VPC address and default route', () => {
  const facts = planWorld([design()]);
  const l = lines(facts);
  const br = bridgeName('subnet-00000000000000001');
  assert.ok(br.length <= 15 && vethName('i-0123456789abcdef0', 0).length <= 15, 'interface names fit IFNAMSIZ');
  assert.ok(l.includes('world: netns add vpc-aaaaaaaaaaaaaaaa1'));
  assert.ok(l.includes(`vpc-aaaaaaaaaaaaaaaa1: addr add 10.0.1.1/24 dev ${br}`));
  assert.ok(l.includes('i-0123456789abcdef0: addr add 10.0.1.10/24 dev eth0'));
  assert.ok(l.includes('i-0123456789abcdef0: route add default via 10.0.1.1 dev eth0'));
  const t = tableOf('rtb-1');
  assert.ok(l.includes(`vpc-aaaaaaaaaaaaaaaa1: rule add pref 100 iif ${br} lookup ${t}`));
  assert.ok(l.some((x) => x.startsWith(`vpc-aaaaaaaaaaaaaaaa1: route add 0.0.0.0/0 via 100.`) && x.endsWith(`dev g0 table ${t}`)), 'the IGW route leaves through the link to the internet namespace');
  assert.ok(l.includes(`vpc-aaaaaaaaaaaaaaaa1: route add blackhole 10.9.0.0/16 table ${t}`), 'a blackhole route drops');
});

test('security groups are stateful rules with a default drop; NACLs are chains in rule-number order ending in a drop', () => {
  const facts = planWorld([design()]);
  const sg = facts.find((f) => f.ns === 'i-0123456789abcdef0' && f.nft !== undefined)!.nft!;
  assert.match(sg, /policy drop;[\s\S]*ct state established,related accept[\s\S]*iifname "eth0" meta l4proto tcp th dport 80 accept/);
  const acl = facts.find((f) => f.ns === 'vpc-aaaaaaaaaaaaaaaa1' && f.nft !== undefined)!.nft!;
  const inbound = acl.slice(acl.indexOf('chain in_'));
  assert.ok(inbound.indexOf('rule 90') < inbound.indexOf('rule 100') && inbound.indexOf('rule 100') < inbound.indexOf('rule *'), 'rule 90 before 100 before the default deny');
  assert.match(acl, /iifname "g0" ip daddr 203\.0\.113\.10 dnat ip to 10\.0\.1\.10/);
  assert.match(acl, /oifname "g0" ip saddr 10\.0\.1\.10 snat ip to 203\.0\.113\.10/);
});

test('a change applies by difference: one new SG rule replaces one ruleset and nothing else', () => {
  const before = diffFacts(new Map(), planWorld([design()]));
  assert.ok(before.steps.length > 0);
  const d = design();
  const g = d.model.securityGroups.get('sg-1')!;
  (d.model.securityGroups as Map<string, typeof g>).set('sg-1', { ...g, ingress: [...g.ingress, { ruleId: 'r3', protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8' }] });
  const after = diffFacts(before.next, planWorld([d]));
  assert.equal(after.steps.length, 1);
  assert.equal(after.steps[0]!.ns, 'i-0123456789abcdef0');
  assert.match(after.steps[0]!.nft!, /ip saddr 10\.0\.0\.0\/8 meta l4proto tcp th dport 22 accept/);
  assert.equal(diffFacts(after.next, planWorld([d])).steps.length, 0, 'an unchanged design costs nothing');
});

test('removing an instance deletes its namespace without undoing what lived inside it', () => {
  const built = diffFacts(new Map(), planWorld([design()]));
  const gone = { ...design(), instances: [] };
  const { steps } = diffFacts(built.next, planWorld([gone]));
  const all = steps.flatMap((s) => s.ip ?? []);
  assert.ok(all.includes('netns del i-0123456789abcdef0'));
  assert.ok(!all.some((x) => x.includes('addr del 10.0.1.10')), 'addresses vanish with the namespace');
});

test('the data plane falls back to loopback with a reason when asked to, or off Linux, or without the tools', async () => {
  const { VpcWorld } = await import('./world.js');
  assert.equal(VpcWorld.unavailable('loopback'), 'KUMO_VPC_DATA_PLANE=loopback');
  const why = VpcWorld.unavailable('auto');
  if (why !== undefined) assert.match(why, /Linux|missing tools/);
});

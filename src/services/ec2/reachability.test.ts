// Table-driven tests for the reachability verdict: each case builds a small network, asks one question, and checks
// the answer, the blocking component and its rule. Includes the study notes' NACL-without-ephemeral-ports case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NetworkModel, type ReachabilityQuery, type RouteModel, analyzeReachability, longestPrefixMatch } from './reachability.js';
import type { NaclEntryModel, SgRule } from './rule-match.js';
import { parseIpv4 } from './cidr.js';
import { assertVerdict } from '../../../test/support/reachability-expect.js';

const ALLOW_ALL_ACL: NaclEntryModel[] = [
  { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
  { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
];
const ALL_EGRESS: SgRule[] = [{ ruleId: 'sgr-egress', protocol: '-1', cidr: '0.0.0.0/0' }];

interface Fixture {
  sgA?: SgRule[];
  sgB?: SgRule[];
  aclA?: NaclEntryModel[];
  aclB?: NaclEntryModel[];
  routesA?: RouteModel[];
  routesB?: RouteModel[];
  /** Put B in a second VPC (10.1.0.0/16) peered with A's through pcx-ab when true. */
  peered?: 'active' | 'pending' | false;
  igw?: boolean;
  publicA?: boolean;
  publicB?: boolean;
  nat?: { routes: RouteModel[]; acl?: NaclEntryModel[]; available?: boolean };
}

const LOCAL_A: RouteModel = { destination: '10.0.0.0/16', targetType: 'local', targetId: 'local', state: 'active' };
const LOCAL_B: RouteModel = { destination: '10.1.0.0/16', targetType: 'local', targetId: 'local', state: 'active' };

function network(f: Fixture): NetworkModel {
  const vpcB = f.peered !== undefined && f.peered !== false ? 'vpc-b' : 'vpc-a';
  const igw = f.igw ? 'igw-1' : undefined;
  return {
    vpcs: new Map([
      ['vpc-a', { id: 'vpc-a', internetGatewayId: igw }],
      ['vpc-b', { id: 'vpc-b', internetGatewayId: igw }],
    ]),
    subnets: new Map([
      ['subnet-a', { id: 'subnet-a', vpcId: 'vpc-a', networkAclId: 'acl-a', routeTableId: 'rtb-a' }],
      ['subnet-b', { id: 'subnet-b', vpcId: vpcB, networkAclId: 'acl-b', routeTableId: 'rtb-b' }],
      ['subnet-nat', { id: 'subnet-nat', vpcId: 'vpc-a', networkAclId: 'acl-nat', routeTableId: 'rtb-nat' }],
    ]),
    securityGroups: new Map([
      ['sg-a', { id: 'sg-a', vpcId: 'vpc-a', ingress: [], egress: f.sgA ?? ALL_EGRESS }],
      ['sg-b', { id: 'sg-b', vpcId: vpcB, ingress: f.sgB ?? [], egress: ALL_EGRESS }],
    ]),
    networkAcls: new Map([
      ['acl-a', { id: 'acl-a', entries: f.aclA ?? ALLOW_ALL_ACL }],
      ['acl-b', { id: 'acl-b', entries: f.aclB ?? ALLOW_ALL_ACL }],
      ['acl-nat', { id: 'acl-nat', entries: f.nat?.acl ?? ALLOW_ALL_ACL }],
    ]),
    routeTables: new Map([
      ['rtb-a', { id: 'rtb-a', routes: f.routesA ?? [LOCAL_A] }],
      ['rtb-b', { id: 'rtb-b', routes: f.routesB ?? (vpcB === 'vpc-b' ? [LOCAL_B] : [LOCAL_A]) }],
      ['rtb-nat', { id: 'rtb-nat', routes: f.nat?.routes ?? [LOCAL_A] }],
    ]),
    peerings: new Map(f.peered ? [['pcx-ab', { id: 'pcx-ab', requesterVpcId: 'vpc-a', accepterVpcId: 'vpc-b', active: f.peered === 'active' }]] : []),
    natGateways: new Map([['nat-1', { id: 'nat-1', subnetId: 'subnet-nat', available: f.nat?.available ?? true, publicIp: '198.51.100.9', privateIp: '10.0.9.5' }]]),
    interfaces: new Map([
      ['eni-a', { id: 'eni-a', subnetId: 'subnet-a', privateIp: '10.0.1.10', publicIp: f.publicA ? '198.51.100.1' : undefined, groupIds: ['sg-a'] }],
      ['eni-b', { id: 'eni-b', subnetId: 'subnet-b', privateIp: vpcB === 'vpc-b' ? '10.1.2.20' : '10.0.2.20', publicIp: f.publicB ? '198.51.100.2' : undefined, groupIds: ['sg-b'] }],
    ]),
  };
}

const tcp = (from: number, to = from, cidr = '0.0.0.0/0'): SgRule => ({ ruleId: `sgr-${from}`, protocol: 'tcp', fromPort: from, toPort: to, cidr });
const acl = (ruleNumber: number, egress: boolean, action: 'allow' | 'deny', from?: number, to?: number, cidr = '0.0.0.0/0'): NaclEntryModel => ({
  ruleNumber, egress, protocol: from === undefined ? '-1' : '6', action, cidr, fromPort: from, toPort: to,
});
const A_TO_B: Pick<ReachabilityQuery, 'source' | 'destination'> = { source: { interfaceId: 'eni-a' }, destination: { interfaceId: 'eni-b' } };
const HTTPS_IN_B = [tcp(443)];

interface Case {
  name: string;
  fixture: Fixture;
  query: ReachabilityQuery;
  reachable: boolean;
  blocking?: { component: string; id?: string; rule?: string; direction?: string; explanationCode: string };
}

const cases: Case[] = [
  { name: 'same VPC, defaults open, port allowed by the destination SG', fixture: { sgB: HTTPS_IN_B }, query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: true },
  {
    name: 'destination SG has no rule for the port',
    fixture: { sgB: HTTPS_IN_B }, query: { ...A_TO_B, protocol: 'tcp', port: 22 }, reachable: false,
    blocking: { component: 'security-group', id: 'sg-b', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
  {
    name: 'source SG without egress blocks at the source',
    fixture: { sgA: [], sgB: HTTPS_IN_B }, query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'security-group', id: 'sg-a', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
  {
    name: 'destination SG referencing the source SG admits it',
    fixture: { sgB: [{ ruleId: 'sgr-ref', protocol: 'tcp', fromPort: 5432, toPort: 5432, groupId: 'sg-a' }] }, query: { ...A_TO_B, protocol: 'tcp', port: 5432 }, reachable: true,
  },
  {
    name: 'seed case: destination NACL allows 443 in and only 443 out, so replies to ephemeral ports are denied',
    fixture: { sgB: HTTPS_IN_B, aclB: [acl(100, false, 'allow', 443, 443), acl(100, true, 'allow', 443, 443)] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-b', rule: '*', direction: 'return', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'the same NACL with an outbound 1024-65535 rule lets the replies out',
    fixture: { sgB: HTTPS_IN_B, aclB: [acl(100, false, 'allow', 443, 443), acl(100, true, 'allow', 1024, 65535)] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: true,
  },
  {
    name: 'an outbound rule for 32768-65535 only covers part of the ephemeral range',
    fixture: { sgB: HTTPS_IN_B, aclB: [acl(100, false, 'allow', 443, 443), acl(100, true, 'allow', 32768, 65535)] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-b', rule: '*', direction: 'return', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'a client using 32768-65535 only needs that range back',
    fixture: { sgB: HTTPS_IN_B, aclB: [acl(100, false, 'allow', 443, 443), acl(100, true, 'allow', 32768, 65535)] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443, sourcePorts: [32768, 60999] }, reachable: true,
  },
  {
    name: 'a lower-numbered deny wins over a later allow',
    fixture: { sgB: HTTPS_IN_B, aclB: [acl(50, false, 'deny', undefined, undefined, '10.0.1.0/24'), ...ALLOW_ALL_ACL] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-b', rule: '50', direction: 'forward', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'source NACL inbound without ephemeral ports drops the replies at the source',
    fixture: { sgB: HTTPS_IN_B, aclA: [acl(100, true, 'allow'), acl(100, false, 'allow', 22, 22)] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-a', rule: '*', direction: 'return', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'peered VPCs with routes both ways',
    fixture: { peered: 'active', sgB: HTTPS_IN_B, routesA: [LOCAL_A, { destination: '10.1.0.0/16', targetType: 'pcx', targetId: 'pcx-ab', state: 'active' }], routesB: [LOCAL_B, { destination: '10.0.0.0/16', targetType: 'pcx', targetId: 'pcx-ab', state: 'active' }] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: true,
  },
  {
    name: 'peered VPCs without a route back',
    fixture: { peered: 'active', sgB: HTTPS_IN_B, routesA: [LOCAL_A, { destination: '10.1.0.0/16', targetType: 'pcx', targetId: 'pcx-ab', state: 'active' }] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-b', direction: 'return', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'a peering still pending acceptance carries nothing',
    fixture: { peered: 'pending', sgB: HTTPS_IN_B, routesA: [LOCAL_A, { destination: '10.1.0.0/16', targetType: 'pcx', targetId: 'pcx-ab', state: 'active' }] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'vpc-peering-connection', id: 'pcx-ab', explanationCode: 'BAD_STATE' },
  },
  {
    name: 'no route to the other VPC',
    fixture: { peered: 'active', sgB: HTTPS_IN_B }, query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'a blackhole route (its target deleted) blocks',
    fixture: { peered: 'active', sgB: HTTPS_IN_B, routesA: [LOCAL_A, { destination: '10.1.0.0/16', targetType: 'pcx', targetId: 'pcx-gone', state: 'blackhole' }] },
    query: { ...A_TO_B, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', rule: '10.1.0.0/16', explanationCode: 'BAD_STATE_ROUTE' },
  },
  {
    name: 'public subnet instance reaches the internet through the IGW',
    fixture: { igw: true, publicA: true, routesA: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' }] },
    query: { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '93.184.216.34' }, protocol: 'tcp', port: 443 }, reachable: true,
  },
  {
    name: 'an instance without a public IP cannot use the IGW',
    fixture: { igw: true, routesA: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' }] },
    query: { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '93.184.216.34' }, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'network-interface', id: 'eni-a', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'private subnet reaches the internet through a NAT gateway in a public subnet',
    fixture: { igw: true, routesA: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'nat', targetId: 'nat-1', state: 'active' }], nat: { routes: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' }] } },
    query: { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '93.184.216.34' }, protocol: 'tcp', port: 443 }, reachable: true,
  },
  {
    name: 'a NAT gateway in a subnet without an IGW route goes nowhere',
    fixture: { igw: true, routesA: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'nat', targetId: 'nat-1', state: 'active' }], nat: { routes: [LOCAL_A] } },
    query: { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '93.184.216.34' }, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-nat', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'the internet reaches a public web server on 443',
    fixture: { igw: true, publicB: true, sgB: HTTPS_IN_B, routesB: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' }] },
    query: { source: { internetAddress: '203.0.113.50' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 443 }, reachable: true,
  },
  {
    name: 'the internet cannot reach a server without an attached IGW',
    fixture: { publicB: true, sgB: HTTPS_IN_B },
    query: { source: { internetAddress: '203.0.113.50' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'internet-gateway', explanationCode: 'BAD_STATE_ATTACHMENT' },
  },
  {
    name: 'an SG rule for the office CIDR only admits the office',
    fixture: { igw: true, publicB: true, sgB: [tcp(22, 22, '203.0.113.0/24')], routesB: [LOCAL_A, { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' }] },
    query: { source: { internetAddress: '192.0.2.1' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 22 }, reachable: false,
    blocking: { component: 'security-group', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
];

for (const c of cases) {
  test(`reachability: ${c.name}`, () => {
    const verdict = analyzeReachability(network(c.fixture), c.query);
    assertVerdict(verdict, c);
    if (!c.blocking) assert.ok(verdict.hops.some((h) => h.direction === 'return'), 'the return path is walked');
  });
}

test('longest prefix wins over a shorter route', () => {
  const routes: RouteModel[] = [
    { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' },
    { destination: '10.0.0.0/16', targetType: 'local', targetId: 'local', state: 'active' },
    { destination: '10.0.5.0/24', targetType: 'nat', targetId: 'nat-1', state: 'active' },
  ];
  assert.equal(longestPrefixMatch(routes, parseIpv4('10.0.5.9')!)!.targetId, 'nat-1');
  assert.equal(longestPrefixMatch(routes, parseIpv4('10.0.6.9')!)!.targetId, 'local');
  assert.equal(longestPrefixMatch(routes, parseIpv4('8.8.8.8')!)!.targetId, 'igw-1');
});

test('the verdict lists hops in order: SG, NACL, route, NACL, SG, then the return NACLs', () => {
  const verdict = analyzeReachability(network({ sgB: HTTPS_IN_B }), { ...A_TO_B, protocol: 'tcp', port: 443 });
  assert.deepEqual(verdict.hops.map((h) => `${h.direction}:${h.component}:${h.id}`), [
    'forward:security-group:sg-a', 'forward:network-acl:acl-a', 'forward:route-table:rtb-a', 'forward:network-acl:acl-b', 'forward:security-group:sg-b',
    'return:network-acl:acl-b', 'return:route-table:rtb-b', 'return:network-acl:acl-a',
  ]);
  assert.equal(verdict.hops[4]!.rule, 'sgr-443');
});

test('within one subnet no network ACL applies: a deny-all NACL still lets two instances of the subnet talk', () => {
  const m = network({ sgB: HTTPS_IN_B, aclA: [acl(1, false, 'deny'), acl(1, true, 'deny')] });
  (m.interfaces as Map<string, { id: string; subnetId: string; privateIp: string; groupIds: readonly string[] }>).set('eni-b', { id: 'eni-b', subnetId: 'subnet-a', privateIp: '10.0.1.20', groupIds: ['sg-b'] });
  const verdict = analyzeReachability(m, { ...A_TO_B, protocol: 'tcp', port: 443 });
  assert.equal(verdict.reachable, true, JSON.stringify(verdict.blocking));
  assert.ok(!verdict.hops.some((h) => h.component === 'network-acl' && h.rule !== undefined), 'no NACL rule was evaluated');
  // The security group still decides.
  assert.equal(analyzeReachability(m, { ...A_TO_B, protocol: 'tcp', port: 22 }).blocking?.explanationCode, 'ENI_SG_RULES_MISMATCH');
});

test('an instance addressing another by its public IP goes out and back in through the internet gateway, seen by its own public IP', () => {
  const igwRoute: RouteModel = { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' };
  const toPublic = (f: Fixture, sgB: SgRule[]) => analyzeReachability(network({ igw: true, publicB: true, routesA: [LOCAL_A, igwRoute], routesB: [LOCAL_A, igwRoute], ...f, sgB }), { source: { interfaceId: 'eni-a' }, destination: { interfaceId: 'eni-b', publicAddress: true }, protocol: 'tcp', port: 443 });
  const fromGroup: SgRule[] = [{ ruleId: 'sgr-ref', protocol: 'tcp', fromPort: 443, toPort: 443, groupId: 'sg-a' }];
  const fromPublicA: SgRule[] = [{ ruleId: 'sgr-pub', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '198.51.100.1/32' }];
  // A group reference admits private traffic only; the packet arrives from A's public address.
  assert.equal(toPublic({ publicA: true }, fromGroup).blocking?.explanationCode, 'ENI_SG_RULES_MISMATCH');
  const v = toPublic({ publicA: true }, fromPublicA);
  assert.equal(v.reachable, true, JSON.stringify(v.blocking));
  assert.ok(v.hops.some((h) => h.component === 'internet-gateway'), 'through the internet gateway');
  // Without a public address of its own the source cannot use the internet gateway.
  assert.equal(toPublic({ publicA: false }, fromPublicA).blocking?.explanationCode, 'NO_ROUTE_TO_DESTINATION');
  // Both subnets' NACLs apply although the packet leaves A's subnet only to come back (here: B's inbound denies).
  const deny: NaclEntryModel[] = [{ ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' }];
  assert.equal(toPublic({ publicA: true, aclB: deny }, fromPublicA).blocking?.explanationCode, 'SUBNET_ACL_RESTRICTION');
});

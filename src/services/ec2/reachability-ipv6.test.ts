// Table-driven tests for the reachability verdict over IPv6: Ipv6Ranges in security groups, the IPv6 entries of network
// ACLs, IPv6 routes, and egress-only internet gateways that pass connections initiated from the VPC only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NetworkModel, type ReachabilityQuery, type RouteModel, analyzeReachability, longestPrefixMatch } from './reachability.js';
import type { NaclEntryModel, SgRule } from './rule-match.js';
import { parseIpv6 } from './cidr6.js';
import { parseIpv4 } from './cidr.js';
import { assertVerdict } from '../../../test/support/reachability-expect.js';

const ALLOW_ALL_V4: NaclEntryModel[] = [
  { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
  { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
];
// The default NACL of a VPC with an IPv6 block: rule 101 allows all IPv6 both ways (VPC User Guide, "Default network ACL").
const ALLOW_ALL_V6: NaclEntryModel[] = [
  { ruleNumber: 101, egress: false, protocol: '-1', action: 'allow', cidr: '::/0' },
  { ruleNumber: 101, egress: true, protocol: '-1', action: 'allow', cidr: '::/0' },
];
const ALL_EGRESS: SgRule[] = [
  { ruleId: 'sgr-egress', protocol: '-1', cidr: '0.0.0.0/0' },
  { ruleId: 'sgr-egress6', protocol: '-1', cidrIpv6: '::/0' },
];
const LOCAL: RouteModel[] = [{ destination: '10.0.0.0/16', targetType: 'local', targetId: 'local', state: 'active' }];
const LOCAL6: RouteModel = { destination: '2600:1f18:aa:bb00::/56', targetType: 'local', targetId: 'local', state: 'active' };
const EIGW: RouteModel = { destination: '::/0', targetType: 'eigw', targetId: 'eigw-1', state: 'active' };
const IGW6: RouteModel = { destination: '::/0', targetType: 'igw', targetId: 'igw-1', state: 'active' };
const A6 = '2600:1f18:aa:bb01::a';
const B6 = '2600:1f18:aa:bb02::b';

interface Fixture {
  sgA?: SgRule[];
  sgB?: SgRule[];
  acl6A?: NaclEntryModel[];
  acl6B?: NaclEntryModel[];
  routes6A?: RouteModel[];
  routes6B?: RouteModel[];
  routesB?: RouteModel[];
  igw?: boolean;
  /** Leave B without an IPv6 address. */
  noIpv6B?: boolean;
}

function network(f: Fixture): NetworkModel {
  return {
    vpcs: new Map([['vpc-a', { id: 'vpc-a', internetGatewayId: f.igw ? 'igw-1' : undefined }]]),
    subnets: new Map([
      ['subnet-a', { id: 'subnet-a', vpcId: 'vpc-a', networkAclId: 'acl-a', routeTableId: 'rtb-a' }],
      ['subnet-b', { id: 'subnet-b', vpcId: 'vpc-a', networkAclId: 'acl-b', routeTableId: 'rtb-b' }],
      ['subnet-nat', { id: 'subnet-nat', vpcId: 'vpc-a', networkAclId: 'acl-a', routeTableId: 'rtb-a' }],
    ]),
    securityGroups: new Map([
      ['sg-a', { id: 'sg-a', vpcId: 'vpc-a', ingress: [], egress: f.sgA ?? ALL_EGRESS }],
      ['sg-b', { id: 'sg-b', vpcId: 'vpc-a', ingress: f.sgB ?? [], egress: ALL_EGRESS }],
    ]),
    networkAcls: new Map([
      ['acl-a', { id: 'acl-a', entries: ALLOW_ALL_V4, ipv6Entries: f.acl6A ?? ALLOW_ALL_V6 }],
      ['acl-b', { id: 'acl-b', entries: ALLOW_ALL_V4, ipv6Entries: f.acl6B ?? ALLOW_ALL_V6 }],
    ]),
    routeTables: new Map([
      ['rtb-a', { id: 'rtb-a', routes: LOCAL, ipv6Routes: f.routes6A ?? [LOCAL6] }],
      ['rtb-b', { id: 'rtb-b', routes: f.routesB ?? LOCAL, ipv6Routes: f.routes6B ?? [LOCAL6] }],
    ]),
    peerings: new Map(),
    natGateways: new Map([['nat-1', { id: 'nat-1', subnetId: 'subnet-nat', available: true, publicIp: '198.51.100.9', privateIp: '10.0.9.5' }]]),
    interfaces: new Map([
      ['eni-a', { id: 'eni-a', subnetId: 'subnet-a', privateIp: '10.0.1.10', groupIds: ['sg-a'], ipv6Addresses: [A6] }],
      ['eni-b', { id: 'eni-b', subnetId: 'subnet-b', privateIp: '10.0.2.20', groupIds: ['sg-b'], ipv6Addresses: f.noIpv6B ? [] : [B6] }],
    ]),
  };
}

const tcp6 = (port: number, cidrIpv6 = '::/0'): SgRule => ({ ruleId: `sgr-v6-${port}`, protocol: 'tcp', fromPort: port, toPort: port, cidrIpv6 });
const tcp4 = (port: number): SgRule => ({ ruleId: `sgr-v4-${port}`, protocol: 'tcp', fromPort: port, toPort: port, cidr: '0.0.0.0/0' });
const acl6 = (ruleNumber: number, egress: boolean, action: 'allow' | 'deny', from?: number, to?: number, cidr = '::/0'): NaclEntryModel => ({
  ruleNumber, egress, protocol: from === undefined ? '-1' : '6', action, cidr, fromPort: from, toPort: to,
});
const A_TO_B: ReachabilityQuery = { source: { interfaceId: 'eni-a' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 443, ipVersion: 6 };
const TO_WEB: ReachabilityQuery = { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '2001:db8::80' }, protocol: 'tcp', port: 443 };
const FROM_WEB: ReachabilityQuery = { source: { internetAddress: '2001:db8::99' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 443 };

interface Case {
  name: string;
  fixture: Fixture;
  query: ReachabilityQuery;
  reachable: boolean;
  blocking?: { component: string; id?: string; rule?: string; direction?: string; explanationCode: string };
  hop?: string;
}

const cases: Case[] = [
  { name: 'an Ipv6Ranges rule admits IPv6 traffic between two interfaces of a VPC', fixture: { sgB: [tcp6(443)] }, query: A_TO_B, reachable: true },
  {
    name: 'an IPv4 rule for 0.0.0.0/0 does not admit IPv6 traffic',
    fixture: { sgB: [tcp4(443)] }, query: A_TO_B, reachable: false,
    blocking: { component: 'security-group', id: 'sg-b', direction: 'forward', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
  {
    name: 'an Ipv6Ranges rule for another block does not admit the source',
    fixture: { sgB: [tcp6(443, '2600:1f18:aa:bb03::/64')] }, query: A_TO_B, reachable: false,
    blocking: { component: 'security-group', id: 'sg-b', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
  {
    name: 'a group reference admits the member interface over IPv6',
    fixture: { sgB: [{ ruleId: 'sgr-ref', protocol: 'tcp', fromPort: 443, toPort: 443, groupId: 'sg-a' }] }, query: A_TO_B, reachable: true,
  },
  {
    name: 'a source group with only IPv4 egress cannot send IPv6',
    fixture: { sgA: [{ ruleId: 'sgr-egress', protocol: '-1', cidr: '0.0.0.0/0' }], sgB: [tcp6(443)] }, query: A_TO_B, reachable: false,
    blocking: { component: 'security-group', id: 'sg-a', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
  {
    name: 'a NACL without IPv6 entries denies IPv6 by its * rule even when IPv4 is open',
    fixture: { sgB: [tcp6(443)], acl6A: [] }, query: A_TO_B, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-a', rule: '*', direction: 'forward', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'IPv6 NACL entries allowing 443 in but not the ephemeral ports out drop the replies',
    fixture: { sgB: [tcp6(443)], acl6B: [acl6(100, false, 'allow', 443, 443), acl6(100, true, 'allow', 443, 443)] }, query: A_TO_B, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-b', rule: '*', direction: 'return', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'the same IPv6 NACL with 1024-65535 outbound lets the replies out',
    fixture: { sgB: [tcp6(443)], acl6B: [acl6(100, false, 'allow', 443, 443), acl6(110, true, 'allow', 1024, 65535)] }, query: A_TO_B, reachable: true,
  },
  {
    name: 'an IPv6 deny rule for the source block wins over a later allow',
    fixture: { sgB: [tcp6(443)], acl6B: [acl6(50, false, 'deny', undefined, undefined, '2600:1f18:aa:bb01::/64'), ...ALLOW_ALL_V6] }, query: A_TO_B, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-b', rule: '50', direction: 'forward', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'an interface without an IPv6 address cannot be reached over IPv6',
    fixture: { sgB: [tcp6(443)], noIpv6B: true }, query: A_TO_B, reachable: false,
    blocking: { component: 'network-interface', id: 'eni-b', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'an IPv6 question uses the IPv6 routes: the VPC has no IPv6 local route',
    fixture: { sgB: [tcp6(443)], routes6A: [] }, query: A_TO_B, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', direction: 'forward', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'an instance reaches an IPv6 internet address through an egress-only internet gateway, without a public IPv4',
    fixture: { routes6A: [LOCAL6, EIGW] }, query: TO_WEB, reachable: true, hop: 'forward:egress-only-internet-gateway:eigw-1',
  },
  {
    name: 'an instance reaches an IPv6 internet address through the internet gateway without a public IPv4',
    fixture: { igw: true, routes6A: [LOCAL6, IGW6] }, query: TO_WEB, reachable: true, hop: 'forward:internet-gateway:igw-1',
  },
  {
    name: 'an IPv4 default route does not carry IPv6 traffic to the internet',
    fixture: { igw: true, routes6A: [LOCAL6] }, query: TO_WEB, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'a route to a deleted egress-only gateway is a blackhole',
    fixture: { routes6A: [LOCAL6, { ...EIGW, state: 'blackhole' }] }, query: TO_WEB, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', rule: '::/0', explanationCode: 'BAD_STATE_ROUTE' },
  },
  {
    name: 'the internet cannot initiate a connection to a subnet whose IPv6 default route is an egress-only gateway',
    fixture: { igw: true, sgB: [tcp6(443)], routes6B: [LOCAL6, EIGW] }, query: FROM_WEB, reachable: false,
    blocking: { component: 'egress-only-internet-gateway', id: 'eigw-1', direction: 'return', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'the internet reaches an IPv6 server behind the internet gateway with no public IPv4',
    fixture: { igw: true, sgB: [tcp6(443)], routes6B: [LOCAL6, IGW6] }, query: FROM_WEB, reachable: true,
  },
  {
    name: 'IPv6 through a NAT gateway (NAT64) is not modelled and says so',
    fixture: { routes6A: [LOCAL6, { destination: '64:ff9b::/96', targetType: 'nat', targetId: 'nat-1', state: 'active' }] },
    query: { ...TO_WEB, destination: { internetAddress: '64:ff9b::c633:6401' } }, reachable: false,
    blocking: { component: 'route-table', explanationCode: 'CANNOT_ROUTE' },
  },
  {
    name: 'an IPv4 question ignores Ipv6Ranges rules',
    fixture: { sgB: [tcp6(443)] }, query: { ...A_TO_B, ipVersion: 4 }, reachable: false,
    blocking: { component: 'security-group', id: 'sg-b', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
];

for (const c of cases) {
  test(`reachability over IPv6: ${c.name}`, () => {
    const verdict = analyzeReachability(network(c.fixture), c.query);
    assertVerdict(verdict, c);
    if (c.hop) assert.ok(verdict.hops.some((h) => `${h.direction}:${h.component}:${h.id}` === c.hop), `a hop ${c.hop}`);
  });
}

test('an IPv6 internet end selects IPv6 without ipVersion, and the hops name IPv6 addresses', () => {
  const verdict = analyzeReachability(network({ routes6A: [LOCAL6, EIGW] }), TO_WEB);
  assert.equal(verdict.reachable, true);
  assert.ok(verdict.hops.some((h) => h.detail.includes('2001:db8::80')), JSON.stringify(verdict.hops));
});

test('longest prefix match never mixes families', () => {
  const routes: RouteModel[] = [
    { destination: '0.0.0.0/0', targetType: 'igw', targetId: 'igw-1', state: 'active' },
    LOCAL6,
    { destination: '2600:1f18:aa:bb02::/64', targetType: 'pcx', targetId: 'pcx-1', state: 'active' },
    EIGW,
  ];
  assert.equal(longestPrefixMatch(routes, parseIpv6(B6)!)!.targetId, 'pcx-1');
  assert.equal(longestPrefixMatch(routes, parseIpv6(A6)!)!.targetId, 'local');
  assert.equal(longestPrefixMatch(routes, parseIpv6('2001:db8::1')!)!.targetId, 'eigw-1');
  assert.equal(longestPrefixMatch(routes, parseIpv4('8.8.8.8')!)!.targetId, 'igw-1');
  assert.equal(longestPrefixMatch([LOCAL6], parseIpv4('10.0.0.1')!), undefined);
});

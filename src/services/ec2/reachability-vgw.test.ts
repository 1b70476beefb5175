// Table-driven tests for virtual private gateways in the reachability verdict: traffic routed to an attached VGW leaves
// the VPC toward on-premises networks; on-premises sources arrive by their own address; attaching gateways, blackhole
// routes, IPv6 and gateway (edge) route tables that send traffic to a middlebox answer Reachability Analyzer's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type NetworkModel, type ReachabilityQuery, type RouteModel, analyzeReachability } from './reachability.js';
import type { NaclEntryModel, SgRule } from './rule-match.js';
import { assertVerdict } from '../../../test/support/reachability-expect.js';

const LOCAL: RouteModel = { destination: '10.0.0.0/16', targetType: 'local', targetId: 'local', state: 'active' };
const TO_VGW: RouteModel = { destination: '192.168.0.0/16', targetType: 'vgw', targetId: 'vgw-1', state: 'active' };
const ALLOW_ALL: NaclEntryModel[] = [
  { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
  { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
];
const SSH_FROM_OFFICE: SgRule = { ruleId: 'sgr-ssh', protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '192.168.0.0/16' };

interface Fixture {
  routes?: RouteModel[];
  routes6?: RouteModel[];
  ingress?: SgRule[];
  acl?: NaclEntryModel[];
  attachment?: 'attaching' | 'attached' | 'none';
  edgeRoutes?: RouteModel[];
  igw?: boolean;
}

function network(f: Fixture): NetworkModel {
  const attachment = f.attachment ?? 'attached';
  return {
    vpcs: new Map([['vpc-a', { id: 'vpc-a', internetGatewayId: f.igw ? 'igw-1' : undefined }], ['vpc-b', { id: 'vpc-b' }]]),
    subnets: new Map([
      ['subnet-a', { id: 'subnet-a', vpcId: 'vpc-a', networkAclId: 'acl-a', routeTableId: 'rtb-a' }],
      ['subnet-b', { id: 'subnet-b', vpcId: 'vpc-b', networkAclId: 'acl-a', routeTableId: 'rtb-b' }],
    ]),
    securityGroups: new Map([['sg-a', { id: 'sg-a', vpcId: 'vpc-a', ingress: f.ingress ?? [SSH_FROM_OFFICE], egress: [{ ruleId: 'sgr-out', protocol: '-1', cidr: '0.0.0.0/0' }, { ruleId: 'sgr-out6', protocol: '-1', cidrIpv6: '::/0' }] }]]),
    networkAcls: new Map([['acl-a', { id: 'acl-a', entries: f.acl ?? ALLOW_ALL, ipv6Entries: ALLOW_ALL.map((e) => ({ ...e, cidr: '::/0' })) }]]),
    routeTables: new Map([
      ['rtb-a', { id: 'rtb-a', routes: f.routes ?? [LOCAL, TO_VGW], ipv6Routes: f.routes6 ?? [] }],
      ['rtb-b', { id: 'rtb-b', routes: [{ ...LOCAL, destination: '192.168.0.0/16' }] }],
      ['rtb-edge', { id: 'rtb-edge', routes: f.edgeRoutes ?? [LOCAL] }],
    ]),
    peerings: new Map(),
    natGateways: new Map(),
    interfaces: new Map([
      ['eni-a', { id: 'eni-a', subnetId: 'subnet-a', privateIp: '10.0.1.10', groupIds: ['sg-a'], ipv6Addresses: ['2600:1f18::10'] }],
      ['eni-b', { id: 'eni-b', subnetId: 'subnet-b', privateIp: '192.168.7.7', groupIds: ['sg-a'] }],
    ]),
    vpnGateways: new Map(attachment === 'none' ? [] : [['vgw-1', { id: 'vgw-1', vpcId: 'vpc-a', attachment }]]),
    gatewayRouteTables: new Map(f.edgeRoutes ? [['vgw-1', 'rtb-edge']] : []),
  };
}

const OUT: Pick<ReachabilityQuery, 'source' | 'destination'> = { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '192.168.5.5' } };
const IN: Pick<ReachabilityQuery, 'source' | 'destination'> = { source: { internetAddress: '192.168.5.5' }, destination: { interfaceId: 'eni-a' } };

interface Case {
  name: string;
  fixture: Fixture;
  query: ReachabilityQuery;
  reachable: boolean;
  blocking?: { component: string; id?: string; direction?: string; explanationCode: string };
  hop?: { component: string; id: string; direction: string };
}

const cases: Case[] = [
  {
    name: 'an instance reaches an on-premises address routed to an attached VGW; the path leaves the VPC at the gateway',
    fixture: {}, query: { ...OUT, protocol: 'tcp', port: 443 }, reachable: true, hop: { component: 'vpn-gateway', id: 'vgw-1', direction: 'forward' },
  },
  {
    name: 'a VGW still attaching does not carry traffic yet (BAD_STATE_ATTACHMENT)',
    fixture: { attachment: 'attaching' }, query: { ...OUT, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'vpn-gateway', id: 'vgw-1', direction: 'forward', explanationCode: 'BAD_STATE_ATTACHMENT' },
  },
  {
    name: 'a route left to a detached VGW is a blackhole (BAD_STATE_ROUTE)',
    fixture: { attachment: 'none', routes: [LOCAL, { ...TO_VGW, state: 'blackhole' }] }, query: { ...OUT, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', direction: 'forward', explanationCode: 'BAD_STATE_ROUTE' },
  },
  {
    name: 'an on-premises host reaches a private instance over the VGW without any public address',
    fixture: {}, query: { ...IN, protocol: 'tcp', port: 22 }, reachable: true, hop: { component: 'vpn-gateway', id: 'vgw-1', direction: 'return' },
  },
  {
    name: 'traffic from on-premises still needs a security group rule for it',
    fixture: {}, query: { ...IN, protocol: 'tcp', port: 3389 }, reachable: false,
    blocking: { component: 'security-group', id: 'sg-a', direction: 'forward', explanationCode: 'ENI_SG_RULES_MISMATCH' },
  },
  {
    name: 'an outside address the subnet does not route to a VGW is the internet: a private instance is not reachable',
    fixture: { routes: [LOCAL], igw: true }, query: { ...IN, protocol: 'tcp', port: 22 }, reachable: false,
    blocking: { component: 'network-interface', id: 'eni-a', direction: 'forward', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
  {
    name: 'the subnet NACL judges the on-premises address itself (no translation over a VPN)',
    fixture: { acl: [{ ruleNumber: 50, egress: true, protocol: '-1', action: 'deny', cidr: '192.168.0.0/16' }, ...ALLOW_ALL] },
    query: { ...OUT, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'network-acl', id: 'acl-a', direction: 'forward', explanationCode: 'SUBNET_ACL_RESTRICTION' },
  },
  {
    name: 'IPv6 through a VGW cannot route (a VGW carries IPv4 VPN traffic only)',
    fixture: { routes6: [{ destination: '2001:db8::/32', targetType: 'vgw', targetId: 'vgw-1', state: 'active' }] },
    query: { source: { interfaceId: 'eni-a' }, destination: { internetAddress: '2001:db8::5' }, protocol: 'tcp', port: 443, ipVersion: 6 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-a', direction: 'forward', explanationCode: 'CANNOT_ROUTE' },
  },
  {
    name: 'a VGW edge route table whose local route covers the subnet delivers on-premises traffic',
    fixture: { edgeRoutes: [LOCAL] }, query: { ...IN, protocol: 'tcp', port: 22 }, reachable: true, hop: { component: 'route-table', id: 'rtb-edge', direction: 'forward' },
  },
  {
    name: 'a VGW edge route table that sends the subnet to a middlebox ENI is not modelled (CANNOT_ROUTE)',
    fixture: { edgeRoutes: [LOCAL, { destination: '10.0.1.0/24', targetType: 'eni', targetId: 'eni-fw', state: 'active' }] }, query: { ...IN, protocol: 'tcp', port: 22 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-edge', direction: 'forward', explanationCode: 'CANNOT_ROUTE' },
  },
  {
    name: 'replies to an outbound connection come back through the VGW edge route table too',
    fixture: { edgeRoutes: [LOCAL, { destination: '10.0.1.0/24', targetType: 'eni', targetId: 'eni-fw', state: 'blackhole' }] }, query: { ...OUT, protocol: 'tcp', port: 443 }, reachable: false,
    blocking: { component: 'route-table', id: 'rtb-edge', direction: 'return', explanationCode: 'BAD_STATE_ROUTE' },
  },
  {
    name: 'an interface of another VPC is not reachable through a VGW',
    fixture: {}, query: { source: { interfaceId: 'eni-a' }, destination: { interfaceId: 'eni-b' }, protocol: 'tcp', port: 22 }, reachable: false,
    blocking: { component: 'vpn-gateway', id: 'vgw-1', direction: 'forward', explanationCode: 'NO_ROUTE_TO_DESTINATION' },
  },
];

for (const c of cases) {
  test(c.name, () => {
    const v = analyzeReachability(network(c.fixture), c.query);
    assertVerdict(v, c);
    if (c.hop) assert.ok(v.hops.some((h) => h.component === c.hop!.component && h.id === c.hop!.id && h.direction === c.hop!.direction && h.verdict === 'allow'), JSON.stringify(v.hops, null, 1));
  });
}

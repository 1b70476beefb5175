// IPv6 in the VPC namespaces, with real TCP over IPv6 between them: dual-stack instances get their subnet's IPv6
// addresses, SG Ipv6Ranges and IPv6 NACL entries decide, and an egress-only internet gateway lets connections out to
// the "internet" namespace's IPv6 hosts (2001:db8::/32) but none in. Skips where namespaces are unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { parseCidr6 } from '../../../src/services/ec2/cidr6.js';
import { findTool } from '../../../src/services/ec2/vpc/tools.js';
import { launch, probeHandshake as probe, serve, useVpcWorld } from '../../support/vpc-world.js';

const world = useVpcWorld();

/** The nth /64 of a /56, as a subnet block. */
const nth64 = (block: string, n: number): string => {
  const c = parseCidr6(block)!;
  return parseCidr6(`${(c.base | (BigInt(n) << 64n)).toString(16).padStart(32, '0').match(/.{4}/g)!.join(':')}/64`)!.text;
};

test('dual stack: SG Ipv6Ranges and IPv6 NACL entries decide real IPv6 connections; an egress-only gateway lets them out, none in', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const c = world.client;
  const vpc = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: '10.66.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const block = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  const [front, back] = await Promise.all([1, 2].map(async (n) => (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: `10.66.${n}.0/24`, Ipv6CidrBlock: nth64(block, n) }))).Subnet!.SubnetId!));
  const group = async (name: string, ingress: ec2.IpPermission[]) => {
    const id = (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc.VpcId!, GroupName: name, Description: name }))).GroupId!;
    if (ingress.length > 0) await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: ingress }));
    const g = (await c.send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups![0]!;
    if (!g.IpPermissionsEgress!.some((p) => p.Ipv6Ranges?.some((r) => r.CidrIpv6 === '::/0'))) {
      await c.send(new ec2.AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));
    }
    return id;
  };
  // Port 80 from the VPC's IPv6 block only (and 8080 from anywhere on IPv6); no IPv4 rule at all.
  const web = await group('web6', [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Ipv6Ranges: [{ CidrIpv6: block }] }, { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]);
  const plain = await group('client6', []);
  const [server, client] = await Promise.all([launch(c, back!, [web], { Ipv6AddressCount: 1 }), launch(c, front!, [plain], { Ipv6AddressCount: 1 })]);
  const described = (await c.send(new ec2.DescribeInstancesCommand({ InstanceIds: [server.id] }))).Reservations![0]!.Instances![0]!;
  const server6 = described.NetworkInterfaces![0]!.Ipv6Addresses![0]!.Ipv6Address!;
  // The netlink relay (perl-base) built both dual-stack namespaces, addresses and routes of both families, without `ip`.
  if (findTool('perl') && process.env['KUMO_VPC_RELAY'] !== 'off') assert.deepEqual(world.w.vpcDataPlane().viaIp!.filter((ns) => ns === server.id || ns === client.id), []);
  await serve(world.w, server.id, [80, 81, 8080], '::');
  // Real IPv6 across subnets through the router; IPv4 to the same server has no rule, so it drops.
  assert.deepEqual(await probe(world.w, client.id, [{ host: server6, port: 80 }, { host: server6, port: 81 }, { host: server.ip, port: 80 }]), ['open', 'timeout', 'timeout']);

  // An IPv6 NACL entry denying the client's subnet, numbered before the default IPv6 allow, drops it.
  const acl = (await c.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [back!] }] }))).NetworkAcls![0]!;
  await c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl.NetworkAclId!, RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: false, Ipv6CidrBlock: nth64(block, 1), PortRange: { From: 80, To: 80 } }));
  assert.deepEqual(await probe(world.w, client.id, [{ host: server6, port: 80 }, { host: server6, port: 8080 }]), ['timeout', 'open']);

  // Egress-only internet gateway: out to the internet's IPv6 hosts works, the internet cannot connect in.
  const eigw = (await c.send(new ec2.CreateEgressOnlyInternetGatewayCommand({ VpcId: vpc.VpcId! }))).EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId!;
  const main = (await c.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0]!.RouteTableId!;
  await c.send(new ec2.CreateRouteCommand({ RouteTableId: main, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw }));
  await serve(world.w, 'internet', [80], '::');
  assert.deepEqual(await probe(world.w, server.id, [{ host: '2001:db8::100', port: 80 }]), ['open']);
  assert.deepEqual(await probe(world.w, 'internet', [{ host: server6, port: 8080 }]), ['timeout']);
});

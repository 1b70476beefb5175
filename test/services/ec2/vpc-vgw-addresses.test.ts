// Virtual private gateways in the VPC world, with real TCP: an instance reaches an on-premises server in the VGW's
// namespace through a 192.168.0.0/16 route and back, on-premises reaches the instance by its private address, SGs and
// NACLs apply, a detached VGW drops, and the verdict says the same each time. Skips without namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { launch, nodeIn, probe, probeHandshake, serve, useVpcWorld } from '../../support/vpc-world.js';

const world = useVpcWorld();

async function verdict(from: string, to: string, port: number): Promise<{ reachable: boolean; code: string | undefined }> {
  const v = (await (await fetch(`${world.kumo.url}/_kumo/ec2/reachability?from=${from}&to=${to}&port=${port}`)).json()) as { reachable: boolean; blocking?: { explanationCode: string } };
  return { reachable: v.reachable, code: v.blocking?.explanationCode };
}

test('a route to an attached VGW reaches the on-premises namespace and back; on-premises reaches the private address; SGs, NACLs and detaching agree with the verdict', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const c = world.client;
  const vpcId = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24' }))).Subnet!.SubnetId!;
  const rtb = (await c.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  const sg = (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web' }))).GroupId!;
  await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '192.168.0.0/16' }] }] }));
  const vgw = (await c.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
  await c.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
  await c.send(new ec2.CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw }));
  const vm = await launch(c, subnetId, [sg]);
  await serve(world.w, vm.id, [80, 81]);

  // Attaching settles after 1 s of runtime clock (plan.test.ts checks that an attaching VGW gets no link).
  await world.kumo.advance(2);
  await world.w.syncVpcWorld();
  assert.ok(world.w.execCommand(vgw), 'the attached VGW has its on-premises namespace');
  await serve(world.w, vgw, [80]);

  // Out and back: the on-premises server sees the instance's private address (no translation over a VPN).
  assert.deepEqual(await probe(world.w, vm.id, [{ host: '192.168.7.7', port: 80 }], 4000, true), [`open hi ${vm.ip}`]);
  assert.equal((await verdict(vm.id, '192.168.7.7', 80)).reachable, true);
  // In by the private address: the SG admits 80 from 192.168.0.0/16, not 81; the instance sees the on-prem address.
  const [in80, in81] = await probeHandshake(world.w, vgw, [{ host: vm.ip, port: 80 }, { host: vm.ip, port: 81 }], 2500, '192.168.7.7');
  assert.equal(in80, 'open');
  assert.equal(in81, 'timeout');
  assert.deepEqual(await verdict('192.168.7.7', vm.id, 80), { reachable: true, code: undefined });
  assert.deepEqual(await verdict('192.168.7.7', vm.id, 81), { reachable: false, code: 'ENI_SG_RULES_MISMATCH' });
  // An address the VPC does not route to the VGW is not on-premises: 172.16.0.1 is nobody there.
  assert.notEqual((await probeHandshake(world.w, vm.id, [{ host: '172.16.0.1', port: 80 }]))[0], 'open');

  // A NACL denying inbound TCP 80 from on-premises (rule 50, before an allow-all) drops it, as the verdict says.
  const acl = (await c.send(new ec2.CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
  await Promise.all([
    c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 50, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '192.168.0.0/16', PortRange: { From: 80, To: 80 } })),
    c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' })),
    c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' })),
  ]);
  const assoc = (await c.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }))).NetworkAcls![0]!.Associations!.find((a) => a.SubnetId === subnetId)!.NetworkAclAssociationId!;
  const back = (await c.send(new ec2.ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: acl }))).NewAssociationId!;
  assert.equal((await probeHandshake(world.w, vgw, [{ host: vm.ip, port: 80 }], 2500, '192.168.7.7'))[0], 'timeout');
  assert.deepEqual(await verdict('192.168.7.7', vm.id, 80), { reachable: false, code: 'SUBNET_ACL_RESTRICTION' });
  const defaultAcl = (await c.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }))).NetworkAcls![0]!.NetworkAclId!;
  await c.send(new ec2.ReplaceNetworkAclAssociationCommand({ AssociationId: back, NetworkAclId: defaultAcl }));

  // Detached: the route turns blackhole, the on-premises namespace goes, and the verdict says BAD_STATE_ROUTE.
  await c.send(new ec2.DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
  const routes = (await c.send(new ec2.DescribeRouteTablesCommand({ RouteTableIds: [rtb] }))).RouteTables![0]!.Routes!;
  assert.equal(routes.find((r) => r.DestinationCidrBlock === '192.168.0.0/16')?.State, 'blackhole');
  assert.equal(world.w.execCommand(vgw), undefined);
  assert.notEqual((await probeHandshake(world.w, vm.id, [{ host: '192.168.7.7', port: 80 }]))[0], 'open');
  assert.deepEqual(await verdict(vm.id, '192.168.7.7', 80), { reachable: false, code: 'BAD_STATE_ROUTE' });
});

test('secondary private IPs (AssignPrivateIpAddresses) and an attached ENI are addresses in the instance namespace that meet the same SGs and NACLs as the primary; UnassignPrivateIpAddresses removes one', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const c = world.client;
  const vpcId = (await c.send(new ec2.CreateVpcCommand({ CidrBlock: '10.51.0.0/16' }))).Vpc!.VpcId!;
  const [s1, s2] = await Promise.all(['10.51.1.0/24', '10.51.2.0/24'].map(async (b) => (await c.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: b }))).Subnet!.SubnetId!));
  const sg = (await c.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web' }))).GroupId!;
  await c.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.51.0.0/16' }] }] }));
  const [server, client] = await Promise.all([launch(c, s1!, [sg]), launch(c, s2!, [sg])]);
  const eni0 = (await c.send(new ec2.DescribeInstancesCommand({ InstanceIds: [server.id] }))).Reservations![0]!.Instances![0]!.NetworkInterfaces![0]!.NetworkInterfaceId!;
  const assigned = await c.send(new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eni0, SecondaryPrivateIpAddressCount: 1 }));
  const secondary = assigned.AssignedPrivateIpAddresses![0]!.PrivateIpAddress!;
  const extra = (await c.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: s1!, Groups: [sg] }))).NetworkInterface!;
  await c.send(new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: extra.NetworkInterfaceId!, InstanceId: server.id, DeviceIndex: 1 }));
  const addrs = await nodeIn(world.w, server.id, `const o=require('os').networkInterfaces();console.log(JSON.stringify(Object.fromEntries(Object.entries(o).map(([k,v])=>[k,v.filter(a=>a.family==='IPv4').map(a=>a.address)]))))`);
  const byDev = JSON.parse(addrs) as Record<string, string[]>;
  assert.deepEqual(byDev['eth0']?.sort(), [server.ip, secondary].sort(), 'the secondary address is on eth0');
  assert.deepEqual(byDev['eth1'], [extra.PrivateIpAddress], 'the attached ENI is eth1');
  await serve(world.w, server.id, [80, 81]);
  const [p80, s80, s81, e80] = await probeHandshake(world.w, client.id, [{ host: server.ip, port: 80 }, { host: secondary, port: 80 }, { host: secondary, port: 81 }, { host: extra.PrivateIpAddress!, port: 80 }]);
  assert.deepEqual([p80, s80, s81, e80], ['open', 'open', 'timeout', 'open'], 'the SG admits 80 on every address of the server, never 81');
  assert.equal((await verdict(client.id, secondary, 80)).reachable, true);
  assert.deepEqual(await verdict(client.id, secondary, 81), { reachable: false, code: 'ENI_SG_RULES_MISMATCH' });

  // The client subnet's NACL denies outbound 80 to the secondary address only: that drops, the primary still answers.
  const acl = (await c.send(new ec2.CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
  await Promise.all([
    c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 50, Protocol: '6', RuleAction: 'deny', Egress: true, CidrBlock: `${secondary}/32`, PortRange: { From: 80, To: 80 } })),
    c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' })),
    c.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' })),
  ]);
  const assoc = (await c.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [s2!] }] }))).NetworkAcls![0]!.Associations!.find((a) => a.SubnetId === s2)!.NetworkAclAssociationId!;
  await c.send(new ec2.ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: acl }));
  assert.deepEqual(await probeHandshake(world.w, client.id, [{ host: server.ip, port: 80 }, { host: secondary, port: 80 }]), ['open', 'timeout']);
  assert.deepEqual(await verdict(client.id, secondary, 80), { reachable: false, code: 'SUBNET_ACL_RESTRICTION' });
  assert.equal((await verdict(client.id, server.ip, 80)).reachable, true);

  // Unassigned: the address leaves the instance (and the subnet's count gets it back).
  await c.send(new ec2.UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eni0, PrivateIpAddresses: [secondary] }));
  const after = JSON.parse(await nodeIn(world.w, server.id, `console.log(JSON.stringify(require('os').networkInterfaces().eth0.filter(a=>a.family==='IPv4').map(a=>a.address)))`)) as string[];
  assert.deepEqual(after, [server.ip]);
});

// Route tables as kernel routes in the VPC namespaces, with real TCP connections: peering A–B and B–C never gives
// A–C, a peering's routes turn blackhole when it is deleted, and an internet gateway and a NAT gateway lead to the
// "internet" namespace (public IPs 1:1, private subnets out through NAT but not in). Skips where namespaces are off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { launch, probe, probeHandshake, serve, useVpcWorld } from '../../support/vpc-world.js';

const world = useVpcWorld();

async function vpc(cidr: string, subnet: string): Promise<{ vpcId: string; subnetId: string; rtb: string; open: string }> {
  const vpcId = (await world.client.send(new ec2.CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnetId = (await world.client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnet }))).Subnet!.SubnetId!;
  const rtb = (await world.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0]!.RouteTableId!;
  const open = (await world.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'open', Description: 'open' }))).GroupId!;
  await world.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: open, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  return { vpcId, subnetId, rtb, open };
}

async function peer(a: string, b: string): Promise<string> {
  const id = (await world.client.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  await world.client.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
  return id;
}

const route = (rtb: string, cidr: string, target: Partial<ec2.CreateRouteCommandInput>) => world.client.send(new ec2.CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: cidr, ...target }));

test('peering A–B and B–C: A reaches B and B reaches C, A never reaches C; deleting a peering blackholes its routes', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const [A, B, C] = await Promise.all([vpc('10.31.0.0/16', '10.31.1.0/24'), vpc('10.32.0.0/16', '10.32.1.0/24'), vpc('10.33.0.0/16', '10.33.1.0/24')]);
  const [ab, bc] = await Promise.all([peer(A.vpcId, B.vpcId), peer(B.vpcId, C.vpcId)]);
  await Promise.all([
    route(A.rtb, '10.32.0.0/16', { VpcPeeringConnectionId: ab }),
    route(A.rtb, '10.33.0.0/16', { VpcPeeringConnectionId: ab }), // A tries to reach C through B
    route(B.rtb, '10.31.0.0/16', { VpcPeeringConnectionId: ab }),
    route(B.rtb, '10.33.0.0/16', { VpcPeeringConnectionId: bc }),
    route(C.rtb, '10.32.0.0/16', { VpcPeeringConnectionId: bc }),
    route(C.rtb, '10.31.0.0/16', { VpcPeeringConnectionId: bc }),
  ]);
  const [a, b, c] = await Promise.all([launch(world.client, A.subnetId, [A.open]), launch(world.client, B.subnetId, [B.open]), launch(world.client, C.subnetId, [C.open])]);
  await Promise.all([serve(world.w, b.id, [80]), serve(world.w, c.id, [80])]);
  const [[ab80, ac80], [bc80]] = await Promise.all([
    probeHandshake(world.w, a.id, [{ host: b.ip, port: 80 }, { host: c.ip, port: 80 }]),
    probeHandshake(world.w, b.id, [{ host: c.ip, port: 80 }]),
  ]);
  assert.equal(ab80, 'open');
  assert.notEqual(ac80, 'open', 'peering is not transitive');
  assert.equal(bc80, 'open');

  await world.client.send(new ec2.DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ab }));
  const routes = (await world.client.send(new ec2.DescribeRouteTablesCommand({ RouteTableIds: [A.rtb] }))).RouteTables![0]!.Routes!;
  assert.equal(routes.find((r) => r.DestinationCidrBlock === '10.32.0.0/16')?.State, 'blackhole');
  assert.notEqual((await probeHandshake(world.w, a.id, [{ host: b.ip, port: 80 }]))[0], 'open', 'a blackhole route drops');
});

test('an internet gateway maps a public IP 1:1; a NAT gateway lets the private subnet out but nothing in', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const D = await vpc('10.40.0.0/16', '10.40.1.0/24');
  const igw = (await world.client.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await world.client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: D.vpcId }));
  const publicRtb = (await world.client.send(new ec2.CreateRouteTableCommand({ VpcId: D.vpcId }))).RouteTable!.RouteTableId!;
  await route(publicRtb, '0.0.0.0/0', { GatewayId: igw });
  await world.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: publicRtb, SubnetId: D.subnetId }));
  const privateSubnet = (await world.client.send(new ec2.CreateSubnetCommand({ VpcId: D.vpcId, CidrBlock: '10.40.2.0/24' }))).Subnet!.SubnetId!;
  const eip = (await world.client.send(new ec2.AllocateAddressCommand({ Domain: 'vpc' })));
  const nat = (await world.client.send(new ec2.CreateNatGatewayCommand({ SubnetId: D.subnetId, AllocationId: eip.AllocationId! }))).NatGateway!.NatGatewayId!;
  await world.kumo.advance(600);
  assert.equal((await world.client.send(new ec2.DescribeNatGatewaysCommand({ NatGatewayIds: [nat] }))).NatGateways![0]!.State, 'available');
  await route(D.rtb, '0.0.0.0/0', { NatGatewayId: nat }); // the main table serves the private subnet

  const [web, inner] = await Promise.all([
    launch(world.client, D.subnetId, [D.open], { SubnetId: undefined, SecurityGroupIds: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: D.subnetId, Groups: [D.open], AssociatePublicIpAddress: true }] }),
    launch(world.client, privateSubnet, [D.open]),
  ]);
  assert.ok(web.publicIp, 'the public instance has a public IP');
  await Promise.all([serve(world.w, 'internet', [80]), serve(world.w, web.id, [80]), serve(world.w, inner.id, [80])]);
  // Out: the internet sees the public IP of the instance, and the NAT gateway's EIP for the private one. In: the
  // public IP reaches the instance; the private instance is reachable neither directly nor through the EIP.
  const [fromWeb, fromInner, [toWeb, toInner, toEip]] = await Promise.all([
    probe(world.w, web.id, [{ host: '198.51.100.100', port: 80 }], 3000, true),
    probe(world.w, inner.id, [{ host: '198.51.100.100', port: 80 }], 3000, true),
    probeHandshake(world.w, 'internet', [{ host: web.publicIp, port: 80 }, { host: inner.ip, port: 80 }, { host: eip.PublicIp!, port: 80 }]),
  ]);
  assert.deepEqual(fromWeb, [`open hi ${web.publicIp}`]);
  assert.deepEqual(fromInner, [`open hi ${eip.PublicIp}`]);
  assert.equal(toWeb, 'open');
  assert.notEqual(toInner, 'open');
  assert.notEqual(toEip, 'open');
});

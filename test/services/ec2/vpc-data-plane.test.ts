// The VPC data plane on Linux namespaces, with real TCP connections inside them: a NACL without the ephemeral range
// drops the reply until the range is added, an SG that references another SG admits only its members, and health
// says which data plane runs. Skips, saying why, where unprivileged namespaces, ip or nft are unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { launch, probeHandshake as probe, serve, useVpcWorld } from '../../support/vpc-world.js';

const world = useVpcWorld();

async function vpcWithSubnets(cidr: string, subnets: string[]): Promise<{ vpcId: string; subnetIds: string[] }> {
  const vpcId = (await world.client.send(new ec2.CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnetIds: string[] = [];
  for (const c of subnets) subnetIds.push((await world.client.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: c }))).Subnet!.SubnetId!);
  return { vpcId, subnetIds };
}

async function group(vpcId: string, name: string): Promise<string> {
  return (await world.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }))).GroupId!;
}

test('health reports the VPC data plane and, with namespaces, why not otherwise', async () => {
  const health = (await (await fetch(`${world.kumo.url}/_kumo/health`)).json()) as { components: Record<string, { vpc_data_plane?: string; detail?: string }> };
  const c = health.components['ec2-vpc-world'];
  assert.ok(c, 'the ec2-vpc-world component is listed');
  assert.ok(c.vpc_data_plane === 'namespaces' || c.vpc_data_plane === 'loopback');
  if (c.vpc_data_plane === 'loopback') assert.ok(c.detail && c.detail.length > 0, 'loopback says why');
});

test('SG allows 80 but the NACL lacks the ephemeral range: the connection times out; adding the range lets it through', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const { vpcId, subnetIds: [front, back] } = await vpcWithSubnets('10.10.0.0/16', ['10.10.1.0/24', '10.10.2.0/24']);
  const web = await group(vpcId, 'web');
  await world.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.10.0.0/16' }] }] }));
  const acl = (await world.client.send(new ec2.CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
  await world.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 80, To: 80 } }));
  await world.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 0, To: 1023 } }));
  const assoc = (await world.client.send(new ec2.DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [back!] }] }))).NetworkAcls![0]!.Associations!.find((a) => a.SubnetId === back)!;
  await world.client.send(new ec2.ReplaceNetworkAclAssociationCommand({ AssociationId: assoc.NetworkAclAssociationId!, NetworkAclId: acl }));
  const [server, clientVm] = await Promise.all([launch(world.client, back!, [web]), launch(world.client, front!, [])]);
  await serve(world.w, server.id, [80, 81]);
  assert.deepEqual(await probe(world.w, clientVm.id, [{ host: server.ip, port: 80 }]), ['timeout']);
  const verdict = (await (await fetch(`${world.kumo.url}/_kumo/ec2/reachability?from=${clientVm.id}&to=${server.id}&port=80`)).json()) as { reachable: boolean; blocking?: { explanationCode: string } };
  assert.equal(verdict.reachable, false);
  assert.equal(verdict.blocking?.explanationCode, 'SUBNET_ACL_RESTRICTION');

  await world.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 110, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 1024, To: 65535 } }));
  assert.deepEqual(await probe(world.w, clientVm.id, [{ host: server.ip, port: 80 }]), ['open']);
  // The SG still refuses a port it does not name (the NACL's default subnet lets it out; the group drops it).
  await world.client.send(new ec2.CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 120, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 81, To: 81 } }));
  assert.deepEqual(await probe(world.w, clientVm.id, [{ host: server.ip, port: 81 }]), ['timeout']);
});

test('an SG that references another SG admits only that group\'s members, and follows membership changes', async (t) => {
  if (world.skip) return t.skip(world.skip);
  const { vpcId, subnetIds: [subnet] } = await vpcWithSubnets('10.20.0.0/16', ['10.20.1.0/24']);
  const [app, db, other] = await Promise.all([group(vpcId, 'app'), group(vpcId, 'db'), group(vpcId, 'other')]);
  await world.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: app }] }] }));
  const [dbVm, member, outsider] = await Promise.all([launch(world.client, subnet!, [db]), launch(world.client, subnet!, [app]), launch(world.client, subnet!, [other])]);
  await serve(world.w, dbVm.id, [5432]);
  const [fromMember, fromOutsider] = await Promise.all([probe(world.w, member.id, [{ host: dbVm.ip, port: 5432 }]), probe(world.w, outsider.id, [{ host: dbVm.ip, port: 5432 }])]);
  assert.deepEqual(fromMember, ['open']);
  assert.deepEqual(fromOutsider, ['timeout']);
  // Joining the group admits the outsider before the call answers.
  const eni = (await world.client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [outsider.id] }))).Reservations![0]!.Instances![0]!.NetworkInterfaces![0]!.NetworkInterfaceId!;
  await world.client.send(new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni, Groups: [other, app] }));
  assert.deepEqual(await probe(world.w, outsider.id, [{ host: dbVm.ip, port: 5432 }]), ['open']);
});

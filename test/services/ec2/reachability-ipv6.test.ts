// The reachability verdict over IPv6 on a network built with the SDK v3 client: Ipv6Ranges rules, the default NACL's
// IPv6 rule 101, an egress-only internet gateway that lets instances out but lets nobody in, asked through
// GET /_kumo/ec2/reachability with IPv6 addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { useEc2Kumo } from '../../support/ec2-kumo.js';

const env = useEc2Kumo();

interface Verdict {
  reachable: boolean;
  hops: { direction: string; component: string; id: string }[];
  blocking?: { component: string; id: string; direction: string; explanationCode: string };
}
const reach = async (from: string, to: string, port: number): Promise<Verdict> => {
  const res = await fetch(`${env.kumo.url}/_kumo/ec2/reachability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&port=${port}`);
  assert.equal(res.status, 200);
  return (await res.json()) as Verdict;
};

test('IPv6: instances talk over Ipv6Ranges rules, reach the internet through an egress-only gateway, and the internet cannot reach them', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.81.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const block = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  const subnet = (await env.client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.81.1.0/24', Ipv6CidrBlock: block.replace('/56', '/64') }))).Subnet!;
  const sg = (await env.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc.VpcId!, GroupName: 'web6', Description: 'web over IPv6' }))).GroupId!;
  await env.client.send(new ec2.AuthorizeSecurityGroupEgressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));
  await env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));
  const run = await env.client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 2, MaxCount: 2, SubnetId: subnet.SubnetId!, SecurityGroupIds: [sg], Ipv6AddressCount: 1 }));
  const [a, b] = run.Instances!;
  const bV6 = b!.NetworkInterfaces![0]!.Ipv6Addresses![0]!.Ipv6Address!;

  // Within the VPC: the local IPv6 route, rule 101 of the default NACL, the Ipv6Ranges rule for 443.
  const inside = await reach(a!.InstanceId!, bV6, 443);
  assert.equal(inside.reachable, true, JSON.stringify(inside.blocking));
  const ssh = await reach(a!.InstanceId!, bV6, 22);
  assert.deepEqual([ssh.reachable, ssh.blocking?.component, ssh.blocking?.explanationCode], [false, 'security-group', 'ENI_SG_RULES_MISMATCH']);

  // Out to the internet: no IPv6 route yet, then ::/0 through an egress-only gateway (no public IPv4 needed).
  const out0 = await reach(a!.InstanceId!, '2001:db8::80', 443);
  assert.deepEqual([out0.reachable, out0.blocking?.component, out0.blocking?.explanationCode], [false, 'route-table', 'NO_ROUTE_TO_DESTINATION']);
  const eigw = (await env.client.send(new ec2.CreateEgressOnlyInternetGatewayCommand({ VpcId: vpc.VpcId! }))).EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId!;
  const table = (await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).RouteTables![0]!.RouteTableId!;
  await env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw }));
  const out = await reach(a!.InstanceId!, '2001:db8::80', 443);
  assert.equal(out.reachable, true, JSON.stringify(out.blocking));
  assert.ok(out.hops.some((h) => h.component === 'egress-only-internet-gateway' && h.id === eigw));

  // In from the internet: even with an internet gateway attached, replies leave through the egress-only gateway.
  const igw = (await env.client.send(new ec2.CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await env.client.send(new ec2.AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc.VpcId! }));
  const inbound = await reach('2001:db8::99', bV6, 443);
  assert.deepEqual([inbound.reachable, inbound.blocking?.component, inbound.blocking?.id, inbound.blocking?.direction], [false, 'egress-only-internet-gateway', eigw, 'return']);
  // Routing ::/0 to the internet gateway instead opens the server to IPv6 clients.
  await env.client.send(new ec2.ReplaceRouteCommand({ RouteTableId: table, DestinationIpv6CidrBlock: '::/0', GatewayId: igw }));
  const opened = await reach('2001:db8::99', bV6, 443);
  assert.equal(opened.reachable, true, JSON.stringify(opened.blocking));
});

test('reachMany answers a batch from one network model exactly as reach answers each question, an unknown end as that question\'s error', async () => {
  const vpc = (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.82.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!;
  const block = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  const subnet = (await env.client.send(new ec2.CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: '10.82.1.0/24', Ipv6CidrBlock: block.replace('/56', '/64') }))).Subnet!;
  const sg = (await env.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc.VpcId!, GroupName: 'batch', Description: 'batch' }))).GroupId!;
  await env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.82.0.0/16' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));
  const run = await env.client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 2, MaxCount: 2, SubnetId: subnet.SubnetId!, SecurityGroupIds: [sg], Ipv6AddressCount: 1 }));
  const [a, b] = run.Instances!.map((i) => ({ id: i.InstanceId!, ip: i.PrivateIpAddress!, ip6: i.NetworkInterfaces![0]!.Ipv6Addresses![0]!.Ipv6Address! }));
  type Q = { from: string; to: string; protocol: string; port: number; sourcePort?: number };
  const internal = (await env.kumo.serviceInternal('ec2')) as unknown as {
    reach(s: typeof scope, q: Q): unknown;
    reachMany(s: typeof scope, qs: Q[]): unknown[];
  };
  const scope = { account: '000000000000', region: 'us-east-1' };
  const qs: Q[] = [
    { from: a!.id, to: b!.ip, protocol: 'tcp', port: 80 },
    { from: a!.id, to: b!.ip, protocol: 'tcp', port: 22 },
    { from: a!.id, to: b!.ip6, protocol: 'tcp', port: 80, sourcePort: 40000 },
    { from: '198.51.100.7', to: b!.id, protocol: 'tcp', port: 80 },
    { from: a!.id, to: 'i-0123456789abcdef0', protocol: 'tcp', port: 80 },
  ];
  const batch = internal.reachMany(scope, qs);
  assert.equal(batch.length, qs.length);
  for (const [i, q] of qs.entries()) {
    let one: unknown;
    try {
      one = internal.reach(scope, q);
    } catch (e) {
      one = { error: e };
    }
    assert.deepEqual(batch[i], one, JSON.stringify(q));
  }
  assert.equal((batch[0] as { reachable: boolean }).reachable, true);
  assert.equal((batch[1] as { reachable: boolean }).reachable, false);
  assert.match(String((batch[4] as { error: Error }).error), /does not exist/);
});

// Virtual private gateways through the SDK v3 client: create/describe with filters, attach (attaching → attached on
// the runtime clock) and detach (detaching → detached), one VGW per VPC and one VPC per VGW, delete refused while
// attached, routes and edge associations to a VGW (blackhole once detached), route propagation flags, the verdict over
// a VGW through Reachability Analyzer's API and GET /_kumo/ec2/reachability, and VPN connections answering 501.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { useEc2Kumo } from '../../support/ec2-kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

const env = useEc2Kumo();

const gatewayOf = async (id: string) => (await env.client.send(new ec2.DescribeVpnGatewaysCommand({ VpnGatewayIds: [id] }))).VpnGateways![0]!;
const newVpc = async (cidr: string) => (await env.client.send(new ec2.CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;

test('CreateVpnGateway answers an available ipsec.1 gateway with AmazonSideAsn 64512 by default and refuses ASNs outside the private ranges', async () => {
  const created = (await env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1', TagSpecifications: [{ ResourceType: 'vpn-gateway', Tags: [{ Key: 'site', Value: 'osaka' }] }] }))).VpnGateway!;
  assert.match(created.VpnGatewayId!, /^vgw-[0-9a-f]{17}$/);
  // As recorded from EC2: available at once, no attachments, no AvailabilityZone.
  assert.deepEqual([created.State, created.Type, created.AmazonSideAsn, created.VpcAttachments, created.AvailabilityZone], ['available', 'ipsec.1', 64512, [], undefined]);
  const custom = (await env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1', AmazonSideAsn: 4200000001 }))).VpnGateway!;
  assert.equal(custom.AmazonSideAsn, 4200000001);
  for (const asn of [7224, 65535, 4294967295]) {
    await assertAwsError(env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1', AmazonSideAsn: asn })), { code: 'InvalidParameterValue', status: 400 });
  }
  const byTag = await env.client.send(new ec2.DescribeVpnGatewaysCommand({ Filters: [{ Name: 'tag:site', Values: ['osaka'] }] }));
  assert.deepEqual(byTag.VpnGateways!.map((g) => g.VpnGatewayId), [created.VpnGatewayId]);
  const byAsn = await env.client.send(new ec2.DescribeVpnGatewaysCommand({ Filters: [{ Name: 'amazon-side-asn', Values: ['4200000001'] }, { Name: 'state', Values: ['available'] }] }));
  assert.deepEqual(byAsn.VpnGateways!.map((g) => g.VpnGatewayId), [custom.VpnGatewayId]);
  await assertAwsError(env.client.send(new ec2.DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vgw-0123456789abcdef0'] })), {
    code: 'InvalidVpnGatewayID.NotFound', status: 400, message: "The vpnGateway ID 'vgw-0123456789abcdef0' does not exist",
  });
});

test('AttachVpnGateway goes attaching → attached, one VGW per VPC; DetachVpnGateway goes detaching → detached; DeleteVpnGateway waits for the detach', async () => {
  const vpc = await newVpc('10.60.0.0/16');
  const other = await newVpc('10.61.0.0/16');
  const vgw = (await env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
  const second = (await env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;

  const attached = await env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpc }));
  assert.deepEqual(attached.VpcAttachment, { State: 'attaching', VpcId: vpc });
  assert.equal((await gatewayOf(vgw)).VpcAttachments![0]!.State, 'attaching');
  await env.kumo.advance(2);
  assert.deepEqual((await gatewayOf(vgw)).VpcAttachments, [{ State: 'attached', VpcId: vpc }]);
  const byVpc = await env.client.send(new ec2.DescribeVpnGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc] }, { Name: 'attachment.state', Values: ['attached'] }] }));
  assert.deepEqual(byVpc.VpnGateways!.map((g) => g.VpnGatewayId), [vgw]);

  await assertAwsError(env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: other })), { code: 'VpnGatewayAttachmentLimitExceeded', status: 400 });
  await assertAwsError(env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: second, VpcId: vpc })), {
    code: 'InvalidVpcState', status: 400, message: 'The specified VPC already has a virtual private gateway attached to it.',
  });
  await assertAwsError(env.client.send(new ec2.DeleteVpnGatewayCommand({ VpnGatewayId: vgw })), { code: 'IncorrectState', status: 400, message: 'The VPN gateway is in use.' });
  await assertAwsError(env.client.send(new ec2.DeleteVpcCommand({ VpcId: vpc })), { code: 'DependencyViolation', status: 400 });
  await assertAwsError(env.client.send(new ec2.DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: other })), {
    code: 'InvalidVpnGatewayAttachment.NotFound', status: 400, message: `The attachment with vpn gateway ID '${vgw}' and vpc ID '${other}' does not exist`,
  });

  await env.client.send(new ec2.DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpc }));
  assert.equal((await gatewayOf(vgw)).VpcAttachments![0]!.State, 'detaching');
  await assertAwsError(env.client.send(new ec2.DeleteVpnGatewayCommand({ VpnGatewayId: vgw })), { code: 'IncorrectState', status: 400 });
  await env.kumo.advance(2);
  // A detached attachment stays listed with state detached; the gateway can attach elsewhere.
  assert.deepEqual((await gatewayOf(vgw)).VpcAttachments, [{ State: 'detached', VpcId: vpc }]);
  await env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: second, VpcId: vpc }));
  await env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: other }));
  assert.deepEqual((await gatewayOf(vgw)).VpcAttachments!.map((a) => [a.VpcId, a.State]), [[vpc, 'detached'], [other, 'attaching']]);
  await env.client.send(new ec2.DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: other }));
  await env.kumo.advance(2);
  await env.client.send(new ec2.DeleteVpnGatewayCommand({ VpnGatewayId: vgw }));
  assert.equal((await gatewayOf(vgw)).State, 'deleted');
  await assertAwsError(env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: other })), { code: 'InvalidVpnGatewayID.NotFound', status: 400 });
});

test('routes and edge associations name an attached VGW, turn blackhole once it is detached, and tables list propagating VGWs', async () => {
  const vpc = await newVpc('10.62.0.0/16');
  const vgw = (await env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
  const table = (await env.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  const edge = (await env.client.send(new ec2.CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw })), { code: 'InvalidParameterValue', status: 400 });
  await assertAwsError(env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'vgw-0123456789abcdef0' })), { code: 'InvalidVpnGatewayID.NotFound', status: 400 });
  await env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpc }));
  await env.kumo.advance(2);
  await env.client.send(new ec2.CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw }));
  await env.client.send(new ec2.ReplaceRouteCommand({ RouteTableId: table, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw }));
  const routeState = async () => (await env.client.send(new ec2.DescribeRouteTablesCommand({ RouteTableIds: [table] }))).RouteTables![0]!.Routes!.find((r) => r.GatewayId === vgw)!.State;
  assert.equal(await routeState(), 'active');

  const association = await env.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: edge, GatewayId: vgw }));
  assert.equal(association.AssociationState!.State, 'associated');
  const byEdge = await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'association.gateway-id', Values: [vgw] }] }));
  assert.deepEqual(byEdge.RouteTables!.map((t) => t.RouteTableId), [edge]);
  await assertAwsError(env.client.send(new ec2.AssociateRouteTableCommand({ RouteTableId: table, GatewayId: vgw })), { code: 'Resource.AlreadyAssociated', status: 400 });

  await env.client.send(new ec2.EnableVgwRoutePropagationCommand({ RouteTableId: table, GatewayId: vgw }));
  assert.deepEqual((await env.client.send(new ec2.DescribeRouteTablesCommand({ RouteTableIds: [table] }))).RouteTables![0]!.PropagatingVgws, [{ GatewayId: vgw }]);
  await env.client.send(new ec2.DisableVgwRoutePropagationCommand({ RouteTableId: table, GatewayId: vgw }));
  assert.deepEqual((await env.client.send(new ec2.DescribeRouteTablesCommand({ RouteTableIds: [table] }))).RouteTables![0]!.PropagatingVgws, []);

  await env.client.send(new ec2.DisassociateRouteTableCommand({ AssociationId: association.AssociationId! }));
  await env.client.send(new ec2.DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpc }));
  assert.equal(await routeState(), 'blackhole');
});

test('the verdict: an instance reaches an on-premises address over an attached VGW, and a detached VGW leaves a blackhole route', async () => {
  const vpc = await newVpc('10.63.0.0/16');
  const subnet = (await env.client.send(new ec2.CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.63.1.0/24' }))).Subnet!.SubnetId!;
  const sg = (await env.client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'office', Description: 'ssh from the office' }))).GroupId!;
  await env.client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.168.0.0/16' }] }] }));
  const instance = (await env.client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnet, SecurityGroupIds: [sg] }))).Instances![0]!.InstanceId!;
  const vgw = (await env.client.send(new ec2.CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
  await env.client.send(new ec2.AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpc }));
  await env.kumo.advance(2);
  const main = (await env.client.send(new ec2.DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0]!.RouteTableId!;
  await env.client.send(new ec2.CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '192.168.0.0/16', GatewayId: vgw }));

  const reach = async (from: string, to: string, port: number) => (await (await fetch(`${env.kumo.url}/_kumo/ec2/reachability?from=${from}&to=${to}&port=${port}`)).json()) as { reachable: boolean; hops: { component: string; id: string }[]; blocking?: { explanationCode: string } };
  const out = await reach(instance, '192.168.10.5', 443);
  assert.equal(out.reachable, true);
  assert.ok(out.hops.some((h) => h.component === 'vpn-gateway' && h.id === vgw));
  assert.equal((await reach('192.168.10.5', instance, 22)).reachable, true, 'on-premises reaches the private instance over the VPN');
  assert.equal((await reach('192.168.10.5', instance, 80)).blocking?.explanationCode, 'ENI_SG_RULES_MISMATCH');

  // Reachability Analyzer's API with the VGW itself as the destination.
  const path = (await env.client.send(new ec2.CreateNetworkInsightsPathCommand({ Source: instance, Destination: vgw, Protocol: 'tcp', DestinationPort: 443 }))).NetworkInsightsPath!;
  assert.equal(path.DestinationArn, `arn:aws:ec2:us-east-1:000000000000:vpn-gateway/${vgw}`);
  const analyze = async () => {
    const started = (await env.client.send(new ec2.StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: path.NetworkInsightsPathId! }))).NetworkInsightsAnalysis!;
    return (await env.client.send(new ec2.DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [started.NetworkInsightsAnalysisId!] }))).NetworkInsightsAnalyses![0]!;
  };
  const found = await analyze();
  assert.equal(found.NetworkPathFound, true);
  assert.ok(found.ForwardPathComponents!.some((c) => c.Component?.Id === vgw));

  await env.client.send(new ec2.DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpc }));
  const blocked = await analyze();
  assert.equal(blocked.NetworkPathFound, false);
  assert.equal(blocked.Explanations![0]!.ExplanationCode, 'BAD_STATE_ROUTE');
});

test('VPN connections and customer gateways answer 501 NotImplemented naming the feature', async () => {
  await assertAwsError(env.client.send(new ec2.CreateCustomerGatewayCommand({ Type: 'ipsec.1', BgpAsn: 65000, IpAddress: '203.0.113.12' })), {
    code: 'NotImplemented', status: 501, message: /CreateCustomerGateway: Site-to-Site VPN connections and customer gateways/,
  });
  await assertAwsError(env.client.send(new ec2.DescribeVpnConnectionsCommand({})), { code: 'NotImplemented', status: 501, message: /DescribeVpnConnections: Site-to-Site VPN/ });
});

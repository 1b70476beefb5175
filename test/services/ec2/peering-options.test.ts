// ModifyVpcPeeringConnectionOptions: AllowDnsResolutionFromRemoteVpc per side, stored and shown by
// DescribeVpcPeeringConnections; only on active peerings ("Peering … is not active"), and each side only from its
// own Region (VPC Peering Guide, "Enable DNS resolution for a VPC peering connection"). The resolver's use of it is
// tested inside the namespaces (vpc-instance-services.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { assertAwsError } from '../../support/aws-error.js';
import { useEc2Kumo } from '../../support/ec2-kumo.js';

const env = useEc2Kumo();

test('AllowDnsResolutionFromRemoteVpc is set per side on an active peering, shown by DescribeVpcPeeringConnections; a pending or unknown peering is refused', async () => {
  const { client } = env;
  const vpc = async (cidr: string) => (await client.send(new ec2.CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const [a, b] = [await vpc('10.90.0.0/16'), await vpc('10.91.0.0/16')];
  const id = (await client.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  const modify = (input: Omit<ec2.ModifyVpcPeeringConnectionOptionsCommandInput, 'VpcPeeringConnectionId'>, pcx = id) => client.send(new ec2.ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: pcx, ...input }));
  await assertAwsError(modify({ RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }), { code: 'OperationNotPermitted', status: 400, message: `Peering ${id} is not active. Peering options can be added only to active peerings.` });
  await assertAwsError(modify({ RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }, 'pcx-0123456789abcdef0'), { code: 'InvalidVpcPeeringConnectionID.NotFound', status: 400 });
  await client.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
  const r = await modify({ AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } });
  assert.deepEqual(r.AccepterPeeringConnectionOptions, { AllowDnsResolutionFromRemoteVpc: true, AllowEgressFromLocalClassicLinkToRemoteVpc: false, AllowEgressFromLocalVpcToRemoteClassicLink: false });
  assert.equal(r.RequesterPeeringConnectionOptions, undefined, 'only the side asked is answered');
  const shown = async () => (await client.send(new ec2.DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0]!;
  let p = await shown();
  assert.deepEqual([p.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, p.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc], [true, false]);
  // Same account and Region: both sides in one call; false turns it off again.
  await modify({ RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true }, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false } });
  p = await shown();
  assert.deepEqual([p.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, p.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc], [false, true]);
});

test('across Regions each side modifies only its own options: the requester\'s Region cannot set the accepter\'s', async () => {
  const { client } = env;
  const west = new ec2.EC2Client({ ...env.kumo.clientConfig(), region: 'eu-west-1', maxAttempts: 1 });
  try {
    const a = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.92.0.0/16' }))).Vpc!.VpcId!;
    const b = (await west.send(new ec2.CreateVpcCommand({ CidrBlock: '10.93.0.0/16' }))).Vpc!.VpcId!;
    const id = (await client.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerRegion: 'eu-west-1' }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await west.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    await assertAwsError(client.send(new ec2.ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } })), { code: 'OperationNotPermitted', status: 400, message: "Accepter's VPC Peering connection options cannot be modified for a different region" });
    const own = await west.send(new ec2.ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }));
    assert.equal(own.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
    const seen = (await client.send(new ec2.DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0]!;
    assert.equal(seen.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, true, 'the requester\'s Region sees the accepter\'s option');
  } finally {
    west.destroy();
  }
});

// EC2 instances as data, key pairs, peering and Reachability Analyzer through the SDK v3 client: states that follow
// the runtime clock, addresses from the subnet, tag filters, a real private key, and a verdict with explanation codes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

let kumo: TestKumo;
let client: ec2.EC2Client;
const AMI = 'ami-0aa7d40eeae50c9a9';

before(async () => {
  kumo = await startTestKumo();
  client = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await kumo.stop();
});

async function instance(id: string): Promise<ec2.Instance> {
  const r = await client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [id] }));
  return r.Reservations![0]!.Instances![0]!;
}

test('RunInstances without a subnet lands in the default VPC: pending, then running once the clock moves', async () => {
  const r = await client.send(new ec2.RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 2, MaxCount: 2, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }] }));
  assert.match(r.ReservationId!, /^r-[0-9a-f]{17}$/);
  assert.equal(r.Instances!.length, 2);
  const [a, b] = r.Instances!;
  assert.equal(a!.State!.Name, 'pending');
  assert.equal(a!.PrivateIpAddress, '172.31.0.4', 'the first address after the five reserved');
  assert.equal(b!.PrivateIpAddress, '172.31.0.5');
  assert.ok(a!.PublicIpAddress, 'default subnets map public addresses');
  await kumo.advance(2);
  assert.equal((await instance(a!.InstanceId!)).State!.Name, 'running');
  const { GroupId } = await client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app' }));
  await client.send(new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: a!.NetworkInterfaces![0]!.NetworkInterfaceId!, Groups: [GroupId!] }));
  assert.deepEqual((await instance(a!.InstanceId!)).SecurityGroups!.map((g) => g.GroupId), [GroupId]);
  const subnet = (await client.send(new ec2.DescribeSubnetsCommand({ SubnetIds: [a!.SubnetId!] }))).Subnets![0]!;
  assert.equal(subnet.AvailableIpAddressCount, 4089, 'two addresses taken');
  const byTag = await client.send(new ec2.DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['web'] }, { Name: 'instance-state-name', Values: ['running'] }] }));
  assert.equal(byTag.Reservations![0]!.Instances!.length, 2);
});

test('Stop, Start and Terminate move through EC2 states; DisableApiTermination is honoured', async () => {
  const id = (await client.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, DisableApiTermination: true }))).Instances![0]!.InstanceId!;
  await kumo.advance(2);
  const stop = await client.send(new ec2.StopInstancesCommand({ InstanceIds: [id] }));
  assert.deepEqual([stop.StoppingInstances![0]!.PreviousState!.Name, stop.StoppingInstances![0]!.CurrentState!.Name], ['running', 'stopping']);
  await kumo.advance(2);
  const stopped = await instance(id);
  assert.equal(stopped.State!.Name, 'stopped');
  assert.equal(stopped.StateReason!.Code, 'Client.UserInitiatedShutdown');
  await assertAwsError(client.send(new ec2.StopInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })), { code: 'InvalidInstanceID.NotFound', status: 400, message: "The instance ID 'i-0123456789abcdef0' does not exist" });
  await client.send(new ec2.StartInstancesCommand({ InstanceIds: [id] }));
  await kumo.advance(2);
  assert.equal((await instance(id)).State!.Name, 'running');
  await assertAwsError(client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] })), { code: 'OperationNotPermitted', status: 400 });
  await client.send(new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));
  const term = await client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] }));
  assert.equal(term.TerminatingInstances![0]!.CurrentState!.Name, 'shutting-down');
  await kumo.advance(2);
  assert.equal((await instance(id)).State!.Name, 'terminated');
  await assertAwsError(client.send(new ec2.StartInstancesCommand({ InstanceIds: [id] })), { code: 'IncorrectInstanceState', status: 400 });
});

test('RunInstances refuses an unknown AMI and an unknown key pair', async () => {
  await assertAwsError(client.send(new ec2.RunInstancesCommand({ ImageId: 'ami-00000000000000000', MinCount: 1, MaxCount: 1 })), { code: 'InvalidAMIID.NotFound', status: 400, message: "The image id '[ami-00000000000000000]' does not exist" });
  await assertAwsError(client.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, KeyName: 'nope' })), { code: 'InvalidKeyPair.NotFound', status: 400, message: "The key pair 'nope' does not exist" });
});

test('CreateKeyPair returns a real RSA private key; a second key of that name is InvalidKeyPair.Duplicate', async () => {
  const key = await client.send(new ec2.CreateKeyPairCommand({ KeyName: 'deploy' }));
  const parsed = createPrivateKey(key.KeyMaterial!);
  assert.equal(parsed.asymmetricKeyType, 'rsa');
  assert.match(key.KeyFingerprint!, /^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
  await assertAwsError(client.send(new ec2.CreateKeyPairCommand({ KeyName: 'deploy' })), { code: 'InvalidKeyPair.Duplicate', status: 400, message: "The keypair 'deploy' already exists." });
  const listed = await client.send(new ec2.DescribeKeyPairsCommand({ KeyNames: ['deploy'] }));
  assert.equal(listed.KeyPairs![0]!.KeyFingerprint, key.KeyFingerprint);
});

test('catalogue: availability zones with zone ids, regions, instance types with vCPUs and memory', async () => {
  const zones = await client.send(new ec2.DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1a'] }));
  assert.equal(zones.AvailabilityZones![0]!.ZoneType, 'availability-zone');
  assert.equal(zones.AvailabilityZones![0]!.RegionName, 'us-east-1');
  const regions = await client.send(new ec2.DescribeRegionsCommand({}));
  assert.ok(regions.Regions!.some((r) => r.RegionName === 'eu-west-1'));
  const types = await client.send(new ec2.DescribeInstanceTypesCommand({ InstanceTypes: ['m5.large'] }));
  assert.equal(types.InstanceTypes![0]!.VCpuInfo!.DefaultVCpus, 2);
  assert.equal(types.InstanceTypes![0]!.MemoryInfo!.SizeInMiB, 8192);
});

test('peering: overlapping CIDRs fail the request; distinct ones go pending-acceptance then active', async () => {
  const a = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const b = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.21.0.0/16' }))).Vpc!.VpcId!;
  const c = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const bad = (await client.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: c }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  const badState = await client.send(new ec2.DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [bad] }));
  assert.equal(badState.VpcPeeringConnections![0]!.Status!.Code, 'failed');
  const pcx = (await client.send(new ec2.CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  const pending = await client.send(new ec2.DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }));
  assert.deepEqual(pending.VpcPeeringConnections![0]!.Status, { Code: 'pending-acceptance', Message: 'Pending Acceptance by 000000000000' });
  await client.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
  const active = await client.send(new ec2.DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'status-code', Values: ['active'] }] }));
  assert.equal(active.VpcPeeringConnections![0]!.AccepterVpcInfo!.CidrBlock, '10.21.0.0/16');
  await assertAwsError(client.send(new ec2.AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx })), { code: 'InvalidStateTransition', status: 400 });
});

test('Reachability Analyzer: SSH from the internet is blocked by the security group, then allowed once a rule is added', async () => {
  const { GroupId } = await client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'bastion', Description: 'bastion' }));
  const id = (await client.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, SecurityGroupIds: [GroupId!] }))).Instances![0]!.InstanceId!;
  const igw = (await client.send(new ec2.DescribeInternetGatewaysCommand({}))).InternetGateways![0]!.InternetGatewayId!;
  const path = (await client.send(new ec2.CreateNetworkInsightsPathCommand({ Source: igw, Destination: id, Protocol: 'tcp', DestinationPort: 22, ClientToken: 't1' }))).NetworkInsightsPath!;
  const started = await client.send(new ec2.StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: path.NetworkInsightsPathId!, ClientToken: 't2' }));
  assert.equal(started.NetworkInsightsAnalysis!.Status, 'running');
  const blocked = (await client.send(new ec2.DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [started.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!] }))).NetworkInsightsAnalyses![0]!;
  assert.equal(blocked.Status, 'succeeded');
  assert.equal(blocked.NetworkPathFound, false);
  assert.equal(blocked.Explanations![0]!.ExplanationCode, 'ENI_SG_RULES_MISMATCH');
  assert.equal(blocked.Explanations![0]!.SecurityGroups![0]!.Id, GroupId);
  await client.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  const again = await client.send(new ec2.StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: path.NetworkInsightsPathId!, ClientToken: 't3' }));
  const allowed = (await client.send(new ec2.DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [again.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!] }))).NetworkInsightsAnalyses![0]!;
  assert.equal(allowed.NetworkPathFound, true);
  assert.ok(allowed.ForwardPathComponents!.length >= 3);
  assert.ok(allowed.ReturnPathComponents!.length >= 1);

  // The same question over kumo's own endpoint, for port 80 which no rule admits.
  const res = await fetch(`${kumo.url}/_kumo/ec2/reachability?from=${igw}&to=${id}&port=80`);
  assert.equal(res.status, 200);
  const verdict = (await res.json()) as { reachable: boolean; blocking: { component: string; explanationCode: string } };
  assert.equal(verdict.reachable, false);
  assert.deepEqual([verdict.blocking.component, verdict.blocking.explanationCode], ['security-group', 'ENI_SG_RULES_MISMATCH']);
  const missing = await fetch(`${kumo.url}/_kumo/ec2/reachability?from=${igw}&to=i-0123456789abcdef0&port=80`);
  assert.equal(missing.status, 400);
  assert.equal(((await missing.json()) as { error: string }).error, 'InvalidInstanceID.NotFound');
});

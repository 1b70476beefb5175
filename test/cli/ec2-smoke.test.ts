// Smoke test of EC2 with the installed aws-cli against a started server: the default VPC, a VPC with a subnet and
// a refused overlap, run-instances on the default VPC with user data, describe with a tag filter, and terminate;
// then `kumo ec2 reach` against the same server, VPN gateways, and a boto3 client over the same calls.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI_PATH, spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor, CLI_ENV } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
});
after(async () => {
  await kumo.stop();
});

const { aws, awsJson } = awsCliFor(() => kumo.url);

test('aws ec2 describe-vpcs, create-vpc, create-subnet (and its InvalidSubnet.Conflict), run/describe/terminate-instances', () => {
  const vpcs = awsJson(['ec2', 'describe-vpcs', '--filters', 'Name=is-default,Values=true'])['Vpcs'] as { CidrBlock: string }[];
  assert.equal(vpcs[0]!.CidrBlock, '172.31.0.0/16');

  const vpcId = (awsJson(['ec2', 'create-vpc', '--cidr-block', '10.0.0.0/16'])['Vpc'] as { VpcId: string }).VpcId;
  awsJson(['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.0.1.0/24']);
  const conflict = aws(['ec2', 'create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.0.1.0/24']);
  assert.notEqual(conflict.status, 0);
  assert.match(conflict.stderr, /InvalidSubnet\.Conflict.*The CIDR '10\.0\.1\.0\/24' conflicts with another subnet/);

  const run = awsJson([
    'ec2', 'run-instances', '--image-id', 'ami-0aa7d40eeae50c9a9', '--instance-type', 't3.micro', '--count', '1',
    '--user-data', '#!/bin/sh\necho hello', '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=smoke}]',
  ]);
  const instance = (run['Instances'] as { InstanceId: string; State: { Name: string }; PrivateIpAddress: string }[])[0]!;
  assert.equal(instance.State.Name, 'pending');
  assert.match(instance.PrivateIpAddress, /^172\.31\./);

  const found = awsJson(['ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=smoke', '--query', 'Reservations[].Instances[].InstanceId']) as unknown as string[];
  assert.deepEqual(found, [instance.InstanceId]);

  const term = awsJson(['ec2', 'terminate-instances', '--instance-ids', instance.InstanceId]);
  assert.equal((term['TerminatingInstances'] as { CurrentState: { Name: string } }[])[0]!.CurrentState.Name, 'shutting-down');
});

test('kumo ec2 reach prints the path and exits 1 when a security group blocks it, 0 once it is open', () => {
  const run = awsJson(['ec2', 'run-instances', '--image-id', 'ami-0aa7d40eeae50c9a9', '--count', '1']);
  const id = (run['Instances'] as { InstanceId: string }[])[0]!.InstanceId;
  const reach = (port: string) => spawnSync(process.execPath, [CLI_PATH, 'ec2', 'reach', '203.0.113.9', id, `tcp/${port}`, '--endpoint', kumo.url], { encoding: 'utf8', timeout: 60_000 });
  const blocked = reach('443');
  assert.equal(blocked.status, 1, blocked.stderr);
  assert.match(blocked.stdout, /NOT reachable: blocked by security-group sg-[0-9a-f]{17} \(ENI_SG_RULES_MISMATCH\)/);
  const groupId = awsJson(['ec2', 'describe-security-groups', '--group-names', 'default', '--query', 'SecurityGroups[0]'])['GroupId'] as string;
  awsJson(['ec2', 'authorize-security-group-ingress', '--group-id', groupId, '--protocol', 'tcp', '--port', '443', '--cidr', '0.0.0.0/0']);
  const open = reach('443');
  assert.equal(open.status, 0, open.stderr + open.stdout);
  assert.match(open.stdout, /reachable: 203\.0\.113\.9 → i-[0-9a-f]{17} on tcp\/443/);
  assert.match(open.stdout, /ok +return/);
});

test('aws ec2 create-volume, create-snapshot, describe-snapshots by owner and volume, and InvalidSnapshot.NotFound', () => {
  const volumeId = awsJson(['ec2', 'create-volume', '--availability-zone', 'us-east-1a', '--size', '12'])['VolumeId'] as string;
  const snap = awsJson(['ec2', 'create-snapshot', '--volume-id', volumeId, '--description', 'smoke']);
  assert.equal(snap['State'], 'pending');
  const listed = awsJson(['ec2', 'describe-snapshots', '--owner-ids', 'self', '--filters', `Name=volume-id,Values=${volumeId}`, '--query', 'Snapshots[].Description']) as unknown as string[];
  assert.deepEqual(listed, ['smoke']);
  const missing = aws(['ec2', 'describe-snapshots', '--snapshot-ids', 'snap-0123456789abcdef0']);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /InvalidSnapshot\.NotFound.*The snapshot 'snap-0123456789abcdef0' does not exist\./);
});

test('aws ec2 create-vpn-gateway, attach-vpn-gateway, describe-vpn-gateways by VPC, and delete-vpn-gateway refused while attached', () => {
  const vgw = (awsJson(['ec2', 'create-vpn-gateway', '--type', 'ipsec.1'])['VpnGateway'] as { VpnGatewayId: string; AmazonSideAsn: number }).VpnGatewayId;
  const vpcId = (awsJson(['ec2', 'create-vpc', '--cidr-block', '10.70.0.0/16'])['Vpc'] as { VpcId: string }).VpcId;
  const attached = awsJson(['ec2', 'attach-vpn-gateway', '--vpn-gateway-id', vgw, '--vpc-id', vpcId])['VpcAttachment'] as { State: string };
  assert.equal(attached.State, 'attaching');
  const listed = awsJson(['ec2', 'describe-vpn-gateways', '--filters', `Name=attachment.vpc-id,Values=${vpcId}`, '--query', 'VpnGateways[].[VpnGatewayId,AmazonSideAsn]']) as unknown as [string, number][];
  assert.deepEqual(listed, [[vgw, 64512]]);
  const refused = aws(['ec2', 'delete-vpn-gateway', '--vpn-gateway-id', vgw]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /IncorrectState.*The VPN gateway is in use\./);
});

const BOTO3_SCRIPT = `
import json
import boto3
from botocore.exceptions import ClientError
ec2 = boto3.client('ec2')
out = {}
vpc = ec2.create_vpc(CidrBlock='10.71.0.0/16')['Vpc']['VpcId']
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.71.1.0/24')['Subnet']
out['available'] = subnet['AvailableIpAddressCount']
sg = ec2.create_security_group(VpcId=vpc, GroupName='web', Description='web')['GroupId']
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])
try:
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])
except ClientError as e:
    out['duplicate'] = e.response['Error']['Code']
run = ec2.run_instances(ImageId='ami-0aa7d40eeae50c9a9', MinCount=2, MaxCount=2, SubnetId=subnet['SubnetId'], SecurityGroupIds=[sg],
    TagSpecifications=[{'ResourceType': 'instance', 'Tags': [{'Key': 'role', 'Value': 'web'}]}])
ids = sorted(i['InstanceId'] for i in run['Instances'])
pages = ec2.get_paginator('describe_instances').paginate(Filters=[{'Name': 'tag:role', 'Values': ['w*']}], PaginationConfig={'PageSize': 5})
out['found'] = sorted(i['InstanceId'] for p in pages for r in p['Reservations'] for i in r['Instances']) == ids
vgw = ec2.create_vpn_gateway(Type='ipsec.1')['VpnGateway']['VpnGatewayId']
out['attach'] = ec2.attach_vpn_gateway(VpnGatewayId=vgw, VpcId=vpc)['VpcAttachment']['State']
out['vgw'] = [g['VpnGatewayId'] == vgw for g in ec2.describe_vpn_gateways(Filters=[{'Name': 'attachment.vpc-id', 'Values': [vpc]}])['VpnGateways']]
try:
    ec2.create_vpc(CidrBlock='10.0.0.0/8')
except ClientError as e:
    out['range'] = e.response['Error']['Code']
ec2.terminate_instances(InstanceIds=ids)
print(json.dumps(out))
`;

test('boto3: create_vpc/subnet/security_group, run_instances with tags, the describe_instances paginator with a wildcard tag filter, and VPN gateways', () => {
  const result = spawnSync('python3', ['-c', BOTO3_SCRIPT], { encoding: 'utf8', env: { ...process.env, ...CLI_ENV, AWS_ENDPOINT_URL: kumo.url }, timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { available: 251, duplicate: 'InvalidPermission.Duplicate', found: true, attach: 'attaching', vgw: [true], range: 'InvalidVpc.Range' });
});

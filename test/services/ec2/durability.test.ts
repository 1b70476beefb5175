// EC2 under kill -9: a `kumo start` child on a data directory is SIGKILLed right after its answers; on restart the
// VPC, subnet, security group rule, instance and the subnet's address count are all there, and ids keep working.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-ec2-kill9-'));
let server: SpawnedKumo | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function clientFor(url: string): ec2.EC2Client {
  return new ec2.EC2Client({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

test('acknowledged EC2 state survives kill -9', async () => {
  const first = await spawnKumo(['--data-dir', dataDir]);
  const c1 = clientFor(first.url);
  const vpcId = (await c1.send(new ec2.CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await c1.send(new ec2.CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.7.1.0/28' }))).Subnet!.SubnetId!;
  const { GroupId } = await c1.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'db', Description: 'db', VpcId: vpcId }));
  await c1.send(new ec2.AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.7.0.0/16' }] }] }));
  const instanceId = (await c1.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [GroupId!] }))).Instances![0]!.InstanceId!;
  c1.destroy();
  assert.equal(await first.stop('SIGKILL'), 'SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  const c2 = clientFor(server.url);
  try {
    assert.equal((await c2.send(new ec2.DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!.CidrBlock, '10.7.0.0/16');
    const subnet = (await c2.send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!;
    assert.equal(subnet.AvailableIpAddressCount, 10, 'a /28 offers 11; the instance took one');
    const group = (await c2.send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }))).SecurityGroups![0]!;
    assert.equal(group.IpPermissions![0]!.FromPort, 5432);
    const instance = (await c2.send(new ec2.DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!;
    assert.equal(instance.PrivateIpAddress, '10.7.1.4');
    const defaults = await c2.send(new ec2.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    assert.equal(defaults.Vpcs!.length, 1, 'the default VPC is not created twice');
  } finally {
    c2.destroy();
  }
});

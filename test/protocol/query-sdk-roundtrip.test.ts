// Real SDK v3 clients against the query and ec2 codecs with AWS's own models: the form the SDK builds parses into
// the input it was given, our XML parses back into the same values, and errors become the modeled SDK exceptions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand, DuplicateAccessPointNameException, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateUserCommand, IAMClient, ListUsersCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../../src/core/aws-error.js';
import { ec2Codec } from '../../src/protocol/ec2.js';
import { queryCodec } from '../../src/protocol/query.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';
import { CLIENT_CONFIG, codecHandler, withoutMetadata } from './rpc-sdk-support.js';

test('STS GetCallerIdentity and AssumeRole round-trip over query', async () => {
  const credentials = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2026-11-30T18:00:00Z') };
  const assumed = { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: 'AROA:sess', Arn: 'arn:aws:sts::000000000000:assumed-role/r/sess' }, PackedPolicySize: 6 };
  const { handler, exchange } = codecHandler(loadBotocoreModel('sts'), queryCodec, (op) =>
    op === 'GetCallerIdentity' ? { UserId: 'AKIDEXAMPLE', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' } : assumed);
  const sts = new STSClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const who = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(exchange.wire?.body.toString('utf8'), 'Action=GetCallerIdentity&Version=2011-06-15');
  assert.deepEqual(withoutMetadata(who), { UserId: 'AKIDEXAMPLE', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
  const input = {
    RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 'sess', DurationSeconds: 900,
    Tags: [{ Key: 'team', Value: 'a b&c' }], TransitiveTagKeys: ['team'], PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
  };
  const res = await sts.send(new AssumeRoleCommand(input));
  assert.deepEqual(exchange.input, input);
  assert.deepEqual(withoutMetadata(res), assumed);
});

test('IAM CreateUser and ListUsers keep tags and timestamps, and NoSuchEntity becomes NoSuchEntityException', async () => {
  const user = { Path: '/', UserName: 'alice', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::000000000000:user/alice', CreateDate: new Date('2026-11-30T10:11:12Z'), Tags: [{ Key: 'k', Value: 'v' }] };
  let listed = 0;
  const { handler, exchange } = codecHandler(loadBotocoreModel('iam'), queryCodec, (op) => {
    if (op === 'CreateUser') return { User: user };
    if (++listed > 1) throw new AwsError('NoSuchEntity', 'The user with name bob cannot be found.', { status: 404 });
    return { Users: [user, { ...user, UserName: 'bob', PasswordLastUsed: new Date('2026-01-02T03:04:05.678Z') }], IsTruncated: true, Marker: 'm1' };
  });
  const iam = new IAMClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'k', Value: 'v' }, { Key: 'e', Value: '' }] }));
  assert.match(exchange.wire?.body.toString('utf8') ?? '', /Tags\.member\.1\.Key=k/);
  assert.deepEqual(exchange.input, { UserName: 'alice', Tags: [{ Key: 'k', Value: 'v' }, { Key: 'e', Value: '' }] });
  assert.deepEqual(withoutMetadata(created), { User: user });
  const list = await iam.send(new ListUsersCommand({ PathPrefix: '/', MaxItems: 5 }));
  assert.deepEqual(exchange.input, { PathPrefix: '/', MaxItems: 5 });
  assert.deepEqual(withoutMetadata(list), { Users: [user, { ...user, UserName: 'bob', PasswordLastUsed: new Date('2026-01-02T03:04:05.678Z') }], IsTruncated: true, Marker: 'm1' });
  const err = await iam.send(new ListUsersCommand({})).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof NoSuchEntityException, `got ${String(err)}`);
  assert.equal(err.message, 'The user with name bob cannot be found.');
  assert.equal(err.$metadata.httpStatusCode, 404);
});

test('EC2 DescribeVpcs sends flattened Filters and reads tag lists back from item lists', async () => {
  const vpcs = [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', State: 'available' as const, IsDefault: false, Tags: [{ Key: 'Name', Value: 'main' }, { Key: 'env', Value: 'dev' }] }];
  let calls = 0;
  const { handler, exchange } = codecHandler(loadBotocoreModel('ec2'), ec2Codec, () => {
    if (++calls > 1) throw new AwsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-x' does not exist");
    return { Vpcs: vpcs, NextToken: 'n' };
  });
  const ec2 = new EC2Client({ ...CLIENT_CONFIG, requestHandler: handler });
  const input = { Filters: [{ Name: 'tag:Name', Values: ['main', 'other'] }, { Name: 'is-default', Values: ['false'] }], VpcIds: ['vpc-1'], DryRun: false };
  const res = await ec2.send(new DescribeVpcsCommand(input));
  const body = exchange.wire?.body.toString('utf8') ?? '';
  assert.match(body, /Filter\.1\.Name=tag%3AName&Filter\.1\.Value\.1=main&Filter\.1\.Value\.2=other/);
  assert.deepEqual(exchange.input, input);
  assert.deepEqual(withoutMetadata(res), { Vpcs: vpcs, NextToken: 'n' });
  const err = await ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-x'] })).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'InvalidVpcID.NotFound');
  assert.equal(err.message, "The vpc ID 'vpc-x' does not exist");
});

test('ELBv2 CreateLoadBalancer round-trips subnet mappings, tags and the created balancer', async () => {
  const lb = {
    LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/1', DNSName: 'web-1.us-east-1.elb.amazonaws.com',
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K', CreatedTime: new Date('2026-11-30T09:00:00.123Z'), LoadBalancerName: 'web', Scheme: 'internet-facing' as const,
    VpcId: 'vpc-1', State: { Code: 'provisioning' as const }, Type: 'application' as const,
    AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-1', LoadBalancerAddresses: [] }], SecurityGroups: ['sg-1'], IpAddressType: 'ipv4' as const,
  };
  const { handler, exchange } = codecHandler(loadBotocoreModel('elbv2'), queryCodec, () => ({ LoadBalancers: [lb] }));
  const elb = new ElasticLoadBalancingV2Client({ ...CLIENT_CONFIG, requestHandler: handler });
  const input = { Name: 'web', Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'], Scheme: 'internet-facing' as const, Type: 'application' as const, Tags: [{ Key: 'a', Value: 'b' }] };
  const res = await elb.send(new CreateLoadBalancerCommand(input));
  assert.deepEqual(exchange.input, input);
  // An empty list is not sent back by the SDK's parser as [], so compare it without that member.
  const { LoadBalancerAddresses: _empty, ...zone } = lb.AvailabilityZones[0] ?? { LoadBalancerAddresses: [] };
  const got = withoutMetadata(res).LoadBalancers?.[0];
  assert.deepEqual({ ...got, AvailabilityZones: got?.AvailabilityZones?.map(({ LoadBalancerAddresses: _a, ...z }) => z) }, { ...lb, AvailabilityZones: [zone] });
});

test('Auto Scaling DescribeAutoScalingGroups reads groups with instances, tags and timestamps', async () => {
  const group = {
    AutoScalingGroupName: 'asg', AutoScalingGroupARN: 'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:1:autoScalingGroupName/asg',
    MinSize: 1, MaxSize: 3, DesiredCapacity: 2, DefaultCooldown: 300, AvailabilityZones: ['us-east-1a'], HealthCheckType: 'EC2',
    CreatedTime: new Date('2026-11-30T08:00:00Z'), NewInstancesProtectedFromScaleIn: false,
    Instances: [{ InstanceId: 'i-1', AvailabilityZone: 'us-east-1a', LifecycleState: 'InService' as const, HealthStatus: 'Healthy', ProtectedFromScaleIn: false }],
    Tags: [{ ResourceId: 'asg', ResourceType: 'auto-scaling-group', Key: 'env', Value: 'dev', PropagateAtLaunch: true }],
  };
  const { handler, exchange } = codecHandler(loadBotocoreModel('autoscaling'), queryCodec, () => ({ AutoScalingGroups: [group] }));
  const asg = new AutoScalingClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const input = { AutoScalingGroupNames: ['asg'], Filters: [{ Name: 'tag:env', Values: ['dev'] }], MaxRecords: 10 };
  const res = await asg.send(new DescribeAutoScalingGroupsCommand(input));
  assert.deepEqual(exchange.input, input);
  assert.deepEqual(withoutMetadata(res), { AutoScalingGroups: [group] });
});

test('ELB classic CreateLoadBalancer round-trips listeners, and a duplicate name is DuplicateAccessPointNameException', async () => {
  let calls = 0;
  const { handler, exchange } = codecHandler(loadBotocoreModel('elb'), queryCodec, () => {
    if (++calls > 1) throw new AwsError('DuplicateLoadBalancerName', 'Load balancer name is already in use: classic', { status: 400 });
    return { DNSName: 'classic-1.us-east-1.elb.amazonaws.com' };
  });
  const elb = new ElasticLoadBalancingClient({ ...CLIENT_CONFIG, requestHandler: handler });
  const input = { LoadBalancerName: 'classic', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }], AvailabilityZones: ['us-east-1a'], Tags: [{ Key: 'k', Value: 'v' }] };
  const res = await elb.send(new CreateClassicLoadBalancerCommand(input));
  assert.deepEqual(exchange.input, input);
  assert.deepEqual(withoutMetadata(res), { DNSName: 'classic-1.us-east-1.elb.amazonaws.com' });
  const err = await elb.send(new CreateClassicLoadBalancerCommand(input)).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof DuplicateAccessPointNameException, `got ${String(err)}`);
  assert.equal(err.message, 'Load balancer name is already in use: classic');
});

// IAM enforcement of CloudFront, WAFv2, Auto Scaling and ELBv2 (--enforce-iam) with SDK v3 clients: a user is
// allowed what a policy names and refused the rest in the service's own error shape, naming the resource's ARN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AutoScalingClient, CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand, DescribeAutoScalingGroupsCommand, SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { CloudFrontClient, CreateCachePolicyCommand, GetCachePolicyCommand, ListCachePoliciesCommand } from '@aws-sdk/client-cloudfront';
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateIPSetCommand, GetIPSetCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { assertAwsError } from '../../support/aws-error.js';
import { enforcedKumo } from './enforcement-support.js';

const ACCOUNT = '000000000000';
const env = enforcedKumo();
const { track, as, user } = env;
const denied = (name: string, action: string, resource: string) =>
  `User: arn:aws:iam::${ACCOUNT}:user/${name} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

test('CloudFront: a policy scoped to one cache policy allows it; another is AccessDenied (403) on its ARN', async () => {
  const root = track(new CloudFrontClient(env.kumo.clientConfig()));
  const params = { EnableAcceptEncodingGzip: false, HeadersConfig: { HeaderBehavior: 'none' as const }, CookiesConfig: { CookieBehavior: 'none' as const }, QueryStringsConfig: { QueryStringBehavior: 'none' as const } };
  const create = (Name: string) => root.send(new CreateCachePolicyCommand({ CachePolicyConfig: { Name, MinTTL: 0, ParametersInCacheKeyAndForwardedToOrigin: params } }));
  const mine = (await create('iam-mine')).CachePolicy!.Id!;
  const other = (await create('iam-other')).CachePolicy!.Id!;
  const creds = await user('cdn', { Effect: 'Allow', Action: ['cloudfront:GetCachePolicy', 'cloudfront:ListCachePolicies'], Resource: [`arn:aws:cloudfront::${ACCOUNT}:cache-policy/${mine}`] });
  const cf = track(new CloudFrontClient(as(creds)));
  assert.equal((await cf.send(new GetCachePolicyCommand({ Id: mine }))).CachePolicy?.Id, mine);
  await assertAwsError(cf.send(new GetCachePolicyCommand({ Id: other })), { code: 'AccessDenied', status: 403, message: denied('cdn', 'cloudfront:GetCachePolicy', `arn:aws:cloudfront::${ACCOUNT}:cache-policy/${other}`) });
  // ListCachePolicies has no resource type: only Resource "*" allows it.
  await assertAwsError(cf.send(new ListCachePoliciesCommand({})), { code: 'AccessDenied', status: 403, message: /cloudfront:ListCachePolicies because no identity-based policy allows/ });
});

test('WAFv2: IP sets by scope/name/id; a create is authorized on <name>/*; refusals are AccessDeniedException (400)', async () => {
  const creds = await user('waf', { Effect: 'Allow', Action: ['wafv2:CreateIPSet', 'wafv2:GetIPSet'], Resource: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/ipset/team-*` });
  const waf = track(new WAFV2Client(as(creds)));
  const made = (await waf.send(new CreateIPSetCommand({ Name: 'team-a', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['192.0.2.0/24'] }))).Summary!;
  assert.equal((await waf.send(new GetIPSetCommand({ Name: 'team-a', Scope: 'REGIONAL', Id: made.Id! }))).IPSet?.Name, 'team-a');
  await assertAwsError(waf.send(new CreateIPSetCommand({ Name: 'ops', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: [] })), {
    code: 'AccessDeniedException', status: 400, message: denied('waf', 'wafv2:CreateIPSet', `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/ipset/ops/*`),
  });
});

test('Auto Scaling: a group is authorized by its real ARN with the generated id; another group is AccessDenied (403)', async () => {
  const root = track(new AutoScalingClient(env.kumo.clientConfig()));
  await root.send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: 'iam-lc', ImageId: 'ami-0aa7d40eeae50c9a9', InstanceType: 't3.micro' }));
  for (const name of ['iam-web', 'iam-batch']) {
    await root.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchConfigurationName: 'iam-lc', MinSize: 0, MaxSize: 2, AvailabilityZones: ['us-east-1a'] }));
  }
  const groups = (await root.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['iam-web', 'iam-batch'] }))).AutoScalingGroups!;
  const arn = (name: string) => groups.find((g) => g.AutoScalingGroupName === name)!.AutoScalingGroupARN!;
  const creds = await user('scaler', { Effect: 'Allow', Action: 'autoscaling:SetDesiredCapacity', Resource: arn('iam-web') });
  const asg = track(new AutoScalingClient(as(creds)));
  await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'iam-web', DesiredCapacity: 1 }));
  await assertAwsError(asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'iam-batch', DesiredCapacity: 1 })), {
    code: 'AccessDenied', status: 403, message: denied('scaler', 'autoscaling:SetDesiredCapacity', arn('iam-batch')),
  });
});

test('ELBv2: Describe needs only its action; CreateTargetGroup is authorized on targetgroup/<name>/* (AccessDenied, 403)', async () => {
  const vpc = (await track(new EC2Client(env.kumo.clientConfig())).send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  const creds = await user('lb', { Effect: 'Allow', Action: 'elasticloadbalancing:Describe*', Resource: '*' }, { Effect: 'Allow', Action: 'elasticloadbalancing:CreateTargetGroup', Resource: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/app-*` });
  const elb = track(new ElasticLoadBalancingV2Client(as(creds)));
  const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'app-tg', Protocol: 'HTTP', Port: 80, VpcId: vpc, TargetType: 'ip' }))).TargetGroups![0]!;
  assert.ok((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.some((t) => t.TargetGroupArn === tg.TargetGroupArn));
  await assertAwsError(elb.send(new CreateTargetGroupCommand({ Name: 'db-tg', Protocol: 'TCP', Port: 5432, VpcId: vpc, TargetType: 'ip' })), {
    code: 'AccessDenied', status: 403, message: denied('lb', 'elasticloadbalancing:CreateTargetGroup', `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/db-tg/*`),
  });
});

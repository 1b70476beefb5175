// The resource each CloudFront, WAFv2, Auto Scaling and ELBv2 operation is authorized on: the ARN its input names,
// the reference's template filled from Ids, or `<name>/*` for what a create makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuthorization } from '../../src/iam/action-map.js';
import { SERVICE_AUTHORIZATION } from '../../src/iam/service-actions.js';

const scope = { region: 'eu-west-1', account: '111122223333' };
const resolve = (service: string, operation: string, input: Record<string, unknown>, lookedUp?: string[]) =>
  resolveAuthorization(SERVICE_AUTHORIZATION[service]!, operation, input, scope, lookedUp);

test('ELBv2 authorizes a listener operation on the listener ARN and a create on loadbalancer/<type>/<name>/*', async () => {
  const listener = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/net/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
  const rule = await resolve('elastic-load-balancing-v2', 'CreateRule', { ListenerArn: listener, Priority: 1 });
  assert.deepEqual([rule.action, rule.resource], ['elasticloadbalancing:CreateRule', listener]);
  const lb = await resolve('elastic-load-balancing-v2', 'CreateLoadBalancer', { Name: 'web', Type: 'network', Scheme: 'internal', Subnets: ['subnet-1'] });
  assert.equal(lb.resource, 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/web/*');
  assert.deepEqual(lb.conditionValues, { 'elasticloadbalancing:Scheme': 'internal', 'elasticloadbalancing:Subnet': ['subnet-1'] });
  const tags = await resolve('elastic-load-balancing-v2', 'AddTags', { ResourceArns: [listener, 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/t/1'], Tags: [] });
  assert.equal(tags.resources.length, 2);
  assert.equal((await resolve('elastic-load-balancing-v2', 'DescribeLoadBalancers', { LoadBalancerArns: [listener] })).resource, '*');
});

test('CloudFront fills ${DistributionId} from Id or DistributionId and other kinds from Id; tags name the ARN', async () => {
  assert.equal((await resolve('cloudfront', 'GetDistribution', { Id: 'E1ABC' })).resource, 'arn:aws:cloudfront::111122223333:distribution/E1ABC');
  assert.equal((await resolve('cloudfront', 'CreateInvalidation', { DistributionId: 'E1ABC', InvalidationBatch: {} })).resource, 'arn:aws:cloudfront::111122223333:distribution/E1ABC');
  assert.equal((await resolve('cloudfront', 'GetCachePolicy', { Id: 'abc-1' })).resource, 'arn:aws:cloudfront::111122223333:cache-policy/abc-1');
  const withTags = await resolve('cloudfront', 'CreateDistributionWithTags', { DistributionConfigWithTags: {} });
  assert.equal(withTags.action, 'cloudfront:CreateDistribution');
  const arn = 'arn:aws:cloudfront::111122223333:distribution/E9';
  assert.equal((await resolve('cloudfront', 'TagResource', { Resource: arn, Tags: {} })).resource, arn);
});

test('WAFv2 builds scope/kind/name/id ARNs, CLOUDFRONT scope as global in us-east-1; AssociateWebACL needs both ARNs', async () => {
  const acl = await resolve('wafv2', 'GetWebACL', { Name: 'edge', Id: 'a1', Scope: 'CLOUDFRONT' });
  assert.equal(acl.resource, 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/a1');
  const created = await resolve('wafv2', 'CreateIPSet', { Name: 'office', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: [] });
  assert.equal(created.resource, 'arn:aws:wafv2:eu-west-1:111122223333:regional/ipset/office/*');
  const webAcl = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/app/a1';
  const alb = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1';
  assert.deepEqual((await resolve('wafv2', 'AssociateWebACL', { WebACLArn: webAcl, ResourceArn: alb })).resources, [webAcl, alb]);
  assert.equal((await resolve('wafv2', 'ListWebACLs', { Scope: 'REGIONAL' })).resource, '*');
});

test('Auto Scaling authorizes a group by its looked-up ARN, or by name with the id as * when it is not there', async () => {
  const real = 'arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:0f9c:autoScalingGroupName/web';
  assert.equal((await resolve('auto-scaling', 'SetDesiredCapacity', { AutoScalingGroupName: 'web', DesiredCapacity: 2 }, [real])).resource, real);
  const create = await resolve('auto-scaling', 'CreateAutoScalingGroup', { AutoScalingGroupName: 'web', MinSize: 1, MaxSize: 3 });
  assert.equal(create.resource, 'arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:*:autoScalingGroupName/web');
  assert.deepEqual(create.conditionValues, { 'autoscaling:MinSize': '1', 'autoscaling:MaxSize': '3' });
  assert.equal((await resolve('auto-scaling', 'DescribeAutoScalingGroups', {})).resource, '*');
});

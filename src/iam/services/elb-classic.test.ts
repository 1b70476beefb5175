// The Classic Load Balancer's IAM declaration: actions are elasticloadbalancing:<Operation>, on the
// loadbalancer/<name> ARN from LoadBalancerName, and one ARN per name for the tag operations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuthorization } from '../action-map.js';
import { ELB_CLASSIC_AUTHORIZATION } from './elb-classic.js';

const scope = { region: 'us-east-1', account: '111122223333' };

test('RegisterInstancesWithLoadBalancer is authorized on the named load balancer', async () => {
  const r = await resolveAuthorization(ELB_CLASSIC_AUTHORIZATION, 'RegisterInstancesWithLoadBalancer', { LoadBalancerName: 'web', Instances: [] }, scope);
  assert.equal(r.action, 'elasticloadbalancing:RegisterInstancesWithLoadBalancer');
  assert.deepEqual(r.resources, ['arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/web']);
});

test('AddTags names one load balancer ARN per LoadBalancerNames entry', async () => {
  const r = await resolveAuthorization(ELB_CLASSIC_AUTHORIZATION, 'AddTags', { LoadBalancerNames: ['a', 'b'], Tags: [] }, scope);
  assert.deepEqual(r.resources, ['arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/a', 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/b']);
});

// Smoke test of elbv2 with the installed aws-cli against a started server: an ALB on two default subnets, a target
// group, a listener with a fixed-response rule, describe-target-health, the DuplicateLoadBalancerName error, and a
// request through the listener's bound address from /_kumo/elb/endpoints.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory']);
});
after(async () => {
  await kumo.stop();
});

const { aws, awsJson } = awsCliFor(() => kumo.url);

test('aws elbv2 create-load-balancer, create-target-group, create-listener, create-rule and traffic through the node', async () => {
  const subnets = awsJson(['ec2', 'describe-subnets', '--filters', 'Name=default-for-az,Values=true', '--query', 'Subnets[].[SubnetId,VpcId]']) as unknown as string[][];
  const lb = (awsJson(['elbv2', 'create-load-balancer', '--name', 'cli-alb', '--subnets', subnets[0]![0]!, subnets[1]![0]!])['LoadBalancers'] as Array<{ LoadBalancerArn: string; DNSName: string }>)[0]!;
  assert.match(lb.DNSName, /^cli-alb-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  const dup = aws(['elbv2', 'create-load-balancer', '--name', 'cli-alb', '--scheme', 'internal', '--subnets', subnets[0]![0]!, subnets[1]![0]!]);
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /DuplicateLoadBalancerName.*A load balancer with the same name 'cli-alb' exists, but with different settings/);
  const tg = (awsJson(['elbv2', 'create-target-group', '--name', 'cli-tg', '--protocol', 'HTTP', '--port', '80', '--vpc-id', subnets[0]![1]!, '--target-type', 'ip'])['TargetGroups'] as Array<{ TargetGroupArn: string }>)[0]!;
  const port = String(22000 + Math.floor(Math.random() * 8000));
  const listener = (awsJson(['elbv2', 'create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', port, '--default-actions', `Type=forward,TargetGroupArn=${tg.TargetGroupArn}`])['Listeners'] as Array<{ ListenerArn: string }>)[0]!;
  awsJson(['elbv2', 'create-rule', '--listener-arn', listener.ListenerArn, '--priority', '1', '--conditions', 'Field=path-pattern,Values=/hello', '--actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=hi}']);
  const health = awsJson(['elbv2', 'describe-target-health', '--target-group-arn', tg.TargetGroupArn])['TargetHealthDescriptions'] as unknown[];
  assert.deepEqual(health, []);
  const endpoints = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ nodes: Array<{ listeners: Array<{ bound: string }> }> }> };
  const bound = endpoints.loadBalancers[0]!.nodes[0]!.listeners[0]!.bound;
  const res = await fetch(`http://${bound}/hello`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'hi');
  assert.equal(res.headers.get('server'), 'awselb/2.0');
  const empty = await fetch(`http://${bound}/other`);
  assert.equal(empty.status, 503);
});

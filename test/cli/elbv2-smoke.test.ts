// Smoke test of elbv2 with the installed aws-cli against a started server: an ALB on two default subnets, a target
// group, a listener with a fixed-response rule, describe-target-health, the DuplicateLoadBalancerName error, and a
// request through the listener's bound address from /_kumo/elb/endpoints.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';
import { until } from '../support/until.js';

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

test('aws elbv2 modify-load-balancer-attributes turns on access logs; traffic and an advanced clock deliver the file to S3', async () => {
  const subnets = awsJson(['ec2', 'describe-subnets', '--filters', 'Name=default-for-az,Values=true', '--query', 'Subnets[].SubnetId']) as unknown as string[];
  const lb = (awsJson(['elbv2', 'create-load-balancer', '--name', 'cli-logs', '--subnets', subnets[0]!, subnets[1]!])['LoadBalancers'] as Array<{ LoadBalancerArn: string }>)[0]!;
  const port = String(22000 + Math.floor(Math.random() * 8000));
  awsJson(['elbv2', 'create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', port, '--default-actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=ok}']);
  assert.equal(aws(['s3api', 'create-bucket', '--bucket', 'cli-elb-logs']).status, 0);
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::cli-elb-logs/web/AWSLogs/000000000000/*' }] };
  assert.equal(aws(['s3api', 'put-bucket-policy', '--bucket', 'cli-elb-logs', '--policy', JSON.stringify(policy)]).status, 0);
  const attrs = awsJson(['elbv2', 'modify-load-balancer-attributes', '--load-balancer-arn', lb.LoadBalancerArn, '--attributes', 'Key=access_logs.s3.enabled,Value=true', 'Key=access_logs.s3.bucket,Value=cli-elb-logs', 'Key=access_logs.s3.prefix,Value=web'])['Attributes'] as Array<{ Key: string; Value: string }>;
  assert.equal(attrs.find((a) => a.Key === 'access_logs.s3.enabled')?.Value, 'true');
  const endpoints = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ listeners: Array<{ bound: string }> }> }> };
  const bound = endpoints.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!.nodes[0]!.listeners[0]!.bound;
  const res = await until('the listener to answer', () => fetch(`http://${bound}/logged`).catch(() => undefined));
  assert.equal(res.status, 200);
  await fetch(`${kumo.url}/_kumo/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 300 }) });
  const keys = awsJson(['s3api', 'list-objects-v2', '--bucket', 'cli-elb-logs', '--prefix', 'web/AWSLogs/000000000000/elasticloadbalancing/', '--query', 'Contents[].Key']) as unknown as string[];
  assert.equal(keys.length, 1);
  assert.match(keys[0]!, /\/000000000000_elasticloadbalancing_us-east-1_app\.cli-logs\.[0-9a-f]+_\d{8}T\d{4}Z_[\d.]+_[a-z0-9]{8}\.log\.gz$/);
});

test('aws elbv2 describe-account-limits lists AWS default quotas', () => {
  const limits = awsJson(['elbv2', 'describe-account-limits'])['Limits'] as Array<{ Name: string; Max: string }>;
  assert.equal(limits.length, 23);
  assert.deepEqual(limits.find((l) => l.Name === 'application-load-balancers'), { Name: 'application-load-balancers', Max: '50' });
  assert.deepEqual(limits.find((l) => l.Name === 'targets-per-network-load-balancer'), { Name: 'targets-per-network-load-balancer', Max: '3000' });
});

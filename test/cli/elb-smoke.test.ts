// Smoke test of the Classic Load Balancer with the installed aws-cli (`aws elb …`) against a started server: create
// with two zones, describe, the DuplicateLoadBalancerName and LoadBalancerNotFound errors, a health check, a Proxy
// Protocol policy, an instance registered and described, and a request to the node answered 503 with no instance InService.
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

const { aws, awsJson, awsOk } = awsCliFor(() => kumo.url);

test('aws elb create-load-balancer, configure-health-check, policies, register-instances and traffic to a node', async () => {
  const zones = awsJson(['ec2', 'describe-availability-zones', '--query', 'AvailabilityZones[].ZoneName']) as unknown as string[];
  const created = awsJson(['elb', 'create-load-balancer', '--load-balancer-name', 'cli-clb', '--listeners', 'Protocol=HTTP,LoadBalancerPort=8085,InstancePort=80', '--availability-zones', zones[0]!, zones[1]!]);
  assert.match(created['DNSName'] as string, /^cli-clb-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  const dup = aws(['elb', 'create-load-balancer', '--load-balancer-name', 'cli-clb', '--listeners', 'Protocol=TCP,LoadBalancerPort=8085,InstancePort=81', '--availability-zones', zones[0]!]);
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /DuplicateLoadBalancerName.*Load Balancer named 'cli-clb' already exists and it is configured with different parameters\./);
  const missing = aws(['elb', 'describe-load-balancers', '--load-balancer-names', 'nope']);
  assert.match(missing.stderr, /LoadBalancerNotFound.*There is no ACTIVE Load Balancer named 'nope'/);
  const hc = awsJson(['elb', 'configure-health-check', '--load-balancer-name', 'cli-clb', '--health-check', 'Target=HTTP:80/index.html,Interval=10,Timeout=5,UnhealthyThreshold=2,HealthyThreshold=3']);
  assert.deepEqual(hc['HealthCheck'], { Target: 'HTTP:80/index.html', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3 });
  awsOk(['elb', 'create-load-balancer-policy', '--load-balancer-name', 'cli-clb', '--policy-name', 'pp', '--policy-type-name', 'ProxyProtocolPolicyType', '--policy-attributes', 'AttributeName=ProxyProtocol,AttributeValue=true']);
  awsOk(['elb', 'set-load-balancer-policies-for-backend-server', '--load-balancer-name', 'cli-clb', '--instance-port', '80', '--policy-names', 'pp']);
  const described = (awsJson(['elb', 'describe-load-balancers', '--load-balancer-names', 'cli-clb'])['LoadBalancerDescriptions'] as Array<Record<string, unknown>>)[0]!;
  assert.deepEqual(described['BackendServerDescriptions'], [{ InstancePort: 80, PolicyNames: ['pp'] }]);
  assert.deepEqual(described['AvailabilityZones'], [zones[0], zones[1]]);

  const instanceId = ((awsJson(['ec2', 'run-instances', '--image-id', 'ami-0aa7d40eeae50c9a9', '--count', '1', '--placement', `AvailabilityZone=${zones[0]}`])['Instances'] as Array<{ InstanceId: string }>)[0]!).InstanceId;
  awsOk(['elb', 'register-instances-with-load-balancer', '--load-balancer-name', 'cli-clb', '--instances', instanceId]);
  const states = awsJson(['elb', 'describe-instance-health', '--load-balancer-name', 'cli-clb'])['InstanceStates'] as Array<Record<string, string>>;
  assert.equal(states[0]!['InstanceId'], instanceId);
  assert.equal(states[0]!['State'], 'OutOfService');

  const endpoints = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerName?: string; nodes: Array<{ listeners: Array<{ bound: string }> }> }> };
  const lb = endpoints.loadBalancers.find((l) => l.loadBalancerName === 'cli-clb')!;
  assert.equal(lb.nodes.length, 2);
  const res = await fetch(`http://${lb.nodes[0]!.listeners[0]!.bound}/`);
  assert.equal(res.status, 503, 'no instance is InService');
  awsOk(['elb', 'delete-load-balancer', '--load-balancer-name', 'cli-clb']);
});

test('aws elb describe-account-limits lists the Classic Load Balancer default quotas', () => {
  const limits = awsJson(['elb', 'describe-account-limits'])['Limits'];
  assert.deepEqual(limits, [
    { Name: 'classic-load-balancers', Max: '20' },
    { Name: 'classic-listeners', Max: '100' },
    { Name: 'classic-registered-instances', Max: '1000' },
  ]);
});

// Classic Load Balancers end to end, control plane and HTTP: the elb (2012-06-01) API through SDK v3 (AWS's
// shapes, defaults, idempotent create, errors, policies) and HTTP listeners with node:http backends on EC2
// instances' loopback addresses: health on the runtime clock, per-AZ nodes and cross-zone, 503, AWSELB stickiness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import { assertAwsError } from '../../support/aws-error.js';
import { until } from '../../support/until.js';
import * as support from './support.js';
import { get, name } from './support.js';

const env = support.useClbEnv();
const instance = (subnetId: string) => support.instance(env, subnetId);
const httpBackend = (address: string, port: number, label: string, h: () => number) => support.httpBackend(env, address, port, label, h);
const nodes = (lbName: string) => support.nodes(env, lbName);
const health = (lbName: string) => support.health(env, lbName);
const advanceUntil = (what: string, seconds: number, check: () => Promise<boolean>) => support.advanceUntil(env, what, seconds, check);

test('CreateLoadBalancer answers a DNS name, describes AWS defaults, is idempotent, and refuses bad input with AWS codes', async () => {
  const n = name('clb');
  const created = await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'http', LoadBalancerPort: 80, InstancePort: 8080 }], Subnets: [env.subnets[0]!.id, env.subnets[1]!.id] }));
  assert.match(created.DNSName!, new RegExp(`^${n}-\\d+\\.us-east-1\\.elb\\.amazonaws\\.com$`));
  const d = (await env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!;
  assert.equal(d.DNSName, created.DNSName);
  assert.equal(d.CanonicalHostedZoneNameID, 'Z35SXDOTRQ7X7K');
  assert.equal(d.Scheme, 'internet-facing');
  assert.deepEqual(d.AvailabilityZones, [env.subnets[0]!.zone, env.subnets[1]!.zone]);
  assert.deepEqual(d.ListenerDescriptions![0]!.Listener, { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 });
  assert.deepEqual(d.HealthCheck, { Target: 'TCP:8080', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 });
  assert.equal(d.SecurityGroups!.length, 1, 'the VPC default group');
  const attrs = (await env.client.send(new elb.DescribeLoadBalancerAttributesCommand({ LoadBalancerName: n }))).LoadBalancerAttributes!;
  assert.deepEqual([attrs.CrossZoneLoadBalancing?.Enabled, attrs.ConnectionDraining?.Enabled, attrs.ConnectionDraining?.Timeout, attrs.ConnectionSettings?.IdleTimeout, attrs.AccessLog?.Enabled], [false, false, 300, 60, false]);

  const again = await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }], Subnets: [env.subnets[1]!.id, env.subnets[0]!.id] }));
  assert.equal(again.DNSName, created.DNSName);
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 9090 }], Subnets: [env.subnets[0]!.id] })), {
    code: 'DuplicateLoadBalancerName', status: 400, message: `Load Balancer named '${n}' already exists and it is configured with different parameters.`,
  });
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: 'internal-x', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [env.subnets[0]!.id] })), { code: 'ValidationError', status: 400 });
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: 'bad_name', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [env.subnets[0]!.id] })), { code: 'ValidationError', status: 400 });
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: name('udp'), Listeners: [{ Protocol: 'UDP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [env.subnets[0]!.id] })), { code: 'UnsupportedProtocol', status: 400 });
  await assertAwsError(env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: ['nope'] })), { code: 'LoadBalancerNotFound', status: 400, message: "There is no ACTIVE Load Balancer named 'nope'" });

  await env.client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 5000, InstancePort: 5000 }] }));
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 5000, InstancePort: 5001 }] })), {
    code: 'DuplicateListener', status: 400, message: `A listener already exists for ${n} with LoadBalancerPort 5000, but with a different InstancePort, Protocol, or SSLCertificateId`,
  });
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 81, InstanceProtocol: 'TCP', InstancePort: 80 }] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await env.client.send(new elb.DeleteLoadBalancerListenersCommand({ LoadBalancerName: n, LoadBalancerPorts: [5000] }));
  await assertAwsError(env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 5000, PolicyNames: [] })), { code: 'ListenerNotFound', status: 400 });

  await assertAwsError(env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3 } })), { code: 'ValidationError', status: 400 });
  await assertAwsError(env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:80/', Interval: 5, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3 } })), { code: 'ValidationError', status: 400 });
  const hc = await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'http:80/index.html', Interval: 10, Timeout: 3, UnhealthyThreshold: 3, HealthyThreshold: 4 } }));
  assert.equal(hc.HealthCheck?.Target, 'HTTP:80/index.html');

  await assertAwsError(env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: 'i-0123456789abcdef0' }] })), {
    code: 'InvalidInstance', status: 400, message: 'Could not find EC2 instance i-0123456789abcdef0.',
  });
  await assertAwsError(env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 4001 } } })), { code: 'ValidationError', status: 400 });
  const modified = await env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 30 }, AccessLog: { Enabled: false, S3BucketName: 'logs', EmitInterval: 5 } } }));
  assert.deepEqual(modified.LoadBalancerAttributes?.ConnectionDraining, { Enabled: true, Timeout: 30 });
  assert.equal(modified.LoadBalancerAttributes?.AccessLog?.S3BucketName, 'logs');
  await assertAwsError(env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { AccessLog: { Enabled: true, S3BucketName: 'logs' } } })), { code: 'InvalidConfigurationRequest', status: 409, message: 'Access Denied for bucket: logs. Please check S3bucket permission' });

  await env.client.send(new elb.AddTagsCommand({ LoadBalancerNames: [n], Tags: [{ Key: 'team', Value: 'a' }] }));
  await assertAwsError(env.client.send(new elb.AddTagsCommand({ LoadBalancerNames: [n], Tags: [{ Key: 'k' }, { Key: 'k' }] })), { code: 'DuplicateTagKeys', status: 400 });
  assert.deepEqual((await env.client.send(new elb.DescribeTagsCommand({ LoadBalancerNames: [n] }))).TagDescriptions![0]!.Tags, [{ Key: 'team', Value: 'a' }]);
  await env.client.send(new elb.RemoveTagsCommand({ LoadBalancerNames: [n], Tags: [{ Key: 'team' }] }));
  assert.deepEqual((await env.client.send(new elb.DescribeTagsCommand({ LoadBalancerNames: [n] }))).TagDescriptions![0]!.Tags, []);

  await env.client.send(new elb.DisableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: n, AvailabilityZones: [env.subnets[1]!.zone] }));
  assert.deepEqual((await env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.Subnets, [env.subnets[0]!.id]);
  const enabled = await env.client.send(new elb.EnableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: n, AvailabilityZones: [env.subnets[1]!.zone] }));
  assert.deepEqual(enabled.AvailabilityZones, [env.subnets[0]!.zone, env.subnets[1]!.zone]);
  await assertAwsError(env.client.send(new elb.ApplySecurityGroupsToLoadBalancerCommand({ LoadBalancerName: n, SecurityGroups: ['sg-00000000000000000'] })), { code: 'InvalidSecurityGroup', status: 400 });

  const other = name('page');
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: other, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 9100, InstancePort: 9100 }], AvailabilityZones: [env.subnets[0]!.zone] }));
  const page1 = await env.client.send(new elb.DescribeLoadBalancersCommand({ PageSize: 1 }));
  assert.equal(page1.LoadBalancerDescriptions!.length, 1);
  assert.ok(page1.NextMarker, 'more than one page: a marker');
  const page2 = await env.client.send(new elb.DescribeLoadBalancersCommand({ PageSize: 1, Marker: page1.NextMarker }));
  assert.notEqual(page2.LoadBalancerDescriptions![0]!.LoadBalancerName, page1.LoadBalancerDescriptions![0]!.LoadBalancerName);
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: other }));
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
  await assertAwsError(env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] })), { code: 'LoadBalancerNotFound', status: 400 });
});

test('policies: types are described, cookie and proxy policies attach where AWS allows, unknown names are PolicyNotFound', async () => {
  const n = name('pol');
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }, { Protocol: 'TCP', LoadBalancerPort: 2525, InstancePort: 25 }], AvailabilityZones: [env.subnets[0]!.zone] }));
  const types = (await env.client.send(new elb.DescribeLoadBalancerPolicyTypesCommand({ PolicyTypeNames: ['ProxyProtocolPolicyType'] }))).PolicyTypeDescriptions!;
  assert.deepEqual(types[0]!.PolicyAttributeTypeDescriptions, [{ AttributeName: 'ProxyProtocol', AttributeType: 'Boolean', Cardinality: 'ONE' }]);
  await assertAwsError(env.client.send(new elb.DescribeLoadBalancerPolicyTypesCommand({ PolicyTypeNames: ['NoSuchType'] })), { code: 'PolicyTypeNotFound', status: 400 });
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'proxy', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] }));
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'proxy', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] })), { code: 'DuplicatePolicyName', status: 400 });
  await env.client.send(new elb.CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'sticky', CookieExpirationPeriod: 60 }));
  await env.client.send(new elb.CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'app', CookieName: 'SESSION' }));
  await assertAwsError(env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 2525, PolicyNames: ['sticky'] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await assertAwsError(env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 80, PolicyNames: ['missing'] })), { code: 'PolicyNotFound', status: 400 });
  await env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 80, PolicyNames: ['sticky'] }));
  await env.client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 25, PolicyNames: ['proxy'] }));
  await assertAwsError(env.client.send(new elb.DeleteLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'proxy' })), { code: 'InvalidConfigurationRequest', status: 409 });
  const d = (await env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!;
  assert.deepEqual(d.Policies, { AppCookieStickinessPolicies: [{ PolicyName: 'app', CookieName: 'SESSION' }], LBCookieStickinessPolicies: [{ PolicyName: 'sticky', CookieExpirationPeriod: 60 }], OtherPolicies: ['proxy'] });
  assert.deepEqual(d.BackendServerDescriptions, [{ InstancePort: 25, PolicyNames: ['proxy'] }]);
  assert.deepEqual(d.ListenerDescriptions!.find((l) => l.Listener!.LoadBalancerPort === 80)!.PolicyNames, ['sticky']);
  const described = (await env.client.send(new elb.DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: n, PolicyNames: ['proxy'] }))).PolicyDescriptions!;
  assert.deepEqual(described, [{ PolicyName: 'proxy', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] }]);
  await assertAwsError(env.client.send(new elb.DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: n, PolicyNames: ['gone'] })), { code: 'PolicyNotFound', status: 400 });
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('HTTP listener: health checks on the runtime clock, each node forwards to its own AZ until cross-zone is on, 503 when none is InService', async () => {
  const n = name('http');
  const a = await instance(env.subnets[0]!.id);
  const b = await instance(env.subnets[1]!.id);
  const status = { a: 200, b: 200 };
  await httpBackend(a.address, 8080, 'a', () => status.a);
  await httpBackend(b.address, 8080, 'b', () => status.b);
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8000, InstancePort: 8080 }], Subnets: [env.subnets[0]!.id, env.subnets[1]!.id] }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:8080/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  const registered = await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }, { InstanceId: b.id }] }));
  assert.deepEqual(registered.Instances, [{ InstanceId: a.id }, { InstanceId: b.id }]);
  assert.deepEqual((await health(n)).get(a.id), { InstanceId: a.id, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.' });
  await advanceUntil('both InService', 5, async () => [...(await health(n)).values()].every((s) => s.State === 'InService'));
  assert.deepEqual((await health(n)).get(b.id), { InstanceId: b.id, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' });

  const [nodeA, nodeB] = await nodes(n);
  assert.equal(nodeA!.zone, env.subnets[0]!.zone);
  assert.notEqual(nodeA!.address, nodeB!.address);
  const boundA = nodeA!.listeners[0]!.bound;
  const boundB = nodeB!.listeners[0]!.bound;
  await until('the node to listen', async () => (await get(boundA, '/').catch(() => undefined))?.status === 200);
  for (let i = 0; i < 4; i++) {
    assert.equal(JSON.parse((await get(boundA, '/')).body).label, 'a', 'cross-zone off: node a sends to zone a only');
    assert.equal(JSON.parse((await get(boundB, '/')).body).label, 'b');
  }
  const seen = JSON.parse((await get(boundA, '/x', { 'x-forwarded-for': '10.0.0.9' })).body).headers as Record<string, string>;
  assert.equal(seen['x-forwarded-for'], '10.0.0.9, 127.0.0.1');
  assert.equal(seen['x-forwarded-proto'], 'http');
  assert.equal(seen['x-forwarded-port'], '8000');

  await env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  const labels = new Set<string>();
  for (let i = 0; i < 4; i++) labels.add(JSON.parse((await get(boundA, '/')).body).label);
  assert.deepEqual([...labels].sort(), ['a', 'b'], 'cross-zone on: node a round-robins over both zones');

  await env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: false } } }));
  status.a = 500;
  await advanceUntil('a OutOfService', 5, async () => (await health(n)).get(a.id)?.State === 'OutOfService');
  assert.deepEqual((await health(n)).get(a.id), { InstanceId: a.id, State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' });
  const refused = await get(boundA, '/');
  assert.equal(refused.status, 503, 'no fail-open on a Classic Load Balancer');
  assert.equal(JSON.parse((await get(boundB, '/')).body).label, 'b');

  await env.client.send(new elb.DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: b.id }] }));
  assert.deepEqual((await health(n)).get(b.id), undefined);
  assert.equal((await env.client.send(new elb.DescribeInstanceHealthCommand({ LoadBalancerName: n, Instances: [{ InstanceId: b.id }] }))).InstanceStates![0]!.Description, 'Instance is not currently registered with the LoadBalancer.');
  assert.equal((await get(boundB, '/')).status, 503);
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('LB cookie stickiness sets AWSELB once and keeps a client on its instance; application cookies get an AWSELB cookie beside them', async () => {
  const n = name('stick');
  const a = await instance(env.subnets[0]!.id);
  const b = await instance(env.subnets[1]!.id);
  await httpBackend(a.address, 8081, 'a', () => 200);
  await httpBackend(b.address, 8081, 'b', () => 200);
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8001, InstancePort: 8081 }], Subnets: [env.subnets[0]!.id, env.subnets[1]!.id] }));
  await env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:8081', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }, { InstanceId: b.id }] }));
  await advanceUntil('both InService', 5, async () => [...(await health(n)).values()].every((s) => s.State === 'InService'));
  await env.client.send(new elb.CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'lb', CookieExpirationPeriod: 120 }));
  await env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 8001, PolicyNames: ['lb'] }));
  const bound = (await nodes(n))[0]!.listeners[0]!.bound;
  const first = await until('the node to listen', async () => get(bound, '/').catch(() => undefined));
  const cookie = (first.headers['set-cookie'] ?? []).find((c) => c.startsWith('AWSELB='))!;
  assert.match(cookie, /^AWSELB=[0-9A-F]+;PATH=\/;MAX-AGE=120$/);
  const label = JSON.parse(first.body).label;
  for (let i = 0; i < 4; i++) {
    const again = await get(bound, '/', { cookie: cookie.split(';')[0]! });
    assert.equal(JSON.parse(again.body).label, label);
    assert.equal((again.headers['set-cookie'] ?? []).some((c) => c.startsWith('AWSELB=')), false);
  }

  await env.client.send(new elb.CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'app', CookieName: 'SESSION' }));
  await env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 8001, PolicyNames: ['app'] }));
  const plain = await get(bound, '/');
  assert.equal((plain.headers['set-cookie'] ?? []).some((c) => c.startsWith('AWSELB=')), false, 'no application cookie, no AWSELB');
  const login = await get(bound, '/login');
  assert.deepEqual((login.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]), ['SESSION', 'AWSELB']);

  // Without kumo's DNS, HTTP to the gateway whose Host is the DNSName reaches the load balancer's listener.
  const dns = (await env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.DNSName!;
  const viaGateway = await get(new URL(env.kumo.url).host, '/', { host: `${dns}:8001` });
  assert.equal(viaGateway.status, 200);
  assert.ok(['a', 'b'].includes(JSON.parse(viaGateway.body).label));
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('DescribeAccountLimits answers the Classic Load Balancer default quotas', async () => {
  const out = await env.client.send(new elb.DescribeAccountLimitsCommand({}));
  assert.deepEqual(out.Limits, [
    { Name: 'classic-load-balancers', Max: '20' },
    { Name: 'classic-listeners', Max: '100' },
    { Name: 'classic-registered-instances', Max: '1000' },
  ]);
  assert.equal(out.NextMarker, undefined);
});

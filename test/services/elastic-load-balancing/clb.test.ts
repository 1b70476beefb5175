// Classic Load Balancers end to end: the elb (2012-06-01) control plane through SDK v3 (AWS's shapes, defaults,
// idempotent create and errors) and the data plane with real sockets: node:http and net backends the test starts on
// the loopback addresses of EC2 instances (--run-instances, no user data), health checks on the runtime clock,
// cross-zone off and on, AWSELB stickiness, and the Proxy Protocol v1 line on a TCP listener.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingClient;
let ec2c: ec2.EC2Client;
let subnets: Array<{ id: string; zone: string }> = [];
const servers: net.Server[] = [];
const AMI = 'ami-0aa7d40eeae50c9a9';

before(async () => {
  kumo = await startTestKumo({ runInstances: true, imdsPort: 0 });
  client = new elb.ElasticLoadBalancingClient({ ...kumo.clientConfig(), maxAttempts: 1 });
  ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnets = (out.Subnets ?? []).map((s) => ({ id: s.SubnetId!, zone: s.AvailabilityZone! })).sort((a, b) => a.zone.localeCompare(b.zone));
});
after(async () => {
  for (const s of servers) if (s instanceof http.Server) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  client.destroy();
  ec2c.destroy();
  await kumo.stop();
});

const name = (prefix: string) => uniqueName(prefix).slice(0, 32);

/** A running instance (no user data: no process) and the loopback address its traffic goes to. */
async function instance(subnetId: string): Promise<{ id: string; address: string }> {
  const id = (await ec2c.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!.InstanceId!;
  const address = await until('the instance to run', async () => {
    const body = (await (await fetch(`${kumo.url}/_kumo/ec2/instances`)).json()) as { instances: Array<{ instanceId: string; bindAddress: string; state?: string }> };
    const row = body.instances.find((p) => p.instanceId === id && p.state === 'running');
    return row?.bindAddress;
  });
  return { id, address };
}

/** An HTTP server on the instance's address: `/health` answers `health()`, anything else names the instance. */
function httpBackend(address: string, port: number, label: string, health: () => number): Promise<void> {
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(health());
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': req.url === '/login' ? 'SESSION=abc' : 'x=1' });
    res.end(JSON.stringify({ label, headers: req.headers }));
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(port, address, () => resolve()));
}

async function nodes(lbName: string): Promise<Array<{ zone: string; address: string; listeners: Array<{ port: number; bound: string }> }>> {
  const body = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerName?: string; nodes: Array<{ zone: string; address: string; listeners: Array<{ port: number; bound: string }> }> }> };
  return body.loadBalancers.find((lb) => lb.loadBalancerName === lbName)!.nodes;
}

function get(bound: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const [host, port] = bound.split(':');
  return new Promise((resolve, reject) => {
    http
      .get({ host, port: Number(port), path, headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

async function health(lbName: string): Promise<Map<string, elb.InstanceState>> {
  const out = await client.send(new elb.DescribeInstanceHealthCommand({ LoadBalancerName: lbName }));
  return new Map((out.InstanceStates ?? []).map((s) => [s.InstanceId!, s]));
}

/** Advances the clock one check interval at a time until `check` holds (a tick in flight may skip one). */
async function advanceUntil(what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await check()) return;
    await kumo.advance(seconds);
  }
  assert.fail(`clock advanced 20 × ${seconds}s without ${what}`);
}

test('CreateLoadBalancer answers a DNS name, describes AWS defaults, is idempotent, and refuses bad input with AWS codes', async () => {
  const n = name('clb');
  const created = await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'http', LoadBalancerPort: 80, InstancePort: 8080 }], Subnets: [subnets[0]!.id, subnets[1]!.id] }));
  assert.match(created.DNSName!, new RegExp(`^${n}-\\d+\\.us-east-1\\.elb\\.amazonaws\\.com$`));
  const d = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!;
  assert.equal(d.DNSName, created.DNSName);
  assert.equal(d.CanonicalHostedZoneNameID, 'Z35SXDOTRQ7X7K');
  assert.equal(d.Scheme, 'internet-facing');
  assert.deepEqual(d.AvailabilityZones, [subnets[0]!.zone, subnets[1]!.zone]);
  assert.deepEqual(d.ListenerDescriptions![0]!.Listener, { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 });
  assert.deepEqual(d.HealthCheck, { Target: 'TCP:8080', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 });
  assert.equal(d.SecurityGroups!.length, 1, 'the VPC default group');
  const attrs = (await client.send(new elb.DescribeLoadBalancerAttributesCommand({ LoadBalancerName: n }))).LoadBalancerAttributes!;
  assert.deepEqual([attrs.CrossZoneLoadBalancing?.Enabled, attrs.ConnectionDraining?.Enabled, attrs.ConnectionDraining?.Timeout, attrs.ConnectionSettings?.IdleTimeout, attrs.AccessLog?.Enabled], [false, false, 300, 60, false]);

  const again = await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }], Subnets: [subnets[1]!.id, subnets[0]!.id] }));
  assert.equal(again.DNSName, created.DNSName);
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 9090 }], Subnets: [subnets[0]!.id] })), {
    code: 'DuplicateLoadBalancerName', status: 400, message: `Load Balancer named '${n}' already exists and it is configured with different parameters.`,
  });
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: 'internal-x', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [subnets[0]!.id] })), { code: 'ValidationError', status: 400 });
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: 'bad_name', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [subnets[0]!.id] })), { code: 'ValidationError', status: 400 });
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: name('udp'), Listeners: [{ Protocol: 'UDP', LoadBalancerPort: 80, InstancePort: 80 }], Subnets: [subnets[0]!.id] })), { code: 'UnsupportedProtocol', status: 400 });
  await assertAwsError(client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: ['nope'] })), { code: 'LoadBalancerNotFound', status: 400, message: "There is no ACTIVE Load Balancer named 'nope'" });

  await client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 5000, InstancePort: 5000 }] }));
  await assertAwsError(client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 5000, InstancePort: 5001 }] })), {
    code: 'DuplicateListener', status: 400, message: `A listener already exists for ${n} with LoadBalancerPort 5000, but with a different InstancePort, Protocol, or SSLCertificateId`,
  });
  await assertAwsError(client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 81, InstanceProtocol: 'TCP', InstancePort: 80 }] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await client.send(new elb.DeleteLoadBalancerListenersCommand({ LoadBalancerName: n, LoadBalancerPorts: [5000] }));
  await assertAwsError(client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 5000, PolicyNames: [] })), { code: 'ListenerNotFound', status: 400 });

  await assertAwsError(client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3 } })), { code: 'ValidationError', status: 400 });
  await assertAwsError(client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:80/', Interval: 5, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 3 } })), { code: 'ValidationError', status: 400 });
  const hc = await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'http:80/index.html', Interval: 10, Timeout: 3, UnhealthyThreshold: 3, HealthyThreshold: 4 } }));
  assert.equal(hc.HealthCheck?.Target, 'HTTP:80/index.html');

  await assertAwsError(client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: 'i-0123456789abcdef0' }] })), {
    code: 'InvalidInstance', status: 400, message: 'Could not find EC2 instance i-0123456789abcdef0.',
  });
  await assertAwsError(client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 4001 } } })), { code: 'ValidationError', status: 400 });
  const modified = await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 30 }, AccessLog: { Enabled: false, S3BucketName: 'logs', EmitInterval: 5 } } }));
  assert.deepEqual(modified.LoadBalancerAttributes?.ConnectionDraining, { Enabled: true, Timeout: 30 });
  assert.equal(modified.LoadBalancerAttributes?.AccessLog?.S3BucketName, 'logs');
  await assertAwsError(client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { AccessLog: { Enabled: true, S3BucketName: 'logs' } } })), { code: 'NotImplemented', status: 501 });

  await client.send(new elb.AddTagsCommand({ LoadBalancerNames: [n], Tags: [{ Key: 'team', Value: 'a' }] }));
  await assertAwsError(client.send(new elb.AddTagsCommand({ LoadBalancerNames: [n], Tags: [{ Key: 'k' }, { Key: 'k' }] })), { code: 'DuplicateTagKeys', status: 400 });
  assert.deepEqual((await client.send(new elb.DescribeTagsCommand({ LoadBalancerNames: [n] }))).TagDescriptions![0]!.Tags, [{ Key: 'team', Value: 'a' }]);
  await client.send(new elb.RemoveTagsCommand({ LoadBalancerNames: [n], Tags: [{ Key: 'team' }] }));
  assert.deepEqual((await client.send(new elb.DescribeTagsCommand({ LoadBalancerNames: [n] }))).TagDescriptions![0]!.Tags, []);

  await client.send(new elb.DisableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: n, AvailabilityZones: [subnets[1]!.zone] }));
  assert.deepEqual((await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.Subnets, [subnets[0]!.id]);
  const enabled = await client.send(new elb.EnableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: n, AvailabilityZones: [subnets[1]!.zone] }));
  assert.deepEqual(enabled.AvailabilityZones, [subnets[0]!.zone, subnets[1]!.zone]);
  await assertAwsError(client.send(new elb.ApplySecurityGroupsToLoadBalancerCommand({ LoadBalancerName: n, SecurityGroups: ['sg-00000000000000000'] })), { code: 'InvalidSecurityGroup', status: 400 });

  const other = name('page');
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: other, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 9100, InstancePort: 9100 }], AvailabilityZones: [subnets[0]!.zone] }));
  const page1 = await client.send(new elb.DescribeLoadBalancersCommand({ PageSize: 1 }));
  assert.equal(page1.LoadBalancerDescriptions!.length, 1);
  assert.ok(page1.NextMarker, 'more than one page: a marker');
  const page2 = await client.send(new elb.DescribeLoadBalancersCommand({ PageSize: 1, Marker: page1.NextMarker }));
  assert.notEqual(page2.LoadBalancerDescriptions![0]!.LoadBalancerName, page1.LoadBalancerDescriptions![0]!.LoadBalancerName);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: other }));
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
  await assertAwsError(client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] })), { code: 'LoadBalancerNotFound', status: 400 });
});

test('policies: types are described, cookie and proxy policies attach where AWS allows, unknown names are PolicyNotFound', async () => {
  const n = name('pol');
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }, { Protocol: 'TCP', LoadBalancerPort: 2525, InstancePort: 25 }], AvailabilityZones: [subnets[0]!.zone] }));
  const types = (await client.send(new elb.DescribeLoadBalancerPolicyTypesCommand({ PolicyTypeNames: ['ProxyProtocolPolicyType'] }))).PolicyTypeDescriptions!;
  assert.deepEqual(types[0]!.PolicyAttributeTypeDescriptions, [{ AttributeName: 'ProxyProtocol', AttributeType: 'Boolean', Cardinality: 'ONE' }]);
  await assertAwsError(client.send(new elb.DescribeLoadBalancerPolicyTypesCommand({ PolicyTypeNames: ['NoSuchType'] })), { code: 'PolicyTypeNotFound', status: 400 });
  await client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'proxy', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] }));
  await assertAwsError(client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'proxy', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] })), { code: 'DuplicatePolicyName', status: 400 });
  await client.send(new elb.CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'sticky', CookieExpirationPeriod: 60 }));
  await client.send(new elb.CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'app', CookieName: 'SESSION' }));
  await assertAwsError(client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 2525, PolicyNames: ['sticky'] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await assertAwsError(client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 80, PolicyNames: ['missing'] })), { code: 'PolicyNotFound', status: 400 });
  await client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 80, PolicyNames: ['sticky'] }));
  await client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 25, PolicyNames: ['proxy'] }));
  await assertAwsError(client.send(new elb.DeleteLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'proxy' })), { code: 'InvalidConfigurationRequest', status: 409 });
  const d = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!;
  assert.deepEqual(d.Policies, { AppCookieStickinessPolicies: [{ PolicyName: 'app', CookieName: 'SESSION' }], LBCookieStickinessPolicies: [{ PolicyName: 'sticky', CookieExpirationPeriod: 60 }], OtherPolicies: ['proxy'] });
  assert.deepEqual(d.BackendServerDescriptions, [{ InstancePort: 25, PolicyNames: ['proxy'] }]);
  assert.deepEqual(d.ListenerDescriptions!.find((l) => l.Listener!.LoadBalancerPort === 80)!.PolicyNames, ['sticky']);
  const described = (await client.send(new elb.DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: n, PolicyNames: ['proxy'] }))).PolicyDescriptions!;
  assert.deepEqual(described, [{ PolicyName: 'proxy', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] }]);
  await assertAwsError(client.send(new elb.DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: n, PolicyNames: ['gone'] })), { code: 'PolicyNotFound', status: 400 });
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('HTTP listener: health checks on the runtime clock, each node forwards to its own AZ until cross-zone is on, 503 when none is InService', async () => {
  const n = name('http');
  const a = await instance(subnets[0]!.id);
  const b = await instance(subnets[1]!.id);
  const status = { a: 200, b: 200 };
  await httpBackend(a.address, 8080, 'a', () => status.a);
  await httpBackend(b.address, 8080, 'b', () => status.b);
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8000, InstancePort: 8080 }], Subnets: [subnets[0]!.id, subnets[1]!.id] }));
  await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:8080/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  const registered = await client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }, { InstanceId: b.id }] }));
  assert.deepEqual(registered.Instances, [{ InstanceId: a.id }, { InstanceId: b.id }]);
  assert.deepEqual((await health(n)).get(a.id), { InstanceId: a.id, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.' });
  await advanceUntil('both InService', 5, async () => [...(await health(n)).values()].every((s) => s.State === 'InService'));
  assert.deepEqual((await health(n)).get(b.id), { InstanceId: b.id, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' });

  const [nodeA, nodeB] = await nodes(n);
  assert.equal(nodeA!.zone, subnets[0]!.zone);
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

  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  const labels = new Set<string>();
  for (let i = 0; i < 4; i++) labels.add(JSON.parse((await get(boundA, '/')).body).label);
  assert.deepEqual([...labels].sort(), ['a', 'b'], 'cross-zone on: node a round-robins over both zones');

  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: false } } }));
  status.a = 500;
  await advanceUntil('a OutOfService', 5, async () => (await health(n)).get(a.id)?.State === 'OutOfService');
  assert.deepEqual((await health(n)).get(a.id), { InstanceId: a.id, State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' });
  const refused = await get(boundA, '/');
  assert.equal(refused.status, 503, 'no fail-open on a Classic Load Balancer');
  assert.equal(JSON.parse((await get(boundB, '/')).body).label, 'b');

  await client.send(new elb.DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: b.id }] }));
  assert.deepEqual((await health(n)).get(b.id), undefined);
  assert.equal((await client.send(new elb.DescribeInstanceHealthCommand({ LoadBalancerName: n, Instances: [{ InstanceId: b.id }] }))).InstanceStates![0]!.Description, 'Instance is not currently registered with the LoadBalancer.');
  assert.equal((await get(boundB, '/')).status, 503);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('LB cookie stickiness sets AWSELB once and keeps a client on its instance; application cookies get an AWSELB cookie beside them', async () => {
  const n = name('stick');
  const a = await instance(subnets[0]!.id);
  const b = await instance(subnets[1]!.id);
  await httpBackend(a.address, 8081, 'a', () => 200);
  await httpBackend(b.address, 8081, 'b', () => 200);
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8001, InstancePort: 8081 }], Subnets: [subnets[0]!.id, subnets[1]!.id] }));
  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:8081', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }, { InstanceId: b.id }] }));
  await advanceUntil('both InService', 5, async () => [...(await health(n)).values()].every((s) => s.State === 'InService'));
  await client.send(new elb.CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'lb', CookieExpirationPeriod: 120 }));
  await client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 8001, PolicyNames: ['lb'] }));
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

  await client.send(new elb.CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: n, PolicyName: 'app', CookieName: 'SESSION' }));
  await client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 8001, PolicyNames: ['app'] }));
  const plain = await get(bound, '/');
  assert.equal((plain.headers['set-cookie'] ?? []).some((c) => c.startsWith('AWSELB=')), false, 'no application cookie, no AWSELB');
  const login = await get(bound, '/login');
  assert.deepEqual((login.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]), ['SESSION', 'AWSELB']);

  // Without kumo's DNS, HTTP to the gateway whose Host is the DNSName reaches the load balancer's listener.
  const dns = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.DNSName!;
  const viaGateway = await get(new URL(kumo.url).host, '/', { host: `${dns}:8001` });
  assert.equal(viaGateway.status, 200);
  assert.ok(['a', 'b'].includes(JSON.parse(viaGateway.body).label));
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('TCP listener with a ProxyProtocolPolicyType policy on the backend port sends the PROXY v1 line before the client bytes', async () => {
  const n = name('tcp');
  const a = await instance(subnets[0]!.id);
  const received: Buffer[] = [];
  const server = net.createServer((s) => {
    s.on('data', (d: Buffer) => {
      received.push(d);
      s.write('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(7000, a.address, () => r()));
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 7100, InstancePort: 7000 }], Subnets: [subnets[0]!.id] }));
  await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:7000', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await advanceUntil('InService', 5, async () => (await health(n)).get(a.id)?.State === 'InService');
  await client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'pp', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] }));
  await client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 7000, PolicyNames: ['pp'] }));
  const node = (await nodes(n))[0]!;
  const [host, port] = node.listeners[0]!.bound.split(':');
  received.length = 0;
  const sock = await until('the node to accept', async () => {
    const s = net.connect({ host, port: Number(port) });
    return new Promise<net.Socket | undefined>((resolve) => {
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
  });
  sock.write('hello');
  await new Promise<void>((resolve) => sock.once('data', () => resolve()));
  const text = Buffer.concat(received).toString('latin1');
  assert.equal(text, `PROXY TCP4 127.0.0.1 ${node.address} ${sock.localPort} 7100\r\nhello`);
  sock.destroy();
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('HTTPS listener terminates TLS with a certificate from kumo\'s CA and forwards HTTP with X-Forwarded-Proto https', async () => {
  const n = name('tls');
  const a = await instance(subnets[0]!.id);
  await httpBackend(a.address, 8082, 'a', () => 200);
  await client.send(new elb.CreateLoadBalancerCommand({
    LoadBalancerName: n, Subnets: [subnets[0]!.id],
    Listeners: [{ Protocol: 'HTTPS', LoadBalancerPort: 8443, InstancePort: 8082, SSLCertificateId: 'arn:aws:iam::000000000000:server-certificate/test' }],
  }));
  await assertAwsError(client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'SSL', LoadBalancerPort: 8444, InstancePort: 8082 }] })), { code: 'CertificateNotFound', status: 400 });
  await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:8082/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await advanceUntil('InService', 5, async () => (await health(n)).get(a.id)?.State === 'InService');
  const ca = await (await fetch(`${kumo.url}/_kumo/ca.pem`)).text();
  const [host, port] = (await nodes(n))[0]!.listeners[0]!.bound.split(':');
  const dns = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.DNSName!;
  const body = await until('the TLS node to answer', () => new Promise<string | undefined>((resolve) => {
    https.get({ host, port: Number(port), path: '/', ca, servername: dns, headers: { host: dns }, agent: false }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c.toString()));
      res.on('end', () => resolve(b));
    }).on('error', () => resolve(undefined));
  }));
  const seen = JSON.parse(body) as { label: string; headers: Record<string, string> };
  assert.equal(seen.label, 'a');
  assert.equal(seen.headers['x-forwarded-proto'], 'https');
  assert.equal(seen.headers['x-forwarded-port'], '8443');
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('connection draining keeps a deregistered instance\'s TCP connection open until the timeout passes on the runtime clock', async () => {
  const n = name('drain');
  const a = await instance(subnets[0]!.id);
  const server = net.createServer((s) => s.on('data', (d: Buffer) => s.write(d)));
  servers.push(server);
  await new Promise<void>((r) => server.listen(7001, a.address, () => r()));
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 7101, InstancePort: 7001 }], Subnets: [subnets[0]!.id] }));
  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 60 } } }));
  await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:7001', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await advanceUntil('InService', 5, async () => (await health(n)).get(a.id)?.State === 'InService');
  const [host, port] = (await nodes(n))[0]!.listeners[0]!.bound.split(':');
  const sock = await until('the node to accept', () => new Promise<net.Socket | undefined>((resolve) => {
    const s = net.connect({ host, port: Number(port) });
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(undefined));
  }));
  const echo = (text: string) => new Promise<string>((resolve) => {
    sock.once('data', (d: Buffer) => resolve(d.toString()));
    sock.write(text);
  });
  assert.equal(await echo('one'), 'one');
  let closed = false;
  sock.on('close', () => (closed = true));
  await client.send(new elb.DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await kumo.advance(30);
  assert.equal(await echo('two'), 'two', 'still open while draining');
  await kumo.advance(31);
  await until('the drained connection to close', async () => closed);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test("AWS's cross-zone example: 2 instances in one AZ and 8 in the other get 25 % and 6.25 % off, 10 % each on", async () => {
  const n = name('xzone');
  const inA = await Promise.all([0, 1].map(() => instance(subnets[0]!.id)));
  const inB = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => instance(subnets[1]!.id)));
  const all = [...inA, ...inB];
  await Promise.all(all.map((i) => httpBackend(i.address, 8083, i.id, () => 200)));
  await client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8002, InstancePort: 8083 }], Subnets: [subnets[0]!.id, subnets[1]!.id] }));
  await client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:8083', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: all.map((i) => ({ InstanceId: i.id })) }));
  await advanceUntil('all InService', 5, async () => [...(await health(n)).values()].filter((s) => s.State === 'InService').length === 10);
  const bound = (await nodes(n)).map((node) => node.listeners[0]!.bound);
  await until('both nodes to listen', async () => (await Promise.all(bound.map((b) => get(b, '/').catch(() => undefined)))).every((r) => r?.status === 200));
  // Clients split evenly over the two nodes: 40 requests each.
  const share = async (): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      for (const b of bound) {
        const label = JSON.parse((await get(b, '/')).body).label as string;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
    }
    return counts;
  };
  const off = await share();
  for (const i of inA) assert.equal(off.get(i.id), 20, 'cross-zone off: 25 % to each instance of the 2-instance zone');
  for (const i of inB) assert.equal(off.get(i.id), 5, 'cross-zone off: 6.25 % to each instance of the 8-instance zone');
  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  const on = await share();
  for (const i of all) assert.equal(on.get(i.id), 8, 'cross-zone on: 10 % each');
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

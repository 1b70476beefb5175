// Application Load Balancers end to end: the elbv2 control plane through SDK v3 (AWS's shapes, defaults, idempotent
// creates and errors) and the data plane through node:http to backends the test starts on 127.0.0.1: rules,
// round robin, X-Forwarded-* headers, health checks on the runtime clock, fail-open, 503 and draining.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingV2Client;
let subnets: Array<{ id: string; zone: string }> = [];
let vpcId = '';
const backends: http.Server[] = [];
const healthStatus = new Map<number, number>();

function startBackend(name: string): Promise<number> {
  const server = http.createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    if (req.url === '/health') {
      res.writeHead(healthStatus.get(port) ?? 200);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, url: req.url, headers: req.headers }));
  });
  backends.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

before(async () => {
  kumo = await startTestKumo();
  client = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnets = (out.Subnets ?? []).map((s) => ({ id: s.SubnetId!, zone: s.AvailabilityZone! })).sort((a, b) => a.zone.localeCompare(b.zone));
  vpcId = out.Subnets![0]!.VpcId!;
});
after(async () => {
  for (const b of backends) b.closeAllConnections();
  await Promise.all(backends.map((b) => new Promise<void>((r) => b.close(() => r()))));
  await kumo.stop();
});

async function activeLb(arn: string): Promise<elb.LoadBalancer> {
  for (let i = 0; i < 50; i++) {
    const lb = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers![0]!;
    if (lb.State?.Code !== 'provisioning') return lb;
  }
  throw new Error('load balancer stayed provisioning');
}

function get(address: string, port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: address, port, path, headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

test('CreateLoadBalancer answers AWS shapes, is idempotent, and refuses bad names and single-AZ ALBs', async () => {
  const name = uniqueName('alb').slice(0, 32);
  const created = (await client.send(new elb.CreateLoadBalancerCommand({ Name: name, Subnets: [subnets[0]!.id, subnets[1]!.id] }))).LoadBalancers![0]!;
  assert.match(created.LoadBalancerArn!, new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:\\d{12}:loadbalancer/app/${name}/[0-9a-f]{16}$`));
  assert.match(created.DNSName!, new RegExp(`^${name}-\\d+\\.us-east-1\\.elb\\.amazonaws\\.com$`));
  assert.equal(created.CanonicalHostedZoneId, 'Z35SXDOTRQ7X7K');
  assert.equal(created.State?.Code, 'provisioning');
  assert.equal(created.Scheme, 'internet-facing');
  assert.deepEqual(created.AvailabilityZones!.map((z) => z.ZoneName), [subnets[0]!.zone, subnets[1]!.zone]);
  assert.equal((await activeLb(created.LoadBalancerArn!)).State?.Code, 'active');
  const again = (await client.send(new elb.CreateLoadBalancerCommand({ Name: name, Subnets: [subnets[1]!.id, subnets[0]!.id] }))).LoadBalancers![0]!;
  assert.equal(again.LoadBalancerArn, created.LoadBalancerArn);
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ Name: name, Subnets: [subnets[0]!.id, subnets[1]!.id], Scheme: 'internal' })), {
    code: 'DuplicateLoadBalancerName', status: 400, message: `A load balancer with the same name '${name}' exists, but with different settings`,
  });
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ Name: 'internal-x', Subnets: [subnets[0]!.id, subnets[1]!.id] })), { code: 'ValidationError', status: 400 });
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ Name: '-edge', Subnets: [subnets[0]!.id, subnets[1]!.id] })), { code: 'ValidationError', status: 400 });
  await assertAwsError(client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('one').slice(0, 32), Subnets: [subnets[0]!.id] })), {
    code: 'InvalidConfigurationRequest', status: 400, message: 'At least two subnets in two different Availability Zones must be specified',
  });
  const nlb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('nlb').slice(0, 32), Type: 'network', Scheme: 'internal', Subnets: [subnets[0]!.id] }))).LoadBalancers![0]!;
  assert.match(nlb.DNSName!, /^internal-.+-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
  assert.equal(nlb.CanonicalHostedZoneId, 'Z26RNL4JYFTOTI');
  const attrs = (await client.send(new elb.DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: created.LoadBalancerArn! }))).Attributes!;
  assert.equal(attrs.find((a) => a.Key === 'idle_timeout.timeout_seconds')?.Value, '60');
  await assertAwsError(client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: created.LoadBalancerArn!, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '0' }] })), { code: 'InvalidConfigurationRequest', status: 400 });
  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: created.LoadBalancerArn!, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
  await assertAwsError(client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: created.LoadBalancerArn! })), { code: 'OperationNotPermitted', status: 400 });
  await client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: created.LoadBalancerArn!, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }));
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: created.LoadBalancerArn! }));
  await assertAwsError(client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerArns: [created.LoadBalancerArn!] })), { code: 'LoadBalancerNotFound', status: 400 });
});

test('target groups get ALB defaults, duplicates are refused, and a group in use cannot be deleted', async () => {
  const name = uniqueName('tg').slice(0, 32);
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  assert.deepEqual([tg.HealthCheckPath, tg.HealthCheckIntervalSeconds, tg.HealthCheckTimeoutSeconds, tg.HealthyThresholdCount, tg.UnhealthyThresholdCount, tg.Matcher?.HttpCode, tg.HealthCheckPort], ['/', 30, 5, 5, 2, '200', 'traffic-port']);
  const same = (await client.send(new elb.CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  assert.equal(same.TargetGroupArn, tg.TargetGroupArn);
  await assertAwsError(client.send(new elb.CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 81, VpcId: vpcId, TargetType: 'ip' })), {
    code: 'DuplicateTargetGroupName', status: 400, message: `A target group with the same name '${name}' exists, but with different settings`,
  });
  const attrs = (await client.send(new elb.DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn! }))).Attributes!;
  assert.equal(attrs.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value, '300');
  await assertAwsError(client.send(new elb.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn!, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3601' }] })), { code: 'InvalidConfigurationRequest', status: 400 });
  await assertAwsError(client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: 8080 }] })), { code: 'InvalidTarget', status: 400 });
  const itg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('inst').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId }))).TargetGroups![0]!;
  assert.equal(itg.TargetType, 'instance');
  await assertAwsError(client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: itg.TargetGroupArn!, Targets: [{ Id: 'i-0123456789abcdef0' }] })), {
    code: 'InvalidTarget', status: 400, message: "The following targets are not valid instances: 'i-0123456789abcdef0'",
  });
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('inuse').slice(0, 32), Subnets: [subnets[0]!.id, subnets[1]!.id] }))).LoadBalancers![0]!;
  const port = 21000 + Math.floor(Math.random() * 9000);
  const listener = (await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }))).Listeners![0]!;
  await client.send(new elb.CreateRuleCommand({ ListenerArn: listener.ListenerArn!, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/a/*'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }));
  await assertAwsError(client.send(new elb.CreateRuleCommand({ ListenerArn: listener.ListenerArn!, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/b'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] })), {
    code: 'PriorityInUse', status: 400, message: "Priority '10' is currently in use",
  });
  const rules = (await client.send(new elb.DescribeRulesCommand({ ListenerArn: listener.ListenerArn! }))).Rules!;
  assert.deepEqual(rules.map((r) => [r.Priority, r.IsDefault]), [['10', false], ['default', true]]);
  await assertAwsError(client.send(new elb.DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn! })), {
    code: 'ResourceInUse', status: 400, message: `Target group '${tg.TargetGroupArn}' is currently in use by a listener or a rule`,
  });
  const described = (await client.send(new elb.DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] }))).TargetGroups![0]!;
  assert.deepEqual(described.LoadBalancerArns, [lb.LoadBalancerArn]);
  await client.send(new elb.AddTagsCommand({ ResourceArns: [tg.TargetGroupArn!, lb.LoadBalancerArn!], Tags: [{ Key: 'team', Value: 'web' }] }));
  const tags = (await client.send(new elb.DescribeTagsCommand({ ResourceArns: [tg.TargetGroupArn!] }))).TagDescriptions![0]!.Tags;
  assert.deepEqual(tags, [{ Key: 'team', Value: 'web' }]);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
  await client.send(new elb.DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn! }));
});

test('an ALB routes by rules, round-robins healthy targets with forwarded headers, fails open, answers 503 and drains', async () => {
  const [p1, p2] = [await startBackend('one'), await startBackend('two')];
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('live').slice(0, 32), Subnets: [subnets[0]!.id, subnets[1]!.id] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('livetg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip', HealthCheckPath: '/health' }))).TargetGroups![0]!;
  const awsPort = 21000 + Math.floor(Math.random() * 9000);
  const listener = (await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }))).Listeners![0]!;
  await client.send(new elb.CreateRuleCommand({ ListenerArn: listener.ListenerArn!, Priority: 5, Conditions: [{ Field: 'path-pattern', Values: ['/static/*'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'teapot' } }] }));
  await client.send(new elb.CreateRuleCommand({ ListenerArn: listener.ListenerArn!, Priority: 6, Conditions: [{ Field: 'host-header', Values: ['old.example.com'] }], Actions: [{ Type: 'redirect', RedirectConfig: { Host: 'new.example.com', StatusCode: 'HTTP_301' } }] }));
  await activeLb(lb.LoadBalancerArn!);
  const endpoints = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ zone: string; address: string; listeners: Array<{ bound: string }> }> }> };
  const mine = endpoints.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!;
  assert.equal(mine.nodes.length, 2);
  const node = mine.nodes[0]!;
  assert.match(node.address, /^127\.77\./);
  assert.equal(node.listeners[0]!.bound, `${node.address}:${awsPort}`);

  // No targets yet: ALB's own 503.
  const empty = await get(node.address, awsPort, '/');
  assert.equal(empty.status, 503);
  assert.equal(empty.headers.server, 'awselb/2.0');

  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: p1, AvailabilityZone: 'all' }, { Id: '127.0.0.1', Port: p2, AvailabilityZone: 'all' }] }));
  const initial = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions!;
  assert.deepEqual(initial.map((d) => [d.TargetHealth?.State, d.TargetHealth?.Reason]), [['initial', 'Elb.RegistrationInProgress'], ['initial', 'Elb.RegistrationInProgress']]);
  await kumo.advance(1);
  const healthy = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions!;
  assert.deepEqual(healthy.map((d) => d.TargetHealth?.State), ['healthy', 'healthy']); // one pass on an ALB

  const names: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await get(node.address, awsPort, `/x?i=${i}`, { host: 'app.example.com', 'x-forwarded-for': '203.0.113.9' });
    const seen = JSON.parse(res.body);
    names.push(seen.name);
    assert.equal(seen.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(seen.headers['x-forwarded-proto'], 'http');
    assert.equal(seen.headers['x-forwarded-port'], String(awsPort));
    assert.match(seen.headers['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(seen.headers.host, `app.example.com:${awsPort}`);
  }
  assert.deepEqual(names.sort(), ['one', 'one', 'two', 'two']);

  // Without kumo's DNS: the gateway forwards a request whose Host is the DNSName (or LocalStack's alias).
  const gw = new URL(kumo.url);
  const viaGateway = await get(gw.hostname, Number(gw.port), '/via', { host: `${lb.DNSName}:${awsPort}` });
  assert.equal(JSON.parse(viaGateway.body).url, '/via');
  const viaAlias = await get(gw.hostname, Number(gw.port), '/static/x', { host: `${lb.LoadBalancerName}.elb.localhost.localstack.cloud` });
  assert.equal(viaAlias.status, 418);

  const fixed = await get(node.address, awsPort, '/static/a.css');
  assert.deepEqual([fixed.status, fixed.body, fixed.headers.server], [418, 'teapot', 'awselb/2.0']);
  const moved = await get(node.address, awsPort, '/p?q=1', { host: 'old.example.com' });
  assert.deepEqual([moved.status, moved.headers.location], [301, `http://new.example.com:${awsPort}/p?q=1`]);

  // Target two fails its checks twice: unhealthy with AWS's reason; traffic goes to one only.
  healthStatus.set(p2, 500);
  await kumo.advance(30);
  await kumo.advance(30);
  const after2 = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: p2 }] }))).TargetHealthDescriptions![0]!;
  assert.deepEqual(after2.TargetHealth, { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [500]' });
  for (let i = 0; i < 3; i++) assert.equal(JSON.parse((await get(node.address, awsPort, '/')).body).name, 'one');

  // Both unhealthy: fail open, both get traffic.
  healthStatus.set(p1, 404);
  await kumo.advance(30);
  await kumo.advance(30);
  const openNames = new Set<string>();
  for (let i = 0; i < 4; i++) openNames.add(JSON.parse((await get(node.address, awsPort, '/')).body).name);
  assert.deepEqual([...openNames].sort(), ['one', 'two']);

  // Deregistration: draining for the delay, then gone.
  await client.send(new elb.DeregisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: p2 }] }));
  const draining = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: p2 }] }))).TargetHealthDescriptions![0]!;
  assert.deepEqual(draining.TargetHealth, { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
  for (let i = 0; i < 3; i++) assert.equal(JSON.parse((await get(node.address, awsPort, '/')).body).name, 'one');
  await kumo.advance(301);
  const gone = (await client.send(new elb.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions!;
  assert.equal(gone.length, 1);
});

test('DescribeAccountLimits pages AWS default quotas by PageSize and Marker', async () => {
  const first = await client.send(new elb.DescribeAccountLimitsCommand({ PageSize: 20 }));
  assert.equal(first.Limits!.length, 20);
  assert.deepEqual(first.Limits![0], { Name: 'target-groups', Max: '3000' });
  const rest = await client.send(new elb.DescribeAccountLimitsCommand({ Marker: first.NextMarker! }));
  assert.deepEqual(rest.Limits!.map((l) => l.Name), ['gateway-load-balancers-per-vpc', 'geneve-target-groups', 'targets-per-availability-zone-per-gateway-load-balancer']);
  assert.equal(rest.NextMarker, undefined);
});

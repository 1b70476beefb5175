// Load balancer and CloudFront names in kumo's DNS, over real UDP on loopback: ALB and NLB DNSNames answer their
// nodes (AAAA for dualstack ones, an unhealthy zone's node left out), distributions answer the edge, and Route 53
// aliases to them (checked as Route 53 checks them) follow the load balancer's target health.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { queryUdp, type DnsReply } from '../../support/dns-query.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';
import { customOriginConfig } from '../cloudfront/cloudfront-support.js';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let h: Route53Harness;
let lbs: elb.ElasticLoadBalancingV2Client;
let subnets: string[] = [];
let vpcId = '';
let backend: http.Server;
let backendPort = 0;
let backendStatus = 200;
/** Backends per AZ for the zonal DNS failover test: health status each answers on /health. */
const zonal: Array<{ server: http.Server; port: number; status: number }> = [];

before(async () => {
  h = await startRoute53();
  lbs = new elb.ElasticLoadBalancingV2Client({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnets = (out.Subnets ?? []).sort((x, y) => x.AvailabilityZone!.localeCompare(y.AvailabilityZone!)).map((s) => s.SubnetId!);
  vpcId = out.Subnets![0]!.VpcId!;
  ec2c.destroy();
  backend = http.createServer((req, res) => {
    res.writeHead(req.url === '/health' ? backendStatus : 200);
    res.end('backend');
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
  backendPort = (backend.address() as AddressInfo).port;
  for (let i = 0; i < 2; i++) {
    const entry = { server: http.createServer(), port: 0, status: 200 };
    entry.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(req.url === '/health' ? entry.status : 200);
      res.end(`zone ${i}`);
    });
    await new Promise<void>((r) => entry.server.listen(0, '127.0.0.1', () => r()));
    entry.port = (entry.server.address() as AddressInfo).port;
    zonal.push(entry);
  }
});

after(async () => {
  for (const server of [backend, ...zonal.map((z) => z.server)]) {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  lbs.destroy();
  await h.close();
});

/** One raw UDP query (dns-packet), so flags and TTLs can be checked. */
const query = (name: string, type = 'A'): Promise<DnsReply> => queryUdp(h.dnsPort, name, type);

/** Polls DNS (through node's resolver) until `name` answers exactly `expected`, sorted. */
async function resolvesTo(name: string, expected: string[]): Promise<void> {
  const resolver = h.resolver();
  let last: string[] | string = [];
  try {
    await until(`${name} → ${expected.join(',')}`, async () => {
      last = await resolver.resolve4(name).then((r) => r.sort(), (e: Error) => e.message);
      return JSON.stringify(last) === JSON.stringify([...expected].sort());
    });
  } catch (e) {
    throw new Error(`${(e as Error).message}; last answer ${JSON.stringify(last)}`);
  }
}

/** One spelling of an IPv6 address (dns-packet prints ::ffff:7f4d:5 for ::ffff:127.77.0.5): the URL host's. */
function ipv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname;
}

async function nodeAddresses(lbArn: string): Promise<string[]> {
  const view = (await (await fetch(`${h.kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string }> }> };
  return [...new Set(view.loadBalancers.find((l) => l.loadBalancerArn === lbArn)!.nodes.map((n) => n.address))].sort();
}

test("An ALB's DNSName resolves to its nodes; an alias with EvaluateTargetHealth fails over when its targets fail", async () => {
  const lb = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('dns').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  const tg = (await lbs.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('dnstg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip', HealthCheckPath: '/health' }))).TargetGroups![0]!;
  const awsPort = 21000 + Math.floor(Math.random() * 9000);
  await lbs.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  const nodes = await nodeAddresses(lb.LoadBalancerArn!);
  await resolvesTo(lb.DNSName!, nodes);
  await resolvesTo(`dualstack.${lb.DNSName!}`, nodes);
  const direct = await query(lb.DNSName!.toUpperCase());
  assert.deepEqual([direct.rcode, direct.aa, direct.answers[0]!.ttl], ['NOERROR', true, 60]);
  // The resolved address reaches the load balancer, which forwards to the backend.
  await lbs.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: backendPort, AvailabilityZone: 'all' }] }));
  await h.kumo.advance(1);
  const [address] = await h.resolver().resolve4(lb.DNSName!);
  const body = await new Promise<string>((resolve, reject) => {
    http.get({ host: address, port: awsPort, path: '/', agent: false }, (res) => res.setEncoding('utf8').once('data', resolve)).on('error', reject);
  });
  assert.equal(body, 'backend');

  const zoneId = await h.zone('lb.example.com');
  const alias = { HostedZoneId: lb.CanonicalHostedZoneId!, DNSName: `dualstack.${lb.DNSName!}.`, EvaluateTargetHealth: true };
  await h.change(
    zoneId,
    { Action: 'CREATE', ResourceRecordSet: { Name: 'lb.example.com', Type: 'A', AliasTarget: alias } },
    { Action: 'CREATE', ResourceRecordSet: { Name: 'www.lb.example.com', Type: 'A', SetIdentifier: 'primary', Failover: 'PRIMARY', AliasTarget: alias } },
    a('www.lb.example.com', ['192.0.2.200'], { Action: 'CREATE', SetIdentifier: 'secondary', Failover: 'SECONDARY' }),
  );
  await resolvesTo('lb.example.com', nodes);
  await resolvesTo('www.lb.example.com', nodes);
  const viaAlias = await query('lb.example.com');
  assert.deepEqual([viaAlias.aa, viaAlias.answers[0]!.ttl], [true, 60], "an alias answers with the load balancer's TTL");

  // The only target fails its health checks: the load balancer is unhealthy, the failover answers the secondary.
  backendStatus = 500;
  for (let i = 0; i < 3; i++) await h.kumo.advance(30);
  await resolvesTo('www.lb.example.com', ['192.0.2.200']);
  await resolvesTo('lb.example.com', nodes); // a lone alias still answers (nothing else to answer)
  backendStatus = 200;
  for (let i = 0; i < 6; i++) await h.kumo.advance(30);
  await resolvesTo('www.lb.example.com', nodes);

  // Deleted: the name stops resolving (REFUSED: outside every zone), and the alias answers nothing.
  await lbs.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
  await until('the deleted load balancer to stop resolving', async () => (await query(lb.DNSName!)).rcode === 'REFUSED');
  assert.deepEqual((await query('lb.example.com')).answers, []);
});

test("An NLB's DNSName resolves to its nodes", async () => {
  const nlb = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('dnsnlb').slice(0, 32), Type: 'network', Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  assert.match(nlb.DNSName!, /\.elb\.us-east-1\.amazonaws\.com$/);
  await resolvesTo(nlb.DNSName!, await nodeAddresses(nlb.LoadBalancerArn!));
  const zoneId = await h.zone('nlb.example.com');
  await h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'tcp.nlb.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z26RNL4JYFTOTI', DNSName: nlb.DNSName!, EvaluateTargetHealth: false } } });
  await resolvesTo('tcp.nlb.example.com', await nodeAddresses(nlb.LoadBalancerArn!));
});

test("A Classic Load Balancer's DNSName resolves to its nodes, and an alias to it does too", async () => {
  const { ElasticLoadBalancingClient, CreateLoadBalancerCommand } = await import('@aws-sdk/client-elastic-load-balancing');
  const clb = new ElasticLoadBalancingClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const name = uniqueName('dnsclb').slice(0, 32);
    const { DNSName } = await clb.send(new CreateLoadBalancerCommand({ LoadBalancerName: name, AvailabilityZones: ['us-east-1a'], Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8080, InstanceProtocol: 'HTTP', InstancePort: 80 }] }));
    assert.match(DNSName!, /\.us-east-1\.elb\.amazonaws\.com$/);
    const view = (await (await fetch(`${h.kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerName?: string; type?: string; nodes: Array<{ address: string }> }> };
    const addresses = [...new Set(view.loadBalancers.find((l) => l.type === 'classic' && l.loadBalancerName === name)!.nodes.map((n) => n.address))];
    await resolvesTo(DNSName!, addresses);
    const zoneId = await h.zone('clb.example.com');
    // CLBs share ALB's hosted zone per region (Z35SXDOTRQ7X7K in us-east-1).
    await h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'www.clb.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: DNSName!, EvaluateTargetHealth: false } } });
    await resolvesTo('www.clb.example.com', addresses);
  } finally {
    clb.destroy();
  }
});

test('A CloudFront distribution name resolves to the edge; an alias to it does too, without EvaluateTargetHealth', async () => {
  const cf = new CloudFrontClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const d = (await cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig() }))).Distribution!;
    await resolvesTo(d.DomainName!, ['127.0.0.1']);
    const zoneId = await h.zone('cdn.example.com');
    await h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'cdn.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: d.DomainName!, EvaluateTargetHealth: false } } });
    await resolvesTo('cdn.example.com', ['127.0.0.1']);
    await assertAwsError(h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'www.cdn.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: d.DomainName!, EvaluateTargetHealth: true } } }), {
      code: 'InvalidChangeBatch',
      status: 400,
    });
  } finally {
    cf.destroy();
  }
});

test('Aliases to a missing load balancer, or to a name outside the target zone, are InvalidChangeBatch', async () => {
  const zoneId = await h.zone('bad.example.com');
  const create = (HostedZoneId: string, DNSName: string) => h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'x.bad.example.com', Type: 'A', AliasTarget: { HostedZoneId, DNSName, EvaluateTargetHealth: false } } });
  await assertAwsError(create('Z35SXDOTRQ7X7K', 'nope-1.us-east-1.elb.amazonaws.com'), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: 'Tried to create an alias that targets nope-1.us-east-1.elb.amazonaws.com., type A in zone Z35SXDOTRQ7X7K, but that target was not found',
  });
  await assertAwsError(create('Z35SXDOTRQ7X7K', 'nope-1.elb.us-east-1.amazonaws.com'), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: 'Tried to create an alias that targets nope-1.elb.us-east-1.amazonaws.com., type A in zone Z35SXDOTRQ7X7K, but the alias target name does not lie within the target zone',
  });
  const bare = zoneId.replace('/hostedzone/', '');
  await assertAwsError(create(bare, 'missing.bad.example.com'), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: `Tried to create an alias that targets missing.bad.example.com., type A in zone ${bare}, but that target was not found`,
  });
});

test("A dualstack ALB's dualstack name answers AAAA with its nodes' IPv4-mapped addresses, which reach the load balancer", async () => {
  const lb = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('dns6').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!], IpAddressType: 'dualstack' }))).LoadBalancers![0]!;
  const tg = (await lbs.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('dns6tg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const awsPort = 21000 + Math.floor(Math.random() * 9000);
  await lbs.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await lbs.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: backendPort, AvailabilityZone: 'all' }] }));
  await h.kumo.advance(30);
  const nodes = await nodeAddresses(lb.LoadBalancerArn!);
  const mapped = nodes.map((n) => `::ffff:${n}`);
  const v6 = async (name: string) => (await query(name, 'AAAA')).answers.map((x) => ipv6(x.data)).sort();
  await until('dualstack AAAA answers', async () => JSON.stringify(await v6(`dualstack.${lb.DNSName!}`)) === JSON.stringify(mapped.map(ipv6).sort()));
  await resolvesTo(`dualstack.${lb.DNSName!}`, nodes);
  // The plain DNSName answers A only; its AAAA is NODATA (authoritative, no records).
  const plain = await query(lb.DNSName!, 'AAAA');
  assert.deepEqual([plain.rcode, plain.aa, plain.answers.length], ['NOERROR', true, 0]);
  // An AAAA reaches the node's listener: HTTP over IPv6 to the mapped address is served by the load balancer.
  const [address] = await h.resolver().resolve6(`dualstack.${lb.DNSName!}`);
  const body = await new Promise<string>((resolve, reject) => {
    http.get({ host: address, family: 6, port: awsPort, path: '/', agent: false }, (res) => res.setEncoding('utf8').once('data', resolve)).on('error', reject);
  });
  assert.equal(body, 'backend');
  // An AAAA alias to the dualstack name answers the same; an ipv4 load balancer's dualstack name has no AAAA.
  const zoneId = await h.zone('v6.example.com');
  await h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'v6.example.com', Type: 'AAAA', AliasTarget: { HostedZoneId: lb.CanonicalHostedZoneId!, DNSName: `dualstack.${lb.DNSName!}`, EvaluateTargetHealth: true } } });
  assert.equal((await v6('v6.example.com')).length, nodes.length);
  const ipv4 = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('dns4').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  await resolvesTo(`dualstack.${ipv4.DNSName!}`, await nodeAddresses(ipv4.LoadBalancerArn!));
  assert.deepEqual((await query(`dualstack.${ipv4.DNSName!}`, 'AAAA')).answers, []);
});

test("With cross-zone off, a zone whose targets all fail leaves the load balancer's answers; all zones failing answer every node", async () => {
  const lb = (await lbs.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('dnsaz').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!], IpAddressType: 'dualstack' }))).LoadBalancers![0]!;
  const tg = (await lbs.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('dnsaztg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip', HealthCheckPath: '/health' }))).TargetGroups![0]!;
  await lbs.send(new elb.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn!, Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }] }));
  await lbs.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 21000 + Math.floor(Math.random() * 9000), DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  const view = (await (await fetch(`${h.kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ zone: string; address: string }> }> };
  const nodes = view.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!.nodes.sort((x, y) => x.zone.localeCompare(y.zone));
  assert.equal(nodes.length, 2);
  await lbs.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: nodes.map((n, i) => ({ Id: '127.0.0.1', Port: zonal[i]!.port, AvailabilityZone: n.zone })) }));
  for (let i = 0; i < 2; i++) await h.kumo.advance(30);
  const name = `dualstack.${lb.DNSName!}`;
  await resolvesTo(name, nodes.map((n) => n.address));

  // The second zone's only target fails: its node leaves the A and the AAAA answers.
  zonal[1]!.status = 500;
  for (let i = 0; i < 3; i++) await h.kumo.advance(30);
  await resolvesTo(name, [nodes[0]!.address]);
  const aaaa = (await query(name, 'AAAA')).answers.map((x) => ipv6(x.data));
  assert.deepEqual(aaaa, [ipv6(`::ffff:${nodes[0]!.address}`)]);

  // Both zones fail: the load balancer fails open and answers every node.
  zonal[0]!.status = 500;
  for (let i = 0; i < 3; i++) await h.kumo.advance(30);
  await resolvesTo(name, nodes.map((n) => n.address));
  zonal[0]!.status = 200;
  zonal[1]!.status = 200;
});

test("A bucket-named record aliased to its region's S3 website endpoint answers kumo's S3 address; another region's endpoint is outside the zone", async () => {
  const zoneId = await h.zone('site.example.com');
  await h.change(
    zoneId,
    { Action: 'CREATE', ResourceRecordSet: { Name: 'site.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z3AQBSTGFYJSTF', DNSName: 's3-website-us-east-1.amazonaws.com', EvaluateTargetHealth: false } } },
    { Action: 'CREATE', ResourceRecordSet: { Name: 'www.site.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z2O1EMRO9K5GLX', DNSName: 's3-website.us-east-2.amazonaws.com.', EvaluateTargetHealth: true } } },
  );
  await resolvesTo('site.example.com', ['127.0.0.1']);
  await resolvesTo('www.site.example.com', ['127.0.0.1']);
  await resolvesTo('s3-website-us-east-1.amazonaws.com', ['127.0.0.1']);
  await assertAwsError(h.change(zoneId, { Action: 'CREATE', ResourceRecordSet: { Name: 'old.site.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z3AQBSTGFYJSTF', DNSName: 's3-website-us-west-2.amazonaws.com', EvaluateTargetHealth: false } } }), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: 'Tried to create an alias that targets s3-website-us-west-2.amazonaws.com., type A in zone Z3AQBSTGFYJSTF, but the alias target name does not lie within the target zone',
  });
});

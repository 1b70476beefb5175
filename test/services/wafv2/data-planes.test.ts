// AWS WAF judging live traffic on loopback: a web ACL on a CloudFront distribution (WebACLId, then
// AssociateDistributionWebACL) and one associated with an ALB (AssociateWebACL), each driven by real HTTP
// requests: Block → 403, custom responses, CAPTCHA 405 / Challenge 202, body SQLi, inserted headers, samples.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as cf from '@aws-sdk/client-cloudfront';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as waf from '@aws-sdk/client-wafv2';
import { CACHING_DISABLED, customOriginConfig, startCloudFront, type CloudFrontHarness } from '../cloudfront/cloudfront-support.js';
import { edgePorts, startOrigin, viewerGet, type TestOrigin } from '../cloudfront/edge-support.js';
import { uniqueName } from '../../support/names.js';

let h: CloudFrontHarness;
let w: waf.WAFV2Client;
let origin: TestOrigin;
let ports: { http: number; https: number };

const VIS = (m: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: m });
const path = (s: string) => ({ SearchString: new TextEncoder().encode(s), FieldToMatch: { UriPath: {} }, TextTransformations: [{ Priority: 0, Type: 'NONE' as const }], PositionalConstraint: 'STARTS_WITH' as const });

/** The same six rules for both scopes: path blocks, a custom response, CAPTCHA, Challenge and SQLi in the body. */
function aclInput(name: string, scope: 'CLOUDFRONT' | 'REGIONAL'): waf.CreateWebACLCommandInput {
  return {
    Name: name, Scope: scope, VisibilityConfig: VIS(name),
    DefaultAction: { Allow: { CustomRequestHandling: { InsertHeaders: [{ Name: 'checked', Value: 'yes' }] } } },
    CustomResponseBodies: { slow: { ContentType: 'TEXT_PLAIN', Content: 'slow down' } },
    Rules: [
      { Name: 'admin', Priority: 0, Action: { Block: {} }, VisibilityConfig: VIS('admin'), Statement: { ByteMatchStatement: path('/admin') } },
      { Name: 'bots', Priority: 1, VisibilityConfig: VIS('bots'), Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'slow', ResponseHeaders: [{ Name: 'x-reason', Value: 'bot' }] } } },
        Statement: { ByteMatchStatement: { SearchString: new TextEncoder().encode('bot'), FieldToMatch: { SingleHeader: { Name: 'x-client' } }, TextTransformations: [{ Priority: 0, Type: 'NONE' }], PositionalConstraint: 'EXACTLY' } } },
      { Name: 'captcha', Priority: 2, Action: { Captcha: {} }, VisibilityConfig: VIS('captcha'), Statement: { ByteMatchStatement: path('/captcha') } },
      { Name: 'challenge', Priority: 3, Action: { Challenge: {} }, VisibilityConfig: VIS('challenge'), Statement: { ByteMatchStatement: path('/challenge') } },
      { Name: 'sqli', Priority: 4, Action: { Block: {} }, VisibilityConfig: VIS('sqli'), Statement: { SqliMatchStatement: { FieldToMatch: { Body: { OversizeHandling: 'CONTINUE' } }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }] } } },
    ],
  };
}

const ATTACK = "name=x' UNION SELECT password FROM users--";

before(async () => {
  h = await startCloudFront();
  w = new waf.WAFV2Client({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  ports = edgePorts(h.kumo);
  const echo = (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, headers: req.headers }));
    });
  };
  origin = await startOrigin({ '/': echo, '/admin': echo, '/form': echo, '/captcha': echo, '/challenge': echo });
});
after(async () => {
  w.destroy();
  await origin.close();
  await h.close();
});

test('a web ACL on a distribution judges every viewer request at the edge, before the cache and the origin', async () => {
  const acl = (await w.send(new waf.CreateWebACLCommand(aclInput(uniqueName('cfacl'), 'CLOUDFRONT')))).Summary!;
  const methods = { Quantity: 7, Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'] as cf.Method[], CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] as cf.Method[] } };
  const config = customOriginConfig('127.0.0.1', origin.port, { WebACLId: acl.ARN!, DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED, AllowedMethods: methods } });
  const d = (await h.cf.send(new cf.CreateDistributionCommand({ DistributionConfig: config }))).Distribution!;
  const host = d.DomainName!;

  const before = origin.count('/admin');
  const blocked = await viewerGet(ports.http, host, '/admin');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.headers['x-cache'], 'Error from cloudfront');
  assert.match(blocked.body, /Request blocked/);
  assert.equal(origin.count('/admin'), before, 'a blocked request never reaches the origin');

  const custom = await viewerGet(ports.http, host, '/', { headers: { 'x-client': 'bot' } });
  assert.equal(custom.status, 429);
  assert.equal(custom.headers['x-reason'], 'bot');
  assert.equal(custom.body, 'slow down');

  const captcha = await viewerGet(ports.http, host, '/captcha');
  assert.equal(captcha.status, 405);
  assert.equal(captcha.headers['x-amzn-waf-action'], 'captcha');
  const challenge = await viewerGet(ports.http, host, '/challenge');
  assert.equal(challenge.status, 202);
  assert.equal(challenge.headers['x-amzn-waf-action'], 'challenge');

  const sqli = await viewerGet(ports.http, host, '/form', { method: 'POST', body: ATTACK, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(sqli.status, 403);
  const fine = await viewerGet(ports.http, host, '/form', { method: 'POST', body: 'name=Bob', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(fine.status, 200);
  assert.equal(JSON.parse(fine.body).headers['x-amzn-waf-checked'], 'yes', 'the default action inserts x-amzn-waf-checked');

  const now = new Date(Date.now() + 60_000);
  const samples = await w.send(new waf.GetSampledRequestsCommand({ WebAclArn: acl.ARN!, RuleMetricName: 'admin', Scope: 'CLOUDFRONT', TimeWindow: { StartTime: new Date(0), EndTime: now }, MaxItems: 100 }));
  assert.equal(samples.PopulationSize, 1);
  assert.equal(samples.SampledRequests![0]!.Action, 'BLOCK');
  assert.equal(samples.SampledRequests![0]!.Request!.URI, '/admin');
  assert.equal(samples.SampledRequests![0]!.Request!.ClientIP, '127.0.0.1');
  const all = await w.send(new waf.GetSampledRequestsCommand({ WebAclArn: acl.ARN!, RuleMetricName: acl.Name!, Scope: 'CLOUDFRONT', TimeWindow: { StartTime: new Date(0), EndTime: now }, MaxItems: 100 }));
  assert.deepEqual(all.SampledRequests!.map((s) => s.Action), ['BLOCK', 'BLOCK', 'CAPTCHA', 'CHALLENGE', 'BLOCK', 'ALLOW']);
});

test('AssociateDistributionWebACL puts a web ACL in front of a running distribution and Disassociate removes it', async () => {
  const acl = (await w.send(new waf.CreateWebACLCommand(aclInput(uniqueName('cfacl2'), 'CLOUDFRONT')))).Summary!;
  const d = (await h.cf.send(new cf.CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', origin.port, { DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED } }) }))).Distribution!;
  assert.equal((await viewerGet(ports.http, d.DomainName!, '/admin')).status, 200);
  const etag = (await h.cf.send(new cf.GetDistributionCommand({ Id: d.Id! }))).ETag!;
  const assoc = await h.cf.send(new cf.AssociateDistributionWebACLCommand({ Id: d.Id!, WebACLArn: acl.ARN!, IfMatch: etag }));
  assert.equal((await viewerGet(ports.http, d.DomainName!, '/admin')).status, 403);
  await h.cf.send(new cf.DisassociateDistributionWebACLCommand({ Id: d.Id!, IfMatch: assoc.ETag! }));
  assert.equal((await viewerGet(ports.http, d.DomainName!, '/admin')).status, 200);
});

function albGet(address: string, port: number, p: string, opts: { method?: string; body?: string; headers?: Record<string, string>; chunked?: boolean } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: address, port, path: p, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.chunked && opts.body) {
      // Two chunks: the WAF must decode chunked framing to see the attack.
      const half = Math.floor(opts.body.length / 2);
      req.write(opts.body.slice(0, half));
      req.end(opts.body.slice(half));
    } else req.end(opts.body);
  });
}

test('a web ACL associated with an ALB judges requests on its listener before the rules forward them', async () => {
  const client = new elb.ElasticLoadBalancingV2Client({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const subnets = (await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!));
    const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('wafalb').slice(0, 32), Subnets: [subnets[0]!.SubnetId!, subnets[1]!.SubnetId!] }))).LoadBalancers![0]!;
    const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('waftg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: subnets[0]!.VpcId!, TargetType: 'ip', HealthCheckPath: '/' }))).TargetGroups![0]!;
    const awsPort = 21000 + Math.floor(Math.random() * 9000);
    await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
    await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: origin.port, AvailabilityZone: 'all' }] }));
    await h.kumo.advance(1);
    let address = '';
    for (let i = 0; i < 100 && !address; i++) {
      const endpoints = (await (await fetch(`${h.kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string; listeners: unknown[] }> }> };
      const node = endpoints.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)?.nodes[0];
      if (node && node.listeners.length > 0) address = node.address;
      else await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(address, 'the ALB node is bound');
    assert.equal((await albGet(address, awsPort, '/admin')).status, 200, 'no web ACL yet');

    const acl = (await w.send(new waf.CreateWebACLCommand(aclInput(uniqueName('albacl'), 'REGIONAL')))).Summary!;
    await w.send(new waf.AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: lb.LoadBalancerArn! }));
    const blocked = await albGet(address, awsPort, '/admin');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.headers['server'], 'awselb/2.0');
    assert.match(blocked.body, /403 Forbidden/);
    const custom = await albGet(address, awsPort, '/', { headers: { 'x-client': 'bot' } });
    assert.deepEqual([custom.status, custom.headers['x-reason'], custom.body], [429, 'bot', 'slow down']);
    assert.equal((await albGet(address, awsPort, '/captcha')).status, 405);
    assert.equal((await albGet(address, awsPort, '/challenge')).headers['x-amzn-waf-action'], 'challenge');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal((await albGet(address, awsPort, '/form', { method: 'POST', body: ATTACK, headers: form })).status, 403);
    assert.equal((await albGet(address, awsPort, '/form', { method: 'POST', body: ATTACK, headers: form, chunked: true })).status, 403);
    const big = `name=${'a'.repeat(20_000)}`;
    const fine = await albGet(address, awsPort, '/form', { method: 'POST', body: big, headers: form });
    assert.equal(fine.status, 200, 'a long benign body is forwarded whole after its first 8 KB were inspected');
    const seen = JSON.parse(fine.body) as { headers: Record<string, string> };
    assert.equal(seen.headers['x-amzn-waf-checked'], 'yes');
    assert.equal(seen.headers['content-length'], String(big.length));

    const samples = await w.send(new waf.GetSampledRequestsCommand({ WebAclArn: acl.ARN!, RuleMetricName: 'sqli', Scope: 'REGIONAL', TimeWindow: { StartTime: new Date(0), EndTime: new Date(Date.now() + 60_000) }, MaxItems: 10 }));
    assert.equal(samples.PopulationSize, 2);
    assert.equal(samples.SampledRequests![0]!.Request!.Method, 'POST');

    await w.send(new waf.DisassociateWebACLCommand({ ResourceArn: lb.LoadBalancerArn! }));
    assert.equal((await albGet(address, awsPort, '/admin')).status, 200, 'disassociated: forwarded again');
    await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
  } finally {
    client.destroy();
    ec2c.destroy();
  }
});

test('each minute the edge publishes AWS/CloudFront and WAF publishes AWS/WAFV2 metrics through CloudWatch', async () => {
  const cw = new CloudWatchClient({ ...h.kumo.clientConfig(), maxAttempts: 1 });
  try {
    const name = uniqueName('metered');
    const acl = (await w.send(new waf.CreateWebACLCommand(aclInput(name, 'CLOUDFRONT')))).Summary!;
    const d = (await h.cf.send(new cf.CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', origin.port, { WebACLId: acl.ARN!, DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_DISABLED } }) }))).Distribution!;
    const start = new Date(Date.now() - 3600_000);
    assert.equal((await viewerGet(ports.http, d.DomainName!, '/admin')).status, 403);
    assert.equal((await viewerGet(ports.http, d.DomainName!, '/')).status, 200);
    assert.equal((await viewerGet(ports.http, d.DomainName!, '/')).status, 200);
    await h.kumo.advance(61);
    const end = new Date(Date.now() + 2 * 3600_000);
    const sum = async (namespace: string, metric: string, dims: { Name: string; Value: string }[], stat: 'Sum' | 'Average' = 'Sum') => {
      const out = await cw.send(new GetMetricStatisticsCommand({ Namespace: namespace, MetricName: metric, Dimensions: dims, StartTime: start, EndTime: end, Period: 60, Statistics: [stat] }));
      return out.Datapoints!.reduce((a, p) => a + (p[stat] ?? 0), 0);
    };
    const cfDims = [{ Name: 'DistributionId', Value: d.Id! }, { Name: 'Region', Value: 'Global' }];
    assert.equal(await sum('AWS/CloudFront', 'Requests', cfDims), 3);
    assert.ok(Math.abs((await sum('AWS/CloudFront', '4xxErrorRate', cfDims, 'Average')) - 100 / 3) < 0.01);
    assert.ok((await sum('AWS/CloudFront', 'BytesDownloaded', cfDims)) > 0);
    assert.equal(await sum('AWS/WAFV2', 'BlockedRequests', [{ Name: 'WebACL', Value: name }, { Name: 'Rule', Value: 'ALL' }]), 1);
    assert.equal(await sum('AWS/WAFV2', 'AllowedRequests', [{ Name: 'WebACL', Value: name }, { Name: 'Rule', Value: 'ALL' }]), 2);
    assert.equal(await sum('AWS/WAFV2', 'BlockedRequests', [{ Name: 'WebACL', Value: name }, { Name: 'Rule', Value: 'admin' }]), 1);
  } finally {
    cw.destroy();
  }
});

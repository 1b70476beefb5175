// ALB and NLB access logs in kumo's S3: enabling checks the bucket policy (ELB's account or log delivery service may
// PutObject) and writes AWS's test file; entries are delivered as gzip files named as AWS names them once the
// 5-minute interval has ended on the runtime clock; NLB logs TLS listeners only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { gunzipSync } from 'node:zlib';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import * as s3 from '@aws-sdk/client-s3';
import { startTestKumo, TEST_ACCOUNT, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingV2Client;
let s3c: s3.S3Client;
let subnets: string[] = [];
let vpcId = '';
let ca = '';
let backend: http.Server;
let backendPort = 0;
const bucket = uniqueName('elb-logs').toLowerCase();
const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/12345678-1234-1234-1234-123456789012';

before(async () => {
  kumo = await startTestKumo();
  client = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  s3c = new s3.S3Client({ ...kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnets = (out.Subnets ?? []).sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!)).map((s) => s.SubnetId!);
  vpcId = out.Subnets![0]!.VpcId!;
  ca = await (await fetch(`${kumo.url}/_kumo/ca.pem`)).text();
  await s3c.send(new s3.CreateBucketCommand({ Bucket: bucket }));
  backend = http.createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  backendPort = (backend.address() as AddressInfo).port;
});
after(async () => {
  backend.close();
  await kumo.stop();
});

function randomPort(): number {
  return 21000 + Math.floor(Math.random() * 9000);
}

async function nodeOf(lbArn: string, awsPort: number): Promise<{ address: string; port: number }> {
  return until('the listener to bind', async () => {
    const view = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string; listeners: Array<{ port: number; bound: string }> }> }> };
    const node = view.loadBalancers.find((l) => l.loadBalancerArn === lbArn)?.nodes[0];
    const bound = node?.listeners.find((l) => l.port === awsPort)?.bound;
    return node && bound ? { address: node.address, port: Number(bound.slice(bound.lastIndexOf(':') + 1)) } : undefined;
  });
}

function enableLogs(lbArn: string, prefix: string): elb.ModifyLoadBalancerAttributesCommand {
  return new elb.ModifyLoadBalancerAttributesCommand({
    LoadBalancerArn: lbArn,
    Attributes: [
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.bucket', Value: bucket },
      { Key: 'access_logs.s3.prefix', Value: prefix },
    ],
  });
}

/** The log files under the prefix, read back through the SDK (gunzipped). */
async function logFiles(prefix: string): Promise<Array<{ key: string; text: string }>> {
  const listed = await s3c.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/AWSLogs/${TEST_ACCOUNT}/elasticloadbalancing/us-east-1/` }));
  const out: Array<{ key: string; text: string }> = [];
  for (const o of listed.Contents ?? []) {
    const got = await s3c.send(new s3.GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
    out.push({ key: o.Key!, text: gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString() });
  }
  return out;
}

test('enabling ALB access logs needs a bucket policy letting ELB write, then writes ELBAccessLogTestFile', async () => {
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('logchk').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  await assertAwsError(client.send(enableLogs(lb.LoadBalancerArn!, 'alb')), { code: 'InvalidConfigurationRequest', status: 400, message: `Access Denied for bucket: ${bucket}. Please check S3bucket permission` });
  const attrs = (await client.send(new elb.DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn! }))).Attributes!;
  assert.equal(attrs.find((a) => a.Key === 'access_logs.s3.enabled')?.Value, 'false');
  // The ALB guide's policy for Regions before August 2022: the Region's ELB account may PutObject under the prefix.
  await s3c.send(
    new s3.PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/alb/AWSLogs/${TEST_ACCOUNT}/*` },
          { Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/nlb/AWSLogs/${TEST_ACCOUNT}/*` },
        ],
      }),
    }),
  );
  // The policy covers prefix alb only.
  await assertAwsError(client.send(enableLogs(lb.LoadBalancerArn!, 'other')), { code: 'InvalidConfigurationRequest', status: 400 });
  await client.send(enableLogs(lb.LoadBalancerArn!, 'alb'));
  const test = await s3c.send(new s3.GetObjectCommand({ Bucket: bucket, Key: `alb/AWSLogs/${TEST_ACCOUNT}/ELBAccessLogTestFile` }));
  assert.match(await test.Body!.transformToString(), /^Enable AccessLog for ELB: /);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('ALB access log entries reach S3 as AWS names the file once the 5-minute interval ends', async () => {
  const name = uniqueName('alblog').slice(0, 32);
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: name, Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('alblogtg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const awsPort = randomPort();
  const listener = (await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }))).Listeners![0]!;
  await client.send(new elb.CreateRuleCommand({ ListenerArn: listener.ListenerArn!, Priority: 7, Conditions: [{ Field: 'path-pattern', Values: ['/fixed'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', MessageBody: 'teapot' } }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: backendPort, AvailabilityZone: 'all' }] }));
  await client.send(enableLogs(lb.LoadBalancerArn!, 'alb'));
  await kumo.advance(1);
  const node = await nodeOf(lb.LoadBalancerArn!, awsPort);
  const get = async (path: string): Promise<number> => (await fetch(`http://${node.address}:${node.port}${path}`, { headers: { 'user-agent': 'logtest/1.0' } })).status;
  assert.equal(await get('/hello?x=1'), 200);
  assert.equal(await get('/fixed'), 418);
  const lbId = lb.LoadBalancerArn!.split(':loadbalancer/')[1]!;
  assert.deepEqual(await logFiles('alb'), [], 'nothing is delivered before the interval ends');
  await kumo.advance(300);
  const files = await until('the log file', async () => {
    const f = (await logFiles('alb')).filter((x) => x.key.includes(lbId.replace(/\//g, '.')));
    return f.length > 0 ? f : undefined;
  });
  assert.equal(files.length, 1);
  const file = files[0]!;
  const name_ = new RegExp(`^alb/AWSLogs/${TEST_ACCOUNT}/elasticloadbalancing/us-east-1/\\d{4}/\\d{2}/\\d{2}/${TEST_ACCOUNT}_elasticloadbalancing_us-east-1_${lbId.replace(/\//g, '\\.')}_\\d{8}T\\d{4}Z_${node.address.replace(/\./g, '\\.')}_[a-z0-9]{8}\\.log\\.gz$`);
  assert.match(file.key, name_);
  const lines = file.text.trim().split('\n');
  assert.equal(lines.length, 2);
  const forwarded = lines.find((l) => l.includes('/hello'))!;
  const fields = forwarded.match(/"[^"]*"|\S+/g)!;
  assert.equal(fields[0], 'http');
  assert.match(fields[1]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  assert.equal(fields[2], lbId);
  assert.match(fields[3]!, /^127\.0\.0\.1:\d+$/);
  assert.equal(fields[4], `127.0.0.1:${backendPort}`);
  assert.deepEqual([fields[8], fields[9]], ['200', '200']);
  assert.equal(fields[12], `"GET http://${node.address}:${awsPort}/hello?x=1 HTTP/1.1"`);
  assert.equal(fields[13], '"logtest/1.0"');
  assert.deepEqual([fields[14], fields[15], fields[16]], ['-', '-', tg.TargetGroupArn]);
  assert.match(fields[17]!, /^"Root=1-[0-9a-f]{8}-[0-9a-f]{24}"$/);
  assert.deepEqual([fields[20], fields[22], fields[25], fields[26]], ['0', '"forward"', `"127.0.0.1:${backendPort}"`, '"200"']);
  assert.ok(Number(fields[10]) > 0 && Number(fields[11]) > 0, 'received and sent bytes are counted');
  assert.match(fields[29]!, /^TID_[0-9a-f]{32}$/);
  const fixed = lines.find((l) => l.includes('/fixed'))!.match(/"[^"]*"|\S+/g)!;
  assert.deepEqual([fixed[4], fixed[6], fixed[8], fixed[9], fixed[20], fixed[22]], ['-', '-1', '418', '-', '7', '"fixed-response"']);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('NLB access logs record TLS listener connections only, in files without a node address', async () => {
  const target = net.createServer((s) => s.on('data', (c: Buffer) => s.end(`echo:${c.toString()}`)));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('nlblog').slice(0, 32), Type: 'network', Subnets: [subnets[0]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('nlblogtg').slice(0, 32), Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const tlsPort = randomPort();
  const tcpPort = tlsPort + 1;
  const listener = (await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'TLS', Port: tlsPort, Certificates: [{ CertificateArn: CERT }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }))).Listeners![0]!;
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'TCP', Port: tcpPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: (target.address() as AddressInfo).port, AvailabilityZone: 'all' }] }));
  await client.send(enableLogs(lb.LoadBalancerArn!, 'nlb'));
  const tlsNode = await nodeOf(lb.LoadBalancerArn!, tlsPort);
  const tcpNode = await nodeOf(lb.LoadBalancerArn!, tcpPort);
  const reply = await new Promise<string>((resolve, reject) => {
    const s = tls.connect({ host: tlsNode.address, port: tlsNode.port, servername: 'app.example.com', ca }, () => s.write('hi'));
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
  assert.equal(reply, 'echo:hi');
  const plain = await new Promise<string>((resolve, reject) => {
    const s = net.connect({ host: tcpNode.address, port: tcpNode.port }, () => s.write('yo'));
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
  assert.equal(plain, 'echo:yo');
  await kumo.advance(300);
  const lbId = lb.LoadBalancerArn!.split(':loadbalancer/')[1]!;
  const files = await until('the NLB log file', async () => {
    const f = await logFiles('nlb');
    return f.length > 0 ? f : undefined;
  });
  assert.equal(files.length, 1);
  assert.match(files[0]!.key, new RegExp(`/${TEST_ACCOUNT}_elasticloadbalancing_us-east-1_${lbId.replace(/\//g, '\\.')}_\\d{8}T\\d{4}Z_[a-z0-9]{8}\\.log\\.gz$`));
  const lines = files[0]!.text.trim().split('\n');
  assert.equal(lines.length, 1, 'the TCP listener is not logged');
  const f = lines[0]!.split(' ');
  assert.deepEqual(f.slice(0, 2), ['tls', '2.0']);
  assert.match(f[2]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  assert.deepEqual([f[3], f[4], f[6]], [lbId, listener.ListenerArn!.split('/').pop(), `${tlsNode.address}:${tlsPort}`]);
  assert.deepEqual([f[9], f[10], f[12], f[15], f[17]], ['2', '7', CERT, 'tlsv13', 'app.example.com']);
  target.close();
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('ALB connection logs write one entry per connection sharing the access log conn_trace_id, and health check logs one per check', async () => {
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('connlog').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('connlogtg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2 }))).TargetGroups![0]!;
  const httpPort = randomPort();
  const httpsPort = httpPort + 1;
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: httpPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTPS', Port: httpsPort, Certificates: [{ CertificateArn: CERT }], DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '204' } }] }));
  const dead = net.createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const deadPort = (dead.address() as AddressInfo).port;
  await new Promise<void>((r) => dead.close(() => r())); // a port nobody listens on: the check's connection is refused
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: backendPort, AvailabilityZone: 'all' }, { Id: '127.0.0.1', Port: deadPort, AvailabilityZone: 'all' }] }));
  // Without a bucket the attribute is refused, as for access logs.
  await assertAwsError(client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Attributes: [{ Key: 'connection_logs.s3.enabled', Value: 'true' }] })), { code: 'InvalidConfigurationRequest', status: 400 });
  await client.send(
    new elb.ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: lb.LoadBalancerArn!,
      Attributes: ['access_logs', 'connection_logs', 'health_check_logs'].flatMap((f) => [
        { Key: `${f}.s3.enabled`, Value: 'true' },
        { Key: `${f}.s3.bucket`, Value: bucket },
        { Key: `${f}.s3.prefix`, Value: 'alb' },
      ]),
    }),
  );
  for (const file of ['ELBConnectionLogTestFile', 'ELBHealthCheckLogTestFile']) await s3c.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: `alb/AWSLogs/${TEST_ACCOUNT}/${file}` }));
  const httpNode = await nodeOf(lb.LoadBalancerArn!, httpPort);
  const httpsNode = await nodeOf(lb.LoadBalancerArn!, httpsPort);
  await kumo.advance(10); // health checks run
  const plainPort = await new Promise<number>((resolve, reject) => {
    const req = http.get({ host: httpNode.address, port: httpNode.port, path: '/conn', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.socket!.localPort!));
    });
    req.on('error', reject);
  });
  const secure = await new Promise<{ port: number; protocol: string }>((resolve, reject) => {
    const s = tls.connect({ host: httpsNode.address, port: httpsNode.port, servername: 'app.example.com', ca }, () => {
      const out = { port: s.localPort!, protocol: s.getProtocol()! };
      s.end();
      resolve(out);
    });
    s.on('error', reject);
  });
  await kumo.advance(300);
  const lbId = lb.LoadBalancerArn!.split(':loadbalancer/')[1]!;
  const named = (prefix: string) => async () => {
    const f = (await logFiles('alb')).filter((x) => x.key.includes(`/${prefix}`) && x.key.includes(lbId.replace(/\//g, '.')));
    return f.length > 0 ? f.flatMap((x) => x.text.trim().split('\n')) : undefined;
  };
  const conns = await until('the connection log', named('conn_log_'));
  const plain = conns.find((l) => l.split(' ')[2] === String(plainPort))!.split(' ');
  assert.equal(plain.length, 15);
  assert.match(plain[0]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  assert.deepEqual(plain.slice(1, 11), ['127.0.0.1', String(plainPort), String(httpPort), '-', '-', '-', '"-"', '-', '-', '-']);
  assert.deepEqual(plain.slice(13), [lbId, httpNode.address]);
  const access = (await until('the access log', named(`${TEST_ACCOUNT}_elasticloadbalancing`))).find((l) => l.includes('/conn'))!;
  assert.equal(access.split(' ').pop(), plain[11], 'the access log entry names its connection');
  const tlsEntry = conns.find((l) => l.split(' ')[2] === String(secure.port))!.split(' ');
  assert.deepEqual([tlsEntry[3], tlsEntry[4], tlsEntry[10]], [String(httpsPort), secure.protocol, 'Success']);
  assert.match(tlsEntry[6]!, /^\d+\.\d{3}$/);
  const checks = await until('the health check log', named('health_check_log_'));
  const ok = checks.find((l) => l.includes(`127.0.0.1:${backendPort} `))!.split(' ');
  assert.deepEqual([ok[0], ok[4], ok[5], ok[6], ok[7], ok[8], ok[9]], ['http', tg.TargetGroupName, 'PASS', '200', '-', lbId, httpNode.address]);
  assert.match(ok[2]!, /^\d+\.\d{9}$/);
  const failed = checks.find((l) => l.includes(`127.0.0.1:${deadPort} `))!.split(' ');
  assert.deepEqual(failed.slice(5, 8), ['FAIL', '-', 'ConnectionReset']);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

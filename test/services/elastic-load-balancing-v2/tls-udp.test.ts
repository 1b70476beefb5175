// HTTPS (ALB), TLS and UDP (NLB) listeners on loopback: certificates are checked by ARN shape and SSL policies by
// name; HTTPS and TLS terminate with a leaf from kumo's local CA (trusted through /_kumo/ca.pem) for the SNI name;
// UDP datagrams of one client flow reach one target and its replies come back from the listener's address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { CLI_PATH } from '../../support/spawn-kumo.js';

let kumo: TestKumo;
let client: elb.ElasticLoadBalancingV2Client;
let subnets: string[] = [];
let vpcId = '';
let ca = '';
const closers: Array<() => void> = [];
const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/12345678-1234-1234-1234-123456789012';

before(async () => {
  kumo = await startTestKumo();
  client = new elb.ElasticLoadBalancingV2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const ec2c = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
  const out = await ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  subnets = (out.Subnets ?? []).sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!)).map((s) => s.SubnetId!);
  vpcId = out.Subnets![0]!.VpcId!;
  ca = await (await fetch(`${kumo.url}/_kumo/ca.pem`)).text();
});
after(async () => {
  for (const c of closers) c();
  await kumo.stop();
});

async function nodeOf(lbArn: string, awsPort: number): Promise<{ address: string; port: number }> {
  for (let i = 0; i < 100; i++) {
    const lb = (await client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerArns: [lbArn] }))).LoadBalancers![0]!;
    if (lb.State?.Code === 'active') break;
    assert.notEqual(lb.State?.Code, 'active_impaired', lb.State?.Reason);
  }
  const view = (await (await fetch(`${kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ address: string; listeners: Array<{ port: number; bound: string }> }> }> };
  const node = view.loadBalancers.find((l) => l.loadBalancerArn === lbArn)!.nodes[0]!;
  const bound = node.listeners.find((l) => l.port === awsPort)!.bound;
  return { address: node.address, port: Number(bound.slice(bound.lastIndexOf(':') + 1)) };
}

function randomPort(): number {
  return 21000 + Math.floor(Math.random() * 9000);
}

test('HTTPS listeners need one well-formed certificate ARN and a known SSL policy, and default the policy', async () => {
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('tlsv').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('tlsvtg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const base = { LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTPS' as const, Port: 443, DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: tg.TargetGroupArn! }] };
  await assertAwsError(client.send(new elb.CreateListenerCommand(base)), { code: 'ValidationError', status: 400 });
  await assertAwsError(client.send(new elb.CreateListenerCommand({ ...base, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:nope' }] })), { code: 'CertificateNotFound', status: 400, message: "Certificate 'arn:aws:acm:us-east-1:000000000000:nope' not found" });
  await assertAwsError(client.send(new elb.CreateListenerCommand({ ...base, Certificates: [{ CertificateArn: CERT }], SslPolicy: 'ELBSecurityPolicy-Nope' })), { code: 'SSLPolicyNotFound', status: 400, message: "SSL policy 'ELBSecurityPolicy-Nope' not found" });
  const created = (await client.send(new elb.CreateListenerCommand({ ...base, Certificates: [{ CertificateArn: CERT }] }))).Listeners![0]!;
  assert.deepEqual([created.Protocol, created.SslPolicy, created.Certificates], ['HTTPS', 'ELBSecurityPolicy-2016-08', [{ CertificateArn: CERT }]]);
  const modified = (await client.send(new elb.ModifyListenerCommand({ ListenerArn: created.ListenerArn!, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }))).Listeners![0]!;
  assert.deepEqual([modified.SslPolicy, modified.Certificates], ['ELBSecurityPolicy-TLS13-1-2-2021-06', [{ CertificateArn: CERT }]]);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('an HTTPS listener terminates TLS with a local-CA certificate for the SNI name and forwards with X-Forwarded-Proto https', async () => {
  const backend = http.createServer((req, res) => res.end(JSON.stringify({ url: req.url, headers: req.headers })));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  closers.push(() => backend.close());
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('https').slice(0, 32), Subnets: [subnets[0]!, subnets[1]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('httpstg').slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const awsPort = randomPort();
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTPS', Port: awsPort, Certificates: [{ CertificateArn: CERT }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: (backend.address() as AddressInfo).port, AvailabilityZone: 'all' }] }));
  await kumo.advance(1);
  const node = await nodeOf(lb.LoadBalancerArn!, awsPort);
  const answer = await new Promise<{ status: number; body: string; subject: string }>((resolve, reject) => {
    https
      .get({ host: node.address, port: node.port, path: '/secure?x=1', servername: lb.DNSName!, ca, agent: false, headers: { host: lb.DNSName! } }, (res) => {
        let body = '';
        const subject = (res.socket as tls.TLSSocket).getPeerCertificate().subjectaltname ?? '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, subject }));
      })
      .on('error', reject);
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.subject, `DNS:${lb.DNSName}`);
  const seen = JSON.parse(answer.body) as { url: string; headers: Record<string, string> };
  assert.deepEqual([seen.url, seen.headers['x-forwarded-proto'], seen.headers['x-forwarded-port']], ['/secure?x=1', 'https', String(awsPort)]);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('a TLS listener terminates TLS and pipes the plaintext to a TCP target', async () => {
  const backend = net.createServer((s) => s.on('data', (c: Buffer) => s.end(`echo:${c.toString()}`)));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  closers.push(() => backend.close());
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('tlsnlb').slice(0, 32), Type: 'network', Subnets: [subnets[0]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('tlstg').slice(0, 32), Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const awsPort = randomPort();
  const listener = (await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'TLS', Port: awsPort, Certificates: [{ CertificateArn: 'arn:aws:iam::000000000000:server-certificate/web/example' }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }))).Listeners![0]!;
  assert.equal(listener.SslPolicy, 'ELBSecurityPolicy-2016-08');
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: (backend.address() as AddressInfo).port, AvailabilityZone: 'all' }] }));
  const node = await nodeOf(lb.LoadBalancerArn!, awsPort);
  const reply = await new Promise<string>((resolve, reject) => {
    const s = tls.connect({ host: node.address, port: node.port, servername: 'app.example.com', ca }, () => s.write('hello'));
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
  assert.equal(reply, 'echo:hello');
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('a TCP_UDP listener relays a UDP flow to its target and answers from the listener address; TCP on the same port still pipes', async () => {
  const udpTarget = dgram.createSocket('udp4');
  udpTarget.on('message', (m, r) => udpTarget.send(`pong:${m.toString()}`, r.port, r.address));
  await new Promise<void>((r) => udpTarget.bind(0, '127.0.0.1', () => r()));
  closers.push(() => udpTarget.close());
  const port = udpTarget.address().port;
  // The TCP half: a TCP server on the same port number as the UDP target.
  const tcpTarget = net.createServer((s) => s.on('data', (c: Buffer) => s.end(`tcp:${c.toString()}`)));
  const tcpBound = await new Promise<boolean>((resolve) => {
    tcpTarget.once('error', () => resolve(false));
    tcpTarget.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (tcpBound) closers.push(() => tcpTarget.close());
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('udpnlb').slice(0, 32), Type: 'network', Subnets: [subnets[0]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('udptg').slice(0, 32), Protocol: 'TCP_UDP', Port: 53, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  assert.equal(tg.HealthCheckProtocol, 'TCP');
  const awsPort = randomPort();
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'TCP_UDP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  await client.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: port, AvailabilityZone: 'all' }] }));
  const node = await nodeOf(lb.LoadBalancerArn!, awsPort);

  const sock = dgram.createSocket('udp4');
  closers.push(() => sock.close());
  const replies: Array<{ text: string; from: string }> = [];
  sock.on('message', (m, r) => replies.push({ text: m.toString(), from: `${r.address}:${r.port}` }));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  for (let i = 0; i < 200 && replies.length < 2; i++) {
    // UDP may drop; resend until two replies came back (generous, poll-based).
    sock.send(`m${replies.length}`, node.port, node.address);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(replies.length >= 2, 'replies came back');
  assert.match(replies[0]!.text, /^pong:m\d$/);
  assert.equal(replies[0]!.from, `${node.address}:${node.port}`);

  if (tcpBound) {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect(node.port, node.address, () => s.write('hi'));
      let got = '';
      s.on('data', (c: Buffer) => (got += c.toString()));
      s.on('end', () => resolve(got));
      s.on('error', reject);
    });
    assert.equal(reply, 'tcp:hi');
  }
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

test('kumo elb endpoints prints each listener of each node with its protocol, AWS port and bound address', async () => {
  const lb = (await client.send(new elb.CreateLoadBalancerCommand({ Name: uniqueName('clinlb').slice(0, 32), Type: 'network', Subnets: [subnets[0]!] }))).LoadBalancers![0]!;
  const tg = (await client.send(new elb.CreateTargetGroupCommand({ Name: uniqueName('clitg').slice(0, 32), Protocol: 'UDP', Port: 53, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!;
  const awsPort = randomPort();
  await client.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'UDP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }));
  const node = await nodeOf(lb.LoadBalancerArn!, awsPort);
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [CLI_PATH, 'elb', 'endpoints', '--endpoint', kumo.url], { encoding: 'utf8', timeout: 60_000 }, (error: Error | null, stdout: string) => (error ? reject(error) : resolve(stdout)));
  });
  const line = out.split('\n').find((l) => l.startsWith(lb.LoadBalancerName!));
  assert.ok(line, out);
  assert.deepEqual(line.split(/\s+/), [lb.LoadBalancerName, 'us-east-1a', node.address, 'UDP', String(awsPort), `${node.address}:${node.port}`]);
  await client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
});

// Classic Load Balancer traffic beyond plain HTTP: the Proxy Protocol v1 line on a TCP listener, an HTTPS listener
// with kumo's CA, connection draining on the runtime clock, and AWS's cross-zone example (2 + 8 instances), with
// backends the test starts on EC2 instances' loopback addresses.
import { test } from 'node:test';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import { assertAwsError } from '../../support/aws-error.js';
import { until } from '../../support/until.js';
import { LocalCa } from '../../../src/net/tls/local-ca.js';
import * as support from './support.js';
import { get, name } from './support.js';

const env = support.useClbEnv();
const instance = (subnetId: string) => support.instance(env, subnetId);
const httpBackend = (address: string, port: number, label: string, h: () => number) => support.httpBackend(env, address, port, label, h);
const nodes = (lbName: string) => support.nodes(env, lbName);
const health = (lbName: string) => support.health(env, lbName);
const advanceUntil = (what: string, seconds: number, check: () => Promise<boolean>) => support.advanceUntil(env, what, seconds, check);

test('TCP listener with a ProxyProtocolPolicyType policy on the backend port sends the PROXY v1 line before the client bytes', async () => {
  const n = name('tcp');
  const a = await instance(env.subnets[0]!.id);
  const received: Buffer[] = [];
  const server = net.createServer((s) => {
    s.on('data', (d: Buffer) => {
      received.push(d);
      s.write('ok');
    });
  });
  env.servers.push(server);
  await new Promise<void>((r) => server.listen(7000, a.address, () => r()));
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 7100, InstancePort: 7000 }], Subnets: [env.subnets[0]!.id] }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:7000', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await advanceUntil('InService', 5, async () => (await health(n)).get(a.id)?.State === 'InService');
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'pp', PolicyTypeName: 'ProxyProtocolPolicyType', PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }] }));
  await env.client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 7000, PolicyNames: ['pp'] }));
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
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('HTTPS listener terminates TLS with a certificate from kumo\'s CA and forwards HTTP with X-Forwarded-Proto https', async () => {
  const n = name('tls');
  const a = await instance(env.subnets[0]!.id);
  await httpBackend(a.address, 8082, 'a', () => 200);
  await env.client.send(new elb.CreateLoadBalancerCommand({
    LoadBalancerName: n, Subnets: [env.subnets[0]!.id],
    Listeners: [{ Protocol: 'HTTPS', LoadBalancerPort: 8443, InstancePort: 8082, SSLCertificateId: 'arn:aws:iam::000000000000:server-certificate/test' }],
  }));
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerListenersCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'SSL', LoadBalancerPort: 8444, InstancePort: 8082 }] })), { code: 'CertificateNotFound', status: 400 });
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTP:8082/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await advanceUntil('InService', 5, async () => (await health(n)).get(a.id)?.State === 'InService');
  const ca = await (await fetch(`${env.kumo.url}/_kumo/ca.pem`)).text();
  const [host, port] = (await nodes(n))[0]!.listeners[0]!.bound.split(':');
  const dns = (await env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.DNSName!;
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
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('connection draining keeps a deregistered instance\'s TCP connection open until the timeout passes on the runtime clock', async () => {
  const n = name('drain');
  const a = await instance(env.subnets[0]!.id);
  const server = net.createServer((s) => s.on('data', (d: Buffer) => s.write(d)));
  env.servers.push(server);
  await new Promise<void>((r) => server.listen(7001, a.address, () => r()));
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 7101, InstancePort: 7001 }], Subnets: [env.subnets[0]!.id] }));
  await env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { ConnectionDraining: { Enabled: true, Timeout: 60 } } }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:7001', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
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
  await env.client.send(new elb.DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await env.kumo.advance(30);
  assert.equal(await echo('two'), 'two', 'still open while draining');
  await env.kumo.advance(31);
  await until('the drained connection to close', async () => closed);
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test("AWS's cross-zone example: 2 instances in one AZ and 8 in the other get 25 % and 6.25 % off, 10 % each on", async () => {
  const n = name('xzone');
  const inA = await Promise.all([0, 1].map(() => instance(env.subnets[0]!.id)));
  const inB = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => instance(env.subnets[1]!.id)));
  const all = [...inA, ...inB];
  await Promise.all(all.map((i) => httpBackend(i.address, 8083, i.id, () => 200)));
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8002, InstancePort: 8083 }], Subnets: [env.subnets[0]!.id, env.subnets[1]!.id] }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'TCP:8083', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: all.map((i) => ({ InstanceId: i.id })) }));
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
  await env.client.send(new elb.ModifyLoadBalancerAttributesCommand({ LoadBalancerName: n, LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
  const on = await share();
  for (const i of all) assert.equal(on.get(i.id), 8, 'cross-zone on: 10 % each');
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('an SSL negotiation policy on an HTTPS listener sets its protocols and ciphers (no TLS 1.3), checked by type and name', async () => {
  const n = name('sslneg');
  await env.client.send(new elb.CreateLoadBalancerCommand({
    LoadBalancerName: n, Subnets: [env.subnets[0]!.id],
    Listeners: [{ Protocol: 'HTTPS', LoadBalancerPort: 8453, InstancePort: 8083, SSLCertificateId: 'arn:aws:iam::000000000000:server-certificate/test' }, { Protocol: 'HTTP', LoadBalancerPort: 8183, InstancePort: 8083 }],
  }));
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'bad', PolicyTypeName: 'SSLNegotiationPolicyType', PolicyAttributes: [{ AttributeName: 'Reference-Security-Policy', AttributeValue: 'ELBSecurityPolicy-Nope' }] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({
    LoadBalancerName: n, PolicyName: 'tls12-one-cipher', PolicyTypeName: 'SSLNegotiationPolicyType',
    PolicyAttributes: [{ AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' }, { AttributeName: 'ECDHE-ECDSA-AES128-GCM-SHA256', AttributeValue: 'true' }, { AttributeName: 'Server-Defined-Cipher-Order', AttributeValue: 'true' }],
  }));
  await assertAwsError(env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 8183, PolicyNames: ['tls12-one-cipher'] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await env.client.send(new elb.SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: n, LoadBalancerPort: 8453, PolicyNames: ['tls12-one-cipher'] }));
  const ca = await (await fetch(`${env.kumo.url}/_kumo/ca.pem`)).text();
  const bound = (await nodes(n))[0]!.listeners.find((l) => l.port === 8453)!.bound;
  const [host, port] = bound.split(':');
  const handshake = (extra: tls.ConnectionOptions) =>
    new Promise<{ protocol: string | null; cipher: string } | undefined>((resolve) => {
      const s = tls.connect({ host, port: Number(port), ca, servername: 'localhost', checkServerIdentity: () => undefined, ...extra }, () => {
        resolve({ protocol: s.getProtocol(), cipher: s.getCipher().name });
        s.destroy();
      });
      s.on('error', () => resolve(undefined));
    });
  // The listener rebinds with the policy: wait until it offers TLS 1.2 only.
  const ok = await until('the listener to apply the policy', async () => {
    const r = await handshake({});
    return r?.protocol === 'TLSv1.2' ? r : undefined;
  });
  assert.deepEqual(ok, { protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
  assert.equal(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' }), undefined, 'a cipher outside the policy is refused');
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

test('InstanceProtocol HTTPS reaches the instance over TLS, unverified unless a backend authentication policy lists its public key', async () => {
  const n = name('tlsbe');
  const a = await instance(env.subnets[0]!.id);
  const leaf = LocalCa.open(undefined).leaf(['backend.internal']);
  const server = https.createServer(leaf, (req, res) => {
    res.writeHead(200);
    res.end(JSON.stringify({ encrypted: (req.socket as tls.TLSSocket).encrypted === true, path: req.url }));
  });
  env.servers.push(server);
  await new Promise<void>((r) => server.listen(8444, a.address, () => r()));
  await env.client.send(new elb.CreateLoadBalancerCommand({ LoadBalancerName: n, Subnets: [env.subnets[0]!.id], Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 8184, InstanceProtocol: 'HTTPS', InstancePort: 8444 }] }));
  await env.client.send(new elb.ConfigureHealthCheckCommand({ LoadBalancerName: n, HealthCheck: { Target: 'HTTPS:8444/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await env.client.send(new elb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: n, Instances: [{ InstanceId: a.id }] }));
  await advanceUntil('InService', 5, async () => (await health(n)).get(a.id)?.State === 'InService');
  const listener = (await env.client.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerNames: [n] }))).LoadBalancerDescriptions![0]!.ListenerDescriptions![0]!.Listener!;
  assert.deepEqual([listener.InstanceProtocol, listener.InstancePort], ['HTTPS', 8444]);
  const bound = (await nodes(n))[0]!.listeners[0]!.bound;
  const r = await until('the node to answer', async () => {
    const got = await get(bound, '/over-tls').catch(() => undefined);
    return got?.status === 200 ? got : undefined;
  });
  assert.deepEqual(JSON.parse(r.body), { encrypted: true, path: '/over-tls' });

  // Backend authentication: with a policy naming another public key the instance is not talked to (502); naming
  // the instance certificate's key, it is.
  const spki = (pem: string): string => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  await assertAwsError(env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'badkey', PolicyTypeName: 'PublicKeyPolicyType', PolicyAttributes: [{ AttributeName: 'PublicKey', AttributeValue: 'not-a-key' }] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'other-key', PolicyTypeName: 'PublicKeyPolicyType', PolicyAttributes: [{ AttributeName: 'PublicKey', AttributeValue: other }] }));
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'auth-other', PolicyTypeName: 'BackendServerAuthenticationPolicyType', PolicyAttributes: [{ AttributeName: 'PublicKeyPolicyName', AttributeValue: 'other-key' }] }));
  await assertAwsError(env.client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 8444, PolicyNames: ['other-key'] })), { code: 'InvalidConfigurationRequest', status: 409 });
  await env.client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 8444, PolicyNames: ['auth-other'] }));
  assert.equal((await get(bound, '/refused')).status, 502);
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'own-key', PolicyTypeName: 'PublicKeyPolicyType', PolicyAttributes: [{ AttributeName: 'PublicKey', AttributeValue: spki(leaf.cert) }] }));
  await env.client.send(new elb.CreateLoadBalancerPolicyCommand({ LoadBalancerName: n, PolicyName: 'auth-own', PolicyTypeName: 'BackendServerAuthenticationPolicyType', PolicyAttributes: [{ AttributeName: 'PublicKeyPolicyName', AttributeValue: 'own-key' }] }));
  await env.client.send(new elb.SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: n, InstancePort: 8444, PolicyNames: ['auth-own'] }));
  assert.equal((await get(bound, '/accepted')).status, 200);
  await env.client.send(new elb.DeleteLoadBalancerCommand({ LoadBalancerName: n }));
});

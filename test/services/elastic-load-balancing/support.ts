// Shared set-up of the Classic Load Balancer tests: a kumo with --run-instances, SDK v3 clients, the default
// subnets, running instances (no user data) whose loopback addresses the tests serve on, and polling helpers.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import * as elb from '@aws-sdk/client-elastic-load-balancing';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { uniqueName } from '../../support/names.js';
import { until } from '../../support/until.js';

export interface ClbEnv {
  kumo: TestKumo;
  client: elb.ElasticLoadBalancingClient;
  ec2c: ec2.EC2Client;
  subnets: Array<{ id: string; zone: string }>;
  servers: net.Server[];
}

/** Registers before/after hooks in the calling test file; the returned object is filled in before the tests run. */
export function useClbEnv(): ClbEnv {
  const env = { servers: [] as net.Server[], subnets: [] as Array<{ id: string; zone: string }> } as unknown as ClbEnv;
  before(async () => {
    env.kumo = await startTestKumo({ runInstances: true, imdsPort: 0 });
    env.client = new elb.ElasticLoadBalancingClient({ ...env.kumo.clientConfig(), maxAttempts: 1 });
    env.ec2c = new ec2.EC2Client({ ...env.kumo.clientConfig(), maxAttempts: 1 });
    const out = await env.ec2c.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
    env.subnets.push(...(out.Subnets ?? []).map((s) => ({ id: s.SubnetId!, zone: s.AvailabilityZone! })).sort((a, b) => a.zone.localeCompare(b.zone)));
  });
  after(async () => {
    for (const s of env.servers) if (s instanceof http.Server) s.closeAllConnections();
    await Promise.all(env.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    env.client.destroy();
    env.ec2c.destroy();
    await env.kumo.stop();
  });
  return env;
}

const AMI = 'ami-0aa7d40eeae50c9a9';

export const name = (prefix: string) => uniqueName(prefix).slice(0, 32);

/** A running instance (no user data: no process) and the loopback address its traffic goes to. */
export async function instance(env: ClbEnv, subnetId: string): Promise<{ id: string; address: string }> {
  const id = (await env.ec2c.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!.InstanceId!;
  const address = await until('the instance to run', async () => {
    const body = (await (await fetch(`${env.kumo.url}/_kumo/ec2/instances`)).json()) as { instances: Array<{ instanceId: string; bindAddress: string; state?: string }> };
    return body.instances.find((p) => p.instanceId === id && p.state === 'running')?.bindAddress;
  });
  return { id, address };
}

/** An HTTP server on the instance's address: `/health` answers `health()`, anything else names the instance. */
export function httpBackend(env: ClbEnv, address: string, port: number, label: string, health: () => number): Promise<void> {
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(health());
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': req.url === '/login' ? 'SESSION=abc' : 'x=1' });
    res.end(JSON.stringify({ label, headers: req.headers }));
  });
  env.servers.push(server);
  return new Promise((resolve) => server.listen(port, address, () => resolve()));
}

export async function nodes(env: ClbEnv, lbName: string): Promise<Array<{ zone: string; address: string; listeners: Array<{ port: number; bound: string }> }>> {
  const body = (await (await fetch(`${env.kumo.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerName?: string; nodes: Array<{ zone: string; address: string; listeners: Array<{ port: number; bound: string }> }> }> };
  return body.loadBalancers.find((lb) => lb.loadBalancerName === lbName)!.nodes;
}

export function get(bound: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
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

export async function health(env: ClbEnv, lbName: string): Promise<Map<string, elb.InstanceState>> {
  const out = await env.client.send(new elb.DescribeInstanceHealthCommand({ LoadBalancerName: lbName }));
  return new Map((out.InstanceStates ?? []).map((s) => [s.InstanceId!, s]));
}

/** Advances the clock one check interval at a time until `check` holds (a tick in flight may skip one). */
export async function advanceUntil(env: ClbEnv, what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if (await check()) return;
    await env.kumo.advance(seconds);
  }
  assert.fail(`clock advanced 20 × ${seconds}s without ${what}`);
}

// Classic Load Balancer HTTP benchmark (issue 20): wrk -t1 -c32 keep-alive against a 1 KiB backend on an EC2
// instance's loopback address (kumo --run-instances), directly, through a CLB HTTP listener, and through HAProxy
// `mode http` as the anchor in the same run; the figure is the proxy process's CPU µs per request, median of 3.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as clb from '@aws-sdk/client-elastic-load-balancing';
import * as ec2 from '@aws-sdk/client-ec2';
import { packageRoot } from '../../src/core/package-root.js';
import { startServer, type BenchServer } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { ensureTool, line, median, startHaproxy, waitForPort, wrk } from './elb.js';

async function backendOn(host: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bench/elb-backend.mjs'), host, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening on')) resolve();
    });
  });
  return child;
}

/** A running instance's loopback address, a CLB with one HTTP listener to it, the instance InService. */
async function setUp(server: BenchServer, backendPort: number, awsPort: number): Promise<string> {
  const config = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const e = new ec2.EC2Client(config);
  const c = new clb.ElasticLoadBalancingClient(config);
  const subnet = (await e.send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!))[0]!;
  const id = (await e.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId! }))).Instances![0]!.InstanceId!;
  let address = '';
  for (let i = 0; i < 500 && !address; i++) {
    const body = (await (await fetch(`${server.url}/_kumo/ec2/instances`)).json()) as { instances: Array<{ instanceId: string; bindAddress: string; state?: string }> };
    address = body.instances.find((p) => p.instanceId === id && p.state === 'running')?.bindAddress ?? '';
    if (!address) await new Promise((r) => setTimeout(r, 20));
  }
  await c.send(new clb.CreateLoadBalancerCommand({ LoadBalancerName: 'bench-clb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: awsPort, InstancePort: backendPort }], Subnets: [subnet.SubnetId!] }));
  await c.send(new clb.ConfigureHealthCheckCommand({ LoadBalancerName: 'bench-clb', HealthCheck: { Target: `TCP:${backendPort}`, Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));
  await c.send(new clb.RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'bench-clb', Instances: [{ InstanceId: id }] }));
  return address;
}

async function inService(server: BenchServer, c: clb.ElasticLoadBalancingClient): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const s = (await c.send(new clb.DescribeInstanceHealthCommand({ LoadBalancerName: 'bench-clb' }))).InstanceStates?.[0]?.State;
    if (s === 'InService') return;
    await fetch(`${server.url}/_kumo/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 5 }) });
  }
  throw new Error('the bench instance never came InService');
}

export const ELB_CLB_SCENARIOS: Scenario[] = [
  {
    name: 'elb-clb-http',
    async run() {
      const name = 'elb-clb-http';
      if (!ensureTool('wrk')) return [`${name}: wrk is not installed and apt-get could not install it; not measured`];
      const haproxy = ensureTool('haproxy');
      const server = await startServer(['--run-instances']);
      const lines: string[] = [];
      let backend: ChildProcess | undefined;
      try {
        const backendPort = 19_000 + Math.floor(Math.random() * 1000);
        const awsPort = 18_000 + Math.floor(Math.random() * 1000);
        const address = await setUp(server, backendPort, awsPort);
        backend = await backendOn(address, backendPort);
        const c = new clb.ElasticLoadBalancingClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
        await inService(server, c);
        const endpoints = (await (await fetch(`${server.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerName?: string; nodes: Array<{ listeners: Array<{ bound: string }> }> }> };
        const bound = endpoints.loadBalancers.find((l) => l.loadBalancerName === 'bench-clb')!.nodes[0]!.listeners[0]!.bound;
        const direct = median([1, 2, 3].map(() => wrk(`http://${address}:${backendPort}/`, undefined)));
        lines.push(line(`${name} direct`, direct));
        const viaKumo = median([1, 2, 3].map(() => wrk(`http://${bound}/`, server.pid)));
        lines.push(line(`${name} kumo CLB HTTP`, viaKumo, direct));
        if (haproxy) {
          const hport = 17_000 + Math.floor(Math.random() * 1000);
          const hp = startHaproxy('http', hport, backendPort, address);
          await waitForPort(hport);
          const viaHaproxy = median([1, 2, 3].map(() => wrk(`http://127.0.0.1:${hport}/`, hp.pid)));
          hp.kill('SIGTERM');
          lines.push(line(`${name} HAProxy mode http`, viaHaproxy, direct));
          lines.push(`${name} ratio kumo/HAProxy CPU per request: ${(viaKumo.cpuUsPerReq / viaHaproxy.cpuUsPerReq).toFixed(2)}×`);
        } else lines.push(`${name}: HAProxy not installed (apt-get unavailable); anchor not measured`);
      } finally {
        await server.stop();
        backend?.kill('SIGTERM');
      }
      return lines;
    },
  },
];

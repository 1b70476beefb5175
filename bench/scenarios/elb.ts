// ELB data-plane benchmarks (issue 20): wrk -t1 -c32 keep-alive against a 1 KiB backend, directly, through a kumo
// ALB HTTP listener / NLB TCP listener, and through HAProxy (mode http / mode tcp) as the anchor in the same run.
// The figure is the proxy process's CPU µs per request (utime+stime from /proc ÷ requests), median of 3 runs.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as elb from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ec2 from '@aws-sdk/client-ec2';
import { packageRoot } from '../../src/core/package-root.js';
import { cpuMs, startServer, type BenchServer } from '../harness.js';
import type { Scenario } from '../scenario.js';

const SECONDS = 3;

export function ensureTool(tool: string): boolean {
  if (spawnSync('which', [tool]).status === 0) return true;
  // wrk and HAProxy come from Debian; installed when missing and apt-get is allowed here.
  spawnSync('apt-get', ['install', '-y', '-q', tool], { stdio: 'ignore' });
  return spawnSync('which', [tool]).status === 0;
}

async function startBackend(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bench/elb-backend.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  return { port, child };
}

interface WrkRun {
  requests: number;
  rps: number;
  p99ms: number;
  cpuUsPerReq: number;
}

export function wrk(url: string, pid: number | undefined): WrkRun {
  const before = pid ? cpuMs(pid) : 0;
  const out = execFileSync('wrk', ['-t1', '-c32', `-d${SECONDS}s`, '--latency', url], { encoding: 'utf8' });
  const after = pid ? cpuMs(pid) : 0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const p99ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN;
  return { requests, rps, p99ms, cpuUsPerReq: pid ? ((after - before) * 1000) / Math.max(1, requests) : 0 };
}

export function median(runs: WrkRun[]): WrkRun {
  const by = <K extends keyof WrkRun>(k: K): number => [...runs].map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return { requests: by('requests'), rps: by('rps'), p99ms: by('p99ms'), cpuUsPerReq: by('cpuUsPerReq') };
}

export function line(name: string, r: WrkRun, direct?: WrkRun): string {
  const added = direct ? ` (+${(r.p99ms - direct.p99ms).toFixed(2)} ms over direct)` : '';
  return `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${r.p99ms.toFixed(2)} ms${added}  proxy CPU ${r.cpuUsPerReq.toFixed(1)} µs/req`;
}

/** Polls until something accepts on the port (HAProxy starting), for up to ~10 s. */
export async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

export function startHaproxy(mode: 'http' | 'tcp', listenPort: number, backendPort: number, backendHost = '127.0.0.1'): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-haproxy-'));
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, [
    'global', '  nbthread 1', 'defaults', `  mode ${mode}`, '  timeout connect 5s', '  timeout client 60s', '  timeout server 60s',
    ...(mode === 'http' ? ['  option http-keep-alive'] : []),
    `frontend f`, `  bind 127.0.0.1:${listenPort}`, '  default_backend b',
    'backend b', `  server s1 ${backendHost}:${backendPort}`, '',
  ].join('\n'));
  return spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function setUp(server: BenchServer, type: 'application' | 'network', backendPort: number, awsPort: number): Promise<string> {
  const config = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const c = new elb.ElasticLoadBalancingV2Client(config);
  const subnets = (await new ec2.EC2Client(config).send(new ec2.DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets!;
  const lb = (await c.send(new elb.CreateLoadBalancerCommand({ Name: `bench-${type}`, Type: type, Subnets: subnets.slice(0, type === 'network' ? 1 : 2).map((s) => s.SubnetId!) }))).LoadBalancers![0]!;
  const tg = (await c.send(new elb.CreateTargetGroupCommand({ Name: `bench-${type}-tg`, Protocol: type === 'network' ? 'TCP' : 'HTTP', Port: backendPort, VpcId: subnets[0]!.VpcId!, TargetType: 'ip' }))).TargetGroups![0]!;
  await c.send(new elb.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: '127.0.0.1', Port: backendPort, AvailabilityZone: 'all' }] }));
  const listener = (await c.send(new elb.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: type === 'network' ? 'TCP' : 'HTTP', Port: awsPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }] }))).Listeners![0]!;
  if (type === 'application') {
    await c.send(new elb.CreateRuleCommand({ ListenerArn: listener.ListenerArn!, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/static/*'] }], Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }));
  }
  for (let i = 0; i < 50; i++) {
    const state = (await c.send(new elb.DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] }))).LoadBalancers![0]!.State?.Code;
    if (state !== 'provisioning') break;
  }
  const endpoints = (await (await fetch(`${server.url}/_kumo/elb/endpoints`)).json()) as { loadBalancers: Array<{ loadBalancerArn: string; nodes: Array<{ listeners: Array<{ bound: string }> }> }> };
  return endpoints.loadBalancers.find((l) => l.loadBalancerArn === lb.LoadBalancerArn)!.nodes[0]!.listeners[0]!.bound;
}

function scenario(name: string, type: 'application' | 'network'): Scenario {
  return {
    name,
    async run() {
      if (!ensureTool('wrk')) return [`${name}: wrk is not installed and apt-get could not install it; not measured`];
      const haproxy = ensureTool('haproxy');
      const backend = await startBackend();
      const server = await startServer();
      const lines: string[] = [];
      try {
        const bound = await setUp(server, type, backend.port, 18_000 + Math.floor(Math.random() * 1000));
        const direct = median([1, 2, 3].map(() => wrk(`http://127.0.0.1:${backend.port}/`, undefined)));
        lines.push(line(`${name} direct`, direct));
        // kumo and HAProxy runs alternate (kumo, HAProxy, kumo, …) so both see the same machine load; medians of 3.
        const hport = 17_000 + Math.floor(Math.random() * 1000);
        const hp = haproxy ? startHaproxy(type === 'application' ? 'http' : 'tcp', hport, backend.port) : undefined;
        if (hp) await waitForPort(hport);
        const kumoRuns: WrkRun[] = [];
        const haproxyRuns: WrkRun[] = [];
        const load = [loadavg()[0]!];
        for (let i = 0; i < 3; i++) {
          kumoRuns.push(wrk(`http://${bound}/`, server.pid));
          if (hp) haproxyRuns.push(wrk(`http://127.0.0.1:${hport}/`, hp.pid));
        }
        load.push(loadavg()[0]!);
        hp?.kill('SIGTERM');
        const viaKumo = median(kumoRuns);
        lines.push(line(`${name} kumo ${type === 'application' ? 'ALB' : 'NLB TCP'}`, viaKumo, direct));
        if (hp) {
          const viaHaproxy = median(haproxyRuns);
          lines.push(line(`${name} HAProxy mode ${type === 'application' ? 'http' : 'tcp'}`, viaHaproxy, direct));
          lines.push(`${name} ratio kumo/HAProxy CPU per request: ${(viaKumo.cpuUsPerReq / viaHaproxy.cpuUsPerReq).toFixed(2)}× (interleaved runs; load average ${load.map((l) => l.toFixed(1)).join(' → ')})`);
        } else lines.push(`${name}: HAProxy not installed (apt-get unavailable); anchor not measured`);
      } finally {
        await server.stop();
        backend.child.kill('SIGTERM');
      }
      return lines;
    },
  };
}

export const ELB_SCENARIOS: Scenario[] = [scenario('elb-alb-http', 'application'), scenario('elb-nlb-tcp', 'network')];

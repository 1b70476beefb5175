// CloudFront edge scenarios: `edge-hit` (1 KiB objects served from the edge cache), `edge-pass` (CachingDisabled,
// every request to the origin) and `edge-big` (a 100 MiB object's RSS and throughput), driven by wrk -t1 -c32 with keep-alive as the issue asks, and
// measured as the server's CPU µs per request (utime+stime from /proc ÷ requests), median of 3 runs. Anchors in
// the same run: nginx proxy_cache (1 worker) hits. The bench installs wrk and nginx-light with apt-get when it
// runs as root and they are missing; without wrk it falls back to a node:http closed loop (said in the output).
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { closedLoop, cpuMs, rssMiB, startServer, type BenchServer } from '../harness.js';
import type { Scenario } from '../scenario.js';
import { startHaproxy, waitForPort } from './elb.js';

const BODY = Buffer.alloc(1024, 'x');
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Installs Debian packages when a tool is missing and we are root; true when the tool is there afterwards. */
function ensure(tool: string, pkg: string): boolean {
  if (have(tool)) return true;
  if (process.getuid?.() !== 0) return false;
  spawnSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg} >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg} >/dev/null 2>&1)`]);
  return have(tool);
}

async function startOrigin(): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=3600', 'content-length': BODY.length });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

interface Run {
  requests: number;
  cpuUsPerRequest: number;
  p99Ms: number | undefined;
  tool: string;
}

function parseWrk(out: string): { requests: number; p99Ms: number | undefined } {
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const p99Ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : undefined;
  return { requests, p99Ms };
}

/** One measurement: wrk (or the node fallback) against host:port/path, CPU of `pids` over the run. */
async function measure(pids: number[], port: number, host: string, path: string, connections: number): Promise<Run> {
  const cpu = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  if (have('wrk')) {
    const before = cpu();
    // Asynchronously: the test origin lives in this process and must keep answering while wrk runs.
    const { stdout: out } = await promisify(execFile)('wrk', ['-t1', `-c${connections}`, '-d3s', '--latency', '-H', `Host: ${host}`, `http://127.0.0.1:${port}${path}`], { encoding: 'utf8' });
    const used = cpu() - before;
    const { requests, p99Ms } = parseWrk(out);
    return { requests, cpuUsPerRequest: (used * 1000) / Math.max(1, requests), p99Ms, tool: 'wrk' };
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const server = { pid: pids[0]! } as BenchServer;
  const get = () => new Promise<void>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, headers: { host }, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  const r = await closedLoop(server, connections, 20_000, get);
  agent.destroy();
  return { requests: r.ops, cpuUsPerRequest: r.serverCpuMsPerOp * 1000, p99Ms: r.p99Ms, tool: 'node closed loop' };
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.cpuUsPerRequest - b.cpuUsPerRequest);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function kumoEdge(cachePolicyId: string, originPort: number, args = ['--in-memory']): Promise<{ server: BenchServer; port: number; domain: string }> {
  const server = await startServer(args, { KUMO_EDGE_HTTP_PORT: '0', KUMO_EDGE_HTTPS_PORT: '0', KUMO_DNS_PORT: '0' });
  const cf = new CloudFrontClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const d = await cf.send(new CreateDistributionCommand({
    DistributionConfig: {
      CallerReference: `bench-${Date.now()}`,
      Comment: 'bench',
      Enabled: true,
      Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: '127.0.0.1', CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }] },
      DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all', CachePolicyId: cachePolicyId },
    },
  }));
  cf.destroy();
  let port = 0;
  for (let i = 0; i < 200 && !port; i++) {
    const health = (await (await fetch(`${server.url}/_kumo/health`)).json()) as { components: Record<string, { state?: string; endpoints?: string[] }> };
    const edge = health.components['cloudfront.edge'];
    if (edge?.state === 'running') port = Number(/:(\d+)$/.exec(edge.endpoints?.[0] ?? '')?.[1]);
    else await new Promise((r) => setTimeout(r, 50));
  }
  return { server, port, domain: d.Distribution!.DomainName! };
}

/** nginx with proxy_cache and one worker in front of the same origin; its pids (master and worker). */
async function startNginx(originPort: number): Promise<{ port: number; pids: number[]; stop(): void } | undefined> {
  if (!ensure('nginx', 'nginx-light')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kumo-bench-nginx-'));
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; proxy_cache_path ${dir}/cache keys_zone=edge:10m; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream origin { server 127.0.0.1:${originPort}; keepalive 32; }
  server { listen 127.0.0.1:${port}; location /pass/ { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://origin; } location / { proxy_cache edge; proxy_cache_valid 200 1h; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://origin; add_header X-Cache $upstream_cache_status; } } }
`);
  const child: ChildProcess = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      await new Promise<void>((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/warm' }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const master = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8').trim());
  const workers = execFileSync('pgrep', ['-P', String(master)], { encoding: 'utf8' }).trim().split('\n').map(Number).filter(Boolean);
  return { port, pids: [master, ...workers], stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

/** HAProxy `mode http` (one thread, keep-alive) in front of the origin: the edge-pass anchor. */
async function startHaproxyAnchor(originPort: number): Promise<{ pid: number; port: number; stop(): void } | undefined> {
  if (!ensure('haproxy', 'haproxy')) return undefined;
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const child = startHaproxy('http', port, originPort);
  await waitForPort(port);
  return { pid: child.pid!, port, stop: () => child.kill('SIGTERM') };
}

const line = (name: string, r: Run) => `${name.padEnd(34)} server CPU ${r.cpuUsPerRequest.toFixed(1).padStart(6)} µs/req  p99 ${r.p99Ms?.toFixed(2) ?? '?'} ms  (${r.requests} reqs, ${r.tool}, median of 3)`;

async function scenario(kind: 'hit' | 'pass'): Promise<string[]> {
  const hasWrk = ensure('wrk', 'wrk');
  const origin = await startOrigin();
  const originPort = (origin.address() as AddressInfo).port;
  const lines: string[] = [];
  if (!hasWrk) lines.push('wrk is not installed and could not be installed: node closed-loop fallback');
  const kumo = await kumoEdge(kind === 'hit' ? CACHING_OPTIMIZED : CACHING_DISABLED, originPort);
  // edge-pass: HAProxy's runs alternate with kumo's (kumo, HAProxy, ×3) so both see the same machine load, as in
  // elb-nlb-tcp; the ratio line is the target (≤ 2× HAProxy's CPU per request).
  const hp = kind === 'pass' ? await startHaproxyAnchor(originPort) : undefined;
  if (kind === 'pass' && !hp) lines.push('HAProxy anchor: not installed and could not be installed');
  try {
    await new Promise<void>((resolve, reject) => http.get({ host: '127.0.0.1', port: kumo.port, path: '/obj', headers: { host: kumo.domain } }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
    const runs = [];
    const hpRuns = [];
    const load = [loadavg()[0]!];
    for (let i = 0; i < 3; i++) {
      runs.push(await measure([kumo.server.pid], kumo.port, kumo.domain, '/obj', 32));
      if (hp) hpRuns.push(await measure([hp.pid], hp.port, 'localhost', '/obj', 32));
    }
    load.push(loadavg()[0]!);
    lines.push(line(`edge-${kind} kumo -c32`, median(runs)));
    if (hp) {
      lines.push(line('edge-pass HAProxy mode http -c32', median(hpRuns)));
      lines.push(`edge-pass ratio kumo/HAProxy CPU per request: ${(median(runs).cpuUsPerRequest / median(hpRuns).cpuUsPerRequest).toFixed(2)}× (interleaved runs; load average ${load.map((l) => l.toFixed(1)).join(' → ')})`);
    }
    if (kind === 'hit') {
      const p99 = [];
      for (let i = 0; i < 3; i++) p99.push(await measure([kumo.server.pid], kumo.port, kumo.domain, '/obj', 16));
      lines.push(line('edge-hit kumo -c16 (p99)', median(p99)));
    }
  } finally {
    await kumo.server.stop();
    hp?.stop();
  }
  // Anchors in the same run: nginx proxy_cache hits for edge-hit; for edge-pass nginx proxy_pass (no cache), after
  // the interleaved kumo/HAProxy runs above.
  const nginx = await startNginx(originPort);
  if (!nginx) lines.push('nginx anchor: not installed and could not be installed');
  else {
    try {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await measure(nginx.pids, nginx.port, 'localhost', kind === 'hit' ? '/warm' : '/pass/obj', 32));
      lines.push(line(kind === 'hit' ? 'edge-hit nginx proxy_cache -c32' : 'edge-pass nginx proxy_pass -c32', median(runs)));
      if (kind === 'hit') {
        // The p99 anchor: nginx's hits at -c16 under the same machine load.
        const p99 = [];
        for (let i = 0; i < 3; i++) p99.push(await measure(nginx.pids, nginx.port, 'localhost', '/warm', 16));
        lines.push(line('edge-hit nginx proxy_cache -c16 (p99)', median(p99)));
      }
    } finally {
      nginx.stop();
    }
  }
  await new Promise((r) => origin.close(r));
  return lines;
}

/** One GET through the edge, body discarded: ms taken, ms to the first body byte, and bytes received. */
function timedGet(port: number, host: string, path: string, headers: Record<string, string> = {}): Promise<{ ms: number; firstByteMs: number; bytes: number; status: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, headers: { host, ...headers }, agent: false }, (res) => {
      let bytes = 0;
      let firstByteMs = -1;
      res.on('data', (c: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - start;
        bytes += c.length;
      });
      res.on('end', () => resolve({ ms: performance.now() - start, firstByteMs, bytes, status: res.statusCode ?? 0 }));
    }).on('error', reject);
  });
}

/** `edge-big`: a 100 MiB object (KUMO_BENCH_EDGE_BIG_MB) through the edge: the miss fills the cache, then hits and a
 *  1 MiB Range hit; the server's RSS is sampled every 10 ms, so the peak over each phase is the figure (a body held
 *  in memory would add at least its size). Persistence on (the cache files go under the data directory). */
async function bigObject(): Promise<string[]> {
  const mb = Number(process.env.KUMO_BENCH_EDGE_BIG_MB ?? 100);
  const big = Buffer.alloc(mb * 1024 * 1024, 'k');
  const origin = http.createServer((req, res) => {
    const body = req.url === '/big' ? big : BODY;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'max-age=3600', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const kumo = await kumoEdge(CACHING_OPTIMIZED, (origin.address() as AddressInfo).port, []);
  const lines: string[] = [];
  try {
    const pid = kumo.server.pid;
    await timedGet(kumo.port, kumo.domain, '/small');
    await new Promise((r) => setTimeout(r, 500));
    const base = rssMiB(pid);
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 10);
    const phase = async (name: string, run: () => Promise<{ ms: number; firstByteMs: number; bytes: number; status: number }>) => {
      peak = rssMiB(pid);
      const r = await run();
      peak = Math.max(peak, rssMiB(pid));
      lines.push(`${name.padEnd(28)} ${r.status} ${(r.bytes / 1048576).toFixed(1).padStart(6)} MiB in ${r.ms.toFixed(0).padStart(5)} ms (${((r.bytes / 1048576) / (r.ms / 1000)).toFixed(0)} MiB/s), first body byte ${r.firstByteMs.toFixed(1)} ms  peak RSS ${peak.toFixed(1)} MiB (+${(peak - base).toFixed(1)} over ${base.toFixed(1)})`);
    };
    await phase(`edge-big miss (${mb} MiB)`, () => timedGet(kumo.port, kumo.domain, '/big'));
    for (let i = 1; i <= 3; i++) await phase(`edge-big hit ${i}`, () => timedGet(kumo.port, kumo.domain, '/big'));
    await phase('edge-big Range 1 MiB hit', () => timedGet(kumo.port, kumo.domain, '/big', { range: `bytes=${1 << 20}-${(2 << 20) - 1}` }));
    clearInterval(sampler);
  } finally {
    await kumo.server.stop();
    await new Promise((r) => origin.close(r));
  }
  return lines;
}

export const EDGE_SCENARIOS: Scenario[] = [
  { name: 'edge-hit', run: () => scenario('hit') },
  { name: 'edge-pass', run: () => scenario('pass') },
  { name: 'edge-big', run: bigObject },
];

// CloudFront under kill -9: a distribution committed before its answer is there after a restart on the same data
// directory, the edge serves it again without any API call, and the local CA is the same certificate. WAF's sampled
// requests from edge traffic are there after a restart too (GetSampledRequests).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFrontClient, CreateDistributionCommand, GetDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateWebACLCommand, GetSampledRequestsCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';
import { customOriginConfig } from './cloudfront-support.js';
import { viewerGet } from './edge-support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-cf-durable-'));
const running: SpawnedKumo[] = [];
const origin = http.createServer((_req, res) => {
  res.writeHead(200, { 'cache-control': 'max-age=60' });
  res.end('durable');
});
after(async () => {
  for (const k of running) await k.stop('SIGKILL');
  await new Promise((r) => origin.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ kumo: SpawnedKumo; cf: CloudFrontClient; edge: number; ca: string }> {
  const kumo = await spawnKumo(['--data-dir', dataDir], { KUMO_DNS_PORT: '0', KUMO_EDGE_HTTP_PORT: '0', KUMO_EDGE_HTTPS_PORT: '0' });
  running.push(kumo);
  let edge = 0;
  for (let i = 0; i < 200 && !edge; i++) {
    const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as { components: Record<string, { state?: string; endpoints?: string[] }> };
    const c = health.components['cloudfront.edge'];
    if (c?.state === 'running') edge = Number(/:(\d+)$/.exec(c.endpoints?.[0] ?? '')?.[1]);
    else await new Promise((r) => setTimeout(r, 50));
  }
  const ca = await (await fetch(`${kumo.url}/_kumo/ca.pem`)).text();
  return { kumo, cf: new CloudFrontClient({ endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), edge, ca };
}

test('a distribution survives kill -9 and the edge serves it after the restart, with the same CA', async () => {
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const port = (origin.address() as AddressInfo).port;
  const first = await start();
  const created = await first.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', port) }));
  const domain = created.Distribution!.DomainName!;
  assert.equal((await viewerGet(first.edge, domain, '/x')).body, 'durable');
  first.cf.destroy();
  await first.kumo.stop('SIGKILL');

  const second = await start();
  const got = await second.cf.send(new GetDistributionCommand({ Id: created.Distribution!.Id! }));
  assert.equal(got.ETag, created.ETag);
  const r = await viewerGet(second.edge, domain, '/x');
  assert.equal(r.body, 'durable');
  assert.equal(r.headers['x-cache'], 'Miss from cloudfront', 'the cache starts empty, like a new POP');
  assert.equal(second.ca, first.ca);
  second.cf.destroy();
});

test('WAF sampled requests from edge traffic survive a restart', async () => {
  for (const k of running.splice(0)) await k.stop('SIGKILL');
  if (!origin.listening) await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const port = (origin.address() as AddressInfo).port;
  const first = await start();
  const clientConfig = { endpoint: first.kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const waf = new WAFV2Client(clientConfig);
  const acl = (await waf.send(new CreateWebACLCommand({ Name: 'durable-acl', Scope: 'CLOUDFRONT', DefaultAction: { Block: {} }, Rules: [], VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: false, MetricName: 'durable-acl' } }))).Summary!;
  const created = await first.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', port, { WebACLId: acl.ARN! }) }));
  const blocked = await viewerGet(first.edge, created.Distribution!.DomainName!, '/sampled');
  assert.equal(blocked.status, 403);
  waf.destroy();
  first.cf.destroy();
  // A graceful stop writes the samples recorded since the last once-a-second flush.
  await first.kumo.stop('SIGTERM');

  const second = await start();
  const waf2 = new WAFV2Client({ ...clientConfig, endpoint: second.kumo.url });
  const window = { StartTime: new Date(Date.now() - 3_600_000), EndTime: new Date(Date.now() + 60_000) };
  const samples = await waf2.send(new GetSampledRequestsCommand({ WebAclArn: acl.ARN!, RuleMetricName: 'durable-acl', Scope: 'CLOUDFRONT', TimeWindow: window, MaxItems: 10 }));
  assert.equal(samples.PopulationSize, 1);
  assert.equal(samples.SampledRequests![0]!.Action, 'BLOCK');
  assert.equal(samples.SampledRequests![0]!.Request!.URI, '/sampled');
  waf2.destroy();
  second.cf.destroy();
});

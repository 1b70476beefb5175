// Smoke test of CloudFront with the installed aws-cli against a started server: create-distribution from a JSON
// config file, wait distribution-deployed (ends at once), list-cache-policies with the
// managed ones, create-invalidation, and a viewer request through the edge on its own port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';
import { viewerGet } from '../services/cloudfront/edge-support.js';

let kumo: SpawnedKumo;
let origin: http.Server;
before(async () => {
  kumo = await spawnKumo(['--in-memory'], { KUMO_DNS_PORT: '0', KUMO_EDGE_HTTP_PORT: '0', KUMO_EDGE_HTTPS_PORT: '0' });
  origin = http.createServer((_req, res) => {
    res.writeHead(200, { 'cache-control': 'max-age=300' });
    res.end('from origin');
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
});
after(async () => {
  await kumo.stop();
  await new Promise((r) => origin.close(r));
});

const { aws, awsJson } = awsCliFor(() => kumo.url);

async function edgeHttpPort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as { components: Record<string, { state?: string; endpoints?: string[] }> };
    const edge = health.components['cloudfront.edge'];
    if (edge?.state === 'running') return Number(/:(\d+)$/.exec(edge.endpoints?.[0] ?? '')?.[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the edge did not start');
}

test('aws cloudfront create-distribution, wait distribution-deployed, list-cache-policies, create-invalidation, and the edge serves it', async () => {
  const port = (origin.address() as AddressInfo).port;
  const config = {
    CallerReference: `cli-${process.pid}`,
    Comment: 'from the cli',
    Enabled: true,
    DefaultRootObject: 'index.html',
    Origins: { Quantity: 1, Items: [{ Id: 'web', DomainName: '127.0.0.1', CustomOriginConfig: { HTTPPort: port, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }] },
    DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'allow-all', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'kumo-cf-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const created = awsJson(['cloudfront', 'create-distribution', '--distribution-config', `file://${file}`]);
  const d = created['Distribution'] as { Id: string; DomainName: string; Status: string };
  assert.match(d.Id, /^E[A-Z0-9]{13}$/);
  assert.equal(d.Status, 'InProgress');
  aws(['cloudfront', 'wait', 'distribution-deployed', '--id', d.Id]);
  const policies = awsJson(['cloudfront', 'list-cache-policies', '--type', 'managed'])['CachePolicyList'] as { Items: { CachePolicy: { Id: string; CachePolicyConfig: { Name: string } } }[] };
  assert.ok(policies.Items.some((p) => p.CachePolicy.Id === '658327ea-f89d-4fab-a63d-7e88639e58f6' && p.CachePolicy.CachePolicyConfig.Name === 'Managed-CachingOptimized'));
  const inv = awsJson(['cloudfront', 'create-invalidation', '--distribution-id', d.Id, '--paths', '/*'])['Invalidation'] as { Status: string };
  assert.equal(inv.Status, 'InProgress');
  const edge = await edgeHttpPort();
  const answer = await viewerGet(edge, d.DomainName, '/');
  assert.equal(answer.status, 200, answer.body);
  assert.equal(answer.body, 'from origin');
});

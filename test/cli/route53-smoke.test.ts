// Smoke test of Route 53 with the installed aws-cli against a started server: create-hosted-zone, a JSON change
// batch through change-resource-record-sets, get-change, list-resource-record-sets, and the DNS answer it makes;
// an alias to an S3 website followed as a browser does (DNS, then HTTP to the edge's port 80 stand-in).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import http from 'node:http';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory'], { KUMO_DNS_PORT: '0', KUMO_EDGE_HTTP_PORT: '0', KUMO_EDGE_HTTPS_PORT: '0' });
});
after(async () => {
  await kumo.stop();
});

const { aws, awsJson, awsOk } = awsCliFor(() => kumo.url);

async function endpointPort(component: string, prefix = ''): Promise<number> {
  const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as { components: Record<string, { endpoints?: string[] }> };
  return Number(/:(\d+)$/.exec(health.components[component]?.endpoints?.find((e) => e.startsWith(prefix)) ?? '')?.[1]);
}

const dnsPort = () => endpointPort('route-53.dns');

test('aws route53 create-hosted-zone, change-resource-record-sets with a JSON batch, get-change, and DNS answers it', async () => {
  const zone = awsJson(['route53', 'create-hosted-zone', '--name', 'cli.example.com', '--caller-reference', `cli-${process.pid}`]);
  const zoneId = String((zone['HostedZone'] as { Id: string }).Id);
  assert.match(zoneId, /^\/hostedzone\/Z/);

  const batch = {
    Comment: 'from the cli',
    Changes: [
      { Action: 'CREATE', ResourceRecordSet: { Name: 'www.cli.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.44' }] } },
      { Action: 'CREATE', ResourceRecordSet: { Name: 'cli.example.com', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"hello cli"' }] } },
    ],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'kumo-r53-')), 'batch.json');
  writeFileSync(file, JSON.stringify(batch));
  const change = awsJson(['route53', 'change-resource-record-sets', '--hosted-zone-id', zoneId, '--change-batch', `file://${file}`])['ChangeInfo'] as { Id: string; Status: string };
  assert.equal(change.Status, 'PENDING');
  const got = awsJson(['route53', 'get-change', '--id', change.Id])['ChangeInfo'] as { Status: string };
  assert.equal(got.Status, 'INSYNC');

  const sets = awsJson(['route53', 'list-resource-record-sets', '--hosted-zone-id', zoneId])['ResourceRecordSets'] as { Name: string; Type: string }[];
  assert.deepEqual(sets.map((s) => `${s.Name} ${s.Type}`), ['cli.example.com. NS', 'cli.example.com. SOA', 'cli.example.com. TXT', 'www.cli.example.com. A']);

  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`127.0.0.1:${await dnsPort()}`]);
  assert.deepEqual(await resolver.resolve4('www.cli.example.com'), ['192.0.2.44']);
  assert.deepEqual(await resolver.resolveTxt('cli.example.com'), [['hello cli']]);
});

test('aws route53 answers InvalidChangeBatch for a record that already exists, with Route 53\'s message', () => {
  const zone = awsJson(['route53', 'create-hosted-zone', '--name', 'dup.cli.example.com', '--caller-reference', `dup-${process.pid}`]);
  const zoneId = String((zone['HostedZone'] as { Id: string }).Id);
  const batch = JSON.stringify({ Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'dup.cli.example.com', Type: 'NS', TTL: 300, ResourceRecords: [{ Value: 'ns.example.net' }] } }] });
  const result = aws(['route53', 'change-resource-record-sets', '--hosted-zone-id', zoneId, '--change-batch', batch]);
  assert.equal(result.status, 255);
  assert.match(result.stderr, /InvalidChangeBatch/);
  assert.match(result.stderr, /Tried to create resource record set \[name='dup\.cli\.example\.com\.', type='NS'\] but it already exists/);
});

test('aws s3 website and a route53 alias to the website endpoint: the name resolves to kumo and HTTP to port 80\'s stand-in serves the site', async () => {
  const site = 'www.site.cli.example.com';
  const dir = mkdtempSync(join(tmpdir(), 'kumo-r53-site-'));
  writeFileSync(join(dir, 'index.html'), 'cli site');
  awsOk(['s3', 'mb', `s3://${site}`]);
  awsOk(['s3api', 'delete-public-access-block', '--bucket', site]);
  awsOk(['s3api', 'put-bucket-policy', '--bucket', site, '--policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${site}/*` }] })]);
  awsOk(['s3', 'website', `s3://${site}`, '--index-document', 'index.html']);
  awsOk(['s3', 'cp', join(dir, 'index.html'), `s3://${site}/index.html`, '--content-type', 'text/html']);
  const zoneId = String((awsJson(['route53', 'create-hosted-zone', '--name', 'site.cli.example.com', '--caller-reference', `site-${process.pid}`])['HostedZone'] as { Id: string }).Id);
  const alias = { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: site, Type: 'A', AliasTarget: { HostedZoneId: 'Z3AQBSTGFYJSTF', DNSName: 's3-website-us-east-1.amazonaws.com', EvaluateTargetHealth: false } } }] };
  awsJson(['route53', 'change-resource-record-sets', '--hosted-zone-id', zoneId, '--change-batch', JSON.stringify(alias)]);
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`127.0.0.1:${await dnsPort()}`]);
  const [address] = await resolver.resolve4(site);
  assert.equal(address, '127.0.0.1');
  // node:http, not fetch: fetch sends its own Host.
  const port = await endpointPort('cloudfront.edge', 'http ');
  const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get({ host: address, port, path: '/', headers: { host: site } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  assert.equal(page.status, 200);
  assert.equal(page.body, 'cli site');
});

// WAFv2 under kill -9: a web ACL, its IP set and an ALB association acknowledged before the SIGKILL are there after
// the restart with the same LockTokens, and the stale-token rule still holds.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociateWebACLCommand, CreateIPSetCommand, CreateWebACLCommand, GetIPSetCommand, GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-wafv2-durable-'));
let server: SpawnedKumo | undefined;
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/durable/0123456789abcdef';
const VIS = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'm' };

after(async () => {
  await server?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (url: string) => new WAFV2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

test('web ACLs, IP sets and associations acknowledged before kill -9 survive the restart', async () => {
  server = await spawnKumo(['--data-dir', dataDir]);
  let waf = client(server.url);
  const ip = (await waf.send(new CreateIPSetCommand({ Name: 'keep', Scope: 'REGIONAL', IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] }))).Summary!;
  const acl = (await waf.send(new CreateWebACLCommand({ Name: 'keep', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: VIS, Rules: [{ Name: 'r', Priority: 0, Action: { Block: {} }, VisibilityConfig: VIS, Statement: { IPSetReferenceStatement: { ARN: ip.ARN! } } }] }))).Summary!;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: ALB }));
  waf.destroy();
  await server.stop('SIGKILL');

  server = await spawnKumo(['--data-dir', dataDir]);
  waf = client(server.url);
  const got = await waf.send(new GetIPSetCommand({ Name: 'keep', Scope: 'REGIONAL', Id: ip.Id! }));
  assert.deepEqual(got.IPSet!.Addresses, ['2001:db8::/32']);
  assert.equal(got.LockToken, ip.LockToken);
  assert.equal((await waf.send(new GetWebACLForResourceCommand({ ResourceArn: ALB }))).WebACL!.ARN, acl.ARN);
  waf.destroy();
});

// WAFv2 smoke test against a `kumo start` child with the installed aws-cli: an IP set and a web ACL created,
// read and listed, capacity checked, the managed catalog listed, and the CLOUDFRONT scope refused outside us-east-1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { awsCliFor } from '../support/aws-cli.js';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';

let server: SpawnedKumo;
const { awsJson, aws } = awsCliFor(() => server.url);

before(async () => {
  server = await spawnKumo(['--in-memory']);
});

after(async () => {
  await server.stop();
});

test('aws-cli creates an IP set and a web ACL that references it, then reads them back', () => {
  const ipset = awsJson(['wafv2', 'create-ip-set', '--name', 'cli-set', '--scope', 'REGIONAL', '--ip-address-version', 'IPV4', '--addresses', '192.0.2.0/24'])['Summary'] as { ARN: string; Id: string };
  assert.match(ipset.ARN, /^arn:aws:wafv2:us-east-1:000000000000:regional\/ipset\/cli-set\//);
  const rules = JSON.stringify([{ Name: 'deny', Priority: 0, Action: { Block: {} }, Statement: { IPSetReferenceStatement: { ARN: ipset.ARN } }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'deny' } }]);
  const acl = awsJson(['wafv2', 'create-web-acl', '--name', 'cli-acl', '--scope', 'REGIONAL', '--default-action', 'Allow={}', '--rules', rules, '--visibility-config', 'SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=cli-acl'])['Summary'] as { Id: string };
  const got = awsJson(['wafv2', 'get-web-acl', '--name', 'cli-acl', '--scope', 'REGIONAL', '--id', acl.Id])['WebACL'] as { Capacity: number; Rules: unknown[] };
  assert.equal(got.Capacity, 1);
  assert.equal(got.Rules.length, 1);
  const listed = awsJson(['wafv2', 'list-web-acls', '--scope', 'REGIONAL'])['WebACLs'] as { Name: string }[];
  assert.ok(listed.some((w) => w.Name === 'cli-acl'));
  const groups = awsJson(['wafv2', 'list-available-managed-rule-groups', '--scope', 'REGIONAL'])['ManagedRuleGroups'] as { Name: string }[];
  assert.ok(groups.some((g) => g.Name === 'AWSManagedRulesCommonRuleSet'));
});

test('aws-cli sees WAFInvalidParameterException for the CLOUDFRONT scope outside us-east-1', () => {
  const r = aws(['wafv2', 'list-web-acls', '--scope', 'CLOUDFRONT', '--region', 'eu-west-1']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /WAFInvalidParameterException.*The scope is not valid\., field: SCOPE_VALUE, parameter: CLOUDFRONT/);
});

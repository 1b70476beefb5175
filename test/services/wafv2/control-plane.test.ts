// WAFv2's control plane through the real @aws-sdk/client-wafv2 over loopback: sets under LockTokens, web ACLs with
// capacity, CLOUDFRONT scope only in us-east-1, ALB associations (CloudFront ARNs refused), logging, tags, managed
// groups, and the internal evaluate() feeding GetSampledRequests and GetRateBasedStatementManagedKeys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateWebACLCommand, CheckCapacityCommand, CreateIPSetCommand, CreateRegexPatternSetCommand, CreateRuleGroupCommand, CreateWebACLCommand,
  DeleteIPSetCommand, DeleteWebACLCommand, DescribeManagedRuleGroupCommand, DisassociateWebACLCommand, GetIPSetCommand,
  GetLoggingConfigurationCommand, GetRateBasedStatementManagedKeysCommand, GetSampledRequestsCommand, GetWebACLCommand, GetWebACLForResourceCommand,
  ListAvailableManagedRuleGroupsCommand, ListIPSetsCommand, ListResourcesForWebACLCommand, ListTagsForResourceCommand, PutLoggingConfigurationCommand,
  TagResourceCommand, UpdateIPSetCommand, WAFV2Client, type Rule,
} from '@aws-sdk/client-wafv2';
import { assertAwsError } from '../../support/aws-error.js';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import type { WafInternal } from '../../../src/services/wafv2/internal.js';

let kumo: TestKumo;
let waf: WAFV2Client;
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/0123456789abcdef';
const VIS = (m: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: m });

before(async () => {
  kumo = await startTestKumo();
  waf = new WAFV2Client(kumo.clientConfig());
});

after(async () => {
  waf.destroy();
  await kumo.stop();
});

test('an IP set is created, read and updated under its LockToken; a stale token answers WAFOptimisticLockException', async () => {
  const created = await waf.send(new CreateIPSetCommand({ Name: 'office', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['192.0.2.0/24'] }));
  const s = created.Summary!;
  assert.match(s.ARN!, /^arn:aws:wafv2:us-east-1:000000000000:regional\/ipset\/office\/[0-9a-f-]{36}$/);
  const got = await waf.send(new GetIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id! }));
  assert.deepEqual(got.IPSet!.Addresses, ['192.0.2.0/24']);
  assert.equal(got.LockToken, s.LockToken);
  const upd = await waf.send(new UpdateIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id!, Addresses: ['198.51.100.7/32'], LockToken: s.LockToken! }));
  assert.notEqual(upd.NextLockToken, s.LockToken);
  await assertAwsError(waf.send(new UpdateIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: s.Id!, Addresses: [], LockToken: s.LockToken! })), {
    code: 'WAFOptimisticLockException', status: 400,
    message: 'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.',
  });
  const listed = await waf.send(new ListIPSetsCommand({ Scope: 'REGIONAL' }));
  assert.ok(listed.IPSets!.some((x) => x.Name === 'office' && x.LockToken === upd.NextLockToken));
  await assertAwsError(waf.send(new GetIPSetCommand({ Name: 'office', Scope: 'REGIONAL', Id: '00000000-0000-0000-0000-000000000000' })), { code: 'WAFNonexistentItemException', status: 400 });
});

test('CLOUDFRONT scope outside us-east-1 answers WAFInvalidParameterException with Field, Parameter and Reason', async () => {
  const west = new WAFV2Client(kumo.clientConfig('test', 'eu-west-1'));
  try {
    const err = await west.send(new CreateIPSetCommand({ Name: 'cf', Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: [] })).then(() => undefined, (e: unknown) => e as { name: string; message: string; Field?: string; Parameter?: string; Reason?: string });
    assert.equal(err?.name, 'WAFInvalidParameterException');
    assert.equal(err?.message, 'Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: CLOUDFRONT');
    assert.equal(err?.Field, 'SCOPE_VALUE');
    assert.equal(err?.Parameter, 'CLOUDFRONT');
    assert.equal(err?.Reason, 'The scope is not valid.');
  } finally {
    west.destroy();
  }
  const ok = await waf.send(new CreateIPSetCommand({ Name: 'cf', Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: [] }));
  assert.match(ok.Summary!.ARN!, /:global\/ipset\/cf\//);
});

test('CheckCapacity prices statements as AWS lists them', async () => {
  const rules: Rule[] = [
    { Name: 'b', Priority: 1, Action: { Block: {} }, VisibilityConfig: VIS('b'), Statement: { ByteMatchStatement: { SearchString: new TextEncoder().encode('bad'), FieldToMatch: { UriPath: {} }, PositionalConstraint: 'CONTAINS', TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } } },
    { Name: 's', Priority: 2, Action: { Block: {} }, VisibilityConfig: VIS('s'), Statement: { SqliMatchStatement: { FieldToMatch: { AllQueryArguments: {} }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }], SensitivityLevel: 'HIGH' } } },
    { Name: 'x', Priority: 3, Action: { Block: {} }, VisibilityConfig: VIS('x'), Statement: { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } },
    { Name: 'm', Priority: 4, OverrideAction: { None: {} }, VisibilityConfig: VIS('m'), Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } } },
  ];
  const stored = (await waf.send(new CreateWebACLCommand({ Name: 'priced', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: VIS('priced'), Rules: rules }))).Summary!;
  const back = await waf.send(new GetWebACLCommand({ Name: 'priced', Scope: 'REGIONAL', Id: stored.Id! }));
  // The ByteMatch SearchString blob survives the store as bytes.
  assert.equal(new TextDecoder().decode(back.WebACL!.Rules![0]!.Statement!.ByteMatchStatement!.SearchString), 'bad');
  assert.equal(back.WebACL!.Capacity, 310);
  const out = await waf.send(new CheckCapacityCommand({ Scope: 'REGIONAL', Rules: rules }));
  // ByteMatch CONTAINS 10 + 1 transformation 10; SQLi HIGH 30 + all query args 10 + 10; XSS 40; SQLiRuleSet 200.
  assert.equal(out.Capacity, 20 + 50 + 40 + 200);
});

test('a regex RE2 cannot run is refused at create', async () => {
  await assertAwsError(waf.send(new CreateRegexPatternSetCommand({ Name: 'bad', Scope: 'REGIONAL', RegularExpressionList: [{ RegexString: '(a)\\1' }] })), { code: 'WAFInvalidParameterException', status: 400 });
  const ok = await waf.send(new CreateRegexPatternSetCommand({ Name: 'good', Scope: 'REGIONAL', RegularExpressionList: [{ RegexString: '^/admin' }] }));
  assert.ok(ok.Summary!.Id);
});

test('managed rule groups are listed and described with their capacity and labels', async () => {
  const list = await waf.send(new ListAvailableManagedRuleGroupsCommand({ Scope: 'REGIONAL' }));
  const names = list.ManagedRuleGroups!.map((g) => g.Name);
  for (const n of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAdminProtectionRuleSet', 'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAnonymousIpList']) assert.ok(names.includes(n), n);
  const d = await waf.send(new DescribeManagedRuleGroupCommand({ Scope: 'REGIONAL', VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }));
  assert.equal(d.Capacity, 700);
  assert.equal(d.LabelNamespace, 'awswaf:managed:aws:core-rule-set:');
  assert.ok(d.Rules!.some((r) => r.Name === 'NoUserAgent_HEADER'));
});

test('a web ACL on an ALB judges requests through the internal API: samples, rate limits, association rules', async () => {
  const ip = (await waf.send(new CreateIPSetCommand({ Name: 'deny', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['127.0.9.0/24'] }))).Summary!;
  const acl = (await waf.send(new CreateWebACLCommand({
    Name: 'front', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: VIS('front'),
    Rules: [
      { Name: 'deny-ip', Priority: 0, Action: { Block: {} }, VisibilityConfig: VIS('deny-ip'), Statement: { IPSetReferenceStatement: { ARN: ip.ARN! } } },
      { Name: 'rate', Priority: 1, Action: { Block: {} }, VisibilityConfig: VIS('rate'), Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } } },
    ],
  }))).Summary!;
  const got = await waf.send(new GetWebACLCommand({ Name: 'front', Scope: 'REGIONAL', Id: acl.Id! }));
  assert.equal(got.WebACL!.Capacity, 3);
  assert.equal(got.WebACL!.LabelNamespace, 'awswaf:000000000000:webacl:front:');

  await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: ALB }));
  assert.equal((await waf.send(new GetWebACLForResourceCommand({ ResourceArn: ALB }))).WebACL!.Name, 'front');
  assert.deepEqual((await waf.send(new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN! }))).ResourceArns, [ALB]);
  await assertAwsError(waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: 'arn:aws:cloudfront::000000000000:distribution/E1ABCDEFGHIJKL' })), {
    code: 'WAFInvalidParameterException', status: 400,
    message: "Error reason: The ARN isn't valid. A valid ARN begins with arn: and includes other information separated by colons or slashes., field: RESOURCE_ARN, parameter: arn:aws:cloudfront::000000000000:distribution/E1ABCDEFGHIJKL",
  });
  await assertAwsError(waf.send(new DeleteWebACLCommand({ Name: 'front', Scope: 'REGIONAL', Id: acl.Id!, LockToken: got.LockToken! })), { code: 'WAFAssociatedItemException', status: 400 });
  await assertAwsError(waf.send(new DeleteIPSetCommand({ Name: 'deny', Scope: 'REGIONAL', Id: ip.Id!, LockToken: ip.LockToken! })), { code: 'WAFAssociatedItemException', status: 400 });

  const internal = (await kumo.serviceInternal('wafv2')) as WafInternal;
  const req = (clientIp: string) => ({ method: 'GET', path: '/', query: '', headers: [['host', 'x'], ['user-agent', 'curl']] as const, clientIp });
  assert.equal(internal.evaluate(ALB, req('127.0.9.5'))!.action, 'BLOCK');
  const verdicts = Array.from({ length: 11 }, () => internal.evaluate(ALB, req('127.0.0.2'))!);
  assert.deepEqual(verdicts.slice(0, 10).map((v) => v.action), Array(10).fill('ALLOW'));
  assert.equal(verdicts[10]!.action, 'BLOCK');
  assert.equal(verdicts[10]!.terminatingRule, 'rate');
  const keys = await waf.send(new GetRateBasedStatementManagedKeysCommand({ Scope: 'REGIONAL', WebACLName: 'front', WebACLId: acl.Id!, RuleName: 'rate' }));
  assert.deepEqual(keys.ManagedKeysIPV4!.Addresses, ['127.0.0.2/32']);
  await kumo.advance(61);
  assert.equal(internal.evaluate(ALB, req('127.0.0.2'))!.action, 'ALLOW');

  const now = Date.now() + 3_600_000;
  const sampled = await waf.send(new GetSampledRequestsCommand({ WebAclArn: acl.ARN!, RuleMetricName: 'deny-ip', Scope: 'REGIONAL', MaxItems: 100, TimeWindow: { StartTime: new Date(now - 4 * 3_600_000), EndTime: new Date(now) } }));
  assert.equal(sampled.PopulationSize, 1);
  assert.equal(sampled.SampledRequests![0]!.Request!.ClientIP, '127.0.9.5');
  assert.equal(sampled.SampledRequests![0]!.Action, 'BLOCK');

  await waf.send(new DisassociateWebACLCommand({ ResourceArn: ALB }));
  assert.equal((await waf.send(new GetWebACLForResourceCommand({ ResourceArn: ALB }))).WebACL, undefined);
  assert.equal(internal.evaluate(ALB, req('127.0.9.5')), undefined);
});

test('logging configurations and tags are stored', async () => {
  const acl = (await waf.send(new CreateWebACLCommand({ Name: 'logged', Scope: 'REGIONAL', DefaultAction: { Block: {} }, VisibilityConfig: VIS('logged'), Rules: [], Tags: [{ Key: 'team', Value: 'a' }] }))).Summary!;
  const dest = 'arn:aws:firehose:us-east-1:000000000000:deliverystream/aws-waf-logs-front';
  await waf.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN!, LogDestinationConfigs: [dest] } }));
  const got = await waf.send(new GetLoggingConfigurationCommand({ ResourceArn: acl.ARN! }));
  assert.deepEqual(got.LoggingConfiguration!.LogDestinationConfigs, [dest]);
  await waf.send(new TagResourceCommand({ ResourceARN: acl.ARN!, Tags: [{ Key: 'env', Value: 'dev' }] }));
  const tags = await waf.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN! }));
  assert.deepEqual(tags.TagInfoForResource!.TagList, [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'dev' }]);
});

test('a rule group within its capacity is stored; rules over it answer WAFLimitsExceededException', async () => {
  const rule: Rule = { Name: 'x', Priority: 0, Action: { Block: {} }, VisibilityConfig: VIS('x'), Statement: { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } };
  await assertAwsError(waf.send(new CreateRuleGroupCommand({ Name: 'small', Scope: 'REGIONAL', Capacity: 10, Rules: [rule], VisibilityConfig: VIS('small') })), { code: 'WAFLimitsExceededException', status: 400 });
  const ok = await waf.send(new CreateRuleGroupCommand({ Name: 'big', Scope: 'REGIONAL', Capacity: 50, Rules: [rule], VisibilityConfig: VIS('big') }));
  assert.ok(ok.Summary!.ARN!.includes(':regional/rulegroup/big/'));
});

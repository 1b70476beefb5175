// CloudFront distributions through SDK v3: ids and domain names in AWS's formats, InProgress then Deployed,
// ETag/If-Match on update and delete, CallerReference, aliases, and the bad-input errors of the API reference.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDistributionCommand, CreateDistributionWithTagsCommand, DeleteDistributionCommand, GetDistributionCommand, GetDistributionConfigCommand,
  ListDistributionsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { assertAwsError } from '../../support/aws-error.js';
import { TEST_ACCOUNT } from '../../support/kumo.js';
import { customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';

let h: CloudFrontHarness;
before(async () => {
  h = await startCloudFront();
});
after(() => h.close());

test('a new distribution has an E id, a d….cloudfront.net name, an ARN, InProgress status, then Deployed', async () => {
  const created = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig() }));
  const d = created.Distribution!;
  assert.match(d.Id!, /^E[A-Z0-9]{13}$/);
  assert.match(d.DomainName!, /^d[a-z0-9]{13}\.cloudfront\.net$/);
  assert.equal(d.ARN, `arn:aws:cloudfront::${TEST_ACCOUNT}:distribution/${d.Id}`);
  assert.equal(d.Status, 'InProgress');
  assert.equal(created.Location, `https://cloudfront.amazonaws.com/2020-05-31/distribution/${d.Id}`);
  assert.ok(created.ETag);
  // Defaults are filled in as CloudFront answers them.
  assert.equal(d.DistributionConfig!.PriceClass, 'PriceClass_All');
  assert.equal(d.DistributionConfig!.ViewerCertificate!.CloudFrontDefaultCertificate, true);
  assert.deepEqual(d.DistributionConfig!.DefaultCacheBehavior!.AllowedMethods!.Items, ['HEAD', 'GET']);
  const got = await h.cf.send(new GetDistributionCommand({ Id: d.Id! }));
  assert.equal(got.Distribution!.Status, 'Deployed');
  assert.equal(got.ETag, created.ETag);
  const listed = await h.cf.send(new ListDistributionsCommand({}));
  assert.ok(listed.DistributionList!.Items!.some((s) => s.Id === d.Id && s.DomainName === d.DomainName));
});

test('a CallerReference used before is DistributionAlreadyExists', async () => {
  const config = customOriginConfig();
  await h.cf.send(new CreateDistributionCommand({ DistributionConfig: config }));
  await assertAwsError(h.cf.send(new CreateDistributionCommand({ DistributionConfig: config })), { code: 'DistributionAlreadyExists', status: 409 });
});

test('update needs the current ETag in If-Match; delete needs the distribution disabled', async () => {
  const created = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig() }));
  const id = created.Distribution!.Id!;
  const { DistributionConfig: config, ETag } = await h.cf.send(new GetDistributionConfigCommand({ Id: id }));
  await assertAwsError(h.cf.send(new UpdateDistributionCommand({ Id: id, DistributionConfig: config! })), { code: 'InvalidIfMatchVersion', status: 400 });
  await assertAwsError(h.cf.send(new UpdateDistributionCommand({ Id: id, IfMatch: 'ESTALE0000000', DistributionConfig: config! })), { code: 'PreconditionFailed', status: 412 });
  await assertAwsError(h.cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: ETag })), { code: 'DistributionNotDisabled', status: 409 });
  const updated = await h.cf.send(new UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: { ...config!, Enabled: false, Comment: 'off' } }));
  assert.equal(updated.Distribution!.Status, 'InProgress');
  assert.notEqual(updated.ETag, ETag);
  assert.equal(updated.Distribution!.DistributionConfig!.Comment, 'off');
  await assertAwsError(h.cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: ETag })), { code: 'PreconditionFailed', status: 412 });
  await h.cf.send(new DeleteDistributionCommand({ Id: id, IfMatch: updated.ETag }));
  await assertAwsError(h.cf.send(new GetDistributionCommand({ Id: id })), { code: 'NoSuchDistribution', status: 404 });
});

test('bad configs get CloudFront\'s codes and change nothing', async () => {
  const before = (await h.cf.send(new ListDistributionsCommand({}))).DistributionList!.Quantity;
  const base = customOriginConfig();
  const cases: [Parameters<typeof customOriginConfig>[2], string, number][] = [
    [{ DefaultCacheBehavior: { ...base.DefaultCacheBehavior!, TargetOriginId: 'nope' } }, 'NoSuchOrigin', 404],
    [{ Origins: { Quantity: 2, Items: base.Origins!.Items } }, 'InconsistentQuantities', 400],
    [{ DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } }, MinTTL: 100, DefaultTTL: 10 } }, 'InvalidTTLOrder', 400],
    [{ Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 1, Items: ['usa'] } } }, 'InvalidLocationCode', 400],
    [{ DefaultCacheBehavior: { ...base.DefaultCacheBehavior!, CachePolicyId: '00000000-0000-0000-0000-000000000000' } }, 'NoSuchCachePolicy', 404],
    [{ Aliases: { Quantity: 1, Items: ['www.example.com'] } }, 'InvalidViewerCertificate', 400],
    [{ Origins: { Quantity: 1, Items: [{ Id: 'origin-1', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: 'origin-access-identity/cloudfront/E1111111111111' }, OriginAccessControlId: 'E2222222222222' }] } }, 'IllegalOriginAccessConfiguration', 400],
    [{ DefaultCacheBehavior: { ...base.DefaultCacheBehavior!, FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: 'arn:aws:cloudfront::000000000000:function/f', EventType: 'viewer-request' }] } } }, 'NotImplemented', 501],
    [{ DefaultCacheBehavior: { ...base.DefaultCacheBehavior!, LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: 'arn:aws:lambda:us-east-1:000000000000:function:f:1', EventType: 'origin-request' }] } } }, 'NotImplemented', 501],
  ];
  for (const [overrides, code, status] of cases) {
    await assertAwsError(h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', 80, overrides) })), { code, status });
  }
  assert.equal((await h.cf.send(new ListDistributionsCommand({}))).DistributionList!.Quantity, before);
});

test('an alias held by another distribution is CNAMEAlreadyExists', async () => {
  const withAlias = (alias: string) =>
    customOriginConfig('127.0.0.1', 80, { Aliases: { Quantity: 1, Items: [alias] }, ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/abc', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' } });
  await h.cf.send(new CreateDistributionCommand({ DistributionConfig: withAlias('cdn.alias-test.example') }));
  await assertAwsError(h.cf.send(new CreateDistributionCommand({ DistributionConfig: withAlias('CDN.alias-test.example') })), { code: 'CNAMEAlreadyExists', status: 409 });
});

test('tags given at creation and by TagResource are listed by the distribution ARN', async () => {
  const created = await h.cf.send(
    new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: customOriginConfig(), Tags: { Items: [{ Key: 'team', Value: 'edge' }] } } }),
  );
  const arn = created.Distribution!.ARN!;
  await h.cf.send(new TagResourceCommand({ Resource: arn, Tags: { Items: [{ Key: 'env', Value: 'test' }] } }));
  await h.cf.send(new UntagResourceCommand({ Resource: arn, TagKeys: { Items: ['team'] } }));
  const tags = await h.cf.send(new ListTagsForResourceCommand({ Resource: arn }));
  assert.deepEqual(tags.Tags!.Items, [{ Key: 'env', Value: 'test' }]);
  await assertAwsError(h.cf.send(new ListTagsForResourceCommand({ Resource: `arn:aws:cloudfront::${TEST_ACCOUNT}:distribution/E0000000000000` })), { code: 'NoSuchResource', status: 404 });
});

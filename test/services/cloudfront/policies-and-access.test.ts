// Policies, origin access and keys through SDK v3: managed policies under AWS's ids (unchangeable), custom ones
// with If-Match and InUse checks, OAC/OAI lifecycles (OAI CallerReference idempotency), public keys and key groups.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  CreateCachePolicyCommand, CreateCloudFrontOriginAccessIdentityCommand, CreateDistributionCommand, CreateKeyGroupCommand, CreateOriginAccessControlCommand,
  CreatePublicKeyCommand, DeleteCachePolicyCommand, DeleteCloudFrontOriginAccessIdentityCommand, DeleteOriginAccessControlCommand, DeletePublicKeyCommand,
  GetCachePolicyCommand, GetOriginRequestPolicyCommand, ListCachePoliciesCommand, ListDistributionsByCachePolicyIdCommand, ListResponseHeadersPoliciesCommand,
  UpdateCachePolicyCommand,
} from '@aws-sdk/client-cloudfront';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { CACHING_OPTIMIZED, customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';

let h: CloudFrontHarness;
before(async () => {
  h = await startCloudFront();
});
after(() => h.close());

const params = { EnableAcceptEncodingGzip: true, HeadersConfig: { HeaderBehavior: 'none' as const }, CookiesConfig: { CookieBehavior: 'none' as const }, QueryStringsConfig: { QueryStringBehavior: 'all' as const } };

test('managed policies answer under AWS\'s ids and settings and cannot be deleted', async () => {
  const optimized = await h.cf.send(new GetCachePolicyCommand({ Id: CACHING_OPTIMIZED }));
  assert.equal(optimized.CachePolicy!.CachePolicyConfig!.Name, 'Managed-CachingOptimized');
  assert.equal(optimized.CachePolicy!.CachePolicyConfig!.DefaultTTL, 86400);
  assert.equal(optimized.CachePolicy!.CachePolicyConfig!.MinTTL, 1);
  const allViewer = await h.cf.send(new GetOriginRequestPolicyCommand({ Id: '216adef6-5c7f-47e4-b989-5492eafa07d3' }));
  assert.equal(allViewer.OriginRequestPolicy!.OriginRequestPolicyConfig!.HeadersConfig!.HeaderBehavior, 'allViewer');
  const managed = await h.cf.send(new ListResponseHeadersPoliciesCommand({ Type: 'managed' }));
  assert.ok(managed.ResponseHeadersPolicyList!.Items!.some((p) => p.ResponseHeadersPolicy!.Id === '67f7725c-6f97-4210-82d7-5512b31e9d03'));
  await assertAwsError(h.cf.send(new DeleteCachePolicyCommand({ Id: CACHING_OPTIMIZED, IfMatch: optimized.ETag })), { code: 'IllegalDelete', status: 400 });
});

test('a custom cache policy: TTL order, If-Match on update, in use by a distribution, then deleted', async () => {
  const name = uniqueName('policy');
  await assertAwsError(h.cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: { Name: name, MinTTL: 100, DefaultTTL: 10, MaxTTL: 1000, ParametersInCacheKeyAndForwardedToOrigin: params } })), { code: 'InvalidTTLOrder', status: 400 });
  const created = await h.cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: { Name: name, MinTTL: 0, ParametersInCacheKeyAndForwardedToOrigin: params } }));
  const id = created.CachePolicy!.Id!;
  assert.equal(created.CachePolicy!.CachePolicyConfig!.DefaultTTL, 86400);
  await assertAwsError(h.cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: { Name: name, MinTTL: 0, ParametersInCacheKeyAndForwardedToOrigin: params } })), { code: 'CachePolicyAlreadyExists', status: 409 });
  await assertAwsError(h.cf.send(new UpdateCachePolicyCommand({ Id: id, IfMatch: 'EWRONG', CachePolicyConfig: { Name: name, MinTTL: 5, ParametersInCacheKeyAndForwardedToOrigin: params } })), { code: 'PreconditionFailed', status: 412 });
  const updated = await h.cf.send(new UpdateCachePolicyCommand({ Id: id, IfMatch: created.ETag, CachePolicyConfig: { Name: name, MinTTL: 5, ParametersInCacheKeyAndForwardedToOrigin: params } }));
  const d = await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', 80, { DefaultCacheBehavior: { TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', CachePolicyId: id } }) }));
  const byPolicy = await h.cf.send(new ListDistributionsByCachePolicyIdCommand({ CachePolicyId: id }));
  assert.deepEqual(byPolicy.DistributionIdList!.Items, [d.Distribution!.Id]);
  await assertAwsError(h.cf.send(new DeleteCachePolicyCommand({ Id: id, IfMatch: updated.ETag })), { code: 'CachePolicyInUse', status: 409 });
  const custom = await h.cf.send(new ListCachePoliciesCommand({ Type: 'custom' }));
  assert.ok(custom.CachePolicyList!.Items!.every((p) => p.Type === 'custom'));
});

test('OACs and OAIs: an origin cannot use an unknown OAC; a used OAC cannot be deleted; OAI CallerReference is idempotent', async () => {
  await assertAwsError(
    h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', 80, { Origins: { Quantity: 1, Items: [{ Id: 'origin-1', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: 'E0000000000000' }] } }) })),
    { code: 'NoSuchOriginAccessControl', status: 404 },
  );
  const oac = await h.cf.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: { Name: uniqueName('oac'), SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' } }));
  assert.match(oac.OriginAccessControl!.Id!, /^E[A-Z0-9]{13}$/);
  await h.cf.send(new CreateDistributionCommand({ DistributionConfig: customOriginConfig('127.0.0.1', 80, { Origins: { Quantity: 1, Items: [{ Id: 'origin-1', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: oac.OriginAccessControl!.Id }] } }) }));
  await assertAwsError(h.cf.send(new DeleteOriginAccessControlCommand({ Id: oac.OriginAccessControl!.Id!, IfMatch: oac.ETag })), { code: 'OriginAccessControlInUse', status: 409 });
  const ref = uniqueName('oai');
  const oai = await h.cf.send(new CreateCloudFrontOriginAccessIdentityCommand({ CloudFrontOriginAccessIdentityConfig: { CallerReference: ref, Comment: 'one' } }));
  assert.match(oai.CloudFrontOriginAccessIdentity!.S3CanonicalUserId!, /^[0-9a-f]{96}$/);
  const again = await h.cf.send(new CreateCloudFrontOriginAccessIdentityCommand({ CloudFrontOriginAccessIdentityConfig: { CallerReference: ref, Comment: 'one' } }));
  assert.equal(again.CloudFrontOriginAccessIdentity!.Id, oai.CloudFrontOriginAccessIdentity!.Id);
  await assertAwsError(h.cf.send(new CreateCloudFrontOriginAccessIdentityCommand({ CloudFrontOriginAccessIdentityConfig: { CallerReference: ref, Comment: 'two' } })), { code: 'CloudFrontOriginAccessIdentityAlreadyExists', status: 409 });
  await assertAwsError(h.cf.send(new DeleteCloudFrontOriginAccessIdentityCommand({ Id: oai.CloudFrontOriginAccessIdentity!.Id! })), { code: 'InvalidIfMatchVersion', status: 400 });
  await h.cf.send(new DeleteCloudFrontOriginAccessIdentityCommand({ Id: oai.CloudFrontOriginAccessIdentity!.Id!, IfMatch: oai.ETag }));
});

test('public keys must be RSA 2048; a key in a key group cannot be deleted', async () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
  await assertAwsError(h.cf.send(new CreatePublicKeyCommand({ PublicKeyConfig: { CallerReference: uniqueName('k'), Name: uniqueName('k'), EncodedKey: 'not a key' } })), { code: 'InvalidArgument', status: 400 });
  const key = await h.cf.send(new CreatePublicKeyCommand({ PublicKeyConfig: { CallerReference: uniqueName('k'), Name: uniqueName('k'), EncodedKey: pem } }));
  assert.match(key.PublicKey!.Id!, /^K[A-Z0-9]{13}$/);
  await h.cf.send(new CreateKeyGroupCommand({ KeyGroupConfig: { Name: uniqueName('kg'), Items: [key.PublicKey!.Id!] } }));
  await assertAwsError(h.cf.send(new DeletePublicKeyCommand({ Id: key.PublicKey!.Id!, IfMatch: key.ETag })), { code: 'PublicKeyInUse', status: 409 });
});

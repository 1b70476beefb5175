// Route 53 and CloudFront (rest-xml) and SSO / SSO OIDC (rest-json, the installed SDK's only restJson1 clients,
// from @aws-sdk/nested-clients) through kumo's codecs with real SDK v3 clients, requests and responses both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeResourceRecordSetsCommand, ListHostedZonesCommand, NoSuchHostedZone, Route53Client } from '@aws-sdk/client-route-53';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { GetRoleCredentialsCommand, SSOClient, UnauthorizedException } from '@aws-sdk/nested-clients/sso';
import { CreateTokenCommand, SSOOIDCClient } from '@aws-sdk/nested-clients/sso-oidc';
import { AwsError } from '../../src/core/aws-error.js';
import type { ServiceModel } from '../../src/core/model.js';
import type { Codec } from '../../src/protocol/codec.js';
import { restJsonCodec } from '../../src/protocol/rest-json.js';
import { restXmlCodec } from '../../src/protocol/rest-xml.js';
import { parseXml } from '../../src/protocol/shared/xml.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';
import type { Responder } from './rest-sdk-harness.js';
import { codecHandler, CREDENTIALS, ENDPOINT, pick, plain } from './rest-sdk-harness.js';

const ctx = { requestId: 'req-2' };
const route53 = loadBotocoreModel('route53');
const cloudfront = loadBotocoreModel('cloudfront');
const sso = loadBotocoreModel('sso');
const oidc = loadBotocoreModel('sso-oidc');

function answer(codec: Codec, model: ServiceModel, output: Record<string, unknown>): Responder {
  return (op) => codec.serializeOutput(model, op, output, ctx);
}

const config = (requestHandler: ReturnType<typeof codecHandler>['requestHandler']) => ({ endpoint: ENDPOINT, region: 'us-east-1', credentials: CREDENTIALS, requestHandler, maxAttempts: 1 }) as const;

test('Route 53 ChangeResourceRecordSets: the namespaced change batch parses; ChangeInfo reaches the SDK', async () => {
  const output = { ChangeInfo: { Id: '/change/C123', Status: 'PENDING', SubmittedAt: new Date('2024-02-03T04:05:06.789Z'), Comment: 'hi' } };
  const { requestHandler, exchanges } = codecHandler(restXmlCodec, route53, answer(restXmlCodec, route53, output));
  const client = new Route53Client(config(requestHandler));
  const input = {
    HostedZoneId: 'Z0123456789',
    ChangeBatch: {
      Comment: 'hi',
      Changes: [
        { Action: 'UPSERT' as const, ResourceRecordSet: { Name: 'www.example.com.', Type: 'A' as const, TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }] } },
        { Action: 'DELETE' as const, ResourceRecordSet: { Name: 'alias.example.com.', Type: 'A' as const, AliasTarget: { HostedZoneId: 'Z2', DNSName: 'lb.example.com.', EvaluateTargetHealth: true } } },
      ],
    },
  };
  const result = await client.send(new ChangeResourceRecordSetsCommand(input));
  assert.equal(exchanges[0]?.operation, 'ChangeResourceRecordSets');
  const parsed = exchanges[0]?.input ?? {};
  assert.deepEqual(plain(parsed), input);
  assert.deepEqual(plain(pick(result, output)), plain(output));
  const root = parseXml(restXmlCodec.serializeOutput(route53, route53.operations['ChangeResourceRecordSets']!, output, ctx).body as Buffer);
  assert.equal(root.name, 'ChangeResourceRecordSetsResponse');
  assert.equal(root.attributes['xmlns'], 'https://route53.amazonaws.com/doc/2013-04-01/');
});

test('Route 53 ListHostedZones: lowercase query members parse; the zone list reaches the SDK', async () => {
  const output = {
    HostedZones: [
      { Id: '/hostedzone/Z1', Name: 'example.com.', CallerReference: 'ref-1', Config: { Comment: 'c', PrivateZone: false }, ResourceRecordSetCount: 2 },
      { Id: '/hostedzone/Z2', Name: 'example.org.', CallerReference: 'ref-2', Config: { PrivateZone: true }, ResourceRecordSetCount: 5 },
    ],
    Marker: 'm0',
    IsTruncated: true,
    NextMarker: 'Z3',
    MaxItems: 2,
  };
  const { requestHandler, exchanges } = codecHandler(restXmlCodec, route53, answer(restXmlCodec, route53, output));
  const client = new Route53Client(config(requestHandler));
  const result = await client.send(new ListHostedZonesCommand({ Marker: 'm0', MaxItems: 2 }));
  assert.equal(exchanges[0]?.operation, 'ListHostedZones');
  // botocore's model types MaxItems as a string (PageMaxItems); SDK v3 sends the number as text.
  assert.deepEqual(exchanges[0]?.input, { Marker: 'm0', MaxItems: '2' });
  assert.deepEqual(plain(pick(result, output)), plain(output));
});

test('Route 53 errors use the ErrorResponse wrapper and parse in the SDK into the modeled exception', async () => {
  const error = new AwsError('NoSuchHostedZone', 'No hosted zone found with ID: Z9', { status: 404 });
  const { requestHandler } = codecHandler(restXmlCodec, route53, (op) => restXmlCodec.serializeError(route53, op, error, ctx));
  const client = new Route53Client(config(requestHandler));
  await assert.rejects(client.send(new ListHostedZonesCommand({})), (e: unknown) => {
    assert.ok(e instanceof NoSuchHostedZone);
    assert.equal(e.message, 'No hosted zone found with ID: Z9');
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
});

const distributionConfig = {
  CallerReference: 'ref-123',
  Comment: 'kumo test',
  Enabled: true,
  Aliases: { Quantity: 2, Items: ['a.example.com', 'b.example.com'] },
  DefaultRootObject: 'index.html',
  Origins: {
    Quantity: 1,
    Items: [
      {
        Id: 'origin-1',
        DomainName: 'bucket.s3.amazonaws.com',
        OriginPath: '',
        CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin', HeaderValue: 'kumo' }] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      },
    ],
  },
  DefaultCacheBehavior: {
    TargetOriginId: 'origin-1',
    ViewerProtocolPolicy: 'redirect-to-https' as const,
    AllowedMethods: { Quantity: 2, Items: ['GET' as const, 'HEAD' as const], CachedMethods: { Quantity: 2, Items: ['GET' as const, 'HEAD' as const] } },
    Compress: true,
    CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  },
  CustomErrorResponses: { Quantity: 1, Items: [{ ErrorCode: 404, ResponsePagePath: '/404.html', ResponseCode: '404', ErrorCachingMinTTL: 10 }] },
  PriceClass: 'PriceClass_100' as const,
  HttpVersion: 'http2' as const,
  IsIPV6Enabled: true,
};

test('CloudFront CreateDistribution: a deep nested payload parses; 201 with headers and the distribution reach the SDK', async () => {
  const output = {
    Location: 'https://cloudfront.amazonaws.com/2020-05-31/distribution/E123',
    ETag: 'E2QWRUHEXAMPLE',
    Distribution: {
      Id: 'E123',
      ARN: 'arn:aws:cloudfront::000000000000:distribution/E123',
      Status: 'InProgress',
      LastModifiedTime: new Date('2024-03-04T05:06:07Z'),
      InProgressInvalidationBatches: 0,
      DomainName: 'd111111abcdef8.cloudfront.net',
      DistributionConfig: distributionConfig,
    },
  };
  const { requestHandler, exchanges } = codecHandler(restXmlCodec, cloudfront, answer(restXmlCodec, cloudfront, output));
  const client = new CloudFrontClient(config(requestHandler));
  const result = await client.send(new CreateDistributionCommand({ DistributionConfig: distributionConfig }));
  assert.equal(exchanges[0]?.operation, 'CreateDistribution');
  assert.deepEqual(plain(exchanges[0]?.input), { DistributionConfig: distributionConfig });
  assert.equal(result.$metadata.httpStatusCode, 201);
  assert.deepEqual(plain(pick(result, output)), plain(output));
  const root = parseXml(restXmlCodec.serializeOutput(cloudfront, cloudfront.operations['CreateDistribution']!, output, ctx).body as Buffer);
  assert.equal(root.name, 'Distribution');
  assert.equal(root.attributes['xmlns'], 'http://cloudfront.amazonaws.com/doc/2020-05-31/');
});

test('SSO GetRoleCredentials (rest-json): query and header members parse; the JSON output reaches the SDK', async () => {
  const output = { roleCredentials: { accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token', expiration: 1_700_000_000_000 } };
  const { requestHandler, exchanges } = codecHandler(restJsonCodec, sso, answer(restJsonCodec, sso, output));
  const client = new SSOClient(config(requestHandler));
  const input = { roleName: 'Admin', accountId: '123456789012', accessToken: 'bearer-token' };
  const result = await client.send(new GetRoleCredentialsCommand(input));
  assert.equal(exchanges[0]?.operation, 'GetRoleCredentials');
  assert.deepEqual(exchanges[0]?.input, input);
  assert.deepEqual(pick(result, output), output);
});

test('SSO errors (rest-json) carry X-Amzn-Errortype and parse in the SDK into the modeled exception', async () => {
  const error = new AwsError('UnauthorizedException', 'Session token not found or invalid', { status: 401 });
  const { requestHandler } = codecHandler(restJsonCodec, sso, (op) => restJsonCodec.serializeError(sso, op, error, ctx));
  const client = new SSOClient(config(requestHandler));
  await assert.rejects(client.send(new GetRoleCredentialsCommand({ roleName: 'r', accountId: '1', accessToken: 't' })), (e: unknown) => {
    assert.ok(e instanceof UnauthorizedException);
    assert.equal(e.message, 'Session token not found or invalid');
    assert.equal(e.$metadata.httpStatusCode, 401);
    return true;
  });
});

test('SSO OIDC CreateToken (rest-json): the JSON body parses and the JSON output reaches the SDK', async () => {
  const output = { accessToken: 'at', tokenType: 'Bearer', expiresIn: 3600, refreshToken: 'rt' };
  const { requestHandler, exchanges } = codecHandler(restJsonCodec, oidc, answer(restJsonCodec, oidc, output));
  const client = new SSOOIDCClient(config(requestHandler));
  const input = { clientId: 'cid', clientSecret: 'secret', grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: 'dc', scope: ['a', 'b'] };
  const result = await client.send(new CreateTokenCommand(input));
  assert.equal(exchanges[0]?.operation, 'CreateToken');
  assert.deepEqual(exchanges[0]?.input, input);
  assert.deepEqual(pick(result, output), output);
});

test('A literal query part in the request URI picks the operation (POST /token?aws_iam=t is CreateTokenWithIAM)', () => {
  const req = { method: 'POST', path: '/token', headers: {}, body: Buffer.alloc(0) };
  assert.equal(restJsonCodec.resolveOperation(oidc, { ...req, query: 'aws_iam=t' }), 'CreateTokenWithIAM');
  assert.equal(restJsonCodec.resolveOperation(oidc, { ...req, query: '' }), 'CreateToken');
  assert.equal(restJsonCodec.resolveOperation(oidc, { ...req, path: '/nothing-here', query: '' }), undefined);
});

// Signed URLs and signed cookies end to end: a public key and key group made through the SDK, a behavior with
// TrustedKeyGroups, and viewers on real sockets presenting URLs and cookies made by @aws-sdk/cloudfront-signer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { CreateDistributionCommand, CreateKeyGroupCommand, CreatePublicKeyCommand, DeleteKeyGroupCommand, GetDistributionCommand, GetKeyGroupCommand } from '@aws-sdk/client-cloudfront';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { uniqueName } from '../../support/names.js';
import { customOriginConfig, startCloudFront, type CloudFrontHarness } from './cloudfront-support.js';
import { edgePorts, startOrigin, viewerGet, type TestOrigin } from './edge-support.js';

let h: CloudFrontHarness;
let origin: TestOrigin;
let port: number;
let domain: string;
let distributionId: string;
let keyId: string;
let keyGroupId: string;
let advanced = 0;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
/** The server's clock: real time plus what the tests advanced. */
const serverNow = () => Date.now() + advanced * 1000;

before(async () => {
  h = await startCloudFront();
  port = edgePorts(h.kumo).http;
  origin = await startOrigin({
    '/private/doc.txt': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=3600' });
      res.end(`doc for ${req.url}`);
    },
    '/public.txt': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('public');
    },
  });
  const pk = await h.cf.send(new CreatePublicKeyCommand({ PublicKeyConfig: { CallerReference: uniqueName('pk'), Name: uniqueName('pk'), EncodedKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } }));
  keyId = pk.PublicKey!.Id!;
  const kg = await h.cf.send(new CreateKeyGroupCommand({ KeyGroupConfig: { Name: uniqueName('kg'), Items: [keyId] } }));
  keyGroupId = kg.KeyGroup!.Id!;
  const base = customOriginConfig('127.0.0.1', origin.port);
  const out = await h.cf.send(new CreateDistributionCommand({
    DistributionConfig: {
      ...base,
      CacheBehaviors: { Quantity: 1, Items: [{ ...base.DefaultCacheBehavior!, TargetOriginId: 'origin-1', ViewerProtocolPolicy: 'allow-all', PathPattern: '/private/*', TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: [keyGroupId] } }] },
    },
  }));
  domain = out.Distribution!.DomainName!;
  distributionId = out.Distribution!.Id!;
});
after(async () => {
  await origin.close();
  await h.close();
});

const pathOf = (url: string) => url.slice(url.indexOf('/', 'http://'.length));

test('a restricted path without a signature answers CloudFront\'s 403 XML MissingKey; other paths stay open', async () => {
  const r = await viewerGet(port, domain, '/private/doc.txt');
  assert.equal(r.status, 403);
  assert.equal(r.headers['content-type'], 'text/xml');
  assert.equal(r.headers['x-cache'], 'Error from cloudfront');
  assert.equal(r.body, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>');
  assert.equal((await viewerGet(port, domain, '/public.txt')).status, 200);
  assert.equal(origin.count('/private/doc.txt'), 0);
});

test('signed URLs pass, share one cached copy, reach the origin without signing parameters and expire on the runtime clock', async () => {
  const sign = (seconds: number) => getSignedUrl({ url: `http://${domain}/private/doc.txt?v=1`, keyPairId: keyId, privateKey: pem, dateLessThan: new Date(serverNow() + seconds * 1000) });
  const first = await viewerGet(port, domain, pathOf(sign(60)));
  assert.equal(first.status, 200);
  assert.equal(first.body, 'doc for /private/doc.txt');
  assert.equal(first.headers['x-cache'], 'Miss from cloudfront');
  const other = sign(120);
  const second = await viewerGet(port, domain, pathOf(other));
  assert.equal(second.headers['x-cache'], 'Hit from cloudfront');
  assert.equal(origin.count('/private/doc.txt'), 1);
  await h.kumo.advance(121);
  advanced += 121;
  const late = await viewerGet(port, domain, pathOf(other));
  assert.equal(late.status, 403);
  assert.match(late.body, /<Code>AccessDenied<\/Code><Message>Access denied<\/Message>/);
});

test('a URL signed by a key outside the behavior\'s key groups is an Unknown Key', async () => {
  const url = getSignedUrl({ url: `http://${domain}/private/doc.txt`, keyPairId: 'K0000000000000', privateKey: pem, dateLessThan: new Date(serverNow() + 60_000) });
  const r = await viewerGet(port, domain, pathOf(url));
  assert.equal(r.status, 403);
  assert.match(r.body, /<Code>InvalidKey<\/Code><Message>Unknown Key<\/Message>/);
});

test('signed cookies with a custom policy open every path its wildcard Resource covers', async () => {
  const policy = JSON.stringify({ Statement: [{ Resource: `http://${domain}/private/*`, Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(serverNow() / 1000) + 60 } } }] });
  const cookies = getSignedCookies({ keyPairId: keyId, privateKey: pem, policy, algorithm: 'SHA256' });
  const cookie = Object.entries(cookies).map(([k, v]) => `${k}=${String(v)}`).join('; ');
  const r = await viewerGet(port, domain, '/private/doc.txt', { headers: { cookie } });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'doc for /private/doc.txt');
});

test('the distribution lists its active key group, and the key group cannot be deleted while in use', async () => {
  const d = await h.cf.send(new GetDistributionCommand({ Id: distributionId }));
  assert.equal(d.Distribution!.ActiveTrustedKeyGroups!.Enabled, true);
  assert.equal(d.Distribution!.ActiveTrustedKeyGroups!.Items![0]!.KeyGroupId, keyGroupId);
  assert.deepEqual(d.Distribution!.ActiveTrustedKeyGroups!.Items![0]!.KeyPairIds!.Items, [keyId]);
  const { ETag } = await h.cf.send(new GetKeyGroupCommand({ Id: keyGroupId }));
  await assert.rejects(h.cf.send(new DeleteKeyGroupCommand({ Id: keyGroupId, IfMatch: ETag })), { name: 'ResourceInUse' });
});

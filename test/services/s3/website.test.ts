// The S3 website endpoint over a real socket: requests whose Host is `<bucket>.s3-website-<region>.amazonaws.com`
// (or the dot form) get index documents, redirects, custom error documents and HTML error pages, as anonymous callers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketPolicyCommand, PutBucketRequestPaymentCommand,
  PutBucketWebsiteCommand, PutObjectCommand, S3Client, type WebsiteConfiguration,
} from '@aws-sdk/client-s3';
import { uniqueBucket, useS3 } from './s3-support.js';
import { rawRequest, type RawResponse } from './s3-http.js';

// No KUMO_ALLOWED_HOSTS: a custom domain named like a website bucket needs none (see the custom-domain tests).
const h = useS3();

async function publicSite(prefix: string, website: WebsiteConfiguration | undefined, objects: Record<string, string | { body: string; redirect?: string; type?: string }> = {}, name = uniqueBucket(prefix), client?: S3Client): Promise<string> {
  const s3 = client ?? h.s3;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
  await s3.send(new PutBucketPolicyCommand({
    Bucket: name,
    // The recorded 404 pages need s3:ListBucket too: without it S3 answers a missing key with 403 (see the 403 test).
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` },
        { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${name}` },
      ],
    }),
  }));
  if (website) await s3.send(new PutBucketWebsiteCommand({ Bucket: name, WebsiteConfiguration: website }));
  for (const [key, v] of Object.entries(objects)) {
    const o = typeof v === 'string' ? { body: v } : v;
    await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: o.body, ContentType: o.type ?? 'text/html', WebsiteRedirectLocation: o.redirect }));
  }
  return name;
}

function get(bucket: string, path: string, method = 'GET', headers: Record<string, string> = {}, dash = true): Promise<RawResponse> {
  const host = dash ? `${bucket}.s3-website-us-east-1.amazonaws.com` : `${bucket}.s3-website.us-east-1.amazonaws.com`;
  return rawRequest(h.port, { method, host, path, headers });
}

const INDEX = { IndexDocument: { Suffix: 'index.html' } };

test('the website root and folders answer their index document; a folder without its slash is 302 Found to it', async () => {
  const b = await publicSite('web-index', INDEX, { 'index.html': 'home', 'docs/index.html': 'docs home', 'docs/a.html': 'article' });
  for (const dash of [true, false]) {
    const root = await get(b, '/', 'GET', {}, dash);
    assert.equal(root.status, 200);
    assert.equal(root.body.toString(), 'home');
    assert.equal(root.headers['content-type'], 'text/html');
    assert.ok(root.headers['x-amz-request-id']);
  }
  assert.equal((await get(b, '/docs/')).body.toString(), 'docs home');
  // A browser (Accept: text/html) at the site's root gets the index document, not kumo's status page.
  assert.equal((await get(b, '/', 'GET', { accept: 'text/html,application/xhtml+xml' })).body.toString(), 'home');
  assert.equal((await get(b, '/docs/a.html')).body.toString(), 'article');
  const folder = await get(b, '/docs');
  assert.equal(folder.status, 302);
  assert.equal(folder.headers['location'], '/docs/');
  const head = await get(b, '/docs/a.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '7');
  assert.equal(head.body.length, 0);
});

test('a missing key is a 404 HTML page naming Code, Message, Key and the request id (test_website_hosting_index_lookup)', async () => {
  const b = await publicSite('web-404', INDEX, { 'index.html': 'home' });
  const miss = await get(b, '/directory-wrong');
  assert.equal(miss.status, 404);
  assert.equal(miss.headers['content-type'], 'text/html; charset=utf-8');
  const id = miss.headers['x-amz-request-id']!;
  const hostId = miss.headers['x-amz-id-2']!;
  assert.equal(miss.body.toString(), `<html>\n<head><title>404 Not Found</title></head>\n<body>\n<h1>404 Not Found</h1>\n<ul>\n<li>Code: NoSuchKey</li>\n<li>Message: The specified key does not exist.</li>\n<li>Key: directory-wrong</li>\n<li>RequestId: ${id}</li>\n<li>HostId: ${hostId}</li>\n</ul>\n<hr/>\n</body>\n</html>\n`);
  assert.match((await get(b, '/directory-wrong/')).body.toString(), /<li>Key: directory-wrong\/index\.html<\/li>/);
});

test('ErrorDocument is served with the error status; a missing one adds "An Error Occurred While Attempting to Retrieve a Custom Error Document"', async () => {
  const b = await publicSite('web-errdoc', { ...INDEX, ErrorDocument: { Key: 'error.html' } }, { 'error.html': 'oops', 'private.html': 'x' });
  const missing = await get(b, '/missing.html');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers['content-type'], 'text/html');
  assert.equal(missing.body.toString(), 'oops');
  const noDoc = await publicSite('web-nodoc', { ...INDEX, ErrorDocument: { Key: 'error.html' } });
  const res = await get(noDoc, '/');
  assert.equal(res.status, 404);
  // test_website_hosting_404 404-no-such-key-nor-custom, byte for byte.
  assert.equal(res.body.toString(), `<html>\n<head><title>404 Not Found</title></head>\n<body>\n<h1>404 Not Found</h1>\n<ul>\n<li>Code: NoSuchKey</li>\n<li>Message: The specified key does not exist.</li>\n<li>Key: index.html</li>\n<li>RequestId: ${res.headers['x-amz-request-id']!}</li>\n<li>HostId: ${res.headers['x-amz-id-2']!}</li>\n</ul>\n<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n<li>Code: NoSuchKey</li>\n<li>Message: The specified key does not exist.</li>\n<li>Key: error.html</li>\n</ul>\n<hr/>\n</body>\n</html>\n`);
});

test('a private bucket answers 403 Forbidden pages to website readers', async () => {
  const b = uniqueBucket('web-private');
  await h.s3.send(new CreateBucketCommand({ Bucket: b }));
  await h.s3.send(new PutBucketWebsiteCommand({ Bucket: b, WebsiteConfiguration: INDEX }));
  await h.s3.send(new PutObjectCommand({ Bucket: b, Key: 'index.html', Body: 'secret' }));
  const res = await get(b, '/');
  assert.equal(res.status, 403);
  assert.match(res.body.toString(), /<li>Code: AccessDenied<\/li>\n<li>Message: Access Denied<\/li>/);
});

test('a site whose policy grants s3:GetObject but not s3:ListBucket answers a missing key with a 403 page, not 404', async () => {
  const b = await publicSite('web-nolist', INDEX, { 'index.html': 'home' });
  await h.s3.send(new PutBucketPolicyCommand({
    Bucket: b,
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${b}/*` }] }),
  }));
  assert.equal((await get(b, '/')).status, 200);
  const res = await get(b, '/missing.html');
  assert.equal(res.status, 403);
  assert.match(res.body.toString(), /<li>Code: AccessDenied<\/li>\n<li>Message: Access Denied<\/li>/);
});

test('no bucket, or no website configuration, is a 404 page (test_website_hosting_no_such_website); Requester Pays is 403', async () => {
  const none = await get(uniqueBucket('web-none'), '/');
  assert.equal(none.status, 404);
  assert.match(none.body.toString(), /<li>Code: NoSuchBucket<\/li>\n<li>Message: The specified bucket does not exist<\/li>\n<li>BucketName: web-none/);
  const plain = await publicSite('web-plain', undefined, { 'index.html': 'x' });
  const noSite = await get(plain, '/index.html');
  assert.equal(noSite.status, 404);
  assert.match(noSite.body.toString(), new RegExp(`<li>Code: NoSuchWebsiteConfiguration</li>\n<li>Message: The specified bucket does not have a website configuration</li>\n<li>BucketName: ${plain}</li>`));
  const payer = await publicSite('web-payer', INDEX, { 'index.html': 'x' });
  await h.s3.send(new PutBucketRequestPaymentCommand({ Bucket: payer, RequestPaymentConfiguration: { Payer: 'Requester' } }));
  assert.equal((await get(payer, '/')).status, 403);
});

test('only GET and HEAD are served: other methods are 405 MethodNotAllowed pages (test_website_hosting_http_methods)', async () => {
  const b = await publicSite('web-methods', INDEX, { 'index.html': 'home' });
  for (const method of ['POST', 'DELETE', 'PUT']) {
    const res = await get(b, '/index.html', method);
    assert.equal(res.status, 405);
    assert.match(res.body.toString(), new RegExp(`<li>Code: MethodNotAllowed</li>\n<li>Message: The specified method is not allowed against this resource.</li>\n<li>Method: ${method}</li>\n<li>ResourceType: OBJECT</li>`));
  }
  // The object is untouched.
  assert.equal((await get(b, '/index.html')).body.toString(), 'home');
});

test('x-amz-website-redirect-location makes the object a 301 to that location; the REST endpoint still returns the object', async () => {
  const b = await publicSite('web-objredir', INDEX, { 'old.html': { body: 'old', redirect: '/new.html' }, 'ext.html': { body: '', redirect: 'https://example.com/x' } });
  const res = await get(b, '/old.html');
  assert.equal(res.status, 301);
  assert.equal(res.headers['location'], '/new.html');
  assert.equal((await get(b, '/ext.html', 'HEAD')).headers['location'], 'https://example.com/x');
  const rest = await rawRequest(h.port, { method: 'GET', host: `127.0.0.1:${h.port}`, path: `/${b}/old.html` });
  assert.equal(rest.body.toString(), 'old');
});

test('RedirectAllRequestsTo sends every path to the other host with its protocol', async () => {
  const b = await publicSite('web-all', { RedirectAllRequestsTo: { HostName: 'example.com', Protocol: 'https' } });
  const res = await get(b, '/a/b.html');
  assert.equal(res.status, 301);
  assert.equal(res.headers['location'], 'https://example.com/a/b.html');
  const plain = await publicSite('web-all-http', { RedirectAllRequestsTo: { HostName: 'example.org' } });
  assert.equal((await get(plain, '/')).headers['location'], 'http://example.org/');
});

test('routing rules: KeyPrefixEquals redirects before the lookup, HttpErrorCodeReturnedEquals after an error, first match wins', async () => {
  const b = await publicSite('web-rules', {
    ...INDEX,
    RoutingRules: [
      { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } },
      { Condition: { KeyPrefixEquals: 'images/' }, Redirect: { ReplaceKeyWith: 'folderdeleted.html', HttpRedirectCode: '302' } },
      { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyWith: 'never.html' } },
      { Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: 'ec2-11-22-333-44.compute-1.amazonaws.com', ReplaceKeyPrefixWith: 'report-404/', Protocol: 'https' } },
    ],
  }, { 'index.html': 'home', 'docs/article1.html': 'still here' });
  const host = `${b}.s3-website-us-east-1.amazonaws.com`;
  const moved = await get(b, '/docs/article1.html');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers['location'], `http://${host}/documents/article1.html`);
  const gone = await get(b, '/images/cat.png');
  assert.equal(gone.status, 302);
  assert.equal(gone.headers['location'], `http://${host}/folderdeleted.html`);
  const missing = await get(b, '/ExamplePage.html');
  assert.equal(missing.status, 301);
  assert.equal(missing.headers['location'], 'https://ec2-11-22-333-44.compute-1.amazonaws.com/report-404/ExamplePage.html');
  assert.equal((await get(b, '/')).body.toString(), 'home');
});

test('a Host that is a bucket with a website configuration (a CNAME or Route 53 alias named like the bucket) serves that site without KUMO_ALLOWED_HOSTS', async () => {
  await publicSite('unused', INDEX, { 'index.html': 'custom domain', 'docs/index.html': 'docs' }, 'www.site-example.com');
  const site = (path: string, method = 'GET', headers: Record<string, string> = {}) => rawRequest(h.port, { method, host: `www.site-example.com:${h.port}`, path, headers: { accept: 'text/html', ...headers } });
  const res = await site('/');
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), 'custom domain');
  assert.equal((await site('/docs')).status, 302);
  assert.equal((await site('/docs/', 'HEAD')).status, 200);
  assert.equal((await site('/nothing.html')).status, 404);
  // Only the website answers at that name: other methods are its 405 page, whatever else the request looks like.
  const post = await site('/', 'POST', { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' });
  assert.equal(post.status, 405);
  assert.match(post.body.toString(), /<li>Code: MethodNotAllowed<\/li>/);
});

test('a custom domain is still refused (DNS rebinding) for signed requests, preflights and names that are not website buckets, and never reaches kumo\'s own routes', async () => {
  await publicSite('unused', INDEX, { 'index.html': 'x' }, 'www.guarded-example.com');
  await publicSite('unused', undefined, { 'index.html': 'x' }, 'plain.guarded-example.com');
  const at = (host: string, path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(h.port, { method, host: `${host}:${h.port}`, path, headers });
  const refused = async (r: Promise<RawResponse>) => {
    const res = await r;
    assert.equal(res.status, 403);
    assert.match(res.body.toString(), /InvalidHostHeader/);
  };
  // A rebinding page can send any header: one that looks signed must not reach S3's REST API (kumo trusts any key
  // without --enforce-iam), nor kumo's internal routes, nor another service.
  await refused(at('www.guarded-example.com', '/', { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00' }));
  await refused(at('www.guarded-example.com', '/index.html?X-Amz-Signature=00&X-Amz-Credential=x'));
  // kumo's own routes are not reached: at that name `/_kumo/health` is just a key the site does not have.
  const health = await at('www.guarded-example.com', '/_kumo/health');
  assert.equal(health.status, 404);
  assert.match(health.body.toString(), /<li>Code: NoSuchKey<\/li>\n<li>Message: The specified key does not exist.<\/li>\n<li>Key: _kumo\/health<\/li>/);
  await refused(at('www.guarded-example.com', '/', { origin: 'http://www.guarded-example.com', 'access-control-request-method': 'PUT' }, 'OPTIONS'));
  // A bucket without a website configuration, and a name that is no bucket at all.
  await refused(at('plain.guarded-example.com', '/index.html'));
  await refused(at('nobody.guarded-example.com', '/'));
});

test('another region\'s website endpoint answers 400 IncorrectEndpoint naming the bucket\'s own endpoint', async () => {
  const east = await publicSite('web-region', INDEX, { 'index.html': 'home' });
  const wrong = await rawRequest(h.port, { method: 'GET', host: `${east}.s3-website-us-west-2.amazonaws.com`, path: '/' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.toString(), new RegExp(
    `^<html>\n<head><title>400 Bad Request</title></head>\n<body>\n<h1>400 Bad Request</h1>\n<ul>\n<li>Code: IncorrectEndpoint</li>\n` +
    `<li>Message: The specified bucket exists in another region. Please direct requests to the specified endpoint.</li>\n` +
    `<li>Endpoint: ${east}\\.s3-website-us-east-1\\.amazonaws\\.com</li>\n<li>RequestId: `));
  // The bucket's own region answers in either spelling.
  assert.equal((await rawRequest(h.port, { method: 'GET', host: `${east}.s3-website.us-east-1.amazonaws.com`, path: '/' })).status, 200);
  // A region whose endpoint is the dot form is named in that form.
  const frankfurt = new S3Client({ ...h.kumo.clientConfig('test', 'eu-central-1'), forcePathStyle: true, maxAttempts: 1 });
  try {
    const eu = await publicSite('web-region-eu', INDEX, { 'index.html': 'hallo' }, uniqueBucket('web-region-eu'), frankfurt);
    const fromEast = await rawRequest(h.port, { method: 'GET', host: `${eu}.s3-website-us-east-1.amazonaws.com`, path: '/' });
    assert.equal(fromEast.status, 400);
    assert.match(fromEast.body.toString(), new RegExp(`<li>Endpoint: ${eu}\\.s3-website\\.eu-central-1\\.amazonaws\\.com</li>`));
    assert.equal((await rawRequest(h.port, { method: 'GET', host: `${eu}.s3-website.eu-central-1.amazonaws.com`, path: '/' })).body.toString(), 'hallo');
  } finally {
    frankfurt.destroy();
  }
});

test('the website endpoint itself, without a bucket, is 301 to https://aws.amazon.com/s3/', async () => {
  const res = await rawRequest(h.port, { method: 'GET', host: 's3-website-us-east-1.amazonaws.com', path: '/' });
  assert.equal(res.status, 301);
  assert.equal(res.headers['location'], 'https://aws.amazon.com/s3/');
});

// An S3 static website reached as a browser reaches it: kumo's DNS answers `<bucket>.s3-website-<region>.amazonaws.com`
// (and a Route 53 alias or CNAME named like the bucket) over real UDP, and HTTP to the answered address with that Host
// gets the site from kumo's S3 website endpoint. No KUMO_ALLOWED_HOSTS: a website bucket's own name is let through.
// The same name at the CloudFront edge's HTTP port (port 80's stand-in) is answered by the website too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DeleteBucketWebsiteCommand, S3Client } from '@aws-sdk/client-s3';
import { queryUdp } from '../../support/dns-query.js';
import { publicWebsite } from '../../support/s3-website.js';
import { edgePorts, viewerGet } from '../cloudfront/edge-support.js';
import { startRoute53, type Route53Harness } from './route53-support.js';

const SITE = 'www.website-alias.example';
const CNAME_SITE = 'www.website-cname.example';
const EDGE_SITE = 'www.website-edge.example';
let h: Route53Harness;
let s3: S3Client;

before(async () => {
  h = await startRoute53({ services: ['route-53', 's3', 'sqs', 'iam', 'sts', 'cloudfront'] });
  s3 = new S3Client({ ...h.kumo.clientConfig(), forcePathStyle: true, maxAttempts: 1 });
});

after(async () => {
  s3.destroy();
  await h.close();
});

/** One UDP query to kumo's DNS; the A addresses answered. */
async function resolveA(name: string): Promise<{ rcode: string; aa: boolean; addresses: string[] }> {
  const reply = await queryUdp(h.dnsPort, name);
  return { rcode: reply.rcode, aa: reply.aa, addresses: reply.answers.filter((x) => x.type === 'A').map((x) => x.data) };
}

/** GET to `address` on kumo's port with `host` as the Host header: what `curl --resolve host:port:address` does. */
function httpGet(address: string, host: string, path: string): Promise<{ status: number; body: string; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const port = Number(new URL(h.kumo.url).port);
    const req = http.request({ host: address, port, path, headers: { host: `${host}:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function publicSite(bucket: string, body: string): Promise<void> {
  await publicWebsite(s3, bucket, { 'index.html': body, 'docs/index.html': `${body} docs` });
}

test('<bucket>.s3-website-<region>.amazonaws.com resolves to kumo over UDP, and HTTP to that address serves the site', async () => {
  await publicSite('dns-site-one', 'site one');
  for (const name of ['dns-site-one.s3-website-us-east-1.amazonaws.com', 'dns-site-one.s3-website.us-east-1.amazonaws.com', 'DNS-Site-One.s3-website.eu-central-1.amazonaws.com']) {
    const answer = await resolveA(name);
    assert.equal(answer.rcode, 'NOERROR');
    assert.equal(answer.aa, true);
    assert.deepEqual(answer.addresses, ['127.0.0.1']);
  }
  const { addresses } = await resolveA('dns-site-one.s3-website-us-east-1.amazonaws.com');
  const home = await httpGet(addresses[0]!, 'dns-site-one.s3-website-us-east-1.amazonaws.com', '/');
  assert.equal(home.status, 200);
  assert.equal(home.body, 'site one');
  const folder = await httpGet(addresses[0]!, 'dns-site-one.s3-website-us-east-1.amazonaws.com', '/docs');
  assert.equal(folder.status, 302);
  assert.equal(folder.location, '/docs/');
  // A made-up name under the endpoint resolves too (AWS's wildcard); the website endpoint then says NoSuchBucket.
  const nobody = await httpGet(addresses[0]!, 'no-such-site.s3-website-us-east-1.amazonaws.com', '/');
  assert.equal(nobody.status, 404);
  assert.match(nobody.body, /<li>Code: NoSuchBucket<\/li>/);
});

test('a Route 53 alias named like the bucket, to its region website endpoint, resolves to kumo and serves that bucket', async () => {
  await publicSite(SITE, 'aliased site');
  const zone = await h.zone('website-alias.example');
  await h.change(zone, {
    Action: 'CREATE',
    ResourceRecordSet: { Name: SITE, Type: 'A', AliasTarget: { HostedZoneId: 'Z3AQBSTGFYJSTF', DNSName: 's3-website-us-east-1.amazonaws.com', EvaluateTargetHealth: false } },
  });
  const answer = await resolveA(SITE);
  assert.equal(answer.aa, true);
  assert.deepEqual(answer.addresses, ['127.0.0.1']);
  const page = await httpGet(answer.addresses[0]!, SITE, '/docs/');
  assert.equal(page.status, 200);
  assert.equal(page.body, 'aliased site docs');
});

test('a custom domain CNAME to the bucket\'s website endpoint resolves through kumo\'s DNS, and HTTP with that Host serves the site', async () => {
  await publicSite(CNAME_SITE, 'cname site');
  const zone = await h.zone('website-cname.example');
  const target = `${CNAME_SITE}.s3-website-us-east-1.amazonaws.com`;
  await h.change(zone, { Action: 'CREATE', ResourceRecordSet: { Name: CNAME_SITE, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: target }] } });
  const reply = await queryUdp(h.dnsPort, CNAME_SITE);
  assert.equal(reply.rcode, 'NOERROR');
  assert.deepEqual(reply.answers.filter((x) => x.type === 'CNAME').map((x) => x.data), [target]);
  // A resolver follows the CNAME out of the zone: kumo's DNS answers the website endpoint's name with kumo's address.
  const { addresses } = await resolveA(target);
  assert.deepEqual(addresses, ['127.0.0.1']);
  const page = await httpGet(addresses[0]!, CNAME_SITE, '/');
  assert.equal(page.status, 200);
  assert.equal(page.body, 'cname site');
  // The same address with a name that is no website bucket is still refused (DNS rebinding).
  const other = await httpGet(addresses[0]!, 'www.not-a-site.example', '/');
  assert.equal(other.status, 403);
  assert.match(other.body, /InvalidHostHeader/);
});

test('a Route 53 alias www.<zone> to the S3 website endpoint, resolved over UDP, serves the site at the edge\'s HTTP port (where port 80 goes)', async () => {
  await publicWebsite(s3, EDGE_SITE, { 'index.html': 'edge site', 'docs/index.html': 'edge docs' });
  const zone = await h.zone('website-edge.example');
  await h.change(zone, {
    Action: 'CREATE',
    ResourceRecordSet: { Name: EDGE_SITE, Type: 'A', AliasTarget: { HostedZoneId: 'Z3AQBSTGFYJSTF', DNSName: 's3-website-us-east-1.amazonaws.com', EvaluateTargetHealth: false } },
  });
  const answer = await resolveA(EDGE_SITE);
  assert.deepEqual(answer.addresses, ['127.0.0.1']);
  const port = edgePorts(h.kumo).http;
  const home = await viewerGet(port, `${EDGE_SITE}:${port}`, '/');
  assert.equal(home.status, 200);
  assert.equal(home.body, 'edge site');
  assert.equal(home.headers['content-type'], 'text/html');
  assert.equal(home.headers['x-cache'], undefined, 'the website answers, not a CloudFront distribution');
  assert.ok(home.headers['x-amz-request-id'], 'S3 names its request');
  const head = await viewerGet(port, EDGE_SITE, '/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String('edge site'.length));
  assert.equal(head.body, '');
  const folder = await viewerGet(port, EDGE_SITE, '/docs');
  assert.equal(folder.status, 302);
  assert.equal(folder.headers.location, '/docs/');
  assert.equal((await viewerGet(port, EDGE_SITE, '/docs/')).body, 'edge docs');
  // S3's website page for a missing key when everyone may read but not list: 403 AccessDenied, as at its endpoint.
  const missing = await viewerGet(port, EDGE_SITE, '/nothing-here');
  assert.equal(missing.status, 403);
  assert.match(missing.body, /<li>Code: AccessDenied<\/li>/);
  assert.equal(missing.headers['x-cache'], undefined);
  const post = await viewerGet(port, EDGE_SITE, '/', { method: 'POST', body: 'x' });
  assert.equal(post.status, 405, 'the website\'s own answer to a method it does not serve');
});

test('at the edge\'s HTTP port, a Host that is neither a distribution nor a website bucket, or a signed request to a website name, keeps CloudFront\'s unknown-Host 403', async () => {
  const port = edgePorts(h.kumo).http;
  const unknown = await viewerGet(port, 'www.not-a-site.example', '/');
  assert.equal(unknown.status, 403);
  assert.equal(unknown.headers['x-cache'], 'Error from cloudfront');
  assert.match(unknown.body, /The request could not be satisfied/);
  assert.equal((await viewerGet(port, 'no-such-bucket.example', '/', { method: 'HEAD' })).status, 403);
  // A bucket without a website configuration is no site.
  await publicWebsite(s3, 'www.plain-bucket.example', {});
  await s3.send(new DeleteBucketWebsiteCommand({ Bucket: 'www.plain-bucket.example' }));
  const plain = await viewerGet(port, 'www.plain-bucket.example', '/');
  assert.equal(plain.status, 403);
  assert.equal(plain.headers['x-cache'], 'Error from cloudfront');
  // The website's rules hold: a signed request or a CORS preflight at a website's name is not the site.
  const signed = await viewerGet(port, EDGE_SITE, '/', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00' } });
  assert.equal(signed.status, 403);
  assert.match(signed.body, /The request could not be satisfied/);
  const preflight = await viewerGet(port, EDGE_SITE, '/', { method: 'OPTIONS', headers: { origin: 'http://example.com', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.status, 403);
  assert.equal(preflight.headers['x-cache'], 'Error from cloudfront');
});

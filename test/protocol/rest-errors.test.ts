// Error and edge behaviour of the REST codecs: malformed bodies, error documents per service family,
// S3's GetBucketLocation for us-east-1, and empty outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError, isAwsError } from '../../src/core/aws-error.js';
import { restJsonCodec } from '../../src/protocol/rest-json.js';
import { restXmlCodec } from '../../src/protocol/rest-xml.js';
import { parseXml } from '../../src/protocol/shared/xml.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';

const s3 = loadBotocoreModel('s3');
const route53 = loadBotocoreModel('route53');
const oidc = loadBotocoreModel('sso-oidc');
const ctx = { requestId: 'rid-1' };

function op(model: typeof s3, name: string) {
  const found = model.operations[name];
  assert.ok(found, `operation ${name}`);
  return found;
}

test('a malformed XML body is S3 MalformedXML 400 with S3 wording', () => {
  const req = { method: 'PUT', path: '/b', query: 'tagging', headers: {}, body: Buffer.from('<Tagging><TagSet>') };
  assert.throws(
    () => restXmlCodec.parseInput(s3, op(s3, 'PutBucketTagging'), req),
    (e: unknown) =>
      isAwsError(e) &&
      e.code === 'MalformedXML' &&
      e.status === 400 &&
      e.message === 'The XML you provided was not well-formed or did not validate against our published schema',
  );
});

test('a malformed JSON body is SerializationException 400', () => {
  const req = { method: 'POST', path: '/token', query: '', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"clientId":') };
  assert.throws(
    () => restJsonCodec.parseInput(oidc, op(oidc, 'CreateToken'), req),
    (e: unknown) => isAwsError(e) && e.code === 'SerializationException' && e.status === 400,
  );
});

test('S3 errors are a bare <Error> with extra fields, RequestId and HostId', () => {
  const err = new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, fields: { BucketName: 'nope' } });
  const res = restXmlCodec.serializeError(s3, op(s3, 'ListObjectsV2'), err, ctx);
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'application/xml');
  const root = parseXml(res.body as Buffer);
  assert.equal(root.name, 'Error');
  assert.deepEqual(
    root.children.map((c) => [c.name, c.name === 'HostId' ? 'host' : c.text]),
    [['Code', 'NoSuchBucket'], ['Message', 'The specified bucket does not exist'], ['BucketName', 'nope'], ['RequestId', 'rid-1'], ['HostId', 'host']],
  );
});

test('other rest-xml errors use ErrorResponse with Type, the service namespace and error headers', () => {
  const err = new AwsError('Throttling', 'Rate exceeded', { status: 503, fault: 'server', headers: { 'Retry-After': '1' } });
  const res = restXmlCodec.serializeError(route53, undefined, err, ctx);
  assert.equal(res.status, 503);
  assert.equal(res.headers['retry-after'], '1');
  const root = parseXml(res.body as Buffer);
  assert.equal(root.name, 'ErrorResponse');
  assert.equal(root.attributes['xmlns'], 'https://route53.amazonaws.com/doc/2013-04-01/');
  const error = root.children[0];
  assert.deepEqual(error?.children.map((c) => c.text), ['Receiver', 'Throttling', 'Rate exceeded']);
  assert.equal(root.children[1]?.text, 'rid-1');
});

test('rest-json errors set X-Amzn-Errortype and put the message under the modeled member name', () => {
  const err = new AwsError('InvalidGrantException', 'bad grant', { status: 400, fields: { error: 'invalid_grant' } });
  const res = restJsonCodec.serializeError(oidc, op(oidc, 'CreateToken'), err, ctx);
  assert.equal(res.headers['x-amzn-errortype'], 'InvalidGrantException');
  const body = JSON.parse((res.body as Buffer).toString('utf8')) as Record<string, unknown>;
  assert.deepEqual(body, { __type: 'InvalidGrantException', message: 'bad grant', error: 'invalid_grant' });
});

test('GetBucketLocation writes the bare LocationConstraint root, empty for us-east-1', () => {
  const res = restXmlCodec.serializeOutput(s3, op(s3, 'GetBucketLocation'), {}, ctx);
  const body = (res.body as Buffer).toString('utf8');
  assert.equal(body, '<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>');
});

test('an output with nothing to send has no body; S3 PutObject output is headers only', () => {
  const res = restXmlCodec.serializeOutput(s3, op(s3, 'PutObject'), { ETag: '"e"', VersionId: 'v' }, ctx);
  assert.equal(res.status, 200);
  assert.equal(res.body, undefined);
  assert.deepEqual(res.headers, { etag: '"e"', 'x-amz-version-id': 'v' });
});

test('a streaming PutObject body stays a stream, even when empty', async () => {
  const req = { method: 'PUT', path: '/b/k', query: '', headers: {}, body: Buffer.alloc(0) };
  const input = restXmlCodec.parseInput(s3, op(s3, 'PutObject'), req);
  const chunks: Buffer[] = [];
  for await (const chunk of input['Body'] as AsyncIterable<Buffer>) chunks.push(chunk);
  assert.equal(Buffer.concat(chunks).length, 0);
});

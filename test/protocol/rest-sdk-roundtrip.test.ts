// S3 through the rest-xml codec with the real SDK v3 client: the request the SDK builds must parse into the
// input passed to it, and the response kumo serializes must parse back in the SDK into the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../src/core/aws-error.js';
import { restXmlCodec } from '../../src/protocol/rest-xml.js';
import { parseXml } from '../../src/protocol/shared/xml.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';
import type { Responder } from './rest-sdk-harness.js';
import { codecHandler, CREDENTIALS, ENDPOINT, pick, plain } from './rest-sdk-harness.js';

const model = loadBotocoreModel('s3');
const ctx = { requestId: 'req-1' };

function s3With(respond: Responder): { client: S3Client; exchanges: ReturnType<typeof codecHandler>['exchanges'] } {
  const { requestHandler, exchanges } = codecHandler(restXmlCodec, model, respond);
  const client = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', credentials: CREDENTIALS, forcePathStyle: true, requestHandler, maxAttempts: 1 });
  return { client, exchanges };
}

const answer = (output: Record<string, unknown>): Responder => (op) => restXmlCodec.serializeOutput(model, op, output, ctx);

test('PutObject: metadata, tagging and body parse from the SDK request; ETag and VersionId reach the SDK', async () => {
  const output = { ETag: '"d41d8cd98f00b204e9800998ecf8427e"', VersionId: 'v1' };
  const { client, exchanges } = s3With(answer(output));
  const input = {
    Bucket: 'my-bucket',
    Key: 'dir/sub dir/file+name.txt',
    Body: 'hello world',
    ContentType: 'text/plain',
    Metadata: { color: 'blue', 'owner-name': 'ann' },
    Tagging: 'project=kumo&env=test',
    CacheControl: 'max-age=60',
  };
  const result = await client.send(new PutObjectCommand(input));
  assert.equal(exchanges[0]?.operation, 'PutObject');
  assert.deepEqual(plain(pick(exchanges[0]?.input ?? {}, input)), input);
  assert.deepEqual(pick(result, output), output);
});

test('GetObject: range and response-* overrides parse; headers, metadata, dates and the body stream reach the SDK', async () => {
  const lastModified = new Date('2024-05-06T07:08:09Z');
  const output = {
    Body: Buffer.from('hello'),
    ContentLength: 5,
    ContentType: 'text/plain',
    ContentRange: 'bytes 0-4/11',
    ETag: '"abc"',
    LastModified: lastModified,
    Metadata: { color: 'blue' },
    AcceptRanges: 'bytes',
    TagCount: 2,
  };
  const { client, exchanges } = s3With(answer(output));
  const input = { Bucket: 'b', Key: 'k/é.txt', Range: 'bytes=0-4', ResponseContentType: 'text/plain', ResponseCacheControl: 'no-cache' };
  const result = await client.send(new GetObjectCommand(input));
  assert.equal(exchanges[0]?.operation, 'GetObject');
  assert.deepEqual(pick(exchanges[0]?.input ?? {}, input), input);
  assert.equal(await result.Body?.transformToString(), 'hello');
  const { Body: _body, ...rest } = output;
  void _body;
  assert.deepEqual(plain(pick(result, rest)), plain(rest));
});

test('ListObjectsV2: query members parse; Contents, CommonPrefixes and timestamps reach the SDK', async () => {
  const output = {
    IsTruncated: false,
    Name: 'b',
    Prefix: 'photos/',
    Delimiter: '/',
    MaxKeys: 1000,
    KeyCount: 3,
    Contents: [
      { Key: 'photos/a.jpg', LastModified: new Date('2024-01-02T03:04:05.678Z'), ETag: '"e1"', Size: 10, StorageClass: 'STANDARD' },
      { Key: 'photos/b & c.jpg', LastModified: new Date('2024-01-02T03:04:06Z'), ETag: '"e2"', Size: 0, StorageClass: 'STANDARD' },
    ],
    CommonPrefixes: [{ Prefix: 'photos/2023/' }],
  };
  const { client, exchanges } = s3With(answer(output));
  const input = { Bucket: 'b', Prefix: 'photos/', Delimiter: '/', MaxKeys: 1000, StartAfter: 'photos/0' };
  const result = await client.send(new ListObjectsV2Command(input));
  assert.equal(exchanges[0]?.operation, 'ListObjectsV2');
  assert.deepEqual(pick(exchanges[0]?.input ?? {}, input), input);
  assert.deepEqual(plain(pick(result, output)), plain(output));
  const root = parseXml(exchanges.length > 0 ? (restXmlCodec.serializeOutput(model, model.operations['ListObjectsV2']!, output, ctx).body as Buffer) : Buffer.alloc(0));
  assert.equal(root.name, 'ListBucketResult', 'S3 root element name');
  assert.equal(root.attributes['xmlns'], 'http://s3.amazonaws.com/doc/2006-03-01/');
});

test('PutBucketTagging: the nested XML payload parses alongside the SDK checksum headers', async () => {
  const { client, exchanges } = s3With(answer({}));
  const input = { Bucket: 'b', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'b<&>', Value: '' }] } };
  await client.send(new PutBucketTaggingCommand(input));
  assert.equal(exchanges[0]?.operation, 'PutBucketTagging');
  assert.deepEqual(pick(exchanges[0]?.input ?? {}, input), input);
  const headers = exchanges[0]?.request.headers ?? {};
  assert.ok(headers['content-md5'] !== undefined || Object.keys(headers).some((h) => h.startsWith('x-amz-checksum-')), 'SDK sent a checksum');
});

test('CompleteMultipartUpload: uploadId query and part list parse; the result reaches the SDK', async () => {
  const output = { Location: 'http://127.0.0.1:4566/b/k', Bucket: 'b', Key: 'k', ETag: '"abc-2"' };
  const { client, exchanges } = s3With(answer(output));
  const input = { Bucket: 'b', Key: 'k', UploadId: 'up-1', MultipartUpload: { Parts: [{ ETag: '"p1"', PartNumber: 1 }, { ETag: '"p2"', PartNumber: 2 }] } };
  const result = await client.send(new CompleteMultipartUploadCommand(input));
  assert.equal(exchanges[0]?.operation, 'CompleteMultipartUpload');
  assert.deepEqual(pick(exchanges[0]?.input ?? {}, input), input);
  assert.deepEqual(pick(result, output), output);
});

test('DeleteObjects: the Delete payload parses; Deleted and Errors lists reach the SDK', async () => {
  const output = { Deleted: [{ Key: 'a' }, { Key: 'b', VersionId: 'v2' }], Errors: [{ Key: 'c', Code: 'AccessDenied', Message: 'Access Denied' }] };
  const { client, exchanges } = s3With(answer(output));
  const input = { Bucket: 'b', Delete: { Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'v2' }, { Key: 'c' }], Quiet: false } };
  const result = await client.send(new DeleteObjectsCommand(input));
  assert.equal(exchanges[0]?.operation, 'DeleteObjects');
  assert.deepEqual(pick(exchanges[0]?.input ?? {}, input), input);
  assert.deepEqual(pick(result, output), output);
});

test('GetBucketLocation: the bare LocationConstraint root reaches the SDK', async () => {
  const { client } = s3With(answer({ LocationConstraint: 'eu-west-1' }));
  const result = await client.send(new GetBucketLocationCommand({ Bucket: 'b' }));
  assert.equal(result.LocationConstraint, 'eu-west-1');
});

test('NoSuchKey: a bare S3 <Error> parses in the SDK into NoSuchKey with the message', async () => {
  const error = new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: 'missing.txt' } });
  const { client } = s3With((op) => restXmlCodec.serializeError(model, op, error, ctx));
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: 'b', Key: 'missing.txt' })), (e: unknown) => {
    assert.ok(e instanceof S3ServiceException);
    assert.equal(e.name, 'NoSuchKey');
    assert.equal(e.message, 'The specified key does not exist.');
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
  const res = restXmlCodec.serializeError(model, model.operations['GetObject'], error, ctx);
  const root = parseXml(res.body as Buffer);
  assert.deepEqual(root.children.map((c) => c.name), ['Code', 'Message', 'Key', 'RequestId', 'HostId']);
});

test('A HEAD error carries no body', () => {
  const error = new AwsError('NotFound', 'Not Found', { status: 404 });
  const res = restXmlCodec.serializeError(model, model.operations['HeadObject'], error, ctx);
  assert.equal(res.status, 404);
  assert.equal(res.body, undefined);
});

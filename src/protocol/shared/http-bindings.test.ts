// Tests for REST operation resolution and HTTP bindings against the real S3 model: the ambiguous
// PUT/POST/GET /{Bucket}/{Key+} operations, x-id markers, greedy keys and header list splitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../../core/model.js';
import { loadBotocoreModel } from '../../../test/support/load-botocore-model.js';
import { readBindings, resolveRestOperation, splitHeaderList } from './http-bindings.js';
import { matchPath, parseUriTemplate } from './uri-template.js';

const s3: ServiceModel = loadBotocoreModel('s3');
const resolve = (method: string, path: string, query = '', headers: Record<string, string> = {}) =>
  resolveRestOperation(s3, method, path, query, headers);

test('S3 operations sharing PUT /{Bucket}/{Key+} are told apart by required query and header members', () => {
  assert.equal(resolve('PUT', '/b/k'), 'PutObject');
  assert.equal(resolve('PUT', '/b/k', 'partNumber=1&uploadId=u'), 'UploadPart');
  assert.equal(resolve('PUT', '/b/k', '', { 'x-amz-copy-source': '/src/key' }), 'CopyObject');
  assert.equal(resolve('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': '/src/key' }), 'UploadPartCopy');
  assert.equal(resolve('PUT', '/b/k', 'tagging'), 'PutObjectTagging');
});

test('S3 POST, GET and DELETE on an object resolve with and without the SDK x-id marker', () => {
  assert.equal(resolve('POST', '/b/k', 'uploads'), 'CreateMultipartUpload');
  assert.equal(resolve('POST', '/b/k', 'uploadId=u'), 'CompleteMultipartUpload');
  assert.equal(resolve('POST', '/b/k', 'uploadId=u&x-id=CompleteMultipartUpload'), 'CompleteMultipartUpload');
  assert.equal(resolve('GET', '/b/k'), 'GetObject');
  assert.equal(resolve('GET', '/b/k', 'x-id=GetObject'), 'GetObject');
  assert.equal(resolve('GET', '/b/k', 'uploadId=u'), 'ListParts');
  assert.equal(resolve('DELETE', '/b/k', 'uploadId=u'), 'AbortMultipartUpload');
  assert.equal(resolve('DELETE', '/b/k', 'x-id=DeleteObject'), 'DeleteObject');
});

test('S3 bucket-level requests resolve by their literal query keys', () => {
  assert.equal(resolve('GET', '/'), 'ListBuckets');
  assert.equal(resolve('GET', '/b'), 'ListObjects');
  assert.equal(resolve('GET', '/b/'), 'ListObjects');
  assert.equal(resolve('GET', '/b', 'list-type=2&prefix=a'), 'ListObjectsV2');
  assert.equal(resolve('GET', '/b', 'location'), 'GetBucketLocation');
  assert.equal(resolve('PUT', '/b', 'tagging'), 'PutBucketTagging');
  assert.equal(resolve('POST', '/b', 'delete'), 'DeleteObjects');
  assert.equal(resolve('PUT', '/b'), 'CreateBucket');
  assert.equal(resolve('HEAD', '/b'), 'HeadBucket');
  assert.equal(resolve('PATCH', '/b'), undefined);
});

test('greedy labels keep slashes and percent-decode; plain labels must be non-empty', () => {
  const t = parseUriTemplate('/{Bucket}/{Key+}');
  assert.deepEqual(matchPath(t, '/b/a/b%20c/d%2Fe'), { Bucket: 'b', Key: 'a/b c/d/e' });
  assert.deepEqual(matchPath(t, '/b/dir/'), { Bucket: 'b', Key: 'dir/' });
  assert.equal(matchPath(t, '/b/'), undefined);
  assert.equal(matchPath(parseUriTemplate('/x/{Id}/y'), '/x//y'), undefined);
});

test('prefix headers become a map and list headers split around quoted items and HTTP dates', () => {
  const op = s3.operations['PutObject'];
  assert.ok(op?.input);
  const shape = s3.shapes[op.input.shape];
  assert.ok(shape);
  const out: Record<string, unknown> = {};
  readBindings(s3, shape, { labels: { Bucket: 'b', Key: 'k' }, query: [], headers: { 'x-amz-meta-color': 'blue', 'x-amz-meta-a-b': 'c', 'content-length': '5' } }, out);
  assert.deepEqual(out, { Bucket: 'b', Key: 'k', Metadata: { color: 'blue', 'a-b': 'c' }, ContentLength: 5 });
  assert.deepEqual(splitHeaderList('"b,c", "\\"def\\"", a', false), ['b,c', '"def"', 'a']);
  assert.deepEqual(splitHeaderList('Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT', true), [
    'Mon, 16 Dec 2019 23:48:18 GMT',
    'Tue, 17 Dec 2019 23:48:18 GMT',
  ]);
});

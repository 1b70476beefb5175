// Storage tests for the S3 tables on an in-memory StateStore: global bucket names, versions and delete markers,
// byte-ordered range-scan listings, and multipart uploads/parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateStore, type StateStore } from '../../store/state-store.js';
import { migrateS3 } from './migrations.js';
import { BucketStore } from './buckets/bucket-store.js';
import { ObjectStore, type NewVersion, type ObjectRow } from './objects/object-store.js';
import { MultipartStore } from './multipart/multipart-store.js';
import { walk, type Scan, type ScanStart } from './objects/listing.js';

function open(): { store: StateStore; buckets: BucketStore; objects: ObjectStore; uploads: MultipartStore } {
  const store = openStateStore({ inMemory: true });
  migrateS3(store);
  return { store, buckets: new BucketStore(store.db), objects: new ObjectStore(store.db), uploads: new MultipartStore(store.db) };
}

function version(key: string, versionId: string, extra: Partial<NewVersion> = {}): NewVersion {
  return { bucket: 'b', key, versionId, isDeleteMarker: false, lastModified: 1000, size: 1, etag: '"e"', blobs: [], inline: undefined, meta: {}, ...extra };
}

const after = (r: ObjectRow): ScanStart => ({ key: r.key, inclusive: false });

test('migrations are idempotent and bucket names are one global namespace', () => {
  const { store, buckets } = open();
  migrateS3(store);
  buckets.insert({ name: 'shared', account: '111111111111', region: 'eu-west-1', locationConstraint: 'eu-west-1', createdAt: 5, objectLock: false });
  assert.throws(() => buckets.insert({ name: 'shared', account: '222222222222', region: 'us-east-1', locationConstraint: undefined, createdAt: 6, objectLock: false }));
  assert.equal(buckets.get('shared')?.account, '111111111111');
  assert.deepEqual(buckets.listOwnedBy('222222222222'), []);
  buckets.putConfig('shared', 'tagging', [{ Key: 'a', Value: 'b' }]);
  assert.deepEqual(buckets.getConfig('shared', 'tagging'), [{ Key: 'a', Value: 'b' }]);
  buckets.setVersioning('shared', 'Enabled');
  assert.equal(buckets.get('shared')?.versioning, 'Enabled');
  buckets.delete('shared');
  assert.equal(buckets.getConfig('shared', 'tagging'), undefined);
  store.close();
});

test('an unversioned overwrite replaces the null version and returns it for blob cleanup', () => {
  const { store, objects } = open();
  objects.putVersion(version('k', 'null', { blobs: [{ id: 'a'.repeat(32), size: 1 }] }), true);
  const removed = objects.putVersion(version('k', 'null', { etag: '"f"' }), true);
  assert.deepEqual(removed.map((r) => r.blobs[0]?.id), ['a'.repeat(32)]);
  assert.equal(objects.latest('b', 'k')?.etag, '"f"');
  store.close();
});

test('deleting the latest version promotes the next newest; delete markers hide keys from current listings', () => {
  const { store, objects } = open();
  objects.putVersion(version('k', 'v1'), false);
  objects.putVersion(version('k', 'v2'), false);
  objects.putVersion(version('k', 'dm', { isDeleteMarker: true }), false);
  assert.equal(objects.latest('b', 'k')?.isDeleteMarker, true);
  assert.equal(objects.hasCurrentObjects('b'), false);
  assert.equal(objects.hasAnyVersion('b'), true);
  objects.deleteVersion('b', 'k', 'dm');
  assert.equal(objects.latest('b', 'k')?.versionId, 'v2');
  assert.equal(objects.hasCurrentObjects('b'), true);
  const all = walk(objects.scanVersions('b'), { prefix: '', maxKeys: 1000, after: (r) => ({ key: r.key, inclusive: false, afterSub: r.versionId }) });
  assert.deepEqual(all.rows.map((r) => r.versionId), ['v2', 'v1']);
  const resumed = walk(objects.scanVersions('b'), { prefix: '', maxKeys: 1000, start: { key: 'k', inclusive: false, afterSub: 'v2' },
    after: (r) => ({ key: r.key, inclusive: false, afterSub: r.versionId }) });
  assert.deepEqual(resumed.rows.map((r) => r.versionId), ['v1']);
  store.close();
});

test('current listings run in UTF-8 byte order with prefixes and delimiters', () => {
  const { store, objects } = open();
  for (const key of ['b/2', 'a', '\uffff', '\u{1F600}', 'b/1', 'c/x/y', 'ab']) objects.putVersion(version(key, 'null'), true);
  const flat = walk(objects.scanCurrent('b'), { prefix: '', maxKeys: 1000, after });
  assert.deepEqual(flat.rows.map((r) => r.key), ['a', 'ab', 'b/1', 'b/2', 'c/x/y', '\uffff', '\u{1F600}']);
  const rolled = walk(objects.scanCurrent('b'), { prefix: '', delimiter: '/', maxKeys: 1000, after });
  assert.deepEqual(rolled.commonPrefixes, ['b/', 'c/']);
  const prefixed = walk(objects.scanCurrent('b'), { prefix: 'b/', maxKeys: 1, after });
  assert.deepEqual(prefixed.rows.map((r) => r.key), ['b/1']);
  assert.equal(prefixed.isTruncated, true);
  store.close();
});

test('a delimiter listing over many keys seeks past each common prefix instead of reading its keys', () => {
  const { store, objects } = open();
  store.transaction(() => {
    for (let d = 0; d < 20; d++) for (let i = 0; i < 1000; i++) objects.putVersion(version(`d${d}/f${i}`, 'null'), false);
  });
  let read = 0;
  const base = objects.scanCurrent('b');
  const counting: Scan<ObjectRow> = (start, limit) => {
    const rows = base(start, limit);
    read += rows.length;
    return rows;
  };
  const page = walk(counting, { prefix: '', delimiter: '/', maxKeys: 1000, after });
  assert.equal(page.commonPrefixes.length, 20);
  assert.ok(read <= 21 * 256, `read ${read} rows`);
  store.close();
});

test('multipart uploads list by key then initiation and keep parts by number', () => {
  const { store, uploads } = open();
  uploads.createUpload({ uploadId: 'u2', bucket: 'b', key: 'k', initiated: 2, meta: {} });
  uploads.createUpload({ uploadId: 'u1', bucket: 'b', key: 'k', initiated: 1, meta: {} });
  uploads.createUpload({ uploadId: 'u3', bucket: 'b', key: 'a', initiated: 3, meta: {} });
  const all = walk(uploads.scanUploads('b'), { prefix: '', maxKeys: 10, after: (r) => ({ key: r.key, inclusive: false, afterSub: r.uploadId }) });
  assert.deepEqual(all.rows.map((r) => r.uploadId), ['u3', 'u1', 'u2']);
  const next = walk(uploads.scanUploads('b'), { prefix: '', maxKeys: 10, start: { key: 'k', inclusive: false, afterSub: 'u1' },
    after: (r) => ({ key: r.key, inclusive: false, afterSub: r.uploadId }) });
  assert.deepEqual(next.rows.map((r) => r.uploadId), ['u2']);
  uploads.putPart({ uploadId: 'u1', partNumber: 2, size: 5, etag: '"x"', lastModified: 1, blobId: undefined, checksum: undefined });
  const replaced = uploads.putPart({ uploadId: 'u1', partNumber: 2, size: 6, etag: '"y"', lastModified: 2, blobId: 'c'.repeat(32), checksum: 'abc' });
  assert.equal(replaced?.etag, '"x"');
  uploads.putPart({ uploadId: 'u1', partNumber: 1, size: 1, etag: '"z"', lastModified: 2, blobId: undefined, checksum: undefined });
  assert.deepEqual(uploads.parts('u1').map((p) => p.partNumber), [1, 2]);
  assert.deepEqual(uploads.partsAfter('u1', 1, 10).map((p) => p.etag), ['"y"']);
  const ids = new Set<string>();
  uploads.referencedBlobs(ids);
  assert.deepEqual([...ids], ['c'.repeat(32)]);
  assert.equal(uploads.deleteUpload('u1').length, 2);
  assert.equal(uploads.upload('u1'), undefined);
  store.close();
});

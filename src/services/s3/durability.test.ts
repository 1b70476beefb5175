// Restart test on file-backed stores: objects (inline and blob-backed), versions and uploads written by one provider
// are all readable by a new provider over the same data directory; orphaned blobs are swept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FakeClock } from '../../core/clock.js';
import type { RequestContext } from '../../core/request-context.js';
import { openBlobStore } from '../../store/blob-store.js';
import { openStateStore, type StateStore } from '../../store/state-store.js';
import { s3Api, type S3TestApi } from './testing.js';

const ctx: RequestContext = {
  requestId: 'r', service: 's3', operation: 'X', account: '000000000000', region: 'us-east-1', accessKeyId: 'test',
  host: '127.0.0.1', protocol: 'rest-xml', startedAt: 0,
};

function open(dir: string): { p: S3TestApi; store: StateStore } {
  const blobs = openBlobStore({ dir: join(dir, 'blobs') });
  const store = openStateStore({ dataDir: dir, blobs });
  return { p: s3Api({ store, blobs, clock: new FakeClock() }), store };
}

async function read(p: S3TestApi, key: string): Promise<Buffer> {
  const r = await p.getObject(ctx, { Bucket: 'durable', Key: key });
  const chunks: Buffer[] = [];
  if (r.Body instanceof Uint8Array) return Buffer.from(r.Body);
  for await (const c of r.Body as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

test('everything acknowledged survives a restart and unreferenced blobs are swept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-s3-'));
  try {
    const big = Buffer.alloc(100_000, 7);
    const first = open(dir);
    await first.p.createBucket(ctx, { Bucket: 'durable' });
    await first.p.putBucketVersioning(ctx, { Bucket: 'durable', VersioningConfiguration: { Status: 'Enabled' } });
    await first.p.putObject(ctx, { Bucket: 'durable', Key: 'small', Body: Readable.from([Buffer.from('tiny')]) });
    const v1 = await first.p.putObject(ctx, { Bucket: 'durable', Key: 'big', Body: Readable.from([big]) });
    await first.p.putObject(ctx, { Bucket: 'durable', Key: 'big', Body: Readable.from([Buffer.from('newer')]) });
    const { UploadId } = await first.p.createMultipartUpload(ctx, { Bucket: 'durable', Key: 'pending' });
    await first.p.uploadPart(ctx, { Bucket: 'durable', Key: 'pending', UploadId: UploadId!, PartNumber: 1, Body: Readable.from([big]) });
    const orphan = await first.p.state.blobs.write(Readable.from([Buffer.from('orphan')]));
    first.store.close();

    const second = open(dir);
    assert.equal((await read(second.p, 'small')).toString(), 'tiny');
    assert.equal((await read(second.p, 'big')).toString(), 'newer');
    const old = await second.p.getObject(ctx, { Bucket: 'durable', Key: 'big', VersionId: v1.VersionId! });
    assert.equal(old.ContentLength, big.length);
    const oldBytes: Buffer[] = [];
    for await (const c of old.Body as AsyncIterable<Buffer>) oldBytes.push(c);
    assert.ok(Buffer.concat(oldBytes).equals(big));
    const parts = await second.p.listParts(ctx, { Bucket: 'durable', Key: 'pending', UploadId: UploadId! });
    assert.deepEqual(parts.Parts?.map((x) => x.Size), [big.length]);
    assert.equal(second.p.state.sweep(), 1);
    assert.throws(() => second.p.state.blobs.size(orphan.id));
    assert.equal((await read(second.p, 'big')).toString(), 'newer');
    second.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

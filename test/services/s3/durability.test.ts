// kill -9 durability of S3 over a real server process: every acknowledged object (inline and blob-backed, versions,
// a completed multipart upload) reads back byte-exact after SIGKILL and restart; an aborted upload leaves nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  PutBucketVersioningCommand, PutObjectCommand, S3Client, S3ServiceException, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';
import { trustedS3Headers } from '../../support/s3-trusted.js';

let dataDir: string;
let running: SpawnedKumo | undefined;
let client: S3Client | undefined;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kumo-s3-durable-'));
});
after(async () => {
  client?.destroy();
  if (running) await running.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<S3Client> {
  client?.destroy();
  running = await spawnKumo(['--data-dir', dataDir]);
  client = new S3Client({ endpoint: running.url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return client;
}

async function read(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** Blob files (not temp files) under the data directory. */
function blobFiles(): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root).filter((d) => d !== 'tmp').flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`));
}

function tempFiles(): string[] {
  const tmp = join(dataDir, 'blobs', 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

test('objects, versions and a completed multipart upload survive SIGKILL and restart byte-exact', async () => {
  let s3 = await start();
  const small = Buffer.from('a small inline object');
  const large = randomBytes(200_000);
  const v1 = randomBytes(20_000);
  const v2 = Buffer.from('second version, inline');
  const part1 = randomBytes(5 * 1024 * 1024);
  const part2 = randomBytes(123_456);

  await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
  await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'small', Body: small }));
  await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'large', Body: large }));
  await s3.send(new CreateBucketCommand({ Bucket: 'durable-versions' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'durable-versions', VersioningConfiguration: { Status: 'Enabled' } }));
  const first = await s3.send(new PutObjectCommand({ Bucket: 'durable-versions', Key: 'doc', Body: v1 }));
  const second = await s3.send(new PutObjectCommand({ Bucket: 'durable-versions', Key: 'doc', Body: v2 }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'durable', Key: 'multipart' }));
  const p1 = await s3.send(new UploadPartCommand({ Bucket: 'durable', Key: 'multipart', UploadId, PartNumber: 1, Body: part1 }));
  const p2 = await s3.send(new UploadPartCommand({ Bucket: 'durable', Key: 'multipart', UploadId, PartNumber: 2, Body: part2 }));
  const completed = await s3.send(new CompleteMultipartUploadCommand({
    Bucket: 'durable', Key: 'multipart', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag! }, { PartNumber: 2, ETag: p2.ETag! }] },
  }));

  assert.equal(await running!.stop('SIGKILL'), 'SIGKILL');
  running = undefined;
  s3 = await start();

  assert.ok((await read(s3, 'durable', 'small')).equals(small));
  assert.ok((await read(s3, 'durable', 'large')).equals(large));
  assert.ok((await read(s3, 'durable-versions', 'doc')).equals(v2));
  assert.ok((await read(s3, 'durable-versions', 'doc', first.VersionId)).equals(v1));
  assert.ok((await read(s3, 'durable-versions', 'doc', second.VersionId)).equals(v2));
  assert.ok((await read(s3, 'durable', 'multipart')).equals(Buffer.concat([part1, part2])));
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'durable', Key: 'multipart' }));
  assert.equal(head.ETag, completed.ETag);
});

test('an upload the client abandons mid-body leaves no object and no blob or temp file', async () => {
  const s3 = client ?? (await start());
  const before = blobFiles();
  const url = new URL(`${running!.url}/durable/abandoned`);
  let streaming: string[] = [];
  await new Promise<void>((resolve) => {
    const req = request(url, { method: 'PUT', headers: { ...trustedS3Headers(), 'content-length': String(4 * 1024 * 1024) } });
    req.on('error', () => resolve());
    req.write(randomBytes(1024 * 1024), () => {
      // Wait (polling, generously for a loaded machine) until the server streams into a temp blob, then cut the connection.
      let polls = 0;
      const poll = (): void => {
        streaming = tempFiles();
        if (streaming.length === 0 && ++polls < 400) {
          setTimeout(poll, 25);
          return;
        }
        req.destroy();
        resolve();
      };
      poll();
    });
  });
  assert.equal(streaming.length, 1, 'the body was being written to a temp blob when the client left');
  for (let i = 0; i < 50 && tempFiles().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(tempFiles(), []);
  assert.deepEqual(blobFiles().sort(), before.sort());
  const missing = await s3.send(new HeadObjectCommand({ Bucket: 'durable', Key: 'abandoned' })).catch((e: unknown) => e);
  assert.ok(missing instanceof S3ServiceException);
  assert.equal(missing.$metadata.httpStatusCode, 404);
});

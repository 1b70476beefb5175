// kumo's own MFT API through the gateway (rest-json, SigV4 with signing name "mft"): nodes are created as runtime
// components on their own loopback addresses, management information is CRUD per type, and a transfer runs end to end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { mftCall, tempDir } from './mft-support.js';

let kumo: TestKumo;

before(async () => {
  kumo = await startTestKumo();
});
after(async () => {
  await kumo.stop();
});

function call(method: string, path: string, body?: unknown, query: Record<string, string> = {}): ReturnType<typeof mftCall> {
  return mftCall(kumo.url, method, path, body, query);
}

test('CreateNode starts nodes on their loopback addresses; ListNodes shows them; a duplicate is a ConflictException', async () => {
  const a = await call('POST', '/mft/nodes', { Name: 'onprem', Address: '127.0.14.1', CodeSet: 'S' });
  assert.equal(a.status, 200, JSON.stringify(a.json));
  assert.equal(a.json.Port, 30000);
  assert.equal((await call('POST', '/mft/nodes', { Name: 'cloud', Address: '127.0.14.2' })).status, 200);
  const dup = await call('POST', '/mft/nodes', { Name: 'onprem', Address: '127.0.14.3' });
  assert.equal(dup.status, 409);
  assert.match(String(dup.json.message ?? dup.json.Message), /already exists/);
  const bad = await call('POST', '/mft/nodes', { Name: 'far', Address: '10.0.0.1' });
  assert.equal(bad.status, 400);
  const list = await call('GET', '/mft/nodes');
  assert.deepEqual((list.json.Nodes as { Name: string }[]).map((n) => n.Name), ['cloud', 'onprem']);
});

test('management information CRUD validates with HULFT limits, and a Shift_JIS send through the API arrives as UTF-8', async () => {
  const src = join(tempDir('api'), 'in.txt');
  writeFileSync(src, Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x0d, 0x0a])); // 日本 CRLF in Shift_JIS
  const put = (node: string, kind: string, id: string, Fields: Record<string, string>, List?: string[]) => call('PUT', `/mft/nodes/${node}/definitions/${kind}/${id}`, { Fields, ...(List ? { List } : {}) });
  assert.equal((await put('onprem', 'hst', 'cloud', { ADDRESS: '127.0.14.2', KCODETYPE: '8' })).status, 200);
  assert.equal((await put('onprem', 'tgrp', 'TOCLOUD', {}, ['cloud'])).status, 200);
  const smi = await put('onprem', 'snd', 'api01', { FILENAME: src, GRPID: 'TOCLOUD' });
  assert.equal(smi.status, 200);
  assert.equal(smi.json.Id, 'API01');
  assert.equal((smi.json.Fields as Record<string, string>).TRANSPRTY, '50');
  const badPrio = await put('onprem', 'snd', 'API02', { FILENAME: src, GRPID: 'TOCLOUD', TRANSPRTY: '999' });
  assert.equal(badPrio.status, 400);
  assert.match(String(badPrio.json.message ?? badPrio.json.Message), /TRANSPRTY must be an integer in 1–256/);
  assert.equal((await put('cloud', 'rcv', 'API01', { FILENAME: 'api01.txt' })).status, 200);
  assert.equal((await call('GET', '/mft/nodes/onprem/definitions/snd/API01')).status, 200);
  assert.equal((await call('GET', '/mft/nodes/onprem/definitions/snd/NOPE')).status, 404);
  assert.equal((await call('GET', '/mft/nodes/nowhere/definitions/snd/API01')).status, 404);

  const sent = await call('POST', '/mft/nodes/onprem/send', { FileId: 'API01', Messages: { MSG0: 'hi' }, Sync: true });
  assert.equal(sent.status, 200, JSON.stringify(sent.json));
  const t = (sent.json.Transfers as { StatusCode: number; TransferId: string }[])[0]!;
  assert.equal(t.StatusCode, 0);
  assert.match(t.TransferId, /^[0-9a-f]{64}$/);
  const nodes = (await call('GET', '/mft/nodes')).json.Nodes as { Name: string; DataDir: string }[];
  const cloudDir = nodes.find((n) => n.Name === 'cloud')!.DataDir;
  assert.equal(readFileSync(join(cloudDir, 'files', 'api01.txt'), 'utf8'), '日本\n');
  const hist = await call('GET', '/mft/nodes/cloud/history/rcv', undefined, { fileId: 'api01' });
  const entry = (hist.json.Entries as { StatusCode: number; FileId: string; Host: string; Bytes: number }[]).at(-1)!;
  assert.deepEqual([entry.StatusCode, entry.FileId, entry.Host, entry.Bytes], [0, 'API01', 'onprem', 7]);

  assert.equal((await call('DELETE', '/mft/nodes/onprem/definitions/snd/API01')).status, 200);
  assert.equal((await call('DELETE', '/mft/nodes/onprem/definitions/snd/API01')).status, 404);
  assert.equal((await call('DELETE', '/mft/nodes/cloud')).status, 200);
  assert.equal((await call('DELETE', '/mft/nodes/cloud')).status, 404);
});

test('s3:// as FILENAME: a node sends an object from kumo S3 and the other receives it into kumo S3, committed only on success', async () => {
  const { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({ ...kumo.clientConfig(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'mft-src' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'mft-dst' }));
  const data = Buffer.concat([Buffer.alloc(100_000, 7), Buffer.from(Array.from({ length: 150_000 }, (_, i) => i % 251))]);
  await s3.send(new PutObjectCommand({ Bucket: 'mft-src', Key: 'data/in.bin', Body: data }));
  assert.equal((await call('POST', '/mft/nodes', { Name: 'cloud2', Address: '127.0.14.4' })).status, 200);
  const put = (node: string, kind: string, id: string, Fields: Record<string, string>, List?: string[]) => call('PUT', `/mft/nodes/${node}/definitions/${kind}/${id}`, { Fields, ...(List ? { List } : {}) });
  await put('onprem', 'hst', 'cloud2', { ADDRESS: '127.0.14.4' });
  await put('onprem', 'tgrp', 'TOCLOUD2', {}, ['cloud2']);
  await put('onprem', 'snd', 'S3X', { FILENAME: 's3://mft-src/data/in.bin', GRPID: 'TOCLOUD2', TRANSTYPE: 'B', COMP: '3', BLOCKLEN: '8192' });
  await put('cloud2', 'rcv', 'S3X', { FILENAME: 's3://mft-dst/out/$SNDFILE', TRANSMODE: 'N', ABNORMAL: 'R', DATAVERIFY: '1' });
  const sent = await call('POST', '/mft/nodes/onprem/send', { FileId: 'S3X', Sync: true });
  assert.equal((sent.json.Transfers as { StatusCode: number; Message: string }[])[0]!.StatusCode, 0, JSON.stringify(sent.json));
  const got = await s3.send(new GetObjectCommand({ Bucket: 'mft-dst', Key: 'out/in.bin' }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), data);

  // TRANSMODE=N onto an existing object: 508, and the object is untouched.
  const again = await call('POST', '/mft/nodes/onprem/send', { FileId: 'S3X', Sync: true });
  assert.equal((again.json.Transfers as { StatusCode: number }[])[0]!.StatusCode, 508);
  // A missing source object: 601 naming S3's error, nothing written.
  await put('onprem', 'snd', 'S3MISSING', { FILENAME: 's3://mft-src/nope.bin', GRPID: 'TOCLOUD2', TRANSTYPE: 'B' });
  await put('cloud2', 'rcv', 'S3MISSING', { FILENAME: 's3://mft-dst/nope.bin', TRANSMODE: 'R' });
  const missing = await call('POST', '/mft/nodes/onprem/send', { FileId: 'S3MISSING', Sync: true });
  const m = (missing.json.Transfers as { StatusCode: number; Message: string }[])[0]!;
  assert.equal(m.StatusCode, 601);
  assert.match(m.Message, /s3:\/\/mft-src\/nope\.bin/);
  const keys = await s3.send(new ListObjectsV2Command({ Bucket: 'mft-dst' }));
  assert.deepEqual((keys.Contents ?? []).map((o) => o.Key), ['out/in.bin']);
  s3.destroy();
});

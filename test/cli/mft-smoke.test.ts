// MFT smoke test against a started `kumo start`: nodes created through kumo's own API are runtime components that come
// back at boot; an object put with aws-cli is sent s3:// → s3:// between two nodes and read back with aws-cli.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { spawnKumo, CLI_PATH, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';
import { mftCall } from '../services/mft/mft-support.js';

const dir = mkdtempSync(join(tmpdir(), 'kumo-mft-smoke-'));
let kumo: SpawnedKumo;
const { awsOk } = awsCliFor(() => kumo.url);

before(async () => {
  kumo = await spawnKumo(['--data-dir', join(dir, 'kumo')]);
});
after(async () => {
  await kumo.stop();
  rmSync(dir, { recursive: true, force: true });
});

const api = (method: string, path: string, body?: unknown) => mftCall(kumo.url, method, path, body);
const put = (node: string, kind: string, id: string, Fields: Record<string, string>, List?: string[]) => api('PUT', `/mft/nodes/${node}/definitions/${kind}/${id}`, { Fields, ...(List ? { List } : {}) });

test('aws s3 cp in, an s3:// to s3:// transfer between two nodes, aws s3 cp out: the bytes are identical', async () => {
  assert.equal((await api('POST', '/mft/nodes', { Name: 'onprem', Address: '127.0.15.1' })).status, 200);
  assert.equal((await api('POST', '/mft/nodes', { Name: 'cloud', Address: '127.0.15.2' })).status, 200);
  await put('onprem', 'hst', 'cloud', { ADDRESS: '127.0.15.2', KCODETYPE: '8' });
  await put('onprem', 'tgrp', 'TOCLOUD', {}, ['cloud']);
  await put('cloud', 'hst', 'onprem', { ADDRESS: '127.0.15.1' });
  await put('onprem', 'snd', 'SMOKE', { FILENAME: 's3://smoke-src/in/report.bin', GRPID: 'TOCLOUD', TRANSTYPE: 'B', COMP: 'Z', PASSWORD: 'smokekey1' });
  await put('cloud', 'rcv', 'SMOKE', { FILENAME: 's3://smoke-dst/landed/$SNDFILE', TRANSMODE: 'R', ABNORMAL: 'R', PASSWORD: 'smokekey1', DATAVERIFY: '1' });
  const data = randomBytes(3 * 1024 * 1024 + 17);
  writeFileSync(join(dir, 'report.bin'), data);
  awsOk(['s3', 'mb', 's3://smoke-src']);
  awsOk(['s3', 'mb', 's3://smoke-dst']);
  awsOk(['s3', 'cp', join(dir, 'report.bin'), 's3://smoke-src/in/report.bin']);
  const sent = await api('POST', '/mft/nodes/onprem/send', { FileId: 'SMOKE', Sync: true });
  assert.equal((sent.json.Transfers as { StatusCode: number }[])[0]!.StatusCode, 0, JSON.stringify(sent.json));
  awsOk(['s3', 'cp', 's3://smoke-dst/landed/report.bin', join(dir, 'back.bin')]);
  assert.deepEqual(readFileSync(join(dir, 'back.bin')), data);
});

test('after a restart on the same data dir the nodes are started at boot, and kumo mft utllist shows the history', async () => {
  await kumo.stop();
  kumo = await spawnKumo(['--data-dir', join(dir, 'kumo')]);
  const listed = await api('GET', '/mft/nodes');
  const nodes = listed.json.Nodes as { Name: string; DataDir: string }[];
  assert.deepEqual(nodes.map((n) => n.Name), ['cloud', 'onprem']);
  const list = spawnSync(process.execPath, [CLI_PATH, 'mft', 'utllist', '-r', '-f', 'SMOKE'], { encoding: 'utf8', env: { ...process.env, KUMO_MFT_DATA_DIR: nodes[0]!.DataDir } });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout.split('\n')[1]!, /SMOKE +onprem +0 +0 +3145745 /);
  const again = await api('POST', '/mft/nodes/onprem/send', { FileId: 'SMOKE', Sync: true });
  assert.equal(again.status, 200, JSON.stringify(again.json));
  assert.equal((again.json.Transfers as { StatusCode: number }[])[0]!.StatusCode, 0, JSON.stringify(again.json));
});

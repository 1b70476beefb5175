// Checkpoint resend across a crash: the receiving node runs as its own process (`mft serve`), is SIGKILLed mid-transfer,
// restarts on its data dir, and `utlsend -r` resumes from the last acknowledged block with a byte-identical result.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MftNode } from '../../../src/services/mft/node.js';
import { adminSocketPath, callAdmin, serveAdmin } from '../../../src/services/mft/admin.js';
import { runMft } from '../../../src/services/mft/cli.js';
import type { Server } from 'node:net';
import { define, tempDir } from './mft-support.js';

const A = '127.0.11.1';
const B = '127.0.11.2';
const CLI = join(process.cwd(), 'dist/src/cli.js');
const dirA = tempDir('ra');
const dirB = tempDir('rb');
let a: MftNode;
let adminA: Server;
let child: ChildProcess | undefined;

function startB(): Promise<ChildProcess> {
  const c = spawn(process.execPath, [CLI, 'mft', 'serve', '--node', 'nodeb', '--address', B, '--data-dir', dirB], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    c.stdout.once('data', () => resolve(c));
    c.once('exit', (code) => reject(new Error(`mft serve exited with ${code}`)));
  });
}

async function defineB(kind: string, id: string, fields: Record<string, string>, list: string[] = []): Promise<void> {
  const r = await callAdmin(adminSocketPath(dirB), 'def.put', { def: { kind, id, fields, list } });
  assert.equal(r.ok, true, JSON.stringify(r));
}

function io(): { out: string[]; err: string[]; io: Parameters<typeof runMft>[2] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l), env: { KUMO_MFT_DATA_DIR: dirA } } };
}

before(async () => {
  a = new MftNode({ name: 'nodea', address: A, dataDir: dirA, settings: { retrycnt: 0, retrytimeMs: 50 } });
  await a.start();
  adminA = await serveAdmin(a, adminSocketPath(dirA));
  define(a, 'hst', 'nodeb', { ADDRESS: B, KCODETYPE: '8' });
  define(a, 'tgrp', 'TOB', {}, ['nodeb']);
  child = await startB();
  await defineB('hst', 'nodea', { ADDRESS: A });
  await defineB('tgrp', 'FROMA', {}, ['nodea']);
});

after(async () => {
  child?.kill('SIGTERM');
  adminA.close();
  await a.stop();
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

test('a receiver SIGKILLed mid-transfer is resumed from the checkpoint by utlsend -r and the file is byte-identical', async () => {
  const data = randomBytes(16 * 1024 * 1024);
  const src = join(dirA, 'big.bin');
  writeFileSync(src, data);
  define(a, 'snd', 'BIG', { FILENAME: src, GRPID: 'TOB', TRANSTYPE: 'B', BLOCKLEN: '65520', INTERVAL: '3', COMP: '3', PASSWORD: 'resumekey1' });
  await defineB('rcv', 'BIG', { FILENAME: 'big.bin', ABNORMAL: 'K', DATAVERIFY: '1', GRPID: 'FROMA', PASSWORD: 'resumekey1' });

  const first = a.send({ fileId: 'BIG', msgs: {}, sync: true });
  // Kill the receiving process once about 40 % has been acknowledged.
  for (;;) {
    const q = a.store.queue().find((r) => r.fileId === 'BIG');
    if (q && q.wireOffset >= data.length * 0.4) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child!.kill('SIGKILL');
  const failed = (await first).outcomes[0]!;
  assert.equal(failed.statusCode, 310, failed.message);
  const queued = a.sends.pending().find((r) => r.fileId === 'BIG')!;
  assert.equal(queued.state, 'resend');
  assert.ok(queued.wireOffset > 0 && queued.wireOffset < data.length);
  assert.equal(existsSync(join(dirB, 'files', 'big.bin')), false, 'nothing under the final name yet');

  child = await startB();
  define(a, 'snd', 'BIG', { FILENAME: src, GRPID: 'TOB', TRANSTYPE: 'B', BLOCKLEN: '65520', COMP: '3', PASSWORD: 'resumekey1' });
  const cli = io();
  const code = await runMft('utlsend', ['-r', 'nodeb', '-f', 'BIG', '-sync'], cli.io);
  assert.equal(code, 0, cli.err.join('\n'));
  assert.deepEqual(readFileSync(join(dirB, 'files', 'big.bin')), data);

  const sent = a.store.logs('snd', { fileId: 'BIG' });
  assert.deepEqual(sent.map((l) => l.statusCode), [310, 0]);
  assert.ok(sent[1]!.startOffset >= queued.wireOffset, 'resumed at or after the sender checkpoint');
  const list = io();
  assert.equal(await runMft('utllist', ['-s', '-f', 'BIG'], list.io), 0);
  assert.equal(list.out.length, 3);
  assert.match(list.out[2]!, / 0 +0 +16777216 /);
  const r = await callAdmin(adminSocketPath(dirB), 'list', { side: 'rcv', fileId: 'BIG' });
  const rcv = (r as { result: { statusCode: number; startOffset: number; sha256: string }[] }).result;
  assert.equal(rcv.at(-1)!.statusCode, 0);
  assert.equal(rcv.at(-1)!.startOffset, sent[1]!.startOffset);
  assert.equal(rcv.at(-1)!.sha256, sent[1]!.sha256);
});

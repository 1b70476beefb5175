// kumo's data stays private whatever the umask: a new data dir is 0700, the database, its WAL/SHM and blob files
// 0600, and an existing data dir others could read is tightened (and reported once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../runtime/runtime.js';
import { DEFAULT_CONFIG } from '../config.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { STATE_FILE_NAME } from './state-store.js';

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

async function withUmask<T>(mask: number, run: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await run();
  } finally {
    process.umask(previous);
  }
}

test('a new data dir is 0700 and the database, WAL, SHM and blob files 0600 even under umask 000', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kumo-private-'));
  const dataDir = join(root, 'data');
  try {
    await withUmask(0, async () => {
      const runtime = new Runtime({ ...DEFAULT_CONFIG, dataDir, port: 0 }, { logger: silentLogger });
      runtime.store.db.exec('CREATE TABLE t (x INTEGER)');
      runtime.store.db.prepare('INSERT INTO t VALUES (1)').run();
      await runtime.blobs.write([Buffer.alloc(100, 1)]);
      assert.equal(modeOf(dataDir), 0o700);
      for (const suffix of ['', '-wal', '-shm']) assert.equal(modeOf(join(dataDir, STATE_FILE_NAME + suffix)), 0o600, suffix);
      const blobs = filesUnder(join(dataDir, 'blobs'));
      assert.ok(blobs.length >= 1);
      for (const file of blobs) assert.equal(modeOf(file), 0o600, file);
      await runtime.stop();
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an existing data dir and database others can read are tightened and logged once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kumo-private-'));
  const dataDir = join(root, 'data');
  try {
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, STATE_FILE_NAME), '');
    chmodSync(join(dataDir, STATE_FILE_NAME), 0o644);
    const lines: string[] = [];
    const logger: Logger = { ...silentLogger, info: (m) => lines.push(m) };
    const runtime = new Runtime({ ...DEFAULT_CONFIG, dataDir, port: 0 }, { logger });
    await runtime.stop();
    assert.equal(modeOf(dataDir), 0o700);
    assert.equal(modeOf(join(dataDir, STATE_FILE_NAME)), 0o600);
    const tightened = lines.filter((l) => l.includes('made private'));
    assert.equal(tightened.length, 2, lines.join('\n'));
    const again = new Runtime({ ...DEFAULT_CONFIG, dataDir, port: 0 }, { logger });
    await again.stop();
    assert.equal(lines.filter((l) => l.includes('made private')).length, 2, 'nothing to tighten the second time');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

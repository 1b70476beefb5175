// The data-dir lock: a second kumo on a data dir held by a live process refuses to start naming the holder's pid;
// a lock left by a dead process is taken over; release removes only our own lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKumoError } from '../core/kumo-error.js';
import { LOCK_FILE_NAME, lockDataDir } from './data-dir-lock.js';

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-lock-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a data dir held by another live process is refused with KUMO_ERR_STORE_LOCKED naming its pid', () => {
  withDir((dir) => {
    writeFileSync(join(dir, LOCK_FILE_NAME), `${process.ppid}\n`);
    assert.throws(() => lockDataDir(dir), (e: unknown) => isKumoError(e) && e.code === 'KUMO_ERR_STORE_LOCKED' && e.message.includes(`pid ${process.ppid}`));
    assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8').trim(), String(process.ppid), 'the holder keeps its lock');
  });
});

test('a lock left by a process that is gone is taken over, and released on stop', () => {
  withDir((dir) => {
    writeFileSync(join(dir, LOCK_FILE_NAME), '2147483646\n');
    const release = lockDataDir(dir);
    assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8').trim(), String(process.pid));
    release();
    assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  });
});

// One kumo per data dir: `<data-dir>/kumo.pid` holds the running process's pid. A second kumo finds the holder alive and
// refuses to start (two processes would both run sweepers over one store); a pid left by a crash is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KumoError } from '../core/kumo-error.js';
import { PRIVATE_FILE_MODE } from './private-files.js';

export const LOCK_FILE_NAME = 'kumo.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return typeof e === 'object' && e !== null && 'code' in e && e.code === 'EPERM';
  }
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the data dir for this process; returns the release function (idempotent). */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (holderOf(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (e) {
      if (!(typeof e === 'object' && e !== null && 'code' in e && e.code === 'EEXIST')) {
        throw new KumoError('KUMO_ERR_STORE_DATA_DIR', `Cannot create the lock file ${file}: ${String(e)}`, { cause: e });
      }
    }
    const holder = holderOf(file);
    if (holder !== undefined && holder !== process.pid && alive(holder)) {
      throw new KumoError('KUMO_ERR_STORE_LOCKED', `The data directory ${dataDir} is in use by another kumo (pid ${holder}, see ${file})`);
    }
    // Left by a process that is gone (kill -9, a crash), unreadable, or our own: take it over.
    rmSync(file, { force: true });
  }
  throw new KumoError('KUMO_ERR_STORE_LOCKED', `The data directory ${dataDir} is being taken by another kumo (${file})`);
}

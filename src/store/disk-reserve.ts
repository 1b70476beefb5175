// Full disk: a reserve file of a few MiB in the data dir, released when a write meets ENOSPC/SQLITE_FULL so that
// deletes (SQLite needs WAL room even to delete a row) still work and the user can free space through the API.
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from './private-files.js';

/** Room for SQLite's WAL and journal while rows are deleted on a full disk. */
export const RESERVE_BYTES = 8 * 1024 * 1024;
/** A released reserve is tried again at most this often (each try writes RESERVE_BYTES). */
const RETRY_MS = 1000;

/** Errors that mean the disk (or quota) is full: Node's ENOSPC/EDQUOT and SQLite's SQLITE_FULL. */
export function isDiskFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

export interface DiskReserve {
  /** False after a full disk released the reserve and it could not be taken back yet: only deletes may run. */
  available(): boolean;
  /** A write met a full disk: free the reserve so deletes have room. */
  release(): void;
}

/** The in-memory mode: nothing on disk to reserve. */
export const NO_RESERVE: DiskReserve = { available: () => true, release: () => {} };

export class FileDiskReserve implements DiskReserve {
  private readonly file: string;
  private held = false;
  private lastTry = -Infinity;

  constructor(dataDir: string, private readonly bytes = RESERVE_BYTES, private readonly now: () => number = Date.now) {
    this.file = join(dataDir, 'disk-reserve');
    this.take();
  }

  available(): boolean {
    if (this.held) return true;
    const now = this.now();
    if (now - this.lastTry < RETRY_MS) return false;
    this.lastTry = now;
    return this.take();
  }

  release(): void {
    rmSync(this.file, { force: true });
    this.held = false;
    this.lastTry = this.now();
  }

  /** Writes the reserve out in full (a sparse file would reserve nothing); false when the disk has no room for it. */
  private take(): boolean {
    try {
      if (statSync(this.file).size === this.bytes) return (this.held = true);
    } catch {
      // not there yet
    }
    let fd: number | undefined;
    try {
      fd = openSync(this.file, 'w', PRIVATE_FILE_MODE);
      const block = Buffer.alloc(1024 * 1024);
      for (let written = 0; written < this.bytes; written += block.length) writeSync(fd, block, 0, Math.min(block.length, this.bytes - written));
      closeSync(fd);
      this.held = true;
    } catch {
      if (fd !== undefined) closeSync(fd);
      rmSync(this.file, { force: true });
      this.held = false;
    }
    return this.held;
  }
}

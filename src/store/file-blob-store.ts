// File-backed blobs under one directory: <dir>/<first 2 hex>/<id>, written to <dir>/tmp/<id>.tmp then renamed.
// A rename is atomic, so a crash leaves either a whole blob or a temp file that sweep() removes.
import { closeSync, createReadStream, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { KumoError } from '../core/kumo-error.js';
import { checkBlobId, clampRange, missingBlob, newBlobId } from './blob-ids.js';
import { makeDirectories } from './make-directories.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tighten } from './private-files.js';

const TEMP_DIR = 'tmp';
const SHARD = /^[0-9a-f]{2}$/;

/** Implements BlobStore (checked where openBlobStore returns it; no import back, so the two modules form no loop). */
export class FileBlobStore {
  /** Temp files a write in this process is still filling; sweep() leaves them alone. */
  private readonly writing = new Set<string>();

  constructor(private readonly dir: string) {
    try {
      makeDirectories(dir, PRIVATE_DIR_MODE);
      makeDirectories(join(dir, TEMP_DIR), PRIVATE_DIR_MODE);
      // Folders made before kumo kept its data private: tighten them (their files are then out of others' reach).
      tighten(dir, PRIVATE_DIR_MODE);
      for (const name of readdirSync(dir)) if (SHARD.test(name) || name === TEMP_DIR) tighten(join(dir, name), PRIVATE_DIR_MODE);
      // Fail early on an unwritable directory rather than on the first upload.
      closeSync(openSync(join(dir, TEMP_DIR, '.probe'), 'w', PRIVATE_FILE_MODE));
      rmSync(join(dir, TEMP_DIR, '.probe'), { force: true });
    } catch (e) {
      throw new KumoError('KUMO_ERR_STORE_DATA_DIR', `Cannot use the blob directory ${dir}: ${String(e)}`, { cause: e });
    }
  }

  async write(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ id: string; size: number }> {
    const id = newBlobId();
    const temp = join(this.dir, TEMP_DIR, `${id}.tmp`);
    this.writing.add(temp);
    let size = 0;
    try {
      const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
      try {
        for await (const chunk of source) {
          let offset = 0;
          while (offset < chunk.length) {
            const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
            offset += bytesWritten;
          }
          size += chunk.length;
        }
      } finally {
        await handle.close();
      }
      // No fsync: like SQLite's synchronous=NORMAL, bytes survive a process crash but not a power loss.
      mkdirSync(join(this.dir, id.slice(0, 2)), { recursive: true, mode: PRIVATE_DIR_MODE });
      renameSync(temp, this.path(id));
    } catch (e) {
      rmSync(temp, { force: true });
      throw e;
    } finally {
      this.writing.delete(temp);
    }
    return { id, size };
  }

  read(id: string, range?: { start: number; end: number }): NodeJS.ReadableStream {
    const size = this.size(id);
    if (range === undefined) return createReadStream(this.path(id));
    const [start, end] = clampRange(id, size, range);
    return createReadStream(this.path(id), { start, end });
  }

  size(id: string): number {
    checkBlobId(id);
    try {
      return statSync(this.path(id)).size;
    } catch (e) {
      if (isNotFound(e)) throw missingBlob(id);
      throw e;
    }
  }

  delete(id: string): void {
    checkBlobId(id);
    rmSync(this.path(id), { force: true });
  }

  clear(): void {
    for (const name of readdirSync(this.dir)) {
      if (SHARD.test(name)) rmSync(join(this.dir, name), { recursive: true, force: true });
    }
    this.removeStaleTemps();
  }

  sweep(isReferenced: (id: string) => boolean): number {
    let removed = 0;
    for (const shard of readdirSync(this.dir)) {
      if (!SHARD.test(shard)) continue;
      for (const name of readdirSync(join(this.dir, shard))) {
        if (!isReferenced(name)) {
          rmSync(join(this.dir, shard, name), { force: true });
          removed++;
        }
      }
    }
    this.removeStaleTemps();
    return removed;
  }

  removeTemps(): void {
    const tempDir = join(this.dir, TEMP_DIR);
    for (const name of readdirSync(tempDir)) rmSync(join(tempDir, name), { force: true });
  }

  private removeStaleTemps(): void {
    const tempDir = join(this.dir, TEMP_DIR);
    for (const name of readdirSync(tempDir)) {
      const path = join(tempDir, name);
      if (!this.writing.has(path)) rmSync(path, { force: true });
    }
  }

  /** The file holding a blob (for callers that open it themselves, e.g. to keep a descriptor across a delete). */
  pathOf(id: string): string {
    checkBlobId(id);
    return this.path(id);
  }

  private path(id: string): string {
    return join(this.dir, id.slice(0, 2), id);
  }
}

function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === 'ENOENT';
}

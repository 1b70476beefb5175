// Big cached bodies as files, so a cached 100 MiB object costs the edge a file, not 100 MiB of heap: bodies over a
// threshold spill from the origin stream into a FileBlobStore (the S3 bulk-bytes convention: temp file, rename), or
// are written by a streamed cache fill through a growing file (create/commit). The directory is emptied at start
// and at stop: a restarted edge starts cold, like a new POP.
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, type ReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newBlobId } from '../../store/blob-ids.js';
import { FileBlobStore } from '../../store/file-blob-store.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../store/private-files.js';

/** A body kept in a file of the edge's store. */
export interface BodyFile {
  id: string;
  size: number;
}

/** Where a body ended up: in memory, or (past the threshold) in a file. */
export type CollectedBody = { bytes: Buffer; file?: undefined } | { bytes?: undefined; file: BodyFile };

/** A file a streamed fill is writing: open for reading and writing at `fd` under a temp name; `commit` gives it its
 *  blob name (the descriptor stays valid), `abort` removes it. The caller closes `fd`. */
export interface GrowingFile {
  id: string;
  fd: number;
  commit(size: number): BodyFile;
  abort(): void;
}

export class CacheFiles {
  private readonly store: FileBlobStore;
  /** A directory made for this process (in-memory kumo), removed at close. */
  private readonly own: string | undefined;
  private readonly root: string;

  /** `dir` under the data directory, or undefined for a private temp directory (in-memory mode). */
  constructor(dir: string | undefined) {
    const root = dir ?? mkdtempSync(join(tmpdir(), 'kumo-edge-'));
    this.own = dir === undefined ? root : undefined;
    this.root = root;
    this.store = new FileBlobStore(root);
    this.store.clear();
  }

  /** Reads `source` to its end: in memory up to `threshold` bytes, then everything (buffered bytes first) to a file. */
  async collect(source: AsyncIterable<Uint8Array>, threshold: number): Promise<CollectedBody> {
    const it = source[Symbol.asyncIterator]();
    const chunks: Buffer[] = [];
    let n = 0;
    for (;;) {
      const next = await it.next();
      if (next.done) return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, n) };
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      chunks.push(chunk);
      n += chunk.length;
      if (n > threshold) break;
    }
    async function* rest(): AsyncIterable<Uint8Array> {
      // The buffered chunks are handed over one by one and dropped, so memory stays at one chunk in flight.
      while (chunks.length > 0) yield chunks.shift()!;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    }
    return { file: await this.store.write(rest()) };
  }

  /** A new file for a streamed fill, written under the store's temp folder (FileBlobStore's layout: tmp/<id>.tmp,
   *  renamed into <2 hex>/<id> once whole), so a fill cut short never leaves a file under a blob name. */
  create(): GrowingFile {
    const id = newBlobId();
    const temp = join(this.root, 'tmp', `${id}.tmp`);
    const fd = openSync(temp, 'wx+', PRIVATE_FILE_MODE);
    let committed = false;
    return {
      id,
      fd,
      commit: (size) => {
        mkdirSync(join(this.root, id.slice(0, 2)), { recursive: true, mode: PRIVATE_DIR_MODE });
        renameSync(temp, this.store.pathOf(id));
        committed = true;
        return { id, size };
      },
      abort: () => {
        if (!committed) rmSync(temp, { force: true });
      },
    };
  }

  /** The bytes `start..end` (inclusive) of a file, opened now: a delete after this call does not cut the stream
   *  short (the open descriptor keeps the file's bytes until the stream closes). */
  open(id: string, start: number, end: number): ReadStream {
    const path = this.store.pathOf(id);
    const fd = openSync(path, 'r');
    try {
      return createReadStream(path, { fd, start, end, autoClose: true });
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Files on disk now: whole bodies under blob names, and temp files of fills in progress (or cut short). */
  count(): { bodies: number; temps: number } {
    let bodies = 0;
    for (const name of readdirSync(this.root)) if (/^[0-9a-f]{2}$/.test(name)) bodies += readdirSync(join(this.root, name)).length;
    return { bodies, temps: readdirSync(join(this.root, 'tmp')).length };
  }

  delete(id: string): void {
    this.store.delete(id);
  }

  clear(): void {
    this.store.clear();
  }

  close(): void {
    this.store.removeTemps();
    if (this.own) rmSync(this.own, { recursive: true, force: true });
    else this.store.clear();
  }
}

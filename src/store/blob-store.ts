// The blob store: bulk bytes (S3 object bodies, large payloads) kept outside SQLite, as files or in memory.
// Callers write the blob first, then commit the metadata row naming it; sweep() removes blobs nothing names.
import { Readable } from 'node:stream';
import { clampRange, missingBlob, newBlobId } from './blob-ids.js';
import { FileBlobStore } from './file-blob-store.js';

export interface BlobStore {
  /** Streams bytes into a new blob (temp file then rename); resolves after all bytes are written. On a source error the
   *  partial file is removed and the promise rejects. */
  write(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ id: string; size: number }>;
  /** The blob's bytes, or the inclusive byte range `start..end` of them (end is clamped to the last byte). */
  read(id: string, range?: { start: number; end: number }): NodeJS.ReadableStream;
  size(id: string): number;
  delete(id: string): void;
  clear(): void;
  /** Removes blobs no one references: `isReferenced(id)` is asked for each; also removes stale temp files
   *  (those no write in this process is filling). Returns the number of blobs removed. Call it only when no
   *  write has resolved without its metadata committed yet (commit right after `await write()`, with no await between). */
  sweep(isReferenced: (id: string) => boolean): number;
  /** At shutdown: removes every temp file (uploads interrupted mid-body), so none waits for the next start's sweep. */
  removeTemps(): void;
}

export function openBlobStore(options: { dir: string } | { inMemory: true }): BlobStore {
  return 'dir' in options ? new FileBlobStore(options.dir) : new MemoryBlobStore();
}

/** Blobs as Buffers in a Map: the `--in-memory` mode. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  async write(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ id: string; size: number }> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.from(chunk));
    const id = newBlobId();
    const bytes = Buffer.concat(chunks);
    this.blobs.set(id, bytes);
    return { id, size: bytes.length };
  }

  read(id: string, range?: { start: number; end: number }): NodeJS.ReadableStream {
    const bytes = this.require(id);
    if (range === undefined) return Readable.from([bytes], { objectMode: false });
    const [start, end] = clampRange(id, bytes.length, range);
    return Readable.from([bytes.subarray(start, end + 1)], { objectMode: false });
  }

  size(id: string): number {
    return this.require(id).length;
  }

  delete(id: string): void {
    this.blobs.delete(id);
  }

  clear(): void {
    this.blobs.clear();
  }

  removeTemps(): void {
    // Nothing is written to disk in memory: an interrupted write never lands in the map.
  }

  sweep(isReferenced: (id: string) => boolean): number {
    let removed = 0;
    for (const id of [...this.blobs.keys()]) {
      if (!isReferenced(id)) {
        this.blobs.delete(id);
        removed++;
      }
    }
    return removed;
  }

  private require(id: string): Buffer {
    const bytes = this.blobs.get(id);
    if (bytes === undefined) throw missingBlob(id);
    return bytes;
  }
}

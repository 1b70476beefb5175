// The pooled 64 KiB chunks large response bodies are written into (utf8-writer.ts, utf8-chunks.ts) and given back
// once the body is on the wire, so a large answer reuses warm memory instead of page-faulting fresh buffers.

/** Bodies larger than this go out as chunks of this size. */
export const CHUNK_BYTES = 64 * 1024;

export interface Utf8Chunks {
  readonly chunks: Buffer[];
  /** Returns the chunks to the pool; only once the body has been written out and nothing refers to them. */
  readonly release: () => void;
}

/**
 * Chunk buffers are reused across responses: a fresh 64 KiB malloc after the allocator has trimmed its heap costs
 * 16 page faults, and a 0.65 MB body freed only at the next GC makes that the common case (measured ~250–600
 * faults per GetRecords pair). At most POOL_CHUNKS (2 MiB) stay pooled.
 */
const POOL_CHUNKS = 32;
const pool: Buffer[] = [];

/** A chunk from the pool (or a new one), recorded in `taken` so that releaseChunks can give it back. */
export function takeChunk(taken: Buffer[]): Buffer {
  const chunk = pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
  taken.push(chunk);
  return chunk;
}

/** Gives the chunks in `taken` back to the pool (and empties it): only once nothing refers to them. */
export function releaseChunks(taken: Buffer[]): void {
  for (const chunk of taken.splice(0)) if (pool.length < POOL_CHUNKS) pool.push(chunk);
}

// Response text given as many string pieces (JSON with pre-rendered records, EC2's XML) turned into UTF-8 bytes
// without flattening the pieces into one big string or one big fresh buffer; shared by the JSON and EC2 codecs.
import { Readable } from 'node:stream';
import type { WireResponse } from '../codec.js';

/** Bodies larger than this go out as chunks of this size. */
export const CHUNK_BYTES = 64 * 1024;
/** UTF-16 units per written segment: at most 3 UTF-8 bytes each, so a segment always fits an empty chunk. */
const SEGMENT_UNITS = 16 * 1024;

/**
 * The UTF-8 bytes of text given as pieces: one buffer for a small body, else chunks of CHUNK_BYTES written piece
 * by piece. Two costs are avoided, both measured on a 0.65 MB GetRecords body (docs/performance.md, DynamoDB Streams):
 * joining a thousand raw texts builds a rope that Buffer.from must flatten (~3 ms), and one fresh buffer of that
 * size is mmap'd by the allocator and page-faulted on every response (~70 faults, ~1.2 ms), where 64 KiB chunks
 * come from the malloc heap and reuse freed memory (~0.1 ms).
 */
export function utf8Chunks(pieces: readonly string[]): Utf8Chunks {
  let units = 0;
  for (const p of pieces) units += p.length;
  if (units <= SEGMENT_UNITS) return { chunks: [Buffer.from(pieces.length === 1 ? pieces[0]! : pieces.join(''), 'utf8')], release: () => {} };
  const chunks: Buffer[] = [];
  const taken: Buffer[] = [];
  let chunk = takeChunk(taken);
  let used = 0;
  const put = (segment: string): void => {
    // At most 3 UTF-8 bytes per UTF-16 unit: only a segment near the chunk's end needs its exact byte length.
    if (used + segment.length * 3 > CHUNK_BYTES && used + Buffer.byteLength(segment, 'utf8') > CHUNK_BYTES) {
      chunks.push(chunk.subarray(0, used));
      chunk = takeChunk(taken);
      used = 0;
    }
    used += chunk.write(segment, used, 'utf8');
  };
  for (const p of pieces) {
    if (p.length <= SEGMENT_UNITS) {
      put(p);
      continue;
    }
    for (let at = 0; at < p.length;) {
      let end = Math.min(at + SEGMENT_UNITS, p.length);
      // Never split a surrogate pair: its halves alone would each be written as U+FFFD.
      const last = p.charCodeAt(end - 1);
      if (end < p.length && last >= 0xd800 && last <= 0xdbff) end--;
      put(p.slice(at, end));
      at = end;
    }
  }
  if (used > 0) chunks.push(chunk.subarray(0, used));
  return { chunks, release: () => releaseChunks(taken) };
}

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

function takeChunk(taken: Buffer[]): Buffer {
  const chunk = pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
  taken.push(chunk);
  return chunk;
}

function releaseChunks(taken: Buffer[]): void {
  for (const chunk of taken.splice(0)) if (pool.length < POOL_CHUNKS) pool.push(chunk);
}

/**
 * A 200 response carrying `body`: one buffer as is, else the chunks streamed with their Content-Length, returned to
 * the pool once written.
 */
export function chunkedResponse(headers: Record<string, string>, body: Utf8Chunks): WireResponse {
  const { chunks, release } = body;
  if (chunks.length === 1) return { status: 200, headers, body: chunks[0]! };
  let length = 0;
  for (const c of chunks) length += c.length;
  return { status: 200, headers: { ...headers, 'content-length': String(length) }, body: new ChunkList(chunks), sent: release };
}

/**
 * The chunks as a byte stream that hands them all over on its first read: Readable.from would step an iterator
 * through promises, one per chunk. The HTTP server writes them straight to the response instead (`bufferedChunks`);
 * the stream is for any other reader of a WireResponse.
 */
class ChunkList extends Readable {
  constructor(readonly chunks: Buffer[]) {
    super();
  }

  override _read(): void {
    for (const chunk of this.chunks) this.push(chunk);
    this.push(null);
  }
}

/**
 * The chunks of a body made by `chunkedResponse` that nothing has read yet, for a writer that can send them in one
 * corked batch: a pipeline through the Readable costs ~0.4 ms more per 0.65 MB response (docs/performance.md,
 * DynamoDB Streams, fifth round). Undefined for any other body.
 */
export function bufferedChunks(body: unknown): Buffer[] | undefined {
  return body instanceof ChunkList && body.readableLength === 0 && !body.readableDidRead ? body.chunks : undefined;
}

// Response text given as many string pieces (JSON with pre-rendered records, EC2's XML) turned into UTF-8 bytes
// without flattening the pieces into one big string or one big fresh buffer; shared by the JSON and EC2 codecs.
import { Readable } from 'node:stream';
import type { WireResponse } from '../codec.js';
import type { Utf8Chunks } from './chunk-pool.js';
import { SEGMENT_UNITS, Utf8Writer } from './utf8-writer.js';

/**
 * The UTF-8 bytes of text given as pieces: one buffer for a small body, else pooled chunks (chunk-pool.ts) written piece
 * by piece through Utf8Writer. Two costs are avoided, both measured on a 0.65 MB GetRecords body (docs/performance.md, DynamoDB Streams):
 * joining a thousand raw texts builds a rope that Buffer.from must flatten (~3 ms), and one fresh buffer of that
 * size is mmap'd by the allocator and page-faulted on every response (~70 faults, ~1.2 ms), where 64 KiB chunks
 * come from the malloc heap and reuse freed memory (~0.1 ms).
 */
export function utf8Chunks(pieces: readonly string[]): Utf8Chunks {
  let units = 0;
  for (const p of pieces) units += p.length;
  if (units <= SEGMENT_UNITS) return { chunks: [Buffer.from(pieces.length === 1 ? pieces[0]! : pieces.join(''), 'utf8')], release: () => {} };
  const writer = new Utf8Writer();
  for (const p of pieces) writer.text(p);
  return writer.finish();
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

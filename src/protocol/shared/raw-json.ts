// Pre-rendered JSON a provider can place in its output (DynamoDB Streams records rendered at write time): the JSON
// codec writes the text verbatim into the response bytes instead of walking and re-serializing a decoded value.

export class RawJson {
  constructor(readonly json: string) {}

  /** The value, for in-process callers that read the output instead of sending it. */
  get value(): unknown {
    return JSON.parse(this.json) as unknown;
  }

  /** Called by JSON.stringify; stringifyPieces collects the text and leaves a marker to replace. */
  toJSON(): unknown {
    if (!collecting) return this.value;
    collecting.push(this.json);
    return `${collectingMarker}${collecting.length - 1}`;
  }
}

let collecting: string[] | undefined;
let collectingMarker = '';

/**
 * JSON.stringify with RawJson values written verbatim, as the pieces whose concatenation is the JSON text (the
 * structural text between raws, then a raw, ...). Without any RawJson it costs one extra array check.
 */
export function stringifyPieces(body: unknown): string[] {
  const previous = collecting;
  const previousMarker = collectingMarker;
  collecting = [];
  // A marker no client string can hold: a NUL and a per-call random tag.
  collectingMarker = `\u0000kumo-raw-${Math.random().toString(36).slice(2)}:`;
  try {
    const text = JSON.stringify(body);
    const raws = collecting;
    if (raws.length === 0) return [text];
    const marker = JSON.stringify(collectingMarker).slice(1, -1);
    const pieces: string[] = [];
    let at = 0;
    for (let i = 0; i < raws.length; i++) {
      const needle = `"${marker}${i}"`;
      const found = text.indexOf(needle, at);
      if (found < 0) continue;
      pieces.push(text.slice(at, found), raws[i]!);
      at = found + needle.length;
    }
    pieces.push(text.slice(at));
    return pieces;
  } finally {
    collecting = previous;
    collectingMarker = previousMarker;
  }
}

/** The JSON text with RawJson values spliced in. */
export function stringifyWithRaw(body: unknown): string {
  return stringifyPieces(body).join('');
}

/** Bodies larger than this go out as chunks of this size (see jsonChunksWithRaw). */
export const JSON_CHUNK_BYTES = 64 * 1024;
/** UTF-16 units per written segment: at most 3 UTF-8 bytes each, so a segment always fits an empty chunk. */
const SEGMENT_UNITS = 16 * 1024;

/**
 * The UTF-8 bytes of the JSON text: one buffer for a small body, else chunks of JSON_CHUNK_BYTES written piece by
 * piece. Two costs are avoided, both measured on a 0.65 MB GetRecords body (docs/performance.md, DynamoDB Streams):
 * joining a thousand raw texts builds a rope that Buffer.from must flatten (~3 ms), and one fresh buffer of that
 * size is mmap'd by the allocator and page-faulted on every response (~70 faults, ~1.2 ms), where 64 KiB chunks
 * come from the malloc heap and reuse freed memory (~0.1 ms).
 */
export function jsonChunksWithRaw(body: unknown): JsonChunks {
  const pieces = stringifyPieces(body);
  let units = 0;
  for (const p of pieces) units += p.length;
  if (units <= SEGMENT_UNITS) return { chunks: [Buffer.from(pieces.length === 1 ? pieces[0]! : pieces.join(''), 'utf8')], release: () => {} };
  const chunks: Buffer[] = [];
  const taken: Buffer[] = [];
  let chunk = takeChunk(taken);
  let used = 0;
  const put = (segment: string): void => {
    if (used + Buffer.byteLength(segment, 'utf8') > JSON_CHUNK_BYTES) {
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

export interface JsonChunks {
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
  const chunk = pool.pop() ?? Buffer.allocUnsafeSlow(JSON_CHUNK_BYTES);
  taken.push(chunk);
  return chunk;
}

function releaseChunks(taken: Buffer[]): void {
  for (const chunk of taken.splice(0)) if (pool.length < POOL_CHUNKS) pool.push(chunk);
}

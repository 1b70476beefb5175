// Opens an object's bytes for reading: the concatenation of its blobs (one per PUT, one per part after a
// multipart upload), restricted to an inclusive byte range, streamed without buffering the object.
import { Readable } from 'node:stream';
import type { BlobStore } from '../../../store/blob-store.js';
import type { BlobRef } from './object-store.js';
import type { ByteRange } from './range.js';

/** The pieces of each blob a range covers, in order. */
export function slicesFor(blobs: readonly BlobRef[], range: ByteRange | undefined): Array<{ id: string; start: number; end: number }> {
  const out: Array<{ id: string; start: number; end: number }> = [];
  let offset = 0;
  for (const b of blobs) {
    const blobStart = offset;
    const blobEnd = offset + b.size - 1;
    offset += b.size;
    if (b.size === 0) continue;
    const start = range ? Math.max(range.start, blobStart) : blobStart;
    const end = range ? Math.min(range.end, blobEnd) : blobEnd;
    if (start > end) continue;
    out.push({ id: b.id, start: start - blobStart, end: end - blobStart });
  }
  return out;
}

export function openObject(store: BlobStore, blobs: readonly BlobRef[], range?: ByteRange, inline?: Buffer): Readable {
  if (inline !== undefined) {
    return Readable.from([range === undefined ? inline : inline.subarray(range.start, range.end + 1)], { objectMode: false });
  }
  const slices = slicesFor(blobs, range);
  if (slices.length === 0) return Readable.from([], { objectMode: false });
  const sizes = new Map(blobs.map((b) => [b.id, b.size]));
  const whole = (s: { id: string; start: number; end: number }): boolean => s.start === 0 && s.end === (sizes.get(s.id) ?? 0) - 1;
  if (slices.length === 1) {
    const s = slices[0]!;
    return toReadable(whole(s) ? store.read(s.id) : store.read(s.id, { start: s.start, end: s.end }));
  }
  async function* all(): AsyncGenerator<Buffer> {
    for (const s of slices) {
      const part = whole(s) ? store.read(s.id) : store.read(s.id, { start: s.start, end: s.end });
      yield* part as AsyncIterable<Buffer>;
    }
  }
  return Readable.from(all(), { objectMode: false });
}

function toReadable(s: NodeJS.ReadableStream): Readable {
  return s instanceof Readable ? s : Readable.from(s as AsyncIterable<Buffer>, { objectMode: false });
}

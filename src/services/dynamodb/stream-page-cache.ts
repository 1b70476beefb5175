// Stored GetRecords pages kept in memory as UTF-8 bytes, least recently read dropped first: a page never changes once
// stored, so its readers (every consumer of a shard reads the same pages) are served without SQLite or re-encoding.

/** A stored page's body as the bytes a response carries, and what cutting it short needs. */
export interface CachedPage {
  readonly bytes: Buffer;
  /** The body's length in UTF-16 units: equal to the byte length when the body is ASCII. */
  readonly units: number;
  readonly offsets: string;
}

/** A stored page's body and offsets in the form the cache keeps them. */
export function cachedPage(body: string, offsets: string): CachedPage {
  return { bytes: Buffer.from(body, 'utf8'), units: body.length, offsets };
}

/** Bytes held by default: ~800 pages of 64 records of ~600 bytes. */
export const PAGE_CACHE_BYTES = 32 * 1024 * 1024;

export class StreamPageCache {
  /** Insertion order is recency: a hit is moved to the end, the first entries are the oldest. */
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(private readonly capacity = PAGE_CACHE_BYTES) {}

  get(streamId: number, lastSeq: number): CachedPage | undefined {
    const key = pageKey(streamId, lastSeq);
    const hit = this.pages.get(key);
    if (hit !== undefined) {
      this.pages.delete(key);
      this.pages.set(key, hit);
    }
    return hit;
  }

  /** Keeps a stored page's body; one larger than the whole capacity is not kept. */
  set(streamId: number, lastSeq: number, body: string, offsets: string): CachedPage {
    const page = cachedPage(body, offsets);
    if (page.bytes.length > this.capacity) return page;
    this.delete(streamId, lastSeq);
    this.pages.set(pageKey(streamId, lastSeq), page);
    this.bytes += page.bytes.length;
    for (const [key, old] of this.pages) {
      if (this.bytes <= this.capacity) break;
      this.pages.delete(key);
      this.bytes -= old.bytes.length;
    }
    return page;
  }

  /** Forgets a page whose row was deleted or changed. */
  delete(streamId: number, lastSeq: number): void {
    const key = pageKey(streamId, lastSeq);
    const old = this.pages.get(key);
    if (old === undefined) return;
    this.pages.delete(key);
    this.bytes -= old.bytes.length;
  }

  get size(): number {
    return this.pages.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }
}

function pageKey(streamId: number, lastSeq: number): string {
  return `${streamId}:${lastSeq}`;
}

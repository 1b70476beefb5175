// The edge's object cache: entries keyed by the cache key, each holding a precomputed response head and body so a
// hit is one write; a byte-bounded LRU (KUMO_EDGE_CACHE_MB) using Map order; an index per distribution for
// invalidations; and coalescing of concurrent misses on one key into one origin request. Big bodies live in files
// (cache-files.ts) under their own byte budget; a dropped entry's file is deleted. A restart starts empty, like a
// new POP.
import type { BodyFile } from './cache-files.js';

export interface CacheEntry {
  key: string;
  distributionId: string;
  /** Path plus `?query` as the viewer sent them, which invalidation paths are matched against. */
  uri: string;
  status: number;
  /** Status line and headers from the origin plus Via/X-Amz-Cf-Pop, each line ending CRLF, without the blank line. */
  head: string;
  /** The body in memory (empty when it is in `file`). */
  body: Buffer;
  /** The body in a file of the edge's CacheFiles, for big objects. */
  file?: BodyFile | undefined;
  /** Runtime-clock ms when stored (or last revalidated), and when it goes stale. */
  storedAt: number;
  expiresAt: number;
  etag: string | undefined;
  lastModified: string | undefined;
  /** An error response cached for ErrorCachingMinTTL. */
  error: boolean;
}

export class EdgeCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byDistribution = new Map<string, Set<string>>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private bytes = 0;
  private fileBytes = 0;

  /** `maxBytes` bounds memory (heads, keys, in-memory bodies), `maxFileBytes` the files; `dropFile` deletes the
   *  file of an entry that left the cache. */
  constructor(
    private readonly maxBytes: number,
    private readonly maxFileBytes = 0,
    private readonly dropFile: (file: BodyFile) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get usedFileBytes(): number {
    return this.fileBytes;
  }

  /** The entry for a key (fresh or stale), marked most recently used. */
  get(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  /** The entry for a key without marking it used. */
  peek(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  private cost(e: CacheEntry): number {
    return e.body.length + e.head.length + e.key.length + 200;
  }

  /** Stores an entry (replacing the key's); false when it does not fit at all, and then the caller still owns its
   *  file. A replaced entry sharing the new one's file (a revalidated object) keeps the file. */
  set(e: CacheEntry): boolean {
    this.delete(e.key, e.file);
    const cost = this.cost(e);
    const size = e.file?.size ?? 0;
    if (cost > this.maxBytes || size > this.maxFileBytes) return false;
    this.entries.set(e.key, e);
    this.bytes += cost;
    this.fileBytes += size;
    let keys = this.byDistribution.get(e.distributionId);
    if (!keys) this.byDistribution.set(e.distributionId, (keys = new Set()));
    keys.add(e.key);
    // Least recently used first: Map iteration order is insertion order and get() re-inserts.
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes && this.fileBytes <= this.maxFileBytes) break;
      this.delete(k);
    }
    return true;
  }

  delete(key: string, keepFile?: BodyFile): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= this.cost(e);
    this.byDistribution.get(e.distributionId)?.delete(key);
    if (e.file) {
      this.fileBytes -= e.file.size;
      if (e.file.id !== keepFile?.id) this.dropFile(e.file);
    }
  }

  /** Removes a distribution's entries whose URI a test accepts; returns how many. */
  purge(distributionId: string, covers: (uri: string) => boolean): number {
    let n = 0;
    for (const key of [...(this.byDistribution.get(distributionId) ?? [])]) {
      const e = this.entries.get(key);
      if (e && covers(e.uri)) {
        this.delete(key);
        n++;
      }
    }
    return n;
  }

  dropDistribution(distributionId: string): void {
    for (const key of [...(this.byDistribution.get(distributionId) ?? [])]) this.delete(key);
    this.byDistribution.delete(distributionId);
  }

  clear(): void {
    for (const e of this.entries.values()) if (e.file) this.dropFile(e.file);
    this.entries.clear();
    this.byDistribution.clear();
    this.bytes = 0;
    this.fileBytes = 0;
  }

  /** Runs `fetch` once per key at a time: concurrent callers for the same key share its result until `fetch` calls
   *  `release` (a streamed fill releases when its body is whole, so viewers arriving meanwhile join it) or its
   *  promise rejects. */
  coalesce<T>(key: string, fetch: (release: () => void) => Promise<T>): { promise: Promise<T>; leader: boolean } {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return { promise: running, leader: false };
    // `release` may run before fetch() returns (a fill failing at once): then the key is never registered.
    const ref: { promise?: Promise<T>; released?: boolean } = {};
    const release = () => {
      ref.released = true;
      if (ref.promise && this.inflight.get(key) === ref.promise) this.inflight.delete(key);
    };
    const promise = fetch(release);
    ref.promise = promise;
    if (!ref.released) this.inflight.set(key, promise);
    promise.catch(release);
    return { promise, leader: true };
  }
}

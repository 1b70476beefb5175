// The edge's object cache: entries keyed by the cache key, each holding a precomputed response head and body so a
// hit is one write; a byte-bounded LRU (KUMO_EDGE_CACHE_MB) using Map order; an index per distribution for
// invalidations; and coalescing of concurrent misses on one key into one origin request. Memory only: a restart
// starts empty, like a new POP.

export interface CacheEntry {
  key: string;
  distributionId: string;
  /** Path plus `?query` as the viewer sent them, which invalidation paths are matched against. */
  uri: string;
  status: number;
  /** Status line and headers from the origin plus Via/X-Amz-Cf-Pop, each line ending CRLF, without the blank line. */
  head: string;
  body: Buffer;
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

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
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

  private cost(e: CacheEntry): number {
    return e.body.length + e.head.length + e.key.length + 200;
  }

  set(e: CacheEntry): void {
    this.delete(e.key);
    const cost = this.cost(e);
    if (cost > this.maxBytes) return;
    this.entries.set(e.key, e);
    this.bytes += cost;
    let keys = this.byDistribution.get(e.distributionId);
    if (!keys) this.byDistribution.set(e.distributionId, (keys = new Set()));
    keys.add(e.key);
    // Least recently used first: Map iteration order is insertion order and get() re-inserts.
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= this.cost(e);
    this.byDistribution.get(e.distributionId)?.delete(key);
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
    this.entries.clear();
    this.byDistribution.clear();
    this.bytes = 0;
  }

  /** Runs `fetch` once per key at a time: concurrent callers for the same key share its result. */
  coalesce<T>(key: string, fetch: () => Promise<T>): { promise: Promise<T>; leader: boolean } {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return { promise: running, leader: false };
    const promise = fetch().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return { promise, leader: true };
  }
}

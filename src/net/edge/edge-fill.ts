// The edge's cache fills (misses and stale entries): one origin fetch per key at a time (request collapsing), a body
// that can be stored as it comes streams to every viewer of the fill while the cache stores it (fill.ts); errors,
// 304 revalidations and answers to compress are read whole first, with custom error pages and ErrorCachingMinTTL.
import type { Clock } from '../../core/clock.js';
import type { CacheFiles, CollectedBody } from './cache-files.js';
import type { EdgeBehavior, EdgeDistribution } from './compiled.js';
import { MAX_COMPRESS_BYTES, mayCompress } from './compress.js';
import type { CacheEntry, EdgeCache } from './edge-cache.js';
import { Fill } from './fill.js';
import type { OriginResponse } from './origin-fetch.js';
import type { OriginRequests } from './origin-requests.js';
import { cachedHead, errorPage, REASONS, streamedHead, type XCache } from './responses.js';
import { CACHEABLE_STATUSES, CACHED_ERROR_STATUSES, freshnessSeconds, normalizeAcceptEncoding, selectBehavior } from './rules.js';
import type { ViewerAnswer, ViewerRequest } from './viewer.js';

/** A cache fill's outcome: an entry to serve (transient when the cache did not keep it, so its file goes after
 *  serving), a complete answer (origin failures), or a body still streaming in (StreamedFill). */
type Filled = { kind: 'entry'; entry: CacheEntry; xCache: XCache; transient: boolean } | { kind: 'answer'; answer: ViewerAnswer } | StreamedFill;

/** A fill whose body streams to its viewers while the cache stores it: the head is known, the body arriving. */
interface StreamedFill {
  kind: 'stream';
  fill: Fill<CacheEntry>;
  /** The entry's head (status line and headers, as cached). */
  head: string;
  /** The origin's Content-Length, when it sent one. */
  length: number | undefined;
}

const EMPTY = Buffer.alloc(0);

/** Cached bodies past this size are kept in files rather than memory (cache-files.ts). */
export const SPILL_BYTES = 1024 * 1024;

export interface EdgeFillsDeps {
  cache: EdgeCache;
  clock: Clock;
  files: CacheFiles | undefined;
  via: string;
  origins: OriginRequests;
  /** The edge's answer from a cache entry (hits, ranges, files). */
  serve(e: CacheEntry, xCache: XCache, req: ViewerRequest): ViewerAnswer;
  /** The answer compressed for the viewer when the behavior compresses. */
  compressed(b: EdgeBehavior, req: ViewerRequest, r: OriginResponse): OriginResponse;
}

export class EdgeFills {
  constructor(private readonly d: EdgeFillsDeps) {}

  async miss(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, key: string, entry: CacheEntry | undefined, country: string | undefined, viewer: string): Promise<ViewerAnswer> {
    const { promise, leader } = this.d.cache.coalesce(key, (release) => this.fill(d, b, req, key, entry, country, viewer, release));
    const result = await promise;
    if (result.kind === 'answer') return result.answer;
    // CloudFront's request collapsing: requests for the object that arrive during the fill get the first request's
    // answer, logged as Hit ("Simultaneous requests for the same object").
    if (result.kind === 'stream') return this.serveFill(result, leader ? 'Miss' : 'Hit', req);
    const answer = this.d.serve(result.entry, leader ? result.xCache : result.entry.error ? 'Error' : 'Hit', req);
    // A file the cache did not keep goes once every waiter has opened it: their continuations all run in this
    // microtask drain (serve opens synchronously), setImmediate after it.
    const file = result.entry.file;
    if (leader && result.transient && file) setImmediate(() => this.d.files?.delete(file.id));
    return answer;
  }

  /** A viewer of a streamed fill: a GET streams the body from its first byte as it arrives; HEAD and Range requests
   *  wait for the whole object and are answered from it (206/416 need the size). */
  private async serveFill(s: StreamedFill, x: XCache, req: ViewerRequest): Promise<ViewerAnswer> {
    if (req.method === 'GET' && req.headers['range'] === undefined) {
      const framing = s.length !== undefined ? 'length' : req.version === '1.1' ? 'chunked' : 'close';
      const reader = s.fill.reader(framing === 'chunked');
      if (reader) {
        let wire = this.fillWires.get(s);
        if (!wire) this.fillWires.set(s, (wire = Buffer.from(s.head, 'latin1')));
        return { bytes: streamedHead(wire, x, s.length, x === 'Miss' ? undefined : 0, framing), stream: reader, streamBytes: s.length ?? 0, close: framing === 'close' };
      }
    }
    const release = s.fill.hold();
    try {
      const entry = await s.fill.done;
      if (!entry) return { bytes: errorPage(502, REASONS.connect, this.d.via, req.method) };
      return this.d.serve(entry, x, req);
    } finally {
      release();
    }
  }

  /** A streamed fill's head bytes, shared by its viewers. */
  private readonly fillWires = new WeakMap<StreamedFill, Buffer>();

  /** One origin fetch for a key: a stale entry with validators is revalidated (304 → RefreshHit). A body that can
   *  be stored as it comes streams (StreamedFill); errors, 304s and answers to compress are read whole first.
   *  `release` lets later misses on the key start their own fetch: once this one is stored or failed. */
  private async fill(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, key: string, stale: CacheEntry | undefined, country: string | undefined, viewer: string, release: () => void): Promise<Filled> {
    let streaming = false;
    try {
      const conditional: Record<string, string> = {};
      if (stale?.etag) conditional['if-none-match'] = stale.etag;
      if (stale?.lastModified) conditional['if-modified-since'] = stale.lastModified;
      const result = await this.d.origins.fetch(d, b, { ...req, method: 'GET', body: EMPTY }, country, viewer, conditional, true);
      if (!result.ok) return { kind: 'answer', answer: { bytes: errorPage(result.failure === 'timeout' ? 504 : 502, REASONS[result.failure], this.d.via, req.method) } };
      const origin = result.response;
      const accepted = b.compress ? normalizeAcceptEncoding(req.headers['accept-encoding'], b.gzip, b.br) : '';
      if (origin.stream && !CACHED_ERROR_STATUSES.has(origin.status) && !(stale && origin.status === 304) && !mayCompress(origin.status, origin.headers, accepted)) {
        streaming = true;
        return this.streamFill(d, b, req, key, origin, origin.stream, release);
      }
      return await this.filled(d, b, req, key, stale, country, viewer, await this.whole(origin, accepted !== ''));
    } finally {
      if (!streaming) release();
    }
  }

  /** Starts a streamed fill: stored when the body is whole (then `release`), or dropped if the origin fails. */
  private streamFill(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, key: string, r: OriginResponse, body: NonNullable<OriginResponse['stream']>, release: () => void): StreamedFill {
    const now = this.d.clock.now();
    const keepCookies = b.keyCookies.mode !== 'none' || b.forwardCookies.mode !== 'none';
    const head = cachedHead(r.status, r.headers, this.d.via, keepCookies);
    const seconds = CACHEABLE_STATUSES.has(r.status) ? freshnessSeconds(headersOf(r), b.ttl, now) : 0;
    const declared = header(r, 'content-length');
    const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
    const uri = req.query ? `${req.path}?${req.query}` : req.path;
    const fill = new Fill<CacheEntry>(body, {
      files: this.d.files,
      threshold: SPILL_BYTES,
      expectedLength: length,
      // A cacheable object is stored even if every viewer leaves; an uncacheable one is abandoned then.
      keepWithoutViewers: seconds > 0,
      complete: (got) => {
        const entry: CacheEntry = { key, distributionId: d.id, uri, status: r.status, head, body: got.bytes ?? EMPTY, file: got.file, storedAt: now, expiresAt: now + seconds * 1000, etag: header(r, 'etag'), lastModified: header(r, 'last-modified'), error: false };
        const kept = seconds > 0 && this.d.cache.set(entry);
        release();
        return { value: entry, kept };
      },
      failed: release,
    });
    // Not cacheable: later requests go to the origin themselves; only those already waiting share this answer.
    if (seconds <= 0) release();
    return { kind: 'stream', fill, head, length };
  }

  /** An origin answer with its body read whole: in memory up to the spill size (10 MB while it may be compressed),
   *  past it in a file. */
  private async whole(r: OriginResponse, compressing: boolean): Promise<OriginResponse> {
    if (!r.stream) return r;
    const files = this.d.files;
    let got: CollectedBody;
    if (files) got = await files.collect(r.stream, compressing ? MAX_COMPRESS_BYTES : SPILL_BYTES);
    else {
      const chunks: Buffer[] = [];
      for await (const c of r.stream) chunks.push(c as Buffer);
      got = { bytes: Buffer.concat(chunks) };
    }
    return { status: r.status, headers: r.headers, body: got.bytes ?? EMPTY, file: got.file };
  }

  /** A fill whose body was read whole: revalidated (304), an error (custom error pages, ErrorCachingMinTTL), an
   *  answer compressed for the viewer, or a body the fill could not stream. */
  private async filled(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, key: string, stale: CacheEntry | undefined, country: string | undefined, viewer: string, origin: OriginResponse): Promise<Filled> {
    const r = this.d.compressed(b, req, origin);
    const now = this.d.clock.now();
    if (stale && r.status === 304) {
      // A stale object in a file that left the cache meanwhile has lost its file: fetch it whole again.
      if (stale.file && this.d.cache.peek(key) !== stale) return this.fill(d, b, req, key, undefined, country, viewer, () => undefined);
      const seconds = freshnessSeconds(headersOf(r, stale), b.ttl, now);
      const refreshed = { ...stale, storedAt: now, expiresAt: now + seconds * 1000 };
      if (seconds > 0) this.d.cache.set(refreshed);
      return { kind: 'entry', entry: refreshed, xCache: 'RefreshHit', transient: false };
    }
    const keepCookies = b.keyCookies.mode !== 'none' || b.forwardCookies.mode !== 'none';
    const base = { key, distributionId: d.id, uri: req.query ? `${req.path}?${req.query}` : req.path, status: r.status, head: cachedHead(r.status, r.headers, this.d.via, keepCookies), body: r.body, file: r.file, storedAt: now, etag: header(r, 'etag'), lastModified: header(r, 'last-modified') };
    if (CACHED_ERROR_STATUSES.has(r.status)) {
      const custom = d.errorResponses.get(r.status);
      const entry: CacheEntry = { ...base, expiresAt: now + (custom?.cachingMinTtl ?? 10) * 1000, error: true };
      const page = custom?.pagePath ? await this.errorPageFor(d, custom.pagePath, custom.responseCode ?? r.status, country, viewer) : undefined;
      if (page && r.file) this.d.files?.delete(r.file.id);
      const final = page ? { ...entry, head: page.head, body: page.body, file: undefined, status: page.status } : entry;
      const kept = final.expiresAt > now && this.d.cache.set(final);
      return { kind: 'entry', entry: final, xCache: 'Error', transient: !kept };
    }
    const seconds = CACHEABLE_STATUSES.has(r.status) ? freshnessSeconds(headersOf(r), b.ttl, now) : 0;
    const entry: CacheEntry = { ...base, expiresAt: now + seconds * 1000, error: false };
    const kept = seconds > 0 && this.d.cache.set(entry);
    return { kind: 'entry', entry, xCache: 'Miss', transient: !kept };
  }

  /** A custom error response's page, fetched through the behavior its path selects, answered with ResponseCode. */
  private async errorPageFor(d: EdgeDistribution, pagePath: string, status: number, country: string | undefined, viewer: string): Promise<{ head: string; body: Buffer; status: number } | undefined> {
    const index = selectBehavior(d.patterns, pagePath);
    const b = index < 0 ? d.defaultBehavior : d.behaviors[index]!;
    const req: ViewerRequest = { method: 'GET', target: pagePath, path: pagePath, query: '', version: '1.1', headers: {}, body: EMPTY, chunked: false, remoteAddress: viewer, tls: false, servername: undefined, localPort: 0 };
    const result = await this.d.origins.fetch(d, b, req, country, viewer, {});
    if (!result.ok || result.response.status >= 400) return undefined;
    return { head: cachedHead(status, result.response.headers, this.d.via, false), body: result.response.body, status };
  }

}

function header(r: OriginResponse, name: string): string | undefined {
  return r.headers.find(([n]) => n === name)?.[1];
}

/** Cache-Control and Expires of an answer; a 304 that omits them keeps the stored object's. */
function headersOf(r: OriginResponse, stale?: CacheEntry): { cacheControl?: string; expires?: string } {
  const cc = header(r, 'cache-control') ?? (stale ? /\r\ncache-control: ([^\r]*)/i.exec(stale.head)?.[1] : undefined);
  const ex = header(r, 'expires') ?? (stale ? /\r\nexpires: ([^\r]*)/i.exec(stale.head)?.[1] : undefined);
  const out: { cacheControl?: string; expires?: string } = {};
  if (cc !== undefined) out.cacheControl = cc;
  if (ex !== undefined) out.expires = ex;
  return out;
}

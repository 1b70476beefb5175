// The CloudFront edge: picks the distribution by Host, then applies CloudFront's order of checks (disabled →
// geo restriction → cache behavior → viewer protocol policy → allowed methods → cache → origin) and answers with
// X-Cache, Via, X-Amz-Cf-Pop, X-Amz-Cf-Id and, on hits, Age. Hits are served from a precomputed head and body.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { GeoTable } from '../geo/geo-table.js';
import type { EdgeBehavior, EdgeDistribution } from './compiled.js';
import type { CacheFiles, CollectedBody } from './cache-files.js';
import { EdgeCache, type CacheEntry } from './edge-cache.js';
import { EdgeStats } from './edge-stats.js';
import { compressForViewer, MAX_COMPRESS_BYTES, mayCompress } from './compress.js';
import { Fill } from './fill.js';
import { cacheKey, originQuery } from './keys.js';
import type { OriginClient, OriginResponse } from './origin-fetch.js';
import type { OriginNames } from './origin-names.js';
import { OriginRequests, type S3OriginFetch, type WebsiteOrigins } from './origin-requests.js';
import { headerValue } from '../proxy/index.js';
import { answerBytes, answerParts, cachedHead, errorPage, newCfId, POP, REASONS, signedErrorPage, streamedHead, type XCache } from './responses.js';
import { chooseRange } from './ranges.js';
import { checkSigned } from './signed.js';
import { CACHEABLE_STATUSES, CACHED_ERROR_STATUSES, freshnessSeconds, normalizeAcceptEncoding, selectBehavior } from './rules.js';
import type { ViewerAnswer, ViewerRequest } from './viewer.js';
import { CLOUDFRONT_BODY_INSPECTION, type EdgeWaf, type EdgeWafVerdict } from './waf-port.js';


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

export interface EdgeOptions {
  clock: Clock;
  cacheBytes: number;
  /** Where bodies over SPILL_BYTES are cached, and how many bytes of files the cache may keep. Without it every
   *  body is held in memory. */
  files?: { store: CacheFiles; maxBytes: number } | undefined;
  geo: GeoTable;
  trustViewerAddress: boolean;
  origins: OriginClient;
  s3: S3OriginFetch | undefined;
  /** Custom origin names kumo's DNS answers (load balancers, Route 53 zones), and the local port of an AWS port. */
  names?: OriginNames | undefined;
  portFor?: ((awsPort: number) => number) | undefined;
  /** S3 website endpoints as custom origins, served by kumo in process. */
  website?: WebsiteOrigins | undefined;
  /** The edge's HTTPS port, for redirect-to-https Locations (omitted when 443). */
  httpsPort: () => number;
  /** A public key of one of the key groups (by id) in the account, for signed URLs and cookies. */
  trustedKey: (account: string, keyGroups: readonly string[], keyPairId: string) => KeyObject | undefined;
  /** WAFv2's in-process API, when WAFv2 is part of this kumo. */
  waf: () => EdgeWaf | undefined;
}

/** Origin response headers a pass-through drops (the edge writes its own), and Set-Cookie when cookies are not
 *  forwarded (cachedHead drops the same for buffered answers). */
const PASS_DROPPED: ReadonlySet<string> = new Set(['via', 'x-cache', 'x-amz-cf-id', 'x-amz-cf-pop', 'age']);
const PASS_DROPPED_AND_COOKIES: ReadonlySet<string> = new Set([...PASS_DROPPED, 'set-cookie']);

/** Cached bodies past this size are kept in files rather than memory (cache-files.ts). */
export const SPILL_BYTES = 1024 * 1024;

const LOCALSTACK_HOST = /^([a-z0-9]+)\.cloudfront\.localhost\.localstack\.cloud$/;

export class Edge {
  readonly cache: EdgeCache;
  readonly stats = new EdgeStats();
  private readonly byId = new Map<string, EdgeDistribution>();
  private readonly byHost = new Map<string, EdgeDistribution>();
  /** Sent by port 4566's forwarder with the viewer's address (x-kumo-viewer-address): only this process knows it. */
  readonly forwardToken = randomBytes(16).toString('hex');
  readonly via = `1.1 ${createHash('md5').update(String(process.pid) + String(Date.now())).digest('hex')}.cloudfront.net (CloudFront)`;

  private readonly originRequests: OriginRequests;

  constructor(private readonly o: EdgeOptions) {
    const files = o.files;
    this.originRequests = new OriginRequests({ via: this.via, origins: o.origins, s3: o.s3, names: o.names, portFor: o.portFor, website: o.website });
    this.cache = new EdgeCache(o.cacheBytes, files?.maxBytes ?? 0, (f) => files?.store.delete(f.id));
  }

  /** The files big cached bodies live in (undefined when every body is kept in memory). */
  get cacheFiles(): CacheFiles | undefined {
    return this.o.files?.store;
  }

  set(d: EdgeDistribution): void {
    this.remove(d.id, false);
    this.byId.set(d.id, d);
    this.byHost.set(d.domainName, d);
    for (const a of d.aliases) this.byHost.set(a, d);
  }

  remove(id: string, dropCache = true): void {
    const d = this.byId.get(id);
    if (!d) return;
    this.byId.delete(id);
    for (const [host, other] of this.byHost) if (other === d) this.byHost.delete(host);
    if (dropCache) this.cache.dropDistribution(id);
  }

  clear(): void {
    this.byId.clear();
    this.byHost.clear();
    this.cache.clear();
    this.stats.clear();
  }

  distributionFor(hostHeader: string | undefined): EdgeDistribution | undefined {
    const direct = hostHeader === undefined ? undefined : this.byHost.get(hostHeader);
    if (direct) return direct;
    const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    const exact = this.byHost.get(host);
    if (exact) return exact;
    const local = LOCALSTACK_HOST.exec(host);
    if (local) return this.byId.get(local[1]!.toUpperCase());
    // A wildcard alias (*.example.com) covers one more label.
    const dot = host.indexOf('.');
    return dot > 0 ? this.byHost.get(`*${host.slice(dot)}`) : undefined;
  }

  handle(req: ViewerRequest): ViewerAnswer | Promise<ViewerAnswer> {
    const d = this.distributionFor(req.headers['host'] ?? req.servername);
    if (!d) return { bytes: errorPage(403, REASONS.unknownHost, this.via, req.method) };
    const a = this.answer(d, req);
    return a instanceof Promise ? a.then((x) => this.counted(d, req, x)) : this.counted(d, req, a);
  }

  /** Counts an answer for the distribution's metrics: its status (from the status line) and bytes. A forwarded
   *  request is counted when its exchange ends (directPass). */
  private counted(d: EdgeDistribution, req: ViewerRequest, a: ViewerAnswer): ViewerAnswer {
    if (a.forward) return a;
    const parts = Buffer.isBuffer(a.bytes) ? [a.bytes] : a.bytes;
    const first = parts[0];
    const status = first && first.length > 12 ? (first[9]! - 48) * 100 + (first[10]! - 48) * 10 + (first[11]! - 48) : 0;
    let bytes = a.streamBytes ?? 0;
    for (const p of parts) bytes += p.length;
    this.stats.record(d.account, d.id, this.o.clock.now(), status, bytes, req.body.length);
    return a;
  }

  private answer(d: EdgeDistribution, req: ViewerRequest): ViewerAnswer | Promise<ViewerAnswer> {
    if (!d.enabled) return { bytes: errorPage(403, REASONS.disabled, this.via, req.method) };
    const viewer = this.viewerAddress(req);
    // The country is looked up only when something uses it (geo restriction, CloudFront-Viewer-Country).
    const country = d.needsCountry ? this.o.geo.countryOf(viewer) : undefined;
    if (d.geo.type !== 'none') {
      const listed = country !== undefined && d.geo.countries.has(country);
      if (d.geo.type === 'whitelist' ? !listed : listed) return { bytes: errorPage(403, REASONS.geo, this.via, req.method) };
    }
    if (d.webAclArn) {
      const verdict = this.judge(d.webAclArn, req, viewer);
      if (verdict && verdict.action !== 'ALLOW') return this.wafAnswer(verdict, req.method);
      if (verdict?.insertHeaders.length) {
        const originHeaders: Record<string, string> = {};
        // WAF's verdict names them with their x-amzn-waf- prefix already ("Inserting custom request headers").
        for (const h of verdict.insertHeaders) originHeaders[h.Name.toLowerCase()] = h.Value;
        req = { ...req, originHeaders };
      }
    }
    let path = req.path;
    if (path === '/' && d.defaultRootObject) path = `/${d.defaultRootObject}`;
    const index = selectBehavior(d.patterns, path);
    const b = index < 0 ? d.defaultBehavior : d.behaviors[index]!;
    if (!req.tls && b.viewerProtocolPolicy === 'redirect-to-https') return this.redirectToHttps(req);
    if (!req.tls && b.viewerProtocolPolicy === 'https-only') return { bytes: errorPage(403, REASONS.httpsOnly, this.via, req.method) };
    if (!b.allowedMethods.has(req.method)) return { bytes: errorPage(403, REASONS.method, this.via, req.method) };
    if (path !== req.path) req = { ...req, path };
    if (b.trustedKeyGroups.length > 0) {
      const v = checkSigned(
        { scheme: req.tls ? 'https' : 'http', host: req.headers['host'] ?? '', path: req.path, query: req.query, cookie: req.headers['cookie'], viewerIp: viewer, nowSeconds: Math.floor(this.o.clock.now() / 1000) },
        (keyPairId) => this.o.trustedKey(d.account, b.trustedKeyGroups, keyPairId),
      );
      if (!v.ok) return { bytes: signedErrorPage(v.failure.code, v.failure.message, this.via, req.method) };
      if (v.query !== req.query) req = { ...req, query: v.query };
    }
    const cacheable = b.cachedMethods.has(req.method) && b.ttl.maxTtl > 0;
    if (!cacheable) return this.pass(d, b, req, country, viewer);
    return this.cached(d, index, b, req, country, viewer);
  }

  /** The viewer's address: the socket's, or x-kumo-viewer-address when port 4566 forwarded the request (with this
   *  edge's token) or KUMO_EDGE_TRUST_VIEWER_ADDRESS=1 trusts the header. */
  private viewerAddress(req: ViewerRequest): string {
    const claimed = req.headers['x-kumo-viewer-address'];
    if (!claimed) return req.remoteAddress;
    return this.o.trustViewerAddress || req.headers['x-kumo-edge-forward'] === this.forwardToken ? claimed : req.remoteAddress;
  }

  /** WAF comes after geo restriction and before cache behaviors in CloudFront's order. Without WAFv2 in this kumo
   *  (a distribution kept from a run that had it) requests pass; CreateDistribution refuses a WebACLId then. */
  private judge(webAclArn: string, req: ViewerRequest, viewer: string): EdgeWafVerdict | undefined {
    const waf = this.o.waf();
    if (!waf) return undefined;
    return waf.evaluate(webAclArn, {
      method: req.method,
      path: req.path,
      query: req.query,
      headers: Object.entries(req.headers),
      body: req.body.subarray(0, CLOUDFRONT_BODY_INSPECTION),
      bodyLength: req.body.length,
      clientIp: viewer,
      httpVersion: `HTTP/${req.version}`,
    });
  }

  private wafAnswer(v: EdgeWafVerdict, method: string): ViewerAnswer {
    const r = v.response ?? { status: 403, headers: [], body: undefined, contentType: undefined };
    let head = `HTTP/1.1 ${r.status} ${r.status === 403 ? 'Forbidden' : r.status === 405 ? 'Method Not Allowed' : r.status === 202 ? 'Accepted' : 'Error'}\r\nServer: CloudFront\r\n`;
    if (r.contentType) head += `Content-Type: ${r.contentType}\r\n`;
    for (const h of r.headers) head += `${h.Name}: ${h.Value}\r\n`;
    head += `Via: ${this.via}\r\nX-Amz-Cf-Pop: KUMO1-C1\r\n`;
    if (r.body === undefined && r.status === 403) return { bytes: errorPage(403, REASONS.waf, this.via, method) };
    return { bytes: answerBytes(head, 'Error', Buffer.from(r.body ?? ''), { head: method === 'HEAD' }) };
  }

  private redirectToHttps(req: ViewerRequest): ViewerAnswer {
    const host = (req.headers['host'] ?? '').replace(/:\d+$/, '');
    const port = this.o.httpsPort();
    const location = `https://${host}${port === 443 ? '' : `:${port}`}${req.target}`;
    const head = `HTTP/1.1 301 Moved Permanently\r\nServer: CloudFront\r\nLocation: ${location}\r\nContent-Type: text/html\r\nVia: ${this.via}\r\nX-Amz-Cf-Pop: KUMO1-C1\r\n`;
    return { bytes: answerBytes(head, 'Redirect', Buffer.alloc(0)) };
  }

  /** An entry's head as bytes, built on its first answer and kept with it (entries are replaced, never edited). */
  private readonly wires = new WeakMap<CacheEntry, Buffer>();

  private serve(e: CacheEntry, xCache: XCache, req: ViewerRequest): ViewerAnswer {
    const age = xCache === 'Miss' ? undefined : Math.max(0, Math.floor((this.o.clock.now() - e.storedAt) / 1000));
    const x = e.error ? 'Error' : xCache;
    const range = req.headers['range'];
    if (e.file === undefined && (range === undefined || e.status !== 200)) {
      let wire = this.wires.get(e);
      if (!wire) {
        wire = Buffer.from(e.head, 'latin1');
        this.wires.set(e, wire);
      }
      return { bytes: answerParts(wire, x, e.body, age, req.method === 'HEAD') };
    }
    return this.serveRanged(e, x, age, req);
  }

  /** A Range request (206/416 from the cached object) or a body kept in a file (streamed from it). */
  private serveRanged(e: CacheEntry, x: XCache, age: number | undefined, req: ViewerRequest): ViewerAnswer {
    const size = e.file ? e.file.size : e.body.length;
    const choice = e.status === 200 && req.method === 'GET' ? chooseRange(req.headers['range'], size, req.headers['if-range'], e.etag, e.lastModified) : { kind: 'whole' as const };
    let head = e.head;
    let start = 0;
    let end = size - 1;
    if (choice.kind !== 'whole') {
      const rest = head.slice(head.indexOf('\r\n') + 2);
      if (choice.kind === 'unsatisfiable') {
        head = `HTTP/1.1 416 Requested Range Not Satisfiable\r\n${rest}Content-Range: bytes */${size}\r\n`;
        return { bytes: answerParts(Buffer.from(head, 'latin1'), x, EMPTY, age, false) };
      }
      ({ start, end } = choice);
      head = `HTTP/1.1 206 Partial Content\r\n${rest}Content-Range: bytes ${start}-${end}/${size}\r\n`;
    }
    const length = end - start + 1;
    let wire = choice.kind === 'whole' ? this.wires.get(e) : undefined;
    if (!wire) {
      wire = Buffer.from(head, 'latin1');
      if (choice.kind === 'whole') this.wires.set(e, wire);
    }
    if (!e.file) return { bytes: answerParts(wire, x, e.body.subarray(start, end + 1), age, req.method === 'HEAD') };
    const parts = answerParts(wire, x, EMPTY, age, true, length);
    if (req.method === 'HEAD' || length <= 0) return { bytes: parts };
    return { bytes: parts, stream: this.o.files!.store.open(e.file.id, start, end), streamBytes: length };
  }

  /** A fresh entry is answered at once, without a promise; a miss or a stale entry waits for the origin. */
  private cached(d: EdgeDistribution, index: number, b: EdgeBehavior, req: ViewerRequest, country: string | undefined, viewer: string): ViewerAnswer | Promise<ViewerAnswer> {
    const key = cacheKey(d.id, index, b, req);
    const entry = this.cache.get(key);
    if (entry && this.o.clock.now() < entry.expiresAt) return this.serve(entry, 'Hit', req);
    return this.miss(d, b, req, key, entry, country, viewer);
  }

  private async miss(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, key: string, entry: CacheEntry | undefined, country: string | undefined, viewer: string): Promise<ViewerAnswer> {
    const { promise, leader } = this.cache.coalesce(key, (release) => this.fill(d, b, req, key, entry, country, viewer, release));
    const result = await promise;
    if (result.kind === 'answer') return result.answer;
    // CloudFront's request collapsing: requests for the object that arrive during the fill get the first request's
    // answer, logged as Hit ("Simultaneous requests for the same object").
    if (result.kind === 'stream') return this.serveFill(result, leader ? 'Miss' : 'Hit', req);
    const answer = this.serve(result.entry, leader ? result.xCache : result.entry.error ? 'Error' : 'Hit', req);
    // A file the cache did not keep goes once every waiter has opened it: their continuations all run in this
    // microtask drain (serve opens synchronously), setImmediate after it.
    const file = result.entry.file;
    if (leader && result.transient && file) setImmediate(() => this.o.files?.store.delete(file.id));
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
      if (!entry) return { bytes: errorPage(502, REASONS.connect, this.via, req.method) };
      return this.serve(entry, x, req);
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
      const result = await this.originRequests.fetch(d, b, { ...req, method: 'GET', body: EMPTY }, country, viewer, conditional, true);
      if (!result.ok) return { kind: 'answer', answer: { bytes: errorPage(result.failure === 'timeout' ? 504 : 502, REASONS[result.failure], this.via, req.method) } };
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
    const now = this.o.clock.now();
    const keepCookies = b.keyCookies.mode !== 'none' || b.forwardCookies.mode !== 'none';
    const head = cachedHead(r.status, r.headers, this.via, keepCookies);
    const seconds = CACHEABLE_STATUSES.has(r.status) ? freshnessSeconds(headersOf(r), b.ttl, now) : 0;
    const declared = header(r, 'content-length');
    const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
    const uri = req.query ? `${req.path}?${req.query}` : req.path;
    const fill = new Fill<CacheEntry>(body, {
      files: this.o.files?.store,
      threshold: SPILL_BYTES,
      expectedLength: length,
      // A cacheable object is stored even if every viewer leaves; an uncacheable one is abandoned then.
      keepWithoutViewers: seconds > 0,
      complete: (got) => {
        const entry: CacheEntry = { key, distributionId: d.id, uri, status: r.status, head, body: got.bytes ?? EMPTY, file: got.file, storedAt: now, expiresAt: now + seconds * 1000, etag: header(r, 'etag'), lastModified: header(r, 'last-modified'), error: false };
        const kept = seconds > 0 && this.cache.set(entry);
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
    const files = this.o.files;
    let got: CollectedBody;
    if (files) got = await files.store.collect(r.stream, compressing ? MAX_COMPRESS_BYTES : SPILL_BYTES);
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
    const r = this.compressed(b, req, origin);
    const now = this.o.clock.now();
    if (stale && r.status === 304) {
      // A stale object in a file that left the cache meanwhile has lost its file: fetch it whole again.
      if (stale.file && this.cache.peek(key) !== stale) return this.fill(d, b, req, key, undefined, country, viewer, () => undefined);
      const seconds = freshnessSeconds(headersOf(r, stale), b.ttl, now);
      const refreshed = { ...stale, storedAt: now, expiresAt: now + seconds * 1000 };
      if (seconds > 0) this.cache.set(refreshed);
      return { kind: 'entry', entry: refreshed, xCache: 'RefreshHit', transient: false };
    }
    const keepCookies = b.keyCookies.mode !== 'none' || b.forwardCookies.mode !== 'none';
    const base = { key, distributionId: d.id, uri: req.query ? `${req.path}?${req.query}` : req.path, status: r.status, head: cachedHead(r.status, r.headers, this.via, keepCookies), body: r.body, file: r.file, storedAt: now, etag: header(r, 'etag'), lastModified: header(r, 'last-modified') };
    if (CACHED_ERROR_STATUSES.has(r.status)) {
      const custom = d.errorResponses.get(r.status);
      const entry: CacheEntry = { ...base, expiresAt: now + (custom?.cachingMinTtl ?? 10) * 1000, error: true };
      const page = custom?.pagePath ? await this.errorPageFor(d, custom.pagePath, custom.responseCode ?? r.status, country, viewer) : undefined;
      if (page && r.file) this.o.files?.store.delete(r.file.id);
      const final = page ? { ...entry, head: page.head, body: page.body, file: undefined, status: page.status } : entry;
      const kept = final.expiresAt > now && this.cache.set(final);
      return { kind: 'entry', entry: final, xCache: 'Error', transient: !kept };
    }
    const seconds = CACHEABLE_STATUSES.has(r.status) ? freshnessSeconds(headersOf(r), b.ttl, now) : 0;
    const entry: CacheEntry = { ...base, expiresAt: now + seconds * 1000, error: false };
    const kept = seconds > 0 && this.cache.set(entry);
    return { kind: 'entry', entry, xCache: 'Miss', transient: !kept };
  }

  /** A custom error response's page, fetched through the behavior its path selects, answered with ResponseCode. */
  private async errorPageFor(d: EdgeDistribution, pagePath: string, status: number, country: string | undefined, viewer: string): Promise<{ head: string; body: Buffer; status: number } | undefined> {
    const index = selectBehavior(d.patterns, pagePath);
    const b = index < 0 ? d.defaultBehavior : d.behaviors[index]!;
    const req: ViewerRequest = { method: 'GET', target: pagePath, path: pagePath, query: '', version: '1.1', headers: {}, body: EMPTY, chunked: false, remoteAddress: viewer, tls: false, servername: undefined, localPort: 0 };
    const result = await this.originRequests.fetch(d, b, req, country, viewer, {});
    if (!result.ok || result.response.status >= 400) return undefined;
    return { head: cachedHead(status, result.response.headers, this.via, false), body: result.response.body, status };
  }

  /** Requests CloudFront does not cache (other methods, CachingDisabled): forwarded, answered as Miss. */
  private pass(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, country: string | undefined, viewer: string): ViewerAnswer | Promise<ViewerAnswer> {
    return this.directPass(d, b, req, country, viewer) ?? this.bufferedPass(d, b, req, country, viewer);
  }

  private async bufferedPass(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, country: string | undefined, viewer: string): Promise<ViewerAnswer> {
    const result = await this.originRequests.fetch(d, b, req, country, viewer, {});
    if (!result.ok) return { bytes: errorPage(result.failure === 'timeout' ? 504 : 502, REASONS[result.failure], this.via, req.method) };
    const r = this.compressed(b, req, result.response);
    const keepCookies = b.keyCookies.mode !== 'none' || b.forwardCookies.mode !== 'none';
    const xCache: XCache = CACHED_ERROR_STATUSES.has(r.status) ? 'Error' : 'Miss';
    return { bytes: answerBytes(cachedHead(r.status, r.headers, this.via, keepCookies), xCache, r.body, { head: req.method === 'HEAD' }) };
  }

  /** A pass-through the proxy core can carry as it carries ALB traffic: one plain-HTTP custom origin, nothing to
   *  compress and no custom error page to substitute. The origin's answer streams back with the edge's headers
   *  appended (Via, X-Amz-Cf-Pop, X-Cache, X-Amz-Cf-Id) instead of being buffered. A refused connection answers 502 at
   *  once (the buffered path's ConnectionAttempts retries change nothing on loopback, where a refusal is final). */
  private directPass(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, country: string | undefined, viewer: string): ViewerAnswer | undefined {
    if (b.compress || d.errorResponses.size > 0 || d.originGroups.has(b.originId)) return undefined;
    const origin = d.origins.get(b.originId);
    const c = origin?.custom;
    if (!origin || !c || c.protocolPolicy === 'https-only' || (c.protocolPolicy === 'match-viewer' && req.tls)) return undefined;
    const target = this.originRequests.directTarget(origin, c.httpPort);
    if (!target) return undefined;
    const headers = this.originRequests.headers(b, origin, req, country, viewer, {});
    if (!('host' in headers)) headers['host'] = origin.domainName;
    const query = originQuery(b, req.query);
    let head = `${req.method} ${origin.originPath}${req.path}${query ? `?${query}` : ''} HTTP/1.1\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    if (req.chunked) head += 'transfer-encoding: chunked\r\n';
    else if (req.body.length > 0) head += `content-length: ${req.body.length}\r\n`;
    head += '\r\n';
    const keepCookies = b.keyCookies.mode !== 'none' || b.forwardCookies.mode !== 'none';
    let length = 0;
    return {
      forward: {
        kind: 'forward',
        target,
        head,
        responseTimeoutMs: c.readTimeoutMs,
        responseEditsFor: (h) => {
          length = Number(headerValue(h, 'content-length') ?? 0) || 0;
          const xCache = CACHED_ERROR_STATUSES.has(h.status) ? 'Error' : 'Miss';
          return { remove: keepCookies ? PASS_DROPPED : PASS_DROPPED_AND_COOKIES, append: ['Via', this.via, 'X-Amz-Cf-Pop', POP, 'X-Cache', `${xCache} from cloudfront`, 'X-Amz-Cf-Id', newCfId()] };
        },
        onFailure: (kind) => Buffer.concat(kind === 'timeout' ? errorPage(504, REASONS.timeout, this.via, req.method) : errorPage(502, REASONS.connect, this.via, req.method)),
        onDone: (status) => this.stats.record(d.account, d.id, this.o.clock.now(), status, length, req.body.length),
      },
    };
  }

  /** With Compress on, the answer compressed for the encodings the viewer accepts (and the behavior allows). */
  private compressed(b: EdgeBehavior, req: ViewerRequest, r: OriginResponse): OriginResponse {
    if (!b.compress || r.status === 304) return r;
    return compressForViewer(r, normalizeAcceptEncoding(req.headers['accept-encoding'], b.gzip, b.br));
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

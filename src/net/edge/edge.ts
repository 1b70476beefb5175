// The CloudFront edge: picks the distribution by Host, then applies CloudFront's order of checks (disabled →
// geo restriction → cache behavior → viewer protocol policy → allowed methods → cache → origin) and answers with
// X-Cache, Via, X-Amz-Cf-Pop, X-Amz-Cf-Id and, on hits, Age. Hits are served from a precomputed head and body;
// misses go to the cache fills (edge-fill.ts).
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { GeoTable } from '../geo/geo-table.js';
import type { EdgeBehavior, EdgeDistribution } from './compiled.js';
import type { CacheFiles } from './cache-files.js';
import { EdgeCache, type CacheEntry } from './edge-cache.js';
import { EdgeStats } from './edge-stats.js';
import { compressForViewer } from './compress.js';
import { EdgeFills } from './edge-fill.js';
import { cacheKey, originQuery } from './keys.js';
import type { OriginClient, OriginResponse } from './origin-fetch.js';
import type { OriginNames } from './origin-names.js';
import { OriginRequests, type S3OriginFetch, type WebsiteOrigins } from './origin-requests.js';
import { headerValue } from '../proxy/index.js';
import { answerBytes, answerParts, cachedHead, errorPage, newCfId, POP, REASONS, signedErrorPage, type XCache } from './responses.js';
import { chooseRange } from './ranges.js';
import { checkSigned } from './signed.js';
import { CACHED_ERROR_STATUSES, normalizeAcceptEncoding, selectBehavior } from './rules.js';
import type { ViewerAnswer, ViewerRequest } from './viewer.js';
import { siteAnswer, type EdgeSites } from './edge-sites.js';
import { CLOUDFRONT_BODY_INSPECTION, type EdgeWaf, type EdgeWafVerdict } from './waf-port.js';


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
  /** Sites answered over plain HTTP at a Host no distribution has (S3 websites under custom domains). */
  sites?: EdgeSites | undefined;
}

/** Origin response headers a pass-through drops (the edge writes its own), and Set-Cookie when cookies are not
 *  forwarded (cachedHead drops the same for buffered answers). */
const PASS_DROPPED: ReadonlySet<string> = new Set(['via', 'x-cache', 'x-amz-cf-id', 'x-amz-cf-pop', 'age']);
const PASS_DROPPED_AND_COOKIES: ReadonlySet<string> = new Set([...PASS_DROPPED, 'set-cookie']);

export { SPILL_BYTES } from './edge-fill.js';

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
  private readonly fills: EdgeFills;

  constructor(private readonly o: EdgeOptions) {
    const files = o.files;
    this.originRequests = new OriginRequests({ via: this.via, origins: o.origins, s3: o.s3, names: o.names, portFor: o.portFor, website: o.website });
    this.cache = new EdgeCache(o.cacheBytes, files?.maxBytes ?? 0, (f) => files?.store.delete(f.id));
    this.fills = new EdgeFills({
      cache: this.cache,
      clock: o.clock,
      files: files?.store,
      via: this.via,
      origins: this.originRequests,
      serve: (e, x, req) => this.serve(e, x, req),
      compressed: (b, req, r) => this.compressed(b, req, r),
    });
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
    if (!d) return this.o.sites && !req.tls ? this.site(this.o.sites, req) : this.unknownHost(req);
    const a = this.answer(d, req);
    return a instanceof Promise ? a.then((x) => this.counted(d, req, x)) : this.counted(d, req, a);
  }

  private unknownHost(req: ViewerRequest): ViewerAnswer {
    return { bytes: errorPage(403, REASONS.unknownHost, this.via, req.method) };
  }

  /**
   * A Host no distribution has: a Route 53 record under a custom domain that points at an S3 website endpoint answers
   * kumo's address, and port 80 is this edge's, so the website answers it here as it would at its own endpoint
   * (unsigned requests to a bucket named like the Host with a website configuration; plain HTTP only, as website
   * endpoints are). Any other Host keeps CloudFront's unknown-Host page.
   */
  private async site(sites: EdgeSites, req: ViewerRequest): Promise<ViewerAnswer> {
    const res = await sites.answer(req);
    return res ? siteAnswer(res, req.method) : this.unknownHost(req);
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
    return this.fills.miss(d, b, req, key, entry, country, viewer);
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

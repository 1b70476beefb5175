// Requests to a distribution's origins: the headers CloudFront sends (what the policies forward, its own, the
// origin's custom ones, WAF's), and the fetch itself — custom origins on real sockets, S3 origins through the
// gateway — with origin-group failover. Cache fills take the body unread, as a stream (fill.ts).
import type { EdgeBehavior, EdgeDistribution, EdgeOrigin } from './compiled.js';
import { forwardedHeaders, originCookies, originQuery, wantsHeader } from './keys.js';
import type { OriginClient, OriginResult } from './origin-fetch.js';
import type { OriginNames } from './origin-names.js';
import { newCfId } from './responses.js';
import { normalizeAcceptEncoding } from './rules.js';
import type { ViewerRequest } from './viewer.js';

/** Fetches from an S3 origin through the gateway, signed as the origin's OAC or OAI (or anonymous). */
export type S3OriginFetch = (dist: EdgeDistribution, origin: EdgeOrigin, req: { method: string; path: string; query: string; headers: Record<string, string>; body: Buffer; viewerAuthorization: string | undefined; stream?: boolean | undefined }) => Promise<OriginResult>;

/** S3 website endpoints (`<bucket>.s3-website-<region>.amazonaws.com`) as custom origins: kumo serves them itself,
 *  so the edge asks its gateway in process (the request as a viewer of the website endpoint would send it). */
export interface WebsiteOrigins {
  serves(host: string): boolean;
  fetch(req: { method: string; host: string; path: string; query: string; headers: Record<string, string>; body: Buffer; stream: boolean }): Promise<OriginResult>;
}

export interface OriginRequestsOptions {
  via: string;
  origins: OriginClient;
  s3: S3OriginFetch | undefined;
  /** Origin names resolved through kumo's DNS first (origin-names.ts); without it, the system resolver only. */
  names?: OriginNames | undefined;
  /** The local port of an AWS port (kumo's listeners: below 1024, + KUMO_LOW_PORT_OFFSET). */
  portFor?: ((awsPort: number) => number) | undefined;
  website?: WebsiteOrigins | undefined;
}

export class OriginRequests {
  constructor(private readonly o: OriginRequestsOptions) {}

  /** Where a plain-HTTP custom origin is reached, known without waiting: its name's cached answer from kumo's DNS
   *  (address, port mapped as kumo's listeners are), the name itself for the system resolver, or undefined when the
   *  name is yet to be resolved or served in process (S3 website endpoints). */
  directTarget(origin: EdgeOrigin, port: number): { host: string; port: number } | undefined {
    if (this.o.website?.serves(origin.domainName)) return undefined;
    if (!this.o.names) return { host: origin.domainName, port };
    const named = this.o.names.peek(origin.domainName);
    if (!named) return undefined;
    return named.kumo ? { host: named.address, port: this.o.portFor?.(port) ?? port } : { host: origin.domainName, port };
  }

  /** The origin (or origin group, failing over on its status codes and connection failures) for a request; with
   *  `stream`, answered at the response head with the body unread (OriginResponse.stream). */
  async fetch(d: EdgeDistribution, b: EdgeBehavior, req: ViewerRequest, country: string | undefined, viewer: string, extra: Record<string, string>, stream = false): Promise<OriginResult> {
    const group = d.originGroups.get(b.originId);
    const members = group ? group.members : [b.originId];
    let last: OriginResult = { ok: false, failure: 'connect' };
    for (const id of members) {
      const origin = d.origins.get(id);
      if (!origin) continue;
      last = await this.one(d, b, origin, req, country, viewer, extra, stream);
      if (!group || (last.ok && !group.statuses.has(last.response.status))) return last;
      // Failing over: the failed member's body is not read.
      if (last.ok) last.response.stream?.destroy();
    }
    return last;
  }

  /** The headers an origin request carries: the viewer's the policies forward, CloudFront's own, the origin's
   *  custom headers, WAF's inserted ones, then `extra` (revalidation validators). */
  headers(b: EdgeBehavior, origin: EdgeOrigin, req: ViewerRequest, country: string | undefined, viewer: string, extra: Record<string, string>): Record<string, string> {
    const headers = forwardedHeaders(b, req);
    const cookies = originCookies(b, req.headers['cookie']);
    if (cookies) headers['cookie'] = cookies;
    const ae = normalizeAcceptEncoding(req.headers['accept-encoding'], b.gzip, b.br);
    if (ae) headers['accept-encoding'] = ae;
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${viewer}` : viewer;
    headers['via'] = this.o.via;
    headers['x-amz-cf-id'] = newCfId();
    if (!('user-agent' in headers)) headers['user-agent'] = 'Amazon CloudFront';
    if (country && wantsHeader(b, 'cloudfront-viewer-country')) headers['cloudfront-viewer-country'] = country;
    if (wantsHeader(b, 'cloudfront-forwarded-proto')) headers['cloudfront-forwarded-proto'] = req.tls ? 'https' : 'http';
    for (const [n, v] of origin.customHeaders) headers[n.toLowerCase()] = v;
    if (req.originHeaders) Object.assign(headers, req.originHeaders);
    return Object.assign(headers, extra);
  }

  private async one(d: EdgeDistribution, b: EdgeBehavior, origin: EdgeOrigin, req: ViewerRequest, country: string | undefined, viewer: string, extra: Record<string, string>, stream: boolean): Promise<OriginResult> {
    const headers = this.headers(b, origin, req, country, viewer, extra);
    const query = originQuery(b, req.query);
    if (origin.s3Bucket !== undefined) {
      if (!this.o.s3) return { ok: false, failure: 'connect' };
      return this.o.s3(d, origin, { method: req.method, path: `${origin.originPath}${req.path}`, query, headers, body: req.body, viewerAuthorization: req.headers['authorization'], stream });
    }
    const c = origin.custom!;
    const https = c.protocolPolicy === 'https-only' || (c.protocolPolicy === 'match-viewer' && req.tls);
    if (!('host' in headers)) headers['host'] = origin.domainName;
    // S3 website endpoints speak HTTP only (S3 user guide, "Website endpoints"): an https origin request fails there.
    if (!https && this.o.website?.serves(origin.domainName)) {
      return this.o.website.fetch({ method: req.method, host: origin.domainName, path: `${origin.originPath}${req.path}`, query, headers, body: req.body, stream });
    }
    let host = origin.domainName;
    let port = https ? c.httpsPort : c.httpPort;
    const named = this.o.names ? await this.o.names.resolve(host) : undefined;
    if (named?.kumo) {
      host = named.address;
      port = this.o.portFor?.(port) ?? port;
    }
    return this.o.origins.fetch({
      protocol: https ? 'https' : 'http',
      host,
      servername: origin.domainName,
      port,
      method: req.method,
      path: `${origin.originPath}${req.path}${query ? `?${query}` : ''}`,
      headers,
      body: req.body,
      connectTimeoutMs: origin.connectTimeoutMs,
      readTimeoutMs: c.readTimeoutMs,
      attempts: origin.connectionAttempts,
      stream,
    });
  }
}

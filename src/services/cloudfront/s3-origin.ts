// S3 origins: the edge builds a real S3 REST request (path style) and passes it to the gateway's in-process
// handle(), so routing and authorization run as for any client. The request carries the identity CloudFront signs
// with: OAC (`always`, or `no-override` without a viewer Authorization) as service principal cloudfront.amazonaws.com
// with aws:SourceArn = the distribution's ARN and aws:SourceAccount; an OAI as its IAM user ARN; else anonymous.
import { Readable } from 'node:stream';
import { markEdgeRequest, type EdgeIdentity } from '../../gateway/edge-identity.js';
import type { WireResponse } from '../../protocol/codec.js';
import type { EdgeDistribution, EdgeOrigin } from '../../net/edge/compiled.js';
import type { S3OriginFetch, WebsiteOrigins } from '../../net/edge/origin-requests.js';
import type { EdgeSites } from '../../net/edge/edge-sites.js';
import { parseWebsiteHost } from '../s3/website/website-host.js';
import type { S3Internal } from '../s3/s3-internal.js';
import type { ServiceDeps } from '../service-definition.js';

export function identityFor(d: EdgeDistribution, origin: EdgeOrigin, viewerAuthorization: string | undefined): EdgeIdentity {
  const oac = origin.oac;
  if (oac && (oac.signingBehavior === 'always' || (oac.signingBehavior === 'no-override' && viewerAuthorization === undefined))) {
    return {
      principal: { type: 'service', service: 'cloudfront.amazonaws.com', arn: 'cloudfront.amazonaws.com', account: d.account },
      context: { 'aws:SourceArn': d.arn, 'aws:SourceAccount': d.account },
    };
  }
  if (origin.oaiId) {
    return { principal: { type: 'user', arn: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${origin.oaiId}`, account: 'cloudfront' }, context: {} };
  }
  return { principal: { type: 'anonymous', arn: '*', account: d.account }, context: {} };
}

/** The answer's body in memory, or unread as a stream when the fill streams it (src/net/edge/fill.ts). */
async function bodyOf(body: Buffer | Readable | undefined, stream: boolean | undefined): Promise<{ body: Buffer; stream?: Readable | undefined }> {
  if (body === undefined) return { body: Buffer.alloc(0) };
  if (Buffer.isBuffer(body)) return { body };
  if (stream) return { body: Buffer.alloc(0), stream: body };
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return { body: Buffer.concat(chunks) };
}

/** The gateway's in-process answer as the edge's origin result: header names lower-cased, the body as bodyOf gives it. */
async function originResult(res: WireResponse, stream: boolean | undefined) {
  const headers: [string, string][] = Object.entries(res.headers).map(([n, v]) => [n.toLowerCase(), String(v)]);
  return { ok: true as const, response: { status: res.status, headers, ...(await bodyOf(res.body, stream)) } };
}

export function s3OriginFetch(deps: ServiceDeps): S3OriginFetch | undefined {
  const gateway = deps.gateway;
  if (!gateway) return undefined;
  return async (d, origin, req) => {
    const headers: Record<string, string> = { ...req.headers, host: `127.0.0.1:${deps.config.port}` };
    delete headers['authorization'];
    const raw = markEdgeRequest(
      { method: req.method, url: `/${origin.s3Bucket}${req.path}${req.query ? `?${req.query}` : ''}`, headers, body: req.body },
      identityFor(d, origin, req.viewerAuthorization),
    );
    return originResult(await gateway.handle(raw), req.stream);
  };
}

/** S3 website endpoints named as custom origins: kumo's S3 serves them, so the request goes to the gateway in process
 *  with the website endpoint as Host, unsigned, as a viewer of the endpoint sends it (website reads are anonymous). */
export function s3WebsiteOrigins(deps: ServiceDeps): WebsiteOrigins | undefined {
  const gateway = deps.gateway;
  if (!gateway) return undefined;
  return {
    serves: (host) => parseWebsiteHost(host) !== undefined,
    fetch: async (req) => {
      const res = await gateway.handle({ method: req.method, url: `${req.path}${req.query ? `?${req.query}` : ''}`, headers: { ...req.headers, host: req.headers['host'] ?? req.host }, body: req.body });
      return originResult(res, req.stream);
    },
  };
}

/**
 * S3 websites under custom domains at the edge's port (a Route 53 alias or CNAME `www.example.com` to the website
 * endpoint answers kumo's address, and port 80 is the edge's): when S3 says its `http.site` hook answers the request
 * (s3-internal.ts servesSite), it goes to the gateway in process with the viewer's Host, where that hook answers it.
 */
export function s3CustomDomainSites(deps: ServiceDeps): EdgeSites | undefined {
  const gateway = deps.gateway;
  if (!gateway) return undefined;
  return {
    answer: async (req) => {
      const s3 = await deps.internal.get<S3Internal>('s3').catch(() => undefined);
      if (!s3?.servesSite({ method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body })) return undefined;
      return gateway.handle({ method: req.method, url: req.target, headers: req.headers, body: req.body, remoteAddress: req.remoteAddress });
    },
  };
}

// Joins the website data plane to S3's HTTP hooks: decides whether a request is for a website endpoint (its Host),
// reads the bucket's state, and reads objects through the gateway as the anonymous principal.
// A Host that is not an S3 name but names a bucket with a website configuration is that site (a CNAME, or a Route 53
// alias named like the bucket: "the name of the record must match the name of your Amazon S3 bucket").
import { isIP } from 'node:net';
import { hostId } from '../../../core/ids.js';
import { markEdgeRequest } from '../../../gateway/edge-identity.js';
import type { GatewayRequest } from '../../../gateway/pipeline-context.js';
import type { WireRequest, WireResponse } from '../../../protocol/codec.js';
import type { WebsiteConfiguration } from '../../../generated/s3/api.js';
import type { S3State } from '../s3-state.js';
import { isBareWebsiteEndpoint, parseWebsiteHost } from './website-host.js';
import { encodeKeyPath } from './website-rules.js';
import { WebsiteServer } from './website-serve.js';

export interface WebsiteEnv {
  /** The port kumo listens on, for the in-process requests' Host. */
  port: number;
  gateway: { handle(request: GatewayRequest): Promise<WireResponse> } | undefined;
}

function hostNameOf(header: string): string {
  return header.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

/** Unsigned: browsers never sign, and SDK requests to a host named like a bucket stay REST requests. */
function unsigned(req: WireRequest): boolean {
  return req.headers['authorization'] === undefined && !/(?:^|&)(?:X-Amz-Signature|Signature)=/.test(req.query);
}

function isS3Name(name: string): boolean {
  return /(?:^|\.)s3(?:[.-]|$)/.test(name) || name === 'localhost' || name.endsWith('.localhost') || name.endsWith('localstack.cloud');
}

/**
 * The website a request is for, and its path as sent, or undefined for REST requests. `rewritten`: the S3 hook
 * already turned `<bucket>.s3-website…/key` into `/<bucket>/key` (so CORS rules find the bucket); undone here.
 */
export function websiteTarget(s: S3State, req: WireRequest): { bucket: string; path: string; region?: string } | undefined {
  const host = req.headers['host'];
  if (host === undefined) return undefined;
  const site = parseWebsiteHost(host);
  if (site) {
    const prefix = `/${site.bucket}`;
    const path = req.path.startsWith(prefix) ? req.path.slice(prefix.length) : req.path;
    return { bucket: site.bucket, path: path === '' ? '/' : path, region: site.region };
  }
  const name = hostNameOf(host);
  if (!name.includes('.') || isIP(name.replace(/^\[|\]$/g, '')) !== 0 || isS3Name(name) || !unsigned(req)) return undefined;
  if (!s.buckets.get(name) || s.buckets.getConfig<WebsiteConfiguration>(name, 'website') === undefined) return undefined;
  return { bucket: name, path: req.path === '' ? '/' : req.path };
}

/**
 * A custom domain's request (not a website endpoint's Host): a bucket named like the Host has a website configuration
 * and the request is unsigned. The gateway lets such a Host past its DNS-rebinding check to the website alone.
 */
export function customDomainSite(s: S3State, req: WireRequest): boolean {
  return parseWebsiteHost(req.headers['host']) === undefined && websiteTarget(s, req) !== undefined;
}

export function websiteHook(s: S3State, env: WebsiteEnv) {
  return (req: WireRequest, requestId: string): Promise<WireResponse> | undefined => {
    // A browser's CORS preflight goes on to the bucket's CORS rules, as on the REST endpoint.
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) return undefined;
    if (isBareWebsiteEndpoint(req.headers['host'])) {
      return Promise.resolve({ status: 301, headers: { location: 'https://aws.amazon.com/s3/', 'content-length': '0' }, body: undefined });
    }
    const target = websiteTarget(s, req);
    if (!target) return undefined;
    const gateway = env.gateway;
    const row = s.buckets.get(target.bucket);
    const server = new WebsiteServer(async (method, key, headers) => {
      if (!gateway || !row) return { status: 404, headers: {}, body: undefined };
      const raw = markEdgeRequest(
        { method, url: `/${encodeURIComponent(row.name)}/${encodeKeyPath(key)}`, headers: { ...headers, host: `127.0.0.1:${env.port}` }, body: Buffer.alloc(0) },
        { principal: { type: 'anonymous', arn: '*', account: 'anonymous' }, context: {}, scope: { account: row.account, region: row.region } },
      );
      return gateway.handle(raw);
    });
    return server.serve(
      { method: req.method, path: target.path, headers: req.headers, bucket: target.bucket, endpointRegion: target.region, requestId, hostId: hostId() },
      {
        exists: row !== undefined,
        region: row?.region,
        website: row ? s.buckets.getConfig<WebsiteConfiguration>(row.name, 'website') : undefined,
        requesterPays: row ? s.buckets.getConfig<string>(row.name, 'request-payment') === 'Requester' : false,
      },
    );
  };
}

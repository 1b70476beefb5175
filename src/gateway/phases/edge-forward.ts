// HTTP on port 4566 whose Host is a distribution's (`d….cloudfront.net` or LocalStack's
// `<id>.cloudfront.localhost.localstack.cloud`) is passed to the CloudFront edge's HTTP listener and its answer
// streams back, so a client without kumo's DNS still reaches the edge (issue 21, "Reaching it"). An unsigned request
// whose Host is a distribution's alias goes the same way; the edge sees the 4566 client's address as the viewer's.
import http from 'node:http';
import { isIP } from 'node:net';
import type { WireResponse } from '../../protocol/codec.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { RuntimeControl } from './internal-routes.js';

interface CloudFrontInternal {
  edgeHttpPort(): number;
  servesHost(host: string): boolean;
  forwardToken: string;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

/** Names shaped like a distribution's: `<13 chars>.cloudfront.net` or `<id>.cloudfront.localhost.localstack.cloud`. */
export function looksLikeDistribution(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  return /^[a-z0-9]+\.cloudfront\.net$/.test(name) || /^[a-z0-9]+\.cloudfront\.localhost\.localstack\.cloud$/.test(name);
}

/** A Host that could be a distribution's alias: a DNS name that is none of kumo's own or AWS's endpoint forms. */
export function mayBeAlias(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  if (!name.includes('.') || isIP(name.replace(/^\[|\]$/g, '')) !== 0) return false;
  return !/(^|\.)localhost$|localstack\.cloud$|amazonaws\.com(\.cn)?$|\.elb\.|(^|\.)s3[.-]/.test(name);
}

/** Whether the edge serves this Host (an alias of a distribution); false when CloudFront is not part of this kumo. */
export async function servedByEdge(control: RuntimeControl, hostHeader: string): Promise<boolean> {
  const cf = (await control.serviceInternal('cloudfront')) as CloudFrontInternal | undefined;
  return cf?.servesHost(hostHeader) ?? false;
}

export async function forwardToEdge(control: RuntimeControl, ctx: PipelineContext): Promise<WireResponse | undefined> {
  const cf = (await control.serviceInternal('cloudfront')) as CloudFrontInternal | undefined;
  const port = cf?.edgeHttpPort();
  if (!cf || !port) return undefined;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.raw.headers)) if (!HOP.has(k)) headers[k] = v;
  // The viewer is the 4566 client; the token tells the edge the header comes from here, not from a viewer.
  if (ctx.raw.remoteAddress) {
    headers['x-kumo-viewer-address'] = ctx.raw.remoteAddress;
    headers['x-kumo-edge-forward'] = cf.forwardToken;
  }
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: ctx.raw.method, path: ctx.raw.url, headers, agent: false }, (res) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
      resolve({ status: res.statusCode ?? 502, headers: out, body: res });
    });
    req.on('error', () => resolve({ status: 502, headers: { server: 'CloudFront', 'content-type': 'text/plain' }, body: Buffer.from('CloudFront edge unreachable\n') }));
    const body = ctx.raw.body;
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

// kumo's own endpoints, answered before any AWS routing: health (ours and LocalStack's shape, so tools written for
// LocalStack find us), reset (ours and moto's server-mode alias), the runtime clock (read and advance, so
// end-to-end tests never sleep), and a small status page for a browser that opens the endpoint.
import type { KumoConfig } from '../../config.js';
import type { PipelineContext } from '../pipeline-context.js';
import { originAllowed } from './check-host.js';
import { statusPage } from '../status-page.js';

import { forwardToEdge, mayBeAlias, servedByEdge } from './edge-forward.js';

/** What the internal routes need of the runtime. */
export interface RuntimeControl {
  health(): object;
  localstackHealth(): object;
  reset(): Promise<void>;
  clockNow(): { now: string; rate: number };
  advanceClock(ms: number): Promise<void>;
  /** A service's `internal` object, or undefined when it is disabled. */
  serviceInternal(id: string): Promise<object | undefined>;
}

function json(status: number, body: unknown): PipelineContext['response'] {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

/** Longest single advance: one year, so a typo cannot run a sweeper a billion times. */
const MAX_ADVANCE_SECONDS = 366 * 24 * 3600;

async function advance(control: RuntimeControl, ctx: PipelineContext): Promise<PipelineContext['response']> {
  const { readBody } = await import('../body.js');
  let seconds: unknown;
  try {
    seconds = (JSON.parse((await readBody(ctx.raw.body, 4096)).toString('utf8') || '{}') as { seconds?: unknown }).seconds;
  } catch {
    return json(400, { error: 'the body must be JSON: {"seconds": N}' });
  }
  if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= MAX_ADVANCE_SECONDS)) {
    return json(400, { error: `"seconds" must be a number from 0 to ${MAX_ADVANCE_SECONDS}` });
  }
  await control.advanceClock(Math.round(seconds * 1000));
  return json(200, control.clockNow());
}

/** Content types a page can POST cross-site without a preflight (an HTML form, or fetch in no-cors mode). */
const SIMPLE_CONTENT_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

/**
 * The state-changing endpoints (reset, clock advance) answer a browser only from an origin KUMO_CORS_ORIGINS allows,
 * and never a simple cross-site POST (a form a web page submits): curl, SDKs and test runners send no Origin.
 */
function browserRefusal(config: KumoConfig, ctx: PipelineContext): PipelineContext['response'] | undefined {
  const origin = ctx.wire.headers['origin'];
  const host = ctx.wire.headers['host'];
  if (origin === undefined) return undefined;
  const own = host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
  if (!originAllowed(config, origin, host) || (!own && SIMPLE_CONTENT_TYPE.test(ctx.wire.headers['content-type'] ?? 'text/plain'))) {
    return json(403, { error: `${ctx.wire.path} does not answer web pages (Origin ${origin}); call it without an Origin header (curl, an SDK), or from an origin listed in KUMO_CORS_ORIGINS with a JSON body` });
  }
  return undefined;
}

/** Hosts seen, and whether they can name nothing but the AWS API (no load balancer, distribution or alias): SDKs
 *  send the same Host on every request. Bounded: cleared when it grows past a cap. */
const apiOnlyHosts = new Map<string, boolean>();

function apiOnlyHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  let known = apiOnlyHosts.get(host);
  if (known === undefined) {
    known = !/\.elb\./i.test(host) && !/\.cloudfront\./i.test(host) && !mayBeAlias(host);
    if (apiOnlyHosts.size >= 1000) apiOnlyHosts.clear();
    apiOnlyHosts.set(host, known);
  }
  return known;
}

export function internalRoutes(control: RuntimeControl, config: KumoConfig) {
  const route = routeInternal(control, config);
  // An AWS API request (no /_ path, no reset, not a browser at /, an API Host) passes without a turn.
  return function internalRoutesPhase(ctx: PipelineContext): Promise<void> | undefined {
    const path = ctx.wire.path;
    if (!path.startsWith('/_') && path !== '/moto-api/reset' && (path !== '/' || ctx.raw.method !== 'GET') && apiOnlyHost(ctx.raw.headers['host'])) return undefined;
    return route(ctx);
  };
}

function routeInternal(control: RuntimeControl, config: KumoConfig) {
  return async function internalRoutesPhase(ctx: PipelineContext): Promise<void> {
    const { method } = ctx.raw;
    const path = ctx.wire.path;
    const read = method === 'GET' || method === 'HEAD';
    if (method === 'POST' && (path === '/_kumo/reset' || path === '/moto-api/reset' || path === '/_kumo/clock/advance')) {
      const refused = browserRefusal(config, ctx);
      if (refused) {
        ctx.response = refused;
        return;
      }
    }
    if (ctx.raw.headers['host'] !== undefined && /\.elb\./i.test(ctx.raw.headers['host'])) {
      const { forwardToLoadBalancer, looksLikeLoadBalancer } = await import('./elb-forward.js');
      const forwarded = looksLikeLoadBalancer(ctx.raw.headers['host']) ? await forwardToLoadBalancer(control, ctx) : undefined;
      if (forwarded) {
        ctx.response = forwarded;
        return;
      }
    }
    if (ctx.raw.headers['host'] !== undefined && /\.cloudfront\./i.test(ctx.raw.headers['host'])) {
      const { forwardToEdge, looksLikeDistribution } = await import('./edge-forward.js');
      const forwarded = looksLikeDistribution(ctx.raw.headers['host']) ? await forwardToEdge(control, ctx) : undefined;
      if (forwarded) {
        ctx.response = forwarded;
        return;
      }
    }
    // An alias (CNAME) of a distribution goes to the edge, never to the API (kumo's own Hosts fail mayBeAlias at once).
    if (!path.startsWith('/_kumo/')) {
      const host = ctx.raw.headers['host'];
      const forwarded = mayBeAlias(host) && (await servedByEdge(control, host!)) ? await forwardToEdge(control, ctx) : undefined;
      if (forwarded) {
        ctx.response = forwarded;
        return;
      }
    }
    if (path === '/_kumo/health' && read) {
      ctx.response = json(200, control.health());
    } else if (path === '/_localstack/health' && read) {
      ctx.response = json(200, control.localstackHealth());
    } else if ((path === '/_kumo/reset' || path === '/moto-api/reset') && method === 'POST') {
      await control.reset();
      ctx.response = json(200, { status: 'ok', reset: true });
    } else if (path === '/_kumo/memory' && read) {
      // The process's memory, after a full collection when node runs with --expose-gc (the soak benchmark does), so
      // a leak shows as live heap that climbs rather than as allocator slack in the RSS.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      ctx.response = json(200, { ...process.memoryUsage(), afterGc: gc !== undefined });
    } else if (path === '/_kumo/clock' && read) {
      ctx.response = json(200, control.clockNow());
    } else if (path === '/_kumo/clock/advance' && method === 'POST') {
      ctx.response = await advance(control, ctx);
    } else if (path === '/_kumo/ec2/reachability' && read) {
      const { ec2Reachability } = await import('./ec2-reachability-route.js');
      ctx.response = await ec2Reachability(control, ctx.query);
    } else if (path === '/_kumo/ec2/instances' && read) {
      const { ec2Instances } = await import('./ec2-reachability-route.js');
      ctx.response = await ec2Instances(control);
    } else if (path === '/_kumo/ec2/exec' && read) {
      const { ec2Exec } = await import('./ec2-reachability-route.js');
      ctx.response = await ec2Exec(control, ctx.query);
    } else if (path === '/_kumo/ca.pem' && read) {
      // kumo's local CA (src/net/tls/local-ca.ts), which CloudFront's edge and ELB's HTTPS listeners present.
      const { localCa } = await import('../../net/tls/local-ca.js');
      ctx.response = { status: 200, headers: { 'content-type': 'application/x-pem-file' }, body: Buffer.from(localCa(config).certPem) };
    } else if (path === '/_kumo/elb/endpoints' && read) {
      const elb = (await control.serviceInternal('elastic-load-balancing-v2')) as { endpoints(): unknown[] } | undefined;
      // Classic Load Balancers follow the v2 ones, with `type: 'classic'` and their name.
      const clb = (await control.serviceInternal('elastic-load-balancing')) as { endpoints(): unknown[] } | undefined;
      ctx.response = elb || clb ? json(200, { loadBalancers: [...(elb?.endpoints() ?? []), ...(clb?.endpoints() ?? [])] }) : json(404, { error: 'the elastic-load-balancing services are disabled' });
    } else if (path.startsWith('/_kumo/')) {
      ctx.response = json(404, { error: `no kumo endpoint ${method} ${path}; see GET /_kumo/health, GET /_kumo/memory, GET /_kumo/clock, POST /_kumo/clock/advance and POST /_kumo/reset` });
    } else if (path === '/' && method === 'GET' && isBrowser(ctx)) {
      ctx.response = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(statusPage(control.health())) };
    }
  };
}

/** A browser opening http://127.0.0.1:4566/: it asks for HTML and signs nothing (an SDK always signs). */
function isBrowser(ctx: PipelineContext): boolean {
  const h = ctx.wire.headers;
  return (h['accept'] ?? '').includes('text/html') && h['authorization'] === undefined && !ctx.query.has('X-Amz-Signature') && !ctx.query.has('Signature') && kumoOwnHost(h['host']);
}

/**
 * The status page is kumo's own answer at its own names (an address, `localhost`, `*.localhost`, a name without
 * dots); a browser at an S3 website's name (`<bucket>.s3-website-<region>.amazonaws.com`, or a custom domain named
 * like the bucket) wants the site's index document (src/services/s3/website/).
 */
function kumoOwnHost(header: string | undefined): boolean {
  if (header === undefined) return true;
  const name = header.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (name.includes('s3-website')) return false;
  return !name.includes('.') || name.includes(':') || /^[\d.]+$/.test(name) || name === 'localhost' || name.endsWith('.localhost') || name.endsWith('localstack.cloud');
}

// The CLB HTTP/HTTPS request path on the proxy core: a round-robin pick among the node's InService instances (no
// fail-open: none gives 503), X-Forwarded-For/-Proto/-Port, and AWSELB cookie stickiness by load balancer or
// application cookie (CLB guide, "HTTP headers" and "Configure sticky sessions").
import { buildRequestHead, completeResponse, headerValue, headerValues, type ClientInfo, type HeadEdits, type HttpHead, type ProxyPlan } from '../../../net/proxy/index.js';
import type { ClbNodeCounters } from './metrics.js';
import { unmapped } from './proxy-v1.js';

export interface Backend {
  id: string;
  host: string;
}

export interface HttpRoute {
  proto: 'http' | 'https';
  awsPort: number;
  backendPort: number;
  /** InstanceProtocol HTTPS: TLS to the instance, its certificate not verified (no backend authentication policy). */
  backendTls?: boolean;
  /** A backend authentication policy's accepted public keys (base64 DER SPKI). */
  backendKeys?: readonly string[];
  idleTimeoutMs: number;
  /** Stickiness on this listener: an LB cookie (with its expiration, if any) or an application cookie's name. */
  sticky?: { kind: 'lb'; maxAge?: number } | { kind: 'app'; cookie: string };
  /** The node's InService instances and the next round-robin pick. */
  pick(): Backend | undefined;
  byId(id: string): Backend | undefined;
  /** The node's AWS/ELB counters. */
  counters?: ClbNodeCounters;
}

const REMOVE = new Set(['x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-for']);
// CLB's answers carry no body; 503 when no instance is InService (CLB guide, "Troubleshoot: HTTP 503").
const cache = new Map<number, Buffer>();
export function clbError(status: number): Buffer {
  let b = cache.get(status);
  if (!b) {
    b = completeResponse({ status, ...(status === 503 ? { reason: 'Service Unavailable: Back-end server is at capacity' } : {}) });
    cache.set(status, b);
  }
  return b;
}

export function stickToken(id: string): string {
  return Buffer.from(id, 'latin1').toString('hex').toUpperCase();
}

function fromToken(token: string): string {
  return /^[0-9A-F]+$/i.test(token) ? Buffer.from(token, 'hex').toString('latin1') : '';
}

function cookieValue(req: HttpHead, name: string): string | undefined {
  for (const line of headerValues(req, 'cookie')) {
    for (const part of line.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}

export function planClbRequest(req: HttpHead, client: ClientInfo, route: HttpRoute): ProxyPlan {
  let backend: Backend | undefined;
  let fresh = true;
  if (route.sticky) {
    const token = cookieValue(req, 'AWSELB');
    const stuck = token ? route.byId(fromToken(token)) : undefined;
    if (stuck) {
      backend = stuck;
      fresh = false;
    }
  }
  backend ??= route.pick();
  const counters = route.counters;
  if (!backend) {
    counters?.answered(503);
    return { kind: 'respond', response: clbError(503) };
  }
  const ip = unmapped(client.remoteAddress);
  const prior = headerValue(req, 'x-forwarded-for');
  const append = ['X-Forwarded-For', prior ? `${prior}, ${ip}` : ip, 'X-Forwarded-Proto', route.proto, 'X-Forwarded-Port', String(route.awsPort)];
  const plan: ProxyPlan = {
    kind: 'forward',
    target: { host: backend.host, port: route.backendPort, ...(route.backendTls ? { tls: true, ...(route.backendKeys ? { publicKeys: route.backendKeys } : {}) } : {}) },
    head: buildRequestHead(req, { remove: REMOVE, append }),
    responseTimeoutMs: route.idleTimeoutMs,
    onFailure: (kind) => clbError(kind === 'timeout' ? 504 : 502),
  };
  if (counters) {
    // Latency: AWS measures until the instance starts its response headers; the proxy core reports the end of the
    // exchange, so here it also covers the response body (small for most answers).
    const start = performance.now();
    plan.onDone = (status, failure) => counters.forwarded(status, failure, (performance.now() - start) / 1000);
  }
  const sticky = route.sticky;
  const cookie = `AWSELB=${stickToken(backend.id)};PATH=/`;
  if (sticky?.kind === 'lb' && fresh) {
    plan.responseEdits = { append: ['Set-Cookie', sticky.maxAge !== undefined ? `${cookie};MAX-AGE=${sticky.maxAge}` : cookie] };
  } else if (sticky?.kind === 'app') {
    // A new AWSELB cookie only when the application sets its own cookie (CLB guide, application-controlled stickiness).
    plan.responseEditsFor = (head): HeadEdits | undefined => (headerValues(head, 'set-cookie').some((c) => c.trimStart().startsWith(`${sticky.cookie}=`)) ? { append: ['Set-Cookie', cookie] } : undefined);
  }
  return plan;
}

// The ALB request path on the proxy core: rules by priority, then forward (weighted groups, round robin over
// healthy targets, fail-open), redirect or fixed-response; X-Forwarded-*, X-Amzn-Trace-Id; ALB's own answers
// carry `Server: awselb/2.0` (ALB guide, "HTTP headers" and "Troubleshoot").
import { randomFillSync } from 'node:crypto';
import type { Action } from '../../../generated/elastic-load-balancing-v2/api.js';
import { buildRequestHead, completeResponse, headerValue, reasonPhrase, type ClientInfo, type ForwardPlan, type HttpHead, type ProxyPlan } from '../../../net/proxy/index.js';
import { compileRule, type Matcher, type RequestFacts } from './rules.js';
import { setsCookie, stickyConfig, stickyCookies, stickyTarget } from './stickiness.js';
import type { LbCounters } from './metrics.js';
import type { TargetPicker } from './targets.js';
import type { AlbLogRoute } from './alb-access-log.js';

export interface CompiledRule {
  match: Matcher | undefined; // undefined: the default rule
  action: Action;
  /** The rule's priority for access logs: 0 for the default rule. */
  priority: number;
}

/** What the request path decided, for an access log entry (filled only when the load balancer logs). */
export interface AlbNote {
  rulePriority?: number;
  actions: string;
  tgArn?: string;
  target?: string;
  traceId?: string;
  redirectUrl?: string;
}

export interface ListenerRoute {
  awsPort: number;
  /** The listener's scheme for X-Forwarded-Proto and #{protocol}: 'http' or 'https'. */
  scheme: 'http' | 'https';
  zone: string;
  rules: CompiledRule[];
  attributes: Record<string, string>;
  /** The load balancer's CloudWatch counters (metrics.ts). */
  counters?: LbCounters;
  /** Access logging on this node, when the load balancer's access_logs.s3.enabled is true (alb-access-log.ts). */
  log?: AlbLogRoute;
}

const errorCache = new Map<number, Buffer>();

/** ALB's HTML error page, as its 502/503/504 answers carry it. */
export function albError(status: number): Buffer {
  let b = errorCache.get(status);
  if (!b) {
    const title = `${status} ${reasonPhrase(status)}`;
    b = completeResponse({ status, headers: [['Server', 'awselb/2.0'], ['Content-Type', 'text/html']], body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n` });
    errorCache.set(status, b);
  }
  return b;
}

export function compileRules(rules: ReadonlyArray<{ conditions: Parameters<typeof compileRule>[0]; actions: Action[]; priority: string }>): CompiledRule[] {
  return rules.map((r) => ({ match: r.priority === 'default' ? undefined : compileRule(r.conditions), action: [...r.actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))[0]!, priority: r.priority === 'default' ? 0 : Number(r.priority) }));
}

// Trace ids draw on a refilled block of random bytes: one crypto call per 340 requests instead of one each.
const randomBlock = Buffer.alloc(4080);
let randomAt = randomBlock.length;

function traceRoot(): string {
  if (randomAt + 12 > randomBlock.length) {
    randomFillSync(randomBlock);
    randomAt = 0;
  }
  const hex = randomBlock.toString('hex', randomAt, randomAt + 12);
  randomAt += 12;
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')}-${hex}`;
}

function facts(req: HttpHead, client: ClientInfo): RequestFacts {
  const q = req.target.indexOf('?');
  const hostHeader = headerValue(req, 'host') ?? '';
  return {
    method: req.method,
    host: hostHeader.replace(/:\d+$/, ''),
    path: q < 0 ? req.target : req.target.slice(0, q),
    query: q < 0 ? '' : req.target.slice(q + 1),
    header: (n) => headerValue(req, n),
    sourceIp: client.remoteAddress,
  };
}

function redirect(a: Action, f: RequestFacts, route: ListenerRoute, note: AlbNote | undefined): Buffer {
  const c = a.RedirectConfig!;
  const sub = (v: string): string =>
    v.replace(/#\{protocol\}/g, route.scheme).replace(/#\{host\}/g, f.host).replace(/#\{port\}/g, String(route.awsPort)).replace(/#\{path\}/g, f.path.slice(1)).replace(/#\{query\}/g, f.query);
  const protocol = sub(c.Protocol ?? '#{protocol}').toLowerCase();
  const host = sub(c.Host ?? '#{host}');
  const port = sub(c.Port ?? '#{port}');
  const path = sub(c.Path ?? '/#{path}');
  const query = sub(c.Query ?? '#{query}');
  const defaultPort = (protocol === 'https' && port === '443') || (protocol === 'http' && port === '80');
  const location = `${protocol}://${host}${defaultPort ? '' : `:${port}`}${path}${query ? `?${query}` : ''}`;
  if (note) note.redirectUrl = location;
  return completeResponse({ status: c.StatusCode === 'HTTP_301' ? 301 : 302, headers: [['Server', 'awselb/2.0'], ['Location', location], ['Content-Type', 'text/html']] });
}

function fixed(a: Action): Buffer {
  const c = a.FixedResponseConfig!;
  return completeResponse({ status: Number(c.StatusCode), headers: [['Server', 'awselb/2.0'], ['Content-Type', c.ContentType ?? 'text/plain; charset=utf-8']], body: c.MessageBody ?? '' });
}

const XFF = 'x-forwarded-for';
const REMOVE_XFF = new Set(['x-forwarded-proto', 'x-forwarded-port', XFF, 'x-amzn-trace-id']);
const REMOVE_TRACE = new Set(['x-forwarded-proto', 'x-forwarded-port', 'x-amzn-trace-id']);

/** `insert`: header name/value pairs added to the forwarded request (AWS WAF's x-amzn-waf-* request headers). */
export function planRequest(req: HttpHead, client: ClientInfo, route: ListenerRoute, picker: TargetPicker, insert?: readonly string[], note?: AlbNote): ProxyPlan {
  const f = facts(req, client);
  let action: Action | undefined;
  for (const r of route.rules) {
    if (!r.match || r.match(f)) {
      action = r.action;
      if (note) note.rulePriority = r.priority;
      break;
    }
  }
  if (note && action) note.actions = action.Type;
  const counters = route.counters;
  if (!action) {
    counters?.answered(503, 'elb');
    return { kind: 'respond', response: albError(503) };
  }
  if (action.Type === 'redirect') {
    counters?.answered(0, 'redirect');
    return { kind: 'respond', response: redirect(action, f, route, note) };
  }
  if (action.Type === 'fixed-response') {
    counters?.answered(0, 'fixed');
    return { kind: 'respond', response: fixed(action) };
  }
  let target = picker.pick(action, route.zone, client);
  if (!target) {
    counters?.answered(503, 'elb');
    return { kind: 'respond', response: albError(503) };
  }
  const sticky = stickyConfig(picker.attributesOf(target.tgArn));
  if (sticky) {
    const want = stickyTarget(headerValue(req, 'cookie'), target.tgArn, sticky);
    if (want) target = picker.find(target.tgArn, route.zone, want.host, want.port) ?? target;
  }
  const attrs = route.attributes;
  const append: string[] = [];
  const xffMode = attrs['routing.http.xff_header_processing.mode'] ?? 'append';
  const clientIp = client.remoteAddress.startsWith('::ffff:') ? client.remoteAddress.slice(7) : client.remoteAddress;
  if (xffMode === 'append') {
    const prior = headerValue(req, XFF);
    const self = attrs['routing.http.xff_client_port.enabled'] === 'true' ? `${clientIp}:${client.remotePort}` : clientIp;
    append.push('X-Forwarded-For', prior ? `${prior}, ${self}` : self);
  }
  append.push('X-Forwarded-Proto', route.scheme, 'X-Forwarded-Port', String(route.awsPort));
  if (insert) append.push(...insert);
  const trace = headerValue(req, 'x-amzn-trace-id');
  const traceId = trace && /Root=/.test(trace) ? trace : traceRoot();
  append.push('X-Amzn-Trace-Id', traceId);
  if (note) {
    note.tgArn = target.tgArn;
    note.target = `${target.host}:${target.port}`;
    note.traceId = traceId;
  }
  const remove = xffMode === 'preserve' ? REMOVE_TRACE : REMOVE_XFF;
  // Host gains `:<port>` on a non-default listener port unless preserve_host_header is on (AWS, 2023 launch note).
  const host = attrs['routing.http.preserve_host_header.enabled'] === 'true' ? undefined : route.awsPort === (route.scheme === 'https' ? 443 : 80) ? f.host : `${f.host}:${route.awsPort}`;
  const begun = target.begin();
  let done: (status: number, failure?: unknown) => void = begun;
  if (counters) {
    const tg = counters.tg(target.tgArn);
    const start = performance.now();
    done = (status, failure) => {
      begun();
      counters.forwarded(tg, status, failure !== undefined, (performance.now() - start) / 1000);
    };
  }
  return {
    kind: 'forward',
    target: { host: target.host, port: target.port },
    head: buildRequestHead(req, { ...(host !== undefined ? { host } : {}), remove, append }),
    responseTimeoutMs: Number(attrs['idle_timeout.timeout_seconds'] ?? '60') * 1000,
    ...(sticky ? stickyEdits(sticky, target.tgArn, target.host, target.port) : {}),
    onFailure: (kind) => albError(kind === 'timeout' ? 504 : 502),
    onDone: done,
  };
}

function stickyEdits(sticky: NonNullable<ReturnType<typeof stickyConfig>>, tgArn: string, host: string, port: number): Pick<ForwardPlan, 'responseEdits' | 'responseEditsFor'> {
  // Cookie expiry is read by clients against their own clocks: wall time, like certificates.
  if (sticky.type === 'lb_cookie') return { responseEdits: { append: stickyCookies(sticky, tgArn, host, port, Date.now(), false) } };
  return { responseEditsFor: (head) => (setsCookie(head.headers, sticky.appCookieName) ? { append: stickyCookies(sticky, tgArn, host, port, Date.now(), true) } : undefined) };
}

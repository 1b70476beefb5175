// What a behavior puts in the cache key and forwards to the origin: query strings, headers and cookies selected by
// the cache policy (or legacy ForwardedValues) and the origin request policy, and the normalized Accept-Encoding.
// Never the viewer protocol: an object is cached once whether the viewer used HTTP or HTTPS.
import type { EdgeBehavior, Selection } from './compiled.js';
import { normalizeAcceptEncoding } from './rules.js';
import type { ViewerRequest } from './viewer.js';

export function selects(s: Selection, name: string): boolean {
  if (s.mode === 'whitelist') return s.names.has(name);
  if (s.mode === 'allExcept') return !s.names.has(name);
  return s.mode === 'all';
}

function queryPairs(query: string): [string, string][] {
  if (!query) return [];
  return query.split('&').filter(Boolean).map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
  });
}

function cookiePairs(cookie: string | undefined): [string, string][] {
  if (!cookie) return [];
  return cookie.split(';').map((c) => c.trim()).filter(Boolean).map((c) => {
    const eq = c.indexOf('=');
    return eq < 0 ? [c, ''] : [c.slice(0, eq), c.slice(eq + 1)];
  });
}

const decodeName = (n: string) => {
  try {
    return decodeURIComponent(n);
  } catch {
    return n;
  }
};

/** The cache key of a request under a behavior (behavior index included, so behaviors never share objects). */
export function cacheKey(distributionId: string, behaviorIndex: number, b: EdgeBehavior, req: ViewerRequest): string {
  let key = `${distributionId}\n${behaviorIndex}\n${req.path}`;
  if (b.keyQuery.mode !== 'none') {
    const q = queryPairs(req.query).filter(([n]) => selects(b.keyQuery, decodeName(n)));
    if (q.length) key += `\nq:${q.map(([n, v]) => `${n}=${v}`).sort().join('&')}`;
  }
  for (const h of b.keyHeaders) key += `\nh:${h}=${req.headers[h] ?? ''}`;
  if (b.keyCookies.mode !== 'none') {
    const c = cookiePairs(req.headers['cookie']).filter(([n]) => selects(b.keyCookies, n));
    if (c.length) key += `\nc:${c.map(([n, v]) => `${n}=${v}`).sort().join(';')}`;
  }
  if (b.gzip || b.br) key += `\nae:${normalizeAcceptEncoding(req.headers['accept-encoding'], b.gzip, b.br)}`;
  return key;
}

/** The query string sent to the origin: what the cache key or the origin request policy selects, in viewer order. */
export function originQuery(b: EdgeBehavior, query: string): string {
  const pairs = queryPairs(query).filter(([n]) => selects(b.keyQuery, decodeName(n)) || selects(b.forwardQuery, decodeName(n)));
  return pairs.map(([n, v]) => (v === '' && !query.includes(`${n}=`) ? n : `${n}=${v}`)).join('&');
}

/** The Cookie header sent to the origin, or undefined. */
export function originCookies(b: EdgeBehavior, cookie: string | undefined): string | undefined {
  const c = cookiePairs(cookie).filter(([n]) => selects(b.keyCookies, n) || selects(b.forwardCookies, n));
  return c.length ? c.map(([n, v]) => `${n}=${v}`).join('; ') : undefined;
}

const NEVER_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'content-length', 'cookie', 'accept-encoding', 'x-kumo-viewer-address', 'x-kumo-edge-forward', 'authorization']);

/** Viewer headers forwarded to the origin (lower-case names): the key's and the origin request policy's. */
export function forwardedHeaders(b: EdgeBehavior, req: ViewerRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (NEVER_FORWARDED.has(name)) continue;
    if (b.keyHeaders.includes(name) || selects(b.forwardHeaders, name)) out[name] = value;
  }
  // Authorization goes only when named (or all viewer headers are forwarded).
  const auth = req.headers['authorization'];
  if (auth !== undefined && (b.keyHeaders.includes('authorization') || selects(b.forwardHeaders, 'authorization'))) out['authorization'] = auth;
  return out;
}

/** Whether the key or the origin request policy names a CloudFront-generated header such as CloudFront-Viewer-Country. */
export function wantsHeader(b: EdgeBehavior, name: string): boolean {
  return b.keyHeaders.includes(name) || (b.forwardHeaders.mode === 'whitelist' && b.forwardHeaders.names.has(name));
}

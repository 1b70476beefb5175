// CloudFront's pure edge rules: which cache behavior a path selects (PathPattern in order, `*` and `?`,
// case-sensitive, default last), how long a response stays cached ("Manage how long content stays in the cache"),
// which statuses are cached as errors, and the Accept-Encoding normalization of the cache key.

/** A PathPattern as a RegExp: `*` any run of characters, `?` exactly one; a leading `/` is optional. */
export function compilePathPattern(pattern: string): RegExp {
  const p = pattern.startsWith('/') ? pattern : `/${pattern}`;
  let re = '^';
  for (const ch of p) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${re}$`, 's');
}

export function pathPatternMatches(pattern: string, path: string): boolean {
  return compilePathPattern(pattern).test(path);
}

/** The index of the first cache behavior whose (compiled) pattern matches, or -1 for the default behavior. */
export function selectBehavior(patterns: readonly RegExp[], path: string): number {
  for (let i = 0; i < patterns.length; i++) if (patterns[i]!.test(path)) return i;
  return -1;
}

export interface TtlSettings {
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
}

/** Statuses CloudFront caches for ErrorCachingMinTTL ("Configure error response behavior": 10 s by default). */
export const CACHED_ERROR_STATUSES = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
/** Statuses cached by the TTL rules. Others (302, 307, 401, …) are passed through uncached. */
export const CACHEABLE_STATUSES = new Set([200, 203, 206, 300, 301, 410]);

function directives(cacheControl: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (cacheControl ?? '').split(',')) {
    const [name = '', value = ''] = part.trim().split('=');
    if (name) out.set(name.toLowerCase(), value.replace(/^"|"$/g, ''));
  }
  return out;
}

/**
 * Seconds a response stays fresh, or 0 when it is not cached: `s-maxage`, else `max-age`, else `Expires`, clamped
 * to [MinTTL, MaxTTL]; none of them → DefaultTTL; `no-cache`/`no-store`/`private` → not cached if MinTTL is 0,
 * else MinTTL (CachePolicyConfig API reference, MinTTL).
 */
export function freshnessSeconds(headers: { cacheControl?: string | undefined; expires?: string | undefined }, ttl: TtlSettings, nowMs: number): number {
  const d = directives(headers.cacheControl);
  if (d.has('no-cache') || d.has('no-store') || d.has('private')) return ttl.minTtl;
  const clamp = (n: number) => Math.min(Math.max(n, ttl.minTtl), ttl.maxTtl);
  const sMaxAge = Number(d.get('s-maxage'));
  if (d.has('s-maxage') && Number.isFinite(sMaxAge)) return clamp(sMaxAge);
  const maxAge = Number(d.get('max-age'));
  if (d.has('max-age') && Number.isFinite(maxAge)) return clamp(maxAge);
  if (headers.expires !== undefined) {
    const at = Date.parse(headers.expires);
    return clamp(Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000)));
  }
  return Math.min(ttl.defaultTtl, ttl.maxTtl);
}

/** The viewer's Accept-Encoding normalized as CloudFront keys and forwards it: `br` over `gzip` when enabled. */
export function normalizeAcceptEncoding(acceptEncoding: string | undefined, gzip: boolean, br: boolean): string {
  if (!acceptEncoding) return '';
  const codings = acceptEncoding.split(',').map((c) => {
    const [name = '', ...params] = c.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { name: name.trim(), ok: q === undefined || Number(q.slice(2)) > 0 };
  });
  const accepts = (n: string) => codings.some((c) => (c.name === n || c.name === '*') && c.ok);
  if (br && accepts('br') && gzip && accepts('gzip')) return 'br,gzip';
  if (br && accepts('br')) return 'br';
  if (gzip && accepts('gzip')) return 'gzip';
  return '';
}

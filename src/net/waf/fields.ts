// FieldToMatch: the values of a request component a statement inspects, with AWS's inspection limits ("Oversize
// web request components": body 8 KB ALB / 16 KB CloudFront by default; headers and cookies first 200 or 8 KB).
import type { FieldToMatch, OversizeHandling } from '../../generated/wafv2/api.js';
import type { WafRequest } from './types.js';

export const HEADER_LIMIT_COUNT = 200;
export const HEADER_LIMIT_BYTES = 8 * 1024;

/** The values to inspect, or a forced outcome (oversize MATCH/NO_MATCH, a missing fingerprint's fallback). */
export type Extracted = string[] | 'MATCH' | 'NO_MATCH';

/** Per-request memo of parsed components, so ten rules parse the query and cookies once. */
export class RequestView {
  private queryArgs?: [string, string][];
  private cookiesParsed?: { list: [string, string][]; oversize: boolean };
  private bodyText?: string;
  private json?: { ok: boolean; value: unknown };
  private headerMap?: Map<string, string[]>;

  constructor(
    readonly req: WafRequest,
    readonly bodyLimit: number,
  ) {}

  get bodySize(): number {
    return this.req.bodyLength ?? this.req.body?.length ?? 0;
  }

  get bodyOversize(): boolean {
    return this.bodySize > this.bodyLimit;
  }

  body(): string {
    if (this.bodyText === undefined) {
      const b = this.req.body;
      this.bodyText = b === undefined ? '' : b.subarray(0, this.bodyLimit).toString('utf8');
    }
    return this.bodyText;
  }

  jsonBody(): { ok: boolean; value: unknown } {
    if (this.json === undefined) {
      try {
        this.json = { ok: true, value: JSON.parse(this.body()) as unknown };
      } catch {
        this.json = { ok: false, value: undefined };
      }
    }
    return this.json;
  }

  header(name: string): string[] {
    if (this.headerMap === undefined) {
      this.headerMap = new Map();
      for (const [k, v] of this.req.headers) {
        const key = k.toLowerCase();
        const list = this.headerMap.get(key);
        if (list) list.push(v);
        else this.headerMap.set(key, [v]);
      }
    }
    return this.headerMap.get(name.toLowerCase()) ?? [];
  }

  args(): [string, string][] {
    if (this.queryArgs === undefined) {
      this.queryArgs = [];
      if (this.req.query !== '') {
        for (const part of this.req.query.split('&')) {
          if (part === '') continue;
          const eq = part.indexOf('=');
          this.queryArgs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
        }
      }
    }
    return this.queryArgs;
  }

  cookies(): { list: [string, string][]; oversize: boolean } {
    if (this.cookiesParsed === undefined) {
      const list: [string, string][] = [];
      let bytes = 0;
      let oversize = false;
      for (const h of this.header('cookie')) {
        for (const part of h.split(';')) {
          const p = part.trim();
          if (p === '') continue;
          bytes += p.length;
          if (list.length >= HEADER_LIMIT_COUNT || bytes > HEADER_LIMIT_BYTES) {
            oversize = true;
            break;
          }
          const eq = p.indexOf('=');
          list.push(eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)]);
        }
      }
      this.cookiesParsed = { list, oversize };
    }
    return this.cookiesParsed;
  }
}

function oversized(h: OversizeHandling | undefined, inspect: () => string[]): Extracted {
  if (h === 'MATCH') return 'MATCH';
  if (h === 'NO_MATCH') return 'NO_MATCH';
  return inspect();
}

function mapPairs(pairs: [string, string][], scope: 'ALL' | 'KEY' | 'VALUE'): string[] {
  const out: string[] = [];
  for (const [k, v] of pairs) {
    if (scope !== 'VALUE') out.push(k);
    if (scope !== 'KEY') out.push(v);
  }
  return out;
}

function selectPairs(pairs: [string, string][], p: { All?: object | undefined; Included?: string[] | undefined; Excluded?: string[] | undefined }): [string, string][] {
  if (p.Included) {
    const set = new Set(p.Included.map((n) => n.toLowerCase()));
    return pairs.filter(([k]) => set.has(k.toLowerCase()));
  }
  if (p.Excluded) {
    const set = new Set(p.Excluded.map((n) => n.toLowerCase()));
    return pairs.filter(([k]) => !set.has(k.toLowerCase()));
  }
  return pairs;
}

/** RFC 6901 pointer into a parsed JSON document. */
function pointer(doc: unknown, path: string): unknown {
  if (path === '' || path === '/') return path === '' ? doc : (doc as Record<string, unknown> | undefined)?.[''];
  let cur: unknown = doc;
  for (const raw of path.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function jsonTokens(v: unknown, scope: 'ALL' | 'KEY' | 'VALUE', out: string[]): void {
  if (v === null || v === undefined) {
    if (scope !== 'KEY' && v === null) out.push('null');
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) jsonTokens(x, scope, out);
    return;
  }
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (scope !== 'VALUE') out.push(k);
      jsonTokens(x, scope, out);
    }
    return;
  }
  if (scope !== 'KEY') out.push(String(v));
}

export function extract(view: RequestView, f: FieldToMatch): Extracted {
  const req = view.req;
  if (f.UriPath) return [req.path];
  if (f.QueryString) return [req.query];
  if (f.Method) return [req.method];
  if (f.SingleHeader) return view.header(f.SingleHeader.Name);
  if (f.SingleQueryArgument) {
    const name = f.SingleQueryArgument.Name.toLowerCase();
    return view.args().filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
  }
  if (f.AllQueryArguments) return view.args().map(([, v]) => v);
  if (f.Body) return view.bodyOversize ? oversized(f.Body.OversizeHandling, () => [view.body()]) : [view.body()];
  if (f.JsonBody) {
    const j = f.JsonBody;
    const run = (): string[] | 'MATCH' | 'NO_MATCH' => {
      const parsed = view.jsonBody();
      if (!parsed.ok) {
        if (j.InvalidFallbackBehavior === 'MATCH') return 'MATCH';
        if (j.InvalidFallbackBehavior === 'NO_MATCH') return 'NO_MATCH';
        return [view.body()];
      }
      const out: string[] = [];
      if (j.MatchPattern.IncludedPaths) for (const p of j.MatchPattern.IncludedPaths) jsonTokens(pointer(parsed.value, p), j.MatchScope, out);
      else jsonTokens(parsed.value, j.MatchScope, out);
      return out;
    };
    if (view.bodyOversize && j.OversizeHandling !== undefined && j.OversizeHandling !== 'CONTINUE') return j.OversizeHandling;
    return run();
  }
  if (f.Headers) {
    const h = f.Headers;
    const all = req.headers.map(([k, v]) => [k, v] as [string, string]);
    let bytes = 0;
    let count = 0;
    let over = false;
    const kept: [string, string][] = [];
    for (const p of all) {
      count++;
      bytes += p[0].length + p[1].length;
      if (count > HEADER_LIMIT_COUNT || bytes > HEADER_LIMIT_BYTES) {
        over = true;
        break;
      }
      kept.push(p);
    }
    const pick = (): string[] => mapPairs(selectPairs(kept, { All: h.MatchPattern.All, Included: h.MatchPattern.IncludedHeaders, Excluded: h.MatchPattern.ExcludedHeaders }), h.MatchScope);
    return over ? oversized(h.OversizeHandling, pick) : pick();
  }
  if (f.Cookies) {
    const c = f.Cookies;
    const { list, oversize } = view.cookies();
    const pick = (): string[] => mapPairs(selectPairs(list, { All: c.MatchPattern.All, Included: c.MatchPattern.IncludedCookies, Excluded: c.MatchPattern.ExcludedCookies }), c.MatchScope);
    return oversize ? oversized(c.OversizeHandling, pick) : pick();
  }
  if (f.HeaderOrder) {
    const names = req.headers.slice(0, HEADER_LIMIT_COUNT).map(([k]) => k);
    return req.headers.length > HEADER_LIMIT_COUNT ? oversized(f.HeaderOrder.OversizeHandling, () => [names.join(':')]) : [names.join(':')];
  }
  if (f.JA3Fingerprint) return req.ja3 !== undefined ? [req.ja3] : f.JA3Fingerprint.FallbackBehavior;
  if (f.JA4Fingerprint) return req.ja4 !== undefined ? [req.ja4] : f.JA4Fingerprint.FallbackBehavior;
  if (f.UriFragment) return req.fragment !== undefined ? [req.fragment] : (f.UriFragment.FallbackBehavior ?? 'NO_MATCH');
  return [];
}

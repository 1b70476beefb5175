// RFC 6570-style request URI templates of REST operations ("/{Bucket}/{Key+}?uploads"): matching a request's
// path and query to an operation, extracting labels, and ranking candidates so the most specific match wins.
type Segment = { kind: 'literal'; text: string } | { kind: 'label'; name: string; greedy: boolean };

export interface UriTemplate {
  segments: Segment[];
  /** Literal query parts of the template: `?uploads` → uploads: undefined; `?x-id=GetObject` → 'GetObject'. */
  query: Map<string, string | undefined>;
  /** The path ends in '/' (e.g. "/{Bucket}/"), which matters only for the trailing-empty-segment case. */
  trailingSlash: boolean;
}

const cache = new Map<string, UriTemplate>();

export function parseUriTemplate(requestUri: string): UriTemplate {
  const hit = cache.get(requestUri);
  if (hit) return hit;
  const q = requestUri.indexOf('?');
  const pathPart = q < 0 ? requestUri : requestUri.slice(0, q);
  const queryPart = q < 0 ? '' : requestUri.slice(q + 1);
  const segments: Segment[] = [];
  for (const raw of pathPart.split('/').filter((s) => s !== '')) {
    const m = /^\{([^}+]+)(\+?)\}$/.exec(raw);
    if (m && m[1] !== undefined) segments.push({ kind: 'label', name: m[1], greedy: m[2] === '+' });
    else segments.push({ kind: 'literal', text: raw });
  }
  const query = new Map<string, string | undefined>();
  for (const part of queryPart.split('&').filter((s) => s !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) query.set(decodeURIComponent(part), undefined);
    else query.set(decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1)));
  }
  const template: UriTemplate = { segments, query, trailingSlash: pathPart.length > 1 && pathPart.endsWith('/') };
  cache.set(requestUri, template);
  return template;
}

/** Splits a raw query string into decoded pairs, keeping order and repeats ('+' is a space, as form encoding has it). */
export function parseQueryString(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([safeDecode(key.replace(/\+/g, ' ')), safeDecode(value.replace(/\+/g, ' '))]);
  }
  return pairs;
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Matches a raw (still percent-encoded) path against a template; returns decoded label values or undefined.
 * A greedy label takes one or more segments, slashes kept. A non-greedy label must be non-empty (Smithy httpLabel).
 */
export function matchPath(template: UriTemplate, rawPath: string): Record<string, string> | undefined {
  const parts = rawPath.split('/').slice(1);
  // "/bucket/" has an empty trailing part; keep it only where a greedy label can swallow it (S3 keys may end in '/').
  if (parts.length > 0 && parts[parts.length - 1] === '' && !template.segments.some((s) => s.kind === 'label' && s.greedy)) parts.pop();
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < template.segments.length; s++) {
    const seg = template.segments[s];
    if (seg === undefined) return undefined;
    if (seg.kind === 'literal') {
      if (parts[i] === undefined || safeDecode(parts[i] ?? '') !== safeDecode(seg.text)) return undefined;
      i++;
    } else if (seg.greedy) {
      const rest = template.segments.length - s - 1;
      const take = parts.length - i - rest;
      if (take < 1) return undefined;
      const value = parts.slice(i, i + take).join('/');
      if (value === '') return undefined;
      labels[seg.name] = safeDecode(value);
      i += take;
    } else {
      const part = parts[i];
      if (part === undefined || part === '') return undefined;
      labels[seg.name] = safeDecode(part);
      i++;
    }
  }
  return i === parts.length ? labels : undefined;
}

/** True when every literal query part of the template is in the request (with its value, if it has one). */
export function matchQuery(template: UriTemplate, pairs: Array<[string, string]>): boolean {
  for (const [key, value] of template.query) {
    if (!pairs.some(([k, v]) => k === key && (value === undefined || v === value))) return false;
  }
  return true;
}

/** Specificity: literal query keys first, then literal path segments, then fewer greedy labels. */
export function specificity(template: UriTemplate): number {
  const literals = template.segments.filter((s) => s.kind === 'literal').length;
  const greedy = template.segments.some((s) => s.kind === 'label' && s.greedy) ? 1 : 0;
  return template.query.size * 10_000 + literals * 100 + template.segments.length * 2 - greedy;
}

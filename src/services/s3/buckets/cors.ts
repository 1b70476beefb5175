// Bucket CORS rules applied to requests (S3 user guide, "How does Amazon S3 evaluate the CORS configuration"):
// the first rule whose AllowedOrigins, AllowedMethods and AllowedHeaders all admit the request decides the headers.
import type { CORSRule } from '../../../generated/s3/api.js';

export interface CorsRequest {
  origin: string;
  /** Access-Control-Request-Method on a preflight, else the request's own method. */
  method: string;
  /** Access-Control-Request-Headers, lower-cased and trimmed. */
  requestHeaders: string[];
}

/** `*` in an AllowedOrigin or AllowedHeader matches any run of characters (`http://*.example.com`, `x-amz-*`). */
export function wildcardMatches(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  if (tail.includes('*')) {
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(value);
  }
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

export function parseRequestHeaders(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
}

export function matchCorsRule(rules: readonly CORSRule[], req: CorsRequest): CORSRule | undefined {
  return rules.find((rule) => {
    if (!rule.AllowedMethods.includes(req.method)) return false;
    if (!rule.AllowedOrigins.some((o) => wildcardMatches(o, req.origin))) return false;
    if (req.requestHeaders.length === 0) return true;
    const allowed = (rule.AllowedHeaders ?? []).map((h) => h.toLowerCase());
    return req.requestHeaders.every((h) => allowed.some((a) => wildcardMatches(a, h)));
  });
}

/** The headers S3 sends for a matched rule (test_s3_cors.snapshot.json: a `*` origin answers `*` without
 *  credentials; otherwise the request's Origin with Allow-Credentials). Names in lower case. */
export function corsResponseHeaders(rule: CORSRule, req: CorsRequest): Record<string, string> {
  const wildcard = rule.AllowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : req.origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!wildcard) headers['access-control-allow-credentials'] = 'true';
  if (req.requestHeaders.length > 0) headers['access-control-allow-headers'] = req.requestHeaders.join(', ');
  if (rule.ExposeHeaders !== undefined && rule.ExposeHeaders.length > 0) headers['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.MaxAgeSeconds);
  return headers;
}

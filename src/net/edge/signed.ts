// Signed URLs and signed cookies for behaviors with TrustedKeyGroups: the canned or custom policy is rebuilt or
// decoded, its RSA signature verified with a public key of the behavior's key groups, then its conditions checked.
import { verify, type KeyObject } from 'node:crypto';
import { parseCidr, parseIp } from '../waf/ip.js';

/** The 403 XML CloudFront answers when a signed request fails ("Troubleshoot signed URLs and signed cookies"). */
export interface SignedFailure {
  code: 'MissingKey' | 'InvalidKey' | 'AccessDenied' | 'MalformedPolicy';
  message: string;
}

export interface SignedRequest {
  /** http or https: the scheme the viewer used, part of a canned policy's Resource. */
  scheme: string;
  /** The Host header as sent (a port included). */
  host: string;
  /** The path as sent (still percent-encoded). */
  path: string;
  /** The query as sent, signing parameters included. */
  query: string;
  cookie: string | undefined;
  viewerIp: string;
  nowSeconds: number;
}

export type SignedVerdict = { ok: true; query: string } | { ok: false; failure: SignedFailure };

/** Query parameters (and, prefixed CloudFront-, cookies) that carry a signature rather than the viewer's data. */
const SIGNING = new Set(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);

const MISSING_KEY: SignedFailure = { code: 'MissingKey', message: 'Missing Key-Pair-Id query parameter or cookie value' };
const UNKNOWN_KEY: SignedFailure = { code: 'InvalidKey', message: 'Unknown Key' };
const DENIED: SignedFailure = { code: 'AccessDenied', message: 'Access denied' };
const MALFORMED: SignedFailure = { code: 'MalformedPolicy', message: 'Malformed Policy' };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** CloudFront's URL-safe base64: `-` for `+`, `_` for `=`, `~` for `/` ("Create a signed URL using a canned policy"). */
export function cloudFrontBase64(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

/** The viewer's query without the signing parameters (kept in their order, still encoded), and those parameters. */
export function splitSigningParams(query: string): { rest: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (!query) return { rest: '', params };
  const kept: string[] = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (SIGNING.has(name)) params.set(name, decode(eq < 0 ? '' : part.slice(eq + 1)));
    else kept.push(part);
  }
  return { rest: kept.join('&'), params };
}

function signingCookies(cookie: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!cookie) return out;
  for (const c of cookie.split(';')) {
    const t = c.trim();
    const eq = t.indexOf('=');
    if (eq < 0 || !t.startsWith('CloudFront-')) continue;
    const name = t.slice('CloudFront-'.length, eq);
    if (SIGNING.has(name)) out.set(name, t.slice(eq + 1));
  }
  return out;
}

/** `*` any run of characters, `?` one character; everything else literal (custom policy Resource). */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
}

/** The URLs a policy's Resource may name for this request: as the viewer sent the Host, and without kumo's port
 *  (the edge listens on 10080/10443 where CloudFront listens on 80/443, so a URL signed for the real ports works). */
function resourceUrls(r: SignedRequest, rest: string): string[] {
  const tail = `${r.path}${rest ? `?${rest}` : ''}`;
  const bare = r.host.replace(/:\d+$/, '');
  const urls = [`${r.scheme}://${r.host}${tail}`];
  if (bare !== r.host) urls.push(`${r.scheme}://${bare}${tail}`);
  return urls;
}

function verifies(data: string, signature: string, key: KeyObject, algorithm: string): boolean {
  try {
    return verify(algorithm === 'SHA256' ? 'sha256' : 'sha1', Buffer.from(data, 'utf8'), key, cloudFrontBase64(signature));
  } catch {
    return false;
  }
}

const epoch = (v: unknown): number | undefined => {
  const o = v as Record<string, unknown> | undefined;
  const t = o?.['AWS:EpochTime'];
  return typeof t === 'number' && Number.isFinite(t) ? t : typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : undefined;
};

function ipAllowed(cidrText: unknown, viewerIp: string): boolean {
  if (typeof cidrText !== 'string') return false;
  const cidr = parseCidr(cidrText, false);
  const ip = parseIp(viewerIp);
  if (!cidr || !ip || cidr.v6 !== ip.v6) return false;
  const shift = BigInt((cidr.v6 ? 128 : 32) - cidr.bits);
  return (ip.value >> shift) << shift === cidr.base;
}

/** A custom policy's single statement: Resource (wildcards), DateLessThan (required), DateGreaterThan, IpAddress
 *  ("Create a signed URL using a custom policy"). Undefined when the policy is not one CloudFront can read. */
function checkCustom(policy: unknown, urls: string[], r: SignedRequest): SignedFailure | undefined {
  const statements = (policy as { Statement?: unknown })?.Statement;
  if (!Array.isArray(statements) || statements.length !== 1) return MALFORMED;
  const s = statements[0] as { Resource?: unknown; Condition?: Record<string, unknown> };
  if (s.Resource !== undefined && typeof s.Resource !== 'string') return MALFORMED;
  const c = s.Condition;
  const lessThan = epoch(c?.['DateLessThan']);
  if (lessThan === undefined) return MALFORMED;
  if (s.Resource !== undefined) {
    const re = wildcard(s.Resource);
    if (!urls.some((u) => re.test(u))) return DENIED;
  }
  if (r.nowSeconds >= lessThan) return DENIED;
  if (c?.['DateGreaterThan'] !== undefined) {
    const greater = epoch(c['DateGreaterThan']);
    if (greater === undefined) return MALFORMED;
    if (r.nowSeconds <= greater) return DENIED;
  }
  if (c?.['IpAddress'] !== undefined && !ipAllowed((c['IpAddress'] as Record<string, unknown>)['AWS:SourceIp'], r.viewerIp)) return DENIED;
  return undefined;
}

/** Checks a request against the behavior's trusted keys (`keyFor` answers only keys of its key groups). A signed URL
 *  wins over signed cookies when the query carries signing parameters ("Use signed cookies"). On success the query
 *  without the signing parameters: kumo keys the cache and forwards to the origin without them, so every signature
 *  for one object shares one cached copy. */
export function checkSigned(r: SignedRequest, keyFor: (keyPairId: string) => KeyObject | undefined): SignedVerdict {
  const { rest, params: fromUrl } = splitSigningParams(r.query);
  const p = fromUrl.size > 0 ? fromUrl : signingCookies(r.cookie);
  const keyId = p.get('Key-Pair-Id');
  if (!keyId) return { ok: false, failure: MISSING_KEY };
  const key = keyFor(keyId);
  if (!key) return { ok: false, failure: UNKNOWN_KEY };
  const signature = p.get('Signature');
  if (!signature) return { ok: false, failure: DENIED };
  const algorithm = p.get('Hash-Algorithm') ?? 'SHA1';
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256') return { ok: false, failure: DENIED };
  const urls = resourceUrls(r, rest);
  const encoded = p.get('Policy');
  if (encoded !== undefined) {
    const text = cloudFrontBase64(encoded).toString('utf8');
    let policy: unknown;
    try {
      policy = JSON.parse(text);
    } catch {
      return { ok: false, failure: MALFORMED };
    }
    if (!verifies(text, signature, key, algorithm)) return { ok: false, failure: DENIED };
    const failure = checkCustom(policy, urls, r);
    return failure ? { ok: false, failure } : { ok: true, query: rest };
  }
  const expires = p.get('Expires');
  if (!expires || !/^\d+$/.test(expires)) return { ok: false, failure: DENIED };
  // A canned policy is rebuilt from the URL and Expires exactly as the signer wrote it (no spaces).
  const signed = urls.some((u) => verifies(`{"Statement":[{"Resource":${JSON.stringify(u)},"Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`, signature, key, algorithm));
  if (!signed || r.nowSeconds >= Number(expires)) return { ok: false, failure: DENIED };
  return { ok: true, query: rest };
}

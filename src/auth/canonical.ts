// SigV4 canonical request pieces: URI encoding, canonical path, query and headers, per AWS's SigV4 spec
// ("Create a canonical request", AWS General Reference / IAM User Guide, "Elements of an AWS API request signature").
import { safeDecode } from '../protocol/shared/uri-template.js';

/** Splits a raw query string into decoded [name, value] pairs in wire order; '+' stays a literal plus. */
export function parseQuery(raw: string): [string, string][] {
  const pairs: [string, string][] = [];
  if (raw === '') return pairs;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([safeDecode(name), safeDecode(value)]);
  }
  return pairs;
}


/** AWS URI encoding: every byte but A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case hex); '/' too unless kept. */
export function awsUriEncode(s: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The canonical URI. S3 signs the path as sent (encoded once, no normalisation); every other service normalises
 * the path (drops empty and '.' segments, resolves '..') and URI-encodes the already-encoded path again.
 * Matches botocore's S3SigV4Auth vs SigV4Auth and @smithy/signature-v4's `uriEscapePath`.
 */
export function canonicalUri(rawPath: string, s3: boolean): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (s3) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return awsUriEncode(normalised, true);
}

/** S3 fallback: the path re-encoded from its decoded form, for clients that leave some safe characters raw. */
export function reencodedS3Uri(rawPath: string): string {
  return (rawPath === '' ? '/' : rawPath)
    .split('/')
    .map((segment) => awsUriEncode(safeDecode(segment)))
    .join('/');
}

/** Sorted by encoded name, then encoded value; X-Amz-Signature left out (it cannot sign itself). */
export function canonicalQuery(pairs: readonly (readonly [string, string])[]): string {
  const encoded: [string, string][] = [];
  for (const [name, value] of pairs) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    encoded.push([awsUriEncode(name), awsUriEncode(value)]);
  }
  encoded.sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv));
  return encoded.map(([n, v]) => `${n}=${v}`).join('&');
}

/** `name:value\n` for each signed header, values trimmed with inner runs of spaces collapsed. */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const value = headers[name] ?? '';
    out += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Edge compression ("Serve compressed files"): with Compress on, an origin answer of a listed content type, 1,000 to
// 10,000,000 bytes, status 200/403/404 and no Content-Encoding is compressed for a viewer that accepts it, Brotli
// over Gzip; the cache key already holds the normalized Accept-Encoding, so each encoding is its own entry.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { OriginResponse } from './origin-fetch.js';

/** "File types that CloudFront compresses" (the documented list, by media type). */
const COMPRESSIBLE = new Set([
  'application/dash+xml', 'application/eot', 'application/font', 'application/font-sfnt', 'application/javascript', 'application/json',
  'application/opentype', 'application/otf', 'application/pdf', 'application/pkcs7-mime', 'application/protobuf', 'application/rss+xml',
  'application/truetype', 'application/ttf', 'application/vnd.apple.mpegurl', 'application/vnd.mapbox-vector-tile', 'application/vnd.ms-fontobject',
  'application/wasm', 'application/xhtml+xml', 'application/xml', 'application/x-font-opentype', 'application/x-font-truetype', 'application/x-font-ttf',
  'application/x-httpd-cgi', 'application/x-javascript', 'application/x-mpegurl', 'application/x-opentype', 'application/x-otf', 'application/x-perl',
  'application/x-ttf', 'font/eot', 'font/opentype', 'font/otf', 'font/ttf', 'image/svg+xml', 'text/css', 'text/csv', 'text/html',
  'text/javascript', 'text/js', 'text/plain', 'text/richtext', 'text/tab-separated-values', 'text/xml', 'text/x-script', 'text/x-component',
  'text/x-java-source',
]);
const STATUSES = new Set([200, 403, 404]);
export const MIN_COMPRESS_BYTES = 1000;
export const MAX_COMPRESS_BYTES = 10_000_000;

/** Whether compressForViewer may compress an answer, judged from its head alone (a cache fill decides at the head
 *  whether to stream the body or read it whole first): only a missing or out-of-range Content-Length is unknown. */
export function mayCompress(status: number, headers: readonly [string, string][], accepted: string): boolean {
  if (accepted === '' || !STATUSES.has(status)) return false;
  let type: string | undefined;
  for (const [n, v] of headers) {
    if (n === 'content-encoding') return false;
    if (n === 'content-type') type = v.split(';')[0]!.trim().toLowerCase();
    if (n === 'content-length' && (Number(v) < MIN_COMPRESS_BYTES || Number(v) > MAX_COMPRESS_BYTES)) return false;
  }
  return type !== undefined && COMPRESSIBLE.has(type);
}

/** The answer as the viewer gets it: compressed when every condition holds, else unchanged. `accepted` is the
 *  normalized Accept-Encoding (`br,gzip`, `br`, `gzip` or ''). */
export function compressForViewer(r: OriginResponse, accepted: string): OriginResponse {
  if (accepted === '' || !STATUSES.has(r.status)) return r;
  if (r.body.length < MIN_COMPRESS_BYTES || r.body.length > MAX_COMPRESS_BYTES) return r;
  let type: string | undefined;
  for (const [n, v] of r.headers) {
    if (n === 'content-encoding') return r;
    if (n === 'content-type') type = v.split(';')[0]!.trim().toLowerCase();
  }
  if (type === undefined || !COMPRESSIBLE.has(type)) return r;
  const br = accepted.startsWith('br');
  // Brotli at a middle quality: the highest (11) costs tens of ms per 100 KB, too slow for a miss path.
  const body = br ? brotliCompressSync(r.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: r.body.length } }) : gzipSync(r.body);
  const headers = r.headers.filter(([n]) => n !== 'content-length' && n !== 'etag');
  // A strong ETag names the uncompressed bytes; CloudFront weakens it on compressed answers.
  const etag = r.headers.find(([n]) => n === 'etag')?.[1];
  if (etag) headers.push(['etag', etag.startsWith('W/') ? etag : `W/${etag}`]);
  headers.push(['content-encoding', br ? 'br' : 'gzip']);
  if (!headers.some(([n, v]) => n === 'vary' && /accept-encoding/i.test(v))) headers.push(['vary', 'Accept-Encoding']);
  return { status: r.status, headers, body };
}

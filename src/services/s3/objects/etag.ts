// S3 entity tags: the quoted hex MD5 of a body, and the multipart form `"md5(concatenated part md5s)-N"`.
// Also parses ETag lists from If-Match / If-None-Match headers for comparison.
import { createHash } from 'node:crypto';

/** `"<hex md5>"` from a raw MD5 digest. */
export function quotedEtag(md5: Buffer): string {
  return `"${md5.toString('hex')}"`;
}

/** The multipart ETag from the parts' ETags (quoted or not), in part order. */
export function multipartEtag(partEtags: readonly string[]): string {
  const h = createHash('md5');
  for (const etag of partEtags) h.update(Buffer.from(unquote(etag), 'hex'));
  return `"${h.digest('hex')}-${partEtags.length}"`;
}

export function unquote(etag: string): string {
  // Either quote may be missing and S3 still matches (If-Match "abc or abc"; issue 25, from an AWS-verified corpus).
  return etag.trim().replace(/^W\//, '').replace(/^"/, '').replace(/"$/, '');
}

/** True when an If-Match / If-None-Match value (`*`, one tag or a comma list, quotes optional) names `etag`. */
export function etagMatches(header: string, etag: string): boolean {
  const mine = unquote(etag);
  return header.split(',').some((candidate) => {
    const c = candidate.trim();
    return c === '*' || unquote(c) === mine;
  });
}

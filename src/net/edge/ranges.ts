// Range requests answered from the cache: CloudFront serves the requested part of a cached object itself ("How
// CloudFront processes partial requests for an object (range GETs)"), as a 206 with Content-Range, or a 416 when
// the range starts past the object. One range per request; anything else gets the whole object (RFC 9110 §14.2
// lets a server ignore a Range header it does not support).

export type RangeChoice = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

const WHOLE: RangeChoice = { kind: 'whole' };
const SINGLE = /^bytes=(\d*)-(\d*)$/;

/** What to answer for a Range header on an object of `size` bytes. `ifRange` (If-Range) must equal the object's
 *  ETag or Last-Modified for the range to apply, else the whole object goes out (RFC 9110 §13.1.5). */
export function chooseRange(range: string | undefined, size: number, ifRange?: string, etag?: string, lastModified?: string): RangeChoice {
  if (range === undefined) return WHOLE;
  if (ifRange !== undefined && ifRange !== etag && ifRange !== lastModified) return WHOLE;
  const m = SINGLE.exec(range.trim());
  if (!m) return WHOLE;
  const [, first, last] = m;
  if (first === '' && last === '') return WHOLE;
  if (first === '') {
    // A suffix range: the last N bytes.
    const n = Number(last);
    if (n === 0) return { kind: 'unsatisfiable' };
    return size === 0 ? { kind: 'unsatisfiable' } : { kind: 'part', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return WHOLE;
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}

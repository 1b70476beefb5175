// Decoding a chunked request body the proxy has read (the core itself forwards bodies as framed): for the data
// planes that judge or buffer a body (AWS WAF on an ALB, the CloudFront edge), from bytes already framed as complete.

/** Decodes as much of a chunked body as `raw` holds (the first bytes of it), ignoring extensions and trailers. */
export function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const eol = raw.indexOf('\r\n', at, 'latin1');
    if (eol < 0) break;
    const size = parseInt(raw.toString('latin1', at, eol).split(';')[0]!, 16);
    if (!Number.isFinite(size) || size <= 0) break;
    const start = eol + 2;
    parts.push(raw.subarray(start, Math.min(raw.length, start + size)));
    at = start + size + 2;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

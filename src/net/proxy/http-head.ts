// A head-only HTTP/1.1 parser for the proxy core: request and response heads (start line and header fields) are
// parsed from raw socket bytes; bodies are never parsed here, only framed (body-framing.ts) and streamed as sent.
export const MAX_HEAD_BYTES = 64 * 1024;

/** Bytes a proxy cannot read as HTTP/1.x: the connection they came on is closed, nothing else is affected. */
export class HttpParseError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'HttpParseError';
  }
}

export interface HttpHead {
  /** Request method (empty for a response). */
  method: string;
  /** Request target as sent (origin form `/path?query`, or absolute form). */
  target: string;
  /** Response status (0 for a request) and reason phrase. */
  status: number;
  reason: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  versionMinor: number;
  /** Header fields in arrival order, names as sent: [name0, value0, name1, value1, …]. */
  headers: string[];
  /** Content-Length, or -1 when absent. */
  contentLength: number;
  /** Transfer-Encoding ends in chunked. */
  chunked: boolean;
  /** The connection stays open after this message (HTTP/1.1 unless `close`; HTTP/1.0 only with `keep-alive`). */
  keepAlive: boolean;
  /** A Connection header was present (it is hop-by-hop, so a proxy re-writes the head). */
  hasConnectionHeader: boolean;
  /** Bytes of the head including the blank line. */
  length: number;
}

/** Index just past the `\r\n\r\n` ending a head that starts at `from`, or -1 while it is incomplete. */
export function findHeadEnd(buf: Buffer, from = 0): number {
  const at = buf.indexOf('\r\n\r\n', from, 'latin1');
  return at < 0 ? -1 : at + 4;
}

/** The value of a header (case-insensitive name in lower case), the first occurrence. */
export function headerValue(head: HttpHead, lowerName: string): string | undefined {
  const h = head.headers;
  for (let i = 0; i < h.length; i += 2) if (h[i]!.length === lowerName.length && h[i]!.toLowerCase() === lowerName) return h[i + 1];
  return undefined;
}

/** All values of a header, in order. */
export function headerValues(head: HttpHead, lowerName: string): string[] {
  const out: string[] = [];
  const h = head.headers;
  for (let i = 0; i < h.length; i += 2) if (h[i]!.toLowerCase() === lowerName) out.push(h[i + 1]!);
  return out;
}

// RFC 9110 token characters, for methods and field names.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values: visible ASCII, obs-text, space and tab; no control characters (CR/LF smuggling).
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;

function parseFields(text: string, firstLineEnd: number, head: HttpHead): void {
  let pos = firstLineEnd + 2;
  const end = text.length - 4;
  let contentLength = -1;
  let te: string | undefined;
  let connection = '';
  while (pos <= end) {
    let eol = text.indexOf('\r\n', pos);
    if (eol < 0 || eol > end) eol = end;
    if (eol === pos) break;
    const c0 = text.charCodeAt(pos);
    if (c0 === 32 || c0 === 9) throw new HttpParseError('obsolete line folding is not accepted');
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > eol) throw new HttpParseError('header line without a colon');
    const name = text.slice(pos, colon);
    if (!TOKEN.test(name)) throw new HttpParseError(`invalid header name '${name}'`);
    const value = text.slice(colon + 1, eol).trim();
    if (BAD_VALUE.test(value)) throw new HttpParseError(`invalid characters in header '${name}'`);
    head.headers.push(name, value);
    switch (name.length) {
      case 10:
        if (name.toLowerCase() === 'connection') {
          connection += `${value.toLowerCase()},`;
          head.hasConnectionHeader = true;
        }
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') {
          if (!/^\d{1,15}$/.test(value)) throw new HttpParseError('invalid Content-Length');
          const n = Number(value);
          if (contentLength >= 0 && contentLength !== n) throw new HttpParseError('conflicting Content-Length headers');
          contentLength = n;
        }
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') te = te === undefined ? value.toLowerCase() : `${te}, ${value.toLowerCase()}`;
        break;
      default:
        break;
    }
    pos = eol + 2;
  }
  if (te !== undefined) {
    // Transfer-Encoding with Content-Length is how requests are smuggled (RFC 9112 §6.1): refused.
    if (contentLength >= 0) throw new HttpParseError('both Transfer-Encoding and Content-Length');
    const codings = te.split(',').map((s) => s.trim());
    if (codings[codings.length - 1] !== 'chunked') throw new HttpParseError('unsupported Transfer-Encoding', 501);
    head.chunked = true;
  }
  head.contentLength = contentLength;
  head.keepAlive = head.versionMinor === 1 ? !/(^|[\s,])close\s*,/.test(connection) : /(^|[\s,])keep-alive\s*,/.test(connection);
}

function emptyHead(length: number): HttpHead {
  return { method: '', target: '', status: 0, reason: '', versionMinor: 1, headers: [], contentLength: -1, chunked: false, keepAlive: true, hasConnectionHeader: false, length };
}

function parseVersion(v: string): number {
  if (v === 'HTTP/1.1') return 1;
  if (v === 'HTTP/1.0') return 0;
  throw new HttpParseError(`unsupported protocol version '${v}'`, /^HTTP\/\d\.\d$/.test(v) ? 505 : 400);
}

/** Parses a request head occupying buf[0, end) (end from findHeadEnd). */
export function parseRequestHead(buf: Buffer, end: number): HttpHead {
  const text = buf.toString('latin1', 0, end);
  const lineEnd = text.indexOf('\r\n');
  const line = text.slice(0, lineEnd);
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) throw new HttpParseError('malformed request line');
  const head = emptyHead(end);
  head.method = line.slice(0, sp1);
  head.target = line.slice(sp1 + 1, sp2);
  if (!TOKEN.test(head.method)) throw new HttpParseError('invalid method');
  if (!TARGET.test(head.target)) throw new HttpParseError('invalid request target');
  head.versionMinor = parseVersion(line.slice(sp2 + 1));
  parseFields(text, lineEnd, head);
  return head;
}

/** Parses a response head occupying buf[0, end). */
export function parseResponseHead(buf: Buffer, end: number): HttpHead {
  const text = buf.toString('latin1', 0, end);
  const lineEnd = text.indexOf('\r\n');
  const line = text.slice(0, lineEnd);
  const m = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(line);
  if (!m) throw new HttpParseError('malformed status line', 502);
  const head = emptyHead(end);
  head.versionMinor = parseVersion(m[1]!);
  head.status = Number(m[2]);
  head.reason = m[3] ?? '';
  try {
    parseFields(text, lineEnd, head);
  } catch (e) {
    throw new HttpParseError((e as Error).message, 502);
  }
  return head;
}

// Hop-by-hop fields (RFC 9110 §7.6.1) a proxy never forwards.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'upgrade', 'trailer']);

export interface HeadEdits {
  /** Replaces the Host header's value. */
  host?: string;
  /** Lower-case names to drop (besides hop-by-hop ones). */
  remove?: ReadonlySet<string>;
  /** Fields appended after the kept ones, as [name, value, name, value, …]. */
  append?: readonly string[];
}

function namesListedIn(head: HttpHead): Set<string> | undefined {
  if (!head.hasConnectionHeader) return undefined;
  const out = new Set<string>();
  const h = head.headers;
  for (let i = 0; i < h.length; i += 2) {
    if (h[i]!.toLowerCase() === 'connection') for (const t of h[i + 1]!.split(',')) out.add(t.trim().toLowerCase());
  }
  return out;
}

// Lengths of names that may need dropping: only those are lower-cased and looked up (most fields are kept as sent,
// and lower-casing every name of every message is measurable at proxy rates).
const HOP_LENGTHS = [2, 7, 10, 16];

function fieldLines(head: HttpHead, edits: HeadEdits): string {
  let out = '';
  const listed = namesListedIn(head);
  const lengths = new Uint8Array(64);
  for (const n of HOP_LENGTHS) lengths[n] = 1;
  if (listed) for (const n of listed) if (n.length < 64) lengths[n.length] = 1;
  if (edits.remove) for (const n of edits.remove) if (n.length < 64) lengths[n.length] = 1;
  if (edits.host !== undefined) lengths[4] = 1;
  const h = head.headers;
  for (let i = 0; i < h.length; i += 2) {
    const name = h[i]!;
    if (name.length >= 64 || lengths[name.length] === 1) {
      const lower = name.toLowerCase();
      if (HOP_BY_HOP.has(lower) || listed?.has(lower) || edits.remove?.has(lower)) continue;
      if (edits.host !== undefined && lower === 'host') continue;
    }
    out += `${name}: ${h[i + 1]}\r\n`;
  }
  if (edits.host !== undefined) out = `Host: ${edits.host}\r\n${out}`;
  const a = edits.append;
  if (a) for (let i = 0; i < a.length; i += 2) out += `${a[i]}: ${a[i + 1]}\r\n`;
  return out;
}

/** The head to send upstream: HTTP/1.1 (keep-alive), hop-by-hop fields dropped, edits applied; the body's own
 *  framing (Content-Length or chunked) is kept, because the body is streamed as the client sent it. */
export function buildRequestHead(head: HttpHead, edits: HeadEdits = {}): string {
  return `${head.method} ${head.target} HTTP/1.1\r\n${fieldLines(head, edits)}\r\n`;
}

/** A response head for the client: the upstream's status and fields minus hop-by-hop ones, plus appended fields;
 *  `close` adds `Connection: close` when the client connection ends after this response. */
export function buildResponseHead(head: HttpHead, edits: HeadEdits = {}, close = false): string {
  return `HTTP/1.1 ${head.status} ${head.reason}\r\n${fieldLines(head, edits)}${close ? 'Connection: close\r\n' : ''}\r\n`;
}

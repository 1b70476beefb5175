// Makes client-chosen header values (GetObject's response-* overrides) safe to send: control characters (CR/LF
// header injection) are refused, characters beyond Latin-1 are encoded (RFC 8187 filename* for Content-Disposition).
import { invalidArgument } from '../s3-errors.js';

/** Control characters no header value may carry (RFC 9110 §5.5): CR and LF would start a new header. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/** RFC 8187 ext-value: UTF-8, percent-encoded except attr-chars. */
function extValue(text: string): string {
  return `UTF-8''${encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * A Content-Disposition with characters beyond Latin-1 (`attachment; filename="日本.txt"`): the filename is sent as
 * RFC 6266 `filename*=UTF-8''…` with an ASCII fallback `filename`; any other such text is percent-encoded.
 */
export function encodeContentDisposition(value: string): string {
  if (!BEYOND_LATIN1.test(value)) return value;
  const m = /^([^;]*);\s*filename\s*=\s*"?([^";]*)"?\s*$/i.exec(value);
  if (m) {
    const fallback = m[2]!.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return `${m[1]!.trim()}; filename="${fallback}"; filename*=${extValue(m[2]!)}`;
  }
  return value.replace(/[^\x00-\xff]+/g, (run) => encodeURIComponent(run));
}

/** RFC 2047 encoded-word, as S3 returns non-ASCII metadata values. */
function encodedWord(value: string): string {
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** Checks and encodes one response-* override; `parameter` names it in the error (e.g. response-content-type). */
export function safeOverride(parameter: string, value: string): string {
  if (CONTROL.test(value)) throw invalidArgument(`Header value of ${parameter} contains characters that are not allowed.`, parameter, value);
  if (!BEYOND_LATIN1.test(value)) return value;
  return parameter === 'response-content-disposition' ? encodeContentDisposition(value) : encodedWord(value);
}

// Well-formed UTF-8 checks for what clients send: bodies (JSON, XML, forms) and percent-encoded URI parts. AWS
// refuses ill-formed UTF-8 with each protocol's error instead of storing U+FFFD or Latin-1 guesses.
import { AwsError } from '../../core/aws-error.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text, or undefined when they are not well-formed UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** True when every well-formed %XX escape run in `s` decodes to well-formed UTF-8 (malformed escapes are not judged). */
export function escapesAreUtf8(s: string): boolean {
  if (!s.includes('%')) return true;
  // Escapes of ASCII bytes (%00–%7F, such as a timestamp's %3A) are well-formed on their own: only runs holding a
  // byte from %80 up need decoding.
  if (!/%[89A-Fa-f][0-9A-Fa-f]/.test(s)) return true;
  const runs = s.match(/(?:%[0-9A-Fa-f]{2})+/g) ?? [];
  return runs.every((run) => strictUtf8(Buffer.from(run.replace(/%/g, ''), 'hex')) !== undefined);
}

/**
 * The query protocol's answer to an ill-formed query string or form body: AWS's common error MalformedQueryString
 * "The query string contains a syntax error.", whose documented status is 404 (AWS API references, Common Errors).
 */
export function malformedQueryString(): AwsError {
  return new AwsError('MalformedQueryString', 'The query string contains a syntax error.', { status: 404 });
}

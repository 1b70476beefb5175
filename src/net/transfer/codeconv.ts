// Code conversion and record blocking for text transfers: iconv-lite between Shift_JIS, EUC-JP, UTF-8 and GB18030,
// kumo's own IBM Kanji tables for EBCDIC (ebcdic-kanji.ts); line ends normalised to the code set's line feed on the
// wire and written in the receiver's convention; binary passes untouched.
import iconv from 'iconv-lite';
import { decodeIbmKanji, encodeIbmKanji } from './ebcdic-kanji.js';
import { Status, TransferError } from './status.js';

/**
 * KCODETYPE letters (research §3.3) → iconv-lite encodings. `I` (IBM Kanji) is IBM-939, the Japan (Latin) set of
 * z/OS and IBM i; JEF (J), KEIS (K), NEC (N) and C have no table and are refused with status 505.
 */
const CODE_SETS: Record<string, string> = { S: 'shift_jis', E: 'euc-jp', '8': 'utf-8', G: 'gb18030', I: 'ibm-939' };
export const SUPPORTED_CODE_SETS = Object.keys(CODE_SETS);

/** EBCDIC code sets end records with NL (0x15), which IBM's converters map to and from U+000A. */
export function lineFeedOf(kcodetype: string): number {
  return kcodetype.toUpperCase() === 'I' ? 0x15 : 0x0a;
}

export function isEbcdic(kcodetype: string): boolean {
  return kcodetype.toUpperCase() === 'I';
}

function decode(buf: Buffer, encoding: string): string {
  return encoding === 'ibm-939' ? decodeIbmKanji(buf, 'ibm-939') : iconv.decode(buf, encoding);
}

function encode(text: string, encoding: string): Buffer {
  return encoding === 'ibm-939' ? encodeIbmKanji(text, 'ibm-939') : iconv.encode(text, encoding);
}

export function encodingOf(kcodetype: string): string {
  const enc = CODE_SETS[kcodetype.toUpperCase()];
  if (!enc) {
    throw new TransferError(Status.CODE_CONVERSION, 0, `code set ${kcodetype} is not supported (supported: ${SUPPORTED_CODE_SETS.join(', ')})`);
  }
  return enc;
}

const CR = 0x0d;
const LF = 0x0a;

/** Drops the CR of each CRLF, so text records travel LF-terminated. */
export function stripCr(buf: Buffer): Buffer {
  if (!buf.includes(CR)) return buf;
  const out = Buffer.allocUnsafe(buf.length);
  let o = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === CR && buf[i + 1] === LF) continue;
    out[o++] = b;
  }
  return out.subarray(0, o);
}

/** LF → CRLF for a receiver that keeps CRLF text. LF (0x0A) is never a trail byte in the supported code sets. */
export function toCrlf(buf: Buffer): Buffer {
  let n = 0;
  for (const b of buf) if (b === LF) n++;
  if (n === 0) return buf;
  const out = Buffer.allocUnsafe(buf.length + n);
  let o = 0;
  for (const b of buf) {
    if (b === LF) out[o++] = CR;
    out[o++] = b;
  }
  return out;
}

/** Converts whole records from one code set letter to another; the same letter is a no-op. */
export function convertText(buf: Buffer, from: string, to: string): Buffer {
  if (from.toUpperCase() === to.toUpperCase()) return buf;
  return encode(decode(buf, encodingOf(from)), encodingOf(to));
}

export function countRecords(buf: Buffer, lineFeed = LF): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(lineFeed, i + 1)) !== -1) n++;
  return n;
}

/**
 * Cuts a byte stream into blocks of about `blockLen` bytes. For text, blocks end on a record (LF) boundary so each
 * block converts on its own and a resend can restart at any block; a record longer than a block makes a longer block.
 */
export async function* blocks(source: AsyncIterable<Buffer>, blockLen: number, text: boolean, lineFeed = LF): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    pending.push(chunk);
    size += chunk.length;
    while (size >= blockLen) {
      const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
      let cut = blockLen;
      if (text) {
        const lf = buf.lastIndexOf(lineFeed, blockLen - 1);
        if (lf >= 0) cut = lf + 1;
        else {
          const next = buf.indexOf(lineFeed, blockLen);
          if (next < 0) {
            pending = [buf];
            break;
          }
          cut = next + 1;
        }
      }
      yield buf.subarray(0, cut);
      const rest = buf.subarray(cut);
      pending = rest.length > 0 ? [rest] : [];
      size = rest.length;
    }
  }
  if (size > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
}

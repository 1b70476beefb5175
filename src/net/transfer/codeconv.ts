// Code conversion and record blocking for text transfers: iconv-lite between Shift_JIS, EUC-JP, UTF-8 and GB18030,
// line ends normalised to LF on the wire and written in the receiver's convention; binary passes untouched.
import iconv from 'iconv-lite';
import { Status, TransferError } from './status.js';

/** KCODETYPE letters (research §3.3) → iconv-lite encodings. EBCDIC sets (I, J, K, N, C) have no table here. */
const CODE_SETS: Record<string, string> = { S: 'shift_jis', E: 'euc-jp', '8': 'utf-8', G: 'gb18030' };
export const SUPPORTED_CODE_SETS = Object.keys(CODE_SETS);

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
  const text = iconv.decode(buf, encodingOf(from));
  return iconv.encode(text, encodingOf(to));
}

export function countRecords(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(LF, i + 1)) !== -1) n++;
  return n;
}

/**
 * Cuts a byte stream into blocks of about `blockLen` bytes. For text, blocks end on a record (LF) boundary so each
 * block converts on its own and a resend can restart at any block; a record longer than a block makes a longer block.
 */
export async function* blocks(source: AsyncIterable<Buffer>, blockLen: number, text: boolean): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    pending.push(chunk);
    size += chunk.length;
    while (size >= blockLen) {
      const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
      let cut = blockLen;
      if (text) {
        const lf = buf.lastIndexOf(LF, blockLen - 1);
        if (lf >= 0) cut = lf + 1;
        else {
          const next = buf.indexOf(LF, blockLen);
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

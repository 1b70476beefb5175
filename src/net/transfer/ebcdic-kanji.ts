// IBM Kanji (EBCDIC) code pages IBM-930 (Katakana-Kanji) and IBM-939 (Latin-Kanji), which iconv-lite lacks: single
// bytes in SBCS mode, byte pairs between SO (0x0E) and SI (0x0F) in DBCS mode. Tables in data/ebcdic/ are generated
// from the JDK's IBM930/IBM939 charsets by scripts/ebcdic/GenerateTables.java.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';

const SO = 0x0e;
const SI = 0x0f;
const UNMAPPED = 0xffff;
/** What an unmappable character becomes, as IBM's converters substitute: SBCS SUB (0x3F), DBCS 0xFEFE. */
const SBCS_SUB = 0x3f;
const DBCS_SUB = 0xfefe;

export type IbmKanjiPage = 'ibm-930' | 'ibm-939';

interface Tables {
  /** byte → UTF-16 code unit (0xFFFF unmapped). */
  sbcs: Uint16Array;
  /** ((lead - 0x40) << 8 | trail) → code unit. */
  dbcs: Uint16Array;
  /** code unit → SBCS byte, or DBCS pair | 0x10000 (so 0 means unmapped for both). */
  encode: Uint32Array;
}

const loaded = new Map<IbmKanjiPage, Tables>();

function bigEndian(buf: Buffer): Uint16Array {
  const out = new Uint16Array(buf.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt16BE(i * 2);
  return out;
}

function tables(page: IbmKanjiPage): Tables {
  let t = loaded.get(page);
  if (t) return t;
  const dir = join(packageRoot(), 'data', 'ebcdic');
  const sbcs = bigEndian(readFileSync(join(dir, `${page}-sbcs.bin`)));
  const dbcs = bigEndian(readFileSync(join(dir, `${page}-dbcs.bin`)));
  const encode = new Uint32Array(0x10000);
  // DBCS first, then SBCS over it: a character in both (none in practice but the space) goes as one byte.
  for (let i = dbcs.length - 1; i >= 0; i--) {
    const u = dbcs[i]!;
    if (u !== UNMAPPED) encode[u] = 0x10000 | (((i >> 8) + 0x40) << 8) | (i & 0xff);
  }
  for (let b = 255; b >= 0; b--) {
    const u = sbcs[b]!;
    if (u !== UNMAPPED && !(b === 0 && u !== 0)) encode[u] = b;
  }
  encode[0] = 0; // NUL is byte 0x00 in SBCS (encode[] 0 means "unmapped" only for non-NUL characters)
  t = { sbcs, dbcs, encode };
  loaded.set(page, t);
  return t;
}

/** Decodes IBM Kanji bytes to a string; unmapped bytes become U+FFFD, an odd byte before SI is dropped as FFFD. */
export function decodeIbmKanji(buf: Buffer, page: IbmKanjiPage): string {
  const { sbcs, dbcs } = tables(page);
  let out = '';
  let double = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === SO) {
      double = true;
      continue;
    }
    if (b === SI) {
      double = false;
      continue;
    }
    if (!double) {
      const u = sbcs[b]!;
      out += u === UNMAPPED ? '\ufffd' : String.fromCharCode(u);
      continue;
    }
    const trail = buf[i + 1];
    if (trail === undefined || trail === SI || b < 0x40) {
      out += '\ufffd';
      continue;
    }
    i++;
    const u = dbcs[((b - 0x40) << 8) | trail]!;
    out += u === UNMAPPED ? '\ufffd' : String.fromCharCode(u);
  }
  return out;
}

/** Encodes a string as IBM Kanji: DBCS runs wrapped in SO … SI; unmappable characters become SUB. */
export function encodeIbmKanji(text: string, page: IbmKanjiPage): Buffer {
  const { encode } = tables(page);
  const out = Buffer.allocUnsafe(text.length * 3 + 2);
  let o = 0;
  let double = false;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const e = u === 0 ? 0 : encode[u]!;
    const mapped = u === 0 || e !== 0;
    const isDouble = mapped ? e > 0xffff : !(u < 0x80);
    if (isDouble !== double) {
      out[o++] = isDouble ? SO : SI;
      double = isDouble;
    }
    if (!mapped) {
      if (isDouble) {
        out[o++] = DBCS_SUB >> 8;
        out[o++] = DBCS_SUB & 0xff;
      } else out[o++] = SBCS_SUB;
      // A surrogate pair is one character: one substitute for both halves.
      if (u >= 0xd800 && u <= 0xdbff) i++;
    } else if (isDouble) {
      out[o++] = (e >> 8) & 0xff;
      out[o++] = e & 0xff;
    } else out[o++] = e;
  }
  if (double) out[o++] = SI;
  return out.subarray(0, o);
}

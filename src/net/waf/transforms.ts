// The 21 WAF text transformations ("Text transformation options" in the AWS WAF developer guide), applied in
// ascending Priority before a statement inspects a component. Pure string → string functions, table-tested.
import { createHash } from 'node:crypto';
import type { TextTransformation, TextTransformationType } from '../../generated/wafv2/api.js';

const WS = /[ \t\n\r\f\v\u00a0]+/g;

function compressWhiteSpace(s: string): string {
  return s.replace(WS, ' ');
}

const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', apos: "'", colon: ':', tab: '\t', newline: '\n', sol: '/', lpar: '(', rpar: ')', semi: ';', comma: ',', period: '.', equals: '=', excl: '!', num: '#', bsol: '\\', grave: '`' };

function fromCode(n: number): string {
  return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

function htmlEntityDecode(s: string): string {
  if (!s.includes('&')) return s;
  // Numeric references with or without their semicolon, as browsers (and AWS's decoder) accept them.
  return s.replace(/&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,8});?|([a-zA-Z]{2,8});)/g, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return fromCode(parseInt(hex, 16));
    if (dec !== undefined) return fromCode(parseInt(dec, 10));
    const v = NAMED[name!.toLowerCase()];
    return v ?? m;
  });
}

function cmdLine(s: string): string {
  // Delete \ " ' ^, delete spaces before / or (, replace , and ; by a space, compress whitespace, lowercase.
  let t = s.replace(/[\\"'^]/g, '');
  t = t.replace(/[ \t\n\r\f\v]+(?=[/(])/g, '');
  t = t.replace(/[,;]/g, ' ');
  return compressWhiteSpace(t).toLowerCase();
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** %XX (and + as space); invalid escapes are kept as they are. `uni` adds IIS's %uHHHH. Bytes decode as UTF-8. */
function urlDecode(s: string, uni: boolean): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 37 /* % */) {
      if (uni && (s[i + 1] === 'u' || s[i + 1] === 'U') && i + 5 < s.length) {
        const h = s.slice(i + 2, i + 6);
        if (/^[0-9a-fA-F]{4}$/.test(h)) {
          flush();
          out += String.fromCharCode(parseInt(h, 16));
          i += 5;
          continue;
        }
      }
      const a = hexVal(s.charCodeAt(i + 1));
      const b = hexVal(s.charCodeAt(i + 2));
      if (a >= 0 && b >= 0) {
        bytes.push(a * 16 + b);
        i += 2;
        continue;
      }
    }
    flush();
    out += ch === 43 ? ' ' : s[i];
  }
  flush();
  return out;
}

function base64Decode(s: string, ext: boolean): string {
  const t = ext ? s.replace(/[^A-Za-z0-9+/]/g, '') : s.trim();
  if (!ext && !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return s;
  return Buffer.from(t, 'base64').toString('latin1');
}

function hexDecode(s: string): string {
  const t = s.length % 2 === 0 ? s : s.slice(0, -1);
  if (!/^[0-9a-fA-F]*$/.test(t)) return s;
  return Buffer.from(t, 'hex').toString('latin1');
}

function replaceComments(s: string): string {
  if (!s.includes('/*')) return s;
  return s.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
}

const C_ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '?': '?', "'": "'", '"': '"' };

function escapeSeqDecode(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (m, e: string) => {
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return C_ESC[e] ?? e;
  });
}

function sqlHexDecode(s: string): string {
  return s.replace(/0x((?:[0-9a-fA-F]{2})+)/g, (_m, h: string) => Buffer.from(h, 'hex').toString('latin1'));
}

function cssDecode(s: string): string {
  if (!s.includes('\\')) return s;
  // CSS 2.x: \ followed by 1–6 hex digits (and one optional whitespace), or \ followed by any other character.
  return s.replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)/gs, (_m, h: string | undefined, c: string | undefined) => (h !== undefined ? fromCode(parseInt(h, 16)) : c!));
}

function jsDecode(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    if (e[0] === 'u' && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return C_ESC[e] ?? e;
  });
}

function normalizePath(s: string): string {
  if (s === '') return s;
  const absolute = s.startsWith('/');
  const trailing = s.endsWith('/') || s.endsWith('/.') || s.endsWith('/..');
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  let r = (absolute ? '/' : '') + out.join('/');
  if (trailing && !r.endsWith('/')) r += '/';
  return r;
}

function utf8ToUnicode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp < 0x80 ? ch : `%u${(cp > 0xffff ? 0xfffd : cp).toString(16).padStart(4, '0')}`;
  }
  return out;
}

export const TRANSFORMS: Record<TextTransformationType, (s: string) => string> = {
  NONE: (s) => s,
  COMPRESS_WHITE_SPACE: compressWhiteSpace,
  HTML_ENTITY_DECODE: htmlEntityDecode,
  LOWERCASE: (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase()),
  CMD_LINE: cmdLine,
  URL_DECODE: (s) => urlDecode(s, false),
  BASE64_DECODE: (s) => base64Decode(s, false),
  HEX_DECODE: hexDecode,
  MD5: (s) => createHash('md5').update(s, 'latin1').digest().toString('latin1'),
  REPLACE_COMMENTS: replaceComments,
  ESCAPE_SEQ_DECODE: escapeSeqDecode,
  SQL_HEX_DECODE: sqlHexDecode,
  CSS_DECODE: cssDecode,
  JS_DECODE: jsDecode,
  NORMALIZE_PATH: normalizePath,
  NORMALIZE_PATH_WIN: (s) => normalizePath(s.replaceAll('\\', '/')),
  REMOVE_NULLS: (s) => s.replaceAll('\0', ''),
  REPLACE_NULLS: (s) => s.replaceAll('\0', ' '),
  BASE64_DECODE_EXT: (s) => base64Decode(s, true),
  URL_DECODE_UNI: (s) => urlDecode(s, true),
  UTF8_TO_UNICODE: utf8ToUnicode,
};

/** Applies the transformations in ascending Priority (AWS runs them lowest number first). */
export function transform(value: string, list: readonly TextTransformation[]): string {
  if (list.length === 0) return value;
  let v = value;
  const ordered = list.length === 1 ? list : [...list].sort((a, b) => a.Priority - b.Priority);
  for (const t of ordered) v = TRANSFORMS[t.Type](v);
  return v;
}

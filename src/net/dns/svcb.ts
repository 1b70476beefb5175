// SVCB and HTTPS records (RFC 9460), which Route 53 accepts since 2024: the presentation form Route 53 takes as a
// value ("1 . alpn=h3,h2 port=8443") checked by the RFC's rules, and its RDATA wire form (dns-packet has no codec).
import { isIPv4, isIPv6 } from 'node:net';
import { encodeName, encodeRecordTail } from './wire.js';

/** SvcParamKeys by name (RFC 9460 §14.3.2; dohpath RFC 9461, ohttp RFC 9540); others are written keyNNNNN. */
const KEYS: Readonly<Record<string, number>> = { mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6, dohpath: 7, ohttp: 8 };

export interface SvcbValue {
  priority: number;
  /** Lower case, no trailing dot; '' is the root ("." in the value: the owner name itself in ServiceMode). */
  target: string;
  /** Each parameter's wire value, by key number. */
  params: Map<number, Buffer>;
}

/** Splits a value into fields at unquoted blanks; quotes group, a backslash escapes the next character (RFC 1035 §5.1). */
function fields(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let started = false;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      // Kept escaped for the value-list splitter (alpn="h2\,x" is one id "h2,x").
      cur += c + value[++i]!;
      started = true;
    } else if (c === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += c;
      started = true;
    }
  }
  if (quoted) throw new Error('unterminated quoted string');
  if (started) out.push(cur);
  return out;
}

/** A character-string's bytes (RFC 1035 §5.1): `\DDD` is the byte DDD, `\x` is x; other characters are UTF-8. */
function charString(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && /^\d{3}$/.test(text.slice(i + 1, i + 4))) {
      const n = Number(text.slice(i + 1, i + 4));
      if (n > 255) throw new Error(`escape \\${text.slice(i + 1, i + 4)} is not a byte`);
      out.push(n);
      i += 3;
    } else if (c === '\\' && i + 1 < text.length) out.push(...Buffer.from(text[++i]!, 'utf8'));
    else out.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(out);
}

/**
 * A value list (RFC 9460 Appendix A.1): the character-string is decoded first, then its unescaped commas separate
 * the items and a backslash keeps the next byte (so `"f\\\\oo\\,bar,h2"` is the two items `f\oo,bar` and `h2`).
 */
function valueListBytes(text: string): Buffer[] {
  const s = charString(text);
  const items: Buffer[] = [];
  let cur: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const b = s[i]!;
    if (b === 0x5c && i + 1 < s.length) cur.push(s[++i]!);
    else if (b === 0x2c) {
      items.push(Buffer.from(cur));
      cur = [];
    } else cur.push(b);
  }
  items.push(Buffer.from(cur));
  return items;
}

function valueList(text: string): string[] {
  return valueListBytes(text).map((b) => b.toString('latin1'));
}

function keyNumber(name: string): number {
  const known = KEYS[name];
  if (known !== undefined) return known;
  const m = /^key(\d{1,5})$/.exec(name);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 65534)) throw new Error(`unknown SvcParamKey ${name}`);
  return n;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** One parameter's wire value from its presentation value (undefined: the key was written without `=`). */
function paramValue(key: number, name: string, text: string | undefined): Buffer {
  const need = (): string => {
    if (text === undefined || text === '') throw new Error(`SvcParam ${name} needs a value`);
    return text;
  };
  switch (key) {
    case 0: {
      const keys = valueList(need()).map(keyNumber);
      if (keys.includes(0)) throw new Error('mandatory must not list mandatory');
      if (new Set(keys).size !== keys.length) throw new Error('mandatory lists a key twice');
      return Buffer.concat(keys.sort((a, b) => a - b).map(u16));
    }
    case 1: {
      const ids = valueListBytes(need());
      if (ids.some((id) => id.length === 0 || id.length > 255)) throw new Error('alpn ids must be 1 to 255 bytes');
      return Buffer.concat(ids.flatMap((id) => [Buffer.from([id.length]), id]));
    }
    case 2:
      if (text !== undefined) throw new Error('no-default-alpn takes no value');
      return Buffer.alloc(0);
    case 3: {
      const port = Number(need());
      if (!/^\d+$/.test(need()) || port > 65535) throw new Error(`port ${need()} is not 0 to 65535`);
      return u16(port);
    }
    case 4:
      return Buffer.concat(
        valueList(need()).map((a) => {
          if (!isIPv4(a)) throw new Error(`ipv4hint ${a} is not an IPv4 address`);
          return Buffer.from(a.split('.').map(Number));
        }),
      );
    case 6:
      return Buffer.concat(
        valueList(need()).map((a) => {
          if (!isIPv6(a)) throw new Error(`ipv6hint ${a} is not an IPv6 address`);
          return encodeRecordTail('AAAA', 0, a).subarray(-16); // dns-packet's IPv6 encoder
        }),
      );
    case 5:
    case 8: {
      const b64 = need();
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new Error(`${name} is not base64`);
      return Buffer.from(b64, 'base64');
    }
    default:
      return charString(text ?? '');
  }
}

/**
 * Reads an SVCB/HTTPS value: priority (0 is AliasMode), target name, then `key[=value]` parameters, each key once.
 * Checks RFC 9460's self-consistency rules: mandatory keys present (§8), no-default-alpn only beside alpn (§7.1.1).
 * Throws an Error whose message says what is wrong.
 */
export function parseSvcb(value: string): SvcbValue {
  const f = fields(value.trim());
  if (f.length < 2) throw new Error('expected a priority and a target name');
  if (!/^\d+$/.test(f[0]!) || Number(f[0]) > 65535) throw new Error(`priority ${f[0]} is not 0 to 65535`);
  const priority = Number(f[0]);
  const target = charString(f[1]!).toString('latin1').toLowerCase().replace(/\.$/, '');
  if (target.split('.').some((l, i, all) => (l === '' && !(all.length === 1)) || l.length > 63)) throw new Error(`target ${f[1]} is not a domain name`);
  const params = new Map<number, Buffer>();
  for (const p of f.slice(2)) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).toLowerCase();
    const key = keyNumber(name);
    if (params.has(key)) throw new Error(`SvcParam ${name} appears twice`);
    params.set(key, paramValue(key, name, eq < 0 ? undefined : p.slice(eq + 1)));
  }
  const mandatory = params.get(0);
  for (let i = 0; mandatory && i < mandatory.length; i += 2) {
    const k = mandatory.readUInt16BE(i);
    if (!params.has(k)) throw new Error(`mandatory key ${k} is missing`);
  }
  if (params.has(2) && !params.has(1)) throw new Error('no-default-alpn needs alpn');
  return { priority, target, params };
}

/** RDATA: SvcPriority, TargetName uncompressed (RFC 9460 §2.2), then each SvcParam in increasing key order. */
export function encodeSvcb(v: SvcbValue): Buffer {
  const parts: Buffer[] = [u16(v.priority), encodeName(v.target)];
  for (const key of [...v.params.keys()].sort((a, b) => a - b)) {
    const value = v.params.get(key)!;
    parts.push(u16(key), u16(value.length), value);
  }
  return Buffer.concat(parts);
}

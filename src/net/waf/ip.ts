// IPv4/IPv6 addresses and CIDR blocks as bigints, for IP sets, reputation lists and the geo table: parse, contain,
// and a sorted-prefix set whose lookup costs one probe per distinct prefix length.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

export function parseIp(text: string): { v6: boolean; value: bigint } | undefined {
  let s = text.trim();
  if (s.startsWith('::ffff:') && isIPv4(s.slice(7))) s = s.slice(7);
  if (isIPv4(s)) {
    const p = s.split('.').map(Number);
    return { v6: false, value: BigInt(((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!) };
  }
  if (!isIPv6(s)) return undefined;
  let head = s;
  let tailV4: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tailV4 = s.slice(lastColon + 1).split('.').map(Number);
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const [l, r] = head.split('::') as [string, string | undefined];
  const left = l === '' ? [] : l.split(':');
  const right = r === undefined ? [] : r === '' ? [] : r.split(':');
  const groups = r === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(parseInt(g, 16));
  if (tailV4) v = (v & ~0xffffffffn) | BigInt(((tailV4[0]! << 24) >>> 0) + (tailV4[1]! << 16) + (tailV4[2]! << 8) + tailV4[3]!);
  return { v6: true, value: v };
}

/** "192.0.2.0/24" or "2001:db8::/32"; WAF IP sets need the prefix length (IPSet Addresses reference). */
export function parseCidr(text: string, requirePrefix = true): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 && requirePrefix) return undefined;
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const max = ip.v6 ? 128 : 32;
  let bits = max;
  if (slash >= 0) {
    const b = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b)) return undefined;
    bits = Number(b);
    if (bits < (ip.v6 ? 1 : 1) || bits > max) return undefined;
  }
  const shift = BigInt(max - bits);
  return { v6: ip.v6, base: (ip.value >> shift) << shift, bits };
}

/** A set of CIDR blocks, each mapped to a value (a country code, a list name, true). */
export class CidrSet<V = true> {
  private readonly byLen: { v6: boolean; bits: number; map: Map<bigint, V> }[] = [];

  add(c: Cidr, value: V): void {
    let slot = this.byLen.find((s) => s.v6 === c.v6 && s.bits === c.bits);
    if (!slot) {
      slot = { v6: c.v6, bits: c.bits, map: new Map() };
      this.byLen.push(slot);
      // Longest prefix first, so lookup answers the most specific block.
      this.byLen.sort((a, b) => b.bits - a.bits);
    }
    if (!slot.map.has(c.base)) slot.map.set(c.base, value);
  }

  get size(): number {
    return this.byLen.reduce((n, s) => n + s.map.size, 0);
  }

  lookup(ip: { v6: boolean; value: bigint } | undefined): V | undefined {
    if (!ip) return undefined;
    for (const s of this.byLen) {
      if (s.v6 !== ip.v6) continue;
      const shift = BigInt((ip.v6 ? 128 : 32) - s.bits);
      const v = s.map.get((ip.value >> shift) << shift);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

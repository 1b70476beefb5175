// IPv6 address and CIDR arithmetic for EC2's IPv6 blocks (VPC /56 from Amazon's pool, subnet /64, instance
// addresses): 128-bit values as bigint, parsed with node:net's checker and written in RFC 5952 compressed form.
import { isIPv6 } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface Cidr6 {
  readonly base: bigint;
  readonly prefix: number;
  readonly text: string;
}

const ALL = (1n << 128n) - 1n;

export function parseIpv6(text: string): bigint | undefined {
  if (!isIPv6(text) || text.includes('.') || text.includes('%')) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** RFC 5952: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const mask = (prefix: number): bigint => (prefix === 0 ? 0n : (ALL << BigInt(128 - prefix)) & ALL);

/** Parses "addr/n"; `strict` refuses host bits, as EC2 does for VPC and subnet blocks. */
export function parseCidr6(text: string, strict = false): Cidr6 | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv6(text.slice(0, slash));
  const p = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(p) || Number(p) > 128) return undefined;
  const prefix = Number(p);
  const base = address & mask(prefix);
  if (strict && base !== address) return undefined;
  return { base, prefix, text: `${formatIpv6(base)}/${prefix}` };
}

export function containsCidr6(outer: Cidr6, inner: Cidr6): boolean {
  return inner.prefix >= outer.prefix && (inner.base & mask(outer.prefix)) === outer.base;
}

export function containsAddress6(cidr: Cidr6, address: bigint): boolean {
  return (address & mask(cidr.prefix)) === cidr.base;
}

export function overlaps6(a: Cidr6, b: Cidr6): boolean {
  return containsCidr6(a, b) || containsCidr6(b, a);
}

/**
 * An Amazon-provided /56 (VPC User Guide, "IPv6 CIDR blocks": "a /56 … from Amazon's pool"). kumo draws it from
 * 2600:1f18::/32, the range AWS uses in us-east-1, with 24 random bits below; it is data, never routed.
 */
export function amazonProvidedBlock(): Cidr6 {
  const r = randomBytes(3);
  const base = (0x26001f18n << 96n) | (BigInt(r.readUIntBE(0, 3)) << 72n);
  return { base, prefix: 56, text: `${formatIpv6(base)}/56` };
}

/** A random interface identifier in a /64 (EC2 assigns instance IPv6 addresses at random within the subnet). */
export function randomAddressIn(cidr: Cidr6, taken: ReadonlySet<string>): string {
  for (;;) {
    const host = BigInt(`0x${randomBytes(8).toString('hex')}`) & ((1n << BigInt(128 - cidr.prefix)) - 1n);
    const text = formatIpv6(cidr.base | host);
    if (host > 3n && !taken.has(text)) return text;
  }
}

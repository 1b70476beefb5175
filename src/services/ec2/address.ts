// One address type for both families so the reachability verdict walks IPv4 and IPv6 with the same code: IPv4 is an
// unsigned 32-bit number, IPv6 a 128-bit bigint; rule and route blocks are parsed once and cached by their text.
import { type Cidr, containsAddress, formatIpv4, parseCidr, parseIpv4 } from './cidr.js';
import { type Cidr6, containsAddress6, formatIpv6, parseCidr6, parseIpv6 } from './cidr6.js';

export type Address = number | bigint;

export const isIpv6 = (a: Address): a is bigint => typeof a === 'bigint';

export function parseAddress(text: string): Address | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

export function formatAddress(a: Address): string {
  return typeof a === 'bigint' ? formatIpv6(a) : formatIpv4(a);
}

const cache4 = new Map<string, Cidr | undefined>();
const cache6 = new Map<string, Cidr6 | undefined>();

function cached<T>(cache: Map<string, T | undefined>, text: string, parse: (t: string) => T | undefined): T | undefined {
  let c = cache.get(text);
  if (c === undefined && !cache.has(text)) {
    if (cache.size > 10000) cache.clear();
    c = parse(text);
    cache.set(text, c);
  }
  return c;
}

/**
 * The prefix length of `block` when it holds `address`, else -1. A block of the other family never holds it: an IPv4
 * rule or route does not apply to IPv6 traffic, nor the reverse (VPC User Guide, "Compare IPv4 and IPv6").
 */
export function matchPrefix(block: string, address: Address): number {
  if (typeof address === 'bigint') {
    const c = cached(cache6, block, parseCidr6);
    return c && containsAddress6(c, address) ? c.prefix : -1;
  }
  const c = cached(cache4, block, parseCidr);
  return c && containsAddress(c, address) ? c.prefix : -1;
}

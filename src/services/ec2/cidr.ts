// IPv4 address and CIDR arithmetic for EC2's network model: parse, contain, overlap, RFC 1918, reserved addresses.
// Pure and allocation-light (addresses are unsigned 32-bit numbers) so reachability checks stay well under 1 ms.

export interface Cidr {
  /** Network address as an unsigned 32-bit number (host bits cleared). */
  readonly base: number;
  readonly prefix: number;
  /** The text as the caller wrote it, normalised ("10.0.0.0/16"). */
  readonly text: string;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses dotted-quad IPv4 text; undefined when it is not one (leading zeros refused, as EC2 does). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Number of addresses in a prefix (2^(32-prefix)), exact for every prefix 0–32. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Parses "a.b.c.d/n". `strict` refuses host bits (EC2 refuses "10.0.0.1/16" for VPCs and subnets); otherwise they
 * are cleared, as security group and NACL rules accept and normalise them.
 */
export function parseCidr(text: string, strict = false): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const base = networkOf(address, prefix);
  if (strict && base !== address) return undefined;
  return { base, prefix, text: `${formatIpv4(base)}/${prefix}` };
}

export function networkOf(address: number, prefix: number): number {
  const size = blockSize(prefix);
  return address - (address % size);
}

export function lastAddress(cidr: Cidr): number {
  return cidr.base + blockSize(cidr.prefix) - 1;
}

export function containsAddress(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address <= lastAddress(cidr);
}

/** True when `inner` lies entirely inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && containsAddress(outer, inner.base);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

export const RFC1918: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

/** The private range (RFC 1918) that wholly contains the block, if any. */
export function rfc1918Range(cidr: Cidr): Cidr | undefined {
  return RFC1918.find((range) => containsCidr(range, cidr));
}

/**
 * The five addresses AWS reserves in every subnet: network, VPC router (+1), DNS (+2), future use (+3), and the
 * last ("broadcast", unused in a VPC). Source: VPC User Guide, "Subnet CIDR blocks".
 */
export function reservedAddresses(cidr: Cidr): number[] {
  return [cidr.base, cidr.base + 1, cidr.base + 2, cidr.base + 3, lastAddress(cidr)];
}

export function isReserved(cidr: Cidr, address: number): boolean {
  const offset = address - cidr.base;
  return offset <= 3 || address === lastAddress(cidr);
}

/** Addresses a new subnet offers: its size minus the five reserved (a /28 offers 11, a /20 offers 4091). */
export function usableAddressCount(cidr: Cidr): number {
  return Math.max(0, blockSize(cidr.prefix) - 5);
}

/** The lowest usable address in the subnet not in `taken`, or undefined when the subnet is full. */
export function firstFreeAddress(cidr: Cidr, taken: ReadonlySet<number>): number | undefined {
  const last = lastAddress(cidr);
  for (let a = cidr.base + 4; a < last; a++) if (!taken.has(a)) return a;
  return undefined;
}

/** The index-th block of size /prefix inside `outer` (the default VPC's /20 subnets: 172.31.0.0/20, 172.31.16.0/20…). */
export function subBlock(outer: Cidr, prefix: number, index: number): Cidr {
  const base = outer.base + index * blockSize(prefix);
  return { base, prefix, text: `${formatIpv4(base)}/${prefix}` };
}

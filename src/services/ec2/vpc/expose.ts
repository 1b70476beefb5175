// Which instance ports the host sees, and where: each public IPv4 address (auto-assigned or an EIP) maps to a fixed
// host loopback address, with the TCP ports its security groups admit from the internet. Pure: designs in, a list out.
//
// Why these ports (docs/vpc-data-plane.md, "The host and public IPs"): a listening socket per port is handed to the
// world, so "every port" cannot be; AWS exposes what the groups admit from the internet, so kumo listens on the ports
// of ingress rules whose IPv4 range holds the address the host's connections come from (0.0.0.0/0 does).
import { containsAddress, parseCidr, parseIpv4 } from '../cidr.js';
import type { SgRule } from '../rule-match.js';
import type { WorldDesign } from './plan.js';

/** The internet address the host's connections come from inside the world: the verdict's default internet address. */
export const HOST_SOURCE = '198.51.100.100';
/** A rule's range wider than this (or protocol -1, all ports) is exposed only on these common ports within it. */
export const WIDE_RANGE = 32;
export const COMMON_PORTS: readonly number[] = [22, 80, 443, 3000, 3306, 5000, 5432, 6379, 8000, 8080, 8443, 9000];
/** At most this many ports per public address (lowest first), so one wide group cannot open thousands of sockets. */
export const MAX_PORTS = 64;

export interface Exposure {
  instanceId: string;
  publicIp: string;
  /** The host loopback address: 127 and the public address's last three octets (3.80.0.12 → 127.80.0.12). */
  hostAddress: string;
  ports: number[];
  /**
   * The host port of each of `ports`, in the same order (filled by HostExposure): below 1024 the port +
   * KUMO_LOW_PORT_OFFSET, the runtime's rule for data-plane listeners (port 80 → 10080 by default), else the port.
   */
  hostPorts?: number[];
}

/**
 * The host loopback address of a public IPv4 address: 127.b.c.d for a.b.c.d. kumo's public addresses come from
 * 3.80.0.0/12 (gateway-operations.ts), so b is 80–95: never 127.0.0.x, where kumo and other local servers listen.
 * Undefined for an address that would land in 127.0.0.0/16.
 */
export function hostAddressOf(publicIp: string): string | undefined {
  const n = parseIpv4(publicIp);
  if (n === undefined || ((n >>> 16) & 0xff) === 0) return undefined;
  return `127.${publicIp.slice(publicIp.indexOf('.') + 1)}`;
}

/** The TCP ports that `rules` admit from HOST_SOURCE, capped and sorted. */
export function exposedPorts(rules: readonly SgRule[]): number[] {
  const source = parseIpv4(HOST_SOURCE)!;
  const ports = new Set<number>();
  for (const r of rules) {
    const cidr = r.cidr === undefined ? undefined : parseCidr(r.cidr);
    if (!cidr || !containsAddress(cidr, source)) continue;
    if (r.protocol !== 'tcp' && r.protocol !== '6' && r.protocol !== '-1') continue;
    const all = r.protocol === '-1' || r.fromPort === undefined || r.fromPort < 0;
    const from = all ? 0 : r.fromPort!;
    const to = all ? 65535 : Math.min(r.toPort ?? from, 65535);
    if (to - from + 1 > WIDE_RANGE) {
      for (const p of COMMON_PORTS) if (p >= from && p <= to) ports.add(p);
    } else for (let p = Math.max(from, 1); p <= to; p++) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b).slice(0, MAX_PORTS);
}

/**
 * Every public address of the instances that are up, with its host address and ports. A host address already taken
 * (the same public address in two accounts or regions, a known limit of the world) keeps its first owner.
 */
export function exposuresOf(designs: readonly WorldDesign[]): Exposure[] {
  const out = new Map<string, Exposure>();
  for (const d of designs) {
    for (const i of d.instances) {
      for (const x of i.interfaces) {
        const eni = d.model.interfaces.get(x.interfaceId);
        const hostAddress = eni?.publicIp ? hostAddressOf(eni.publicIp) : undefined;
        if (!eni?.publicIp || !hostAddress || out.has(hostAddress)) continue;
        const rules = eni.groupIds.flatMap((g) => d.model.securityGroups.get(g)?.ingress ?? []);
        out.set(hostAddress, { instanceId: i.id, publicIp: eni.publicIp, hostAddress, ports: exposedPorts(rules) });
      }
    }
  }
  return [...out.values()];
}

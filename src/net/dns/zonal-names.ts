// Load balancer names as ELB answers them: one address per AZ node, an AZ whose targets are unhealthy left out (all
// answered when every AZ is), IPv6 as the IPv4-mapped form of each node; and the hook wiring both ELB services share.
import { isIPv4 } from 'node:net';
import type { NameSourceHandle } from './service-names.js';

export interface ZonalNode {
  zone: string;
  address: string;
}

/**
 * The node addresses a load balancer's name answers: those of healthy zones, or every node when no zone is healthy.
 * ELB's DNS failover: "when the healthy targets in a zone fall below the threshold, we mark the IP addresses of the
 * load balancer node for the zone as unhealthy in DNS"; when every zone is unhealthy the load balancer fails open and
 * every node's address is answered (ELB guide, "Target group health"; knowledge center, "elb-dns-cross-zone").
 */
export function zonalAddresses(nodes: readonly ZonalNode[], zoneHealthy: (zone: string) => boolean): string[] {
  const healthy = nodes.filter((n) => zoneHealthy(n.zone));
  return [...new Set((healthy.length > 0 ? healthy : nodes).map((n) => n.address))];
}

/**
 * The IPv6 address a node answers in AAAA records: the IPv4-mapped form (RFC 4291 §2.5.5.2) of its loopback address.
 * Loopback has one IPv6 address (::1), which cannot tell nodes apart nor carry a port per load balancer; an IPv6 socket
 * connecting to ::ffff:127.77.0.5 reaches the IPv4 listener the node already binds, so the answer is always one the
 * proxies serve, and dropping an unhealthy zone drops its AAAA too.
 */
export function mappedIpv6(address: string): string | undefined {
  return isIPv4(address) ? `::ffff:${address}` : undefined;
}

/** A node list's AAAA addresses (IPv4-mapped), next to its A addresses. */
export function withMappedIpv6(addresses: readonly string[]): string[] {
  return [...addresses, ...addresses.flatMap((a) => mappedIpv6(a) ?? [])];
}

/**
 * Calls `dns.changed()` after each of `hooks` (callbacks that the service calls on a state change or a health
 * transition), keeping what each already did: the one wiring the ELB services share to republish their names.
 */
export function republishAfter<T extends object>(dns: NameSourceHandle, target: T, ...keys: Array<{ [K in keyof T]: T[K] extends (...args: never[]) => void ? K : never }[keyof T]>): void {
  for (const key of keys) {
    const before = target[key] as unknown as (...args: unknown[]) => void;
    target[key] = ((...args: unknown[]) => {
      before(...args);
      dns.changed();
    }) as T[typeof key];
  }
}

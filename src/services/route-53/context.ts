// What every Route 53 handler shares: the repository, the runtime clock, the DNS server it publishes zones and
// health statuses to, and the health checker that probes endpoints on the clock.
import type { Clock } from '../../core/clock.js';
import type { DnsRecordSet, DnsZone } from '../../net/dns/records.js';
import type { HealthChecker } from './checker.js';
import type { Route53Store } from './store.js';
import type { CidrStore } from './cidr-store.js';
import type { ServiceNameRegistry } from '../../net/dns/service-names.js';

/** Where committed changes go to be answered: the DNS server's worker (or nothing when DNS is down). */
export interface DnsPublisher {
  setZone(zone: DnsZone): Promise<void>;
  patchZone(id: string, removed: DnsRecordSet[], added: DnsRecordSet[]): Promise<void>;
  removeZone(id: string): Promise<void>;
  setHealth(status: Record<string, boolean>): Promise<void>;
  /** One CIDR collection's blocks by location; an empty object removes it. */
  setCidrCollection(id: string, locations: Record<string, string[]>): Promise<void>;
}

export interface Route53Context {
  store: Route53Store;
  cidr: CidrStore;
  clock: Clock;
  dns: DnsPublisher;
  checker: HealthChecker;
  /** Names other services answer in DNS; alias targets in their hosted zones are checked against them. */
  names: ServiceNameRegistry;
}

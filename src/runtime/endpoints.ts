// Listener addresses and ports for data planes (DNS, load balancer nodes, the edge, instances, transfer nodes):
// loopback addresses handed out from named pools and kept across restarts, and AWS ports mapped to local ones.
import type Database from 'better-sqlite3';
import { KumoError } from '../core/kumo-error.js';

export interface Endpoints {
  /** The local port for an AWS port: below 1024 it is port + KUMO_LOW_PORT_OFFSET (default 10000; 0 = the real port). */
  portFor(awsPort: number): number;
  /** A loopback address from the named pool for `key`, the same one after a restart. Where only 127.0.0.1 exists
   *  (not Linux), every key gets 127.0.0.1 and callers must tell listeners apart by port. */
  address(pool: string, key: string): string;
  /** Gives `key`'s address back to its pool. */
  release(pool: string, key: string): void;
  /** True where all of 127.0.0.0/8 is bound to the loopback interface (Linux). */
  readonly manyLoopbackAddresses: boolean;
}

/** Pools and their ranges; each pool's variable overrides its CIDR. */
export const DEFAULT_POOLS: Readonly<Record<string, string>> = {
  'elb-nodes': '127.77.0.0/16',
  instances: '127.100.0.0/16',
  'mft-nodes': '127.0.10.0/24',
};

const MIGRATION = `CREATE TABLE IF NOT EXISTS runtime_endpoints (
  pool TEXT NOT NULL, key TEXT NOT NULL, address TEXT NOT NULL,
  PRIMARY KEY (pool, key), UNIQUE (pool, address)) STRICT`;

function parseCidr(cidr: string): { base: number; size: number } {
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const bits = m ? Number(m[4]) : NaN;
  if (!m || !(bits >= 8 && bits <= 30) || [m[1], m[2], m[3]].some((o) => Number(o) > 255)) {
    throw new KumoError('KUMO_ERR_CONFIG_INVALID', `a loopback pool must be a CIDR inside 127.0.0.0/8 between /8 and /30, not '${cidr}'`);
  }
  const base = ((127 << 24) | (Number(m[1]) << 16) | (Number(m[2]) << 8) | Number(m[3])) >>> 0;
  const size = 2 ** (32 - bits);
  return { base: base - (base % size), size };
}

/** True for a CIDR inside 127.0.0.0/8 between /8 and /30 (KUMO_ELB_NODE_CIDR and the other pools). */
export function isLoopbackPool(cidr: string): boolean {
  try {
    parseCidr(cidr);
    return true;
  } catch {
    return false;
  }
}

function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
}

export class EndpointAllocator implements Endpoints {
  readonly manyLoopbackAddresses: boolean;

  constructor(
    private readonly db: Database.Database,
    private readonly lowPortOffset: number,
    private readonly pools: Readonly<Record<string, string>> = DEFAULT_POOLS,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.manyLoopbackAddresses = platform === 'linux';
    db.exec(MIGRATION);
  }

  portFor(awsPort: number): number {
    return awsPort < 1024 ? awsPort + this.lowPortOffset : awsPort;
  }

  address(pool: string, key: string): string {
    if (!this.manyLoopbackAddresses) return '127.0.0.1';
    const cidr = this.pools[pool];
    if (cidr === undefined) throw new KumoError('KUMO_ERR_ENDPOINT_POOL', `no loopback address pool named '${pool}'`);
    const found = this.db.prepare('SELECT address FROM runtime_endpoints WHERE pool = ? AND key = ?').get(pool, key) as { address: string } | undefined;
    const { base, size } = parseCidr(cidr);
    if (found) {
      const at = toInt(found.address) - base;
      if (at >= 0 && at < size) return found.address;
      // The pool's range changed (KUMO_ELB_NODE_CIDR) since this address was handed out: a new one from the range.
      this.release(pool, key);
    }
    const taken = new Set((this.db.prepare('SELECT address FROM runtime_endpoints WHERE pool = ?').all(pool) as Array<{ address: string }>).map((r) => toInt(r.address)));
    // Skip the network address and 127.0.0.1 (kumo's own API); hand out the lowest free one.
    for (let i = 1; i < size - 1; i++) {
      const candidate = (base + i) >>> 0;
      if (taken.has(candidate) || candidate === 0x7f000001) continue;
      const address = formatIp(candidate);
      this.db.prepare('INSERT INTO runtime_endpoints (pool, key, address) VALUES (?, ?, ?)').run(pool, key, address);
      return address;
    }
    throw new KumoError('KUMO_ERR_ENDPOINT_POOL_EXHAUSTED', `the loopback pool '${pool}' (${cidr}) has no free address`);
  }

  release(pool: string, key: string): void {
    this.db.prepare('DELETE FROM runtime_endpoints WHERE pool = ? AND key = ?').run(pool, key);
  }
}

/** A bind failure as a coded, one-line reason for /_kumo/health. */
export function bindFailure(error: unknown, what: string): KumoError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new KumoError('KUMO_ERR_ENDPOINT_IN_USE', `${what} is already in use`);
  if (code === 'EACCES') return new KumoError('KUMO_ERR_ENDPOINT_DENIED', `not allowed to listen on ${what}`);
  if (code === 'EADDRNOTAVAIL') return new KumoError('KUMO_ERR_ENDPOINT_UNAVAILABLE', `${what} is not an address of this machine`);
  return new KumoError('KUMO_ERR_ENDPOINT_BIND', `cannot listen on ${what}: ${error instanceof Error ? error.message : String(error)}`);
}

// Names other services answer in kumo's DNS (load balancers, CloudFront distributions): each service registers a
// name source once; Route 53 publishes its names to the DNS worker whenever the service says they changed.
import { isIPv4 } from 'node:net';
import type { InternalServices } from '../../services/service-definition.js';

/** CloudFront's hosted zone id, the same for every distribution (AliasTarget reference, HostedZoneId). */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/** One name a service answers: the loopback addresses its nodes listen on, and its health for aliases. */
export interface ServiceName {
  /** Lower case, no trailing dot (`my-lb-123.us-east-1.elb.amazonaws.com`). */
  name: string;
  addresses: readonly string[];
  ttl: number;
  /** What a Route 53 alias with EvaluateTargetHealth sees (for a load balancer: its target groups' health). */
  healthy: boolean;
  /** The hosted zone id an alias to this name carries (CanonicalHostedZoneId; CloudFront's Z2FDTNDATAQYW2). */
  hostedZoneId: string;
  /** Every name below this one answers the same (S3 website endpoints: `<bucket>.s3-website-<region>.amazonaws.com`). */
  wildcard?: boolean;
}

/** What a service registers: its current names, recomputed when it calls `changed()` on its handle. */
export interface NameSource {
  /** Unique per source (`elbv2`, `cloudfront`, `elb`). */
  readonly id: string;
  names(): Iterable<ServiceName>;
  /**
   * The DNS names the hosted zone `hostedZoneId` holds for this source, when the source owns that zone id (ELB's
   * per-region zones, CloudFront's): Route 53 checks an alias target against it. Undefined for zone ids it does not own.
   */
  ownsZone?(hostedZoneId: string): { suffix: string } | undefined;
}

export interface NameSourceHandle {
  /** The source's names may have changed (a resource created or deleted, a health transition): republish them. */
  changed(): void;
  unregister(): void;
}

const NO_HANDLE: NameSourceHandle = { changed: () => undefined, unregister: () => undefined };

/** Route 53's in-process API for other services (`deps.internal.get('route-53')`). */
export interface Route53Internal {
  dnsNames: ServiceNameRegistry;
  /** Answers a DNS query message in process as kumo's DNS server would (undefined while the server is down or the
   *  name would be forwarded upstream): the CloudFront edge resolves origin names through it. */
  query?(message: Buffer): Promise<Buffer | undefined>;
}

/**
 * Registers `source` with Route 53's DNS, if Route 53 is part of this kumo; returns at once. The one line a service
 * needs: `const dns = attachNameSource(deps.internal, source)`, then `dns.changed()` after each change.
 */
export function attachNameSource(internal: InternalServices, source: NameSource): NameSourceHandle {
  let handle: NameSourceHandle | undefined;
  let stopped = false;
  internal.get<Route53Internal>('route-53').then(
    (r53) => {
      if (!stopped && r53) handle = r53.dnsNames.register(source);
    },
    () => undefined, // Route 53 failed to load: its health says why; the service works without DNS names.
  );
  return {
    changed: () => handle?.changed(),
    unregister: () => {
      stopped = true;
      handle?.unregister();
    },
  };
}

/** Splits addresses into IPv4 (A) and IPv6 (AAAA). */
export function byFamily(addresses: readonly string[]): { a: string[]; aaaa: string[] } {
  const a: string[] = [];
  const aaaa: string[] = [];
  for (const x of new Set(addresses)) (isIPv4(x) ? a : aaaa).push(x);
  return { a, aaaa };
}

type Publish = (source: string, names: ServiceName[]) => Promise<void>;

/**
 * Route 53's side: the registered sources and what was last sent to the DNS worker. Changes are coalesced (many
 * state writes of one API call make one publish) and only sent when the names differ from the last ones.
 */
export class ServiceNameRegistry {
  private readonly sources = new Map<string, NameSource>();
  private readonly published = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly publish: Publish) {}

  register(source: NameSource): NameSourceHandle {
    if (this.sources.has(source.id)) return NO_HANDLE;
    this.sources.set(source.id, source);
    this.changed(source.id);
    return {
      changed: () => this.changed(source.id),
      unregister: () => {
        if (this.sources.get(source.id) !== source) return;
        this.sources.delete(source.id);
        this.published.delete(source.id);
        void this.publish(source.id, []).catch(() => undefined);
      },
    };
  }

  private changed(id: string): void {
    this.dirty.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Publishes every source marked changed; resolves when the DNS worker answers from them. */
  flush(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    this.flushing = this.flushing.then(async () => {
      for (const id of ids) {
        const source = this.sources.get(id);
        if (!source) continue;
        const names = [...source.names()];
        const json = JSON.stringify(names);
        if (this.published.get(id) === json) continue;
        this.published.set(id, json);
        await this.publish(id, names).catch(() => this.published.delete(id));
      }
    });
    return this.flushing;
  }

  /** Sends every source's names again (the DNS worker restarted, or kumo was reset). */
  async republish(): Promise<void> {
    this.published.clear();
    for (const id of this.sources.keys()) this.dirty.add(id);
    await this.flush();
  }

  /**
   * Whether `name` (lower case, no trailing dot) exists in the service zone `hostedZoneId`: `ok`, `outside` (the name
   * does not end with that zone's suffix), `missing`; undefined when no registered source owns the zone id (several
   * may: Classic and Application Load Balancers share theirs). Computed from the sources now, not the last publish.
   */
  check(hostedZoneId: string, name: string): 'ok' | 'outside' | 'missing' | undefined {
    let owned = false;
    let inside = false;
    for (const source of this.sources.values()) {
      const zone = source.ownsZone?.(hostedZoneId);
      if (!zone) continue;
      owned = true;
      for (const n of source.names()) if (n.name === name && n.hostedZoneId === hostedZoneId) return 'ok';
      if (name === zone.suffix || name.endsWith('.' + zone.suffix)) inside = true;
    }
    if (!owned) return undefined;
    return inside ? 'missing' : 'outside';
  }
}

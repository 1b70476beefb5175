// The distributions' names in kumo's DNS: each `dxxxx.cloudfront.net` answers the edge's loopback address, so a
// client resolving through kumo reaches the edge listeners (on their ports: 80/443 + KUMO_LOW_PORT_OFFSET).
import { attachNameSource, CLOUDFRONT_HOSTED_ZONE_ID, type NameSource, type NameSourceHandle, type ServiceName } from '../../net/dns/service-names.js';
import type { InternalServices } from '../service-definition.js';

/** The edge listens on 127.0.0.1 (src/net/edge/edge-listeners.ts). */
const EDGE_ADDRESS = '127.0.0.1';
/** CloudFront answers its names with a 60 s TTL. */
const CLOUDFRONT_TTL = 60;

export class CloudFrontNames implements NameSource {
  readonly id = 'cloudfront';
  private readonly domains = new Map<string, string>();
  private readonly dns: NameSourceHandle;

  constructor(internal: InternalServices) {
    this.dns = attachNameSource(internal, this);
  }

  set(id: string, domainName: string): void {
    this.domains.set(id, domainName.toLowerCase());
    this.dns.changed();
  }

  remove(id: string): void {
    if (this.domains.delete(id)) this.dns.changed();
  }

  clear(): void {
    this.domains.clear();
    this.dns.changed();
  }

  *names(): Iterable<ServiceName> {
    for (const name of this.domains.values()) yield { name, addresses: [EDGE_ADDRESS], ttl: CLOUDFRONT_TTL, healthy: true, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID };
  }

  ownsZone(hostedZoneId: string): { suffix: string } | undefined {
    return hostedZoneId === CLOUDFRONT_HOSTED_ZONE_ID ? { suffix: 'cloudfront.net' } : undefined;
  }
}

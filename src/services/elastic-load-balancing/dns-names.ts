// Classic Load Balancers' names in kumo's DNS: each DNSName (and `dualstack.` form) answers its healthy zones' node
// addresses; a Route 53 alias with EvaluateTargetHealth sees it healthy while one registered instance is InService.
import { attachNameSource, type NameSource, type ServiceName } from '../../net/dns/service-names.js';
import { republishAfter, zonalAddresses } from '../../net/dns/zonal-names.js';
import { elbZoneSuffix } from '../elastic-load-balancing-v2/names.js';
import type { Clb } from './context.js';

/** ELB answers its names with a 60 s TTL (ELB guide, "DNS name"). */
const ELB_TTL = 60;

export function clbNameSource(s: Clb): NameSource {
  return {
    id: 'elb',
    *names(): Iterable<ServiceName> {
      const nodes = new Map(s.plane.endpointsView().map((v) => [v.loadBalancerName, v.nodes]));
      for (const rec of s.state.lbs.values()) {
        const name = rec.dnsName.toLowerCase();
        // A zone's node leaves DNS while no instance it sends to (its zone's, or all with cross-zone on) is InService;
        // all are answered when no zone has one (as ELB's DNS failover, zonal-names.ts).
        const inService = rec.instances.filter((i) => s.health.isInService(rec, i.id));
        const addresses = zonalAddresses(nodes.get(rec.name) ?? [], (zone) => inService.some((i) => rec.attributes.crossZone || i.zone === zone));
        // Route 53's alias health for a Classic Load Balancer: healthy while at least one instance is healthy
        // (Route 53 Developer Guide, "Evaluate target health": ELB load balancers).
        const entry = { addresses, ttl: ELB_TTL, healthy: inService.length > 0, hostedZoneId: rec.hostedZoneId };
        yield { name, ...entry };
        // No AAAA: Classic Load Balancers in a VPC support IPv4 addresses only (ELB guide, Classic "IPv6").
        yield { name: `dualstack.${name}`, ...entry };
      }
    },
    ownsZone(hostedZoneId) {
      const suffix = elbZoneSuffix(hostedZoneId);
      return suffix === undefined ? undefined : { suffix };
    },
  };
}

/** Registers the Classic Load Balancers' names and republishes them on every change and health transition. */
export function registerClbDnsNames(s: Clb): void {
  const dns = attachNameSource(s.deps.internal, clbNameSource(s));
  republishAfter(dns, s.state, 'onChange');
  republishAfter(dns, s.health, 'onTransition');
}

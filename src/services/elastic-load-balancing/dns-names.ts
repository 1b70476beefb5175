// Classic Load Balancers' names in kumo's DNS: each DNSName (and `dualstack.` form) answers its nodes' loopback
// addresses; a Route 53 alias with EvaluateTargetHealth sees it healthy while one registered instance is InService.
import { attachNameSource, type NameSource, type ServiceName } from '../../net/dns/service-names.js';
import { elbZoneSuffix } from '../elastic-load-balancing-v2/names.js';
import type { Clb } from './context.js';

/** ELB answers its names with a 60 s TTL (ELB guide, "DNS name"). */
const ELB_TTL = 60;

export function clbNameSource(s: Clb): NameSource {
  return {
    id: 'elb',
    *names(): Iterable<ServiceName> {
      const nodes = new Map(s.plane.endpointsView().map((v) => [v.loadBalancerName, v.nodes.map((n) => n.address)]));
      for (const rec of s.state.lbs.values()) {
        const name = rec.dnsName.toLowerCase();
        // Route 53's alias health for a Classic Load Balancer: healthy while at least one instance is healthy
        // (Route 53 Developer Guide, "Evaluate target health": ELB load balancers).
        const entry = { addresses: [...new Set(nodes.get(rec.name) ?? [])], ttl: ELB_TTL, healthy: rec.instances.some((i) => s.health.isInService(rec, i.id)), hostedZoneId: rec.hostedZoneId };
        yield { name, ...entry };
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
  const onChange = s.state.onChange;
  s.state.onChange = () => {
    onChange();
    dns.changed();
  };
  const onTransition = s.health.onTransition;
  s.health.onTransition = () => {
    onTransition();
    dns.changed();
  };
}

// The load balancers' names in kumo's DNS: each DNSName (and its `dualstack.` form) answers its healthy zones' node
// addresses (AAAA too for a dualstack load balancer's `dualstack.` name), with an alias's EvaluateTargetHealth view.
import { attachNameSource, type NameSource, type ServiceName } from '../../net/dns/service-names.js';
import { republishAfter, withMappedIpv6, zonalAddresses } from '../../net/dns/zonal-names.js';
import type { Elbv2 } from './context.js';
import { elbZoneSuffix } from './names.js';
import type { LoadBalancerRecord, TargetGroupRecord } from './records.js';

/** ELB's DNS TTL: load balancer names are answered with 60 s (ELB guide, "DNS name"). */
const ELB_TTL = 60;

/** Target groups a load balancer forwards to, from its listeners' default actions and rules. */
function targetGroupsOf(s: Elbv2, lbArn: string): Set<string> {
  const out = new Set<string>();
  for (const l of s.state.listeners.values()) {
    if (l.lbArn !== lbArn) continue;
    const actions = [...l.defaultActions, ...[...s.state.rules.values()].filter((r) => r.listenerArn === l.arn).flatMap((r) => r.actions)];
    for (const a of actions) {
      if (a.TargetGroupArn) out.add(a.TargetGroupArn);
      for (const g of a.ForwardConfig?.TargetGroups ?? []) if (g.TargetGroupArn) out.add(g.TargetGroupArn);
    }
  }
  return out;
}

/**
 * A target group's health for DNS (target group attributes `target_group_health.dns_failover.minimum_healthy_
 * targets.count` and `.percentage`, defaults 1 and off): unhealthy with fewer healthy targets than either asks. A
 * group without registered targets is unhealthy (AliasTarget reference, EvaluateTargetHealth for ELB).
 */
export function targetGroupHealthy(rec: TargetGroupRecord, isHealthy: (t: TargetGroupRecord['targets'][number]) => boolean): boolean {
  const targets = rec.targets.filter((t) => t.drainUntil === undefined);
  if (targets.length === 0) return false;
  if (rec.tg.HealthCheckEnabled === false) return true;
  const healthy = targets.filter(isHealthy).length;
  const count = rec.attributes['target_group_health.dns_failover.minimum_healthy_targets.count'] ?? '1';
  const percentage = rec.attributes['target_group_health.dns_failover.minimum_healthy_targets.percentage'] ?? 'off';
  if (count !== 'off' && healthy < Number(count)) return false;
  if (percentage !== 'off' && healthy * 100 < Number(percentage) * targets.length) return false;
  return true;
}

/** Healthy when every target group it forwards to is; one forwarding nowhere (fixed responses, redirects) is healthy. */
function loadBalancerHealthy(s: Elbv2, lb: LoadBalancerRecord): boolean {
  for (const arn of targetGroupsOf(s, lb.lb.LoadBalancerArn)) {
    const rec = s.state.tgs.get(arn);
    if (!rec || !targetGroupHealthy(rec, (t) => s.health.isHealthy(arn, t))) return false;
  }
  return true;
}

/**
 * Whether a load balancer's node in `zone` stays in DNS: every target group it forwards to meets its DNS failover
 * threshold counting the targets that node sends to (its own zone's, or every zone's with cross-zone on; ELB guide,
 * "Target group health": "the threshold is applied to the number of targets in each enabled zone separately" when
 * cross-zone is off). A target group's own cross-zone attribute wins over the load balancer's.
 */
function zoneHealthy(s: Elbv2, lb: LoadBalancerRecord, tgArns: Set<string>, zone: string): boolean {
  for (const arn of tgArns) {
    const rec = s.state.tgs.get(arn);
    if (!rec) return false;
    const own = rec.attributes['load_balancing.cross_zone.enabled'];
    const cross = own === 'true' || own === 'false' ? own === 'true' : lb.attributes['load_balancing.cross_zone.enabled'] === 'true';
    const seen = cross ? rec : { ...rec, targets: rec.targets.filter((t) => t.zone === zone || t.zone === 'all') };
    if (!targetGroupHealthy(seen, (t) => s.health.isHealthy(arn, t))) return false;
  }
  return true;
}

export function elbv2NameSource(s: Elbv2): NameSource {
  return {
    id: 'elbv2',
    *names(): Iterable<ServiceName> {
      const nodes = new Map(s.plane.endpointsView().map((v) => [v.loadBalancerArn, v.nodes]));
      for (const lb of s.state.lbs.values()) {
        const name = (lb.lb.DNSName ?? '').toLowerCase();
        if (!name) continue;
        const tgArns = targetGroupsOf(s, lb.lb.LoadBalancerArn);
        const addresses = zonalAddresses(nodes.get(lb.lb.LoadBalancerArn) ?? [], (zone) => zoneHealthy(s, lb, tgArns, zone));
        const entry = { ttl: ELB_TTL, healthy: loadBalancerHealthy(s, lb), hostedZoneId: lb.lb.CanonicalHostedZoneId ?? '' };
        yield { name, addresses, ...entry };
        // Route 53 and the console name load balancers as `dualstack.<DNSName>` in aliases: its A records are the
        // DNSName's, and a dualstack load balancer answers AAAA there too (ELB guide, "IP address types"; AAAA
        // addresses are the nodes' IPv4-mapped forms, zonal-names.ts).
        const dualstack = lb.lb.IpAddressType === 'dualstack' || lb.lb.IpAddressType === 'dualstack-without-public-ipv4';
        yield { name: `dualstack.${name}`, addresses: dualstack ? withMappedIpv6(addresses) : addresses, ...entry };
      }
    },
    ownsZone(hostedZoneId) {
      const suffix = elbZoneSuffix(hostedZoneId);
      return suffix === undefined ? undefined : { suffix };
    },
  };
}

/** Registers the load balancers' names with Route 53's DNS and republishes them on every change and health transition. */
export function registerElbv2DnsNames(s: Elbv2): void {
  const dns = attachNameSource(s.deps.internal, elbv2NameSource(s));
  republishAfter(dns, s.state, 'onChange');
  republishAfter(dns, s.health, 'onTransition');
}

// Plans the "on-premises" network behind each attached virtual private gateway: a namespace named by the VGW id,
// linked to its VPC's namespace, whose own addresses are every IPv4 destination the VPC's route tables send to the VGW.
import type { NetworkModel } from '../reachability.js';

/** The planner's closures this module uses (plan.ts owns the facts). */
export interface OnPremPlanner {
  namespace(name: string, sysctl: string | undefined): void;
  link(ns: string, owners: string[], ip: string, del?: [string, string]): void;
  addr(ns: string, ip: string): void;
  route(ns: string, ip: string): void;
  up(ns: string, owners: string[], dev: string): void;
  /** A /30 from 100.64.0.0/10 for the link: [inside (VPC end), outside (on-premises end)]. */
  linkNet(id: string): [string, string];
}
/** An attached VGW's link: the VPC namespace's device and the on-premises end's address, the next hop of its routes. */
export interface VgwLink {
  vpcId: string;
  dev: string;
  outside: string;
}

/** The VPC end of a VGW's link: `v` and the id's last 12 hex digits (one VGW per VPC, but names must not collide on a swap). */
export const vgwDevice = (vgwId: string): string => `v${vgwId.slice(vgwId.indexOf('-') + 1).slice(-12)}`;
/**
 * Where an on-premises namespace keeps its own addresses: the `local` table, since the kernel lets a socket send from
 * an address only when that table says it is local (AnyIP: a whole prefix local to `lo`, as the internet's /24s).
 */
const ONPREM_TABLE = 'local';

/**
 * The verdict (reachability.ts) treats IPv4 routed to an attached VGW as leaving toward on-premises whatever the
 * address, and a source the destination subnet routes to an active VGW as on-premises, arriving by its own address.
 * The world matches it: per attached VGW one namespace (one VGW per VPC, so one on-premises network per VPC) where
 * each active route's destination to that VGW, from any of the VPC's route tables, is local (type `local` routes in
 * the `local` table beside unicast routes for the VPC's own blocks toward the link, so those win even under a
 * 0.0.0.0/0 route to the VGW), so a test server answers and a test client originates from any of them. Routes propagate nothing: kumo has no
 * VPN connections or BGP, so on-premises prefixes are exactly the static routes that target the VGW. The link carries
 * IPv4 only ("IPv6 traffic is not supported for VPN connections on a virtual private gateway", Site-to-Site VPN User
 * Guide), so IPv6 routes to a VGW stay blackholes. A VGW still attaching gets no namespace: its routes drop, where the
 * verdict answers BAD_STATE_ATTACHMENT; a detaching or detached one loses it and its routes turn blackhole.
 */
export function planOnPremises(m: NetworkModel, vpcCidrs: ReadonlyMap<string, readonly string[]>, p: OnPremPlanner): Map<string, VgwLink> {
  const links = new Map<string, VgwLink>();
  for (const g of m.vpnGateways?.values() ?? []) {
    if (g.attachment !== 'attached' || !m.vpcs.has(g.vpcId)) continue;
    const [inside, outside] = p.linkNet(`${g.id}/vgw`);
    const dev = vgwDevice(g.id);
    p.namespace(g.id, 'for k in all default; do echo 0 > /proc/sys/net/ipv4/conf/$k/rp_filter; done; true');
    p.link('', [g.vpcId, g.id], `link add ${dev} netns ${g.vpcId} type veth peer name eth0 netns ${g.id}`, [g.vpcId, `link del ${dev}`]);
    p.addr(g.vpcId, `addr add ${inside}/30 dev ${dev}`);
    p.up(g.vpcId, [g.vpcId], dev);
    p.addr(g.id, `addr add ${outside}/30 dev eth0`);
    p.up(g.id, [g.id], 'eth0');
    // The VPC's blocks go back over the link, in the `local` table too, so a 0.0.0.0/0 route to the VGW (local here)
    // does not swallow them: the longer prefix wins within one table.
    for (const b of vpcCidrs.get(g.vpcId) ?? []) p.route(g.id, `route add ${b} via ${inside} dev eth0 table ${ONPREM_TABLE}`);
    const prefixes = new Set<string>();
    for (const t of m.routeTables.values()) for (const r of t.routes) if (r.targetType === 'vgw' && r.targetId === g.id && r.state === 'active') prefixes.add(r.destination);
    for (const c of [...prefixes].sort()) p.route(g.id, `route add local ${c} dev lo table ${ONPREM_TABLE}`);
    links.set(g.id, { vpcId: g.vpcId, dev, outside });
  }
  return links;
}

// Plans the VPC world from a design (the reachability model plus addresses): the namespaces, bridges, veths, kernel
// routes and nftables rulesets that make packets meet route tables, NACLs and security groups. Pure: a list of facts.
import { type Cidr, formatIpv4, parseCidr, parseIpv4 } from '../cidr.js';
import { formatIpv6, parseCidr6 } from '../cidr6.js';
import type { NetworkModel, RouteModel } from '../reachability.js';
import type { NaclEntryModel } from '../rule-match.js';
import { planOnPremises } from './onprem.js';
import { natGatewayRules, type PublicMapping, type SgPort, type SgRule6, vpcRuleset } from './rulesets.js';

export interface DesignInstance {
  id: string;
  /** Its interfaces by device index (eth0 first); the first carries the default route. */
  interfaces: { interfaceId: string; deviceIndex: number; privateIps: string[]; ipv6s?: string[] }[];
}
/** IPv6 beside the (IPv4) reachability model: blocks, ENI addresses, SG Ipv6Ranges, NACL entries, routes. */
export interface Ipv6Design {
  vpcCidrs: ReadonlyMap<string, readonly string[]>;
  subnetCidrs: ReadonlyMap<string, string>;
  interfaceIps: ReadonlyMap<string, readonly string[]>;
  sgRules: ReadonlyMap<string, readonly SgRule6[]>;
  aclEntries: ReadonlyMap<string, readonly NaclEntryModel[]>;
  routes: ReadonlyMap<string, readonly { destination: string; target: 'local' | 'igw' | 'eigw' | 'pcx' | 'other'; active: boolean; targetId?: string }[]>;
  /** VPCs with an egress-only internet gateway attached. */
  eigwVpcs: ReadonlySet<string>;
}
export const NO_IPV6: Ipv6Design = { vpcCidrs: new Map(), subnetCidrs: new Map(), interfaceIps: new Map(), sgRules: new Map(), aclEntries: new Map(), routes: new Map(), eigwVpcs: new Set() };
export interface WorldDesign {
  model: NetworkModel;
  vpcCidrs: ReadonlyMap<string, readonly string[]>;
  subnetCidrs: ReadonlyMap<string, string>;
  instances: readonly DesignInstance[];
  ipv6?: Ipv6Design;
}

/**
 * One piece of kernel state. `ip` facts are one `ip` command (run in `ns`, '' = the world namespace) undone by
 * `ipDel`; `nft` and `sh` facts are a namespace's whole ruleset or sysctl script, replaced when they change.
 * `owners`: namespaces whose removal takes this fact with it (no undo needed then). `delNs`: where `ipDel` runs when
 * not in `ns` (a veth made from the world namespace is deleted inside the VPC namespace holding one end).
 */
export interface Fact {
  key: string;
  layer: number;
  ns: string;
  ip?: string;
  ipDel?: string;
  delNs?: string;
  nft?: string;
  sh?: string;
  /** A listener of the instance-services forwarder in `ns`: `<service> <address> <port>` (forwarder.ts). */
  serve?: string;
  owners: string[];
}

/** The instance metadata service's and the Amazon resolver's link-local addresses (EC2 User Guide; VPC User Guide, "Amazon DNS server"). */
export const IMDS_ADDRESS = '169.254.169.254';
export const DNS_LINK_LOCAL = '169.254.169.253';
/** Their IPv6 twins (unique local addresses) for Nitro instances with IPv6 addresses (EC2 User Guide, "Instance metadata service"; the IPv6 on AWS whitepaper, "Supporting Amazon VPC services"). */
export const IMDS_ADDRESS6 = 'fd00:ec2::254';
export const DNS_ADDRESS6 = 'fd00:ec2::253';
/**
 * kumo's own API inside each VPC (docs/designs/vpc-instance-services.md): IMDS's link-local address, port 4566. A
 * link-local address never collides with a VPC block a user picks, and on IMDS's address it needs no new address, no
 * route and, like IMDS, meets no SG or NACL.
 */
export const KUMO_API_PORT = 4566;

export const INTERNET_NS = 'internet';
/** Addresses that the internet namespace answers as its own hosts. */
export const INTERNET_HOSTS = ['192.0.2.1/24', '198.51.100.1/24', '203.0.113.1/24'];
/** The internet's IPv6 hosts: the documentation prefix (RFC 3849), all local to the internet namespace. */
export const INTERNET_HOSTS6 = '2001:db8::/32';
/** Layers: namespaces, sysctls, links, addresses and ports, routes and rules, nftables. */
const L_NS = 0, L_SYSCTL = 1, L_LINK = 2, L_ADDR = 3, L_ROUTE = 4, L_NFT = 5;

/** Interface names are at most 15 bytes: a letter and the last hex digits of the AWS id. */
export const short = (id: string, n = 12): string => id.slice(id.indexOf('-') + 1).slice(-n);
export const bridgeName = (subnetId: string): string => `b${short(subnetId)}`;
export const vethName = (instanceId: string, deviceIndex: number): string => `e${short(instanceId, 11)}${deviceIndex}`;

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
/** Kernel routing table of an AWS route table (ids 1000 and up; 253–255 are the kernel's own). */
export const tableOf = (routeTableId: string): number => 1000 + (fnv(routeTableId) % 1_000_000);
const LINK_BASE = parseCidr('100.64.0.0/10')!.base;
/** A /30 for a point-to-point link (IGW, peering) from 100.64.0.0/10, chosen by the link's id. */
function linkNet(id: string, taken: Set<number>): [string, string] {
  let slot = fnv(id) % (1 << 20);
  while (taken.has(slot)) slot = (slot + 1) % (1 << 20);
  taken.add(slot);
  const base = LINK_BASE + slot * 4;
  return [formatIpv4(base + 1), formatIpv4(base + 2)];
}

const SYSCTL_ROUTER = [
  'echo 1 > /proc/sys/net/ipv4/ip_forward',
  'for k in all default; do echo 0 > /proc/sys/net/ipv4/conf/$k/rp_filter; echo 0 > /proc/sys/net/ipv4/conf/$k/send_redirects; done',
  // With br_netfilter loaded on the host, bridged (same-subnet) frames would meet the NACL chains; AWS applies NACLs
  // only at the subnet boundary (VPC User Guide, "Control subnet traffic with network ACLs").
  'if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables; fi',
  // Bridge ports are isolated, so instances in one subnet reach each other only through the router, where the
  // security groups are enforced; the router answers ARP for its own subnet's addresses on that account (private
  // VLAN proxy ARP, inherited by the bridges made after this).
  'echo 1 > /proc/sys/net/ipv4/conf/default/proxy_arp_pvlan',
  'if [ -e /proc/sys/net/ipv6/conf/all/forwarding ]; then echo 1 > /proc/sys/net/ipv6/conf/all/forwarding; fi',
  'true',
].join('; ');

function routerOf(cidr: Cidr): string {
  return formatIpv4(cidr.base + 1);
}
/** A subnet's IPv6 router: its /64's first address (kumo's choice; AWS answers from a link-local address). */
function router6(cidr: string): string | undefined {
  const c = parseCidr6(cidr);
  return c ? formatIpv6(c.base + 1n) : undefined;
}
/** The IPv6 twin of a point-to-point link's IPv4 address: fd64::<the IPv4 address as 32 bits>, a /126 each side. */
const link6 = (v4: string): string => formatIpv6((0xfd64n << 112n) | BigInt(parseIpv4(v4)!));

export function planWorld(designs: readonly WorldDesign[]): Fact[] {
  const facts = new Map<string, Fact>();
  const add: Add = (layer, ns, owners, cmd) => {
    const body = 'ip' in cmd ? `ip ${cmd.ip}` : 'nft' in cmd ? 'nft' : 'serve' in cmd ? `serve ${cmd.serve}` : 'sh';
    const key = `${layer}|${ns}|${body}`;
    facts.set(key, { key, layer, ns, owners, ...cmd });
  };
  const namespace = (name: string, sysctl: string | undefined) => {
    add(L_NS, '', [], { ip: `netns add ${name}`, ipDel: `netns del ${name}` });
    if (sysctl) add(L_SYSCTL, name, [name], { sh: sysctl });
    add(L_ADDR, name, [name], { ip: 'link set lo up' });
  };
  const taken = new Set<number>();
  const anyVpc = designs.some((d) => d.model.vpcs.size > 0);
  if (anyVpc) {
    // Any of the internet's IPv6 hosts may originate a connection, as on IPv4 where each /24 on lo is local: binding
    // to an address that is local only by route needs ip_nonlocal_bind on IPv6.
    // The internet routes between the VPCs' links too (one instance reaching another by its public IP goes out and
    // back in through it), whatever the host's ip_forward that a new namespace may inherit.
    namespace(INTERNET_NS, 'echo 1 > /proc/sys/net/ipv4/ip_forward; for k in all default; do echo 0 > /proc/sys/net/ipv4/conf/$k/rp_filter; done; if [ -e /proc/sys/net/ipv6/ip_nonlocal_bind ]; then echo 1 > /proc/sys/net/ipv6/ip_nonlocal_bind; fi; true');
    // The documentation ranges (TEST-NET-1/2/3) are the internet's hosts: on lo, each whole /24 is local, so test
    // servers there answer any of its addresses, e.g. 198.51.100.100, the verdict's default internet address.
    for (const c of INTERNET_HOSTS) add(L_ADDR, INTERNET_NS, [INTERNET_NS], { ip: `addr add ${c} dev lo` });
    // Private and shared ranges are nobody on the internet: the internet cannot reach a VPC's private addresses.
    for (const c of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10']) add(L_ROUTE, INTERNET_NS, [INTERNET_NS], { ip: `route add blackhole ${c}` });
    if (designs.some((d) => d.ipv6 && d.ipv6.subnetCidrs.size > 0)) add(L_ROUTE, INTERNET_NS, [INTERNET_NS], { ip: `route add local ${INTERNET_HOSTS6} dev lo table local` });
  }
  for (const d of designs) planOne(d, add, namespace, taken);
  return [...facts.values()];
}

type Add = (layer: number, ns: string, owners: string[], cmd: { ip: string; ipDel?: string; delNs?: string } | { nft: string } | { sh: string } | { serve: string }) => void;

function planOne(d: WorldDesign, add: Add, namespace: (name: string, sysctl: string | undefined) => void, taken: Set<number>): void {
  const m = d.model;
  const v6 = d.ipv6 ?? NO_IPV6;
  const link = (ns: string, owners: string[], ip: string, del?: [string, string]) => add(L_LINK, ns, owners, { ip, ...(del ? { delNs: del[0], ipDel: del[1] } : {}) });
  /** A veth end on a subnet bridge: isolated, so its traffic turns round at the router (and meets the SGs there). */
  const port = (vpcId: string, owners: string[], dev: string, subnetId: string) => {
    add(L_ADDR, vpcId, owners, { ip: `link set ${dev} master ${bridgeName(subnetId)} up` });
    add(L_ADDR, vpcId, owners, { ip: `link set dev ${dev} type bridge_slave isolated on` });
  };
  const addr = (ns: string, ip: string) => add(L_ADDR, ns, [ns], { ip, ipDel: ip.replace(/^addr add/, 'addr del') });
  const route = (ns: string, ip: string) => add(L_ROUTE, ns, [ns], { ip, ipDel: ip.replace(/^(-6 )?(route|rule) add/, '$1$2 del') });
  const subnetCidr = (id: string) => parseCidr(d.subnetCidrs.get(id) ?? '');

  const igwLinks = new Map<string, [string, string]>();
  /** The VPC's link to the internet namespace: made for an internet gateway or an egress-only one (IPv6 only). */
  const links = new Map<string, [string, string]>();
  const publicByVpc = new Map<string, PublicMapping[]>();
  for (const vpc of m.vpcs.values()) {
    namespace(vpc.id, SYSCTL_ROUTER);
    publicByVpc.set(vpc.id, []);
    instanceServices(vpc.id, d.vpcCidrs.get(vpc.id)?.[0], add, (v6.vpcCidrs.get(vpc.id)?.length ?? 0) > 0);
    if (vpc.internetGatewayId || v6.eigwVpcs.has(vpc.id)) {
      const [inside, outside] = linkNet(`${vpc.id}/igw`, taken);
      links.set(vpc.id, [inside, outside]);
      if (vpc.internetGatewayId) igwLinks.set(vpc.id, [inside, outside]);
      const outer = `g${short(vpc.id)}`;
      link('', [vpc.id, INTERNET_NS], `link add g0 netns ${vpc.id} type veth peer name ${outer} netns ${INTERNET_NS}`, [vpc.id, 'link del g0']);
      addr(vpc.id, `addr add ${inside}/30 dev g0`);
      add(L_ADDR, vpc.id, [vpc.id], { ip: 'link set g0 up' });
      addr(INTERNET_NS, `addr add ${outside}/30 dev ${outer}`);
      add(L_ADDR, INTERNET_NS, [INTERNET_NS, vpc.id], { ip: `link set ${outer} up` });
      const blocks6 = v6.vpcCidrs.get(vpc.id) ?? [];
      if (blocks6.length > 0) {
        addr(vpc.id, `addr add ${link6(inside)}/126 dev g0 nodad`);
        addr(INTERNET_NS, `addr add ${link6(outside)}/126 dev ${outer} nodad`);
        for (const b of blocks6) route(INTERNET_NS, `route add ${b} via ${link6(inside)} dev ${outer}`);
      }
    }
  }
  for (const s of m.subnets.values()) {
    const c = subnetCidr(s.id);
    if (!c || !m.vpcs.has(s.vpcId)) continue;
    const br = bridgeName(s.id);
    link(s.vpcId, [s.vpcId], `link add ${br} type bridge`, [s.vpcId, `link del ${br}`]);
    addr(s.vpcId, `addr add ${routerOf(c)}/${c.prefix} dev ${br}`);
    add(L_ADDR, s.vpcId, [s.vpcId], { ip: `link set ${br} up` });
    // Proxy ARP answers at once (the default delays answers to broadcast requests by up to 0.8 s).
    add(L_ADDR, s.vpcId, [s.vpcId], { ip: `ntable change name arp_cache dev ${br} proxy_delay 0` });
    const gw6 = router6(v6.subnetCidrs.get(s.id) ?? '');
    if (gw6) addr(s.vpcId, `addr add ${gw6}/64 dev ${br} nodad`);
  }
  // Peering: a veth pair between the two VPC namespaces, a /30 each side; only routes make traffic use it.
  const pcxPeer = new Map<string, Map<string, string>>(); // pcx → vpc → the far side's address
  for (const p of m.peerings.values()) {
    if (!p.active || !m.vpcs.has(p.requesterVpcId) || !m.vpcs.has(p.accepterVpcId)) continue;
    const [a, b] = linkNet(p.id, taken);
    const dev = `p${short(p.id)}`;
    link('', [p.requesterVpcId, p.accepterVpcId], `link add ${dev} netns ${p.requesterVpcId} type veth peer name ${dev} netns ${p.accepterVpcId}`, [p.requesterVpcId, `link del ${dev}`]);
    addr(p.requesterVpcId, `addr add ${a}/30 dev ${dev}`);
    addr(p.accepterVpcId, `addr add ${b}/30 dev ${dev}`);
    add(L_ADDR, p.requesterVpcId, [p.requesterVpcId], { ip: `link set ${dev} up` });
    add(L_ADDR, p.accepterVpcId, [p.accepterVpcId], { ip: `link set ${dev} up` });
    // IPv6 crosses a peering too when the route tables send a peer's IPv6 block to it (VPC Peering Guide, "Update
    // your route tables for a VPC peering connection"): the link carries the IPv6 twins of its /30 addresses.
    if ((v6.vpcCidrs.get(p.requesterVpcId) ?? []).length > 0 || (v6.vpcCidrs.get(p.accepterVpcId) ?? []).length > 0) {
      addr(p.requesterVpcId, `addr add ${link6(a)}/126 dev ${dev} nodad`);
      addr(p.accepterVpcId, `addr add ${link6(b)}/126 dev ${dev} nodad`);
    }
    pcxPeer.set(p.id, new Map([[p.requesterVpcId, b], [p.accepterVpcId, a]]));
  }
  // NAT gateways: a namespace on their subnet's bridge that masquerades what it forwards.
  for (const n of m.natGateways.values()) {
    const s = m.subnets.get(n.subnetId);
    const c = s && subnetCidr(s.id);
    if (!n.available || !s || !c || !m.vpcs.has(s.vpcId)) continue;
    namespace(n.id, SYSCTL_ROUTER);
    const dev = `n${short(n.id)}`;
    link('', [s.vpcId, n.id], `link add ${dev} netns ${s.vpcId} type veth peer name eth0 netns ${n.id}`, [s.vpcId, `link del ${dev}`]);
    port(s.vpcId, [s.vpcId, n.id], dev, s.id);
    addr(n.id, `addr add ${n.privateIp}/${c.prefix} dev eth0`);
    add(L_ADDR, n.id, [n.id], { ip: 'link set eth0 up' });
    route(n.id, `route add default via ${routerOf(c)} dev eth0`);
    add(L_NFT, n.id, [n.id], { nft: natGatewayRules(n.privateIp) });
    if (n.publicIp) publicByVpc.get(s.vpcId)!.push({ publicIp: n.publicIp, privateIp: n.privateIp });
  }
  // Instances: a namespace each, one veth per interface on its subnet's bridge; their SGs go into the VPC's ruleset.
  const portsByVpc = new Map<string, SgPort[]>();
  for (const inst of d.instances) {
    const ifaces = inst.interfaces.map((x) => ({ ...x, model: m.interfaces.get(x.interfaceId) })).filter((x) => x.model && m.subnets.has(x.model.subnetId));
    if (ifaces.length === 0) continue;
    namespace(inst.id, undefined);
    for (const x of ifaces) {
      const s = m.subnets.get(x.model!.subnetId)!;
      const c = subnetCidr(s.id);
      if (!c || !m.vpcs.has(s.vpcId)) continue;
      const host = vethName(inst.id, x.deviceIndex);
      const eth = `eth${x.deviceIndex}`;
      link('', [s.vpcId, inst.id], `link add ${host} netns ${s.vpcId} type veth peer name ${eth} netns ${inst.id}`, [s.vpcId, `link del ${host}`]);
      port(s.vpcId, [s.vpcId, inst.id], host, s.id);
      for (const ip of x.privateIps) addr(inst.id, `addr add ${ip}/${c.prefix} dev ${eth}`);
      // IPv6 addresses as /128s with the router as the only neighbour: the bridge ports are isolated, so nothing in
      // the subnet is on-link (as the IPv4 side, where proxy ARP sends everything through the router).
      const gw6 = router6(v6.subnetCidrs.get(s.id) ?? '');
      const ips6 = gw6 ? x.ipv6s ?? [] : [];
      for (const ip of ips6) addr(inst.id, `addr add ${ip}/128 dev ${eth} nodad`);
      add(L_ADDR, inst.id, [inst.id], { ip: `link set ${eth} up` });
      if (x.deviceIndex === ifaces[0]!.deviceIndex) {
        route(inst.id, `route add default via ${routerOf(c)} dev ${eth}`);
        if (ips6.length > 0) {
          route(inst.id, `route add ${gw6}/128 dev ${eth}`);
          route(inst.id, `route add ::/0 via ${gw6} dev ${eth}`);
        }
      }
      if (x.model!.publicIp) publicByVpc.get(s.vpcId)!.push({ publicIp: x.model!.publicIp, privateIp: x.model!.privateIp });
      const ports = portsByVpc.get(s.vpcId) ?? [];
      ports.push({ id: x.interfaceId, ips: x.privateIps.length > 0 ? x.privateIps : [x.model!.privateIp], ips6, iface: x.model! });
      portsByVpc.set(s.vpcId, ports);
    }
  }
  // Virtual private gateways (attached): an "on-premises" namespace each, named by the VGW id (onprem.ts).
  const vgwLinks = planOnPremises(m, d.vpcCidrs, { namespace, link, addr, route, up: (ns, owners, dev) => add(L_ADDR, ns, owners, { ip: `link set ${dev} up` }), linkNet: (id) => linkNet(id, taken) });
  // Route tables: one kernel table each, chosen per subnet bridge by an ip rule; what the table lacks is unreachable.
  const tableRoutes = (vpcId: string, table: { routes: readonly RouteModel[] }, t: number) => {
    for (const r of table.routes) {
      const dest = r.destination;
      if (r.state === 'blackhole') {
        route(vpcId, `route add blackhole ${dest} table ${t}`);
        continue;
      }
      switch (r.targetType) {
        case 'local':
          route(vpcId, `route add blackhole ${dest} table ${t}`);
          for (const other of m.subnets.values()) {
            const oc = subnetCidr(other.id);
            if (other.vpcId === vpcId && oc) route(vpcId, `route add ${formatIpv4(oc.base)}/${oc.prefix} dev ${bridgeName(other.id)} table ${t}`);
          }
          break;
        case 'igw': {
          const l = igwLinks.get(vpcId);
          route(vpcId, l ? `route add ${dest} via ${l[1]} dev g0 table ${t}` : `route add blackhole ${dest} table ${t}`);
          break;
        }
        case 'nat': {
          const n = m.natGateways.get(r.targetId);
          const ns = n && m.subnets.get(n.subnetId);
          route(vpcId, n && ns && ns.vpcId === vpcId ? `route add ${dest} via ${n.privateIp} dev ${bridgeName(ns.id)} table ${t}` : `route add blackhole ${dest} table ${t}`);
          break;
        }
        case 'pcx': {
          const far = pcxPeer.get(r.targetId)?.get(vpcId);
          route(vpcId, far ? `route add ${dest} via ${far} dev p${short(r.targetId)} table ${t}` : `route add blackhole ${dest} table ${t}`);
          break;
        }
        case 'vgw': {
          // Only once attached: the verdict answers BAD_STATE_ATTACHMENT while the VGW is attaching.
          const l = vgwLinks.get(r.targetId);
          route(vpcId, l && l.vpcId === vpcId ? `route add ${dest} via ${l.outside} dev ${l.dev} table ${t}` : `route add blackhole ${dest} table ${t}`);
          break;
        }
        default:
          // Targets kumo does not build (transit gateways, middlebox ENIs) drop, as the verdict says CANNOT_ROUTE.
          route(vpcId, `route add blackhole ${dest} table ${t}`);
      }
    }
  };
  for (const s of m.subnets.values()) {
    const c = subnetCidr(s.id);
    const vpc = m.vpcs.get(s.vpcId);
    const table = m.routeTables.get(s.routeTableId);
    if (!c || !vpc || !table) continue;
    const t = tableOf(table.id);
    const br = bridgeName(s.id);
    route(s.vpcId, `rule add pref 100 iif ${br} lookup ${t}`);
    route(s.vpcId, `rule add pref 101 iif ${br} unreachable`);
    tableRoutes(s.vpcId, table, t);
  }
  // Gateway (edge) route tables: IPv4 entering from an internet gateway (after its 1:1 translation) or a VGW is routed
  // by the table associated with that gateway (VPC User Guide, "Gateway route tables"); its local route delivers, a
  // route to a middlebox ENI drops (not built; the verdict says CANNOT_ROUTE). Without one, the main table's subnets.
  for (const [gatewayId, tableId] of m.gatewayRouteTables ?? []) {
    const table = m.routeTables.get(tableId);
    const vgw = vgwLinks.get(gatewayId);
    const vpcId = vgw?.vpcId ?? [...m.vpcs.values()].find((v) => v.internetGatewayId === gatewayId && igwLinks.has(v.id))?.id;
    if (!table || !vpcId) continue;
    const dev = vgw ? vgw.dev : 'g0';
    const t = tableOf(table.id);
    route(vpcId, `rule add pref 100 iif ${dev} lookup ${t}`);
    route(vpcId, `rule add pref 101 iif ${dev} unreachable`);
    tableRoutes(vpcId, table, t);
  }
  for (const s of m.subnets.values()) planRoutes6(s, m, v6, links.get(s.vpcId), pcxPeer, route, subnetCidr);
  for (const vpc of m.vpcs.values()) {
    const subnets = [...m.subnets.values()].filter((s) => s.vpcId === vpc.id && subnetCidr(s.id));
    const publics = publicByVpc.get(vpc.id)!;
    // An egress-only gateway lets IPv6 out and the replies in, never a connection from outside: subnets whose table
    // does not send IPv6 to an internet gateway take no new connection arriving on the link.
    const closed6 = subnets.filter((s) => v6.subnetCidrs.has(s.id) && !(v6.routes.get(s.routeTableId) ?? []).some((r) => r.target === 'igw' && r.active && igwLinks.has(vpc.id))).map((s) => v6.subnetCidrs.get(s.id)!);
    add(L_NFT, vpc.id, [vpc.id], { nft: vpcRuleset(m, subnets.map((s) => ({ bridge: bridgeName(s.id), aclId: s.networkAclId })), igwLinks.has(vpc.id) ? publics : [], portsByVpc.get(vpc.id) ?? [], { sgRules: v6.sgRules, interfaceIps: v6.interfaceIps, aclEntries: v6.aclEntries, closedFromInternet: links.has(vpc.id) ? closed6 : [] }) });
    const l = igwLinks.get(vpc.id);
    if (l) for (const p of publics) route(INTERNET_NS, `route add ${p.publicIp}/32 via ${l[0]} dev g${short(vpc.id)}`);
  }
}

/**
 * IMDS at 169.254.169.254:80 and the Amazon resolver at the primary block's base + 2 and 169.254.169.253 (UDP and
 * TCP 53), local to the VPC namespace (on its lo), so an instance reaches them through its default route or, in the
 * subnet holding base + 2, by ARP, which the VPC namespace answers for its own addresses. Local traffic meets no
 * forward chain, so no SG or NACL filters it, as in AWS. The forwarder's listeners carry it to kumo.
 */
function instanceServices(vpcId: string, primary: string | undefined, add: Add, ipv6: boolean): void {
  const c = parseCidr(primary ?? '');
  const addresses = [IMDS_ADDRESS, DNS_LINK_LOCAL, ...(c ? [formatIpv4(c.base + 2)] : [])];
  for (const a of addresses) add(L_ADDR, vpcId, [vpcId], { ip: `addr add ${a}/32 dev lo`, ipDel: `addr del ${a}/32 dev lo` });
  add(L_NFT, vpcId, [vpcId], { serve: `imds ${IMDS_ADDRESS} 80` });
  for (const a of addresses.slice(1)) for (const tag of ['dns-udp', 'dns-tcp']) add(L_NFT, vpcId, [vpcId], { serve: `${tag} ${a} 53` });
  add(L_NFT, vpcId, [vpcId], { serve: `api ${IMDS_ADDRESS} ${KUMO_API_PORT}` });
  // A VPC with an IPv6 block also serves fd00:ec2::254 and ::253, reached like any address off the instance's /128:
  // through its ::/0 route to the subnet router. Whether IMDS answers there is the instance's HttpProtocolIpv6,
  // judged per connection by kumo (service-handlers.ts).
  if (!ipv6) return;
  for (const a of [IMDS_ADDRESS6, DNS_ADDRESS6]) add(L_ADDR, vpcId, [vpcId], { ip: `addr add ${a}/128 dev lo nodad`, ipDel: `addr del ${a}/128 dev lo` });
  add(L_NFT, vpcId, [vpcId], { serve: `imds ${IMDS_ADDRESS6} 80` });
  for (const tag of ['dns-udp', 'dns-tcp']) add(L_NFT, vpcId, [vpcId], { serve: `${tag} ${DNS_ADDRESS6} 53` });
}

/** A subnet's IPv6 routes in its route table's kernel table, chosen by an IPv6 rule on its bridge. */
function planRoutes6(s: NetworkModel['subnets'] extends ReadonlyMap<string, infer S> ? S : never, m: NetworkModel, v6: Ipv6Design, link: [string, string] | undefined, pcxPeer: ReadonlyMap<string, ReadonlyMap<string, string>>, route: (ns: string, ip: string) => void, subnetCidr: (id: string) => Cidr | undefined): void {
  const table = m.routeTables.get(s.routeTableId);
  if (!subnetCidr(s.id) || !m.vpcs.has(s.vpcId) || !table || !v6.subnetCidrs.has(s.id)) return;
  const t = tableOf(table.id);
  const br = bridgeName(s.id);
  // A rule's family comes from the command line, not the batch line: the helper runs `-6 ` lines as `ip -6 -batch`.
  route(s.vpcId, `-6 rule add pref 100 iif ${br} lookup ${t}`);
  route(s.vpcId, `-6 rule add pref 101 iif ${br} unreachable`);
  for (const r of v6.routes.get(table.id) ?? []) {
    const far = r.target === 'pcx' && r.targetId !== undefined ? pcxPeer.get(r.targetId)?.get(s.vpcId) : undefined;
    if (!r.active || r.target === 'other' || ((r.target === 'igw' || r.target === 'eigw') && !link) || (r.target === 'pcx' && !far)) {
      route(s.vpcId, `route add blackhole ${r.destination} table ${t}`);
      continue;
    }
    if (r.target === 'local') {
      route(s.vpcId, `route add blackhole ${r.destination} table ${t}`);
      for (const other of m.subnets.values()) {
        const c6 = v6.subnetCidrs.get(other.id);
        if (other.vpcId === s.vpcId && c6) route(s.vpcId, `route add ${c6} dev ${bridgeName(other.id)} table ${t}`);
      }
    } else if (far) route(s.vpcId, `route add ${r.destination} via ${link6(far)} dev p${short(r.targetId!)} table ${t}`);
    else route(s.vpcId, `route add ${r.destination} via ${link6(link![1])} dev g0 table ${t}`);
  }
}

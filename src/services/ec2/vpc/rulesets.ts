// nftables rulesets of the VPC world: one table per VPC namespace holding the network ACLs as stateless chains at the
// subnet boundaries (rule number order, first match, default deny), the security groups as stateful chains per
// interface and the internet gateway's 1:1 public-address NAT; and the NAT gateway's masquerade. Pure text builders.
import type { InterfaceModel, NetworkModel } from '../reachability.js';
import { type NaclEntryModel, protocolNumber, type SgRule } from '../rule-match.js';

/** A security group rule with an IPv6 peer (Ipv6Ranges). */
export interface SgRule6 {
  egress: boolean;
  protocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  cidr: string;
}
/** The IPv6 half of a VPC's rules (empty maps without IPv6). */
export interface Rules6 {
  sgRules: ReadonlyMap<string, readonly SgRule6[]>;
  interfaceIps: ReadonlyMap<string, readonly string[]>;
  aclEntries: ReadonlyMap<string, readonly NaclEntryModel[]>;
  /** IPv6 blocks that take no new connection from the internet link (egress-only). */
  closedFromInternet: readonly string[];
}
const NO_RULES6: Rules6 = { sgRules: new Map(), interfaceIps: new Map(), aclEntries: new Map(), closedFromInternet: [] };

export interface PublicMapping {
  publicIp: string;
  privateIp: string;
}

/** Each script replaces the namespace's `kumo` table atomically: nft applies one file as one transaction. */
const HEADER = 'table inet kumo\ndelete table inet kumo\n';

/** The protocol and port part of a rule: tcp/udp with a port range, icmp, another protocol number, or everything. */
function match(protocol: string, from: number | undefined, to: number | undefined): string | undefined {
  const p = protocolNumber(protocol);
  if (Number.isNaN(p)) return undefined;
  if (p === -1) return '';
  if (p === 6 || p === 17) {
    const lo = from ?? 0;
    const hi = to ?? 65535;
    const ports = lo <= 0 && hi >= 65535 ? '' : lo === hi ? ` th dport ${lo}` : ` th dport ${lo}-${hi}`;
    return `meta l4proto ${p === 6 ? 'tcp' : 'udp'}${ports}`;
  }
  return `meta l4proto ${p}`;
}

/** An address match of the rule's own family: 0.0.0.0/0 is every IPv4 packet and no IPv6 one, ::/0 the reverse. */
function addrMatch(dir: 'saddr' | 'daddr', cidr: string): string {
  if (cidr === '0.0.0.0/0') return 'meta nfproto ipv4 ';
  if (cidr === '::/0') return 'meta nfproto ipv6 ';
  return `${cidr.includes(':') ? 'ip6' : 'ip'} ${dir} ${cidr} `;
}

function sgRule(m: NetworkModel, v6: Rules6, vpcId: string | undefined, rule: SgRule, dir: 'saddr' | 'daddr'): string[] {
  const what = match(rule.protocol, rule.fromPort, rule.toPort);
  if (what === undefined) return [];
  const peers: string[] = [];
  if (rule.cidr !== undefined) peers.push(addrMatch(dir, rule.cidr));
  else if (rule.groupId !== undefined) {
    // A group reference admits the private addresses (IPv4 and IPv6) of the interfaces in that group right now.
    const members = [...m.interfaces.values()].filter((i) => i.groupIds.includes(rule.groupId!) && (vpcId === undefined || m.subnets.has(i.subnetId)));
    const four = [...new Set(members.flatMap((i) => (i.privateIps && i.privateIps.length > 0 ? i.privateIps : [i.privateIp])))].sort(); // secondary addresses too: a reference admits the members' interfaces
    const six = [...new Set(members.flatMap((i) => v6.interfaceIps.get(i.id) ?? []))].sort();
    if (four.length > 0) peers.push(`ip ${dir} { ${four.join(', ')} } `);
    if (six.length > 0) peers.push(`ip6 ${dir} { ${six.join(', ')} } `);
  } // prefix-list rules: no peer to admit
  return peers.map((peer) => `${peer}${what} accept`.replace(/ +/g, ' ').trim());
}

/** An interface of an instance that is up, in this VPC: its addresses (primary and secondary) and its groups. */
export interface SgPort {
  id: string;
  ips: readonly string[];
  ips6?: readonly string[];
  iface: InterfaceModel;
}

/** Interfaces with the same groups share a pair of chains (named after the groups), so a ruleset grows with the
 * distinct group sets, not the instances: nft sends a ruleset in one netlink batch, which in a user namespace is
 * bounded by the socket's buffer (net.core.wmem_max), and per-interface chains for 60 members of one group exceed it. */
const chainId = (groupIds: readonly string[]): string => [...new Set(groupIds)].sort().map((g) => g.slice(g.indexOf('-') + 1)).join('_') || 'none';

/**
 * The security groups of every interface in a VPC, enforced in the VPC namespace's forward path (every packet to or
 * from an instance is routed there, even within a subnet, since the bridge ports are isolated): replies of tracked
 * connections pass, a packet from an interface's address must match one of its groups' egress rules, a packet to it
 * one of their ingress rules, else it drops. One ruleset per VPC, so a group change is one nft transaction.
 */
function securityGroupChains(m: NetworkModel, ports: readonly SgPort[], v6: Rules6): string {
  const out: string[] = [];
  const inn: string[] = [];
  const out6: string[] = [];
  const inn6: string[] = [];
  const chains = new Map<string, string[]>();
  for (const p of ports) {
    const c = chainId(p.iface.groupIds);
    for (const ip of p.ips) {
      out.push(`${ip} : jump o_${c}`);
      inn.push(`${ip} : jump i_${c}`);
    }
    for (const ip of p.ips6 ?? []) {
      out6.push(`${ip} : jump o_${c}`);
      inn6.push(`${ip} : jump i_${c}`);
    }
    if (chains.has(c)) continue;
    const egress: string[] = [];
    const ingress: string[] = [];
    for (const gid of p.iface.groupIds) {
      const g = m.securityGroups.get(gid);
      if (!g) continue;
      for (const r of g.ingress) for (const text of sgRule(m, v6, g.vpcId, r, 'saddr')) ingress.push(text.replace(/accept$/, 'return'));
      for (const r of g.egress) for (const text of sgRule(m, v6, g.vpcId, r, 'daddr')) egress.push(text.replace(/accept$/, 'return'));
      for (const r of v6.sgRules.get(gid) ?? []) {
        const what = match(r.protocol, r.fromPort, r.toPort);
        if (what !== undefined) (r.egress ? egress : ingress).push(`${addrMatch(r.egress ? 'daddr' : 'saddr', r.cidr)}${what} return`.replace(/ +/g, ' ').trim());
      }
    }
    chains.set(c, [
      `  chain o_${c} {\n${[...egress, 'drop'].map((l) => `    ${l}\n`).join('')}  }`,
      `  chain i_${c} {\n${[...ingress, 'drop'].map((l) => `    ${l}\n`).join('')}  }`,
    ]);
  }
  let maps = out.length === 0 ? '' : `    ip saddr vmap { ${out.join(', ')} }\n    ip daddr vmap { ${inn.join(', ')} }\n`;
  if (out6.length > 0) maps += `    ip6 saddr vmap { ${out6.join(', ')} }\n    ip6 daddr vmap { ${inn6.join(', ')} }\n`;
  return `  chain sg {
    type filter hook forward priority filter + 10; policy accept;
    ct state established,related accept
${maps}  }
${[...chains.values()].flat().map((c) => `${c}\n`).join('')}`;
}

function aclChain(m: NetworkModel, v6: Rules6, aclId: string, egress: boolean): string[] {
  const acl = m.networkAcls.get(aclId);
  const lines: string[] = [];
  // IPv4 and IPv6 entries share one rule-number order; each matches only its own family.
  const entries = [...(acl?.entries ?? []), ...(v6.aclEntries.get(aclId) ?? [])].filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const e of entries) {
    const what = match(e.protocol, e.fromPort, e.toPort);
    if (what === undefined) continue;
    const text = `${addrMatch(egress ? 'daddr' : 'saddr', e.cidr)}${what} ${e.action === 'allow' ? 'return' : 'drop'}`;
    lines.push(`${text.replace(/ +/g, ' ').trim()} comment "rule ${e.ruleNumber}"`);
  }
  lines.push('drop comment "rule *"');
  return lines;
}

/**
 * A VPC namespace: each subnet bridge's NACL (outbound as packets leave the subnet, inbound as they enter; an allow
 * returns to the next check), and with an internet gateway the public ↔ private 1:1 translation on its link g0.
 * The router sends no ICMPv6 redirects (IPv4's are off by sysctl): a host told that a subnet neighbour is on-link
 * would ask for it on its isolated bridge port, get no answer and fail with EHOSTUNREACH, where AWS delivers.
 */
export function vpcRuleset(m: NetworkModel, subnets: readonly { bridge: string; aclId: string }[], publics: readonly PublicMapping[], ports: readonly SgPort[], v6: Rules6 = NO_RULES6): string {
  const jumps: string[] = [];
  const chains: string[] = [];
  for (const s of subnets) {
    // Within a subnet the packet turns round on its bridge (in and out of the same device): no NACL applies there.
    jumps.push(`iifname "${s.bridge}" oifname != "${s.bridge}" jump out_${s.bridge}`, `oifname "${s.bridge}" iifname != "${s.bridge}" jump in_${s.bridge}`);
    chains.push(`  chain out_${s.bridge} {\n${aclChain(m, v6, s.aclId, true).map((l) => `    ${l}\n`).join('')}  }`);
    chains.push(`  chain in_${s.bridge} {\n${aclChain(m, v6, s.aclId, false).map((l) => `    ${l}\n`).join('')}  }`);
  }
  const dnat = publics.map((p) => `    iifname "g0" ip daddr ${p.publicIp} dnat ip to ${p.privateIp}\n`).join('');
  const snat = publics.map((p) => `    oifname "g0" ip saddr ${p.privateIp} snat ip to ${p.publicIp}\n`).join('');
  return `${HEADER}table inet kumo {
  chain forward {
    type filter hook forward priority filter; policy accept;
${v6.closedFromInternet.map((c) => `    iifname "g0" ip6 daddr ${c} ct state new drop\n`).join('')}${jumps.map((l) => `    ${l}\n`).join('')}  }
  chain out {
    type filter hook output priority filter; policy accept;
    icmpv6 type nd-redirect drop
  }
${chains.join('\n')}
${securityGroupChains(m, ports, v6)}  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
${dnat}  }
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
${snat}  }
${publicOnly(publics)}}
`;
}

/**
 * After the 1:1 translation, IPv4 leaves by the internet link only from a public address of the VPC: an internet
 * gateway drops what an interface without a public IPv4 address sends it ("instances must have a public IPv4
 * address", VPC User Guide, "Enable internet access for a VPC using an internet gateway"). Without this, a private
 * source sent to another instance's public IP came back in through the internet namespace (found by the differential).
 */
function publicOnly(publics: readonly PublicMapping[]): string {
  const set = [...new Set(publics.map((p) => p.publicIp))].sort();
  const allowed = set.length === 0 ? '' : ` ip saddr != { ${set.join(', ')} }`;
  return `  chain igw_out {
    type filter hook postrouting priority srcnat + 1; policy accept;
    oifname "g0" meta nfproto ipv4${allowed} drop
  }
`;
}

/** A NAT gateway namespace: what it forwards leaves with its own private address (the IGW maps that to its EIP). */
export function natGatewayRules(privateIp: string): string {
  // It forwards only connections that it saw begin from inside (a TCP SYN, or any first UDP/ICMP packet) and their
  // replies: "external services can't initiate a connection with those instances" (VPC User Guide, "NAT gateways").
  // A reply of a connection that came in by another way (an instance's public IP, its subnet routing 0.0.0.0/0 to
  // the NAT gateway) is not the gateway's connection and drops, as the verdict says (the differential found it passed).
  return `${HEADER}table inet kumo {
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    ct state new tcp flags & (fin | syn | rst | ack) == syn accept
    ct state new meta l4proto != tcp accept
  }
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "eth0" ip saddr != ${privateIp} masquerade
  }
}
`;
}

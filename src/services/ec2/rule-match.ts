// How one packet meets security groups (stateful, any allow wins) and network ACLs (stateless, numbered rules,
// first match decides, default `*` deny). NACLs are judged over a port range so return traffic can be checked
// against the whole ephemeral range 1024–65535 (VPC User Guide, "Ephemeral ports"). IPv4 and IPv6 alike.
import { type Address, isIpv6, matchPrefix } from './address.js';

export interface SgRule {
  ruleId: string;
  /** "tcp", "udp", "icmp", "-1" or an IP protocol number, as EC2 stores IpProtocol. */
  protocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  cidr?: string | undefined;
  /** An Ipv6Ranges peer; it admits IPv6 traffic only, as `cidr` admits IPv4 only. */
  cidrIpv6?: string | undefined;
  groupId?: string | undefined;
}

export interface SecurityGroupModel {
  id: string;
  vpcId: string;
  ingress: readonly SgRule[];
  egress: readonly SgRule[];
}

export interface NaclEntryModel {
  ruleNumber: number;
  egress: boolean;
  /** "-1", "6", "17", "1" … as EC2 answers Protocol in NetworkAclEntry. */
  protocol: string;
  action: 'allow' | 'deny';
  cidr: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
}

export interface NetworkAclModel {
  id: string;
  /** The IPv4 entries (CidrBlock). */
  entries: readonly NaclEntryModel[];
  /** The IPv6 entries (Ipv6CidrBlock, `cidr` holding the IPv6 block); absent or empty, IPv6 traffic meets `*` deny. */
  ipv6Entries?: readonly NaclEntryModel[] | undefined;
}

/** IANA protocol number for EC2's protocol names; -1 means all. */
export function protocolNumber(protocol: string): number {
  switch (protocol.toLowerCase()) {
    case 'tcp':
      return 6;
    case 'udp':
      return 17;
    case 'icmp':
      return 1;
    case '-1':
    case 'all':
      return -1;
    default: {
      const n = Number(protocol);
      return Number.isInteger(n) ? n : Number.NaN;
    }
  }
}

function hasPorts(proto: number): boolean {
  return proto === 6 || proto === 17;
}

export interface Peer {
  /** IPv4 as a number, IPv6 as a bigint. */
  address: Address;
  /** Security groups of the peer's interface when it is reachable privately (group references match only then). */
  groupIds: readonly string[];
}

/** First SG rule (across the groups, in order) that admits the packet, or undefined when all groups refuse it. */
export function matchSecurityGroups(groups: readonly SecurityGroupModel[], direction: 'ingress' | 'egress', proto: number, port: number, peer: Peer): { groupId: string; rule: SgRule } | undefined {
  for (const group of groups) {
    for (const rule of group[direction]) {
      const ruleProto = protocolNumber(rule.protocol);
      if (ruleProto !== -1 && ruleProto !== proto) continue;
      if (ruleProto !== -1 && hasPorts(proto)) {
        const from = rule.fromPort ?? 0;
        const to = rule.toPort ?? 65535;
        if (port < from || port > to) continue;
      }
      const block = isIpv6(peer.address) ? rule.cidrIpv6 : rule.cidr;
      if (block !== undefined) {
        if (matchPrefix(block, peer.address) < 0) continue;
      } else if (rule.groupId !== undefined) {
        // A group reference admits the members' addresses of either family (VPC User Guide, "Security group
        // referencing"); the caller passes groupIds only for a private path.
        if (!peer.groupIds.includes(rule.groupId)) continue;
      } else continue;
      return { groupId: group.id, rule };
    }
  }
  return undefined;
}

export interface AclVerdict {
  allowed: boolean;
  /** The deciding rule number, or "*" for the default deny. */
  rule: string;
  entry?: NaclEntryModel;
}

/**
 * Judges every port in [lo, hi] against the ACL's rules in number order: a range is allowed only when allow rules
 * cover all of it before any deny rule or the default `*` deny touches a remaining port.
 */
export function evaluateAcl(acl: NetworkAclModel, egress: boolean, proto: number, peerAddress: Address, lo: number, hi: number): AclVerdict {
  const entries = (isIpv6(peerAddress) ? (acl.ipv6Entries ?? []) : acl.entries).filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  let remaining: [number, number][] = [[lo, hi]];
  for (const entry of entries) {
    const entryProto = protocolNumber(entry.protocol);
    if (entryProto !== -1 && entryProto !== proto) continue;
    if (matchPrefix(entry.cidr, peerAddress) < 0) continue;
    const all = entryProto === -1 || !hasPorts(proto);
    const from = all ? 0 : (entry.fromPort ?? 0);
    const to = all ? 65535 : (entry.toPort ?? 65535);
    const hit = remaining.some(([a, b]) => a <= to && from <= b);
    if (!hit) continue;
    if (entry.action === 'deny') return { allowed: false, rule: String(entry.ruleNumber), entry };
    remaining = remaining.flatMap(([a, b]): [number, number][] => {
      const out: [number, number][] = [];
      if (a < from) out.push([a, Math.min(b, from - 1)]);
      if (b > to) out.push([Math.max(a, to + 1), b]);
      return out;
    });
    if (remaining.length === 0) return { allowed: true, rule: String(entry.ruleNumber), entry };
  }
  return { allowed: false, rule: '*' };
}

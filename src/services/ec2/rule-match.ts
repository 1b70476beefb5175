// How one packet meets security groups (stateful, any allow wins) and network ACLs (stateless, numbered rules,
// first match decides, default `*` deny). NACLs are judged over a port range so return traffic can be checked
// against the whole ephemeral range 1024–65535 (VPC User Guide, "Ephemeral ports").
import { type Cidr, containsAddress, parseCidr } from './cidr.js';

export interface SgRule {
  ruleId: string;
  /** "tcp", "udp", "icmp", "-1" or an IP protocol number, as EC2 stores IpProtocol. */
  protocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  cidr?: string | undefined;
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
  entries: readonly NaclEntryModel[];
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

const cidrCache = new Map<string, Cidr | undefined>();
function cidrOf(text: string): Cidr | undefined {
  if (!cidrCache.has(text)) {
    if (cidrCache.size > 10000) cidrCache.clear();
    cidrCache.set(text, parseCidr(text));
  }
  return cidrCache.get(text);
}

export interface Peer {
  address: number;
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
      if (rule.cidr !== undefined) {
        const c = cidrOf(rule.cidr);
        if (!c || !containsAddress(c, peer.address)) continue;
      } else if (rule.groupId !== undefined) {
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
export function evaluateAcl(acl: NetworkAclModel, egress: boolean, proto: number, peerAddress: number, lo: number, hi: number): AclVerdict {
  const entries = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  let remaining: [number, number][] = [[lo, hi]];
  for (const entry of entries) {
    const entryProto = protocolNumber(entry.protocol);
    if (entryProto !== -1 && entryProto !== proto) continue;
    const c = cidrOf(entry.cidr);
    if (!c || !containsAddress(c, peerAddress)) continue;
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

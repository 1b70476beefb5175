// Security group rules: IpPermissions in and out of EC2's flat rule form (one rule per peer, each with an sgr- id),
// protocol names as EC2 stores them, and the exact duplicate text EC2 answers for InvalidPermission.Duplicate.
import type * as api from '../../generated/ec2/api.js';
import { ec2Error, notFound } from './errors.js';
import { ec2Id } from './ids.js';
import { parseRuleCidr, parseRuleCidr6 } from './network-rules.js';
import type { StoredSgRule } from './records.js';

/** Rules per group per direction (VPC quota "Inbound or outbound rules per security group", default 60). */
export const RULES_PER_GROUP = 60;

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

export function normaliseProtocol(protocol: string | undefined): string {
  const p = (protocol ?? '').toLowerCase();
  if (p === '') throw ec2Error('MissingParameter', 'The request must contain the parameter ipProtocol');
  const named = PROTOCOL_NAMES[p] ?? p;
  if (!['tcp', 'udp', 'icmp', 'icmpv6', '-1'].includes(named) && !/^\d{1,3}$/.test(named)) {
    throw ec2Error('InvalidParameterValue', `Invalid value '${protocol}' for IP protocol. Unknown protocol.`);
  }
  return named;
}

/** Flattens IpPermissions into one stored rule per peer. */
export function expandPermissions(permissions: readonly api.IpPermission[], egress: boolean, knownGroup: (id: string) => boolean, knownPrefixList: (id: string) => boolean = () => true): StoredSgRule[] {
  const rules: StoredSgRule[] = [];
  for (const p of permissions) {
    const protocol = normaliseProtocol(p.IpProtocol);
    const ports = protocol === '-1' ? {} : { fromPort: p.FromPort, toPort: p.ToPort };
    if ((protocol === 'tcp' || protocol === 'udp') && (p.FromPort === undefined || p.ToPort === undefined)) {
      throw ec2Error('InvalidParameterValue', `Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.`);
    }
    if ((protocol === 'tcp' || protocol === 'udp') && (p.FromPort! < 0 || p.ToPort! > 65535 || p.FromPort! > p.ToPort!)) {
      throw ec2Error('InvalidParameterValue', `Invalid TCP/UDP port range (${p.FromPort}, ${p.ToPort}).`);
    }
    const base = { egress, protocol, ...ports };
    for (const r of p.IpRanges ?? []) rules.push({ ruleId: ec2Id('sgr'), ...base, cidr: parseRuleCidr(r.CidrIp ?? '', 'cidrIp').text, description: r.Description });
    for (const r of p.Ipv6Ranges ?? []) rules.push({ ruleId: ec2Id('sgr'), ...base, cidrIpv6: parseRuleCidr6(r.CidrIpv6 ?? '', 'cidrIpv6').text, description: r.Description });
    for (const r of p.PrefixListIds ?? []) if (!knownPrefixList(r.PrefixListId ?? '')) throw notFound('pl', r.PrefixListId ?? '');
    for (const r of p.PrefixListIds ?? []) rules.push({ ruleId: ec2Id('sgr'), ...base, prefixListId: r.PrefixListId, description: r.Description });
    for (const r of p.UserIdGroupPairs ?? []) {
      if (r.GroupId === undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 security group references by name yet.', 501);
      if (!knownGroup(r.GroupId)) throw ec2Error('InvalidGroup.NotFound', `The security group '${r.GroupId}' does not exist`);
      rules.push({ ruleId: ec2Id('sgr'), ...base, groupId: r.GroupId, description: r.Description });
    }
  }
  return rules;
}

function sameRule(a: StoredSgRule, b: StoredSgRule): boolean {
  return a.egress === b.egress && a.protocol === b.protocol && (a.fromPort ?? -1) === (b.fromPort ?? -1) && (a.toPort ?? -1) === (b.toPort ?? -1) &&
    a.cidr === b.cidr && a.cidrIpv6 === b.cidrIpv6 && a.groupId === b.groupId && a.prefixListId === b.prefixListId;
}

export function findRule(rules: readonly StoredSgRule[], rule: StoredSgRule): StoredSgRule | undefined {
  return rules.find((r) => sameRule(r, rule));
}

// "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists" (real EC2).
export function duplicateRule(rule: StoredSgRule): Error {
  const peer = rule.cidr ?? rule.cidrIpv6 ?? rule.groupId ?? rule.prefixListId;
  const what = rule.protocol === '-1' ? 'ALL' : `${rule.protocol.toUpperCase()}, from port: ${rule.fromPort}, to port: ${rule.toPort}`;
  return ec2Error('InvalidPermission.Duplicate', `the specified rule "peer: ${peer}, ${what}, ALLOW" already exists`);
}

/** The rules of one direction grouped back into IpPermissions, as DescribeSecurityGroups answers them. */
export function toPermissions(rules: readonly StoredSgRule[], egress: boolean, account: string): api.IpPermission[] {
  const groups = new Map<string, api.IpPermission>();
  for (const r of rules) {
    if (r.egress !== egress) continue;
    const key = `${r.protocol}/${r.fromPort}/${r.toPort}`;
    let p = groups.get(key);
    if (!p) {
      p = { IpProtocol: r.protocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...(r.protocol === '-1' ? {} : { FromPort: r.fromPort!, ToPort: r.toPort! }) };
      groups.set(key, p);
    }
    const d = r.description !== undefined ? { Description: r.description } : {};
    if (r.cidr) p.IpRanges!.push({ CidrIp: r.cidr, ...d });
    if (r.cidrIpv6) p.Ipv6Ranges!.push({ CidrIpv6: r.cidrIpv6, ...d });
    if (r.prefixListId) p.PrefixListIds!.push({ PrefixListId: r.prefixListId, ...d });
    if (r.groupId) p.UserIdGroupPairs!.push({ GroupId: r.groupId, UserId: account, ...d });
  }
  return [...groups.values()];
}

/** One stored rule as DescribeSecurityGroupRules and the Authorize* results answer it. */
export function toRule(r: StoredSgRule, groupId: string, account: string): api.SecurityGroupRule {
  return {
    SecurityGroupRuleId: r.ruleId,
    GroupId: groupId,
    GroupOwnerId: account,
    IsEgress: r.egress,
    IpProtocol: r.protocol,
    FromPort: r.protocol === '-1' ? -1 : (r.fromPort ?? -1),
    ToPort: r.protocol === '-1' ? -1 : (r.toPort ?? -1),
    ...(r.cidr ? { CidrIpv4: r.cidr } : {}),
    ...(r.cidrIpv6 ? { CidrIpv6: r.cidrIpv6 } : {}),
    ...(r.prefixListId ? { PrefixListId: r.prefixListId } : {}),
    ...(r.groupId ? { ReferencedGroupInfo: { GroupId: r.groupId, UserId: account } } : {}),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    Tags: [],
  };
}

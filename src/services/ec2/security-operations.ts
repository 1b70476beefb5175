// Security groups (stateful: a default egress rule, rule ids, InvalidPermission.Duplicate, 60 rules a direction) and
// network ACLs (stateless: numbered rules 1–32766, allow/deny, the `*` rule, subnet associations).
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, next, require, scopeOf, tagsFor } from './context.js';
import { dependencyViolation, ec2Error, missingParameter } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { defaultAclEntries, ipv6AclEntries } from './network-setup.js';
import { parseRuleCidr, parseRuleCidr6 } from './network-rules.js';
import type { NetworkAclRecord, NetworkInterfaceRecord, SecurityGroupRecord, StoredSgRule, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import { isPrefixList } from './prefix-list-operations.js';
import { RULES_PER_GROUP, duplicateRule, expandPermissions, findRule, normaliseProtocol, toPermissions, toRule } from './security-group-rules.js';

export function presentGroup(g: SecurityGroupRecord): api.SecurityGroup {
  const { _rules, ...rest } = g;
  return { ...rest, IpPermissions: toPermissions(_rules, false, g.OwnerId!), IpPermissionsEgress: toPermissions(_rules, true, g.OwnerId!) };
}

const GROUP_FIELDS: FilterFields<SecurityGroupRecord> = {
  'group-id': (g) => g.GroupId,
  'group-name': (g) => g.GroupName,
  'description': (g) => g.Description,
  'vpc-id': (g) => g.VpcId,
  'owner-id': (g) => g.OwnerId,
  'ip-permission.cidr': (g) => g._rules.filter((r) => !r.egress).map((r) => r.cidr),
  'ip-permission.from-port': (g) => g._rules.filter((r) => !r.egress).map((r) => r.fromPort?.toString()),
  'ip-permission.to-port': (g) => g._rules.filter((r) => !r.egress).map((r) => r.toPort?.toString()),
  'ip-permission.protocol': (g) => g._rules.filter((r) => !r.egress).map((r) => r.protocol),
  'ip-permission.group-id': (g) => g._rules.filter((r) => !r.egress).map((r) => r.groupId),
  'egress.ip-permission.cidr': (g) => g._rules.filter((r) => r.egress).map((r) => r.cidr),
};

function defaultVpcId(uow: UnitOfWork, scope: Scope): string | undefined {
  return uow.list<VpcRecord>(scope, 'vpc').find((v) => v.IsDefault)?.VpcId;
}

export function createSecurityGroup(ec2: Ec2Context, ctx: RequestContext, input: api.CreateSecurityGroupRequest): api.CreateSecurityGroupResult {
  const scope = scopeOf(ctx);
  const name = input.GroupName ?? '';
  if (name.toLowerCase().startsWith('sg-')) throw ec2Error('InvalidParameterValue', 'Group names may not be in the format sg-*.');
  if (name.length > 255) throw ec2Error('InvalidParameterValue', `Invalid value '${name}' for groupName. Length exceeds maximum of 255.`);
  return ec2.store.write((uow) => {
    const vpcId = input.VpcId ?? defaultVpcId(uow, scope);
    if (vpcId === undefined) throw ec2Error('VPCIdNotSpecified', 'No default VPC for this user');
    require<VpcRecord>(uow, scope, 'vpc', vpcId, 'vpc');
    if (uow.list<SecurityGroupRecord>(scope, 'sg').some((g) => g.VpcId === vpcId && g.GroupName === name)) {
      throw ec2Error('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`);
    }
    const groupId = ec2Id('sg');
    const group: SecurityGroupRecord = {
      GroupId: groupId,
      GroupName: name,
      Description: input.Description,
      VpcId: vpcId,
      OwnerId: scope.account,
      SecurityGroupArn: `arn:aws:ec2:${scope.region}:${scope.account}:security-group/${groupId}`,
      Tags: tagsFor(input.TagSpecifications, 'security-group'),
      // A new group allows all outbound traffic (VPC User Guide, "Security group rules").
      _rules: [{ ruleId: ec2Id('sgr'), egress: true, protocol: '-1', cidr: '0.0.0.0/0' }],
    };
    uow.put(scope, 'sg', groupId, group);
    return { GroupId: groupId, SecurityGroupArn: group.SecurityGroupArn!, Tags: group.Tags! };
  });
}

function findGroup(uow: UnitOfWork, scope: Scope, groupId: string | undefined, groupName: string | undefined): SecurityGroupRecord {
  if (groupId !== undefined) return require<SecurityGroupRecord>(uow, scope, 'sg', groupId, 'sg');
  if (groupName === undefined) throw missingParameter('groupId');
  const vpcId = defaultVpcId(uow, scope);
  const g = uow.list<SecurityGroupRecord>(scope, 'sg').find((x) => x.VpcId === vpcId && x.GroupName === groupName);
  if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${groupName}' does not exist in default VPC '${vpcId ?? 'none'}'`);
  return g;
}

export function describeSecurityGroups(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeSecurityGroupsRequest): api.DescribeSecurityGroupsResult {
  const scope = scopeOf(ctx);
  const all = ec2.store.list<SecurityGroupRecord>(scope, 'sg');
  let ids = input.GroupIds;
  if (input.GroupNames && input.GroupNames.length > 0) {
    ids = [...(ids ?? []), ...ec2.store.write((uow) => input.GroupNames!.map((n) => findGroup(uow, scope, undefined, n).GroupId!))];
  }
  const r = describe(all, { ids, idOf: (g) => g.GroupId, notFoundPrefix: 'sg', filters: input.Filters, fields: GROUP_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { SecurityGroups: r.page.map(presentGroup), ...next(r) };
}

export function deleteSecurityGroup(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteSecurityGroupRequest): api.DeleteSecurityGroupResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const g = findGroup(uow, scope, input.GroupId, input.GroupName);
    if (g.GroupName === 'default') throw ec2Error('CannotDelete', `the specified group: "${g.GroupId}" name: "default" cannot be deleted by a user`);
    const usedByEni = uow.list<NetworkInterfaceRecord>(scope, 'eni').some((e) => e.Groups?.some((x) => x.GroupId === g.GroupId));
    const referenced = uow.list<SecurityGroupRecord>(scope, 'sg').some((o) => o.GroupId !== g.GroupId && o._rules.some((r) => r.groupId === g.GroupId));
    if (usedByEni || referenced) throw ec2Error('DependencyViolation', `resource ${g.GroupId} has a dependent object`);
    uow.delete(scope, 'sg', g.GroupId!);
    return { Return: true, GroupId: g.GroupId! };
  });
}

function authorize(ec2: Ec2Context, ctx: RequestContext, egress: boolean, groupId: string | undefined, groupName: string | undefined, permissions: api.IpPermission[]): { Return: boolean; SecurityGroupRules: api.SecurityGroupRule[] } {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const g = findGroup(uow, scope, groupId, groupName);
    const added = expandPermissions(permissions, egress, (id) => uow.get(scope, 'sg', id) !== undefined, (id) => isPrefixList(uow, scope, id));
    const rules = [...g._rules];
    for (const rule of added) {
      if (findRule(rules, rule)) throw duplicateRule(rule);
      rules.push(rule);
    }
    if (rules.filter((r) => r.egress === egress).length > RULES_PER_GROUP) throw ec2Error('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.');
    uow.put(scope, 'sg', g.GroupId!, { ...g, _rules: rules });
    return { Return: true, SecurityGroupRules: added.map((r) => toRule(r, g.GroupId!, scope.account)) };
  });
}

/** The legacy top-level form of AuthorizeSecurityGroupIngress (IpProtocol, FromPort, ToPort, CidrIp). */
function legacyPermissions(input: api.AuthorizeSecurityGroupIngressRequest | api.RevokeSecurityGroupIngressRequest): api.IpPermission[] {
  if (input.IpPermissions && input.IpPermissions.length > 0) return input.IpPermissions;
  if (input.SourceSecurityGroupName !== undefined) throw ec2Error('NotImplemented', 'kumo does not implement ec2 SourceSecurityGroupName yet.', 501);
  if (input.IpProtocol === undefined) throw missingParameter('ipPermissions');
  return [{ IpProtocol: input.IpProtocol, ...(input.FromPort !== undefined ? { FromPort: input.FromPort } : {}), ...(input.ToPort !== undefined ? { ToPort: input.ToPort } : {}), IpRanges: input.CidrIp !== undefined ? [{ CidrIp: input.CidrIp }] : [] }];
}

export function authorizeSecurityGroupIngress(ec2: Ec2Context, ctx: RequestContext, input: api.AuthorizeSecurityGroupIngressRequest): api.AuthorizeSecurityGroupIngressResult {
  return authorize(ec2, ctx, false, input.GroupId, input.GroupName, legacyPermissions(input));
}

export function authorizeSecurityGroupEgress(ec2: Ec2Context, ctx: RequestContext, input: api.AuthorizeSecurityGroupEgressRequest): api.AuthorizeSecurityGroupEgressResult {
  return authorize(ec2, ctx, true, input.GroupId, undefined, input.IpPermissions ?? []);
}

function revoke(ec2: Ec2Context, ctx: RequestContext, egress: boolean, groupId: string | undefined, groupName: string | undefined, permissions: api.IpPermission[], ruleIds: readonly string[] | undefined): { Return: boolean } {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const g = findGroup(uow, scope, groupId, groupName);
    let rules = [...g._rules];
    const remove = (found: StoredSgRule | undefined) => {
      if (!found) throw ec2Error('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
      rules = rules.filter((r) => r !== found);
    };
    for (const id of ruleIds ?? []) remove(rules.find((r) => r.ruleId === id && r.egress === egress));
    if (!ruleIds || ruleIds.length === 0) for (const rule of expandPermissions(permissions, egress, () => true)) remove(findRule(rules, rule));
    uow.put(scope, 'sg', g.GroupId!, { ...g, _rules: rules });
    return { Return: true };
  });
}

export function revokeSecurityGroupIngress(ec2: Ec2Context, ctx: RequestContext, input: api.RevokeSecurityGroupIngressRequest): api.RevokeSecurityGroupIngressResult {
  return revoke(ec2, ctx, false, input.GroupId, input.GroupName, input.SecurityGroupRuleIds?.length ? [] : legacyPermissions(input), input.SecurityGroupRuleIds);
}

export function revokeSecurityGroupEgress(ec2: Ec2Context, ctx: RequestContext, input: api.RevokeSecurityGroupEgressRequest): api.RevokeSecurityGroupEgressResult {
  return revoke(ec2, ctx, true, input.GroupId, undefined, input.IpPermissions ?? [], input.SecurityGroupRuleIds);
}

export function describeSecurityGroupRules(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeSecurityGroupRulesRequest): api.DescribeSecurityGroupRulesResult {
  const scope = scopeOf(ctx);
  const rules = ec2.store.list<SecurityGroupRecord>(scope, 'sg').flatMap((g) => g._rules.map((r) => toRule(r, g.GroupId!, scope.account)));
  const fields: FilterFields<api.SecurityGroupRule> = { 'group-id': (r) => r.GroupId, 'security-group-rule-id': (r) => r.SecurityGroupRuleId };
  const r = describe(rules, { ids: input.SecurityGroupRuleIds, idOf: (x) => x.SecurityGroupRuleId, notFoundPrefix: 'sgr', filters: input.Filters, fields, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { SecurityGroupRules: r.page, ...next(r) };
}

// ---- network ACLs ----

const ACL_FIELDS: FilterFields<NetworkAclRecord> = {
  'network-acl-id': (a) => a.NetworkAclId,
  'vpc-id': (a) => a.VpcId,
  'default': (a) => a.IsDefault,
  'owner-id': (a) => a.OwnerId,
  'association.subnet-id': (a) => (a.Associations ?? []).map((x) => x.SubnetId),
  'association.association-id': (a) => (a.Associations ?? []).map((x) => x.NetworkAclAssociationId),
  'association.network-acl-id': (a) => (a.Associations ?? []).map((x) => x.NetworkAclId),
  'entry.rule-number': (a) => (a.Entries ?? []).map((e) => String(e.RuleNumber)),
  'entry.rule-action': (a) => (a.Entries ?? []).map((e) => e.RuleAction),
  'entry.cidr': (a) => (a.Entries ?? []).map((e) => e.CidrBlock),
  'entry.egress': (a) => (a.Entries ?? []).map((e) => String(e.Egress)),
};

/** Entries in the order EC2 lists them: egress first, each direction by rule number. */
function sortEntries(entries: api.NetworkAclEntry[]): api.NetworkAclEntry[] {
  return entries.sort((a, b) => Number(b.Egress) - Number(a.Egress) || a.RuleNumber! - b.RuleNumber!);
}

export function createNetworkAcl(ec2: Ec2Context, ctx: RequestContext, input: api.CreateNetworkAclRequest): api.CreateNetworkAclResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    // A new custom NACL denies everything until rules are added (only the `*` rules).
    // In a VPC with IPv6, the `*` rules deny IPv6 too.
    const entries = [...defaultAclEntries(false), ...((vpc.Ipv6CidrBlockAssociationSet ?? []).length > 0 ? ipv6AclEntries(false) : [])];
    const acl: NetworkAclRecord = { NetworkAclId: ec2Id('acl'), VpcId: vpc.VpcId!, OwnerId: scope.account, IsDefault: false, Entries: sortEntries(entries), Associations: [], Tags: tagsFor(input.TagSpecifications, 'network-acl') };
    uow.put(scope, 'acl', acl.NetworkAclId!, acl);
    return { NetworkAcl: acl, ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  });
}

export function describeNetworkAcls(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeNetworkAclsRequest): api.DescribeNetworkAclsResult {
  const all = ec2.store.list<NetworkAclRecord>(scopeOf(ctx), 'acl');
  const r = describe(all, { ids: input.NetworkAclIds, idOf: (a) => a.NetworkAclId, notFoundPrefix: 'acl', filters: input.Filters, fields: ACL_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { NetworkAcls: r.page, ...next(r) };
}

export function deleteNetworkAcl(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteNetworkAclRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const acl = require<NetworkAclRecord>(uow, scope, 'acl', input.NetworkAclId, 'acl');
    if (acl.IsDefault) throw ec2Error('InvalidParameterValue', `cannot delete default network ACL ${acl.NetworkAclId}`);
    if ((acl.Associations ?? []).length > 0) throw dependencyViolation('networkAcl', acl.NetworkAclId!);
    uow.delete(scope, 'acl', acl.NetworkAclId!);
  });
}

type EntryInput = api.CreateNetworkAclEntryRequest | api.ReplaceNetworkAclEntryRequest;

function buildEntry(input: EntryInput): api.NetworkAclEntry {
  const n = input.RuleNumber ?? 0;
  if (n < 1 || n > 32766) throw ec2Error('InvalidParameterValue', `Value (${n}) for parameter ruleNumber is invalid. The rule number must be in the range 1 and 32766.`);
  // An entry matches IPv4 (CidrBlock) or IPv6 (Ipv6CidrBlock) traffic; rule numbers are shared by both per direction.
  if (input.CidrBlock !== undefined && input.Ipv6CidrBlock !== undefined) throw ec2Error('InvalidParameterCombination', 'Only one of cidrBlock and ipv6CidrBlock may be specified.');
  if (input.CidrBlock === undefined && input.Ipv6CidrBlock === undefined) throw missingParameter('cidrBlock or ipv6CidrBlock');
  const named = normaliseProtocol(input.Protocol);
  const protocol = ({ tcp: '6', udp: '17', icmp: '1', icmpv6: '58' } as Record<string, string>)[named] ?? named;
  const peer = input.CidrBlock !== undefined ? { CidrBlock: parseRuleCidr(input.CidrBlock, 'cidrBlock').text } : { Ipv6CidrBlock: parseRuleCidr6(input.Ipv6CidrBlock!, 'ipv6CidrBlock').text };
  const entry: api.NetworkAclEntry = { RuleNumber: n, Protocol: protocol, RuleAction: input.RuleAction, Egress: input.Egress, ...peer };
  if (protocol === '6' || protocol === '17') {
    if (input.PortRange?.From === undefined || input.PortRange.To === undefined) throw missingParameter('portRange');
    entry.PortRange = { From: input.PortRange.From, To: input.PortRange.To };
  }
  if ((protocol === '1' || protocol === '58') && input.IcmpTypeCode) entry.IcmpTypeCode = input.IcmpTypeCode;
  return entry;
}

export function createNetworkAclEntry(ec2: Ec2Context, ctx: RequestContext, input: api.CreateNetworkAclEntryRequest): void {
  const scope = scopeOf(ctx);
  const entry = buildEntry(input);
  ec2.store.write((uow) => {
    const acl = require<NetworkAclRecord>(uow, scope, 'acl', input.NetworkAclId, 'acl');
    if ((acl.Entries ?? []).some((e) => e.Egress === entry.Egress && e.RuleNumber === entry.RuleNumber)) {
      throw ec2Error('NetworkAclEntryAlreadyExists', `The network acl entry identified by ${entry.RuleNumber} already exists.`);
    }
    uow.put(scope, 'acl', acl.NetworkAclId!, { ...acl, Entries: sortEntries([...(acl.Entries ?? []), entry]) });
  });
}

export function replaceNetworkAclEntry(ec2: Ec2Context, ctx: RequestContext, input: api.ReplaceNetworkAclEntryRequest): void {
  const scope = scopeOf(ctx);
  const entry = buildEntry(input);
  ec2.store.write((uow) => {
    const acl = require<NetworkAclRecord>(uow, scope, 'acl', input.NetworkAclId, 'acl');
    const rest = (acl.Entries ?? []).filter((e) => !(e.Egress === entry.Egress && e.RuleNumber === entry.RuleNumber));
    if (rest.length === (acl.Entries ?? []).length) throw ec2Error('InvalidNetworkAclEntry.NotFound', `The network acl entry identified by ${entry.RuleNumber} does not exist.`);
    uow.put(scope, 'acl', acl.NetworkAclId!, { ...acl, Entries: sortEntries([...rest, entry]) });
  });
}

export function deleteNetworkAclEntry(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteNetworkAclEntryRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const acl = require<NetworkAclRecord>(uow, scope, 'acl', input.NetworkAclId, 'acl');
    const rest = (acl.Entries ?? []).filter((e) => !(e.Egress === input.Egress && e.RuleNumber === input.RuleNumber));
    if (rest.length === (acl.Entries ?? []).length || input.RuleNumber === 32767) {
      throw ec2Error('InvalidNetworkAclEntry.NotFound', `The network acl entry identified by ${input.RuleNumber} does not exist.`);
    }
    uow.put(scope, 'acl', acl.NetworkAclId!, { ...acl, Entries: rest });
  });
}

export function replaceNetworkAclAssociation(ec2: Ec2Context, ctx: RequestContext, input: api.ReplaceNetworkAclAssociationRequest): api.ReplaceNetworkAclAssociationResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const target = require<NetworkAclRecord>(uow, scope, 'acl', input.NetworkAclId, 'acl');
    const current = uow.list<NetworkAclRecord>(scope, 'acl').find((a) => a.Associations?.some((x) => x.NetworkAclAssociationId === input.AssociationId));
    if (!current) throw ec2Error('InvalidAssociationID.NotFound', `The association ID '${input.AssociationId ?? ''}' does not exist`);
    const association = current.Associations!.find((x) => x.NetworkAclAssociationId === input.AssociationId)!;
    if (current.VpcId !== target.VpcId) throw ec2Error('InvalidParameterValue', `Network ACL ${target.NetworkAclId} and subnet ${association.SubnetId} belong to different networks`);
    const moved = { NetworkAclAssociationId: ec2Id('aclassoc'), NetworkAclId: target.NetworkAclId!, SubnetId: association.SubnetId! };
    uow.put(scope, 'acl', current.NetworkAclId!, { ...current, Associations: current.Associations!.filter((x) => x !== association) });
    const fresh = uow.get<NetworkAclRecord>(scope, 'acl', target.NetworkAclId!)!;
    uow.put(scope, 'acl', target.NetworkAclId!, { ...fresh, Associations: [...(fresh.Associations ?? []), moved] });
    return { NewAssociationId: moved.NetworkAclAssociationId };
  });
}

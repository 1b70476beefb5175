// Managed prefix lists: customer-managed lists with versioned entries (create, modify with CurrentVersion, entries of
// any version, delete while unreferenced) and the AWS-managed S3 and DynamoDB lists, which routes and SG rules name.
// Sources: EC2 API Reference (CreateManagedPrefixList, ModifyManagedPrefixList, …) and VPC User Guide, "Prefix lists".
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, next, scopeOf, tagsFor } from './context.js';
import { ec2Error, invalidCidrParameter, missingParameter, notFound } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { paginate } from './filters.js';
import { parseCidr } from './cidr.js';
import { parseCidr6 } from './cidr6.js';
import type { RouteTableRecord, SecurityGroupRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';
import { awsManagedLists } from './prefix-list-catalogue.js';

/** The stored list: `_versions[n - 1]` holds the entries of version n, so GetManagedPrefixListEntries can name any. */
export type PrefixListRecord = api.ManagedPrefixList & { _versions: api.PrefixListEntry[][] };

/** "Maximum number of entries per prefix list": 1,000 (VPC quotas, "Prefix lists"). */
const MAX_ENTRIES = 1000;

/**
 * The region's AWS-managed lists (prefix-list-catalogue.ts says where ids and CIDRs come from). OwnerId is "AWS" and
 * they carry no MaxEntries or Version, as DescribeManagedPrefixLists shows them.
 */
function awsManaged(scope: Scope): PrefixListRecord[] {
  return awsManagedLists(scope.region).map((l) => ({
    PrefixListId: l.id, AddressFamily: 'IPv4', State: 'create-complete', PrefixListArn: `arn:aws:ec2:${scope.region}:aws:prefix-list/${l.id}`,
    PrefixListName: `com.amazonaws.${scope.region}.${l.service}`, Tags: [], OwnerId: 'AWS', _versions: [l.cidrs.map((Cidr) => ({ Cidr }))],
  }));
}

/** A list the caller can see (its own or AWS's), or InvalidPrefixListID.NotFound. */
export function prefixListOf(uow: Pick<UnitOfWork, 'get'>, scope: Scope, id: string | undefined): PrefixListRecord {
  if (id === undefined) throw missingParameter('prefixListId');
  const list = uow.get<PrefixListRecord>(scope, 'pl', id) ?? awsManaged(scope).find((l) => l.PrefixListId === id);
  if (!list) throw notFound('pl', id);
  return list;
}

export function isPrefixList(uow: Pick<UnitOfWork, 'get'>, scope: Scope, id: string): boolean {
  return uow.get(scope, 'pl', id) !== undefined || awsManaged(scope).some((l) => l.PrefixListId === id);
}

/** The CIDRs of a list's current version (routes and SG rules match against these). */
export function currentCidrs(list: PrefixListRecord): string[] {
  return (list._versions[list._versions.length - 1] ?? []).map((e) => e.Cidr!);
}

export function allPrefixLists(ec2: Ec2Context, scope: Scope): PrefixListRecord[] {
  return [...awsManaged(scope), ...ec2.store.list<PrefixListRecord>(scope, 'pl')];
}

const present = ({ _versions: _, ...list }: PrefixListRecord): api.ManagedPrefixList => list;

function entriesFor(family: string, entries: readonly api.AddPrefixListEntry[]): api.PrefixListEntry[] {
  return entries.map((e) => {
    const parsed = family === 'IPv6' ? parseCidr6(e.Cidr ?? '') : parseCidr(e.Cidr ?? '');
    if (!parsed) throw invalidCidrParameter(e.Cidr ?? '', 'cidr');
    return { Cidr: parsed.text, ...(e.Description !== undefined ? { Description: e.Description } : {}) };
  });
}

function checkMaxEntries(max: number | undefined): number {
  if (max === undefined) throw missingParameter('maxEntries');
  if (!Number.isInteger(max) || max < 1 || max > MAX_ENTRIES) throw ec2Error('InvalidParameterValue', `Value (${max}) for parameter maxEntries is invalid. Expecting a value between 1 and ${MAX_ENTRIES}.`);
  return max;
}

export function createManagedPrefixList(ec2: Ec2Context, ctx: RequestContext, input: api.CreateManagedPrefixListRequest): api.CreateManagedPrefixListResult {
  const scope = scopeOf(ctx);
  if (input.PrefixListName === undefined) throw missingParameter('prefixListName');
  if (input.AddressFamily !== 'IPv4' && input.AddressFamily !== 'IPv6') {
    throw ec2Error('InvalidParameterValue', `Value (${input.AddressFamily}) for parameter addressFamily is invalid. Valid values: IPv4, IPv6.`);
  }
  // Names beginning with com.amazonaws are reserved for AWS-managed lists (VPC User Guide, "Create a prefix list").
  if (input.PrefixListName.toLowerCase().startsWith('com.amazonaws')) throw ec2Error('InvalidParameterValue', `The prefix list name cannot start with 'com.amazonaws'.`);
  const max = checkMaxEntries(input.MaxEntries);
  const entries = entriesFor(input.AddressFamily, input.Entries ?? []);
  if (entries.length > max) throw ec2Error('PrefixListMaxEntriesExceeded', `The prefix list can have at most ${max} entries.`);
  const id = ec2Id('pl');
  const list: PrefixListRecord = {
    PrefixListId: id, AddressFamily: input.AddressFamily, State: 'create-complete', PrefixListArn: `arn:aws:ec2:${scope.region}:${scope.account}:prefix-list/${id}`,
    PrefixListName: input.PrefixListName, MaxEntries: max, Version: 1, Tags: tagsFor(input.TagSpecifications, 'prefix-list'), OwnerId: scope.account, _versions: [entries],
  };
  ec2.store.write((uow) => uow.put(scope, 'pl', id, list));
  return { PrefixList: present(list) };
}

const FIELDS: FilterFields<PrefixListRecord> = {
  'owner-id': (l) => l.OwnerId, 'prefix-list-id': (l) => l.PrefixListId, 'prefix-list-name': (l) => l.PrefixListName,
};

export function describeManagedPrefixLists(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeManagedPrefixListsRequest): api.DescribeManagedPrefixListsResult {
  const scope = scopeOf(ctx);
  for (const id of input.PrefixListIds ?? []) prefixListOf(ec2.store, scope, id);
  const r = describe(allPrefixLists(ec2, scope), { ids: input.PrefixListIds, idOf: (l) => l.PrefixListId, notFoundPrefix: 'pl', filters: input.Filters, fields: FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [1, 100] });
  return { PrefixLists: r.page.map(present), ...next(r) };
}

/** The older DescribePrefixLists answers the AWS-managed lists (for gateway endpoints) with their CIDRs. */
export function describePrefixLists(ec2: Ec2Context, ctx: RequestContext, input: api.DescribePrefixListsRequest): api.DescribePrefixListsResult {
  const scope = scopeOf(ctx);
  for (const id of input.PrefixListIds ?? []) if (!awsManaged(scope).some((l) => l.PrefixListId === id)) throw notFound('pl', id);
  const r = describe(awsManaged(scope), { ids: input.PrefixListIds, idOf: (l) => l.PrefixListId, notFoundPrefix: 'pl', filters: input.Filters, fields: FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken });
  return { PrefixLists: r.page.map((l) => ({ Cidrs: currentCidrs(l), PrefixListId: l.PrefixListId!, PrefixListName: l.PrefixListName! })), ...next(r) };
}

export function getManagedPrefixListEntries(ec2: Ec2Context, ctx: RequestContext, input: api.GetManagedPrefixListEntriesRequest): api.GetManagedPrefixListEntriesResult {
  const list = prefixListOf(ec2.store, scopeOf(ctx), input.PrefixListId);
  const version = input.TargetVersion ?? list._versions.length;
  const entries = list._versions[version - 1];
  if (!entries) throw ec2Error('InvalidParameterValue', `Value (${input.TargetVersion}) for parameter targetVersion is invalid. The prefix list has no such version.`);
  if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 100)) {
    throw ec2Error('InvalidParameterValue', `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 1 and 100.`);
  }
  const r = paginate(entries, input.MaxResults, input.NextToken);
  return { Entries: r.page, ...next(r) };
}

function ownList(uow: UnitOfWork, scope: Scope, id: string | undefined, operation: string): PrefixListRecord {
  const list = prefixListOf(uow, scope, id);
  if (list.OwnerId === 'AWS') throw ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation: ${operation} on the AWS-managed prefix list ${id}.`);
  return list;
}

export function modifyManagedPrefixList(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyManagedPrefixListRequest): api.ModifyManagedPrefixListResult {
  const scope = scopeOf(ctx);
  const changesEntries = (input.AddEntries?.length ?? 0) > 0 || (input.RemoveEntries?.length ?? 0) > 0;
  // EC2's refusal as quoted in a public issue thread (terraform-provider-aws #26034).
  if (changesEntries && input.MaxEntries !== undefined) throw ec2Error('InvalidParameterCombination', 'You cannot modify the entries and the maximum entries for the prefix list in the same request.');
  return ec2.store.write((uow) => {
    const list = ownList(uow, scope, input.PrefixListId, 'ModifyManagedPrefixList');
    let updated: PrefixListRecord = { ...list, State: 'modify-complete' };
    if (input.PrefixListName !== undefined) updated.PrefixListName = input.PrefixListName;
    if (input.MaxEntries !== undefined) {
      const max = checkMaxEntries(input.MaxEntries);
      if (currentCidrs(list).length > max) throw ec2Error('PrefixListMaxEntriesExceeded', `The prefix list can have at most ${max} entries.`);
      updated.MaxEntries = max;
    }
    if (changesEntries) {
      // Entries change only against the version the caller read: "If you specify a current version number that does
      // not match the true current version number, the request fails" (ModifyManagedPrefixList).
      if (input.CurrentVersion === undefined) throw missingParameter('currentVersion');
      if (input.CurrentVersion !== list.Version) throw ec2Error('PrefixListVersionMismatch', 'The prefix list has the incorrect version number.');
      const removed = entriesFor(list.AddressFamily!, (input.RemoveEntries ?? []).map((e) => ({ Cidr: e.Cidr ?? '' }))).map((e) => e.Cidr);
      const current = list._versions[list._versions.length - 1]!;
      // EC2's wording for an entry that exists: "An entry with the CIDR (fd00:FEED:BEEF::/48) and description (Test
      // IPv6 entry) already exists." (terraform-provider-aws #29204). For a missing one only the ending "does not
      // exist." is on record (terraform-provider-aws tests for it); the rest mirrors the first.
      const given = (cidr: string, all: readonly { Cidr?: string | undefined }[]) => all.find((e) => e.Cidr !== undefined && (parseCidr(e.Cidr)?.text ?? parseCidr6(e.Cidr)?.text) === cidr)?.Cidr ?? cidr;
      for (const cidr of removed) if (!current.some((e) => e.Cidr === cidr)) throw ec2Error('InvalidPrefixListModification', `An entry with the CIDR (${given(cidr!, input.RemoveEntries ?? [])}) does not exist.`);
      const kept = current.filter((e) => !removed.includes(e.Cidr));
      const added = entriesFor(list.AddressFamily!, input.AddEntries ?? []);
      for (const a of added) {
        const existing = kept.find((e) => e.Cidr === a.Cidr);
        if (existing) throw ec2Error('InvalidPrefixListModification', `An entry with the CIDR (${given(a.Cidr!, input.AddEntries ?? [])})${a.Description !== undefined ? ` and description (${a.Description})` : ''} already exists.`);
      }
      const entries = [...kept, ...added];
      if (entries.length > list.MaxEntries!) throw ec2Error('PrefixListMaxEntriesExceeded', `The prefix list can have at most ${list.MaxEntries} entries.`);
      updated = { ...updated, Version: list.Version + 1, _versions: [...list._versions, entries] };
    }
    uow.put(scope, 'pl', list.PrefixListId!, updated);
    return { PrefixList: present(updated) };
  });
}

/** A list that a route or a security group rule names cannot be deleted. */
export function deleteManagedPrefixList(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteManagedPrefixListRequest): api.DeleteManagedPrefixListResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const list = ownList(uow, scope, input.PrefixListId, 'DeleteManagedPrefixList');
    const id = list.PrefixListId!;
    const inRoute = uow.list<RouteTableRecord>(scope, 'rtb').some((t) => (t.Routes ?? []).some((r) => r.DestinationPrefixListId === id));
    const inGroup = uow.list<SecurityGroupRecord>(scope, 'sg').some((g) => g._rules.some((r) => r.prefixListId === id));
    if (inRoute || inGroup) throw ec2Error('DependencyViolation', `The prefix list '${id}' has dependencies and cannot be deleted.`);
    uow.delete(scope, 'pl', id);
    return { PrefixList: present({ ...list, State: 'delete-complete' }) };
  });
}

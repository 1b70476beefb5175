// DHCP option sets: create (EC2's known keys and their limits), describe with filters (the region's default set
// included), associate with a VPC ("default" = none), delete unless a VPC uses it.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, next, require, scopeOf, tagsFor, withTags } from './context.js';
import { dependencyViolation, ec2Error } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { defaultDhcpOptionsId } from './network-setup.js';
import type { VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

type DhcpRecord = api.DhcpOptions;

// Keys from the CreateDhcpOptions reference, with the most values each accepts.
const KEYS: Record<string, number> = {
  'domain-name': 1, 'domain-name-servers': 4, 'ntp-servers': 4, 'netbios-name-servers': 4, 'netbios-node-type': 1, 'ipv6-address-preferred-lease-time': 1,
};

/** The set AWS gives every region (AmazonProvidedDNS, the region's internal domain), made on first use. */
function ensureDefault(uow: UnitOfWork, scope: Scope): void {
  const id = defaultDhcpOptionsId(scope);
  if (uow.get(scope, 'dopt', id) || uow.get(scope, 'scope', 'dopt-default-deleted')) return;
  const domain = scope.region === 'us-east-1' ? 'ec2.internal' : `${scope.region}.compute.internal`;
  uow.put(scope, 'dopt', id, {
    DhcpOptionsId: id, OwnerId: scope.account, Tags: [],
    DhcpConfigurations: [{ Key: 'domain-name', Values: [{ Value: domain }] }, { Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] }],
  } satisfies DhcpRecord);
}

export function createDhcpOptions(ec2: Ec2Context, ctx: RequestContext, input: api.CreateDhcpOptionsRequest): api.CreateDhcpOptionsResult {
  const scope = scopeOf(ctx);
  const configs: api.DhcpConfiguration[] = [];
  for (const c of input.DhcpConfigurations ?? []) {
    const key = c.Key ?? '';
    const max = KEYS[key];
    if (max === undefined) throw ec2Error('InvalidParameterValue', `Value (${key}) for parameter name is invalid. Unknown DHCP option`);
    const values = c.Values ?? [];
    if (values.length === 0) throw ec2Error('InvalidParameterValue', `Value for parameter ${key} is invalid. Expecting at least one value`);
    if (values.length > max) throw ec2Error('InvalidParameterValue', `Value (${values.join(',')}) for parameter ${key} is invalid. Expecting at most ${max} value(s)`);
    if (key === 'netbios-node-type' && !['1', '2', '4', '8'].includes(values[0]!)) throw ec2Error('InvalidParameterValue', `Value (${values[0]!}) for parameter netbios-node-type is invalid. Expecting one of 1, 2, 4, 8`);
    configs.push({ Key: key, Values: values.map((Value) => ({ Value })) });
  }
  if (configs.length === 0) throw ec2Error('MissingParameter', 'The request must contain the parameter dhcpConfiguration');
  const record: DhcpRecord = { DhcpOptionsId: ec2Id('dopt'), OwnerId: scope.account, DhcpConfigurations: configs, Tags: tagsFor(input.TagSpecifications, 'dhcp-options') };
  ec2.store.write((uow) => uow.put(scope, 'dopt', record.DhcpOptionsId!, record));
  return { DhcpOptions: withTags(record) };
}

const FIELDS: FilterFields<DhcpRecord> = {
  'dhcp-options-id': (d) => d.DhcpOptionsId,
  'key': (d) => (d.DhcpConfigurations ?? []).map((c) => c.Key),
  'value': (d) => (d.DhcpConfigurations ?? []).flatMap((c) => (c.Values ?? []).map((v) => v.Value)),
  'owner-id': (d) => d.OwnerId,
};

export function describeDhcpOptions(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeDhcpOptionsRequest): api.DescribeDhcpOptionsResult {
  const scope = scopeOf(ctx);
  const all = ec2.store.write((uow) => {
    ensureDefault(uow, scope);
    return uow.list<DhcpRecord>(scope, 'dopt');
  });
  const r = describe(all, { ids: input.DhcpOptionsIds, idOf: (d) => d.DhcpOptionsId, notFoundPrefix: 'dopt', filters: input.Filters, fields: FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { DhcpOptions: r.page.map(withTags), ...next(r) };
}

export function associateDhcpOptions(ec2: Ec2Context, ctx: RequestContext, input: api.AssociateDhcpOptionsRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    ensureDefault(uow, scope);
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    // "default" associates no option set: instances then use AWS's defaults (AssociateDhcpOptions reference).
    if (input.DhcpOptionsId !== 'default') require<DhcpRecord>(uow, scope, 'dopt', input.DhcpOptionsId, 'dopt');
    uow.put(scope, 'vpc', vpc.VpcId!, { ...vpc, DhcpOptionsId: input.DhcpOptionsId });
  });
}

export function deleteDhcpOptions(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteDhcpOptionsRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    ensureDefault(uow, scope);
    const d = require<DhcpRecord>(uow, scope, 'dopt', input.DhcpOptionsId, 'dopt');
    if (uow.list<VpcRecord>(scope, 'vpc').some((v) => v.DhcpOptionsId === d.DhcpOptionsId)) throw dependencyViolation('dhcpOptions', d.DhcpOptionsId!);
    uow.delete(scope, 'dopt', d.DhcpOptionsId!);
    if (d.DhcpOptionsId === defaultDhcpOptionsId(scope)) uow.put(scope, 'scope', 'dopt-default-deleted', {});
  });
}

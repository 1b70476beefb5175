// CreateTags / DeleteTags / DescribeTags across every taggable EC2 resource, found by its id prefix; 50 tags a
// resource, `aws:` keys reserved, EC2's resource-type names in DescribeTags.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, next, scopeOf } from './context.js';
import { ec2Error, notFoundFor } from './errors.js';
import type { FilterFields } from './filters.js';
import type { PeeringRecord } from './records.js';
import type { Kind, Scope, UnitOfWork } from './resource-store.js';

const PREFIX_KINDS: Record<string, { kind: Kind; type: api.ResourceType; tagField?: 'TagSet' }> = {
  vpc: { kind: 'vpc', type: 'vpc' }, subnet: { kind: 'subnet', type: 'subnet' }, igw: { kind: 'igw', type: 'internet-gateway' },
  rtb: { kind: 'rtb', type: 'route-table' }, sg: { kind: 'sg', type: 'security-group' }, acl: { kind: 'acl', type: 'network-acl' },
  eni: { kind: 'eni', type: 'network-interface', tagField: 'TagSet' }, eipalloc: { kind: 'eip', type: 'elastic-ip' }, nat: { kind: 'nat', type: 'natgateway' },
  pcx: { kind: 'pcx', type: 'vpc-peering-connection' }, key: { kind: 'key', type: 'key-pair' }, i: { kind: 'instance', type: 'instance' },
  ami: { kind: 'ami', type: 'image' }, nip: { kind: 'nip', type: 'network-insights-path' }, nia: { kind: 'nia', type: 'network-insights-analysis' },
  lt: { kind: 'lt', type: 'launch-template' }, dopt: { kind: 'dopt', type: 'dhcp-options' },
  vol: { kind: 'vol', type: 'volume' }, eigw: { kind: 'eigw', type: 'egress-only-internet-gateway' },
  vgw: { kind: 'vgw', type: 'vpn-gateway' },
};

const TAGS_PER_RESOURCE = 50;

function locate(uow: UnitOfWork, scope: Scope, id: string): { kind: Kind; field: 'Tags' | 'TagSet'; record: Record<string, unknown> } {
  const prefix = id.slice(0, Math.max(0, id.indexOf('-')));
  const entry = PREFIX_KINDS[prefix];
  if (!entry) throw ec2Error('InvalidID', `The ID '${id}' is not valid`);
  const record = uow.get<Record<string, unknown>>(scope, entry.kind, id);
  if (!record) throw notFoundFor(id, prefix);
  return { kind: entry.kind, field: entry.tagField ?? 'Tags', record };
}

function save(uow: UnitOfWork, scope: Scope, kind: Kind, id: string, record: Record<string, unknown>): void {
  if (kind === 'pcx') {
    const p = record as unknown as PeeringRecord;
    uow.put(p._requester, 'pcx', id, record);
    uow.put(p._accepter, 'pcx', id, record);
  } else uow.put(scope, kind, id, record);
}

function checkKey(key: string | undefined): string {
  if (key === undefined || key === '') throw ec2Error('InvalidParameterValue', 'Tag key must not be empty');
  if (key.toLowerCase().startsWith('aws:')) throw ec2Error('InvalidParameterValue', `Value ( ${key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`);
  if (key.length > 128) throw ec2Error('InvalidParameterValue', `Tag key exceeds the maximum length of 128 characters`);
  return key;
}

export function createTags(ec2: Ec2Context, ctx: RequestContext, input: api.CreateTagsRequest): void {
  const scope = scopeOf(ctx);
  const tags = (input.Tags ?? []).map((t) => ({ Key: checkKey(t.Key), Value: t.Value ?? '' }));
  ec2.store.write((uow) => {
    for (const id of input.Resources ?? []) {
      const { kind, field, record } = locate(uow, scope, id);
      const current = new Map(((record[field] as api.Tag[] | undefined) ?? []).map((t) => [t.Key!, t.Value ?? '']));
      for (const t of tags) current.set(t.Key, t.Value);
      if (current.size > TAGS_PER_RESOURCE) throw ec2Error('TagLimitExceeded', `The maximum number of Tags for a resource has been reached.`);
      save(uow, scope, kind, id, { ...record, [field]: [...current].map(([Key, Value]) => ({ Key, Value })) });
    }
  });
}

export function deleteTags(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteTagsRequest): void {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    for (const id of input.Resources ?? []) {
      const { kind, field, record } = locate(uow, scope, id);
      const remove = input.Tags;
      // Without Tags every tag goes; a tag given with a Value is removed only when the value matches.
      const kept = ((record[field] as api.Tag[] | undefined) ?? []).filter((t) => remove !== undefined && remove.length > 0 && !remove.some((r) => r.Key === t.Key && (r.Value === undefined || r.Value === t.Value)));
      save(uow, scope, kind, id, { ...record, [field]: kept });
    }
  });
}

type TagRow = api.TagDescription & { Tags?: undefined };

export function describeTags(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeTagsRequest): api.DescribeTagsResult {
  const scope = scopeOf(ctx);
  const rows: TagRow[] = [];
  for (const entry of Object.values(PREFIX_KINDS)) {
    for (const record of ec2.store.list<Record<string, unknown>>(scope, entry.kind)) {
      const resourceId = idOf(entry.kind, record);
      for (const t of (record[entry.tagField ?? 'Tags'] as api.Tag[] | undefined) ?? []) rows.push({ Key: t.Key!, Value: t.Value ?? '', ResourceId: resourceId!, ResourceType: entry.type });
    }
  }
  const fields: FilterFields<TagRow> = { 'resource-id': (r) => r.ResourceId, 'resource-type': (r) => r.ResourceType, key: (r) => r.Key, value: (r) => r.Value };
  const r = describe(rows, { idOf: (x) => x.ResourceId, notFoundPrefix: 'tag', filters: input.Filters, fields, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { Tags: r.page, ...next(r) };
}

const ID_FIELDS: Partial<Record<Kind, string>> = {
  vpc: 'VpcId', subnet: 'SubnetId', igw: 'InternetGatewayId', rtb: 'RouteTableId', sg: 'GroupId', acl: 'NetworkAclId', eni: 'NetworkInterfaceId',
  eip: 'AllocationId', nat: 'NatGatewayId', pcx: 'VpcPeeringConnectionId', key: 'KeyPairId', instance: 'InstanceId', ami: 'ImageId',
  nip: 'NetworkInsightsPathId', nia: 'NetworkInsightsAnalysisId', eigw: 'EgressOnlyInternetGatewayId',
};

function idOf(kind: Kind, record: Record<string, unknown>): string | undefined {
  const field = ID_FIELDS[kind];
  return field ? (record[field] as string | undefined) : undefined;
}

// Egress-only internet gateways as data: created attached to one VPC (several per VPC are allowed), described with
// filters and paging (MaxResults 5–255), deleted with ReturnCode; routes reach them with DestinationIpv6CidrBlock.
// Source: EC2 API Reference, CreateEgressOnlyInternetGateway / DescribeEgressOnlyInternetGateways.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, next, require, scopeOf, tagsFor } from './context.js';
import { missingParameter } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import type { VpcRecord } from './records.js';

export type EgressOnlyGatewayRecord = api.EgressOnlyInternetGateway;

const FIELDS: FilterFields<EgressOnlyGatewayRecord> = {
  'egress-only-internet-gateway-id': (g) => g.EgressOnlyInternetGatewayId,
  'attachment.vpc-id': (g) => (g.Attachments ?? []).map((a) => a.VpcId),
  'attachment.state': (g) => (g.Attachments ?? []).map((a) => a.State),
};

export function createEgressOnlyInternetGateway(ec2: Ec2Context, ctx: RequestContext, input: api.CreateEgressOnlyInternetGatewayRequest): api.CreateEgressOnlyInternetGatewayResult {
  const scope = scopeOf(ctx);
  if (input.VpcId === undefined) throw missingParameter('VpcId');
  return ec2.store.write((uow) => {
    const vpc = require<VpcRecord>(uow, scope, 'vpc', input.VpcId, 'vpc');
    const gateway: EgressOnlyGatewayRecord = {
      Attachments: [{ State: 'attached', VpcId: vpc.VpcId! }],
      EgressOnlyInternetGatewayId: ec2Id('eigw'),
      Tags: tagsFor(input.TagSpecifications, 'egress-only-internet-gateway'),
    };
    uow.put(scope, 'eigw', gateway.EgressOnlyInternetGatewayId!, gateway);
    return { ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}), EgressOnlyInternetGateway: gateway };
  });
}

export function describeEgressOnlyInternetGateways(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeEgressOnlyInternetGatewaysRequest): api.DescribeEgressOnlyInternetGatewaysResult {
  const all = ec2.store.list<EgressOnlyGatewayRecord>(scopeOf(ctx), 'eigw');
  const r = describe(all, { ids: input.EgressOnlyInternetGatewayIds, idOf: (g) => g.EgressOnlyInternetGatewayId, notFoundPrefix: 'eigw', filters: input.Filters, fields: FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 255] });
  return { EgressOnlyInternetGateways: r.page, ...next(r) };
}

/** Routes that name a deleted gateway stay and turn blackhole, as for other gateways (route-operations' routeState). */
export function deleteEgressOnlyInternetGateway(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteEgressOnlyInternetGatewayRequest): api.DeleteEgressOnlyInternetGatewayResult {
  const scope = scopeOf(ctx);
  ec2.store.write((uow) => {
    const gateway = require<EgressOnlyGatewayRecord>(uow, scope, 'eigw', input.EgressOnlyInternetGatewayId, 'eigw');
    uow.delete(scope, 'eigw', gateway.EgressOnlyInternetGatewayId!);
  });
  return { ReturnCode: true };
}

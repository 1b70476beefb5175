// VPC peering: request/accept/reject/delete across accounts and regions with EC2's states and status messages,
// overlapping CIDRs failing the request, and at most 125 active peerings per VPC. One record is kept in both the
// requester's and the accepter's scope and updated together.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { overlaps, parseCidr } from './cidr.js';
import { type Ec2Context, describe, next, scopeOf, tagsFor } from './context.js';
import { ec2Error, notFound } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { ensureDefaultVpc } from './network-setup.js';
import type { PeeringRecord, VpcRecord } from './records.js';
import type { Scope, UnitOfWork } from './resource-store.js';

/** Active VPC peering connections per VPC (VPC quota, default 50, adjustable to 125; kumo allows the maximum). */
export const PEERINGS_PER_VPC = 125;
const EXPIRY_MS = 7 * 24 * 3600 * 1000;

const PEERING_FIELDS: FilterFields<PeeringRecord> = {
  'vpc-peering-connection-id': (p) => p.VpcPeeringConnectionId,
  'status-code': (p) => p.Status?.Code,
  'status-message': (p) => p.Status?.Message,
  'requester-vpc-info.vpc-id': (p) => p.RequesterVpcInfo?.VpcId,
  'requester-vpc-info.owner-id': (p) => p.RequesterVpcInfo?.OwnerId,
  'requester-vpc-info.cidr-block': (p) => p.RequesterVpcInfo?.CidrBlock,
  'accepter-vpc-info.vpc-id': (p) => p.AccepterVpcInfo?.VpcId,
  'accepter-vpc-info.owner-id': (p) => p.AccepterVpcInfo?.OwnerId,
  'accepter-vpc-info.cidr-block': (p) => p.AccepterVpcInfo?.CidrBlock,
};

/** The EC2 error list's code for the active-peerings quota, with its description as the message (no recording found). */
const activeLimit = () => ec2Error('ActiveVpcPeeringConnectionPerVpcLimitExceeded', "You've reached the limit on the number of active VPC peering connections you can have for the specified VPC.");

const NO_OPTIONS = { AllowDnsResolutionFromRemoteVpc: false, AllowEgressFromLocalClassicLinkToRemoteVpc: false, AllowEgressFromLocalVpcToRemoteClassicLink: false };

function vpcInfo(vpc: VpcRecord, scope: Scope): api.VpcPeeringConnectionVpcInfo {
  const blocks = (vpc.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated');
  return { CidrBlock: vpc.CidrBlock!, CidrBlockSet: blocks.map((b) => ({ CidrBlock: b.CidrBlock! })), OwnerId: scope.account, PeeringOptions: NO_OPTIONS, Region: scope.region, VpcId: vpc.VpcId! };
}

function save(uow: UnitOfWork, p: PeeringRecord): void {
  uow.put(p._requester, 'pcx', p.VpcPeeringConnectionId!, p);
  uow.put(p._accepter, 'pcx', p.VpcPeeringConnectionId!, p);
}

function activeCount(uow: UnitOfWork, scope: Scope, vpcId: string): number {
  return uow.list<PeeringRecord>(scope, 'pcx').filter((p) => p.Status?.Code === 'active' && (p.RequesterVpcInfo?.VpcId === vpcId || p.AccepterVpcInfo?.VpcId === vpcId)).length;
}

export function createVpcPeeringConnection(ec2: Ec2Context, ctx: RequestContext, input: api.CreateVpcPeeringConnectionRequest): api.CreateVpcPeeringConnectionResult {
  const requester = scopeOf(ctx);
  const accepter: Scope = { account: input.PeerOwnerId ?? ctx.account, region: input.PeerRegion ?? ctx.region };
  if (input.PeerVpcId === undefined) throw ec2Error('MissingParameter', 'The request must contain the parameter peerVpcId');
  ensureDefaultVpc(ec2, accepter);
  return ec2.store.write((uow) => {
    const vpc = uow.get<VpcRecord>(requester, 'vpc', input.VpcId);
    if (!vpc) throw notFound('vpc', input.VpcId ?? '');
    const peer = uow.get<VpcRecord>(accepter, 'vpc', input.PeerVpcId!);
    const sameScope = accepter.account === requester.account && accepter.region === requester.region;
    if (!peer && sameScope) throw notFound('vpc', input.PeerVpcId!);
    if (activeCount(uow, requester, vpc.VpcId!) >= PEERINGS_PER_VPC) {
      throw activeLimit();
    }
    const mine = (vpc.CidrBlockAssociationSet ?? []).map((a) => parseCidr(a.CidrBlock!)!);
    const theirs = (peer?.CidrBlockAssociationSet ?? []).map((a) => parseCidr(a.CidrBlock!)!);
    // EC2 accepts the request and fails the connection when the peer is wrong or the blocks overlap (CreateVpcPeeringConnection).
    const failed = !peer || mine.some((m) => theirs.some((t) => overlaps(m, t)));
    const now = ec2.clock.now();
    const record: PeeringRecord = {
      VpcPeeringConnectionId: ec2Id('pcx'),
      RequesterVpcInfo: vpcInfo(vpc, requester),
      AccepterVpcInfo: { OwnerId: accepter.account, Region: accepter.region, VpcId: input.PeerVpcId! },
      Status: failed ? { Code: 'failed', Message: 'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range' } : { Code: 'pending-acceptance', Message: `Pending Acceptance by ${accepter.account}` },
      ExpirationTime: new Date(now + EXPIRY_MS).toISOString() as unknown as Date,
      Tags: tagsFor(input.TagSpecifications, 'vpc-peering-connection'),
      _requester: requester,
      _accepter: accepter,
    };
    save(uow, record);
    return { VpcPeeringConnection: { ...record, Status: { Code: 'initiating-request', Message: `Initiating Request to ${accepter.account}` } } };
  });
}

function find(uow: UnitOfWork, scope: Scope, id: string | undefined): PeeringRecord {
  const p = id === undefined ? undefined : uow.get<PeeringRecord>(scope, 'pcx', id);
  if (!p) throw notFound('pcx', id ?? '');
  return p;
}

function transitionError(p: PeeringRecord, to: string): Error {
  return ec2Error('InvalidStateTransition', `Invalid state transition for ${p.VpcPeeringConnectionId}, attempted to transition from ${p.Status?.Code} to ${to}`);
}

export function acceptVpcPeeringConnection(ec2: Ec2Context, ctx: RequestContext, input: api.AcceptVpcPeeringConnectionRequest): api.AcceptVpcPeeringConnectionResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const p = find(uow, scope, input.VpcPeeringConnectionId);
    if (p._accepter.account !== scope.account || p._accepter.region !== scope.region) {
      throw ec2Error('OperationNotPermitted', `User ${scope.account} cannot accept peering ${p.VpcPeeringConnectionId}`);
    }
    if (p.Status?.Code !== 'pending-acceptance') throw transitionError(p, 'active');
    const peer = uow.get<VpcRecord>(scope, 'vpc', p.AccepterVpcInfo!.VpcId!)!;
    // Accepting makes the peering active for both VPCs, so both must be under the quota (the requester's may have
    // reached it with other peerings accepted since this request was made).
    if (activeCount(uow, scope, peer.VpcId!) >= PEERINGS_PER_VPC || activeCount(uow, p._requester, p.RequesterVpcInfo!.VpcId!) >= PEERINGS_PER_VPC) {
      throw activeLimit();
    }
    const accepted: PeeringRecord = { ...p, AccepterVpcInfo: vpcInfo(peer, scope), Status: { Code: 'active', Message: 'Active' } };
    delete accepted.ExpirationTime;
    save(uow, accepted);
    return { VpcPeeringConnection: { ...accepted, Status: { Code: 'provisioning', Message: 'Provisioning' } } };
  });
}

export function rejectVpcPeeringConnection(ec2: Ec2Context, ctx: RequestContext, input: api.RejectVpcPeeringConnectionRequest): api.RejectVpcPeeringConnectionResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const p = find(uow, scope, input.VpcPeeringConnectionId);
    if (p._accepter.account !== scope.account || p._accepter.region !== scope.region) {
      throw ec2Error('OperationNotPermitted', `User ${scope.account} cannot reject peering ${p.VpcPeeringConnectionId}`);
    }
    if (p.Status?.Code !== 'pending-acceptance') throw transitionError(p, 'rejected');
    save(uow, { ...p, Status: { Code: 'rejected', Message: `Rejected by ${scope.account}` } });
    return { Return: true };
  });
}

export function deleteVpcPeeringConnection(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteVpcPeeringConnectionRequest): api.DeleteVpcPeeringConnectionResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    const p = find(uow, scope, input.VpcPeeringConnectionId);
    const code = p.Status?.Code;
    if (code !== 'active' && code !== 'pending-acceptance') throw transitionError(p, 'deleted');
    save(uow, { ...p, Status: { Code: 'deleted', Message: `Deleted by ${scope.account}` } });
    return { Return: true };
  });
}

const sideName = { requester: 'Requester', accepter: 'Accepter' } as const;

/**
 * The DNS option of either side (AllowDnsResolutionFromRemoteVpc on one side: that VPC's instances' public DNS
 * hostnames resolve to their private IPs when asked from the peer VPC; VPC Peering Guide, "Enable DNS resolution for
 * a VPC peering connection"). Only on an active peering, and each side only by the owner of its VPC in its Region.
 * The ClassicLink options are deprecated and kept false.
 */
export function modifyVpcPeeringConnectionOptions(ec2: Ec2Context, ctx: RequestContext, input: api.ModifyVpcPeeringConnectionOptionsRequest): api.ModifyVpcPeeringConnectionOptionsResult {
  const scope = scopeOf(ctx);
  if (input.VpcPeeringConnectionId === undefined) throw ec2Error('MissingParameter', 'The request must contain the parameter VpcPeeringConnectionId');
  return ec2.store.write((uow) => {
    const p = find(uow, scope, input.VpcPeeringConnectionId);
    if (p.Status?.Code !== 'active') throw ec2Error('OperationNotPermitted', `Peering ${p.VpcPeeringConnectionId} is not active. Peering options can be added only to active peerings.`);
    const changes = { requester: input.RequesterPeeringConnectionOptions, accepter: input.AccepterPeeringConnectionOptions };
    let next = p;
    for (const side of ['requester', 'accepter'] as const) {
      const asked = changes[side];
      if (!asked) continue;
      const owner = side === 'requester' ? p._requester : p._accepter;
      // Message as EC2 words it for the Region (seen in AWS CDK users' reports); kumo's for the account follows it.
      if (owner.region !== scope.region) throw ec2Error('OperationNotPermitted', `${sideName[side]}'s VPC Peering connection options cannot be modified for a different region`);
      if (owner.account !== scope.account) throw ec2Error('OperationNotPermitted', `${sideName[side]}'s VPC Peering connection options cannot be modified for a different account`);
      const info = side === 'requester' ? next.RequesterVpcInfo! : next.AccepterVpcInfo!;
      const options = { ...NO_OPTIONS, ...info.PeeringOptions, ...(asked.AllowDnsResolutionFromRemoteVpc !== undefined ? { AllowDnsResolutionFromRemoteVpc: asked.AllowDnsResolutionFromRemoteVpc } : {}) };
      next = side === 'requester' ? { ...next, RequesterVpcInfo: { ...info, PeeringOptions: options } } : { ...next, AccepterVpcInfo: { ...info, PeeringOptions: options } };
    }
    save(uow, next);
    return {
      ...(changes.requester ? { RequesterPeeringConnectionOptions: next.RequesterVpcInfo!.PeeringOptions! } : {}),
      ...(changes.accepter ? { AccepterPeeringConnectionOptions: next.AccepterVpcInfo!.PeeringOptions! } : {}),
    };
  });
}

export function describeVpcPeeringConnections(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeVpcPeeringConnectionsRequest): api.DescribeVpcPeeringConnectionsResult {
  const all = ec2.store.list<PeeringRecord>(scopeOf(ctx), 'pcx');
  const r = describe(all, { ids: input.VpcPeeringConnectionIds, idOf: (p) => p.VpcPeeringConnectionId, notFoundPrefix: 'pcx', filters: input.Filters, fields: PEERING_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [5, 1000] });
  return { VpcPeeringConnections: r.page, ...next(r) };
}


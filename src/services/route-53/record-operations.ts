// Record set operations: ChangeResourceRecordSets (validated, applied atomically, committed, then patched into the
// DNS server before the reply), ListResourceRecordSets in Route 53's order with its pagination, and GetChange.
import { isIPv4, isIPv6 } from 'node:net';
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/route-53/api.js';
import { applyChangeBatch, InvalidChangeBatchError, type Change } from './change-batch.js';
import type { Route53Context } from './context.js';
import { invalidChangeBatch, invalidInput, noSuchChange } from './errors.js';
import { recordKey, storedName, toDnsRecordSet, type ResourceRecordSet } from './record-sets.js';
import { sortKey } from './store.js';
import { bareId, newChange, requireZone } from './zone-operations.js';

/** Route 53's checks on one change's shape and values, before the batch rules (messages as Route 53 words them). */
function shapeProblems(change: Change): string[] {
  const r = change.ResourceRecordSet;
  const name = storedName(r.Name);
  const hasRecords = r.TTL !== undefined && r.ResourceRecords !== undefined && r.ResourceRecords.length > 0;
  if (r.AliasTarget === undefined && !hasRecords) {
    return [`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]], but found none in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=${r.SetIdentifier ?? 'null'}]`];
  }
  if (r.AliasTarget !== undefined && (r.TTL !== undefined || r.ResourceRecords !== undefined)) {
    return [`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]], but found more than one in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=${r.SetIdentifier ?? 'null'}]`];
  }
  const problems: string[] = [];
  for (const { Value } of r.ResourceRecords ?? []) {
    if (r.Type === 'A' && !isIPv4(Value)) problems.push(`Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${Value}''`);
    if (r.Type === 'AAAA' && !isIPv6(Value)) problems.push(`Invalid Resource Record: 'FATAL problem: AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '${Value}''`);
  }
  const routed = r.Weight !== undefined || r.Failover !== undefined || r.Region !== undefined || r.GeoLocation !== undefined || r.MultiValueAnswer !== undefined;
  if (routed && r.SetIdentifier === undefined) problems.push(`Invalid request: Missing field 'SetIdentifier' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=null]`);
  if (!routed && r.SetIdentifier !== undefined && r.CidrRoutingConfig === undefined && r.GeoProximityLocation === undefined) {
    problems.push(`Invalid request: Unexpected field 'SetIdentifier' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=${r.SetIdentifier}]`);
  }
  return problems;
}

const same = (a: ResourceRecordSet, b: ResourceRecordSet) => JSON.stringify(a) === JSON.stringify(b);

export async function changeResourceRecordSets(s: Route53Context, ctx: RequestContext, input: api.ChangeResourceRecordSetsRequest): Promise<api.ChangeResourceRecordSetsResponse> {
  const zone = requireZone(s, ctx, input.HostedZoneId);
  const changes = input.ChangeBatch.Changes as unknown as Change[];
  if (changes.length === 0) throw invalidChangeBatch(['Invalid request: a change batch must contain at least one change.']);
  for (const c of changes) {
    const r = c.ResourceRecordSet;
    if (r.TrafficPolicyInstanceId !== undefined) throw notImplemented('route-53', 'ChangeResourceRecordSets', 'records of traffic policy instances');
    if (r.GeoProximityLocation !== undefined) throw notImplemented('route-53', 'ChangeResourceRecordSets', 'geoproximity routing');
    if (r.CidrRoutingConfig !== undefined) throw notImplemented('route-53', 'ChangeResourceRecordSets', 'IP-based (CIDR collection) routing');
  }
  const shape = changes.flatMap(shapeProblems);
  if (shape.length > 0) throw invalidChangeBatch(shape);
  // Every rule concerns record sets of one name, so only the names the batch touches are read.
  const names = [...new Set(changes.map((c) => storedName(c.ResourceRecordSet.Name)))];
  const current = s.store.recordsAt(zone.id, names);
  let next: ResourceRecordSet[];
  try {
    next = applyChangeBatch(zone.name, current, changes);
  } catch (e) {
    if (e instanceof InvalidChangeBatchError) throw invalidChangeBatch(e.messages);
    throw e;
  }
  const before = new Map(current.map((r) => [recordKey(r), r]));
  const after = new Map(next.map((r) => [recordKey(r), r]));
  const removed = current.filter((r) => !after.has(recordKey(r)) || !same(after.get(recordKey(r))!, r));
  const added = next.filter((r) => !before.has(recordKey(r)) || !same(before.get(recordKey(r))!, r));
  const change = s.store.transaction(() => {
    for (const r of removed) s.store.deleteRecord(zone.id, r);
    for (const r of added) s.store.putRecord(ctx.account, zone.id, r);
    return newChange(s, ctx, input.ChangeBatch.Comment);
  });
  // The DNS server answers from the batch before this call returns (GetChange then reports INSYNC).
  await s.dns.patchZone(
    zone.id,
    removed.flatMap((r) => toDnsRecordSet(r, zone.name) ?? []),
    added.flatMap((r) => toDnsRecordSet(r, zone.name) ?? []),
  );
  return { ChangeInfo: change };
}

export function listResourceRecordSets(s: Route53Context, ctx: RequestContext, input: api.ListResourceRecordSetsRequest): api.ListResourceRecordSetsResponse {
  const zone = requireZone(s, ctx, input.HostedZoneId);
  if (input.StartRecordType !== undefined && input.StartRecordName === undefined) throw invalidInput('The input is not valid: StartRecordType requires StartRecordName.');
  if (input.StartRecordIdentifier !== undefined && input.StartRecordType === undefined) throw invalidInput('The input is not valid: StartRecordIdentifier requires StartRecordType.');
  const limit = input.MaxItems === undefined ? 300 : Math.min(300, Math.max(1, Number(input.MaxItems) || 300));
  let start = '';
  if (input.StartRecordName !== undefined) {
    const probe: ResourceRecordSet = { Name: input.StartRecordName, Type: input.StartRecordType ?? '' };
    if (input.StartRecordIdentifier !== undefined) probe.SetIdentifier = input.StartRecordIdentifier;
    start = sortKey(probe);
    if (input.StartRecordType === undefined) start = start.slice(0, start.indexOf('\x01'));
    else if (input.StartRecordIdentifier === undefined) start = start.slice(0, start.lastIndexOf('\x01'));
  }
  const page = s.store.recordPage(zone.id, start, limit + 1);
  const out: api.ListResourceRecordSetsResponse = { ResourceRecordSets: page.slice(0, limit) as api.ResourceRecordSet[], IsTruncated: page.length > limit, MaxItems: String(limit) };
  const next = page[limit];
  if (next) {
    out.NextRecordName = next.Name;
    out.NextRecordType = next.Type as api.RRType;
    if (next.SetIdentifier !== undefined) out.NextRecordIdentifier = next.SetIdentifier;
  }
  return out;
}

export function getChange(s: Route53Context, ctx: RequestContext, input: api.GetChangeRequest): api.GetChangeResponse {
  const change = s.store.change(ctx.account, bareId(input.Id));
  if (!change) throw noSuchChange(bareId(input.Id));
  // Changes are in the DNS server's index before ChangeResourceRecordSets returns, so a change is INSYNC here.
  const info: api.ChangeInfo = { Id: `/change/${change.id}`, Status: 'INSYNC', SubmittedAt: new Date(change.submittedAt) };
  if (change.comment !== undefined) info.Comment = change.comment;
  return { ChangeInfo: info };
}

// Record set operations: ChangeResourceRecordSets (validated, applied atomically, committed, then patched into the
// DNS server before the reply), ListResourceRecordSets in Route 53's order with its pagination, and GetChange.
import { isIPv4, isIPv6 } from 'node:net';
import { notImplemented } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/route-53/api.js';
import { parseSvcb } from '../../net/dns/svcb.js';
import { aliasProblems } from './alias-targets.js';
import { applyChangeBatch, InvalidChangeBatchError, type Change } from './change-batch.js';
import type { Route53Context } from './context.js';
import { invalidChangeBatch, invalidInput, noSuchChange } from './errors.js';
import { proximityPoint, recordKey, storedName, toDnsRecordSet, type GeoProximityLocation, type ResourceRecordSet } from './record-sets.js';
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
    if (r.Type === 'SVCB' || r.Type === 'HTTPS') {
      // RFC 9460's rules (svcb.ts). No recording of Route 53's wording exists: the FATAL-problem form of its other
      // RDATA errors, with kumo's own reason.
      const reason = svcbProblem(Value);
      if (reason) problems.push(`Invalid Resource Record: 'FATAL problem: ${r.Type}RRDATAIllegalValue (${reason}) encountered with '${Value}''`);
    }
  }
  const routed =
    r.Weight !== undefined || r.Failover !== undefined || r.Region !== undefined || r.GeoLocation !== undefined || r.MultiValueAnswer !== undefined || r.CidrRoutingConfig !== undefined || r.GeoProximityLocation !== undefined;
  if (routed && r.SetIdentifier === undefined) problems.push(`Invalid request: Missing field 'SetIdentifier' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=null]`);
  if (!routed && r.SetIdentifier !== undefined) {
    problems.push(`Invalid request: Unexpected field 'SetIdentifier' in Change with [Action=${change.Action}, Name=${name}, Type=${r.Type}, SetIdentifier=${r.SetIdentifier}]`);
  }
  if (r.GeoProximityLocation !== undefined) problems.push(...proximityProblems(r.GeoProximityLocation));
  return problems;
}

function svcbProblem(value: string): string | undefined {
  try {
    parseSvcb(value);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Geoproximity: exactly one place (a region, a Local Zone group or coordinates) and a bias of -99 to 99. */
function proximityProblems(g: GeoProximityLocation): string[] {
  const given = (['AWSRegion', 'LocalZoneGroup', 'Coordinates'] as const).filter((k) => g[k] !== undefined);
  if (given.length !== 1) return [`Invalid request: Expected exactly one of [AWSRegion, LocalZoneGroup, Coordinates] in GeoProximityLocation, but found ${given.length === 0 ? 'none' : given.join(', ')}`];
  const problems: string[] = [];
  if (g.Bias !== undefined && (!Number.isInteger(g.Bias) || g.Bias < -99 || g.Bias > 99)) problems.push(`Invalid request: The bias ${g.Bias} is not valid; it must be an integer from -99 to 99`);
  if (proximityPoint(g) === undefined) {
    const what = g.Coordinates ? `coordinates ${g.Coordinates.Latitude}, ${g.Coordinates.Longitude}` : g.AWSRegion !== undefined ? `AWS Region ${g.AWSRegion}` : `Local Zone group ${g.LocalZoneGroup}`;
    problems.push(`Invalid request: The ${what} is not a valid geoproximity location`);
  }
  return problems;
}

/** IP-based records: the collection exists in this account, the location in it (or `*`), one collection per name and type. */
function cidrProblems(s: Route53Context, ctx: RequestContext, changes: readonly Change[]): string[] {
  const problems: string[] = [];
  for (const c of changes) {
    const cfg = c.ResourceRecordSet.CidrRoutingConfig;
    if (!cfg || c.Action === 'DELETE') continue;
    if (!s.cidr.get(ctx.account, cfg.CollectionId)) problems.push(`Invalid request: CIDR collection with ID ${cfg.CollectionId} does not exist`);
    else if (cfg.LocationName !== '*' && s.cidr.blocks(cfg.CollectionId, cfg.LocationName, undefined, 1).length === 0) {
      problems.push(`Invalid request: CIDR location ${cfg.LocationName} does not exist in collection ${cfg.CollectionId}`);
    }
  }
  return problems;
}

/** Route 53 routes a (name, type) group by one CIDR collection; a batch may not leave two in one group. */
function mixedCollections(next: readonly ResourceRecordSet[]): string[] {
  const byGroup = new Map<string, Set<string>>();
  for (const r of next) {
    if (!r.CidrRoutingConfig) continue;
    const key = `${storedName(r.Name)}|${r.Type}`;
    let set = byGroup.get(key);
    if (!set) byGroup.set(key, (set = new Set()));
    set.add(r.CidrRoutingConfig.CollectionId);
  }
  return [...byGroup].filter(([, ids]) => ids.size > 1).map(([key]) => `Invalid request: All IP-based resource record sets with the name and type ${key.replace('|', ' ')} must use the same CIDR collection`);
}

const same = (a: ResourceRecordSet, b: ResourceRecordSet) => JSON.stringify(a) === JSON.stringify(b);

export async function changeResourceRecordSets(s: Route53Context, ctx: RequestContext, input: api.ChangeResourceRecordSetsRequest): Promise<api.ChangeResourceRecordSetsResponse> {
  const zone = requireZone(s, ctx, input.HostedZoneId);
  const changes = input.ChangeBatch.Changes as unknown as Change[];
  if (changes.length === 0) throw invalidChangeBatch(['Invalid request: a change batch must contain at least one change.']);
  for (const c of changes) {
    const r = c.ResourceRecordSet;
    if (r.TrafficPolicyInstanceId !== undefined) throw notImplemented('route-53', 'ChangeResourceRecordSets', 'records of traffic policy instances');
  }
  const shape = [...changes.flatMap(shapeProblems), ...cidrProblems(s, ctx, changes)];
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
  const aliasTargets = changes.filter((c) => c.ResourceRecordSet.AliasTarget?.HostedZoneId.replace(/^\/?hostedzone\//, '') === zone.id).map((c) => storedName(c.ResourceRecordSet.AliasTarget!.DNSName));
  const targets = aliasTargets.length === 0 ? next : [...next, ...s.store.recordsAt(zone.id, aliasTargets.filter((n) => !names.includes(n)))];
  const problems = [...mixedCollections(next), ...aliasProblems(zone, changes, targets, s.names)];
  if (problems.length > 0) throw invalidChangeBatch(problems);
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
    removed.map((r) => toDnsRecordSet(r)),
    added.map((r) => toDnsRecordSet(r)),
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

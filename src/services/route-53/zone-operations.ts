// Hosted zone operations: create (with the NS and SOA records Route 53 makes and its delegation set), get, list,
// list by name, count, comment, delete (only when just the apex NS and SOA remain). Each change reaches DNS first.
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import { randomUpperAlnum } from '../../core/ids.js';
import type * as api from '../../generated/route-53/api.js';
import type { DnsZone } from '../../net/dns/records.js';
import type { Route53Context } from './context.js';
import { hostedZoneAlreadyExists, hostedZoneNotEmpty, invalidInput, invalidVpcId, noSuchHostedZone } from './errors.js';
import { storedName, toDnsRecordSet, type ResourceRecordSet } from './record-sets.js';
import type { Zone } from './store.js';

/** `/hostedzone/Z123` or `Z123` → `Z123` (clients send both; the SDKs strip the prefix). */
export function bareId(id: string): string {
  return id.replace(/^\/?(hostedzone|change|healthcheck)\//, '');
}

/** Four name servers in Route 53's style (one per TLD), fixed per zone id so they survive restarts. */
export function nameServersFor(zoneId: string): string[] {
  const h = createHash('sha256').update(zoneId).digest();
  const n = (i: number) => h.readUInt16BE(i * 2) % 2048;
  const s = (i: number) => String(h[8 + i]! % 64).padStart(2, '0');
  return [`ns-${n(0)}.awsdns-${s(0)}.com.`, `ns-${n(1)}.awsdns-${s(1)}.net.`, `ns-${n(2)}.awsdns-${s(2)}.org.`, `ns-${n(3)}.awsdns-${s(3)}.co.uk.`];
}

/** The SOA Route 53 creates: its first name server, awsdns-hostmaster, serial 1, and a 1-day negative TTL. */
export function defaultRecords(zoneName: string, nameServers: string[]): ResourceRecordSet[] {
  return [
    { Name: zoneName, Type: 'NS', TTL: 172800, ResourceRecords: nameServers.map((Value) => ({ Value })) },
    { Name: zoneName, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: `${nameServers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }] },
  ];
}

export function dnsZoneOf(zone: Zone, records: readonly ResourceRecordSet[]): DnsZone {
  const out: DnsZone = { id: zone.id, name: zone.name, order: zone.seq, records: records.map((r) => toDnsRecordSet(r)) };
  if (zone.privateZone) out.privateVpcs = zone.vpcs.map((v) => v.VPCId ?? '');
  return out;
}

export function newChange(s: Route53Context, ctx: RequestContext, comment?: string): api.ChangeInfo {
  const id = `C${randomUpperAlnum(20)}`;
  const now = s.clock.now();
  s.store.insertChange(ctx.account, id, now, comment);
  const info: api.ChangeInfo = { Id: `/change/${id}`, Status: 'PENDING', SubmittedAt: new Date(now) };
  if (comment !== undefined) info.Comment = comment;
  return info;
}

export function requireZone(s: Route53Context, ctx: RequestContext, id: string): Zone {
  const zone = s.store.zone(ctx.account, bareId(id));
  if (!zone) throw noSuchHostedZone(bareId(id));
  return zone;
}

function hostedZone(s: Route53Context, z: Zone): api.HostedZone {
  const config: api.HostedZoneConfig = { PrivateZone: z.privateZone };
  if (z.comment !== undefined) config.Comment = z.comment;
  return { Id: `/hostedzone/${z.id}`, Name: z.name, CallerReference: z.callerReference, Config: config, ResourceRecordSetCount: s.store.recordCount(z.id) };
}

function validateName(name: string): string {
  const n = storedName(name);
  const labels = n.replace(/\.$/, '').split('.');
  if (n.length > 255 || labels.some((l) => l.length === 0 || l.length > 63)) throw invalidInput(`${name} is not a valid domain name.`);
  return n;
}

export async function createHostedZone(s: Route53Context, ctx: RequestContext, input: api.CreateHostedZoneRequest): Promise<api.CreateHostedZoneResponse> {
  const name = validateName(input.Name);
  if (s.store.zoneByCallerReference(ctx.account, input.CallerReference)) throw hostedZoneAlreadyExists(name);
  const privateZone = input.VPC !== undefined;
  if (input.HostedZoneConfig?.PrivateZone && !privateZone) throw invalidInput('When you\'re creating a private hosted zone, you must specify a VPC.');
  if (input.VPC && !/^vpc-[0-9a-f]{8,17}$/.test(input.VPC.VPCId ?? '')) throw invalidVpcId();
  const id = `Z${randomUpperAlnum(20)}`;
  const nameServers = nameServersFor(id);
  const vpcs = input.VPC ? [{ VPCRegion: input.VPC.VPCRegion ?? ctx.region, VPCId: input.VPC.VPCId! }] : [];
  const records = defaultRecords(name, privateZone ? ['ns-0.awsdns-00.com.', 'ns-512.awsdns-00.net.', 'ns-1024.awsdns-00.org.', 'ns-1536.awsdns-00.co.uk.'] : nameServers);
  const { zone, change } = s.store.transaction(() => {
    const zone = s.store.insertZone({ account: ctx.account, id, name, callerReference: input.CallerReference, comment: input.HostedZoneConfig?.Comment, privateZone, vpcs, nameServers });
    for (const r of records) s.store.putRecord(ctx.account, id, r);
    return { zone, change: newChange(s, ctx) };
  });
  await s.dns.setZone(dnsZoneOf(zone, records));
  const out: api.CreateHostedZoneResponse = { HostedZone: hostedZone(s, zone), ChangeInfo: change, DelegationSet: { NameServers: nameServers }, Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${id}` };
  if (privateZone) {
    // A private zone has no delegation set (aws-recordings/route53 test_create_private_hosted_zone).
    delete (out as Partial<api.CreateHostedZoneResponse>).DelegationSet;
    out.VPC = vpcs[0] as api.VPC;
  }
  return out;
}

export function getHostedZone(s: Route53Context, ctx: RequestContext, input: api.GetHostedZoneRequest): api.GetHostedZoneResponse {
  const zone = requireZone(s, ctx, input.Id);
  const out: api.GetHostedZoneResponse = { HostedZone: hostedZone(s, zone) };
  if (zone.privateZone) out.VPCs = zone.vpcs as api.VPC[];
  else out.DelegationSet = { NameServers: zone.nameServers };
  return out;
}

function maxItems(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalidInput(`MaxItems must be a positive integer, not ${value}.`);
  return Math.min(n, fallback);
}

export function listHostedZones(s: Route53Context, ctx: RequestContext, input: api.ListHostedZonesRequest): api.ListHostedZonesResponse {
  if (input.DelegationSetId !== undefined) throw invalidInput('kumo has no reusable delegation sets; DelegationSetId matches no hosted zone.');
  const limit = maxItems(input.MaxItems, 100);
  let zones = s.store.zones(ctx.account);
  if (input.HostedZoneType === 'PrivateHostedZone') zones = zones.filter((z) => z.privateZone);
  if (input.Marker) zones = zones.filter((z) => z.id >= bareId(input.Marker!));
  const page = zones.slice(0, limit);
  const out: api.ListHostedZonesResponse = { HostedZones: page.map((z) => hostedZone(s, z)), Marker: input.Marker ?? '', IsTruncated: zones.length > limit, MaxItems: String(limit) };
  if (zones.length > limit) out.NextMarker = zones[limit]!.id;
  return out;
}

const reversed = (name: string) => name.replace(/\.$/, '').split('.').reverse().join('.');

export function listHostedZonesByName(s: Route53Context, ctx: RequestContext, input: api.ListHostedZonesByNameRequest): api.ListHostedZonesByNameResponse {
  const limit = maxItems(input.MaxItems, 100);
  const all = s.store.zones(ctx.account).sort((a, b) => (reversed(a.name) === reversed(b.name) ? (a.id < b.id ? -1 : 1) : reversed(a.name) < reversed(b.name) ? -1 : 1));
  let start = 0;
  if (input.DNSName !== undefined) {
    const from = reversed(storedName(input.DNSName));
    start = all.findIndex((z) => reversed(z.name) > from || (reversed(z.name) === from && (input.HostedZoneId === undefined || z.id >= bareId(input.HostedZoneId))));
    if (start < 0) start = all.length;
  }
  const rest = all.slice(start);
  const out: api.ListHostedZonesByNameResponse = { HostedZones: rest.slice(0, limit).map((z) => hostedZone(s, z)), IsTruncated: rest.length > limit, MaxItems: String(limit) };
  if (input.DNSName !== undefined) out.DNSName = storedName(input.DNSName);
  if (input.HostedZoneId !== undefined) out.HostedZoneId = bareId(input.HostedZoneId);
  if (rest.length > limit) {
    out.NextDNSName = rest[limit]!.name;
    out.NextHostedZoneId = rest[limit]!.id;
  }
  return out;
}

export function getHostedZoneCount(s: Route53Context, ctx: RequestContext): api.GetHostedZoneCountResponse {
  return { HostedZoneCount: s.store.zoneCount(ctx.account) };
}

export function updateHostedZoneComment(s: Route53Context, ctx: RequestContext, input: api.UpdateHostedZoneCommentRequest): api.UpdateHostedZoneCommentResponse {
  const zone = requireZone(s, ctx, input.Id);
  s.store.transaction(() => s.store.updateZoneComment(zone.id, input.Comment));
  return { HostedZone: hostedZone(s, { ...zone, comment: input.Comment }) };
}

export async function deleteHostedZone(s: Route53Context, ctx: RequestContext, input: api.DeleteHostedZoneRequest): Promise<api.DeleteHostedZoneResponse> {
  const zone = requireZone(s, ctx, input.Id);
  // The apex NS and SOA cannot be deleted, so any third record set is one the user made.
  if (s.store.recordCount(zone.id) > 2) throw hostedZoneNotEmpty();
  const change = s.store.transaction(() => {
    s.store.deleteZone(zone.id);
    s.store.deleteTags(ctx.account, 'hostedzone', zone.id);
    return newChange(s, ctx);
  });
  await s.dns.removeZone(zone.id);
  return { ChangeInfo: change };
}

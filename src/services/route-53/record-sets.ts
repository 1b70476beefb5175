// Route 53 record sets as the API carries them: name canonicalisation, identity (name, type, set identifier),
// ListResourceRecordSets ordering, and conversion to the DNS engine's form. Pure; the provider stores and commits.
import type { DnsRecordSet } from '../../net/dns/records.js';
import { REGIONS } from '../../net/dns/geography.js';

/** The API's ResourceRecordSet (members as in the Route 53 model). */
export interface ResourceRecordSet {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  Region?: string;
  GeoLocation?: { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string };
  Failover?: 'PRIMARY' | 'SECONDARY';
  MultiValueAnswer?: boolean;
  TTL?: number;
  ResourceRecords?: { Value: string }[];
  AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
  HealthCheckId?: string;
  TrafficPolicyInstanceId?: string;
  CidrRoutingConfig?: { CollectionId: string; LocationName: string };
  GeoProximityLocation?: GeoProximityLocation;
}

export interface GeoProximityLocation {
  AWSRegion?: string;
  LocalZoneGroup?: string;
  Coordinates?: { Latitude: string; Longitude: string };
  Bias?: number;
}

/** The region a Local Zone group belongs to: `us-west-2-lax-1` → `us-west-2`. */
function parentRegion(localZoneGroup: string): string | undefined {
  return /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)-/.exec(localZoneGroup)?.[1];
}

/**
 * Where a geoproximity record's resource stands: its region's (or Local Zone group's region's) coordinates, or its
 * own Coordinates; undefined when the location names no place kumo knows.
 */
export function proximityPoint(g: GeoProximityLocation): { lat: number; lon: number } | undefined {
  if (g.Coordinates) {
    const lat = Number(g.Coordinates.Latitude);
    const lon = Number(g.Coordinates.Longitude);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
    return { lat, lon };
  }
  const region = g.AWSRegion ?? (g.LocalZoneGroup !== undefined ? parentRegion(g.LocalZoneGroup) : undefined);
  const r = region === undefined ? undefined : REGIONS[region];
  return r ? { lat: r.lat, lon: r.lon } : undefined;
}

/**
 * Route 53's stored form of a name: lower case, absolute (trailing dot), and characters outside letters, digits,
 * hyphen, underscore and dot written as \ooo octal escapes (so `*` is returned as `\052`), as ListResourceRecordSets
 * shows them ("DNS domain name format", Route 53 Developer Guide).
 */
export function storedName(name: string): string {
  let n = name.trim();
  if (!n.endsWith('.')) n += '.';
  let out = '';
  for (let i = 0; i < n.length; i++) {
    const c = n[i]!;
    if (c === '\\' && /^\d{3}$/.test(n.slice(i + 1, i + 4))) {
      out += String.fromCharCode(Number.parseInt(n.slice(i + 1, i + 4), 8)).toLowerCase() === '*' ? '\\052' : n.slice(i, i + 4);
      i += 3;
    } else if (/[a-zA-Z0-9\-_.]/.test(c)) out += c.toLowerCase();
    else out += '\\' + c.charCodeAt(0).toString(8).padStart(3, '0');
  }
  return out;
}

/** The key a record set is identified by inside a zone. */
export function recordKey(r: Pick<ResourceRecordSet, 'Name' | 'Type' | 'SetIdentifier'>): string {
  return `${storedName(r.Name)}|${r.Type}|${r.SetIdentifier ?? ''}`;
}

/** Labels reversed, for Route 53's ordering: "sorted by name with the labels reversed, then by type". */
function reversedLabels(name: string): string {
  return name.replace(/\.$/, '').split('.').reverse().join('.');
}

export function compareRecordSets(a: ResourceRecordSet, b: ResourceRecordSet): number {
  const an = reversedLabels(storedName(a.Name));
  const bn = reversedLabels(storedName(b.Name));
  if (an !== bn) return an < bn ? -1 : 1;
  if (a.Type !== b.Type) return a.Type < b.Type ? -1 : 1;
  const ai = a.SetIdentifier ?? '';
  const bi = b.SetIdentifier ?? '';
  return ai === bi ? 0 : ai < bi ? -1 : 1;
}

/** The routing policy word Route 53 uses in its messages about mixed policies. */
export function policyWord(r: ResourceRecordSet): string | undefined {
  if (r.Weight !== undefined) return 'weighted';
  if (r.Failover !== undefined) return 'failover';
  if (r.Region !== undefined) return 'latency';
  if (r.GeoLocation !== undefined) return 'geo';
  if (r.MultiValueAnswer !== undefined) return 'multivalue answer';
  if (r.CidrRoutingConfig !== undefined) return 'CIDR';
  if (r.GeoProximityLocation !== undefined) return 'geoproximity';
  return undefined;
}

/** The DNS engine's form of a record set, aliases included (to this zone's record sets or to services' names). */
export function toDnsRecordSet(r: ResourceRecordSet): DnsRecordSet {
  const out: DnsRecordSet = { name: r.Name, type: r.Type, ttl: r.TTL ?? 0, values: (r.ResourceRecords ?? []).map((v) => v.Value) };
  if (r.SetIdentifier !== undefined) out.setIdentifier = r.SetIdentifier;
  if (r.Weight !== undefined) out.weight = r.Weight;
  if (r.Failover !== undefined) out.failover = r.Failover;
  if (r.Region !== undefined) out.region = r.Region;
  if (r.MultiValueAnswer) out.multiValueAnswer = true;
  if (r.HealthCheckId !== undefined) out.healthCheckId = r.HealthCheckId;
  if (r.GeoLocation) {
    const g: { continent?: string; country?: string; subdivision?: string } = {};
    if (r.GeoLocation.ContinentCode) g.continent = r.GeoLocation.ContinentCode;
    if (r.GeoLocation.CountryCode) g.country = r.GeoLocation.CountryCode;
    if (r.GeoLocation.SubdivisionCode) g.subdivision = r.GeoLocation.SubdivisionCode;
    out.geo = g;
  }
  if (r.CidrRoutingConfig) out.cidr = { collection: r.CidrRoutingConfig.CollectionId, location: r.CidrRoutingConfig.LocationName };
  if (r.GeoProximityLocation) {
    const point = proximityPoint(r.GeoProximityLocation);
    if (point) out.proximity = { ...point, bias: r.GeoProximityLocation.Bias ?? 0 };
  }
  // Aliases name a record set of this zone or another service's name (a load balancer, a distribution); the DNS
  // engine tells them apart by whether the target lies in the zone.
  if (r.AliasTarget) out.alias = { name: storedName(r.AliasTarget.DNSName), evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth };
  return out;
}

// Load balancer operations: create (idempotent for the same settings), describe, delete, listeners, subnets, zones
// and security groups. Each enabled zone is a node on its own loopback address (dataplane/plane.ts).
import { notImplemented, type AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing/api.js';
import { modeledError } from '../../generated/elastic-load-balancing/errors.js';
import type { Clb } from './context.js';
import { defaultSubnets, securityGroups, subnetsById, type SubnetInfo } from './ec2-lookup.js';
import { checkName, dnsName, hostedZoneId, layer, normalizeProtocol, validationError } from './names.js';
import { APP_COOKIE, LB_COOKIE } from './policy-types.js';
import type { ClbRecord, ListenerEntry } from './records.js';

export function notDone(operation: string, feature: string): AwsError {
  return notImplemented('elastic-load-balancing', operation, feature);
}

/** "There is no ACTIVE Load Balancer named 'x'" (AWS's LoadBalancerNotFound). */
export function findLb(s: Clb, ctx: RequestContext, name: string): ClbRecord {
  const rec = s.state.get(ctx, name);
  if (!rec) throw modeledError('AccessPointNotFoundException', `There is no ACTIVE Load Balancer named '${name}'`);
  return rec;
}

/** Copies a record so a rejected request leaves the stored one untouched. */
export function clone(rec: ClbRecord): ClbRecord {
  return structuredClone(rec);
}

function toListener(l: Api.Listener): ListenerEntry {
  const protocol = normalizeProtocol(l.Protocol);
  const instanceProtocol = l.InstanceProtocol ? normalizeProtocol(l.InstanceProtocol) : layer(protocol) === 7 ? 'HTTP' : 'TCP';
  if (layer(protocol) !== layer(instanceProtocol)) {
    throw modeledError('InvalidConfigurationRequestException', `Listener protocol '${protocol}' and instance protocol '${instanceProtocol}' must both be layer 7 (HTTP, HTTPS) or both layer 4 (TCP, SSL)`);
  }
  if (l.LoadBalancerPort < 1 || l.LoadBalancerPort > 65535) throw validationError(`LoadBalancerPort ${l.LoadBalancerPort} must be between 1 and 65535`);
  if (l.InstancePort < 1 || l.InstancePort > 65535) throw validationError(`InstancePort ${l.InstancePort} must be between 1 and 65535`);
  const secure = protocol === 'HTTPS' || protocol === 'SSL';
  if (secure && !l.SSLCertificateId) throw modeledError('CertificateNotFoundException', 'Listeners using HTTPS or SSL need an SSLCertificateId');
  return {
    listener: { Protocol: protocol, LoadBalancerPort: l.LoadBalancerPort, InstanceProtocol: instanceProtocol, InstancePort: l.InstancePort, ...(secure ? { SSLCertificateId: l.SSLCertificateId! } : {}) },
    policyNames: [],
  };
}

function sameListener(a: ListenerEntry, b: ListenerEntry): boolean {
  const x = a.listener;
  const y = b.listener;
  return x.Protocol === y.Protocol && x.InstancePort === y.InstancePort && x.InstanceProtocol === y.InstanceProtocol && (x.SSLCertificateId ?? '') === (y.SSLCertificateId ?? '');
}

/** Adds listeners; the same port with other settings is DuplicateListener (CreateLoadBalancerListeners reference). */
function addListeners(rec: ClbRecord, listeners: Api.Listener[]): void {
  for (const l of listeners) {
    const entry = toListener(l);
    const existing = rec.listeners.find((x) => x.listener.LoadBalancerPort === entry.listener.LoadBalancerPort);
    if (existing) {
      if (sameListener(existing, entry)) continue;
      throw modeledError('DuplicateListenerException', `A listener already exists for ${rec.name} with LoadBalancerPort ${entry.listener.LoadBalancerPort}, but with a different InstancePort, Protocol, or SSLCertificateId`);
    }
    rec.listeners.push(entry);
  }
}

async function placement(s: Clb, ctx: RequestContext, input: { Subnets?: string[] | undefined; AvailabilityZones?: string[] | undefined }): Promise<SubnetInfo[]> {
  const subnets = input.Subnets?.length ? await subnetsById(s, ctx, input.Subnets) : input.AvailabilityZones?.length ? await defaultSubnets(s, ctx, [...new Set(input.AvailabilityZones)]) : [];
  if (subnets.length === 0) throw validationError('Either AvailabilityZones or SubnetIds must be specified');
  checkPlacement(subnets);
  return subnets;
}

function checkPlacement(subnets: SubnetInfo[]): void {
  const zones = new Set<string>();
  for (const sn of subnets) {
    if (zones.has(sn.AvailabilityZone)) throw modeledError('InvalidConfigurationRequestException', 'ELB cannot be attached to multiple subnets in the same AZ.');
    zones.add(sn.AvailabilityZone);
  }
  if (new Set(subnets.map((sn) => sn.VpcId)).size > 1) throw modeledError('InvalidConfigurationRequestException', 'All subnets must belong to the same VPC');
}

export async function createLoadBalancer(s: Clb, ctx: RequestContext, input: Api.CreateAccessPointInput): Promise<Api.CreateAccessPointOutput> {
  checkName(input.LoadBalancerName);
  const scheme = input.Scheme ?? 'internet-facing';
  if (scheme !== 'internet-facing' && scheme !== 'internal') throw modeledError('InvalidSchemeException', `Invalid scheme '${scheme}': expected internet-facing or internal`);
  if (input.Listeners.length === 0) throw validationError('At least one listener must be specified');
  const subnets = await placement(s, ctx, input);
  const vpcId = subnets[0]!.VpcId;
  const groups = await securityGroups(s, ctx, vpcId, input.SecurityGroups ?? []);
  const existing = s.state.get(ctx, input.LoadBalancerName);
  const probe: ClbRecord = {
    account: ctx.account,
    region: ctx.region,
    name: input.LoadBalancerName,
    dnsName: existing?.dnsName ?? dnsName(scheme, input.LoadBalancerName, ctx.region),
    hostedZoneId: hostedZoneId(ctx.region),
    createdTime: s.now(),
    scheme,
    vpcId,
    zones: subnets.map((sn) => sn.AvailabilityZone),
    subnets: subnets.map((sn) => sn.SubnetId),
    securityGroups: groups.map((g) => g.GroupId),
    sourceSecurityGroup: { OwnerAlias: ctx.account, GroupName: groups[0]?.GroupName ?? 'default' },
    listeners: [],
    backendPolicies: {},
    policies: [],
    instances: [],
    // The default check for a load balancer created by API: TCP to the first listener's instance port, 30 s, 5 s,
    // unhealthy 2, healthy 10 (CLB guide, "Health checks for your Classic Load Balancer").
    healthCheck: { Target: '', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
    // Created by API: cross-zone off, connection draining off (300 s when enabled), idle timeout 60 s.
    attributes: { crossZone: false, draining: { enabled: false, timeout: 300 }, idleTimeout: 60, accessLog: { enabled: false }, desyncMode: 'defensive' },
    tags: input.Tags ?? [],
  };
  addListeners(probe, input.Listeners);
  probe.healthCheck.Target = `TCP:${probe.listeners[0]!.listener.InstancePort}`;
  if (existing) {
    // The same name with the same settings answers the existing load balancer (CreateLoadBalancer is idempotent).
    const same =
      existing.scheme === probe.scheme && sameSet(existing.subnets, probe.subnets) && sameSet(existing.securityGroups, probe.securityGroups) &&
      existing.listeners.length === probe.listeners.length && probe.listeners.every((l) => existing.listeners.some((e) => e.listener.LoadBalancerPort === l.listener.LoadBalancerPort && sameListener(e, l)));
    if (!same) throw modeledError('DuplicateAccessPointNameException', `Load Balancer named '${input.LoadBalancerName}' already exists and it is configured with different parameters.`);
    return { DNSName: existing.dnsName };
  }
  s.state.put(probe);
  return { DNSName: probe.dnsName };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function describe(rec: ClbRecord): Api.LoadBalancerDescription {
  const typed = (type: string) => rec.policies.filter((p) => p.type === type);
  const attr = (p: { attributes: Api.PolicyAttributeDescription[] }, name: string) => p.attributes.find((a) => a.AttributeName === name)?.AttributeValue;
  return {
    LoadBalancerName: rec.name,
    DNSName: rec.dnsName,
    CanonicalHostedZoneName: rec.dnsName,
    CanonicalHostedZoneNameID: rec.hostedZoneId,
    ListenerDescriptions: rec.listeners.map((l) => ({ Listener: l.listener, PolicyNames: l.policyNames })),
    Policies: {
      AppCookieStickinessPolicies: typed(APP_COOKIE).map((p) => ({ PolicyName: p.name, CookieName: attr(p, 'CookieName') ?? '' })),
      LBCookieStickinessPolicies: typed(LB_COOKIE).map((p) => {
        const period = attr(p, 'CookieExpirationPeriod');
        return { PolicyName: p.name, ...(period ? { CookieExpirationPeriod: Number(period) } : {}) };
      }),
      OtherPolicies: rec.policies.filter((p) => p.type !== APP_COOKIE && p.type !== LB_COOKIE).map((p) => p.name),
    },
    BackendServerDescriptions: Object.entries(rec.backendPolicies).filter(([, names]) => names.length > 0).map(([port, names]) => ({ InstancePort: Number(port), PolicyNames: names })),
    AvailabilityZones: rec.zones,
    Subnets: rec.subnets,
    VPCId: rec.vpcId,
    Instances: rec.instances.map((i) => ({ InstanceId: i.id })),
    HealthCheck: rec.healthCheck,
    SourceSecurityGroup: rec.sourceSecurityGroup,
    SecurityGroups: rec.securityGroups,
    CreatedTime: new Date(rec.createdTime),
    Scheme: rec.scheme,
  };
}

export function describeLoadBalancers(s: Clb, ctx: RequestContext, input: Api.DescribeAccessPointsInput): Api.DescribeAccessPointsOutput {
  const list = input.LoadBalancerNames?.length ? input.LoadBalancerNames.map((n) => findLb(s, ctx, n)) : s.state.inScope(ctx).sort((a, b) => a.createdTime - b.createdTime);
  const start = input.Marker ? Number(Buffer.from(input.Marker, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw validationError('Invalid Marker');
  const size = input.PageSize ?? 400;
  if (size < 1 || size > 400) throw validationError('PageSize must be between 1 and 400');
  const next = start + size < list.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { LoadBalancerDescriptions: list.slice(start, start + size).map(describe), ...(next ? { NextMarker: next } : {}) };
}

/** Deleting a load balancer that does not exist succeeds (DeleteLoadBalancer reference). */
export function deleteLoadBalancer(s: Clb, ctx: RequestContext, input: Api.DeleteAccessPointInput): Api.DeleteAccessPointOutput {
  const rec = s.state.get(ctx, input.LoadBalancerName);
  if (rec) s.state.remove(rec);
  return {};
}

export function createLoadBalancerListeners(s: Clb, ctx: RequestContext, input: Api.CreateLoadBalancerListenerInput): Api.CreateLoadBalancerListenerOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  addListeners(rec, input.Listeners);
  s.state.put(rec);
  return {};
}

/** Ports without a listener are ignored, as AWS does. */
export function deleteLoadBalancerListeners(s: Clb, ctx: RequestContext, input: Api.DeleteLoadBalancerListenerInput): Api.DeleteLoadBalancerListenerOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  rec.listeners = rec.listeners.filter((l) => !input.LoadBalancerPorts.includes(l.listener.LoadBalancerPort));
  s.state.put(rec);
  return {};
}

export function setLoadBalancerListenerSSLCertificate(s: Clb, ctx: RequestContext, input: Api.SetLoadBalancerListenerSSLCertificateInput): Api.SetLoadBalancerListenerSSLCertificateOutput {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const l = rec.listeners.find((x) => x.listener.LoadBalancerPort === input.LoadBalancerPort);
  if (!l) throw modeledError('ListenerNotFoundException', `There is no listener on port ${input.LoadBalancerPort} for load balancer '${rec.name}'`);
  if (l.listener.Protocol !== 'HTTPS' && l.listener.Protocol !== 'SSL') throw modeledError('InvalidConfigurationRequestException', `The listener on port ${input.LoadBalancerPort} is not an HTTPS or SSL listener`);
  l.listener.SSLCertificateId = input.SSLCertificateId;
  s.state.put(rec);
  return {};
}

function setPlacement(rec: ClbRecord, subnets: SubnetInfo[]): void {
  checkPlacement(subnets);
  if (subnets.length === 0) throw modeledError('InvalidConfigurationRequestException', 'A load balancer must remain attached to at least one subnet');
  rec.subnets = subnets.map((sn) => sn.SubnetId);
  rec.zones = subnets.map((sn) => sn.AvailabilityZone);
}

export async function attachLoadBalancerToSubnets(s: Clb, ctx: RequestContext, input: Api.AttachLoadBalancerToSubnetsInput): Promise<Api.AttachLoadBalancerToSubnetsOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const all = await subnetsById(s, ctx, [...new Set([...rec.subnets, ...input.Subnets])]);
  if (all.some((sn) => sn.VpcId !== rec.vpcId)) throw modeledError('InvalidSubnetException', `The subnets must belong to the load balancer's VPC ${rec.vpcId}`);
  setPlacement(rec, all);
  s.state.put(rec);
  return { Subnets: rec.subnets };
}

export async function detachLoadBalancerFromSubnets(s: Clb, ctx: RequestContext, input: Api.DetachLoadBalancerFromSubnetsInput): Promise<Api.DetachLoadBalancerFromSubnetsOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  setPlacement(rec, await subnetsById(s, ctx, rec.subnets.filter((id) => !input.Subnets.includes(id))));
  s.state.put(rec);
  return { Subnets: rec.subnets };
}

/** Zones map to the default VPC's default subnets (a load balancer in a default VPC; CLB guide, "Availability Zones"). */
export async function enableAvailabilityZonesForLoadBalancer(s: Clb, ctx: RequestContext, input: Api.AddAvailabilityZonesInput): Promise<Api.AddAvailabilityZonesOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const added = await defaultSubnets(s, ctx, input.AvailabilityZones.filter((z) => !rec.zones.includes(z)));
  if (added.some((sn) => sn.VpcId !== rec.vpcId)) throw modeledError('InvalidConfigurationRequestException', `The load balancer is not in a default VPC: use AttachLoadBalancerToSubnets`);
  setPlacement(rec, [...(await subnetsById(s, ctx, rec.subnets)), ...added]);
  s.state.put(rec);
  return { AvailabilityZones: rec.zones };
}

export async function disableAvailabilityZonesForLoadBalancer(s: Clb, ctx: RequestContext, input: Api.RemoveAvailabilityZonesInput): Promise<Api.RemoveAvailabilityZonesOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  const keep = (await subnetsById(s, ctx, rec.subnets)).filter((sn) => !input.AvailabilityZones.includes(sn.AvailabilityZone));
  if (keep.length === 0) throw validationError('Cannot remove all Availability Zones from a load balancer');
  setPlacement(rec, keep);
  s.state.put(rec);
  return { AvailabilityZones: rec.zones };
}

export async function applySecurityGroupsToLoadBalancer(s: Clb, ctx: RequestContext, input: Api.ApplySecurityGroupsToLoadBalancerInput): Promise<Api.ApplySecurityGroupsToLoadBalancerOutput> {
  const rec = clone(findLb(s, ctx, input.LoadBalancerName));
  if (input.SecurityGroups.length === 0) throw validationError('At least one security group must be specified');
  const groups = await securityGroups(s, ctx, rec.vpcId, input.SecurityGroups);
  rec.securityGroups = input.SecurityGroups;
  rec.sourceSecurityGroup = { OwnerAlias: ctx.account, GroupName: groups.find((g) => g.GroupId === input.SecurityGroups[0])?.GroupName ?? 'default' };
  s.state.put(rec);
  return { SecurityGroups: rec.securityGroups };
}

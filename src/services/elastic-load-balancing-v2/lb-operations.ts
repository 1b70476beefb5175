// Load balancer operations: create (idempotent by name and settings), describe, delete, attributes. Subnets are
// EC2's (one per AZ); the data plane binds one node per AZ and turns `provisioning` into `active`.
import { notImplemented, type AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as Api from '../../generated/elastic-load-balancing-v2/api.js';
import { modeledError } from '../../generated/elastic-load-balancing-v2/errors.js';
import { applyAttributes, loadBalancerDefaults, toList } from './attributes.js';
import type { Elbv2 } from './context.js';
import { canonicalHostedZoneId, checkName, dnsName, hexId, lbArn, validationError } from './names.js';
import type { LoadBalancerRecord } from './records.js';
import { inScope } from './state.js';

interface SubnetInfo {
  SubnetId: string;
  AvailabilityZone: string;
  VpcId: string;
}

async function resolveSubnets(s: Elbv2, ctx: RequestContext, ids: string[]): Promise<SubnetInfo[]> {
  try {
    const out = await s.deps.internal.invoke<{ Subnets?: SubnetInfo[] }>('ec2', 'DescribeSubnets', ctx, { SubnetIds: ids });
    return out.Subnets ?? [];
  } catch {
    // EC2 answers InvalidSubnetID.NotFound naming the first unknown id; elbv2 answers SubnetNotFound.
    throw modeledError('SubnetNotFoundException', `The subnet ID '${ids.join(', ')}' is not valid`);
  }
}

export function findLb(s: Elbv2, ctx: RequestContext, arn: string): LoadBalancerRecord {
  const rec = s.state.lbs.get(arn);
  if (!rec || rec.account !== ctx.account || rec.region !== ctx.region) throw modeledError('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`);
  return rec;
}

export async function createLoadBalancer(s: Elbv2, ctx: RequestContext, input: Api.CreateLoadBalancerInput): Promise<Api.CreateLoadBalancerOutput> {
  const type = input.Type ?? 'application';
  if (type === 'gateway') throw notDone('CreateLoadBalancer', 'Gateway Load Balancers');
  checkName(input.Name, 'load balancer');
  const scheme = input.Scheme ?? 'internet-facing';
  if (input.CustomerOwnedIpv4Pool || input.IpamPools) throw notDone('CreateLoadBalancer', 'customer-owned and IPAM address pools');
  const subnetIds = input.SubnetMappings ? input.SubnetMappings.map((m) => m.SubnetId ?? '') : (input.Subnets ?? []);
  if (input.Subnets && input.SubnetMappings) throw validationError('You can specify subnets or subnet mappings, not both');
  const subnets = subnetIds.length > 0 ? await resolveSubnets(s, ctx, subnetIds) : [];
  const zones = new Set<string>();
  for (const sn of subnets) {
    if (zones.has(sn.AvailabilityZone)) throw modeledError('InvalidConfigurationRequestException', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone');
    zones.add(sn.AvailabilityZone);
  }
  if (new Set(subnets.map((sn) => sn.VpcId)).size > 1) throw modeledError('InvalidConfigurationRequestException', 'All subnets must belong to the same VPC');
  // ALB: "At least two subnets in two different Availability Zones must be specified" (CreateLoadBalancer reference).
  if (type === 'application' && zones.size < 2) throw modeledError('InvalidConfigurationRequestException', 'At least two subnets in two different Availability Zones must be specified');
  if (type === 'network' && zones.size < 1) throw modeledError('InvalidConfigurationRequestException', 'At least one subnet must be specified');
  const securityGroups = input.SecurityGroups ?? [];
  const ipAddressType = input.IpAddressType ?? 'ipv4';

  const existing = inScope(s.state.lbs, ctx).find((r) => r.lb.LoadBalancerName === input.Name);
  if (existing) {
    // Same settings return the existing load balancer; different ones are a duplicate (CreateLoadBalancer reference).
    const same = existing.lb.Type === type && existing.lb.Scheme === scheme && sameSet(existing.subnets, subnetIds) && sameSet(existing.lb.SecurityGroups ?? [], securityGroups) && existing.lb.IpAddressType === ipAddressType;
    if (!same) throw modeledError('DuplicateLoadBalancerNameException', `A load balancer with the same name '${input.Name}' exists, but with different settings`);
    return { LoadBalancers: [existing.lb] };
  }
  const id = hexId();
  const arn = lbArn(ctx.account, ctx.region, type, input.Name, id);
  const rec: LoadBalancerRecord = {
    account: ctx.account,
    region: ctx.region,
    subnets: subnetIds,
    tags: input.Tags ?? [],
    attributes: loadBalancerDefaults(type),
    lb: {
      LoadBalancerArn: arn,
      DNSName: dnsName(type, scheme, input.Name, ctx.region, id),
      CanonicalHostedZoneId: canonicalHostedZoneId(type, ctx.region),
      CreatedTime: new Date(s.now()),
      LoadBalancerName: input.Name,
      Scheme: scheme,
      VpcId: subnets[0]?.VpcId ?? '',
      State: { Code: 'provisioning' },
      Type: type,
      AvailabilityZones: subnets.map((sn) => ({ ZoneName: sn.AvailabilityZone, SubnetId: sn.SubnetId, LoadBalancerAddresses: [] })),
      ...(type === 'application' || securityGroups.length > 0 ? { SecurityGroups: securityGroups } : {}),
      IpAddressType: ipAddressType,
    },
  };
  s.state.put('lb', arn, rec);
  s.plane.reconcile();
  return { LoadBalancers: [rec.lb] };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function describeLoadBalancers(s: Elbv2, ctx: RequestContext, input: Api.DescribeLoadBalancersInput): Api.DescribeLoadBalancersOutput {
  let list = inScope(s.state.lbs, ctx);
  if (input.LoadBalancerArns?.length) {
    list = input.LoadBalancerArns.map((arn) => findLb(s, ctx, arn));
  } else if (input.Names?.length) {
    list = input.Names.map((n) => {
      const found = list.find((r) => r.lb.LoadBalancerName === n);
      if (!found) throw modeledError('LoadBalancerNotFoundException', `Load balancers '[${n}]' not found`);
      return found;
    });
  }
  return page(list.map((r) => r.lb), input.Marker, input.PageSize, (LoadBalancers, NextMarker) => ({ LoadBalancers, ...(NextMarker ? { NextMarker } : {}) }));
}

/** Marker paging shared by the Describe operations: the marker is the next index, base64. */
export function page<T, O>(items: T[], marker: string | undefined, pageSize: number | undefined, build: (items: T[], next: string | undefined) => O): O {
  const start = marker ? Number(Buffer.from(marker, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw validationError('The marker is not valid');
  const size = pageSize ?? 400;
  const slice = items.slice(start, start + size);
  return build(slice, start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined);
}

export function deleteLoadBalancer(s: Elbv2, ctx: RequestContext, input: Api.DeleteLoadBalancerInput): Api.DeleteLoadBalancerOutput {
  const rec = s.state.lbs.get(input.LoadBalancerArn);
  // Deleting a load balancer that does not exist succeeds (DeleteLoadBalancer reference).
  if (!rec || rec.account !== ctx.account || rec.region !== ctx.region) return {};
  if (rec.attributes['deletion_protection.enabled'] === 'true') throw modeledError('OperationNotPermittedException', `Load balancer '${rec.lb.LoadBalancerArn}' cannot be deleted because deletion protection is enabled`);
  s.state.transaction(() => {
    for (const l of [...s.state.listeners.values()].filter((x) => x.lbArn === rec.lb.LoadBalancerArn)) {
      for (const r of [...s.state.rules.values()].filter((x) => x.listenerArn === l.arn)) s.state.remove('rule', r.arn);
      s.state.remove('listener', l.arn);
    }
    s.state.remove('lb', rec.lb.LoadBalancerArn);
  });
  s.plane.reconcile();
  return {};
}

export function describeLoadBalancerAttributes(s: Elbv2, ctx: RequestContext, input: Api.DescribeLoadBalancerAttributesInput): Api.DescribeLoadBalancerAttributesOutput {
  return { Attributes: toList(findLb(s, ctx, input.LoadBalancerArn).attributes) };
}

export async function modifyLoadBalancerAttributes(s: Elbv2, ctx: RequestContext, input: Api.ModifyLoadBalancerAttributesInput): Promise<Api.ModifyLoadBalancerAttributesOutput> {
  const rec = findLb(s, ctx, input.LoadBalancerArn);
  const next = applyAttributes(rec.attributes, input.Attributes, rec.lb.Type === 'application' ? 'alb' : 'nlb');
  // Access logs on every type; connection and health check logs are ALB's (their attributes are ALB-only keys).
  for (const family of LOG_FAMILIES) if (next[`${family}.s3.enabled`] === 'true') await checkLogBucket(s, rec, next, family);
  const latest = s.state.lbs.get(rec.lb.LoadBalancerArn) ?? rec;
  s.state.put('lb', rec.lb.LoadBalancerArn, { ...latest, attributes: next });
  s.plane.reconcile();
  return { Attributes: toList(next) };
}

const LOG_FAMILIES = ['access_logs', 'connection_logs', 'health_check_logs'] as const;

/** The test file each kind of log writes when enabled (ALB guide, "Enable access logs", "Enable connection logs",
 *  "Enable health check logs": ELBAccessLogTestFile, ELBConnectionLogTestFile, ELBHealthCheckLogTestFile). */
const TEST_FILES = { access_logs: ['ELBAccessLogTestFile', 'AccessLog'], connection_logs: ['ELBConnectionLogTestFile', 'ConnectionLog'], health_check_logs: ['ELBHealthCheckLogTestFile', 'HealthCheckLog'] } as const;

/** Enabling logs (or pointing them elsewhere): a bucket is named, the prefix leaves `AWSLogs` to AWS, and the
 *  bucket policy lets ELB write; then AWS's test file is written (ALB guide, "Enable access logs"). */
async function checkLogBucket(s: Elbv2, rec: LoadBalancerRecord, next: Record<string, string>, family: (typeof LOG_FAMILIES)[number]): Promise<void> {
  const bucket = next[`${family}.s3.bucket`] ?? '';
  const prefix = next[`${family}.s3.prefix`] ?? '';
  const was = rec.attributes;
  if (was[`${family}.s3.enabled`] === 'true' && was[`${family}.s3.bucket`] === bucket && was[`${family}.s3.prefix`] === prefix) return;
  if (!bucket) throw modeledError('InvalidConfigurationRequestException', `The value of '${family}.s3.bucket' cannot be empty when ${family.replace(/_/g, ' ')} are enabled`);
  if (/(^|\/)AWSLogs(\/|$)/.test(prefix)) throw modeledError('InvalidConfigurationRequestException', `The value of '${family}.s3.prefix' cannot contain 'AWSLogs'`);
  const { verifyBucket, testFileKey } = await import('./access-logs/delivery.js');
  const [file, what] = TEST_FILES[family];
  const check = { kind: rec.lb.Type === 'network' ? ('net' as const) : ('app' as const), account: rec.account, region: rec.region, bucket, key: testFileKey(prefix, rec.account, file), lbArn: rec.lb.LoadBalancerArn };
  const denied = await verifyBucket(s.deps.internal, check, rec.lb.LoadBalancerName ?? '', s.now(), what);
  if (denied) throw modeledError('InvalidConfigurationRequestException', denied);
}

/** A feature kumo does not do: 501 naming service, operation and feature. */
export function notDone(operation: string, feature: string): AwsError {
  return notImplemented('elastic-load-balancing-v2', operation, feature);
}

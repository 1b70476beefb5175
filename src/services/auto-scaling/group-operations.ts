// Auto Scaling groups: create (launch configuration or EC2 launch template, subnets or AZs, capacity bounds, health
// check, cooldown, termination policies, tags), update, delete (ForceDelete terminates through EC2), describe with
// filters and paging, and SetDesiredCapacity. Instances come and go in the group controller, never here.
import { isAwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/auto-scaling/api.js';
import { causes } from './activities.js';
import { type AutoScaling, groupArn, scopeOf } from './context.js';
import {
  cooldownInProgress, desiredOutOfRange, groupActivityInProgress, groupExists, groupHasInstances, groupNotFoundNull, launchConfigurationNotFound,
  maxBelowMin, setDesiredAbove, setDesiredBelow, unsupported, validationError,
} from './errors.js';
import { deregisterInstance } from './load-balancing.js';
import { page, presentGroup } from './present.js';
import type { GroupRecord, GroupTag, LaunchConfigurationRecord, Scope } from './records.js';
import { deleteOwnedAlarms } from './policy-operations.js';

export const DEFAULT_COOLDOWN = 300;
const TERMINATION_POLICIES = new Set(['Default', 'AllocationStrategy', 'OldestLaunchTemplate', 'OldestLaunchConfiguration', 'ClosestToNextInstanceHour', 'NewestInstance', 'OldestInstance']);

function serviceLinkedRole(scope: Scope): string {
  return `arn:aws:iam::${scope.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/** Subnet ids of VPCZoneIdentifier → their AZ, through EC2 (unknown subnets answer EC2's error as ValidationError). */
async function resolveSubnets(s: AutoScaling, scope: Scope, vpcZoneIdentifier: string): Promise<Record<string, string>> {
  const ids = vpcZoneIdentifier.split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (ids.length === 0) throw validationError('At least one Availability Zone or VPC Subnet is required.');
  const out: Record<string, string> = {};
  for (const id of ids) {
    // One call per subnet, so the error names the missing one as AWS does.
    const res = await s.ec2<{ Subnets?: Array<{ SubnetId: string; AvailabilityZone: string }> }>(scope, 'DescribeSubnets', { Filters: [{ Name: 'subnet-id', Values: [id] }] });
    const subnet = res.Subnets?.[0];
    if (subnet === undefined) throw validationError(`The subnet ID '${id}' does not exist`);
    out[id] = subnet.AvailabilityZone;
  }
  return out;
}

async function checkLaunchTemplate(s: AutoScaling, scope: Scope, lt: api.LaunchTemplateSpecification): Promise<void> {
  if ((lt.LaunchTemplateId === undefined) === (lt.LaunchTemplateName === undefined)) {
    throw validationError('Valid requests must contain either launchTemplateId or LaunchTemplateName');
  }
  const query = lt.LaunchTemplateId !== undefined ? { LaunchTemplateIds: [lt.LaunchTemplateId] } : { LaunchTemplateNames: [lt.LaunchTemplateName] };
  try {
    await s.ec2(scope, 'DescribeLaunchTemplates', query);
  } catch (e) {
    if (!(isAwsError(e) && e.code.startsWith('InvalidLaunchTemplate'))) throw e;
    // As Auto Scaling reports a missing template (hbfl #58 quotes the "valid fully-formed launch template" form).
    const which = lt.LaunchTemplateId !== undefined ? `template ID ${lt.LaunchTemplateId}` : `template name ${lt.LaunchTemplateName ?? ''}`;
    throw validationError(`You must use a valid fully-formed launch template. The specified launch template, with ${which}, does not exist.`);
  }
}

function checkBounds(min: number, max: number, desired: number): void {
  if (max < min) throw maxBelowMin(max, min);
  if (desired < min || desired > max) throw desiredOutOfRange(desired, min, max);
}

function checkTerminationPolicies(policies: readonly string[] | undefined): void {
  for (const p of policies ?? []) {
    if (!TERMINATION_POLICIES.has(p) && !p.startsWith('arn:')) throw validationError(`Unsupported termination policy: ${p}`);
    if (p.startsWith('arn:')) throw unsupported('CreateAutoScalingGroup', 'custom termination policies (Lambda)');
  }
}

function checkHealthCheckType(type: string | undefined): void {
  if (type !== undefined && !['EC2', 'ELB', 'VPC_LATTICE', 'EBS'].includes(type)) throw validationError(`Invalid health check type: ${type}`);
}

export function groupTags(name: string, tags: readonly api.Tag[] | undefined, existing: GroupTag[] = []): GroupTag[] {
  const out = new Map(existing.map((t) => [t.Key, t]));
  for (const t of tags ?? []) {
    if (t.ResourceId !== undefined && t.ResourceId !== name) throw validationError(`Invalid resource ID: ${t.ResourceId}`);
    if (t.ResourceType !== undefined && t.ResourceType !== 'auto-scaling-group') throw validationError(`Invalid resource type: ${t.ResourceType}`);
    if (t.Key.toLowerCase().startsWith('aws:')) throw validationError('Tag keys starting with \'aws:\' are reserved for internal use');
    out.set(t.Key, { Key: t.Key, Value: t.Value ?? '', PropagateAtLaunch: t.PropagateAtLaunch ?? false });
  }
  if (out.size > 50) throw validationError('The number of tags per AutoScalingGroup must not exceed 50.');
  return [...out.values()].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

async function launchSource(s: AutoScaling, scope: Scope, input: { LaunchConfigurationName?: string | undefined; LaunchTemplate?: api.LaunchTemplateSpecification | undefined }): Promise<void> {
  if (input.LaunchConfigurationName !== undefined && s.db.get<LaunchConfigurationRecord>(scope, 'lc', input.LaunchConfigurationName) === undefined) {
    throw launchConfigurationNotFound(input.LaunchConfigurationName);
  }
  if (input.LaunchTemplate !== undefined) await checkLaunchTemplate(s, scope, input.LaunchTemplate);
}

export async function createAutoScalingGroup(s: AutoScaling, ctx: RequestContext, input: api.CreateAutoScalingGroupType): Promise<void> {
  const scope = scopeOf(ctx);
  const name = input.AutoScalingGroupName;
  if (input.MixedInstancesPolicy !== undefined) throw unsupported('CreateAutoScalingGroup', 'mixed instances policies');
  if (input.TrafficSources !== undefined && input.TrafficSources.length > 0) throw unsupported('CreateAutoScalingGroup', 'traffic sources');
  if (input.LifecycleHookSpecificationList !== undefined && input.LifecycleHookSpecificationList.length > 0) throw unsupported('CreateAutoScalingGroup', 'lifecycle hooks');
  if (input.InstanceId !== undefined) throw unsupported('CreateAutoScalingGroup', 'groups created from an instance (InstanceId)');
  if (s.db.get(scope, 'group', name) !== undefined) throw groupExists(name);
  const sources = [input.LaunchConfigurationName, input.LaunchTemplate].filter((x) => x !== undefined).length;
  if (sources !== 1) throw validationError('Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.');
  const desired = input.DesiredCapacity ?? input.MinSize;
  checkBounds(input.MinSize, input.MaxSize, desired);
  checkTerminationPolicies(input.TerminationPolicies);
  checkHealthCheckType(input.HealthCheckType);
  const tags = groupTags(name, input.Tags);
  await launchSource(s, scope, input);
  let subnets: Record<string, string> | undefined;
  let zones: string[];
  if (input.VPCZoneIdentifier !== undefined) {
    subnets = await resolveSubnets(s, scope, input.VPCZoneIdentifier);
    zones = [...new Set(Object.values(subnets))].sort();
  } else if (input.AvailabilityZones !== undefined && input.AvailabilityZones.length > 0) {
    zones = [...input.AvailabilityZones];
    for (const z of zones) if (!z.startsWith(scope.region)) throw validationError(`The availability zone ${z} is not legal`);
  } else {
    throw validationError('At least one Availability Zone or VPC Subnet is required.');
  }
  const now = s.now();
  const g: GroupRecord = {
    AutoScalingGroupName: name,
    AutoScalingGroupARN: groupArn(scope, name),
    MinSize: input.MinSize,
    MaxSize: input.MaxSize,
    DesiredCapacity: desired,
    DefaultCooldown: input.DefaultCooldown ?? DEFAULT_COOLDOWN,
    AvailabilityZones: zones,
    LoadBalancerNames: [...(input.LoadBalancerNames ?? [])],
    TargetGroupARNs: [...(input.TargetGroupARNs ?? [])],
    HealthCheckType: input.HealthCheckType ?? 'EC2',
    HealthCheckGracePeriod: input.HealthCheckGracePeriod ?? 0,
    Instances: [],
    CreatedTime: now,
    SuspendedProcesses: [],
    EnabledMetrics: [],
    Tags: tags,
    TerminationPolicies: input.TerminationPolicies !== undefined && input.TerminationPolicies.length > 0 ? [...input.TerminationPolicies] : ['Default'],
    NewInstancesProtectedFromScaleIn: input.NewInstancesProtectedFromScaleIn ?? false,
    ServiceLinkedRoleARN: input.ServiceLinkedRoleARN ?? serviceLinkedRole(scope),
    CapacityRebalance: input.CapacityRebalance ?? false,
    _cause: causes.created(now, 0, desired),
  };
  if (input.LaunchConfigurationName !== undefined) g.LaunchConfigurationName = input.LaunchConfigurationName;
  if (input.LaunchTemplate !== undefined) g.LaunchTemplate = { ...input.LaunchTemplate, Version: input.LaunchTemplate.Version ?? '$Default' };
  if (input.VPCZoneIdentifier !== undefined) g.VPCZoneIdentifier = Object.keys(subnets ?? {}).join(',');
  if (subnets !== undefined) g._subnets = subnets;
  if (input.PlacementGroup !== undefined) g.PlacementGroup = input.PlacementGroup;
  if (input.MaxInstanceLifetime !== undefined) g.MaxInstanceLifetime = input.MaxInstanceLifetime;
  if (input.Context !== undefined) g.Context = input.Context;
  if (input.DesiredCapacityType !== undefined) g.DesiredCapacityType = input.DesiredCapacityType;
  if (input.DefaultInstanceWarmup !== undefined) g.DefaultInstanceWarmup = input.DefaultInstanceWarmup;
  if (input.DeletionProtection !== undefined) g.DeletionProtection = input.DeletionProtection;
  if (s.db.get(scope, 'group', name) !== undefined) throw groupExists(name);
  s.saveGroup(scope, g);
}

export async function updateAutoScalingGroup(s: AutoScaling, ctx: RequestContext, input: api.UpdateAutoScalingGroupType): Promise<void> {
  const scope = scopeOf(ctx);
  const before = s.group(scope, input.AutoScalingGroupName);
  if (input.MixedInstancesPolicy !== undefined) throw unsupported('UpdateAutoScalingGroup', 'mixed instances policies');
  if (input.LaunchConfigurationName !== undefined && input.LaunchTemplate !== undefined) {
    throw validationError('Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.');
  }
  checkTerminationPolicies(input.TerminationPolicies);
  checkHealthCheckType(input.HealthCheckType);
  await launchSource(s, scope, input);
  const subnets = input.VPCZoneIdentifier !== undefined ? await resolveSubnets(s, scope, input.VPCZoneIdentifier) : undefined;
  const now = s.now();
  const min = input.MinSize ?? before.MinSize;
  const max = input.MaxSize ?? before.MaxSize;
  // A new MinSize above (or MaxSize below) the current desired capacity moves it, unless one is given.
  const desired = input.DesiredCapacity ?? Math.min(max, Math.max(min, before.DesiredCapacity));
  checkBounds(min, max, desired);
  s.mutate(scope, before.AutoScalingGroupName, (g) => {
    if (input.LaunchConfigurationName !== undefined) {
      g.LaunchConfigurationName = input.LaunchConfigurationName;
      delete g.LaunchTemplate;
    }
    if (input.LaunchTemplate !== undefined) {
      g.LaunchTemplate = { ...input.LaunchTemplate, Version: input.LaunchTemplate.Version ?? '$Default' };
      delete g.LaunchConfigurationName;
    }
    if (desired !== g.DesiredCapacity) g._cause = causes.updated(now, min, max, desired, g.DesiredCapacity);
    g.MinSize = min;
    g.MaxSize = max;
    g.DesiredCapacity = desired;
    if (input.DefaultCooldown !== undefined) g.DefaultCooldown = input.DefaultCooldown;
    if (input.AvailabilityZones !== undefined && subnets === undefined) g.AvailabilityZones = [...input.AvailabilityZones];
    if (subnets !== undefined) {
      g._subnets = subnets;
      g.VPCZoneIdentifier = Object.keys(subnets).join(',');
      g.AvailabilityZones = [...new Set(Object.values(subnets))].sort();
    }
    if (input.HealthCheckType !== undefined) g.HealthCheckType = input.HealthCheckType;
    if (input.HealthCheckGracePeriod !== undefined) g.HealthCheckGracePeriod = input.HealthCheckGracePeriod;
    if (input.PlacementGroup !== undefined) g.PlacementGroup = input.PlacementGroup;
    if (input.TerminationPolicies !== undefined) g.TerminationPolicies = input.TerminationPolicies.length > 0 ? [...input.TerminationPolicies] : ['Default'];
    if (input.NewInstancesProtectedFromScaleIn !== undefined) g.NewInstancesProtectedFromScaleIn = input.NewInstancesProtectedFromScaleIn;
    if (input.ServiceLinkedRoleARN !== undefined) g.ServiceLinkedRoleARN = input.ServiceLinkedRoleARN;
    if (input.MaxInstanceLifetime !== undefined) g.MaxInstanceLifetime = input.MaxInstanceLifetime;
    if (input.CapacityRebalance !== undefined) g.CapacityRebalance = input.CapacityRebalance;
    if (input.Context !== undefined) g.Context = input.Context;
    if (input.DesiredCapacityType !== undefined) g.DesiredCapacityType = input.DesiredCapacityType;
    if (input.DefaultInstanceWarmup !== undefined) g.DefaultInstanceWarmup = input.DefaultInstanceWarmup;
    if (input.DeletionProtection !== undefined) g.DeletionProtection = input.DeletionProtection;
  });
}

export async function deleteAutoScalingGroup(s: AutoScaling, ctx: RequestContext, input: api.DeleteAutoScalingGroupType): Promise<void> {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName);
  if (g.DeletionProtection !== undefined && g.DeletionProtection !== 'none' && (g.DeletionProtection === 'prevent-all-deletion' || g.Instances.length > 0)) {
    throw validationError(`AutoScalingGroup ${g.AutoScalingGroupName} has deletion protection enabled`);
  }
  if (input.ForceDelete !== true) {
    if (g.Instances.length > 0) throw groupHasInstances();
    if (g.DesiredCapacity > 0) throw groupActivityInProgress();
  }
  const ids = g.Instances.map((i) => i.InstanceId);
  for (const i of g.Instances) await deregisterInstance(s, scope, i);
  if (ids.length > 0) await s.ec2(scope, 'TerminateInstances', { InstanceIds: ids });
  const policies = s.db.list<{ _ownedAlarms?: string[] }>(scope, 'policy', g.AutoScalingGroupName);
  await deleteOwnedAlarms(s, scope, policies.flatMap((p) => p._ownedAlarms ?? []));
  s.state.transaction(() => {
    s.db.delete(scope, 'group', g.AutoScalingGroupName);
    s.db.deleteGroupObjects(scope, g.AutoScalingGroupName);
  });
}

function matchesFilter(g: GroupRecord, f: api.Filter): boolean {
  const values = f.Values ?? [];
  if (f.Name === 'tag-key') return g.Tags.some((t) => values.includes(t.Key));
  if (f.Name === 'tag-value') return g.Tags.some((t) => values.includes(t.Value));
  if (f.Name?.startsWith('tag:')) {
    const key = f.Name.slice(4);
    return g.Tags.some((t) => t.Key === key && values.includes(t.Value));
  }
  throw validationError(`Filter type ${f.Name ?? ''} is not correct. Allowed Filter types are: tag-key tag-value tag:<key>`);
}

export function describeAutoScalingGroups(s: AutoScaling, ctx: RequestContext, input: api.AutoScalingGroupNamesType): api.AutoScalingGroupsType {
  const scope = scopeOf(ctx);
  let groups = s.db.list<GroupRecord>(scope, 'group');
  if (input.AutoScalingGroupNames !== undefined && input.AutoScalingGroupNames.length > 0) {
    const names = new Set(input.AutoScalingGroupNames);
    groups = groups.filter((g) => names.has(g.AutoScalingGroupName));
  }
  for (const f of input.Filters ?? []) groups = groups.filter((g) => matchesFilter(g, f));
  const p = page(groups, input.MaxRecords, input.NextToken, { default: 50, max: 100 });
  const out: api.AutoScalingGroupsType = { AutoScalingGroups: p.items.map((g) => presentGroup(g, input.IncludeInstances !== false)) };
  if (p.NextToken !== undefined) out.NextToken = p.NextToken;
  return out;
}

/** The cooldown of a group or policy still running at `now` (simple scaling and HonorCooldown). */
export function inCooldown(g: GroupRecord, now: number, cooldownSec = g.DefaultCooldown): boolean {
  return g._lastScalingAt !== undefined && now < g._lastScalingAt + cooldownSec * 1000;
}

export function setDesiredCapacity(s: AutoScaling, ctx: RequestContext, input: api.SetDesiredCapacityType): void {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName, groupNotFoundNull);
  const now = s.now();
  if (input.DesiredCapacity > g.MaxSize) throw setDesiredAbove(input.DesiredCapacity, g.MaxSize);
  if (input.DesiredCapacity < g.MinSize) throw setDesiredBelow(input.DesiredCapacity, g.MinSize);
  if (input.HonorCooldown === true && inCooldown(g, now)) throw cooldownInProgress();
  s.mutate(scope, g.AutoScalingGroupName, (x) => {
    if (x.DesiredCapacity !== input.DesiredCapacity) x._cause = causes.setDesired(now, x.DesiredCapacity, input.DesiredCapacity);
    x.DesiredCapacity = input.DesiredCapacity;
    x._lastScalingAt = now;
  });
}

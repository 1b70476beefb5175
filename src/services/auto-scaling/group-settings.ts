// The rest of a group's settings: tags (CreateOrUpdateTags, DeleteTags, DescribeTags with AWS's filters), suspended
// processes, metrics collection, attached load balancers and target groups (the controller registers instances: load-balancing.ts),
// scaling activities, and the fixed catalogues (adjustment types, processes, metrics, termination policies, limits).
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/auto-scaling/api.js';
import { type AutoScaling, scopeOf, stamp } from './context.js';
import { tagGroupNotFound, validationError } from './errors.js';
import { groupTags } from './group-operations.js';
import { attachmentStates, classicStates } from './load-balancing.js';
import { page, presentActivity, presentTags } from './present.js';
import type { GroupRecord, LaunchConfigurationRecord, Scope } from './records.js';

export const PROCESSES = ['Launch', 'Terminate', 'AddToLoadBalancer', 'AlarmNotification', 'AZRebalance', 'HealthCheck', 'InstanceRefresh', 'ReplaceUnhealthy', 'ScheduledActions'];
export const GROUP_METRICS = [
  'GroupMinSize', 'GroupMaxSize', 'GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupPendingInstances', 'GroupStandbyInstances', 'GroupTerminatingInstances', 'GroupTotalInstances',
  'GroupInServiceCapacity', 'GroupPendingCapacity', 'GroupStandbyCapacity', 'GroupTerminatingCapacity', 'GroupTotalCapacity',
];

function tagsByGroup(tags: readonly api.Tag[]): Map<string, api.Tag[]> {
  const out = new Map<string, api.Tag[]>();
  for (const t of tags) {
    if (t.ResourceId === undefined) throw validationError('ResourceId is required for each tag.');
    if (t.ResourceType !== undefined && t.ResourceType !== 'auto-scaling-group') throw validationError(`Invalid resource type: ${t.ResourceType}`);
    out.set(t.ResourceId, [...(out.get(t.ResourceId) ?? []), t]);
  }
  return out;
}

export function createOrUpdateTags(s: AutoScaling, ctx: RequestContext, input: api.CreateOrUpdateTagsType): void {
  const scope = scopeOf(ctx);
  const byGroup = tagsByGroup(input.Tags);
  const updates = [...byGroup].map(([name, tags]) => {
    const g = s.group(scope, name, tagGroupNotFound);
    return { name, tags: groupTags(name, tags, g.Tags) };
  });
  s.state.transaction(() => {
    for (const u of updates) s.mutate(scope, u.name, (g) => (g.Tags = u.tags));
  });
}

export function deleteTags(s: AutoScaling, ctx: RequestContext, input: api.DeleteTagsType): void {
  const scope = scopeOf(ctx);
  const byGroup = tagsByGroup(input.Tags);
  for (const name of byGroup.keys()) s.group(scope, name, tagGroupNotFound);
  s.state.transaction(() => {
    for (const [name, tags] of byGroup) s.mutate(scope, name, (g) => (g.Tags = g.Tags.filter((t) => !tags.some((d) => d.Key === t.Key))));
  });
}

export function describeTags(s: AutoScaling, ctx: RequestContext, input: api.DescribeTagsType): api.TagsType {
  let tags = s.db.list<GroupRecord>(scopeOf(ctx), 'group').flatMap(presentTags);
  for (const f of input.Filters ?? []) {
    const values = f.Values ?? [];
    const field: Record<string, (t: api.TagDescription) => string> = {
      'auto-scaling-group': (t) => t.ResourceId ?? '', key: (t) => t.Key ?? '', value: (t) => t.Value ?? '', 'propagate-at-launch': (t) => String(t.PropagateAtLaunch ?? false),
    };
    const get = field[f.Name ?? ''];
    if (get === undefined) throw validationError(`Filter type ${f.Name ?? ''} is not correct. Allowed Filter types are: auto-scaling-group key value propagate-at-launch`);
    tags = tags.filter((t) => values.includes(get(t)));
  }
  const p = page(tags, input.MaxRecords, input.NextToken, { default: 50, max: 100 });
  const out: api.TagsType = { Tags: p.items };
  if (p.NextToken !== undefined) out.NextToken = p.NextToken;
  return out;
}

function processes(s: AutoScaling, ctx: RequestContext, input: api.ScalingProcessQuery, suspend: boolean): void {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName);
  const names = input.ScalingProcesses !== undefined && input.ScalingProcesses.length > 0 ? input.ScalingProcesses : PROCESSES;
  for (const n of names) if (!PROCESSES.includes(n)) throw validationError(`Process ${n} is not a valid scaling process.`);
  const now = s.now();
  s.mutate(scope, g.AutoScalingGroupName, (x) => {
    const kept = x.SuspendedProcesses.filter((p) => !names.includes(p.ProcessName));
    x.SuspendedProcesses = suspend ? [...kept, ...names.map((n) => ({ ProcessName: n, SuspensionReason: `User suspended at ${stamp(now)}` }))] : kept;
  });
}

export const suspendProcesses = (s: AutoScaling, ctx: RequestContext, input: api.ScalingProcessQuery): void => processes(s, ctx, input, true);
export const resumeProcesses = (s: AutoScaling, ctx: RequestContext, input: api.ScalingProcessQuery): void => processes(s, ctx, input, false);

export function enableMetricsCollection(s: AutoScaling, ctx: RequestContext, input: api.EnableMetricsCollectionQuery): void {
  const scope = scopeOf(ctx);
  s.group(scope, input.AutoScalingGroupName);
  if (input.Granularity !== '1Minute') throw validationError(`Invalid granularity: ${input.Granularity}. Valid value: 1Minute`);
  const names = input.Metrics !== undefined && input.Metrics.length > 0 ? input.Metrics : GROUP_METRICS;
  for (const m of names) if (!GROUP_METRICS.includes(m) && !m.startsWith('Warm')) throw validationError(`Metric ${m} is not a valid metric.`);
  s.mutate(scope, input.AutoScalingGroupName, (g) => {
    const kept = g.EnabledMetrics.filter((e) => !names.includes(e.Metric));
    g.EnabledMetrics = [...kept, ...names.map((m) => ({ Metric: m, Granularity: '1Minute' }))];
  });
}

export function disableMetricsCollection(s: AutoScaling, ctx: RequestContext, input: api.DisableMetricsCollectionQuery): void {
  const scope = scopeOf(ctx);
  s.group(scope, input.AutoScalingGroupName);
  s.mutate(scope, input.AutoScalingGroupName, (g) => {
    g.EnabledMetrics = input.Metrics !== undefined && input.Metrics.length > 0 ? g.EnabledMetrics.filter((e) => !input.Metrics?.includes(e.Metric)) : [];
  });
}

function attachList(s: AutoScaling, scope: Scope, name: string, key: 'TargetGroupARNs' | 'LoadBalancerNames', values: readonly string[], attach: boolean): void {
  s.group(scope, name);
  s.mutate(scope, name, (g) => {
    const set = new Set(g[key]);
    for (const v of values) {
      if (attach) set.add(v);
      else set.delete(v);
    }
    g[key] = [...set];
  });
}

export const attachLoadBalancerTargetGroups = (s: AutoScaling, ctx: RequestContext, i: api.AttachLoadBalancerTargetGroupsType): void => attachList(s, scopeOf(ctx), i.AutoScalingGroupName, 'TargetGroupARNs', i.TargetGroupARNs, true);
export const detachLoadBalancerTargetGroups = (s: AutoScaling, ctx: RequestContext, i: api.DetachLoadBalancerTargetGroupsType): void => attachList(s, scopeOf(ctx), i.AutoScalingGroupName, 'TargetGroupARNs', i.TargetGroupARNs, false);
export const attachLoadBalancers = (s: AutoScaling, ctx: RequestContext, i: api.AttachLoadBalancersType): void => attachList(s, scopeOf(ctx), i.AutoScalingGroupName, 'LoadBalancerNames', i.LoadBalancerNames, true);
export const detachLoadBalancers = (s: AutoScaling, ctx: RequestContext, i: api.DetachLoadBalancersType): void => attachList(s, scopeOf(ctx), i.AutoScalingGroupName, 'LoadBalancerNames', i.LoadBalancerNames, false);

export async function describeLoadBalancerTargetGroups(s: AutoScaling, ctx: RequestContext, input: api.DescribeLoadBalancerTargetGroupsRequest): Promise<api.DescribeLoadBalancerTargetGroupsResponse> {
  const g = s.group(scopeOf(ctx), input.AutoScalingGroupName);
  const states = await attachmentStates(s, scopeOf(ctx), g);
  return { LoadBalancerTargetGroups: g.TargetGroupARNs.map((arn) => ({ LoadBalancerTargetGroupARN: arn, State: states.get(arn) ?? 'Adding' })) };
}

export async function describeLoadBalancers(s: AutoScaling, ctx: RequestContext, input: api.DescribeLoadBalancersRequest): Promise<api.DescribeLoadBalancersResponse> {
  const g = s.group(scopeOf(ctx), input.AutoScalingGroupName);
  const states = await classicStates(s, scopeOf(ctx), g);
  return { LoadBalancers: g.LoadBalancerNames.map((n) => ({ LoadBalancerName: n, State: states.get(n) ?? 'Adding' })) };
}

export function describeScalingActivities(s: AutoScaling, ctx: RequestContext, input: api.DescribeScalingActivitiesType): api.ActivitiesType {
  const scope = scopeOf(ctx);
  if (input.AutoScalingGroupName !== undefined && s.db.get(scope, 'group', input.AutoScalingGroupName) === undefined) return { Activities: [] };
  let list = s.db.activities(scope, input.AutoScalingGroupName);
  if (input.ActivityIds !== undefined && input.ActivityIds.length > 0) list = list.filter((a) => input.ActivityIds?.includes(a.ActivityId));
  const p = page(list, input.MaxRecords, input.NextToken, { default: 100, max: 100 });
  const out: api.ActivitiesType = { Activities: p.items.map(presentActivity) };
  if (p.NextToken !== undefined) out.NextToken = p.NextToken;
  return out;
}

export function describeAccountLimits(s: AutoScaling, ctx: RequestContext): api.DescribeAccountLimitsAnswer {
  const scope = scopeOf(ctx);
  return {
    MaxNumberOfAutoScalingGroups: 500,
    MaxNumberOfLaunchConfigurations: 200,
    NumberOfAutoScalingGroups: s.db.list<GroupRecord>(scope, 'group').length,
    NumberOfLaunchConfigurations: s.db.list<LaunchConfigurationRecord>(scope, 'lc').length,
  };
}

export const CATALOGUES = {
  DescribeAdjustmentTypes: (): api.DescribeAdjustmentTypesAnswer => ({ AdjustmentTypes: ['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity'].map((AdjustmentType) => ({ AdjustmentType })) }),
  DescribeScalingProcessTypes: (): api.ProcessesType => ({ Processes: PROCESSES.map((ProcessName) => ({ ProcessName })) }),
  DescribeMetricCollectionTypes: (): api.DescribeMetricCollectionTypesAnswer => ({ Metrics: GROUP_METRICS.map((Metric) => ({ Metric })), Granularities: [{ Granularity: '1Minute' }] }),
  DescribeTerminationPolicyTypes: (): api.DescribeTerminationPolicyTypesAnswer => ({
    TerminationPolicyTypes: ['AllocationStrategy', 'ClosestToNextInstanceHour', 'Default', 'NewestInstance', 'OldestInstance', 'OldestLaunchConfiguration', 'OldestLaunchTemplate'],
  }),
  DescribeAutoScalingNotificationTypes: (): api.DescribeAutoScalingNotificationTypesAnswer => ({
    AutoScalingNotificationTypes: ['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR', 'autoscaling:EC2_INSTANCE_TERMINATE', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR', 'autoscaling:TEST_NOTIFICATION'],
  }),
  DescribeLifecycleHookTypes: (): api.DescribeLifecycleHookTypesAnswer => ({ LifecycleHookTypes: ['autoscaling:EC2_INSTANCE_LAUNCHING', 'autoscaling:EC2_INSTANCE_TERMINATING'] }),
};

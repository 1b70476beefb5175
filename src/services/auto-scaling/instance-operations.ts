// Instances as the group sees them: DescribeAutoScalingInstances, attach and detach, standby, health and scale-in
// protection set by the user, and TerminateInstanceInAutoScalingGroup (through EC2, with its activity).
import { isAwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/auto-scaling/api.js';
import { activity, causes } from './activities.js';
import { type AutoScaling, scopeOf, stamp } from './context.js';
import { validationError } from './errors.js';
import { deregisterInstance } from './load-balancing.js';
import { page, presentActivity } from './present.js';
import type { GroupRecord, InstanceRecord, Scope } from './records.js';

function findInstance(s: AutoScaling, scope: Scope, id: string): { g: GroupRecord; i: InstanceRecord } | undefined {
  for (const g of s.db.list<GroupRecord>(scope, 'group')) {
    const i = g.Instances.find((x) => x.InstanceId === id);
    if (i !== undefined) return { g, i };
  }
  return undefined;
}

function memberOf(g: GroupRecord, ids: readonly string[]): InstanceRecord[] {
  return ids.map((id) => {
    const i = g.Instances.find((x) => x.InstanceId === id);
    if (i === undefined) throw validationError(`The instance ${id} is not part of Auto Scaling group ${g.AutoScalingGroupName}.`);
    return i;
  });
}

export function describeAutoScalingInstances(s: AutoScaling, ctx: RequestContext, input: api.DescribeAutoScalingInstancesType): api.AutoScalingInstancesType {
  const scope = scopeOf(ctx);
  const wanted = input.InstanceIds !== undefined && input.InstanceIds.length > 0 ? new Set(input.InstanceIds) : undefined;
  const all = s.db.list<GroupRecord>(scope, 'group').flatMap((g) => g.Instances.map((i) => ({ g, i })))
    .filter(({ i }) => wanted === undefined || wanted.has(i.InstanceId))
    .sort((a, b) => (a.i.InstanceId < b.i.InstanceId ? -1 : 1));
  const p = page(all, input.MaxRecords, input.NextToken, { default: 50, max: 50 });
  // This operation spells health in capitals (HEALTHY/UNHEALTHY), unlike DescribeAutoScalingGroups.
  const out: api.AutoScalingInstancesType = {
    AutoScalingInstances: p.items.map(({ g, i }) => {
      const d: api.AutoScalingInstanceDetails = {
        InstanceId: i.InstanceId, AutoScalingGroupName: g.AutoScalingGroupName, AvailabilityZone: i.AvailabilityZone,
        LifecycleState: i.LifecycleState, HealthStatus: i.HealthStatus.toUpperCase(), ProtectedFromScaleIn: i.ProtectedFromScaleIn,
      };
      if (i.InstanceType !== undefined) d.InstanceType = i.InstanceType;
      if (i.LaunchConfigurationName !== undefined) d.LaunchConfigurationName = i.LaunchConfigurationName;
      if (i.LaunchTemplate !== undefined) d.LaunchTemplate = i.LaunchTemplate;
      return d;
    }),
  };
  if (p.NextToken !== undefined) out.NextToken = p.NextToken;
  return out;
}

export async function attachInstances(s: AutoScaling, ctx: RequestContext, input: api.AttachInstancesQuery): Promise<void> {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName);
  const ids = input.InstanceIds ?? [];
  if (ids.length === 0) return;
  if (g.DesiredCapacity + ids.length > g.MaxSize) {
    throw validationError(`Desired capacity:${g.DesiredCapacity + ids.length} must be between the specified min size:${g.MinSize} and max size:${g.MaxSize}`);
  }
  type Described = { Reservations?: Array<{ Instances?: Array<{ InstanceId: string; InstanceType?: string; State?: { Name?: string }; Placement?: { AvailabilityZone?: string } }> }> };
  const res = await s.ec2<Described>(scope, 'DescribeInstances', { InstanceIds: ids }).catch((e: unknown) => {
    if (isAwsError(e) && e.code === 'InvalidInstanceID.NotFound') throw validationError(`Instance Id not found - No instance(s) found with ID(s) [${ids.join(', ')}]`);
    throw e;
  });
  const found = (res.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  for (const i of found) {
    if (i.State?.Name !== 'running') throw validationError(`Instance ${i.InstanceId} is not in correct state. Current state: ${i.State?.Name ?? 'unknown'}`);
    if (!g.AvailabilityZones.includes(i.Placement?.AvailabilityZone ?? '')) throw validationError(`Instance ${i.InstanceId} is not in one of the Availability Zones of the Auto Scaling group.`);
    if (findInstance(s, scope, i.InstanceId) !== undefined) throw validationError(`The instance ${i.InstanceId} is already part of an Auto Scaling group.`);
  }
  const now = s.now();
  s.state.transaction(() => {
    const after = s.mutate(scope, g.AutoScalingGroupName, (x) => {
      for (const i of found) {
        x.Instances.push({
          InstanceId: i.InstanceId, AvailabilityZone: i.Placement?.AvailabilityZone ?? '', LifecycleState: 'InService', HealthStatus: 'Healthy',
          ProtectedFromScaleIn: x.NewInstancesProtectedFromScaleIn, _launchedAt: now, _inServiceAt: now,
          ...(i.InstanceType !== undefined ? { InstanceType: i.InstanceType } : {}),
        });
      }
      x.DesiredCapacity += found.length;
    });
    for (const i of found) s.db.putActivity(scope, activity(after ?? g, now, `Attaching an existing EC2 instance: ${i.InstanceId}`, causes.attached(now, after?.DesiredCapacity ?? 0)));
  });
}

export async function detachInstances(s: AutoScaling, ctx: RequestContext, input: api.DetachInstancesQuery): Promise<api.DetachInstancesAnswer> {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName);
  const ids = input.InstanceIds ?? [];
  memberOf(g, ids);
  const decrement = input.ShouldDecrementDesiredCapacity;
  if (decrement && g.DesiredCapacity - ids.length < g.MinSize) {
    throw validationError(`Desired capacity:${g.DesiredCapacity - ids.length} must be between the specified min size:${g.MinSize} and max size:${g.MaxSize}`);
  }
  // A detached instance leaves its target groups (User Guide, "Detach or attach instances").
  for (const i of g.Instances) if (ids.includes(i.InstanceId)) await deregisterInstance(s, scope, i);
  const now = s.now();
  return s.state.transaction(() => {
    const out: api.Activity[] = [];
    let from = g.DesiredCapacity;
    s.mutate(scope, g.AutoScalingGroupName, (x) => {
      x.Instances = x.Instances.filter((i) => !ids.includes(i.InstanceId));
      for (const id of ids) {
        const a = decrement ? activity(x, now, `Detaching EC2 instance: ${id}`, causes.detached(now, id, from, from - 1)) : activity(x, now, `Detaching EC2 instance: ${id}`, causes.detached(now, id));
        if (decrement) from--;
        s.db.putActivity(scope, a);
        out.push(presentActivity(a));
      }
      if (decrement) x.DesiredCapacity = from;
    });
    return { Activities: out };
  });
}

function standby(s: AutoScaling, ctx: RequestContext, name: string, ids: readonly string[], enter: boolean, decrement: boolean): api.Activity[] {
  const scope = scopeOf(ctx);
  const g = s.group(scope, name);
  for (const i of memberOf(g, ids)) {
    const ok = enter ? i.LifecycleState === 'InService' : i.LifecycleState === 'Standby';
    if (!ok) throw validationError(`The instance ${i.InstanceId} is not in ${enter ? 'InService' : 'Standby'}.`);
  }
  if (enter && decrement && g.DesiredCapacity - ids.length < g.MinSize) throw validationError(`Desired capacity:${g.DesiredCapacity - ids.length} must be between the specified min size:${g.MinSize} and max size:${g.MaxSize}`);
  if (!enter && g.DesiredCapacity + ids.length > g.MaxSize) throw validationError(`Desired capacity:${g.DesiredCapacity + ids.length} must be between the specified min size:${g.MinSize} and max size:${g.MaxSize}`);
  const now = s.now();
  return s.state.transaction(() => {
    const out: api.Activity[] = [];
    s.mutate(scope, name, (x) => {
      for (const i of x.Instances) {
        if (!ids.includes(i.InstanceId)) continue;
        i.LifecycleState = enter ? 'Standby' : 'InService';
        const from = x.DesiredCapacity;
        if (enter && decrement) x.DesiredCapacity--;
        if (!enter) x.DesiredCapacity++;
        const cause = enter
          ? `At ${stamp(now)} instance ${i.InstanceId} was moved to standby in response to a user request${decrement ? `, shrinking the capacity from ${from} to ${x.DesiredCapacity}` : ''}.`
          : `At ${stamp(now)} instance ${i.InstanceId} was moved out of standby in response to a user request, increasing the capacity from ${from} to ${x.DesiredCapacity}.`;
        const a = activity(x, now, `${enter ? 'Moving EC2 instance to Standby' : 'Moving EC2 instance out of Standby'}: ${i.InstanceId}`, cause);
        s.db.putActivity(scope, a);
        out.push(presentActivity(a));
      }
    });
    return out;
  });
}

export function enterStandby(s: AutoScaling, ctx: RequestContext, input: api.EnterStandbyQuery): api.EnterStandbyAnswer {
  return { Activities: standby(s, ctx, input.AutoScalingGroupName, input.InstanceIds ?? [], true, input.ShouldDecrementDesiredCapacity) };
}

export function exitStandby(s: AutoScaling, ctx: RequestContext, input: api.ExitStandbyQuery): api.ExitStandbyAnswer {
  return { Activities: standby(s, ctx, input.AutoScalingGroupName, input.InstanceIds ?? [], false, false) };
}

export function setInstanceHealth(s: AutoScaling, ctx: RequestContext, input: api.SetInstanceHealthQuery): void {
  const scope = scopeOf(ctx);
  if (input.HealthStatus !== 'Healthy' && input.HealthStatus !== 'Unhealthy') throw validationError(`Invalid health status: ${input.HealthStatus}`);
  const found = findInstance(s, scope, input.InstanceId);
  if (found === undefined) throw validationError(`Instance Id not found - No instance(s) found with ID(s) [${input.InstanceId}]`);
  const now = s.now();
  // ShouldRespectGracePeriod (default true): an Unhealthy mark inside the grace period is ignored.
  const inGrace = (found.i._inServiceAt ?? found.i._launchedAt) + found.g.HealthCheckGracePeriod * 1000 > now;
  if (input.HealthStatus === 'Unhealthy' && input.ShouldRespectGracePeriod !== false && inGrace) return;
  s.mutate(scope, found.g.AutoScalingGroupName, (g) => {
    const i = g.Instances.find((x) => x.InstanceId === input.InstanceId);
    if (i === undefined) return;
    i.HealthStatus = input.HealthStatus as InstanceRecord['HealthStatus'];
    if (i.HealthStatus === 'Unhealthy') (i as InstanceRecord & { _unhealthyBy?: string })._unhealthyBy = 'user';
  });
}

export function setInstanceProtection(s: AutoScaling, ctx: RequestContext, input: api.SetInstanceProtectionQuery): void {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName);
  memberOf(g, input.InstanceIds);
  s.mutate(scope, g.AutoScalingGroupName, (x) => {
    for (const i of x.Instances) if (input.InstanceIds.includes(i.InstanceId)) i.ProtectedFromScaleIn = input.ProtectedFromScaleIn;
  });
}

export async function terminateInstanceInAutoScalingGroup(s: AutoScaling, ctx: RequestContext, input: api.TerminateInstanceInAutoScalingGroupType): Promise<api.ActivityType> {
  const scope = scopeOf(ctx);
  const found = findInstance(s, scope, input.InstanceId);
  if (found === undefined) throw validationError(`Instance Id not found - No managed instance found for instance ID: ${input.InstanceId}`);
  const { g } = found;
  if (input.ShouldDecrementDesiredCapacity && g.DesiredCapacity - 1 < g.MinSize) {
    throw validationError(`Currently, desiredSize equals minSize (${g.MinSize}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`);
  }
  await deregisterInstance(s, scope, found.i);
  await s.ec2(scope, 'TerminateInstances', { InstanceIds: [input.InstanceId] });
  const now = s.now();
  return s.state.transaction(() => {
    let a = activity(g, now, `Terminating EC2 instance: ${input.InstanceId}`, causes.userTerminate(now, input.InstanceId));
    s.mutate(scope, g.AutoScalingGroupName, (x) => {
      x.Instances = x.Instances.filter((i) => i.InstanceId !== input.InstanceId);
      if (input.ShouldDecrementDesiredCapacity) {
        a = activity(x, now, `Terminating EC2 instance: ${input.InstanceId}`, causes.userTerminate(now, input.InstanceId, x.DesiredCapacity, x.DesiredCapacity - 1));
        x.DesiredCapacity--;
      }
    });
    s.db.putActivity(scope, a);
    return { Activity: presentActivity(a) };
  });
}

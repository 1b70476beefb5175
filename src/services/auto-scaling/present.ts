// Stored records → AWS output shapes: epoch ms become Dates, kumo's `_` members are dropped, tags gain their
// ResourceId/ResourceType, and paging tokens are opaque offsets.
import type * as api from '../../generated/auto-scaling/api.js';
import { AwsError } from '../../core/aws-error.js';
import type { ActivityRecord, GroupRecord, InstanceRecord, LaunchConfigurationRecord, PolicyRecord, ScheduledRecord } from './records.js';

function strip<T extends object>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => !k.startsWith('_') && v !== undefined));
}

export function presentInstance(i: InstanceRecord): api.Instance {
  return strip(i) as unknown as api.Instance;
}

export function presentTags(g: GroupRecord): api.TagDescription[] {
  return g.Tags.map((t) => ({ ResourceId: g.AutoScalingGroupName, ResourceType: 'auto-scaling-group', Key: t.Key, Value: t.Value, PropagateAtLaunch: t.PropagateAtLaunch }));
}

export function presentGroup(g: GroupRecord, includeInstances = true): api.AutoScalingGroup {
  const out = strip(g) as unknown as api.AutoScalingGroup;
  out.CreatedTime = new Date(g.CreatedTime);
  out.Instances = includeInstances ? g.Instances.map(presentInstance) : [];
  out.Tags = presentTags(g);
  return out;
}

export function presentLaunchConfiguration(lc: LaunchConfigurationRecord): api.LaunchConfiguration {
  const out = strip(lc) as unknown as api.LaunchConfiguration;
  out.CreatedTime = new Date(lc.CreatedTime);
  return out;
}

export function presentPolicy(p: PolicyRecord, alarms: api.Alarm[]): api.ScalingPolicy {
  return { ...(strip(p) as api.ScalingPolicy), Alarms: alarms };
}

export function presentScheduled(a: ScheduledRecord): api.ScheduledUpdateGroupAction {
  const out = strip(a) as unknown as api.ScheduledUpdateGroupAction;
  if (a.StartTime !== undefined) {
    out.StartTime = new Date(a.StartTime);
    out.Time = new Date(a.StartTime);
  }
  if (a.EndTime !== undefined) out.EndTime = new Date(a.EndTime);
  return out;
}

export function presentActivity(a: ActivityRecord): api.Activity {
  const out = strip(a) as unknown as api.Activity;
  out.StartTime = new Date(a.StartTime);
  if (a.EndTime !== undefined) out.EndTime = new Date(a.EndTime);
  return out;
}

/** One page of a list: MaxRecords (default and limit per operation) and an opaque NextToken. */
export function page<T>(items: readonly T[], maxRecords: number | undefined, nextToken: string | undefined, limits: { default: number; max: number }): { items: T[]; NextToken?: string } {
  const size = maxRecords ?? limits.default;
  if (size < 1 || size > limits.max) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${size}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to ${limits.max}`);
  }
  let start = 0;
  if (nextToken !== undefined) {
    const m = /^o:(\d+)$/.exec(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!m) throw new AwsError('InvalidNextToken', 'The token provided is invalid.');
    start = Number(m[1]);
  }
  const slice = items.slice(start, start + size);
  return start + size < items.length ? { items: slice, NextToken: Buffer.from(`o:${start + size}`).toString('base64') } : { items: slice };
}

// Scheduled actions: one-off (StartTime) or recurring (Unix cron in Recurrence, IANA TimeZone, bounded by Start/End
// time), run on the runtime clock by the controller's tick; each run sets min/max/desired with an activity cause.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/auto-scaling/api.js';
import { causes } from './activities.js';
import { type AutoScaling, arn, scopeOf } from './context.js';
import { isTimeZone, nextRun, parseCron } from './cron.js';
import { groupNotFoundNull, validationError } from './errors.js';
import { page, presentScheduled } from './present.js';
import type { GroupRecord, ScheduledRecord, Scope } from './records.js';

/** The next run at or after `from` (a one-off runs at StartTime; a recurrence at its next minute within the window). */
export function firstRun(a: ScheduledRecord, from: number): number | undefined {
  if (a.Recurrence === undefined) return a.StartTime !== undefined && a.StartTime >= from - 60_000 ? a.StartTime : undefined;
  const cron = parseCron(a.Recurrence);
  if (cron === undefined) return undefined;
  const minute = Math.ceil(Math.max(from, a.StartTime ?? from) / 60_000) * 60_000;
  const next = nextRun(cron, minute - 1, a.TimeZone ?? 'UTC');
  return next !== undefined && (a.EndTime === undefined || next <= a.EndTime) ? next : undefined;
}

function build(s: AutoScaling, scope: Scope, group: string, r: api.ScheduledUpdateGroupActionRequest & { Time?: Date | undefined }): ScheduledRecord {
  const now = s.now();
  const start = r.StartTime ?? r.Time;
  if (r.MinSize === undefined && r.MaxSize === undefined && r.DesiredCapacity === undefined) {
    throw validationError('At least one of MinSize, MaxSize or DesiredCapacity must be specified.');
  }
  if (r.Recurrence !== undefined && parseCron(r.Recurrence) === undefined) throw validationError('Given recurrence string is invalid.');
  if (r.TimeZone !== undefined && !isTimeZone(r.TimeZone)) throw validationError(`Invalid time zone: ${r.TimeZone}`);
  if (r.Recurrence === undefined && start === undefined) throw validationError('Either StartTime or Recurrence must be specified.');
  if (r.Recurrence === undefined && start !== undefined && start.getTime() < now) throw validationError('Given start time is in the past');
  if (start !== undefined && r.EndTime !== undefined && r.EndTime.getTime() <= start.getTime()) throw validationError('Start time cannot be after the end time.');
  if (r.MinSize !== undefined && r.MaxSize !== undefined && r.MaxSize < r.MinSize) throw validationError(`Max bound, ${r.MaxSize}, must be greater than or equal to min bound, ${r.MinSize}`);
  const a: ScheduledRecord = {
    AutoScalingGroupName: group,
    ScheduledActionName: r.ScheduledActionName,
    ScheduledActionARN: s.db.get<ScheduledRecord>(scope, 'scheduled', r.ScheduledActionName, group)?.ScheduledActionARN
      ?? arn(scope, `scheduledUpdateGroupAction:${randomUUID()}:autoScalingGroupName/${group}:scheduledActionName/${r.ScheduledActionName}`),
  };
  if (start !== undefined) a.StartTime = start.getTime();
  if (r.EndTime !== undefined) a.EndTime = r.EndTime.getTime();
  if (r.Recurrence !== undefined) a.Recurrence = r.Recurrence;
  if (r.MinSize !== undefined) a.MinSize = r.MinSize;
  if (r.MaxSize !== undefined) a.MaxSize = r.MaxSize;
  if (r.DesiredCapacity !== undefined) a.DesiredCapacity = r.DesiredCapacity;
  if (r.TimeZone !== undefined) a.TimeZone = r.TimeZone;
  const next = firstRun(a, now);
  if (next !== undefined) a._nextRun = next;
  return a;
}

export function putScheduledUpdateGroupAction(s: AutoScaling, ctx: RequestContext, input: api.PutScheduledUpdateGroupActionType): void {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName, groupNotFoundNull);
  const a = build(s, scope, g.AutoScalingGroupName, input);
  s.db.put(scope, 'scheduled', a.ScheduledActionName, a, g.AutoScalingGroupName);
}

export function batchPutScheduledUpdateGroupAction(s: AutoScaling, ctx: RequestContext, input: api.BatchPutScheduledUpdateGroupActionType): api.BatchPutScheduledUpdateGroupActionAnswer {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName, groupNotFoundNull);
  const failed: api.FailedScheduledUpdateGroupActionRequest[] = [];
  s.state.transaction(() => {
    for (const r of input.ScheduledUpdateGroupActions) {
      try {
        const a = build(s, scope, g.AutoScalingGroupName, r);
        s.db.put(scope, 'scheduled', a.ScheduledActionName, a, g.AutoScalingGroupName);
      } catch (e) {
        failed.push({ ScheduledActionName: r.ScheduledActionName, ErrorCode: 'ValidationError', ErrorMessage: e instanceof Error ? e.message : String(e) });
      }
    }
  });
  return { FailedScheduledUpdateGroupActions: failed };
}

export function deleteScheduledAction(s: AutoScaling, ctx: RequestContext, input: api.DeleteScheduledActionType): void {
  const scope = scopeOf(ctx);
  s.group(scope, input.AutoScalingGroupName, groupNotFoundNull);
  if (s.db.get(scope, 'scheduled', input.ScheduledActionName, input.AutoScalingGroupName) === undefined) {
    throw validationError(`Scheduled action name not found - Could not find scheduled action ${input.ScheduledActionName}`);
  }
  s.db.delete(scope, 'scheduled', input.ScheduledActionName, input.AutoScalingGroupName);
}

export function batchDeleteScheduledAction(s: AutoScaling, ctx: RequestContext, input: api.BatchDeleteScheduledActionType): api.BatchDeleteScheduledActionAnswer {
  const scope = scopeOf(ctx);
  s.group(scope, input.AutoScalingGroupName, groupNotFoundNull);
  const failed: api.FailedScheduledUpdateGroupActionRequest[] = [];
  for (const name of input.ScheduledActionNames) {
    if (s.db.get(scope, 'scheduled', name, input.AutoScalingGroupName) === undefined) {
      failed.push({ ScheduledActionName: name, ErrorCode: 'ValidationError', ErrorMessage: `Scheduled action name not found - Could not find scheduled action ${name}` });
    } else s.db.delete(scope, 'scheduled', name, input.AutoScalingGroupName);
  }
  return { FailedScheduledActions: failed };
}

export function describeScheduledActions(s: AutoScaling, ctx: RequestContext, input: api.DescribeScheduledActionsType): api.ScheduledActionsType {
  const scope = scopeOf(ctx);
  if (input.AutoScalingGroupName !== undefined) s.group(scope, input.AutoScalingGroupName, groupNotFoundNull);
  let list = s.db.list<ScheduledRecord>(scope, 'scheduled', input.AutoScalingGroupName);
  if (input.ScheduledActionNames !== undefined && input.ScheduledActionNames.length > 0) list = list.filter((a) => input.ScheduledActionNames?.includes(a.ScheduledActionName));
  const from = input.StartTime?.getTime();
  const to = input.EndTime?.getTime();
  if (from !== undefined) list = list.filter((a) => (a._nextRun ?? a.StartTime ?? 0) >= from);
  if (to !== undefined) list = list.filter((a) => (a._nextRun ?? a.StartTime ?? 0) <= to);
  const p = page(list, input.MaxRecords, input.NextToken, { default: 50, max: 100 });
  // StartTime shows the next run of a recurring action, as AWS does.
  const out: api.ScheduledActionsType = { ScheduledUpdateGroupActions: p.items.map((a) => presentScheduled({ ...a, ...(a._nextRun !== undefined ? { StartTime: a._nextRun } : {}) })) };
  if (p.NextToken !== undefined) out.NextToken = p.NextToken;
  return out;
}

/** Runs the scheduled actions due by now (the controller's tick) and schedules each at its next run. */
export function runDueActions(s: AutoScaling): void {
  const now = s.now();
  for (const { scope, value: a } of s.db.all<ScheduledRecord>('scheduled')) {
    if (a._nextRun === undefined || a._nextRun > now) continue;
    s.state.transaction(() => {
      const g = s.db.get<GroupRecord>(scope, 'group', a.AutoScalingGroupName);
      if (g !== undefined && !g.SuspendedProcesses.some((p) => p.ProcessName === 'ScheduledActions')) {
        s.mutate(scope, g.AutoScalingGroupName, (x) => {
          const min = a.MinSize ?? x.MinSize;
          const max = a.MaxSize ?? x.MaxSize;
          const desired = Math.min(max, Math.max(min, a.DesiredCapacity ?? x.DesiredCapacity));
          if (desired !== x.DesiredCapacity) x._cause = causes.scheduled(a._nextRun ?? now, a.ScheduledActionName, min, max, desired, x.DesiredCapacity);
          x.MinSize = min;
          x.MaxSize = max;
          x.DesiredCapacity = desired;
        });
      }
      const next = a.Recurrence === undefined ? undefined : firstRun(a, (a._nextRun ?? now) + 60_000);
      // A one-off action is deleted once it ran (AWS lists only pending actions).
      if (next === undefined) s.db.delete(scope, 'scheduled', a.ScheduledActionName, a.AutoScalingGroupName);
      else s.db.put(scope, 'scheduled', a.ScheduledActionName, { ...a, _nextRun: next }, a.AutoScalingGroupName);
    });
  }
}

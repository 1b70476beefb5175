// Scaling activities with AWS's sentences: a launch or termination records what changed the desired capacity (the
// group's pending cause) and then why an instance started or left. Sentences as AWS writes them in
// DescribeScalingActivities (User Guide, "Verify a scaling activity"; issue 22 quotes).
import { randomUUID } from 'node:crypto';
import { stamp } from './context.js';
import type { ActivityRecord, GroupRecord } from './records.js';

export function activity(g: GroupRecord, now: number, description: string, cause: string, status: ActivityRecord['StatusCode'] = 'Successful', statusMessage?: string): ActivityRecord {
  const a: ActivityRecord = {
    ActivityId: randomUUID(),
    AutoScalingGroupName: g.AutoScalingGroupName,
    AutoScalingGroupARN: g.AutoScalingGroupARN,
    Description: description,
    Cause: cause,
    StartTime: now,
    StatusCode: status,
    Progress: status === 'InProgress' ? 0 : 100,
    Details: '{}',
  };
  if (status !== 'InProgress') a.EndTime = now;
  if (statusMessage !== undefined) a.StatusMessage = statusMessage;
  return a;
}

/** Joins sentences the way AWS does: two spaces between them. */
export function sentences(...parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join('  ');
}

export const causes = {
  created: (t: number, from: number, to: number) => `At ${stamp(t)} a user request created an AutoScalingGroup changing the desired capacity from ${from} to ${to}.`,
  updated: (t: number, min: number, max: number, desired: number, from: number) =>
    `At ${stamp(t)} a user request update of AutoScalingGroup constraints to min: ${min}, max: ${max}, desired: ${desired} changing the desired capacity from ${from} to ${desired}.`,
  setDesired: (t: number, from: number, to: number) => `At ${stamp(t)} a user request explicitly set group desired capacity changing the desired capacity from ${from} to ${to}.`,
  userPolicy: (t: number, policy: string, from: number, to: number) => `At ${stamp(t)} a user request executed policy ${policy} changing the desired capacity from ${from} to ${to}.`,
  alarm: (t: number, alarm: string, policy: string, from: number, to: number) =>
    `At ${stamp(t)} a monitor alarm ${alarm} in state ALARM triggered policy ${policy} changing the desired capacity from ${from} to ${to}.`,
  scheduled: (t: number, action: string, min: number, max: number, desired: number, from: number) =>
    `At ${stamp(t)} a scheduled action update of AutoScalingGroup constraints to min: ${min}, max: ${max}, desired: ${desired} changing the desired capacity from ${from} to ${desired}.  At ${stamp(t)} the scheduled action ${action} executed. Setting desired capacity from ${from} to ${desired}.`,
  started: (t: number, from: number, to: number) => `At ${stamp(t)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${from} to ${to}.`,
  shrink: (t: number, from: number, to: number, id: string) =>
    `At ${stamp(t)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${from} to ${to}.  At ${stamp(t)} instance ${id} was selected for termination.`,
  statusCheck: (t: number) => `At ${stamp(t)} an instance was taken out of service in response to an EC2 instance status checks failure.`,
  stopped: (t: number) => `At ${stamp(t)} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.`,
  elbHealth: (t: number) => `At ${stamp(t)} an instance was taken out of service in response to an ELB system health check failure.`,
  userHealth: (t: number) => `At ${stamp(t)} an instance was taken out of service in response to a user health-check.`,
  userTerminate: (t: number, id: string, from?: number, to?: number) =>
    from === undefined ? `At ${stamp(t)} instance ${id} was taken out of service in response to a user request.` : `At ${stamp(t)} instance ${id} was taken out of service in response to a user request, shrinking the capacity from ${from} to ${to}.`,
  attached: (t: number, to: number) => `At ${stamp(t)} an instance was added in response to user request. Keeping the capacity at the new ${to}.`,
  detached: (t: number, id: string, from?: number, to?: number) =>
    from === undefined ? `At ${stamp(t)} instance ${id} was detached in response to a user request.` : `At ${stamp(t)} instance ${id} was detached in response to a user request, shrinking the capacity from ${from} to ${to}.`,
};

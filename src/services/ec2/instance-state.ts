// Instance lifecycle as EC2 reports it: state names and codes, and the timed transitions (pending → running,
// stopping → stopped, shutting-down → terminated) computed from the runtime clock instead of background timers.
import type * as api from '../../generated/ec2/api.js';

/** Instance state codes (EC2 API "InstanceState"). */
export const STATE_CODES: Record<api.InstanceStateName, number> = {
  pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80,
};

/** How long each transitional state lasts on the runtime clock. */
export const TRANSITION_MS = 1000;
/** Terminated instances stay visible for an hour, then Describe no longer lists them (EC2 User Guide). */
export const TERMINATED_VISIBLE_MS = 3600 * 1000;

export function state(name: api.InstanceStateName): api.InstanceState {
  return { Code: STATE_CODES[name], Name: name };
}

const SETTLES_TO: Partial<Record<api.InstanceStateName, api.InstanceStateName>> = {
  pending: 'running', stopping: 'stopped', 'shutting-down': 'terminated',
};

export interface Transitional {
  State?: api.InstanceState | undefined;
  _changedAt?: number;
  _managed?: boolean;
}

/** The state now: a transitional state settles once TRANSITION_MS has passed since it began (instances as data). */
export function currentState(i: Transitional, now: number): api.InstanceStateName {
  const name = i.State?.Name ?? 'pending';
  // A running process drives its own instance's state (src/services/ec2/runner/).
  if (i._managed) return name;
  const settled = SETTLES_TO[name];
  if (settled && now - (i._changedAt ?? 0) >= TRANSITION_MS) return settled;
  return name;
}

/** "User initiated (2024-06-06 19:21:49 GMT)", EC2's StateTransitionReason for a user's stop or terminate. */
export function userInitiated(now: number): string {
  return `User initiated (${new Date(now).toISOString().replace('T', ' ').slice(0, 19)} GMT)`;
}

// Scaling policies: PutScalingPolicy (SimpleScaling, StepScaling, TargetTrackingScaling with its owned CloudWatch
// alarms), DescribePolicies (with the alarms that invoke each policy), DeletePolicy, ExecutePolicy, and the
// in-process entry CloudWatch calls when an alarm action names a policy ARN.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/auto-scaling/api.js';
import { causes } from './activities.js';
import { type AutoScaling, arn, scopeOf } from './context.js';
import { cooldownInProgress, groupNotFound, policyNotFound, unsupported, validationError } from './errors.js';
import { counted } from './group-controller.js';
import { inCooldown } from './group-operations.js';
import { adjustedCapacity, selectStep, stepsProblem, type AdjustmentType } from './policy-rules.js';
import { page, presentPolicy } from './present.js';
import type { GroupRecord, PolicyRecord, Scope } from './records.js';
import { ownedAlarmInputs, trackingCapacity } from './target-tracking.js';

const ADJUSTMENT_TYPES = new Set(['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity']);

export async function deleteOwnedAlarms(s: AutoScaling, scope: Scope, names: readonly string[]): Promise<void> {
  if (names.length > 0) await s.cloudwatch(scope, 'DeleteAlarms', { AlarmNames: [...names] });
}

function checkSimpleOrStep(input: api.PutScalingPolicyType, type: string): void {
  if (input.AdjustmentType === undefined) throw validationError(`AdjustmentType is required for ${type} policies.`);
  if (!ADJUSTMENT_TYPES.has(input.AdjustmentType)) throw validationError(`Invalid adjustment type: ${input.AdjustmentType}`);
  if (input.MinAdjustmentMagnitude !== undefined && input.AdjustmentType !== 'PercentChangeInCapacity') {
    throw validationError('MinAdjustmentMagnitude is only supported with the PercentChangeInCapacity adjustment type.');
  }
  if (input.TargetTrackingConfiguration !== undefined) throw validationError(`TargetTrackingConfiguration is not supported for ${type} policies.`);
  if (type === 'SimpleScaling') {
    if (input.ScalingAdjustment === undefined) throw validationError('ScalingAdjustment is required for SimpleScaling policies.');
    if (input.StepAdjustments !== undefined && input.StepAdjustments.length > 0) throw validationError('StepAdjustments are not supported for SimpleScaling policies.');
    if (input.AdjustmentType === 'ExactCapacity' && input.ScalingAdjustment < 0) throw validationError('ScalingAdjustment must be non-negative for the ExactCapacity adjustment type.');
    return;
  }
  if (input.StepAdjustments === undefined || input.StepAdjustments.length === 0) throw validationError('StepAdjustments are required for StepScaling policies.');
  if (input.ScalingAdjustment !== undefined) throw validationError('ScalingAdjustment is not supported for StepScaling policies.');
  if (input.Cooldown !== undefined) throw validationError('Cooldown is not supported for StepScaling policies.');
  const problem = stepsProblem(input.StepAdjustments);
  if (problem !== undefined) throw validationError(problem);
}

export async function putScalingPolicy(s: AutoScaling, ctx: RequestContext, input: api.PutScalingPolicyType): Promise<api.PolicyARNType> {
  const scope = scopeOf(ctx);
  const g = s.group(scope, input.AutoScalingGroupName);
  const type = input.PolicyType ?? 'SimpleScaling';
  if (type === 'PredictiveScaling') throw unsupported('PutScalingPolicy', 'predictive scaling');
  if (!['SimpleScaling', 'StepScaling', 'TargetTrackingScaling'].includes(type)) throw validationError(`Invalid policy type: ${type}`);
  const existing = s.db.get<PolicyRecord>(scope, 'policy', input.PolicyName, g.AutoScalingGroupName);
  const policyArn = existing?.PolicyARN ?? arn(scope, `scalingPolicy:${randomUUID()}:autoScalingGroupName/${g.AutoScalingGroupName}:policyName/${input.PolicyName}`);
  const p: PolicyRecord = { AutoScalingGroupName: g.AutoScalingGroupName, PolicyName: input.PolicyName, PolicyARN: policyArn, PolicyType: type, Enabled: input.Enabled ?? true };
  let alarms: Array<Record<string, unknown>> = [];
  if (type === 'TargetTrackingScaling') {
    const c = input.TargetTrackingConfiguration;
    if (c === undefined) throw validationError('TargetTrackingConfiguration is required for TargetTrackingScaling policies.');
    if (input.AdjustmentType !== undefined || input.ScalingAdjustment !== undefined || input.StepAdjustments !== undefined) {
      throw validationError('AdjustmentType, ScalingAdjustment and StepAdjustments are not supported for TargetTrackingScaling policies.');
    }
    alarms = ownedAlarmInputs(g.AutoScalingGroupName, policyArn, c, existing?._ownedAlarms);
    p.TargetTrackingConfiguration = c;
  } else {
    checkSimpleOrStep(input, type);
    p.AdjustmentType = input.AdjustmentType as string;
    if (input.MinAdjustmentMagnitude !== undefined) {
      p.MinAdjustmentMagnitude = input.MinAdjustmentMagnitude;
      p.MinAdjustmentStep = input.MinAdjustmentMagnitude;
    }
    if (type === 'SimpleScaling') {
      p.ScalingAdjustment = input.ScalingAdjustment as number;
      if (input.Cooldown !== undefined) p.Cooldown = input.Cooldown;
    } else {
      p.StepAdjustments = input.StepAdjustments as api.StepAdjustment[];
      p.MetricAggregationType = input.MetricAggregationType ?? 'Average';
    }
  }
  if (input.EstimatedInstanceWarmup !== undefined) {
    if (type === 'SimpleScaling') throw validationError('EstimatedInstanceWarmup is not supported for SimpleScaling policies.');
    p.EstimatedInstanceWarmup = input.EstimatedInstanceWarmup;
  }
  // Owned alarms first: if CloudWatch refuses one, no policy is stored.
  for (const a of alarms) await s.cloudwatch(scope, 'PutMetricAlarm', a);
  const names = alarms.map((a) => a['AlarmName'] as string);
  const stale = (existing?._ownedAlarms ?? []).filter((n) => !names.includes(n));
  await deleteOwnedAlarms(s, scope, stale);
  if (names.length > 0) p._ownedAlarms = names;
  s.db.put(scope, 'policy', input.PolicyName, p, g.AutoScalingGroupName);
  return { PolicyARN: policyArn, Alarms: names.map((n) => ({ AlarmName: n, AlarmARN: `arn:aws:cloudwatch:${scope.region}:${scope.account}:alarm:${n}` })) };
}

/** Alarms whose actions name each policy ARN (DescribePolicies shows them), read from CloudWatch. */
async function alarmsByPolicy(s: AutoScaling, scope: Scope): Promise<Map<string, api.Alarm[]>> {
  const out = new Map<string, api.Alarm[]>();
  let token: string | undefined;
  do {
    type Page = { MetricAlarms?: Array<{ AlarmName: string; AlarmArn: string; AlarmActions?: string[]; OKActions?: string[]; InsufficientDataActions?: string[] }>; NextToken?: string };
    const res: Page = await s.cloudwatch<Page>(scope, 'DescribeAlarms', { MaxRecords: 100, ...(token !== undefined ? { NextToken: token } : {}) });
    for (const a of res.MetricAlarms ?? []) {
      for (const action of new Set([...(a.AlarmActions ?? []), ...(a.OKActions ?? []), ...(a.InsufficientDataActions ?? [])])) {
        if (!action.includes(':scalingPolicy:')) continue;
        const list = out.get(action) ?? [];
        list.push({ AlarmName: a.AlarmName, AlarmARN: a.AlarmArn });
        out.set(action, list);
      }
    }
    token = res.NextToken;
  } while (token !== undefined);
  return out;
}

export async function describePolicies(s: AutoScaling, ctx: RequestContext, input: api.DescribePoliciesType): Promise<api.PoliciesType> {
  const scope = scopeOf(ctx);
  if (input.AutoScalingGroupName !== undefined) s.group(scope, input.AutoScalingGroupName);
  let list = s.db.list<PolicyRecord>(scope, 'policy', input.AutoScalingGroupName);
  if (input.PolicyNames !== undefined && input.PolicyNames.length > 0) {
    const names = new Set(input.PolicyNames);
    list = list.filter((p) => names.has(p.PolicyName) || names.has(p.PolicyARN));
  }
  if (input.PolicyTypes !== undefined && input.PolicyTypes.length > 0) list = list.filter((p) => input.PolicyTypes?.includes(p.PolicyType));
  const pg = page(list, input.MaxRecords, input.NextToken, { default: 50, max: 50 });
  const alarms = pg.items.length > 0 ? await alarmsByPolicy(s, scope) : new Map<string, api.Alarm[]>();
  const out: api.PoliciesType = { ScalingPolicies: pg.items.map((p) => presentPolicy(p, alarms.get(p.PolicyARN) ?? [])) };
  if (pg.NextToken !== undefined) out.NextToken = pg.NextToken;
  return out;
}

function findPolicy(s: AutoScaling, scope: Scope, group: string | undefined, nameOrArn: string): PolicyRecord {
  const candidates = nameOrArn.startsWith('arn:') ? s.db.list<PolicyRecord>(scope, 'policy') : group === undefined ? [] : s.db.list<PolicyRecord>(scope, 'policy', group);
  const p = candidates.find((x) => x.PolicyName === nameOrArn || x.PolicyARN === nameOrArn);
  if (p === undefined) throw policyNotFound(nameOrArn);
  return p;
}

export async function deletePolicy(s: AutoScaling, ctx: RequestContext, input: api.DeletePolicyType): Promise<void> {
  const scope = scopeOf(ctx);
  if (input.AutoScalingGroupName !== undefined && !input.PolicyName.startsWith('arn:')) s.group(scope, input.AutoScalingGroupName);
  const p = findPolicy(s, scope, input.AutoScalingGroupName, input.PolicyName);
  await deleteOwnedAlarms(s, scope, p._ownedAlarms ?? []);
  s.db.delete(scope, 'policy', p.PolicyName, p.AutoScalingGroupName);
}

/** Instances that count when scaling out: those a policy launched count once their warmup has passed
 *  (EstimatedInstanceWarmup, else the group's DefaultInstanceWarmup, else its DefaultCooldown: PutScalingPolicy reference). */
function warmCapacity(g: GroupRecord, p: PolicyRecord, now: number): number {
  const warmup = (p.EstimatedInstanceWarmup ?? g.DefaultInstanceWarmup ?? g.DefaultCooldown) * 1000;
  return counted(g).filter((i) => i._scaledOut !== true || i._launchedAt + warmup <= now).length;
}

interface Trigger {
  /** The alarm and its threshold and latest value, when an alarm action runs the policy. */
  alarm?: { name: string; threshold: number; value: number | undefined };
  honorCooldown: boolean;
  metricValue?: number | undefined;
  breachThreshold?: number | undefined;
}

/** Applies a policy now; returns without change when cooldown, bounds or steps leave the capacity as it is. */
export function applyPolicy(s: AutoScaling, scope: Scope, p: PolicyRecord, t: Trigger): void {
  const now = s.now();
  const g = s.db.get<GroupRecord>(scope, 'group', p.AutoScalingGroupName);
  if (g === undefined) throw groupNotFound(p.AutoScalingGroupName);
  if (p.Enabled === false) return;
  const bounds = { min: g.MinSize, max: g.MaxSize };
  let target = g.DesiredCapacity;
  if (p.PolicyType === 'SimpleScaling') {
    if (t.honorCooldown && inCooldown(g, now, p.Cooldown ?? g.DefaultCooldown)) {
      if (t.alarm === undefined) throw cooldownInProgress();
      return;
    }
    target = adjustedCapacity(g.DesiredCapacity, p.AdjustmentType as AdjustmentType, p.ScalingAdjustment ?? 0, bounds, p.MinAdjustmentMagnitude);
  } else if (p.PolicyType === 'StepScaling') {
    const value = t.alarm?.value ?? t.metricValue;
    const threshold = t.alarm?.threshold ?? t.breachThreshold;
    if (value === undefined || threshold === undefined) {
      if (t.alarm !== undefined) return;
      throw validationError('MetricValue and BreachThreshold are required for StepScaling policies.');
    }
    const step = selectStep(p.StepAdjustments ?? [], threshold, value);
    if (step === undefined) {
      if (t.alarm !== undefined) return;
      throw validationError(`The metric value ${value} does not correspond to a step adjustment for the breach threshold ${threshold}.`);
    }
    // Instances still warming up do not count toward the current capacity when scaling out (User Guide, "Step and
    // simple scaling policies": instance warmup), so an alarm that holds does not add one more each minute.
    const warm = warmCapacity(g, p, now);
    const out = adjustedCapacity(Math.max(warm, 0), p.AdjustmentType as AdjustmentType, step.ScalingAdjustment, bounds, p.MinAdjustmentMagnitude);
    const inn = adjustedCapacity(g.DesiredCapacity, p.AdjustmentType as AdjustmentType, step.ScalingAdjustment, bounds, p.MinAdjustmentMagnitude);
    target = step.ScalingAdjustment >= 0 || p.AdjustmentType === 'ExactCapacity' ? Math.max(out, p.AdjustmentType === 'ExactCapacity' ? out : g.DesiredCapacity) : inn;
  } else {
    if (t.alarm === undefined) throw validationError('ExecutePolicy is not supported for TargetTrackingScaling policies.');
    const value = t.alarm.value;
    const c = p.TargetTrackingConfiguration;
    if (value === undefined || c === undefined) return;
    const high = t.alarm.name.includes('-AlarmHigh-');
    // Scaling out, instances still warming up are not part of the current capacity (as for step scaling).
    const base = high ? warmCapacity(g, p, now) : g.DesiredCapacity;
    const wanted = Math.max(bounds.min, Math.min(bounds.max, trackingCapacity(base, value, c.TargetValue)));
    if (high ? wanted <= g.DesiredCapacity : wanted >= g.DesiredCapacity || c.DisableScaleIn === true) return;
    target = wanted;
  }
  if (target === g.DesiredCapacity) return;
  s.mutate(scope, g.AutoScalingGroupName, (x) => {
    x._cause = t.alarm !== undefined ? causes.alarm(now, t.alarm.name, p.PolicyName, x.DesiredCapacity, target) : causes.userPolicy(now, p.PolicyName, x.DesiredCapacity, target);
    x._causeByPolicy = true;
    x.DesiredCapacity = target;
    if (p.PolicyType === 'SimpleScaling') x._lastScalingAt = now;
  });
}

export function executePolicy(s: AutoScaling, ctx: RequestContext, input: api.ExecutePolicyType): void {
  const scope = scopeOf(ctx);
  if (input.AutoScalingGroupName !== undefined) s.group(scope, input.AutoScalingGroupName);
  const p = findPolicy(s, scope, input.AutoScalingGroupName, input.PolicyName);
  if (p.PolicyType !== 'SimpleScaling' && input.HonorCooldown !== undefined) throw validationError('HonorCooldown is only supported for SimpleScaling policies.');
  if (p.PolicyType !== 'StepScaling' && (input.MetricValue !== undefined || input.BreachThreshold !== undefined)) {
    throw validationError('MetricValue and BreachThreshold are only supported for StepScaling policies.');
  }
  applyPolicy(s, scope, p, { honorCooldown: input.HonorCooldown ?? false, metricValue: input.MetricValue, breachThreshold: input.BreachThreshold });
}

/** CloudWatch's alarm action: runs the policy the ARN names; a failure reason (for the alarm's history) or undefined. */
export function alarmAction(s: AutoScaling, scope: Scope, policyArn: string, alarm: { name: string; threshold: number; value: number | undefined }): string | undefined {
  const p = s.db.list<PolicyRecord>(scope, 'policy').find((x) => x.PolicyARN === policyArn);
  if (p === undefined) return `No scaling policy found for ARN ${policyArn}`;
  try {
    // Alarms always honour the cooldown of simple scaling (User Guide, "Scaling cooldowns").
    applyPolicy(s, scope, p, { alarm, honorCooldown: true });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

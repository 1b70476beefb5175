// Target tracking: the two CloudWatch alarms a policy owns (TargetTracking-<asg>-AlarmHigh-<uuid>: 3 of 3 one-minute
// periods above the target; -AlarmLow-<uuid>: 15 of 15 below 90 % of it, absent with DisableScaleIn), and the
// capacity that brings the metric back to the target (proportional, rounded up). Source: User Guide,
// "Target tracking scaling policies" (the alarms it creates and must not be edited).
import { randomUUID } from 'node:crypto';
import type * as api from '../../generated/auto-scaling/api.js';
import { validationError } from './errors.js';

export interface AlarmMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Array<{ Name: string; Value: string }>;
  Statistic?: string;
  Unit?: string;
  Metrics?: unknown[];
}

const PREDEFINED: Record<string, { Namespace: string; MetricName: string; Statistic: string }> = {
  ASGAverageCPUUtilization: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Statistic: 'Average' },
  ASGAverageNetworkIn: { Namespace: 'AWS/EC2', MetricName: 'NetworkIn', Statistic: 'Average' },
  ASGAverageNetworkOut: { Namespace: 'AWS/EC2', MetricName: 'NetworkOut', Statistic: 'Average' },
  ALBRequestCountPerTarget: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCountPerTarget', Statistic: 'Sum' },
};

/** The metric the alarms watch, from a predefined or customized specification. */
export function trackedMetric(group: string, c: api.TargetTrackingConfiguration): AlarmMetric {
  const pre = c.PredefinedMetricSpecification;
  const custom = c.CustomizedMetricSpecification;
  if ((pre === undefined) === (custom === undefined)) {
    throw validationError('Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified.');
  }
  if (pre !== undefined) {
    const m = PREDEFINED[pre.PredefinedMetricType];
    if (m === undefined) throw validationError(`Unsupported predefined metric type: ${pre.PredefinedMetricType}`);
    if (pre.PredefinedMetricType === 'ALBRequestCountPerTarget') {
      // ResourceLabel: app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>.
      const label = pre.ResourceLabel ?? '';
      const at = label.indexOf('/targetgroup/');
      if (at < 0) throw validationError('ResourceLabel must be specified for ALBRequestCountPerTarget as app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>.');
      return { ...m, Dimensions: [{ Name: 'TargetGroup', Value: label.slice(at + 1) }] };
    }
    return { ...m, Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }] };
  }
  const cm = custom as api.CustomizedMetricSpecification;
  if (cm.Metrics !== undefined) return { Metrics: cm.Metrics };
  if (cm.MetricName === undefined || cm.Namespace === undefined || cm.Statistic === undefined) {
    throw validationError('A customized metric specification needs MetricName, Namespace and Statistic, or Metrics.');
  }
  const out: AlarmMetric = { Namespace: cm.Namespace, MetricName: cm.MetricName, Statistic: cm.Statistic, Dimensions: (cm.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value })) };
  if (cm.Unit !== undefined) out.Unit = cm.Unit;
  return out;
}

/** PutMetricAlarm inputs for the policy's alarms (high, then low unless scale-in is disabled). */
export function ownedAlarmInputs(group: string, policyArn: string, c: api.TargetTrackingConfiguration, existing: readonly string[] = []): Array<Record<string, unknown>> {
  const metric = trackedMetric(group, c);
  const id = randomUUID();
  const named = (kind: 'High' | 'Low'): string => existing.find((n) => n.includes(`-Alarm${kind}-`)) ?? `TargetTracking-${group}-Alarm${kind}-${id}`;
  const base = (kind: 'High' | 'Low', periods: number, threshold: number, op: string): Record<string, unknown> => {
    const alarm: Record<string, unknown> = {
      AlarmName: named(kind),
      AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policyArn}.`,
      ActionsEnabled: true,
      AlarmActions: [policyArn],
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      Threshold: threshold,
      ComparisonOperator: op,
    };
    if (metric.Metrics !== undefined) alarm['Metrics'] = metric.Metrics;
    else Object.assign(alarm, metric, { Period: 60 });
    return alarm;
  };
  const out = [base('High', 3, c.TargetValue, 'GreaterThanThreshold')];
  if (c.DisableScaleIn !== true) out.push(base('Low', 15, c.TargetValue * 0.9, 'LessThanThreshold'));
  return out;
}

/** Capacity that brings the metric to the target: ceil(current × value / target), at least 1 when value > 0. */
export function trackingCapacity(current: number, value: number, target: number): number {
  if (target <= 0) return current;
  return Math.max(current === 0 && value > 0 ? 1 : 0, Math.ceil((Math.max(current, 1) * value) / target - 1e-9));
}

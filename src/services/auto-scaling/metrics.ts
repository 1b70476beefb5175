// AWS/AutoScaling group metrics, published each minute for groups with metrics collection enabled (only the
// metrics enabled), dimension AutoScalingGroupName. Source: User Guide, "Amazon CloudWatch metrics for Amazon EC2
// Auto Scaling" (Group* metrics, 1-minute granularity).
import type { PublishedMetric } from '../cloudwatch/publish.js';
import type { GroupRecord } from './records.js';

export const METRICS_INTERVAL_MS = 60_000;

/** The value of each Group* metric for a group now (capacity = instances, as kumo has no instance weights). */
export function groupMetricValues(g: GroupRecord): Record<string, number> {
  const by = (states: string[]): number => g.Instances.filter((i) => states.includes(i.LifecycleState)).length;
  const inService = by(['InService']);
  const pending = by(['Pending', 'Pending:Wait', 'Pending:Proceed']);
  const standby = by(['Standby']);
  const terminating = by(['Terminating', 'Terminating:Wait', 'Terminating:Proceed']);
  const total = inService + pending + standby + terminating;
  return {
    GroupMinSize: g.MinSize, GroupMaxSize: g.MaxSize, GroupDesiredCapacity: g.DesiredCapacity,
    GroupInServiceInstances: inService, GroupPendingInstances: pending, GroupStandbyInstances: standby, GroupTerminatingInstances: terminating, GroupTotalInstances: total,
    GroupInServiceCapacity: inService, GroupPendingCapacity: pending, GroupStandbyCapacity: standby, GroupTerminatingCapacity: terminating, GroupTotalCapacity: total,
  };
}

/** The enabled metrics of one group at `now`, for CloudWatch's publish(). */
export function groupMetricData(g: GroupRecord, now: number): PublishedMetric[] {
  const values = groupMetricValues(g);
  return g.EnabledMetrics.filter((m) => values[m.Metric] !== undefined).map((m) => ({
    MetricName: m.Metric, Value: values[m.Metric] as number, Unit: 'None', Timestamp: now,
    Dimensions: [{ Name: 'AutoScalingGroupName', Value: g.AutoScalingGroupName }],
  }));
}

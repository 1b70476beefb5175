// Scaling arithmetic, pure: which step adjustment a metric value selects (bounds relative to the breach threshold,
// lower inclusive and upper exclusive above it, the reverse below: StepAdjustment reference), the rules a policy's
// steps must satisfy, and the new desired capacity for an adjustment type (User Guide, "Scaling adjustment types").
export interface Step {
  MetricIntervalLowerBound?: number | undefined;
  MetricIntervalUpperBound?: number | undefined;
  ScalingAdjustment: number;
}

/** The step whose interval holds `metric - threshold`, or undefined when none does. */
export function selectStep(steps: readonly Step[], threshold: number, metric: number): Step | undefined {
  const d = metric - threshold;
  return steps.find((s) => {
    const lo = s.MetricIntervalLowerBound ?? -Infinity;
    const hi = s.MetricIntervalUpperBound ?? Infinity;
    return d >= 0 ? lo <= d && d < hi : lo < d && d <= hi;
  });
}

/** Why a set of steps is invalid (the four rules of the StepAdjustment reference), or undefined if valid. */
export function stepsProblem(steps: readonly Step[]): string | undefined {
  if (steps.some((s) => s.MetricIntervalLowerBound === undefined && s.MetricIntervalUpperBound === undefined)) {
    return 'The upper and lower bound of a step adjustment cannot both be null.';
  }
  if (steps.some((s) => s.MetricIntervalLowerBound !== undefined && s.MetricIntervalUpperBound !== undefined && s.MetricIntervalUpperBound <= s.MetricIntervalLowerBound)) {
    return 'The upper bound of a step adjustment must be greater than its lower bound.';
  }
  const nullLower = steps.filter((s) => s.MetricIntervalLowerBound === undefined).length;
  const nullUpper = steps.filter((s) => s.MetricIntervalUpperBound === undefined).length;
  if (nullLower > 1) return 'At most one step adjustment can have a null lower bound.';
  if (nullUpper > 1) return 'At most one step adjustment can have a null upper bound.';
  if (steps.some((s) => (s.MetricIntervalLowerBound ?? 0) < 0) && nullLower === 0) {
    return 'A step adjustment with a negative lower bound requires a step adjustment with a null lower bound.';
  }
  if (steps.some((s) => (s.MetricIntervalUpperBound ?? 0) > 0) && nullUpper === 0) {
    return 'A step adjustment with a positive upper bound requires a step adjustment with a null upper bound.';
  }
  const sorted = [...steps].sort((a, b) => (a.MetricIntervalLowerBound ?? -Infinity) - (b.MetricIntervalLowerBound ?? -Infinity));
  for (let i = 1; i < sorted.length; i++) {
    const prevHi = sorted[i - 1]!.MetricIntervalUpperBound ?? Infinity;
    const lo = sorted[i]!.MetricIntervalLowerBound ?? -Infinity;
    if (prevHi > lo) return 'The ranges of your step adjustments can\'t overlap.';
    if (prevHi < lo) return 'The ranges of your step adjustments can\'t have a gap.';
  }
  return undefined;
}

export type AdjustmentType = 'ChangeInCapacity' | 'ExactCapacity' | 'PercentChangeInCapacity';

/**
 * The desired capacity after an adjustment, clamped to [min, max]. PercentChangeInCapacity: results between 0 and 1
 * become 1, between -1 and 0 become -1, others are truncated toward zero; MinAdjustmentMagnitude raises the size of
 * the change (User Guide, "Scaling adjustment types").
 */
export function adjustedCapacity(current: number, type: AdjustmentType, adjustment: number, bounds: { min: number; max: number }, minMagnitude?: number): number {
  let target: number;
  if (type === 'ExactCapacity') target = adjustment;
  else if (type === 'ChangeInCapacity') target = current + adjustment;
  else {
    let change = (current * adjustment) / 100;
    if (change > 0 && change < 1) change = 1;
    else if (change < 0 && change > -1) change = -1;
    else change = Math.trunc(change);
    if (minMagnitude !== undefined && Math.abs(change) < minMagnitude) change = Math.sign(change) * minMagnitude;
    target = current + change;
  }
  return Math.max(bounds.min, Math.min(bounds.max, target));
}

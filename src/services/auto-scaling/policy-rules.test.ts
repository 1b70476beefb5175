import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedCapacity, selectStep, stepsProblem, type Step } from './policy-rules.js';

// The StepAdjustment reference's example: breach threshold 50.
const up: Step[] = [
  { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
  { MetricIntervalLowerBound: 10, ScalingAdjustment: 2 },
];
const down: Step[] = [
  { MetricIntervalLowerBound: -10, MetricIntervalUpperBound: 0, ScalingAdjustment: -1 },
  { MetricIntervalUpperBound: -10, ScalingAdjustment: -2 },
];

test('above the threshold the lower bound is inclusive and the upper exclusive', () => {
  assert.equal(selectStep(up, 50, 50)?.ScalingAdjustment, 1);
  assert.equal(selectStep(up, 50, 59.99)?.ScalingAdjustment, 1);
  assert.equal(selectStep(up, 50, 60)?.ScalingAdjustment, 2);
  assert.equal(selectStep(up, 50, 49), undefined);
});

test('below the threshold the lower bound is exclusive and the upper inclusive', () => {
  assert.equal(selectStep(down, 50, 40.01)?.ScalingAdjustment, -1);
  assert.equal(selectStep(down, 50, 40)?.ScalingAdjustment, -2);
  assert.equal(selectStep(down, 50, 10)?.ScalingAdjustment, -2);
});

test('step rules: no overlap, no gap, one null bound each side, never both null', () => {
  assert.equal(stepsProblem(up), undefined);
  assert.equal(stepsProblem(down), undefined);
  assert.match(stepsProblem([{ ScalingAdjustment: 1 }]) ?? '', /both be null/);
  assert.match(stepsProblem([{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 5, ScalingAdjustment: 2 }]) ?? '', /overlap/);
  assert.match(stepsProblem([{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 }]) ?? '', /gap/);
  assert.match(stepsProblem([{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }]) ?? '', /null upper bound/);
});

test('adjustment types: change, exact, percent with rounding and MinAdjustmentMagnitude, clamped to min and max', () => {
  const b = { min: 1, max: 10 };
  assert.equal(adjustedCapacity(2, 'ChangeInCapacity', 3, b), 5);
  assert.equal(adjustedCapacity(2, 'ChangeInCapacity', -5, b), 1);
  assert.equal(adjustedCapacity(2, 'ExactCapacity', 20, b), 10);
  assert.equal(adjustedCapacity(4, 'PercentChangeInCapacity', 10, b), 5, '0.4 rounds up to 1');
  assert.equal(adjustedCapacity(4, 'PercentChangeInCapacity', -10, b), 3, '-0.4 rounds to -1');
  assert.equal(adjustedCapacity(9, 'PercentChangeInCapacity', -25, b), 7, '-2.25 truncates to -2');
  assert.equal(adjustedCapacity(4, 'PercentChangeInCapacity', 25, { min: 1, max: 20 }, 3), 7);
});

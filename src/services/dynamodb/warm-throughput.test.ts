// Unit tests of the warm-throughput rules: baselines, the effective value, and raise-only updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselineWarm, effectiveWarm, raiseWarm } from './warm-throughput.js';

test('the baseline is 12,000/4,000 on demand and the provisioned capacity otherwise', () => {
  assert.deepEqual(baselineWarm(true, undefined), { read: 12000, write: 4000 });
  assert.deepEqual(baselineWarm(false, { read: 5, write: 7 }), { read: 5, write: 7 });
});

test('the effective warm throughput is the larger of the requested value and the baseline', () => {
  assert.deepEqual(effectiveWarm({ ReadUnitsPerSecond: 1000 }, { read: 2000, write: 5 }), { read: 2000, write: 5 });
  assert.deepEqual(effectiveWarm(undefined, { read: 3, write: 4 }), { read: 3, write: 4 });
});

test('raiseWarm keeps an unnamed member, refuses a decrease, a non-positive value and an empty request', () => {
  assert.deepEqual(raiseWarm({ ReadUnitsPerSecond: 13000 }, { read: 12000, write: 4000 }, 'table'), { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 4000 });
  assert.throws(() => raiseWarm({ WriteUnitsPerSecond: 3999 }, { read: 12000, write: 4000 }, 'table'), /decreasing WarmThroughput is not supported/);
  assert.throws(() => raiseWarm({ ReadUnitsPerSecond: 0 }, { read: 0, write: 0 }, 'table'), /must be a positive integer/);
  assert.throws(() => raiseWarm({}, { read: 1, write: 1 }, 'index g'), /must specify ReadUnitsPerSecond or WriteUnitsPerSecond/);
});

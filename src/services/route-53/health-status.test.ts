// Health status rules: FailureThreshold consecutive results flip the status both ways, Inverted and Disabled,
// and CALCULATED checks against HealthThreshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calculatedHealthy, INITIAL_PROBE_STATE, nextProbeState, reportedStatus } from './health-status.js';

test('FailureThreshold consecutive failures make it unhealthy, and as many successes healthy again', () => {
  let s = INITIAL_PROBE_STATE;
  s = nextProbeState(s, false, 2);
  assert.equal(s.endpointHealthy, true, 'one failure is not enough');
  s = nextProbeState(s, true, 2);
  s = nextProbeState(s, false, 2);
  assert.equal(s.endpointHealthy, true, 'a success in between resets the count');
  s = nextProbeState(s, false, 2);
  assert.equal(s.endpointHealthy, false);
  s = nextProbeState(s, true, 2);
  assert.equal(s.endpointHealthy, false);
  s = nextProbeState(s, true, 2);
  assert.equal(s.endpointHealthy, true);
});

test('Disabled reports healthy whatever the endpoint says; Inverted swaps the status', () => {
  assert.equal(reportedStatus({ Type: 'HTTP', Disabled: true }, false), true);
  assert.equal(reportedStatus({ Type: 'HTTP', Inverted: true }, false), true);
  assert.equal(reportedStatus({ Type: 'HTTP', Inverted: true }, true), false);
  assert.equal(reportedStatus({ Type: 'HTTP' }, false), false);
});

test('CALCULATED is healthy when at least HealthThreshold children are', () => {
  const status = new Map([['a', true], ['b', false], ['c', true]]);
  const config = { Type: 'CALCULATED', ChildHealthChecks: ['a', 'b', 'c'], HealthThreshold: 2 };
  assert.equal(calculatedHealthy(config, (id) => status.get(id)), true);
  status.set('c', false);
  assert.equal(calculatedHealthy(config, (id) => status.get(id)), false);
  assert.equal(calculatedHealthy({ ...config, HealthThreshold: 0 }, (id) => status.get(id)), true);
});

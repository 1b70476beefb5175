import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickForTermination, zoneForLaunch, type Candidate, type TerminationContext } from './termination.js';

const T0 = Date.UTC(2026, 0, 1);
const ctx: TerminationContext = { currentSource: 'lc:new', sourceCreated: (s) => (s === 'lc:old' ? 1 : s === 'lc:older' ? 0 : 2), now: T0 + 3_000_000, random: () => 0 };
const inst = (id: string, az: string, source = 'lc:new', launchedAt = T0, prot = false): Candidate => ({ InstanceId: id, AvailabilityZone: az, launchSource: source, launchedAt, ProtectedFromScaleIn: prot });

test('default policy picks from the AZ with the most instances', () => {
  const list = [inst('a1', 'a'), inst('b1', 'b'), inst('b2', 'b')];
  assert.equal(pickForTermination(list, ['Default'], ctx)?.InstanceId, 'b1');
});

test('default policy prefers the oldest launch configuration within that AZ', () => {
  const list = [inst('b1', 'b'), inst('b2', 'b', 'lc:old'), inst('b3', 'b', 'lc:older')];
  assert.equal(pickForTermination(list, [], ctx)?.InstanceId, 'b3');
});

test('default policy then takes the instance closest to its next billing hour', () => {
  // Now is 50 min after T0: b2 has 10 min to its next hour, b3 about 27, b1 40.
  const list = [inst('b1', 'b', 'lc:new', T0 + 1_800_000), inst('b2', 'b', 'lc:new', T0), inst('b3', 'b', 'lc:new', T0 + 1_000_000)];
  assert.equal(pickForTermination(list, ['Default'], ctx)?.InstanceId, 'b2');
});

test('protected instances are never chosen but still count toward AZ balance', () => {
  const list = [inst('a1', 'a'), inst('b1', 'b', 'lc:new', T0, true), inst('b2', 'b')];
  assert.equal(pickForTermination(list, ['Default'], ctx)?.InstanceId, 'b2');
  assert.equal(pickForTermination([inst('x', 'a', 'lc:new', T0, true)], ['Default'], ctx), undefined);
});

test('OldestInstance and NewestInstance apply before Default', () => {
  const list = [inst('b1', 'b', 'lc:new', T0 + 10), inst('b2', 'b', 'lc:new', T0 + 20)];
  assert.equal(pickForTermination(list, ['OldestInstance', 'Default'], ctx)?.InstanceId, 'b1');
  assert.equal(pickForTermination(list, ['NewestInstance'], ctx)?.InstanceId, 'b2');
});

test('launches go to the AZ with the fewest instances, first listed on a tie', () => {
  assert.equal(zoneForLaunch(['a', 'b', 'c'], [{ AvailabilityZone: 'a' }]), 'b');
  assert.equal(zoneForLaunch(['a', 'b'], [{ AvailabilityZone: 'a' }, { AvailabilityZone: 'b' }]), 'a');
});

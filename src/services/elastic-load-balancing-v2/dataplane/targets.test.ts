// Target choice and AWS's cross-zone example (ELB guide, "Cross-zone load balancing"): 2 targets in zone a, 8 in
// zone b, clients split evenly over the two nodes; off → 25 % per a-target and 6.25 % per b-target, on → 10 % each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Elbv2State } from '../state.js';
import type { TargetGroupRecord, TargetRecord } from '../records.js';
import { HealthMonitor } from './health.js';
import { TargetPicker } from './targets.js';

const client = { remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.77.0.1', localPort: 80 };

function setup(cross: boolean, healthy: (t: TargetRecord) => boolean = () => true) {
  const targets: TargetRecord[] = [];
  for (let i = 0; i < 2; i++) targets.push({ id: '127.0.0.1', port: 1000 + i, zone: 'us-east-1a', host: '127.0.0.1', registeredAt: 0 });
  for (let i = 0; i < 8; i++) targets.push({ id: '127.0.0.1', port: 2000 + i, zone: 'us-east-1b', host: '127.0.0.1', registeredAt: 0 });
  const tg = { tg: { TargetGroupArn: 'tg' }, targets, attributes: {} } as unknown as TargetGroupRecord;
  const state = { tgs: new Map([['tg', tg]]) } as unknown as Elbv2State;
  const health = new HealthMonitor(() => 0);
  health.isHealthy = (_arn, t) => healthy(t);
  return new TargetPicker(state, health, () => cross);
}

function shares(picker: TargetPicker): Map<number, number> {
  const counts = new Map<number, number>();
  const perNode = 8000;
  for (const zone of ['us-east-1a', 'us-east-1b']) {
    for (let i = 0; i < perNode; i++) {
      const t = picker.pick({ Type: 'forward', TargetGroupArn: 'tg' }, zone, client)!;
      counts.set(t.port, (counts.get(t.port) ?? 0) + 1);
    }
  }
  return new Map([...counts].map(([port, n]) => [port, n / (2 * perNode)]));
}

test('cross-zone off: each node serves its own zone (25 % per a-target, 6.25 % per b-target)', () => {
  const s = shares(setup(false));
  assert.equal(s.get(1000), 0.25);
  assert.equal(s.get(2000), 0.0625);
});

test('cross-zone on: every target gets 10 %', () => {
  const s = shares(setup(true));
  for (const share of s.values()) assert.equal(share, 0.1);
});

test('unhealthy targets get no traffic unless none is healthy (fail open)', () => {
  const someDown = shares(setup(true, (t) => t.port !== 1000));
  assert.equal(someDown.get(1000), undefined);
  const allDown = shares(setup(true, () => false));
  assert.equal(allDown.size, 10);
});

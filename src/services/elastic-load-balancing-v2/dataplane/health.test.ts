// KUMO_ELB_TIME_SCALE on health checks: with 0.1 a 30 s interval is 3 s of clock time, so an NLB target passes its
// five checks in 12 s; at scale 1 the same ticks run one check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { HealthMonitor } from './health.js';
import type { TargetGroupRecord } from '../records.js';

test('a time scale of 0.1 makes a 30 s health-check interval 3 s of clock time', async () => {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const target = { id: '127.0.0.1', port, zone: 'all', host: '127.0.0.1', registeredAt: 0 };
  const rec = (arn: string): TargetGroupRecord => ({
    account: '000000000000',
    region: 'us-east-1',
    tg: { TargetGroupArn: arn, TargetGroupName: 'tg', TargetType: 'ip', Protocol: 'TCP', HealthCheckProtocol: 'TCP', HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 10, HealthyThresholdCount: 5 },
    attributes: {},
    tags: [],
    targets: [target],
  });
  const states: Record<string, string> = {};
  for (const [scale, arn] of [[0.1, 'fast'], [1, 'real']] as const) {
    let now = 0;
    const health = new HealthMonitor(() => now, scale);
    const group = rec(arn);
    health.registered(arn, target);
    for (const t of [0, 3_000, 6_000, 9_000, 12_000]) {
      now = t;
      await health.tick([group]);
    }
    states[arn] = health.describe(group, target, true).State ?? '';
  }
  server.close();
  assert.deepEqual(states, { fast: 'healthy', real: 'initial' });
});

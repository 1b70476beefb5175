// Smoke test of Auto Scaling with the installed aws-cli (query protocol) against a started server on a data
// directory: a launch configuration and group, the controller launching on POST /_kumo/clock/advance, a recorded
// error; then kill -9 and restart on the same directory: the group, its instances and its activities come back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-asg-smoke-'));
let kumo: SpawnedKumo | undefined;
after(async () => {
  await kumo?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const { aws, awsJson } = awsCliFor(() => kumo?.url ?? '');

async function advance(seconds: number): Promise<void> {
  const res = await fetch(`${kumo?.url ?? ''}/_kumo/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  assert.equal(res.status, 200, await res.text());
}

type Group = { DesiredCapacity: number; Instances: Array<{ InstanceId: string; LifecycleState: string }> };
const describe = (): Group => (awsJson(['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', 'smoke'])['AutoScalingGroups'] as Group[])[0] as Group;

test('aws autoscaling create-launch-configuration, create-auto-scaling-group, instances on advance; all of it survives kill -9', async () => {
  kumo = await spawnKumo(['--data-dir', dataDir]);
  awsJson(['autoscaling', 'create-launch-configuration', '--launch-configuration-name', 'smoke-lc', '--image-id', 'ami-0aa7d40eeae50c9a9', '--instance-type', 't3.micro']);
  awsJson(['autoscaling', 'create-auto-scaling-group', '--auto-scaling-group-name', 'smoke', '--launch-configuration-name', 'smoke-lc',
    '--min-size', '1', '--max-size', '3', '--desired-capacity', '2', '--availability-zones', 'us-east-1a', 'us-east-1b']);
  const bad = aws(['autoscaling', 'update-auto-scaling-group', '--auto-scaling-group-name', 'smoke', '--min-size', '5', '--max-size', '3']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /ValidationError.*Max bound, 3, must be greater than or equal to min bound, 5/);
  await advance(20);
  const before = describe();
  assert.deepEqual(before.Instances.map((i) => i.LifecycleState), ['InService', 'InService']);
  const activities = awsJson(['autoscaling', 'describe-scaling-activities', '--auto-scaling-group-name', 'smoke'])['Activities'] as Array<{ Description: string }>;
  assert.equal(activities.length, 2);

  assert.equal(await kumo.stop('SIGKILL'), 'SIGKILL');
  kumo = await spawnKumo(['--data-dir', dataDir]);
  const after = describe();
  assert.deepEqual(after.Instances.map((i) => i.InstanceId).sort(), before.Instances.map((i) => i.InstanceId).sort());
  assert.equal(after.DesiredCapacity, 2);
  assert.equal((awsJson(['autoscaling', 'describe-scaling-activities', '--auto-scaling-group-name', 'smoke'])['Activities'] as unknown[]).length, 2);
  // The controller resumes after the restart: a new desired capacity is met without any other request.
  awsJson(['autoscaling', 'set-desired-capacity', '--auto-scaling-group-name', 'smoke', '--desired-capacity', '3']);
  await advance(10);
  assert.equal(describe().Instances.length, 3);
});

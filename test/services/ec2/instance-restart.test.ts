// Running instances across kumo restarts: kumo's shutdown stops their process groups (the state stays running, as
// a host going down does not stop its instances in EC2's books), and the next start boots them again.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo } from '../../support/kumo.js';
import { until } from '../../support/until.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-ec2-run-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function rows(url: string): Promise<{ instanceId: string; pid?: number }[]> {
  return ((await (await fetch(`${url}/_kumo/ec2/instances`)).json()) as { instances: { instanceId: string; pid?: number }[] }).instances;
}

test('kumo shutdown stops instance processes and a restart boots the ones that were running', async () => {
  const config = { inMemory: false, dataDir, runInstances: true, imdsPort: 0 };
  const first = await startTestKumo(config);
  const c1 = new ec2.EC2Client({ ...first.clientConfig(), maxAttempts: 1 });
  const r = await c1.send(new ec2.RunInstancesCommand({ ImageId: 'ami-0aa7d40eeae50c9a9', MinCount: 1, MaxCount: 1, UserData: Buffer.from('echo boot\nwhile true; do sleep 1; done\n').toString('base64') }));
  const id = r.Instances![0]!.InstanceId!;
  const pid = await until('a process', async () => (await rows(first.url)).find((p) => p.instanceId === id)?.pid);
  c1.destroy();
  await first.stop();
  assert.equal(pidAlive(pid), false, 'shutdown stopped the group');

  const second = await startTestKumo(config);
  const c2 = new ec2.EC2Client({ ...second.clientConfig(), maxAttempts: 1 });
  try {
    const pid2 = await until('the instance to boot again', async () => (await rows(second.url)).find((p) => p.instanceId === id)?.pid);
    assert.notEqual(pid2, pid);
    const i = (await c2.send(new ec2.DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
    assert.equal(i.State!.Name, 'running');
    const out = await c2.send(new ec2.GetConsoleOutputCommand({ InstanceId: id }));
    assert.equal(Buffer.from(out.Output!, 'base64').toString('utf8'), 'boot\nboot\n', 'the console log spans both boots');
  } finally {
    c2.destroy();
    await second.stop();
  }
});

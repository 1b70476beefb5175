// Instances that run (--run-instances), through the SDK v3 client: user data as a process group serving HTTP on its
// loopback address, console output, Stop with SIGTERM then SIGKILL on the runtime clock, self-exit following the
// shutdown behaviour, a crash failing the status check, Reboot, and the process table at /_kumo/ec2/instances.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';
import { until } from '../../support/until.js';

let kumo: TestKumo;
let client: ec2.EC2Client;
const AMI = 'ami-0aa7d40eeae50c9a9';

before(async () => {
  kumo = await startTestKumo({ runInstances: true, imdsPort: 0 });
  client = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await kumo.stop();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function stateOf(id: string): Promise<string | undefined> {
  const r = await client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [id] }));
  return r.Reservations![0]!.Instances![0]!.State!.Name;
}

async function run(userData: string, extra: Partial<ec2.RunInstancesCommandInput> = {}): Promise<string> {
  const r = await client.send(new ec2.RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, UserData: b64(userData), ...extra }));
  return r.Instances![0]!.InstanceId!;
}

async function processes(): Promise<{ instanceId: string; pid?: number; bindAddress: string; logPath: string; state?: string }[]> {
  const body = (await (await fetch(`${kumo.url}/_kumo/ec2/instances`)).json()) as { instances: { instanceId: string; pid?: number; bindAddress: string; logPath: string; state?: string }[] };
  return body.instances;
}

const consoleText = async (id: string) => {
  const out = await client.send(new ec2.GetConsoleOutputCommand({ InstanceId: id }));
  return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
};

const SERVER = `#!/usr/bin/env node
const http = require('node:http');
const s = http.createServer((req, res) => res.end('hello from ' + process.env.KUMO_INSTANCE_ID));
console.log('imds ' + process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT);
s.listen(0, process.env.KUMO_INSTANCE_ADDRESS, () => console.log('listening ' + s.address().port));
`;

test('user data runs as a process serving HTTP on its own loopback address; Stop ends it and the state follows', async () => {
  const id = await run(SERVER);
  assert.equal(await until('running', async () => (await stateOf(id)) === 'running' && true), true);
  const port = await until('the server to listen', async () => /listening (\d+)/.exec(await consoleText(id))?.[1]);
  const row = (await processes()).find((p) => p.instanceId === id)!;
  assert.match(row.bindAddress, /^127\./);
  assert.ok(row.pid! > 0);
  const reply = await (await fetch(`http://${row.bindAddress}:${port}/`)).text();
  assert.equal(reply, `hello from ${id}`);
  // The SDK inside the instance finds kumo's metadata service through this variable (issue 19).
  assert.match(await consoleText(id), /^imds http:\/\/[\d.]+:\d+\/?$/m);

  const stop = await client.send(new ec2.StopInstancesCommand({ InstanceIds: [id] }));
  assert.equal(stop.StoppingInstances![0]!.CurrentState!.Name, 'stopping');
  await until('stopped', async () => (await stateOf(id)) === 'stopped');
  await assert.rejects(fetch(`http://${row.bindAddress}:${port}/`), 'the process group is gone');
  assert.match(await consoleText(id), /listening/, 'the console log is kept while stopped');

  await client.send(new ec2.StartInstancesCommand({ InstanceIds: [id] }));
  await until('running again', async () => (await stateOf(id)) === 'running');
  const port2 = await until('user data to run again', async () => /listening (\d+)[\s\S]*listening (\d+)/.exec(await consoleText(id))?.[2]);
  assert.equal(await (await fetch(`http://${row.bindAddress}:${port2}/`)).text(), `hello from ${id}`);

  await client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] }));
  await until('terminated', async () => (await stateOf(id)) === 'terminated');
  assert.equal(existsSync(row.logPath), false, 'the working directory is removed');
});

test('a process that ignores SIGTERM is killed 30 s later on the runtime clock', async () => {
  const id = await run("trap '' TERM\necho up\nwhile true; do sleep 1; done\n");
  await until('running', async () => (await stateOf(id)) === 'running');
  await until('user data to start', async () => (await consoleText(id)).includes('up'));
  await client.send(new ec2.StopInstancesCommand({ InstanceIds: [id] }));
  assert.equal(await stateOf(id), 'stopping', 'the shell survives SIGTERM');
  await kumo.advance(30);
  await until('stopped after SIGKILL', async () => (await stateOf(id)) === 'stopped');
});

test('a process that exits by itself is a shutdown: stop, or terminate per InstanceInitiatedShutdownBehavior', async () => {
  const stops = await run('echo done\n');
  const terminates = await run('echo done\n', { InstanceInitiatedShutdownBehavior: 'terminate' });
  await until('stopped', async () => (await stateOf(stops)) === 'stopped');
  await until('terminated', async () => (await stateOf(terminates)) === 'terminated');
  const i = (await client.send(new ec2.DescribeInstancesCommand({ InstanceIds: [stops] }))).Reservations![0]!.Instances![0]!;
  assert.equal(i.StateReason!.Code, 'Client.InstanceInitiatedShutdown');
});

test('a crash fails the instance status check; RebootInstances runs the user data again and clears it', async () => {
  const id = await run('echo boot >> boots.txt\ncat boots.txt | wc -l\nexit 3\n');
  await until('impaired', async () => {
    const s = await client.send(new ec2.DescribeInstanceStatusCommand({ InstanceIds: [id] }));
    return s.InstanceStatuses![0]?.InstanceStatus?.Status === 'impaired';
  });
  assert.equal(await stateOf(id), 'running', 'a crashed instance stays running, as a hung OS does');
  await client.send(new ec2.RebootInstancesCommand({ InstanceIds: [id] }));
  await until('a second boot', async () => /^\s*2\s*$/m.test(await consoleText(id)));
});

test('DisableApiStop and DisableApiTermination protect a running process', async () => {
  const id = await run('while true; do sleep 1; done\n', { DisableApiStop: true, DisableApiTermination: true });
  await until('running', async () => (await stateOf(id)) === 'running');
  await assertAwsError(client.send(new ec2.StopInstancesCommand({ InstanceIds: [id] })), { code: 'OperationNotPermitted', status: 400 });
  await assertAwsError(client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] })), { code: 'OperationNotPermitted', status: 400 });
  assert.ok((await processes()).find((p) => p.instanceId === id)!.pid! > 0, 'still running');
  await client.send(new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));
  await client.send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] }));
  await until('terminated', async () => (await stateOf(id)) === 'terminated');
});

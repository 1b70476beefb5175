// Smoke test of running instances with the installed aws-cli against `kumo start --run-instances`: run-instances on
// the default VPC with a user-data script serving HTTP (python3 -m http.server on $KUMO_INSTANCE_ADDRESS), an HTTP
// request to its address, `kumo ec2 ps`, get-console-output, launch templates, and terminate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI_PATH, spawnKumo, type SpawnedKumo } from '../support/spawn-kumo.js';
import { awsCliFor } from '../support/aws-cli.js';
import { until } from '../support/until.js';

let kumo: SpawnedKumo;
before(async () => {
  kumo = await spawnKumo(['--in-memory', '--run-instances'], { KUMO_IMDS_PORT: '0' });
});
after(async () => {
  await kumo.stop();
});

const { awsJson } = awsCliFor(() => kumo.url);

test('aws ec2 run-instances with user data serving HTTP: the instance answers on its loopback address', async () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const script = `#!/bin/sh\necho "serving on $KUMO_INSTANCE_ADDRESS"\nmkdir www && echo "hello from $KUMO_INSTANCE_ID" > www/index.html\nexec python3 -m http.server ${port} --bind "$KUMO_INSTANCE_ADDRESS" --directory www\n`;
  const run = awsJson(['ec2', 'run-instances', '--image-id', 'ami-0aa7d40eeae50c9a9', '--instance-type', 't3.micro', '--count', '1', '--user-data', script]);
  const { InstanceId: id, PrivateIpAddress: privateIp } = (run['Instances'] as { InstanceId: string; PrivateIpAddress: string }[])[0]!;

  const ps = await until('kumo ec2 ps to list it with a pid', async () => {
    const out = spawnSync(process.execPath, [CLI_PATH, 'ec2', 'ps', '--endpoint', kumo.url], { encoding: 'utf8', timeout: 60_000 });
    return new RegExp(`${id} +running +\\d+ +127\\.`).test(out.stdout) ? out.stdout : undefined;
  });
  const address = new RegExp(`${id} +running +\\d+ +(\\S+)`).exec(ps)![1]!;
  const body = await until('the server to answer', async () => {
    try {
      return await (await fetch(`http://${address}:${port}/`)).text();
    } catch {
      return undefined;
    }
  });
  assert.equal(body.trim(), `hello from ${id}`, ps);

  const output = awsJson(['ec2', 'get-console-output', '--instance-id', id, '--output', 'json']);
  // The process serves on its loopback address, or on its private IP inside its VPC namespace (then reached through the loopback address).
  assert.match(String(output['Output']), new RegExp(`serving on (${address}|${privateIp})\n`.replaceAll('.', '\\.')), 'the CLI decodes EC2\'s base64 console output');

  const term = awsJson(['ec2', 'terminate-instances', '--instance-ids', id]);
  assert.equal((term['TerminatingInstances'] as { CurrentState: { Name: string } }[])[0]!.CurrentState.Name, 'shutting-down');
});

test('aws ec2 launch templates: create, new version, default, run-instances from the template', () => {
  const lt = awsJson(['ec2', 'create-launch-template', '--launch-template-name', 'cli-lt', '--launch-template-data', '{"ImageId":"ami-0aa7d40eeae50c9a9","InstanceType":"t3.micro"}'])['LaunchTemplate'] as { LaunchTemplateId: string };
  awsJson(['ec2', 'create-launch-template-version', '--launch-template-id', lt.LaunchTemplateId, '--source-version', '1', '--launch-template-data', '{"InstanceType":"t3.small"}']);
  awsJson(['ec2', 'modify-launch-template', '--launch-template-id', lt.LaunchTemplateId, '--default-version', '2']);
  const run = awsJson(['ec2', 'run-instances', '--launch-template', 'LaunchTemplateName=cli-lt', '--count', '1']);
  assert.equal((run['Instances'] as { InstanceType: string }[])[0]!.InstanceType, 't3.small');
  const versions = awsJson(['ec2', 'describe-launch-template-versions', '--launch-template-id', lt.LaunchTemplateId, '--versions', '$Default'])['LaunchTemplateVersions'] as { VersionNumber: number }[];
  assert.deepEqual(versions.map((v) => v.VersionNumber), [2]);
});

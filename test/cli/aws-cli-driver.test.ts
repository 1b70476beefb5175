// The resident aws-cli driver the smoke tests use must answer exactly as separate `aws` processes do: same exit
// status, same stdout and stderr, for a success, a usage error and a connection failure (no server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsCliFor } from '../support/aws-cli.js';

// Port 1 on loopback refuses connections: the CLI's "Could not connect" path without any server.
const { aws } = awsCliFor(() => 'http://127.0.0.1:1');
const COMMANDS: Array<{ name: string; args: string[]; env?: Record<string, string> }> = [
  { name: 'a help-free success', args: ['configure', 'get', 'region'], env: { AWS_DEFAULT_REGION: 'eu-west-3' } },
  { name: 'a usage error', args: ['sqs', 'no-such-operation'] },
  { name: 'a refused connection', args: ['sts', 'get-caller-identity'], env: { AWS_MAX_ATTEMPTS: '1' } },
];

function inMode(mode: string, run: () => ReturnType<typeof aws>): ReturnType<typeof aws> {
  const saved = process.env['KUMO_TEST_AWS_CLI'];
  process.env['KUMO_TEST_AWS_CLI'] = mode;
  try {
    return run();
  } finally {
    if (saved === undefined) delete process.env['KUMO_TEST_AWS_CLI'];
    else process.env['KUMO_TEST_AWS_CLI'] = saved;
  }
}

for (const { name, args, env } of COMMANDS) {
  test(`the resident aws-cli driver gives a separate aws process's status, stdout and stderr for ${name}`, () => {
    const spawned = inMode('spawn', () => aws(args, env));
    const resident = inMode('driver', () => aws(args, env));
    assert.ok(spawned.status !== null, `aws ran: ${spawned.stderr}`);
    assert.deepEqual(
      { status: resident.status, stdout: resident.stdout, stderr: resident.stderr },
      { status: spawned.status, stdout: spawned.stdout, stderr: spawned.stderr },
    );
  });
}

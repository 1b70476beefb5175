// The `kumo start` command as a user runs it: the Ready line, the port-in-use error with its coded name,
// bad flags refused, a clean exit on SIGTERM and SIGINT, and one kumo per data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, spawnKumo } from '../support/spawn-kumo.js';

test('kumo start prints a Ready line with the listening address and serves health', async () => {
  const kumo = await spawnKumo(['--in-memory']);
  try {
    const res = await fetch(`${kumo.url}/_kumo/health`);
    assert.equal(res.status, 200);
    const health = (await res.json()) as { version: string };
    assert.equal(health.version, '0.1.0');
  } finally {
    assert.equal(await kumo.stop('SIGTERM'), 0);
  }
});

test('kumo start on a port in use exits non-zero with KUMO_ERR_SERVER_PORT_IN_USE on one line', async () => {
  const first = await spawnKumo(['--in-memory']);
  try {
    const second = spawnSync(process.execPath, [CLI_PATH, 'start', '--in-memory', '--port', String(first.port)], { encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(second.status, 0);
    const lines = second.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /KUMO_ERR_SERVER_PORT_IN_USE/);
  } finally {
    await first.stop();
  }
});

test('kumo start refuses an unknown flag and a bad KUMO_PORT with KUMO_ERR_CONFIG_INVALID', () => {
  const flag = spawnSync(process.execPath, [CLI_PATH, 'start', '--no-such-flag'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(flag.status, 1);
  assert.match(flag.stderr, /KUMO_ERR_CONFIG_INVALID/);
  const env = spawnSync(process.execPath, [CLI_PATH, 'start'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, KUMO_PORT: 'http' } });
  assert.equal(env.status, 1);
  assert.match(env.stderr, /KUMO_ERR_CONFIG_INVALID: --port\/KUMO_PORT/);
});

test('kumo exits 0 on SIGINT after finishing', async () => {
  const kumo = await spawnKumo(['--in-memory']);
  assert.equal(await kumo.stop('SIGINT'), 0);
});

test('kumo --version prints the version', () => {
  const result = spawnSync(process.execPath, [CLI_PATH, '--version'], { encoding: 'utf8' });
  assert.equal(result.stdout.trim(), '0.1.0');
});

test('a second kumo on the same data dir exits with KUMO_ERR_STORE_LOCKED naming the first one\'s pid', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-lock-cli-'));
  const first = await spawnKumo(['--data-dir', dataDir, '--port', '0']);
  try {
    const second = spawnSync(process.execPath, [CLI_PATH, 'start', '--data-dir', dataDir, '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(second.status, 1);
    assert.match(second.stderr, /KUMO_ERR_STORE_LOCKED: .*pid \d+/);
    assert.equal((await fetch(`${first.url}/_kumo/health`)).status, 200, 'the first keeps serving');
  } finally {
    await first.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

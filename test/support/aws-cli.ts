// Drives the installed aws-cli (and boto3 through python3) against a kumo under test: one place for the test
// credentials, the endpoint flag and the success checks every CLI smoke test repeats.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { AwsCliDriver } from './aws-cli-driver.js';

/** Test credentials and region for aws-cli and boto3; AWS_PAGER empty so the CLI never waits on a pager. */
export const CLI_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

export interface AwsCli {
  /** Runs `aws --endpoint-url <kumo> --output json <args>`; extra environment variables override CLI_ENV. */
  aws: (args: string[], env?: Record<string, string>) => SpawnSyncReturns<string>;
  /** Runs an aws command that must succeed; returns its stdout. */
  awsOk: (args: string[]) => string;
  /** Runs an aws command that must succeed; returns its parsed JSON output ({} for silent commands). */
  awsJson: (args: string[]) => Record<string, unknown>;
}

/**
 * `url` is read at call time, so it can be built before the server starts. Commands run through the installed
 * aws-cli's own driver in one resident Python process per test file (./aws-cli-driver.ts says why and how);
 * KUMO_TEST_AWS_CLI=spawn runs each as its own `aws` process instead, for comparing the two; so does a command given
 * its own HOME.
 */
export function awsCliFor(url: () => string, timeoutMs = 120_000): AwsCli {
  const aws = (args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> => {
    const argv = ['--endpoint-url', url(), '--output', 'json', ...args];
    const fullEnv = { ...process.env, ...CLI_ENV, ...env };
    // aws-cli computes some paths from HOME once, at import (the assumed-role cache, the alias file): a command with
    // its own HOME gets its own process.
    const ownHome = env['HOME'] !== undefined && env['HOME'] !== process.env['HOME'];
    const driver = process.env['KUMO_TEST_AWS_CLI'] === 'spawn' || ownHome ? undefined : AwsCliDriver.shared();
    if (driver !== undefined) return driver.run(argv, fullEnv, timeoutMs);
    return spawnSync('aws', argv, { encoding: 'utf8', env: fullEnv, timeout: timeoutMs });
  };
  const awsOk = (args: string[]): string => {
    const result = aws(args);
    assert.equal(result.status, 0, `aws ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const awsJson = (args: string[]): Record<string, unknown> => {
    const out = awsOk(args).trim();
    return out === '' ? {} : (JSON.parse(out) as Record<string, unknown>);
  };
  return { aws, awsOk, awsJson };
}

#!/usr/bin/env node
// The `kumo` command: `kumo start [flags]` serves until SIGINT/SIGTERM; `kumo --version`. Startup failures print
// one line with a coded name (KUMO_ERR_…, see docs/errors.md) and exit non-zero, never a stack trace.
import { parseConfig } from './config.js';
import { isKumoError } from './core/kumo-error.js';
import { readyLine, startKumo } from './main.js';
import { KUMO_VERSION } from './version.js';

const USAGE = `usage: kumo start [--port 4566] [--host 127.0.0.1] [--data-dir ./.kumo] [--in-memory]
                  [--services s3,sqs,...] [--account 000000000000] [--enforce-iam]
       kumo --version`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${KUMO_VERSION}\n`);
    return 0;
  }
  if (command !== 'start') {
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
  }
  const config = parseConfig(rest, process.env);
  // Signals are caught before Ready is printed, so a supervisor that stops us right after Ready still gets a clean exit.
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const kumo = await startKumo(config);
  process.stdout.write(`${readyLine(kumo)}\n`);
  void kumo.gateway.services.warmUp().catch((error: unknown) => process.stderr.write(`kumo: warm-up failed: ${String(error)}\n`));
  await signalled;
  await kumo.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isKumoError(error)) process.stderr.write(`kumo: ${error.code}: ${error.message}\n`);
    else process.stderr.write(`kumo: KUMO_ERR_STARTUP_FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

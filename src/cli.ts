#!/usr/bin/env node
// The `kumo` command: `kumo start [flags]` serves until SIGINT/SIGTERM; `kumo --version`; `kumo help [command]`.
// Startup failures print one line with a coded name (KUMO_ERR_…, see docs/errors.md) and exit non-zero, never a stack.
import { parseConfig } from './config.js';
import { isKumoError } from './core/kumo-error.js';
import { HELP, START_HELP } from './cli-help.js';
import { listenerLines, readyLine, startKumo } from './main.js';
import { KUMO_VERSION } from './version.js';

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`${KUMO_VERSION}\n`);
    return 0;
  }
  if (command === undefined || HELP_FLAGS.has(command)) {
    process.stdout.write(rest[0] === 'start' ? START_HELP : HELP);
    return 0;
  }
  if (command === 'mft') return (await import('./services/mft/cli.js')).runMft(rest[0] ?? '', rest.slice(1), { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), env: process.env });
  if (command === 'ec2') return (await import('./cli-ec2.js')).ec2Command(rest);
  if (command === 'elb') return (await import('./cli-elb.js')).elbCommand(rest);
  if (command !== 'start') {
    process.stderr.write(`kumo: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  if (rest.some((a) => HELP_FLAGS.has(a))) {
    process.stdout.write(START_HELP);
    return 0;
  }
  const config = parseConfig(rest, process.env);
  // Signals are caught before Ready is printed, so a supervisor that stops us right after Ready still gets a clean exit.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const kumo = await startKumo(config);
  process.stdout.write(`${readyLine(kumo)}\n`);
  void kumo.ready.then(() => {
    for (const line of listenerLines(kumo)) process.stdout.write(`${line}\n`);
  });
  const signal = await signalled;
  process.stderr.write(`kumo: ${signal} received, stopping (in-flight requests get up to 10 s)\n`);
  await kumo.stop();
  process.stderr.write('kumo: stopped\n');
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

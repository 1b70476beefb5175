// Runs aws-cli commands through one resident Python process (aws-cli-driver.py) while keeping the tests' synchronous
// call style: a worker thread talks to the process, and the calling thread blocks on an Atomics.wait until it replies.
// Why: each `aws` process spends about a second of CPU importing botocore; a smoke file makes up to 45 such calls.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

interface DriverReply { status: number | null; stdout: string; stderr: string }

/** The worker's side: start the driver process, relay requests to it and its replies back, wake the caller. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { port, signal, python, script } = workerData;
const flag = new Int32Array(signal);
const wake = (reply) => { port.postMessage(reply); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'ignore'] });
let pending = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\\n'); end >= 0; end = pending.indexOf('\\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    wake(JSON.parse(line));
  }
});
const died = (why) => wake({ status: null, stdout: '', stderr: 'aws-cli driver process ' + why });
child.on('exit', (code, signal) => died('exited (' + (signal ?? code) + ')'));
child.on('error', (error) => died('failed: ' + error.message));
port.on('message', (request) => child.stdin.write(JSON.stringify(request) + '\\n'));
`;

/** Finds the python that has awscli importable (the one behind the installed `aws`), or undefined. */
function findPython(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import sys, awscli.clidriver; print(sys.executable)'], { encoding: 'utf8', timeout: 60_000 });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path === '' ? undefined : path;
}

function driverScript(): string | undefined {
  // Compiled to dist/test/support/; the Python file stays in the source tree.
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'aws-cli-driver.py'), join(here, '..', '..', '..', 'test', 'support', 'aws-cli-driver.py')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export class AwsCliDriver {
  private static instance: AwsCliDriver | null | undefined;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private dead = false;

  private constructor(python: string, script: string) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: channel.port2, signal: this.flag.buffer, python, script },
      transferList: [channel.port2],
    });
    this.worker.unref();
    this.port.unref();
  }

  /** One driver per test process, started on first use; null when awscli cannot be imported (callers then spawn `aws`). */
  static shared(): AwsCliDriver | undefined {
    if (AwsCliDriver.instance === undefined || AwsCliDriver.instance?.dead === true) {
      const python = findPython();
      const script = driverScript();
      AwsCliDriver.instance = python !== undefined && script !== undefined ? new AwsCliDriver(python, script) : null;
    }
    return AwsCliDriver.instance ?? undefined;
  }

  /** Runs `aws <argv>` with exactly `env` as its environment; blocks until the command ends or the timeout. */
  run(argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): SpawnSyncReturns<string> {
    Atomics.store(this.flag, 0, 0);
    const cleanEnv = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    this.port.postMessage({ args: argv, env: cleanEnv, cwd: process.cwd() });
    const waited = Atomics.wait(this.flag, 0, 0, timeoutMs);
    const reply = receiveMessageOnPort(this.port)?.message as DriverReply | undefined;
    if (waited === 'timed-out' || reply === undefined || reply.status === null) {
      this.dead = true;
      void this.worker.terminate();
      const why = waited === 'timed-out' ? `timed out after ${timeoutMs} ms` : (reply?.stderr ?? 'gave no reply');
      return result(null, '', `aws ${argv.join(' ')}: ${why}`, new Error(why));
    }
    return result(reply.status, reply.stdout, reply.stderr);
  }
}

function result(status: number | null, stdout: string, stderr: string, error?: Error): SpawnSyncReturns<string> {
  return { pid: 0, output: [null, stdout, stderr], stdout, stderr, status, signal: null, ...(error === undefined ? {} : { error }) };
}

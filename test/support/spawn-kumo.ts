// Starts the real `kumo start` command in a child process on a free port and waits for its Ready line, for
// tests that need a separate server process (CLI smoke tests, kill -9 durability, shutdown behaviour).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/package-root.js';

export interface SpawnedKumo {
  child: ChildProcess;
  url: string;
  port: number;
  output(): string;
  /** Sends a signal and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export const CLI_PATH = join(packageRoot(), 'dist', 'src', 'cli.js');

export function spawnKumo(args: string[], env: Record<string, string> = {}): Promise<SpawnedKumo> {
  const child = spawn(process.execPath, [CLI_PATH, 'start', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /Ready\. kumo \S+ listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (more: Buffer) => (out += more.toString('utf8')));
        resolve({
          child,
          url: match[1]!,
          port: Number(match[2]),
          output: () => out,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    void exited.then((code) => reject(new Error(`kumo exited (${code}) before Ready:\n${out}`)));
  });
}

// One instance's user data as a local process group: written to its working directory, started detached (its own
// group, so Stop/Terminate signal everything it spawned), output appended to the console log; CPU read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ProcessGroup {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  private done = false;

  private constructor(private readonly child: ChildProcess) {
    this.pid = child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.done = true;
        resolve({ code, signal });
      });
      child.once('error', () => {
        this.done = true;
        resolve({ code: 127, signal: null });
      });
    });
  }

  get alive(): boolean {
    return !this.done;
  }

  /**
   * Starts `userData` in `dir`: a `#!` script runs as an executable, anything else through /bin/sh (as cloud-init
   * does with shell scripts). stdout and stderr go to `logPath`, appended across restarts like a console. `prefix`
   * runs it inside another namespace (the instance's VPC namespace).
   */
  static start(dir: string, userData: Buffer, env: NodeJS.ProcessEnv, logPath: string, prefix: readonly string[] = []): ProcessGroup {
    const script = join(dir, 'user-data');
    writeFileSync(script, userData);
    const shebang = userData.subarray(0, 2).toString('latin1') === '#!';
    if (shebang) chmodSync(script, 0o700);
    const log = openSync(logPath, 'a', 0o600);
    try {
      // `prefix` (nsenter … ip netns exec <ns>) execs in place without forking, so the group's leader is the script.
      const argv = [...prefix, ...(shebang ? [script] : ['/bin/sh', script])];
      const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, env, detached: true, stdio: ['ignore', log, log] });
      return new ProcessGroup(child);
    } finally {
      closeSync(log);
    }
  }

  /** Signals the whole group; a group already gone is not an error. */
  signal(signal: NodeJS.Signals): void {
    if (this.done || this.pid <= 0) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group has exited between the check and the signal.
    }
  }
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every mainstream Linux build). */
const USER_HZ = 100;

/**
 * CPU seconds used by the process group `pgid`: user + system time of its live members, plus the time of children
 * they have already reaped (cutime/cstime). Undefined where /proc is not there (not Linux).
 */
export function groupCpuSeconds(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, pgrp 5, utime 14.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) !== pgid) continue;
    ticks += Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  }
  return ticks / USER_HZ;
}

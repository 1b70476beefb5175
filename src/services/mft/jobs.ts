// Job runner: the 1–13 command lines of a Job Information record run in order through /bin/sh, stopping at the first
// non-zero exit; HULFT's variables ($FILEID, $HOST, $MSG0…) are substituted and also set in the environment.
import { spawn } from 'node:child_process';

export type JobVars = Record<string, string>;

/** Replaces $NAME (longest names first, so $MSGL0 is not read as $MSG + L0) with its value. */
export function substitute(command: string, vars: JobVars): string {
  const names = Object.keys(vars).sort((a, b) => b.length - a.length);
  if (names.length === 0) return command;
  const re = new RegExp(`\\$(${names.join('|')})(?![A-Za-z0-9_])`, 'g');
  return command.replace(re, (_m, name: string) => vars[name] ?? '');
}

function runOne(command: string, vars: JobVars, cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', substitute(command, vars)], { cwd, env: { ...process.env, ...vars }, stdio: 'ignore' });
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs the commands sequentially; resolves to the first non-zero exit code, or 0. */
export async function runCommands(commands: readonly string[], vars: JobVars, cwd: string): Promise<number> {
  for (const c of commands) {
    const rc = await runOne(c, vars, cwd);
    if (rc !== 0) return rc;
  }
  return 0;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** HULFT's date/time variable formats: yyyymmdd and hhmmss (local time of the node). */
export function dateVars(prefix: 'S' | 'E', t: number): JobVars {
  const d = new Date(t);
  return {
    [`${prefix}DATE`]: `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}`,
    [`${prefix}TIME`]: `${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`,
  };
}

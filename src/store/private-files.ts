// Keeps kumo's data private to the user running it: the data dir and its folders 0700, the database (its WAL and SHM
// take the database file's mode, as SQLite creates them) and blob files 0600, whatever the umask.
import { chmodSync, closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Paths whose mode was wider than private and has been tightened, reported once per process (the runtime logs them). */
const tightened: string[] = [];

/** Takes the paths tightened since the last call, so the runtime logs each once. */
export function takeTightened(): string[] {
  return tightened.splice(0, tightened.length);
}

/** chmod to `mode` when group or others have any access; remembered for the log. */
export function tighten(path: string, mode: number): void {
  let current: number;
  try {
    current = statSync(path).mode & 0o777;
  } catch {
    return;
  }
  if ((current & 0o077) === 0) return;
  chmodSync(path, mode);
  tightened.push(`${path} ${current.toString(8).padStart(4, '0')} → ${mode.toString(8).padStart(4, '0')}`);
}

/** Creates `file` empty with mode 0600 when missing (so SQLite opens a private file), else tightens it. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) {
    try {
      closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
      return;
    } catch (e) {
      if (!(typeof e === 'object' && e !== null && 'code' in e && e.code === 'EEXIST')) throw e;
    }
  }
  tighten(file, PRIVATE_FILE_MODE);
}

/** Tightens a directory and, one level down, its files (0600) and folders (0700), recursively. */
export function tightenTree(dir: string): void {
  tighten(dir, PRIVATE_DIR_MODE);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(path);
    else if (entry.isFile()) tighten(path, PRIVATE_FILE_MODE);
  }
}

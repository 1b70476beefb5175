// mkdir -p done one level at a time: Node 20's recursive mkdirSync never returns for some paths (a missing
// folder under /proc spins forever), which would hang startup on a bad --data-dir instead of failing it.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `dir` and missing parents; `mode` applies to `dir` itself (umask can only narrow it), parents get the default. */
export function makeDirectories(dir: string, mode?: number): void {
  const absolute = resolve(dir);
  if (existsSync(absolute)) return;
  const parent = dirname(absolute);
  if (parent !== absolute) makeDirectories(parent);
  mkdirSync(absolute, mode === undefined ? undefined : { mode });
}

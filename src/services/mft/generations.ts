// Generation management (RMI GENCTL=Y) as kumo designs it [D]: each received file lands under the next generation
// name `<FILENAME>.gNNNN` (0001–9999) beside the others instead of replacing the one file; HULFT's own naming is not
// public (research §6).
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Status, TransferError } from '../../net/transfer/status.js';

export const MAX_GENERATION = 9999;

/** The path of the generation after the highest one present beside `finalPath` (`.g0001` when there is none). */
export function nextGenerationPath(finalPath: string): string {
  const dir = dirname(finalPath);
  const base = basename(finalPath);
  let highest = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // The directory does not exist yet: this is the first generation.
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.g`)) continue;
    const m = /^\.g(\d{4})$/.exec(name.slice(base.length));
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  if (highest >= MAX_GENERATION) throw new TransferError(Status.FILE_EXISTS, 0, `${finalPath} already has generation ${MAX_GENERATION}, the last one`);
  return join(dir, `${base}.g${String(highest + 1).padStart(4, '0')}`);
}

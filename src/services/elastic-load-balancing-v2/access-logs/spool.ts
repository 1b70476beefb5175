// Where log lines wait for their interval's S3 file: one spool file per node and interval under the data directory
// (a header line naming the file's target, then entries), appended in batches, so a kill -9 keeps what was written.
import { appendFileSync, readdirSync, readFileSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectories } from '../../../store/make-directories.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../../store/private-files.js';

/** A spooled interval found at start: its file name and header line. */
export interface SpooledWindow {
  name: string;
  header: string;
}

export interface SpoolStore {
  /** Appends entries to a window's file; `header` is given on the first append only. */
  append(name: string, header: string | undefined, lines: readonly string[]): void;
  /** The window's entries (a partly written last line, cut by a kill, is left out). */
  read(name: string): string[];
  remove(name: string): void;
  /** Windows left by an earlier process (none for the memory store). */
  recover(): SpooledWindow[];
}

/** `--in-memory`: nothing outlives the process, as for every other kind of state. */
export class MemorySpool implements SpoolStore {
  private readonly files = new Map<string, string[]>();
  append(name: string, _header: string | undefined, lines: readonly string[]): void {
    let f = this.files.get(name);
    if (!f) this.files.set(name, (f = []));
    for (const l of lines) f.push(l);
  }
  read(name: string): string[] {
    return this.files.get(name) ?? [];
  }
  remove(name: string): void {
    this.files.delete(name);
  }
  recover(): SpooledWindow[] {
    return [];
  }
}

/** Files under `<data dir>/elb-log-spool/<service>/`, private as the rest of the data directory. */
export class FileSpool implements SpoolStore {
  constructor(private readonly dir: string) {
    makeDirectories(dir, PRIVATE_DIR_MODE);
  }

  append(name: string, header: string | undefined, lines: readonly string[]): void {
    // One write(2) per batch: the page cache keeps it when the process is killed (no fsync: AWS promises access logs
    // on a best-effort basis, so a host crash may lose the last second, as it may lose the S3 write itself).
    const text = (header === undefined ? '' : `${header}\n`) + (lines.length > 0 ? `${lines.join('\n')}\n` : '');
    appendFileSync(join(this.dir, name), text, { mode: PRIVATE_FILE_MODE });
  }

  read(name: string): string[] {
    let text: string;
    try {
      text = readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return [];
    }
    const parts = text.split('\n');
    parts.pop(); // '' after the last newline, or a line whose write a kill cut short
    return parts.slice(1); // the header
  }

  remove(name: string): void {
    try {
      unlinkSync(join(this.dir, name));
    } catch {
      // already gone
    }
  }

  recover(): SpooledWindow[] {
    const out: SpooledWindow[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.log')) continue;
      let text: string;
      try {
        text = readFileSync(join(this.dir, name), 'utf8');
      } catch {
        continue;
      }
      // A write cut short by the kill leaves a partial last line: cut it, so appends start on a line of their own.
      const last = text.lastIndexOf('\n');
      if (last < text.length - 1) truncateSync(join(this.dir, name), Buffer.byteLength(text.slice(0, last + 1)));
      const nl = text.indexOf('\n');
      out.push({ name, header: nl < 0 ? '' : text.slice(0, nl) });
    }
    return out;
  }
}

/** The store for a service: files under the data directory, or memory with `--in-memory`. */
export function openSpool(dataDir: string | undefined, service: string): SpoolStore {
  return dataDir === undefined ? new MemorySpool() : new FileSpool(join(dataDir, 'elb-log-spool', service));
}
